//! The hot set exactly as Go's inliner computes it (`cmd/compile/internal/inline/inl.go`,
//! `hotNodesFromCDF`): walk the edges by weight, accumulating; the first edge that takes the
//! cumulative share above the CDF threshold (default 99 %) is the last hot one.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::graph::{CallEdge, EdgeGraph};

/// Go's default `-d=pgoinlinecdfthreshold`.
pub const DEFAULT_CDF_THRESHOLD_PERCENT: f64 = 99.0;

/// Inline budget Go gives a hot callee (normal functions get 80).
pub const HOT_INLINE_BUDGET: u32 = 2000;

/// What Go will treat as hot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HotSet {
    /// The value the compiler prints as `hot-callsite-thres-from-CDF` (`-d=pgodebug=1`): the weight
    /// of the last hot edge as a percent of the total; 0 when every edge is hot.
    pub threshold_percent: f64,
    /// The CDF threshold used, in percent.
    pub cdf_threshold_percent: f64,
    /// Hot edges, hottest first, with their weights.
    pub hot_edges: Vec<(CallEdge, i64)>,
}

impl HotSet {
    /// Callees of hot edges: they get the hot inline budget ([`HOT_INLINE_BUDGET`]).
    pub fn hot_callees(&self) -> BTreeSet<&str> {
        self.hot_edges.iter().map(|(e, _)| e.callee.as_str()).collect()
    }

    /// Hot call sites (caller, offset): Go keys hot call sites without the callee.
    pub fn hot_call_sites(&self) -> BTreeSet<(&str, i64)> {
        self.hot_edges.iter().map(|(e, _)| (e.caller.as_str(), e.offset)).collect()
    }
}

/// Percent as Go computes it: `float64(value) / float64(total) * 100`.
pub fn weight_percent(value: i64, total: i64) -> f64 {
    (value as f64 / total as f64) * 100.0
}

/// The hot set for a CDF threshold in percent (Go accepts 0..=100).
pub fn hot_set(graph: &EdgeGraph, cdf_threshold_percent: f64) -> HotSet {
    let mut cum = 0i64;
    for (i, (_, w)) in graph.edges.iter().enumerate() {
        cum = cum.wrapping_add(*w);
        if weight_percent(cum, graph.total_weight) > cdf_threshold_percent {
            return HotSet {
                threshold_percent: weight_percent(*w, graph.total_weight),
                cdf_threshold_percent,
                hot_edges: graph.edges[..=i].to_vec(),
            };
        }
    }
    HotSet { threshold_percent: 0.0, cdf_threshold_percent, hot_edges: graph.edges.clone() }
}
