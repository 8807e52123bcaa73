//! The PGO panel: lints, the call sites Go will treat as hot, devirtualization candidates, and the
//! downloads (default.pgo, its preprofile text, the merged profile).

use std::rc::Rc;

use pgoscope_pgo::{weight_percent, Severity, DEFAULT_CDF_THRESHOLD_PERCENT, HOT_INLINE_BUDGET};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::page::components::cdf_chart::CdfChart;
use crate::page::components::format::format_bytes;
use crate::page::loading::LoadedFile;
use crate::protocol::{ExportRequest, FileId, PgoView, Shared, ViewRequest};

/// Hot rows drawn at most.
const MAX_HOT_ROWS: usize = 300;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The analysis of the current view (None while the worker computes it).
    pub pgo: Option<Shared<PgoView>>,
    pub request: ViewRequest,
    /// The loaded files (to name those the analysis leaves out).
    pub files: Vec<Rc<LoadedFile>>,
    pub on_export: Callback<ExportRequest>,
}

#[function_component(PgoPanel)]
pub fn pgo_panel(props: &Props) -> Html {
    let keep_locations = use_state(|| 5usize);
    let aggregate = use_state(|| true);
    let Some(pgo) = &props.pgo else {
        return html! {
            <section class="panel pgo-panel" data-testid="pgo-panel">
                <div class="panel-head"><h2>{ "PGO: what Go's compiler will do" }</h2></div>
                <p class="meta">{ "Analysing call edges…" }</p>
            </section>
        };
    };
    let export = |make: fn(ViewRequest, usize, bool) -> ExportRequest| {
        let (on_export, request, keep, agg) =
            (props.on_export.clone(), props.request.clone(), *keep_locations, *aggregate);
        Callback::from(move |_: MouseEvent| on_export.emit(make(request.clone(), keep, agg)))
    };
    let on_keep = {
        let keep_locations = keep_locations.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            keep_locations.set(value.parse::<usize>().unwrap_or(5).max(2));
        })
    };
    let on_aggregate = {
        let aggregate = aggregate.clone();
        Callback::from(move |_: Event| aggregate.set(!*aggregate))
    };
    let mut cum = 0i64;
    html! {
        <section class="panel pgo-panel" data-testid="pgo-panel">
            <div class="panel-head"><h2>{ "PGO: what Go's compiler will do" }</h2></div>
            if !pgo.left_out.is_empty() {
                <p class="notice" data-testid="pgo-left-out">{ left_out_line(&pgo.left_out, &props.files) }</p>
            }
            <ul class="lints">
                { for pgo.lints.iter().map(|l| html! {
                    <li class={classes!("lint", severity_class(l.severity))} data-testid="pgo-lint">
                        <div class="lint-code">{ &l.code }</div>
                        <div>{ &l.message }</div>
                        <div class="fix">{ "fix: " }{ &l.fix }</div>
                    </li>
                }) }
            </ul>
            if !pgo.hot_edges.is_empty() {
                <p class="meta">
                    { format!("{} hot call edges (hot-callsite-thres-from-CDF={}); total edge weight {}; \
                        default.pgo {} ({} uncompressed, instead of {} for the profile it is made from)",
                        pgo.hot_edges.len(), pgo.threshold_percent, pgo.total_weight,
                        format_bytes(pgo.pgo_bytes as i64), format_bytes(pgo.pgo_raw_bytes as i64),
                        format_bytes(pgo.input_raw_bytes as i64)) }
                </p>
            }
            if pgo.edge_count > 0 {
                <div class="cdf">
                    <CdfChart pgo={pgo.clone()} cdf_threshold={DEFAULT_CDF_THRESHOLD_PERCENT} />
                    <p class="meta">
                        { format!("Go sorts the {} call edges by weight and treats the hottest as hot until they carry \
                            more than {}% of all edge weight: here the first {}. Their callees get an inlining budget \
                            of {} instead of 80.", pgo.edge_count, DEFAULT_CDF_THRESHOLD_PERCENT, pgo.hot_edges.len(), HOT_INLINE_BUDGET) }
                    </p>
                </div>
            }
            <div class="downloads">
                <label>{ "keep locations " }
                    <input type="number" min="2" value={keep_locations.to_string()} onchange={on_keep} />
                </label>
                <label><input type="checkbox" checked={*aggregate} onchange={on_aggregate} />{ " aggregate callees" }</label>
                <button class="button" data-testid="pgo-download"
                    onclick={export(|view, keep_locations, aggregate_callees| ExportRequest::DefaultPgo { view, keep_locations, aggregate_callees })}>
                    { "Download default.pgo" }
                </button>
                <button class="button secondary" data-testid="preprofile-download"
                    onclick={export(|view, _, _| ExportRequest::Preprofile { view })}>{ "preprofile text" }</button>
                <button class="button secondary" data-testid="merged-download"
                    onclick={export(|view, _, _| ExportRequest::Merged { view })}>{ "Export merged .pb.gz" }</button>
            </div>
            if !pgo.hot_edges.is_empty() {
                <div class="table-scroll">
                <table class="top hot">
                    <thead><tr><th>{ "call site" }</th><th>{ "callee" }</th><th>{ "weight" }</th><th>{ "cum %" }</th></tr></thead>
                    <tbody>
                        { for pgo.hot_edges.iter().take(MAX_HOT_ROWS).map(|(e, w)| {
                            cum += w;
                            html! {
                                <tr data-testid="pgo-hot-row">
                                    <td class="fn">{ format!("{}+{}", e.caller, e.offset) }</td>
                                    <td class="fn">{ &e.callee }</td>
                                    <td class="num">{ w }</td>
                                    <td class="num">{ format!("{:.2}%", weight_percent(cum, pgo.total_weight)) }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                </div>
            }
            if !pgo.devirtualization.is_empty() {
                <h3>{ "Indirect call sites with several callees (devirtualization)" }</h3>
                <table class="top devirt">
                    <thead><tr><th>{ "call site" }</th><th>{ "callees" }</th><th>{ "kind" }</th><th>{ "what Go does" }</th></tr></thead>
                    <tbody>
                        { for pgo.devirtualization.iter().take(50).map(|s| html! {
                            <tr class={classes!(s.blocked.then_some("blocked"))}>
                                <td class="fn">{ format!("{}+{}", s.caller, s.offset) }</td>
                                <td class="fn">{ s.callees.iter().map(|c| format!("{} {:.0}%", c.callee, c.share_percent)).collect::<Vec<_>>().join(", ") }</td>
                                <td>{ s.kind.label() }</td>
                                <td class="fn">{ s.verdict() }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// "Made from the CPU profiles; left out: heap.pb.gz (Heap / allocs), …".
fn left_out_line(ids: &[FileId], files: &[Rc<LoadedFile>]) -> String {
    let names: Vec<String> = ids
        .iter()
        .filter_map(|id| files.iter().find(|f| f.id == *id))
        .map(|f| match &f.outcome {
            Ok(summary) => format!("{} ({})", f.name, summary.kind().label()),
            Err(_) => f.name.clone(),
        })
        .collect();
    format!(
        "Go's PGO reads CPU profiles: this analysis and default.pgo use the CPU files only. Left out: {}.",
        names.join(", ")
    )
}
