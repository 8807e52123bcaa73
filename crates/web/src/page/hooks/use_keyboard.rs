use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

use crate::page::tab::Tab;

/// Keyboard: `/` focuses the search, `Esc` resets the zoom and the search, `1` … `6` show a tab
/// (keys typed into a field stay there).
#[hook]
pub fn use_keyboard(
    on_zoom: &Callback<Vec<String>>,
    on_search: &Callback<String>,
    on_tab: &Callback<Tab>,
) {
    let deps = (on_zoom.clone(), on_search.clone(), on_tab.clone());
    use_effect_with(deps, move |(on_zoom, on_search, on_tab)| {
        let (on_zoom, on_search, on_tab) = (on_zoom.clone(), on_search.clone(), on_tab.clone());
        let document = web_sys::window().and_then(|w| w.document());
        let listener = document.map(|d| {
            let options = gloo::events::EventListenerOptions::enable_prevent_default();
            gloo::events::EventListener::new_with_options(&d, "keydown", options, move |e| {
                let Some(e) = e.dyn_ref::<KeyboardEvent>() else { return };
                let in_field =
                    e.target().and_then(|t| t.dyn_into::<Element>().ok()).is_some_and(|el| {
                        matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA")
                    });
                let modified = e.ctrl_key() || e.meta_key() || e.alt_key();
                match e.key().as_str() {
                    "/" if !in_field => {
                        e.prevent_default();
                        focus_search();
                    }
                    "Escape" => {
                        on_zoom.emit(Vec::new());
                        on_search.emit(String::new());
                    }
                    key if !in_field && !modified => {
                        if let Some(tab) = Tab::of_key(key) {
                            on_tab.emit(tab);
                        }
                    }
                    _ => {}
                }
            })
        });
        move || drop(listener)
    });
}

fn focus_search() {
    let input = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("[data-testid=search-input]").ok().flatten())
        .and_then(|el| el.dyn_into::<HtmlInputElement>().ok());
    if let Some(input) = input {
        let _ = input.focus();
    }
}
