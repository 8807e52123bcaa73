//! The source view: a function's lines with flat and cum (`go tool pprof -list`), the call sites
//! Go's PGO treats as hot marked on their lines, and the lines' text when the user gave the sources.

use std::rc::Rc;

use pgoscope_pprof::{shared_path_suffix, FunctionLines};
use yew::prelude::*;

use crate::page::components::format::format_value;
use crate::page::components::function_picker::function_picker;
use crate::page::state::SourceFile;
use crate::protocol::{Shared, SharedView, SourceView};

/// A hot call site of the function: its line, callee, weight and share of all edge weight.
#[derive(Debug, Clone, PartialEq)]
pub struct HotLine {
    pub line: i64,
    pub callee: String,
    pub weight: i64,
    pub share_percent: f64,
    /// In a comparison: how the candidate shows the call (`inlined`, `call`, …).
    pub after: Option<String>,
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: SharedView,
    pub selected: Option<String>,
    /// The selected function's lines, once the worker sent them.
    pub source: Option<Shared<SourceView>>,
    pub hot: Vec<HotLine>,
    pub files: Rc<Vec<SourceFile>>,
    pub on_files: Callback<Vec<web_sys::File>>,
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
                <label class="button secondary small" title="a folder of Go sources (e.g. the module's root): files are matched by the end of their path">
                    { format!("Go sources ({} files)", props.files.len()) }
                    <input type="file" multiple=true webkitdirectory=true data-testid="source-input"
                        onchange={crate::page::loading::on_input_change(props.on_files.clone())} />
                </label>
            </div>
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
    let text = matching_file(&props.files, &r.file);
    let pct = if view.total == 0 { 0.0 } else { 100.0 * r.cum as f64 / view.total as f64 };
    let numbers: Vec<i64> = match &text {
        Some(lines) => r.listed_lines(lines.len()).collect(),
        None => r.lines.iter().map(|l| l.line).collect(),
    };
    html! {
        <div class="routine">
            <p class="meta routine-head">
                { format!("{} in {} · flat {} · cum {} ({pct:.2} % of the total)", r.function, r.file,
                    format_value(r.flat, &view.unit), format_value(r.cum, &view.unit)) }
            </p>
            if text.is_none() {
                <p class="notice" data-testid="source-hint">{ "Line numbers only: choose the folder of the Go sources (above) to see each line's text." }</p>
            }
            <div class="routine-wrap">
                <div class="routine-body">
                    <table class="source-lines">
                        <tbody>
                            { for numbers.iter().map(|&n| line_row(n, r, &view.unit, text.as_deref(), &props.hot)) }
                        </tbody>
                    </table>
                </div>
                { minimap(&numbers, r, &props.hot) }
            </div>
        </div>
    }
}

fn line_row(
    n: i64,
    r: &FunctionLines,
    unit: &str,
    text: Option<&[String]>,
    hot: &[HotLine],
) -> Html {
    let values = r.lines.iter().find(|l| l.line == n);
    let value = |v: i64| if v == 0 { ".".to_owned() } else { format_value(v, unit) };
    let (flat, cum) = values.map_or((0, 0), |l| (l.flat, l.cum));
    let source = text.and_then(|t| t.get(n as usize - 1)).map_or("", |s| s.as_str());
    let marks: Vec<&HotLine> = hot.iter().filter(|h| h.line == n).collect();
    let is_hot = !marks.is_empty();
    html! {
        <tr class={classes!("source-line", is_hot.then_some("hot"))} data-testid="source-line" data-hot={is_hot.to_string()} data-line={n.to_string()}>
            <td class="num">{ value(flat) }</td>
            <td class="num">{ value(cum) }</td>
            <td class="num lineno">{ n }</td>
            <td class="code">
                <code>{ source }</code>
                { for marks.iter().map(|h| html! {
                    <span class="hot-mark" title="a hot call site for Go's PGO: its callee gets the hot inlining budget">
                        { format!("hot → {} · weight {} ({:.2} %){}", h.callee, h.weight, h.share_percent,
                            h.after.as_deref().map(|a| format!(" · after: {a}")).unwrap_or_default()) }
                    </span>
                }) }
            </td>
        </tr>
    }
}

/// A strip beside the lines: where the hot call sites (red) and the heaviest lines (grey, over 5 %
/// of the function's cum) are in the function; a click scrolls to the line.
fn minimap(numbers: &[i64], r: &FunctionLines, hot: &[HotLine]) -> Html {
    let (Some(&first), Some(&last)) = (numbers.first(), numbers.last()) else { return html! {} };
    let span = (last - first).max(1) as f64;
    let heavy = r.lines.iter().filter(|l| r.cum > 0 && l.cum * 20 > r.cum).map(|l| (l.line, false));
    let marks: Vec<(i64, bool)> = heavy.chain(hot.iter().map(|h| (h.line, true))).collect();
    html! {
        <div class="minimap" data-testid="source-minimap" title="hot call sites (red) and heavy lines (grey): click to go there">
            { for marks.into_iter().filter(|(n, _)| *n >= first && *n <= last).map(|(n, is_hot)| {
                let top = 100.0 * (n - first) as f64 / span;
                let onclick = Callback::from(move |e: MouseEvent| scroll_to_line(&e, n));
                html! { <span class={classes!("mark", is_hot.then_some("hot"))} style={format!("top:{top:.1}%")} {onclick} /> }
            }) }
        </div>
    }
}

/// Scrolls the line `n` of the routine the clicked minimap belongs to into view.
fn scroll_to_line(e: &MouseEvent, n: i64) {
    use wasm_bindgen::JsCast;
    let routine = (e.target())
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest(".routine-wrap").ok().flatten());
    let row =
        routine.and_then(|r| r.query_selector(&format!("tr[data-line=\"{n}\"]")).ok().flatten());
    if let Some(row) = row {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Center);
        row.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// The lines of the given file whose path shares the most trailing components with `profile_path`
/// (at least its name).
fn matching_file(files: &[SourceFile], profile_path: &str) -> Option<Vec<String>> {
    let shared = |f: &SourceFile| shared_path_suffix(profile_path, &f.path);
    let best = files.iter().max_by_key(|f| shared(f)).filter(|f| shared(f) > 0)?;
    Some(best.text.lines().map(str::to_owned).collect())
}
