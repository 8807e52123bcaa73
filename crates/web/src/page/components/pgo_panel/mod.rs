//! The PGO panel: lints, the call sites Go will treat as hot, devirtualization candidates, and the
//! downloads (default.pgo, its preprofile text, the merged profile).

mod downloads;
mod tables;

use std::rc::Rc;

use pgoscope_pgo::{DEFAULT_CDF_THRESHOLD_PERCENT, HOT_INLINE_BUDGET};
use yew::prelude::*;

use crate::page::components::cdf_chart::CdfChart;
use crate::page::components::format::format_bytes;
use crate::page::loading::LoadedFile;
use crate::protocol::{ExportRequest, FileId, PgoView, Shared, ViewRequest};
use downloads::Downloads;
use tables::{devirtualization_table, hot_table, lints};

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
    let Some(pgo) = &props.pgo else {
        return html! {
            <section class="panel pgo-panel" data-testid="pgo-panel">
                <div class="panel-head"><h2>{ "PGO: what Go's compiler will do" }</h2></div>
                <p class="meta">{ "Analysing call edges…" }</p>
            </section>
        };
    };
    html! {
        <section class="panel pgo-panel" data-testid="pgo-panel">
            <div class="panel-head"><h2>{ "PGO: what Go's compiler will do" }</h2></div>
            if !pgo.left_out.is_empty() {
                <p class="notice" data-testid="pgo-left-out">{ left_out_line(&pgo.left_out, &props.files) }</p>
            }
            { lints(pgo) }
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
            <Downloads request={props.request.clone()} on_export={props.on_export.clone()} />
            { hot_table(pgo) }
            { devirtualization_table(pgo) }
        </section>
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
