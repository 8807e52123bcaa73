use yew::prelude::*;

use crate::page::loading::Loader;
use crate::page::state::{Action, CompareAction, State};
use crate::page::tab::Tab;
use pgoscope_flame::Normalization;

/// "Try the demo": shows the Compare tab in CPU cores and loads the bundled demo, and once its
/// comparison is computed (`compared`), scrolls the page to it.
#[hook]
pub fn use_demo(
    loader: &Loader,
    dispatcher: UseReducerDispatcher<State>,
    compared: bool,
) -> Callback<MouseEvent> {
    let landing = use_state(|| false);
    {
        let setter = landing.setter();
        use_effect_with((*landing, compared), move |&(pending, compared)| {
            if pending && compared {
                setter.set(false);
                scroll_to("[data-testid=\"compare-panel\"]");
            }
        });
    }
    let (loader, setter) = (loader.clone(), landing.setter());
    super::use_stable(move || {
        Callback::from(move |_| {
            setter.set(true);
            // Both sides served the same requests at the same rate: CPU cores compare them function
            // by function too.
            let cores = CompareAction::SetNormalization(Normalization::Cores).into();
            dispatcher.dispatch(Action::Many(vec![Action::ShowTab(Tab::Compare), cores]));
            loader.load_demo();
        })
    })
}

/// Scrolls the first element matching `selector` to the top of the viewport.
fn scroll_to(selector: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten());
    if let Some(element) = element {
        element.scroll_into_view();
    }
}
