//! The call graph at function granularity, as `go tool pprof` builds it for `-peek` and its graph
//! views: a node per function (flat, cum as in `top`), an edge per caller → callee pair, weighted
//! by the samples whose stack has that pair (each sample counts once per edge), and the pruning of
//! `-nodefraction`, `-edgefraction` and `-nodecount`.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::data::ProfileData;
use crate::top::FunctionFrames;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphNode {
    pub function: String,
    pub flat: i64,
    pub cum: i64,
}

/// A call from `caller` to `callee` (positions in [`CallGraph::nodes`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GraphEdge {
    pub caller: usize,
    pub callee: usize,
    pub weight: i64,
    /// The callee ran inlined into the caller in every sample of the edge (an extra line of the
    /// caller's location), as pprof marks `(inline)`.
    pub inline: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CallGraph {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    /// The sample type's total (the base of the fractions).
    pub total: i64,
}

/// pprof's defaults for its graph views.
pub const DEFAULT_NODE_FRACTION: f64 = 0.005;
pub const DEFAULT_EDGE_FRACTION: f64 = 0.001;
pub const DEFAULT_NODE_COUNT: usize = 80;

/// How much of the graph is kept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GraphPruning {
    /// Nodes whose cum is below this share of the total are dropped.
    pub node_fraction: f64,
    /// Edges whose weight is below this share of the total are dropped.
    pub edge_fraction: f64,
    /// At most this many nodes, the heaviest by cum (0 = no limit).
    pub node_count: usize,
}

impl Default for GraphPruning {
    fn default() -> Self {
        GraphPruning {
            node_fraction: DEFAULT_NODE_FRACTION,
            edge_fraction: DEFAULT_EDGE_FRACTION,
            node_count: DEFAULT_NODE_COUNT,
        }
    }
}

/// The whole call graph of `data` for the values at `sample_index`.
pub fn call_graph(data: &impl ProfileData, sample_index: usize) -> CallGraph {
    let frames = FunctionFrames::new(data);
    let mut nodes: Vec<(i64, i64)> = vec![(0, 0); frames.names.len()];
    // Weight, and whether every sample ran the callee inlined.
    let mut edges: FxHashMap<(usize, usize), (i64, bool)> = FxHashMap::default();
    let (mut stack, mut inline_below) = (Vec::new(), Vec::new());
    let (mut seen_nodes, mut seen_edges) = (FxHashSet::default(), FxHashSet::default());
    let mut total = 0i64;
    for s in data.samples() {
        let v = s.values.get(sample_index).copied().unwrap_or(0);
        total = total.wrapping_add(v);
        // Frames leaf first; `inline_below[i]`: frame i runs inlined into frame i + 1.
        stack.clear();
        inline_below.clear();
        for id in s.location_ids.iter() {
            let of_location = frames.location_nodes(id);
            for (i, &node) in of_location.iter().enumerate() {
                stack.push(node);
                inline_below.push(i + 1 < of_location.len());
            }
        }
        seen_nodes.clear();
        seen_edges.clear();
        if let Some(&leaf) = stack.first() {
            nodes[leaf].0 = nodes[leaf].0.wrapping_add(v);
        }
        for &node in &stack {
            if seen_nodes.insert(node) {
                nodes[node].1 = nodes[node].1.wrapping_add(v);
            }
        }
        // Edges root first, as pprof walks a stack: a pair met twice (recursion) keeps the inline
        // mark of its outermost occurrence. A function calling itself adds no edge.
        for i in (0..stack.len().saturating_sub(1)).rev() {
            let (caller, callee) = (stack[i + 1], stack[i]);
            if caller != callee && seen_edges.insert((caller, callee)) {
                let edge = edges.entry((caller, callee)).or_insert((0, true));
                edge.0 = edge.0.wrapping_add(v);
                edge.1 &= inline_below[i];
            }
        }
    }
    let nodes = (frames.names.into_iter().zip(nodes))
        .map(|(function, (flat, cum))| GraphNode { function, flat, cum })
        .collect();
    let mut edges: Vec<GraphEdge> = (edges.into_iter())
        .map(|((caller, callee), (weight, inline))| GraphEdge { caller, callee, weight, inline })
        .collect();
    edges.sort_by_key(|e| (std::cmp::Reverse(e.weight), e.caller, e.callee));
    CallGraph { nodes, edges, total }
}

impl CallGraph {
    /// The graph pruned as pprof's graph views do: nodes under `node_fraction` of the total go,
    /// then all but the `node_count` heaviest by cum; edges under `edge_fraction` of the total, and
    /// edges of dropped nodes, go. Nodes are renumbered in their old order.
    pub fn pruned(&self, pruning: &GraphPruning) -> CallGraph {
        let share =
            |v: i64, fraction: f64| (v.unsigned_abs() as f64) >= fraction * self.total as f64;
        let mut kept: Vec<usize> = (0..self.nodes.len())
            .filter(|&i| self.nodes[i].cum != 0 && share(self.nodes[i].cum, pruning.node_fraction))
            .collect();
        if pruning.node_count > 0 && kept.len() > pruning.node_count {
            kept.sort_by_key(|&i| (std::cmp::Reverse(self.nodes[i].cum), i));
            kept.truncate(pruning.node_count);
            kept.sort_unstable();
        }
        let mut graph = self.restricted(&kept);
        graph.edges.retain(|e| share(e.weight, pruning.edge_fraction));
        graph
    }
}

impl CallGraph {
    /// The nodes at most `levels` calls away from `node` (callers and callees alike), and the
    /// edges between them: what a focused graph view shows. Empty when `node` is out of range.
    pub fn neighbourhood(&self, node: usize, levels: usize) -> CallGraph {
        let mut distance = vec![usize::MAX; self.nodes.len()];
        if node >= self.nodes.len() {
            return CallGraph { total: self.total, ..CallGraph::default() };
        }
        distance[node] = 0;
        let mut frontier = vec![node];
        for level in 1..=levels {
            let mut next = Vec::new();
            for e in &self.edges {
                for (a, b) in [(e.caller, e.callee), (e.callee, e.caller)] {
                    if frontier.contains(&a) && distance[b] == usize::MAX {
                        distance[b] = level;
                        next.push(b);
                    }
                }
            }
            frontier = next;
        }
        let kept: Vec<usize> =
            (0..self.nodes.len()).filter(|&i| distance[i] != usize::MAX).collect();
        self.restricted(&kept)
    }

    /// The graph of the nodes `kept` (old positions, ascending) and the edges between them.
    fn restricted(&self, kept: &[usize]) -> CallGraph {
        let mut position = vec![usize::MAX; self.nodes.len()];
        for (new, &old) in kept.iter().enumerate() {
            position[old] = new;
        }
        let edges = (self.edges.iter())
            .filter(|e| position[e.caller] != usize::MAX && position[e.callee] != usize::MAX)
            .map(|e| GraphEdge {
                caller: position[e.caller],
                callee: position[e.callee],
                ..e.clone()
            })
            .collect();
        let nodes = kept.iter().map(|&i| self.nodes[i].clone()).collect();
        CallGraph { nodes, edges, total: self.total }
    }
}
