use yew::prelude::*;

use crate::protocol::SharedView;

/// Functions a picker offers: the heaviest by cumulative value.
const PICKER_FUNCTIONS: usize = 50;

/// A select of the view's heaviest functions, the selected one chosen (a prompt while none is),
/// for the views that show one function (sandwich, source).
pub fn function_picker(
    view: &SharedView,
    selected: Option<&str>,
    on_pick: &Callback<String>,
    testid: &'static str,
) -> Html {
    let mut heaviest: Vec<_> = view.top.iter().collect();
    heaviest.sort_by(|a, b| b.cum.cmp(&a.cum).then_with(|| a.function.cmp(&b.function)));
    let on_change =
        on_pick.reform(|e: Event| e.target_unchecked_into::<web_sys::HtmlSelectElement>().value());
    html! {
        <select data-testid={testid} onchange={on_change}>
            if selected.is_none() { <option value="" selected=true>{ "pick a function…" }</option> }
            { for heaviest.iter().take(PICKER_FUNCTIONS).map(|r| html! {
                <option value={r.function.clone()} selected={selected == Some(r.function.as_str())}>{ &r.function }</option>
            }) }
        </select>
    }
}
