//! Before/after: two groups of profiles (a baseline build and a candidate, e.g. its PGO build),
//! normalised as the user picks, compared as a diff flame graph, a diff table, the PGO effect on
//! the baseline's hot call sites, and the drift of the hot set.

mod bars;
mod diff_flame;
mod tables;
mod work;

use std::rc::Rc;

use pgoscope_flame::{percent_change, Normalization};
use web_sys::{DragEvent, HtmlSelectElement};
use yew::prelude::*;

use crate::page::components::format::format_value;
use crate::page::loading::{file_list_to_vec, on_input_change, LoadedFile};
use crate::page::state::BenchInput;
use crate::protocol::{CompareView, DiffFrame, ExportRequest, FileId, Group, Shared};
use bars::ChangeBars;
use diff_flame::DiffFlame;
use tables::{DiffTable, DriftTable, EffectTable};
use work::{ns_text, WorkRow};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub files: Vec<Rc<LoadedFile>>,
    pub groups: Vec<(FileId, Group)>,
    pub normalization: Normalization,
    pub compare: Option<Result<Shared<CompareView>, String>>,
    pub comparing: bool,
    /// The diff flame graph at its current zoom (of `compare`'s comparison).
    pub diff_flame: Option<Shared<DiffFrame>>,
    /// Zoom the diff flame graph to a frame given as function names from the root (empty = reset).
    pub on_diff_zoom: Callback<Vec<String>>,
    /// Files dropped or picked for a group.
    pub on_group_files: Callback<(Group, Vec<web_sys::File>)>,
    pub on_assign: Callback<(FileId, Option<Group>)>,
    pub on_normalization: Callback<Normalization>,
    pub on_export: Callback<ExportRequest>,
    /// Operations typed for each side (baseline, candidate), and benchmark output given.
    pub typed_work: (Option<f64>, Option<f64>),
    pub benches: (Option<BenchInput>, Option<BenchInput>),
    pub on_work: Callback<(Group, Option<f64>)>,
    pub on_bench: Callback<(Group, Vec<web_sys::File>)>,
}

#[function_component(Compare)]
pub fn compare(props: &Props) -> Html {
    let on_norm = props.on_normalization.reform(|e: Event| {
        match e.target_unchecked_into::<HtmlSelectElement>().value().as_str() {
            "cores" => Normalization::Cores,
            "work" => Normalization::Work,
            "none" => Normalization::None,
            _ => Normalization::Share,
        }
    });
    let norm = props.normalization;
    html! {
        <section class="panel compare-panel" data-testid="compare-panel">
            <div class="panel-head">
                <h2>{ "Before / after" }</h2>
                <label class="norm">{ "normalise " }
                    <select data-testid="normalization" onchange={on_norm}>
                        <option value="share" selected={norm == Normalization::Share}>{ "share of own total" }</option>
                        <option value="cores" selected={norm == Normalization::Cores}>{ "CPU cores" }</option>
                        <option value="work" selected={norm == Normalization::Work}>{ "per operation" }</option>
                        <option value="none" selected={norm == Normalization::None}>{ "absolute" }</option>
                    </select>
                </label>
                <span class="meta">{ explain(norm) }</span>
            </div>
            <div class="groups">
                { group_zone(props, Group::Baseline) }
                { group_zone(props, Group::Candidate) }
            </div>
            <WorkRow typed={props.typed_work} benches={props.benches.clone()}
                on_work={props.on_work.clone()} on_bench={props.on_bench.clone()} />
            if props.comparing {
                <p class="meta" data-testid="comparing">{ "Comparing…" }</p>
            }
            { match &props.compare {
                Some(Ok(view)) => results(view, props),
                Some(Err(e)) => html! { <p class="error" data-testid="compare-error">{ e }</p> },
                None => html! {},
            } }
        </section>
    }
}

fn explain(n: Normalization) -> &'static str {
    match n {
        Normalization::Share => {
            "Candidate scaled to the baseline's total (pprof -normalize): compares each \
            function's share of its own side, whatever the load was."
        }
        Normalization::Cores => {
            "Each side divided by its duration: CPU cores. For the same load over \
            different durations."
        }
        Normalization::Work => {
            "Candidate scaled by the baseline's operations over its own: both sides at the same \
            work, so the total compares CPU per operation."
        }
        Normalization::None => {
            "Raw values: only when both sides saw the same load for the same time."
        }
    }
}

