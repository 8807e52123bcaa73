//! The weighted call-edge graph exactly as Go's compiler builds it from a pprof profile.
//!
//! Rules (Go 1.27.3, `internal/profile.NewGraph` + `cmd/internal/pgo.createNamedEdgeMap`):
//! - the value is the FIRST sample type that is `samples/count` or `cpu/nanoseconds`;
//! - samples with value 0 are skipped;
//! - only the two leaf-most locations of a sample are walked, but every `Line` in them (inlined
//!   frames) is a node; consecutive nodes (caller → callee) form an edge;
//! - a node is (function name, location address, function start line, line number); an edge is
//!   counted once per sample and never from a node to itself;
//! - an edge is named (caller name, call-site offset = caller line − caller start line, callee name);
//!   named edges sum their weights; the total weight is the sum over all edges;
//! - no node with a start line → error (the compiler refuses such profiles).

use pgoscope_pprof::ids::{FramesByLocation, IdIndex};
use pgoscope_pprof::{PositionIndex, ProfileData};
use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashMap};
use serde::{Deserialize, Serialize};

/// Why a profile cannot be used for PGO.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PgoError {
    #[error(
        "profile does not contain a sample type samples/count or cpu/nanoseconds (it has {available}): \
         Go's PGO needs a CPU profile"
    )]
    NoCpuSampleType { available: String },
    #[error(
        "profile missing Function.start_line data: Go's compiler rejects it (profiles from Go 1.20+ \
         carry it; re-collect the profile with a current Go)"
    )]
    MissingStartLine,
    /// The minimal profile's merge failed (the merge's own error, kept).
    #[error("the minimal profile could not be merged: {0}")]
    Merge(#[from] pgoscope_pprof::MergeError),
}

/// A named call edge, the unit Go's PGO works with.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CallEdge {
    pub caller: String,
    pub callee: String,
    /// Line of the call minus the caller's start line.
    pub offset: i64,
}

/// Named edges with weights, sorted as Go sorts them: weight descending, then caller, callee,
/// offset ascending.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EdgeGraph {
    pub edges: Vec<(CallEdge, i64)>,
    /// Sum of all edge weights (not the sample total).
    pub total_weight: i64,
}

/// Node identity: (name, address, start line, line).
pub(crate) type NodeKey<'a> = (&'a str, u64, i64, i64);

impl EdgeGraph {
    /// Builds the graph of a valid profile. An empty profile (no samples, or all zero) gives an
    /// empty graph, as Go accepts it and does nothing.
    pub fn build(data: &impl ProfileData) -> Result<EdgeGraph, PgoError> {
        let p = &data.header();
        if data.sample_count() == 0 {
            return Ok(EdgeGraph::default());
        }
        let value_index = pgoscope_pprof::pgo_value_index(p)
            .ok_or_else(|| PgoError::NoCpuSampleType { available: pgoscope_pprof::type_list(p) })?;
        // Go's graph reads the two leaf-most locations of each sample: only those get nodes.
        let nodes = LocationNodes::of_leaves(data, value_index, 2);
        let mut node_weight = vec![(0i64, 0i64); nodes.keys.len()]; // (cum, flat)
        let mut edge_weight: FxHashMap<(u32, u32), i64> = FxHashMap::default();
        let mut seen_edges: Vec<(u32, u32)> = Vec::new();
        let mut seen_nodes: Vec<usize> = Vec::new();
        for s in data.samples() {
            let w = s.values.get(value_index).copied().unwrap_or(0);
            if w == 0 {
                continue;
            }
            seen_nodes.clear();
            seen_edges.clear();
            let mut parent: Option<usize> = None;
            for loc in s.location_ids.leaf_most(2).iter().rev() {
                for &n in nodes.of(loc).iter().rev() {
                    if !seen_nodes.contains(&n) {
                        seen_nodes.push(n);
                        node_weight[n].0 = node_weight[n].0.wrapping_add(w);
                    }
                    if let Some(caller) = parent.filter(|&c| c != n) {
                        let edge = (caller as u32, n as u32);
                        if !seen_edges.contains(&edge) {
                            seen_edges.push(edge);
                            let e = edge_weight.entry(edge).or_insert(0);
                            *e = e.wrapping_add(w);
                        }
                    }
                    parent = Some(n);
                }
            }
            if let Some(leaf) = parent {
                node_weight[leaf].1 = node_weight[leaf].1.wrapping_add(w);
            }
        }
        let live = |n: usize| node_weight[n] != (0, 0);
        if !(0..nodes.keys.len()).any(|n| live(n) && nodes.keys[n].2 != 0) {
            return Err(PgoError::MissingStartLine);
        }
        // Named by the profile's strings; owned names only for the edges kept.
        let mut named: FxHashMap<(&str, &str, i64), i64> = FxHashMap::default();
        let mut total_weight = 0i64;
        for (&(caller, callee), &w) in edge_weight.iter().filter(|((c, _), _)| live(*c as usize)) {
            let (caller_name, _, start, line) = nodes.keys[caller as usize];
            let edge = (caller_name, nodes.keys[callee as usize].0, line - start);
            total_weight = total_weight.wrapping_add(w);
            let sum = named.entry(edge).or_insert(0);
            *sum = sum.wrapping_add(w);
        }
        drop((edge_weight, node_weight, nodes));
        if total_weight == 0 {
            return Ok(EdgeGraph::default());
        }
        let mut edges: Vec<(CallEdge, i64)> = Vec::with_capacity(named.len());
        edges.extend(named.into_iter().map(|((caller, callee, offset), w)| {
            (CallEdge { caller: caller.to_owned(), callee: callee.to_owned(), offset }, w)
        }));
        edges.sort_by(|(a, wa), (b, wb)| {
            wb.cmp(wa)
                .then_with(|| a.caller.cmp(&b.caller))
                .then_with(|| a.callee.cmp(&b.callee))
                .then_with(|| a.offset.cmp(&b.offset))
        });
        Ok(EdgeGraph { edges, total_weight })
    }
}

