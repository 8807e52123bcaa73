//! The call sites Go's compiler will treat as hot, devirtualization picks and lints
//! (`pgoscope hot --json`).

use pgoscope_pgo::{
    devirtualization_sites, hot_set, lint_with_graph, DevirtSite, EdgeGraph, Lint,
    DEFAULT_CDF_THRESHOLD_PERCENT,
};
use pgoscope_pprof::Profile;
use serde::{Deserialize, Serialize};

use crate::{ApiError, Refine};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct HotOptions {
    /// Go's -d=pgoinlinecdfthreshold; default [`DEFAULT_CDF_THRESHOLD_PERCENT`] (99).
    pub cdf_threshold_percent: f64,
    #[serde(flatten)]
    pub refine: Refine,
}

impl Default for HotOptions {
    fn default() -> Self {
        HotOptions {
            cdf_threshold_percent: DEFAULT_CDF_THRESHOLD_PERCENT,
            refine: Refine::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HotEdgeJson {
    pub caller: String,
    pub callee: String,
    pub offset: i64,
    pub weight: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HotReport {
    pub threshold_percent: f64,
    pub cdf_threshold_percent: f64,
    pub total_weight: i64,
    pub hot_edges: Vec<HotEdgeJson>,
    /// (caller, offset) pairs: Go keys hot call sites without the callee.
    pub hot_call_sites: Vec<(String, i64)>,
    /// Callees that get the hot inline budget (2000).
    pub hot_callees: Vec<String>,
    pub devirtualization: Vec<DevirtSite>,
    pub lints: Vec<Lint>,
    /// Call edges in all (for text output).
    #[serde(skip)]
    pub edges: usize,
    /// Why Go's PGO cannot read the profile, when it cannot (the JSON says it in `lints`).
    #[serde(skip)]
    pub unreadable: Option<String>,
}

/// The report; a profile Go's PGO cannot read gives no edges and says why in `lints`.
pub fn hot_report(mut profile: Profile, options: &HotOptions) -> Result<HotReport, ApiError> {
    let filter = options.refine.filter()?;
    pgoscope_pprof::filter_samples_by_name(&mut profile, &filter);
    let graph = EdgeGraph::build(&profile);
    let lints = lint_with_graph(&profile, &graph);
    let unreadable = graph.as_ref().err().map(ToString::to_string);
    let graph = graph.unwrap_or_default();
    let hot = hot_set(&graph, options.cdf_threshold_percent);
    let hot_edges = hot.hot_edges.iter().map(|(e, w)| HotEdgeJson {
        caller: e.caller.to_string(),
        callee: e.callee.to_string(),
        offset: e.offset,
        weight: *w,
    });
    Ok(HotReport {
        threshold_percent: hot.threshold_percent,
        cdf_threshold_percent: hot.cdf_threshold_percent,
        total_weight: graph.total_weight,
        hot_edges: hot_edges.collect(),
        hot_call_sites: hot.hot_call_sites().into_iter().map(|(c, o)| (c.to_string(), o)).collect(),
        hot_callees: hot.hot_callees().into_iter().map(str::to_owned).collect(),
        devirtualization: devirtualization_sites(&graph),
        lints,
        edges: graph.edges.len(),
        unreadable,
    })
}
