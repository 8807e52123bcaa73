//! Profiles from elsewhere: any URL, Go services' `/debug/pprof` endpoints (what Grafana Alloy
//! scrapes), and Grafana Pyroscope (`SelectMergeProfile`, with pickers filled from `ProfileTypes`,
//! `LabelNames` and `LabelValues`).

mod go_services;
mod pyroscope;
mod url;

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::page::remote::Remote;

/// Sources to load, each with a file name.
pub type Sources = Vec<(String, Remote)>;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_load: Callback<Sources>,
}

#[function_component(SourcesPanel)]
pub fn sources_panel(props: &Props) -> Html {
    html! {
        <details class="panel sources" data-testid="sources">
            <summary><h2>{ "Open from a URL, Go services or Pyroscope" }</h2></summary>
            <url::UrlSource on_load={props.on_load.clone()} />
            <go_services::GoServices on_load={props.on_load.clone()} />
            <pyroscope::Pyroscope on_load={props.on_load.clone()} />
        </details>
    }
}

/// The value of the input, select or text area an event came from.
fn value_of(e: &Event) -> String {
    use wasm_bindgen::JsCast;
    let target = e.target();
    if let Some(i) = target.clone().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
        return i.value();
    }
    if let Some(s) = target.clone().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()) {
        return s.value();
    }
    (target.and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()))
        .map(|t| t.value())
        .unwrap_or_default()
}

/// A callback that keeps the value of the field it is attached to in `handle`.
fn keep_value(handle: &UseStateHandle<String>) -> Callback<Event> {
    let handle = handle.clone();
    Callback::from(move |e: Event| handle.set(value_of(&e)))
}