/// Per location position: whether a sample with a value at `value_index` has it among its `depth`
/// leaf-most locations. All of them when the ids do not index (an invalid profile).
pub(crate) fn leaf_locations(
    p: &impl ProfileData,
    positions: Option<&IdIndex>,
    value_index: usize,
    depth: usize,
) -> Vec<bool> {
    let Some(positions) = positions else { return vec![true; p.location_count()] };
    let mut wanted = vec![false; p.location_count()];
    for s in p.samples().filter(|s| s.values.get(value_index).is_some_and(|&w| w != 0)) {
        for id in s.location_ids.iter().take(depth) {
            if let Some(pos) = positions.get(id) {
                wanted[pos] = true;
            }
        }
    }
    wanted
}

/// Graph nodes of every location, innermost line first.
pub(crate) struct LocationNodes<'a> {
    /// (name, address, start line, line) per node.
    pub(crate) keys: Vec<NodeKey<'a>>,
    frames: FramesByLocation,
}

impl<'a> LocationNodes<'a> {
    /// The nodes of every location.
    pub(crate) fn new(p: &'a impl ProfileData) -> Self {
        let positions = IdIndex::build(p.locations().map(|l| l.id)).ok();
        Self::build(p, None, positions)
    }

    /// The nodes of the `depth` leaf-most locations of the samples with a value at
    /// `value_index`; the other locations have none.
    pub(crate) fn of_leaves(p: &'a impl ProfileData, value_index: usize, depth: usize) -> Self {
        let positions = IdIndex::build(p.locations().map(|l| l.id)).ok();
        let wanted = leaf_locations(p, positions.as_ref(), value_index, depth);
        Self::build(p, Some(&wanted), positions)
    }

    /// The nodes of the locations `wanted` flags (by position in the location table; all when
    /// `None`), given the index of the location ids.
    fn build(
        data: &'a impl ProfileData,
        wanted: Option<&[bool]>,
        positions: Option<IdIndex>,
    ) -> Self {
        let p = &data.header();
        let functions = IdIndex::build(p.function.iter().map(|f| f.id)).ok();
        // Room for a node per line of the wanted locations (nodes are rarely shared: the address
        // is part of the key), reserved once; the index keeps positions in `keys`.
        let wanted_lines = (data.locations().enumerate())
            .filter(|(pos, _)| wanted.is_none_or(|w| w[*pos]))
            .map(|(_, l)| l.lines.len().max(1))
            .sum();
        let mut keys: Vec<NodeKey<'a>> = Vec::with_capacity(wanted_lines);
        let mut index = PositionIndex::with_capacity(wanted_lines);
        let hash = |key: &NodeKey| FxBuildHasher.hash_one(key);
        let mut handle_for_node = |key: NodeKey<'a>| -> usize {
            let same = |i: u32| keys[i as usize] == key;
            if let Some(i) = index.find_or_insert(hash(&key), same, keys.len() as u32) {
                return i as usize;
            }
            keys.push(key);
            keys.len() - 1
        };
        let frames = FramesByLocation::build_indexed(data, positions, |position, loc, out| {
            if wanted.is_some_and(|w| !w[position]) {
                return;
            }
            if loc.lines.is_empty() {
                out.push(handle_for_node(("", loc.address, 0, 0)));
            }
            for line in loc.lines {
                let f = functions
                    .as_ref()
                    .and_then(|f| f.get(line.function_id))
                    .map(|i| &p.function[i]);
                let key = match f {
                    Some(f) => (p.str(f.name), loc.address, f.start_line, line.line),
                    None => ("", loc.address, 0, 0),
                };
                out.push(handle_for_node(key));
            }
        });
        LocationNodes { keys, frames }
    }

    pub(crate) fn of(&self, location_id: u64) -> &[usize] {
        self.frames.of(location_id)
    }
}
