//! The source view: a function's lines with flat and cum (`go tool pprof -list`), the call sites
//! Go's PGO treats as hot marked on their lines, and the lines' text when the user gave the sources
//! (a folder, a module's `.zip`, or a source URL template).

mod routine;

use std::rc::Rc;

use pgoscope_pprof::{best_source_match, FunctionLines};
use yew::prelude::*;

use crate::page::components::format::format_value;
use crate::page::components::function_picker::function_picker;
use crate::page::state::SourcesState;
use crate::protocol::{Shared, SharedView, SourceView};
use routine::RoutineLines;

/// A hot call site of the function: its line, callee, weight and share of all edge weight.
#[derive(Debug, Clone, PartialEq)]
pub struct HotLine {
    pub line: i64,
    pub callee: String,
    pub weight: i64,
    pub share_percent: f64,
    /// In a comparison: how the candidate shows the call (`inlined`, `call`, …).
    pub after: Option<String>,
    /// What the build log says the compiler did here (`inlined with the hot budget`, …).
    pub compiler: Option<String>,
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: SharedView,
    pub selected: Option<String>,
    /// The selected function's lines, once the worker sent them.
    pub source: Option<Shared<SourceView>>,
    pub hot: Vec<HotLine>,
    pub sources: SourcesState,
    pub on_files: Callback<Vec<web_sys::File>>,
    pub on_template: Callback<String>,
    pub on_pick: Callback<String>,
}

#[function_component(SourcePanel)]
pub fn source_panel(props: &Props) -> Html {
    let source = props.source.as_ref().filter(|s| props.selected.as_deref() == Some(&s.function));
    html! {
        <section class="panel source-panel" data-testid="source-panel">
            <div class="panel-head">
                <h2>{ "Source" }</h2>
                { function_picker(&props.view, props.selected.as_deref(), &props.on_pick, "source-pick") }
            </div>
            { source_controls(props) }
            { match (source, props.selected.as_deref()) {
                (Some(s), _) if s.routines.is_empty() => html! { <p class="meta">{ "No line information for this function in the profiles." }</p> },
                (Some(s), _) => html! { <>{ for s.routines.iter().map(|r| routine(r, s, props)) }</> },
                (None, Some(name)) => html! { <p class="meta">{ format!("Reading the lines of {name}…") }</p> },
                (None, None) => html! { <p class="meta">{ "Pick a function here, in Top or in the flame graph: its lines show here." }</p> },
            } }
        </section>
    }
}

/// One routine: its header, then its lines (with their text when a given file matches its path).
fn routine(r: &FunctionLines, view: &SourceView, props: &Props) -> Html {
    let text = best_source_match(&r.file, props.sources.files.iter(), |f| f.path.as_str())
        .map(|f| Rc::new(f.text.lines().map(str::to_owned).collect::<Vec<_>>()));
    let pct = if view.total == 0 { 0.0 } else { 100.0 * r.cum as f64 / view.total as f64 };
    let numbers: Vec<i64> = match &text {
        Some(lines) => r.listed_lines(lines.len()).collect(),
        None => r.lines.iter().map(|l| l.line).collect(),
    };
    let fetching =
        !props.sources.url_template.is_empty() && props.sources.fetched.contains(&r.file);
    html! {
        <div class="routine">
            <p class="meta routine-head">
                { format!("{} in {} · flat {} · cum {} ({pct:.2} % of the total)", r.function, r.file,
                    format_value(r.flat, &view.unit), format_value(r.cum, &view.unit)) }
            </p>
            if text.is_none() {
                <p class="notice" data-testid="source-hint">{ if fetching {
                    "Line numbers only: the source URL template did not give this file (see the notes above)."
                } else {
                    "Line numbers only: choose the folder of the Go sources or the module's .zip, or set a source URL template (above), to see each line's text."
                } }</p>
            }
            <RoutineLines routine={Rc::new(r.clone())} numbers={Rc::new(numbers)} {text}
                unit={view.unit.clone()} hot={Rc::new(props.hot.clone())} />
        </div>
    }
}

/// Where the lines' text comes from: a folder, a module's `.zip`, a source URL template; and
/// what the last attempts gave.
fn source_controls(props: &Props) -> Html {
    let on_change = crate::page::loading::on_input_change(props.on_files.clone());
    let on_template = props.on_template.reform(|e: Event| {
        let input = e
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok());
        input.map(|i| i.value().trim().to_owned()).unwrap_or_default()
    });
    let sources = &props.sources;
    html! {
        <div class="source-controls">
            <label class="button secondary small" title="a folder of Go sources (e.g. the module's root): files are matched by the end of their path">
                { "Folder…" }
                <input type="file" multiple=true webkitdirectory=true data-testid="source-input" onchange={on_change.clone()} />
            </label>
            <label class="button secondary small" title="a Go module's .zip as the module proxy serves it (…/@v/VERSION.zip); unzipped in the worker">
                { "Module .zip…" }
                <input type="file" accept=".zip" data-testid="source-zip-input" onchange={on_change} />
            </label>
            <input type="url" class="template" data-testid="source-url-template" value={sources.url_template.clone()}
                placeholder="https://raw.githubusercontent.com/ORG/REPO/REF/{path}" onchange={on_template}
                title="a source URL template: {path} is the file's path in the repository (pgoscope tries the profile's path without its leading folders, longest first, and remembers what worked)" />
            <span class="meta">{ format!("{} source files", sources.files.len()) }</span>
            if !sources.notes.is_empty() {
                <ul class="source-notes meta" data-testid="source-notes">
                    { for sources.notes.iter().map(|n| html! { <li>{ n }</li> }) }
                </ul>
            }
        </div>
    }
}
