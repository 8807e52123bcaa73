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

/// The cumulative share of edge weight over the edges, hottest first: `(edges, percent)` after the
/// first `edges` edges, at most about `max_points` points (every edge when there are fewer). The
/// first and last edge and the last hot edge of `hot` are always points, so a chart of it shows the
/// threshold where Go puts it.
pub fn weight_cdf(graph: &EdgeGraph, hot: &HotSet, max_points: usize) -> Vec<(u32, f64)> {
    let n = graph.edges.len();
    let step = n.div_ceil(max_points.max(1)).max(1);
    let last_hot = hot.hot_edges.len();
    let mut cum = 0i64;
    let mut points = Vec::with_capacity(n / step + 3);
    for (i, (_, w)) in graph.edges.iter().enumerate() {
        cum = cum.wrapping_add(*w);
        let edges = i + 1;
        if edges == 1 || edges == n || edges == last_hot || edges % step == 0 {
            points.push((edges as u32, weight_percent(cum, graph.total_weight)));
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(weights: &[i64]) -> EdgeGraph {
        let edges = weights
            .iter()
            .enumerate()
            .map(|(i, &w)| {
                let edge =
                    CallEdge { caller: format!("main.f{i}"), offset: 1, callee: "main.g".into() };
                (edge, w)
            })
            .collect();
        EdgeGraph { edges, total_weight: weights.iter().sum() }
    }

    #[test]
    fn cdf_is_monotonic_ends_at_100_and_marks_the_hot_boundary() {
        let weights: Vec<i64> = (1..=5000).rev().collect();
        let g = graph(&weights);
        let hot = hot_set(&g, DEFAULT_CDF_THRESHOLD_PERCENT);
        let cdf = weight_cdf(&g, &hot, 100);
        assert!(cdf.len() <= 103, "{} points", cdf.len());
        assert_eq!(cdf.first().map(|p| p.0), Some(1));
        assert_eq!(cdf.last().copied(), Some((5000, 100.0)));
        assert!(cdf.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1));
        let boundary = cdf.iter().find(|p| p.0 as usize == hot.hot_edges.len()).unwrap();
        assert!(boundary.1 > DEFAULT_CDF_THRESHOLD_PERCENT);
        let sum_before: i64 = weights[..hot.hot_edges.len() - 1].iter().sum();
        assert!(weight_percent(sum_before, g.total_weight) <= DEFAULT_CDF_THRESHOLD_PERCENT);
        assert_eq!(
            weight_cdf(&graph(&[3, 1]), &hot_set(&graph(&[3, 1]), 99.0), 100),
            [(1, 75.0), (2, 100.0)]
        );
    }
}
