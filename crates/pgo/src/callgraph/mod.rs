//! The call graph with Go's PGO drawn on it: pprof's function graph (`pgoscope_pprof::call_graph`)
//! whose edges carry the hot mark of Go's CDF rule, as JSON, Graphviz DOT, SVG, or laid out for a
//! canvas.

mod dot;
mod layout;

use std::collections::HashSet;

use pgoscope_pprof::{CallGraph, GraphNode};
use serde::{Deserialize, Serialize};

pub use dot::{dot, svg};
pub use layout::{label, lay_out, GraphLayout, LaidEdge, LaidNode};

use crate::hot::HotSet;

/// The call graph as JSON, DOT and the page show it: names instead of positions, hot edges marked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PgoCallGraph {
    pub total: i64,
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<PgoEdge>,
    /// Go's hot-callsite threshold (percent of the edge weight) the `hot` marks follow; None when
    /// the profile is not one Go's PGO reads.
    pub hot_threshold_percent: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PgoEdge {
    pub caller: String,
    pub callee: String,
    pub weight: i64,
    pub inline: bool,
    /// A call site of this caller and callee is hot for Go's PGO (`pgoscope hot`).
    pub hot: bool,
}

/// `graph` with the edges of `hot` (Go's hot call sites, by caller and callee) marked.
pub fn with_hot_marks(graph: &CallGraph, hot: Option<&HotSet>) -> PgoCallGraph {
    let pairs: HashSet<(&str, &str)> = (hot.iter())
        .flat_map(|h| h.hot_edges.iter().map(|(e, _)| (e.caller.as_str(), e.callee.as_str())))
        .collect();
    let name = |i: usize| graph.nodes[i].function.clone();
    let edges = (graph.edges.iter())
        .map(|e| {
            let (caller, callee) = (name(e.caller), name(e.callee));
            let hot = pairs.contains(&(caller.as_str(), callee.as_str()));
            PgoEdge { caller, callee, weight: e.weight, inline: e.inline, hot }
        })
        .collect();
    PgoCallGraph {
        total: graph.total,
        nodes: graph.nodes.clone(),
        edges,
        hot_threshold_percent: hot.map(|h| h.threshold_percent),
    }
}
