use yew::prelude::*;

use crate::page::tab::Tab;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub current: Tab,
    pub on_tab: Callback<Tab>,
}

/// The tab bar; key `1` … `6` does the same as a click.
#[function_component(Tabs)]
pub fn tabs(props: &Props) -> Html {
    html! {
        <nav class="tabs" role="tablist">
            { for Tab::ALL.into_iter().map(|tab| {
                let onclick = props.on_tab.reform(move |_: MouseEvent| tab);
                let active = tab == props.current;
                html! {
                    <button role="tab" class={classes!("tab", active.then_some("active"))}
                        aria-selected={active.to_string()} data-testid={format!("view-tab-{}", tab.key())}
                        title={format!("{} (key {})", tab.label(), tab.digit())} {onclick}>
                        { tab.label() }
                    </button>
                }
            }) }
        </nav>
    }
}