/// A drop target and file picker for one group, listing its files.
fn group_zone(props: &Props, group: Group) -> Html {
    let (title, testid) = match group {
        Group::Baseline => ("Baseline (e.g. built without PGO)", "group-baseline"),
        Group::Candidate => ("Candidate (e.g. built with -pgo)", "group-candidate"),
    };
    let members: Vec<&Rc<LoadedFile>> = props
        .files
        .iter()
        .filter(|f| props.groups.iter().any(|(id, g)| *id == f.id && *g == group))
        .collect();
    let on_files = props.on_group_files.reform(move |files| (group, files));
    let ondrop = {
        let on_files = on_files.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            e.stop_propagation();
            if let Some(list) = e.data_transfer().and_then(|dt| dt.files()) {
                on_files.emit(file_list_to_vec(&list));
            }
        })
    };
    let ondragover = Callback::from(|e: DragEvent| {
        e.prevent_default();
        e.stop_propagation();
    });
    html! {
        <div class="group-zone" data-testid={testid} {ondrop} {ondragover}>
            <h3>{ title }</h3>
            <ul>
                { for members.iter().map(|f| {
                    let id = f.id;
                    let remove = props.on_assign.reform(move |_: MouseEvent| (id, None));
                    html! {
                        <li class={classes!(f.outcome.is_err().then_some("failed"))}>
                            { &f.name }
                            <button class="remove" title="out of the group" onclick={remove}>{ "×" }</button>
                        </li>
                    }
                }) }
            </ul>
            <label class="button secondary small">
                { "Drop or choose profiles" }
                <input type="file" multiple=true data-testid={format!("{testid}-input")}
                    onchange={on_input_change(on_files)} />
            </label>
        </div>
    }
}

/// What the comparison says about the total: the CPU cores each side used (CPU seconds per second
/// of profiling, whatever the table's normalisation), or why there is no such figure.
fn headline(view: &CompareView) -> Html {
    let Some((before, after)) = view.cores else {
        return html! {
            <p class="headline" data-testid="compare-headline">
                { "No CPU-time change to show: the profiles lack durations or a cpu/nanoseconds sample type. \
                   The table compares each function's share." }
            </p>
        };
    };
    let pct = percent_change(before, after);
    let class = if after > before { "worse" } else { "better" };
    html! {
        <div class="headline" data-testid="compare-headline">
            <strong>{ format!("CPU {before:.2} → {after:.2} cores ") }</strong>
            <strong class={classes!(class)}>{ format!("({})", signed_percent(pct)) }</strong>
            <span class="meta">{ " CPU seconds per second of profiling on each side: at the same request \
                rate, a lower figure is CPU saved." }</span>
        </div>
    }
}

/// CPU per operation of each side, when the work of both is known.
fn per_op_line(view: &CompareView) -> Html {
    let Some((before, after)) = view.cpu_per_op_ns else { return html! {} };
    let pct = percent_change(before, after);
    let class = if after > before { "worse" } else { "better" };
    html! {
        <div class="headline" data-testid="per-op-headline">
            <strong>{ format!("CPU per operation {} → {} ", ns_text(before), ns_text(after)) }</strong>
            <strong class={classes!(class)}>{ format!("({})", signed_percent(pct)) }</strong>
            <span class="meta">{ " CPU time over each side's operations: what PGO saved per request or iteration." }</span>
        </div>
    }
}

/// `−9.8 %` / `+1.2 %` (a true minus sign), one decimal.
pub fn signed_percent(pct: f64) -> String {
    let text = format!("{:.1} %", pct.abs());
    if pct < 0.0 && text != "0.0 %" {
        format!("\u{2212}{text}")
    } else {
        format!("+{text}")
    }
}

/// Values in the view's unit; in cores mode nanoseconds per second read as cores.
pub fn format_compared(v: i64, view: &CompareView) -> String {
    if view.request.normalization == Normalization::Cores && view.unit == "nanoseconds" {
        format!("{:.3} cores", v as f64 / 1e9)
    } else {
        format_value(v, &view.unit)
    }
}

fn results(view: &Shared<CompareView>, props: &Props) -> Html {
    let delta = view.total_after - view.total_before;
    let pct =
        if view.total_before == 0 { 0.0 } else { 100.0 * delta as f64 / view.total_before as f64 };
    let cure = {
        let on_export = props.on_export.clone();
        let files: Vec<FileId> =
            view.request.baseline.iter().chain(&view.request.candidate).copied().collect();
        Callback::from(move |_: MouseEvent| {
            on_export.emit(ExportRequest::MergedPgo { files: files.clone() })
        })
    };
    html! {
        <>
            if let Some(notice) = &view.notice {
                <p class="notice" data-testid="compare-notice">{ notice }</p>
            }
            { headline(view) }
            { per_op_line(view) }
            <p class="summary" data-testid="compare-summary">
                { format!("{}: {} → {} ", view.sample_type, format_compared(view.total_before, view),
                    format_compared(view.total_after, view)) }
                if view.request.normalization == Normalization::Share {
                    <span class="meta">{ "(equal by construction: share normalisation scales the candidate to the baseline's total)" }</span>
                } else {
                    <strong class={classes!(if delta > 0 { "worse" } else { "better" })}>{ format!("({pct:+.2}%)") }</strong>
                }
                { format!(" · {} functions", view.functions) }
            </p>
            <ChangeBars view={view.clone()} />
            if let Some(frame) = props.diff_flame.clone() {
                <DiffFlame view={view.clone()} {frame} on_zoom={props.on_diff_zoom.clone()} />
            }
            <DiffTable view={view.clone()} />
            <EffectTable view={view.clone()} />
            <DriftTable view={view.clone()} on_cure={cure} />
        </>
    }
}
