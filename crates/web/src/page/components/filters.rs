//! The toolbar every view shares: the kind of profiles shown (when the files share no sample type),
//! the sample type, pprof-style focus / ignore / hide regexes shown as chips, and the search.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use pgoscope_pprof::ProfileKind;

use crate::page::components::format::file_count;
use crate::protocol::{SharedView, ViewData, ViewRequest};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub request: ViewRequest,
    pub view: Option<SharedView>,
    pub on_change: Callback<ViewRequest>,
    /// Search text as typed (a regex): what it matches is highlighted in the flame graph.
    pub search: String,
    pub on_search: Callback<String>,
}

const KINDS: [&str; 3] = ["focus", "ignore", "hide"];

fn field<'a>(request: &'a mut ViewRequest, kind: &str) -> &'a mut String {
    match kind {
        "ignore" => &mut request.ignore,
        "hide" => &mut request.hide,
        _ => &mut request.focus,
    }
}

#[function_component(Filters)]
pub fn filters(props: &Props) -> Html {
    let kind = use_state(|| "focus".to_owned());
    let text = use_node_ref();
    let apply = {
        let (kind, text, request, on_change) =
            (kind.clone(), text.clone(), props.request.clone(), props.on_change.clone());
        move || {
            let Some(input) = text.cast::<HtmlInputElement>() else { return };
            if input.value().is_empty() {
                return;
            }
            let mut next = request.clone();
            *field(&mut next, &kind) = input.value();
            input.set_value("");
            on_change.emit(next);
        }
    };
    let on_add = {
        let apply = apply.clone();
        Callback::from(move |_: MouseEvent| apply())
    };
    let on_key = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" {
            apply();
        }
    });
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            kind.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let on_type = changing(props, |next, value| next.sample_type = Some(value));
    let on_profile_kind = changing(props, |next, value| {
        next.kind = ProfileKind::parse(&value);
        // Another kind has other sample types: its default is shown.
        next.sample_type = None;
    });
    let chip = |k: &'static str, value: &str| chip(props, k, value);
    let on_search = (props.on_search)
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let r = &props.request;
    html! {
        <section class="refine">
            if let Some(view) = props.view.as_ref().filter(|v| v.kinds.len() > 1) {
                { kind_picker(view, on_profile_kind) }
            }
            if let Some(view) = &props.view {
                { sample_type_picker(view, on_type) }
            }
            <select data-testid="filter-kind" onchange={on_kind}>
                { for KINDS.iter().map(|k| html! { <option value={*k} selected={*kind == *k}>{ k }</option> }) }
            </select>
            <input ref={text} data-testid="filter-input" placeholder="regex, e.g. main\\." onkeydown={on_key} />
            <button class="button secondary small" data-testid="filter-add" onclick={on_add}>{ "apply" }</button>
            if !r.focus.is_empty() { { chip("focus", &r.focus) } }
            if !r.ignore.is_empty() { { chip("ignore", &r.ignore) } }
            if !r.hide.is_empty() { { chip("hide", &r.hide) } }
            <input class="search" data-testid="search-input" placeholder="search (regex)  /"
                value={props.search.clone()} oninput={on_search} />
        </section>
    }
}

/// A callback for a select that changes the request: `change` applies the value picked.
fn changing(props: &Props, change: fn(&mut ViewRequest, String)) -> Callback<Event> {
    let (request, on_change) = (props.request.clone(), props.on_change.clone());
    Callback::from(move |e: Event| {
        let mut next = request.clone();
        change(&mut next, e.target_unchecked_into::<HtmlSelectElement>().value());
        on_change.emit(next);
    })
}

/// A refinement in force (`focus: main\.`), with a button that removes it.
fn chip(props: &Props, k: &'static str, value: &str) -> Html {
    let (request, on_change) = (props.request.clone(), props.on_change.clone());
    let remove = Callback::from(move |_: MouseEvent| {
        let mut next = request.clone();
        field(&mut next, k).clear();
        on_change.emit(next);
    });
    html! {
        <span class="chip" data-testid="filter-chip">
            { format!("{k}: {value}") }
            <button class="chip-x" title="remove" onclick={remove}>{ "×" }</button>
        </span>
    }
}

/// The sample types of the view, the one shown selected.
fn sample_type_picker(view: &ViewData, on_change: Callback<Event>) -> Html {
    html! {
        <label class="type-pick">{ "sample type " }
            <select data-testid="sample-type" onchange={on_change}>
                { for view.sample_types.iter().enumerate().map(|(i, t)| html! {
                    <option value={t.clone()} selected={i == view.sample_index}>{ t }</option>
                }) }
            </select>
        </label>
    }
}

/// The kinds of the included files (they share no sample type): one is shown at a time.
fn kind_picker(view: &ViewData, on_change: Callback<Event>) -> Html {
    html! {
        <label class="type-pick" title="These files share no sample type: one kind is shown at a time">
            { "kind " }
            <select data-testid="kind-pick" onchange={on_change}>
                { for view.kinds.iter().map(|k| {
                    html! {
                        <option value={k.kind.as_str()} selected={view.kind == Some(k.kind)}>
                            { format!("{} · {}", k.kind.label(), file_count(k.files.len())) }
                        </option>
                    }
                }) }
            </select>
        </label>
    }
}
