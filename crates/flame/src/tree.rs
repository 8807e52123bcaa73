//! The call tree: one node per distinct path of functions from the root. Sums wrap on overflow, as
//! Go's int64 arithmetic does in pprof, so hostile values give pprof's numbers, never a panic.

use pgoscope_pprof::proto::Profile;
use pgoscope_pprof::FunctionFrames;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Index into [`CallTree::names`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FunctionId(pub u32);

/// Index into [`CallTree::nodes`]; `NodeId::ROOT` is the root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct NodeId(pub u32);

impl NodeId {
    pub const ROOT: NodeId = NodeId(0);
}

/// A node of the tree. The root has no function and depth 0; its children have depth 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeNode {
    pub function: Option<FunctionId>,
    pub parent: Option<NodeId>,
    pub depth: u32,
    /// Sum of the values of every sample through this node.
    pub total: i64,
    /// Sum of the values of the samples ending here.
    pub self_value: i64,
}

/// Invariants: `nodes[0]` is the root; nodes are in depth-first preorder, children in increasing
/// function id, so the subtree of node `i` is `nodes[i..end[i]]` and a parent comes before its
/// children; `root.total` is the sum of all sample values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CallTree {
    pub names: Vec<String>,
    /// `file:start_line` per entry of `names` ("" when unknown).
    pub places: Vec<String>,
    pub nodes: Vec<TreeNode>,
    /// End (exclusive) of each node's subtree in `nodes`.
    pub end: Vec<u32>,
    /// Deepest node depth.
    pub max_depth: u32,
}

impl CallTree {
    /// Builds the tree of a valid profile for the values at `sample_index`; zero samples are skipped.
    ///
    /// The stacks are sorted root first, so samples sharing a path are adjacent: each sample reuses
    /// the path of the previous one up to where they differ and appends the rest as new nodes. No
    /// lookup table, and memory is touched in order (a random-access trie is cache-miss bound).
    pub fn build(p: &Profile, sample_index: usize) -> CallTree {
        CallTree::build_with_frames(p, &FunctionFrames::new(p), sample_index)
    }

    /// [`CallTree::build`] with the profile's [`FunctionFrames`] already at hand (the top table
    /// needs them too).
    pub fn build_with_frames(
        p: &Profile,
        frames: &FunctionFrames,
        sample_index: usize,
    ) -> CallTree {
        let input = WeightedInput { profile: p, sample_index, side: 0 };
        build_sorted(&[input], &[frames], false).0
    }

    fn push_node(&mut self, parent: u32, function: u32) -> u32 {
        let id = self.nodes.len() as u32;
        let depth = self.nodes[parent as usize].depth + 1;
        self.max_depth = self.max_depth.max(depth);
        self.nodes.push(TreeNode {
            function: Some(FunctionId(function)),
            parent: Some(NodeId(parent)),
            depth,
            total: 0,
            self_value: 0,
        });
        id
    }

    /// The children of a node, in increasing function id.
    pub fn children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let end = self.end[id.0 as usize];
        let mut next = id.0 + 1;
        std::iter::from_fn(move || {
            (next < end).then(|| {
                let child = next;
                next = self.end[child as usize];
                NodeId(child)
            })
        })
    }

    pub fn node(&self, id: NodeId) -> &TreeNode {
        &self.nodes[id.0 as usize]
    }

    /// The function name of a node (`"all"` for the root).
    pub fn name(&self, id: NodeId) -> &str {
        self.node(id).function.map_or("all", |f| &self.names[f.0 as usize])
    }

    /// `file:start_line` of a node's function, when the profile names a file.
    pub fn place(&self, id: NodeId) -> Option<&str> {
        let f = self.node(id).function?;
        self.places.get(f.0 as usize).map(String::as_str).filter(|p| !p.is_empty())
    }

    /// Value through nodes whose function is flagged in `matched` (one flag per entry of `names`),
    /// each sample counted once: a match under a match adds nothing.
    pub fn matched_total(&self, matched: &[bool]) -> i64 {
        let is_match = |n: &TreeNode| n.function.is_some_and(|f| matched[f.0 as usize]);
        let mut total = 0i64;
        let mut i = 1;
        // Preorder: on a match, count its subtree once and skip past it.
        while i < self.nodes.len() {
            if is_match(&self.nodes[i]) {
                total = total.wrapping_add(self.nodes[i].total);
                i = self.end[i] as usize;
            } else {
                i += 1;
            }
        }
        total
    }

    /// The path from the root's child down to `id`.
    pub fn path(&self, id: NodeId) -> Vec<NodeId> {
        let mut path = Vec::new();
        let mut at = Some(id);
        while let Some(n) = at.filter(|n| *n != NodeId::ROOT) {
            path.push(n);
            at = self.node(n).parent;
        }
        path.reverse();
        path
    }
}

/// One profile feeding a tree, and which side of a comparison its values count for.
pub struct WeightedInput<'a> {
    pub profile: &'a Profile,
    pub sample_index: usize,
    pub side: usize,
}

/// Builds one tree from several profiles (function names unified across them); node totals sum all
/// inputs, and each side's totals per node are returned too.
///
/// The stacks are sorted root first, so samples sharing a path are adjacent: each sample reuses the
/// path of the previous one up to where they differ and appends the rest as new nodes. No lookup
/// table, and memory is touched in order (a random-access trie is cache-miss bound).
pub fn build_weighted(inputs: &[WeightedInput]) -> (CallTree, Vec<Vec<i64>>) {
    let frames: Vec<FunctionFrames> =
        inputs.iter().map(|i| FunctionFrames::new(i.profile)).collect();
    build_sorted(inputs, &frames.iter().collect::<Vec<_>>(), true)
}

/// [`build_weighted`]; per-side totals only when `per_side`. The nodes are counted before they are
/// stored, so the tree takes exactly its size (a growing vector would hold up to twice that).
/// `frames[i]` are the function frames of `inputs[i]`.
fn build_sorted(
    inputs: &[WeightedInput],
    frames: &[&FunctionFrames],
    per_side: bool,
) -> (CallTree, Vec<Vec<i64>>) {
    let mut tree = CallTree::default();
    let (seq, mut stacks) = root_first_stacks(inputs, frames, &mut tree.names, &mut tree.places);
    stacks.sort_unstable_by(|a, b| seq[a.range()].cmp(&seq[b.range()]));
    let node_count = 1 + new_nodes(&seq, &stacks);
    tree.nodes = Vec::with_capacity(node_count);
    tree.nodes.push(TreeNode { function: None, parent: None, depth: 0, total: 0, self_value: 0 });
    let sides = if per_side { inputs.iter().map(|i| i.side + 1).max().unwrap_or(1) } else { 0 };
    let mut by_side: Vec<Vec<i64>> = (0..sides).map(|_| vec![0; node_count]).collect();
    let mut path: Vec<u32> = Vec::new();
    let mut previous: &[u32] = &[];
    for stack in &stacks {
        let current = &seq[stack.range()];
        let common = common_prefix(previous, current);
        path.truncate(common);
        for &function in &current[common..] {
            let parent = path.last().copied().unwrap_or(0);
            path.push(tree.push_node(parent, function));
        }
        for &n in std::iter::once(&0).chain(&path) {
            let node = &mut tree.nodes[n as usize];
            node.total = node.total.wrapping_add(stack.weight);
        }
        if let Some(side) = by_side.get_mut(stack.side) {
            for &n in std::iter::once(&0).chain(&path) {
                side[n as usize] = side[n as usize].wrapping_add(stack.weight);
            }
        }
        let leaf = &mut tree.nodes[path.last().copied().unwrap_or(0) as usize];
        leaf.self_value = leaf.self_value.wrapping_add(stack.weight);
        previous = current;
    }
    debug_assert_eq!(tree.nodes.len(), node_count);
    tree.end = subtree_ends(&tree.nodes);
    (tree, by_side)
}

fn common_prefix(a: &[u32], b: &[u32]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// Nodes (besides the root) the sorted `stacks` create: each adds what it does not share with the
/// previous one.
fn new_nodes(seq: &[u32], stacks: &[Stack]) -> usize {
    let mut previous: &[u32] = &[];
    let mut count = 0;
    for stack in stacks {
        let current = &seq[stack.range()];
        count += current.len() - common_prefix(previous, current);
        previous = current;
    }
    count
}

/// One sample's stack: `seq[start..start + len]` root first, its value and side.
struct Stack {
    start: usize,
    len: usize,
    weight: i64,
    side: usize,
}

impl Stack {
    fn range(&self) -> std::ops::Range<usize> {
        self.start..self.start + self.len
    }
}

/// The function ids (unified across inputs, interned into `names`/`places`) of every sample with a
/// non-zero value, root first, in one flat array.
fn root_first_stacks(
    inputs: &[WeightedInput],
    frames: &[&FunctionFrames],
    names: &mut Vec<String>,
    places: &mut Vec<String>,
) -> (Vec<u32>, Vec<Stack>) {
    let mut ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut seq = Vec::new();
    let mut stacks = Vec::new();
    for (input, frames) in inputs.iter().zip(frames) {
        let global: Vec<u32> = frames
            .names
            .iter()
            .zip(&frames.places)
            .map(|(name, place)| {
                *ids.entry(name.clone()).or_insert_with(|| {
                    names.push(name.clone());
                    places.push(place.clone());
                    names.len() as u32 - 1
                })
            })
            .collect();
        for s in &input.profile.sample {
            let weight = s.value.get(input.sample_index).copied().unwrap_or(0);
            if weight == 0 {
                continue;
            }
            let start = seq.len();
            for &loc in s.location_id.iter().rev() {
                seq.extend(frames.location_nodes(loc).iter().rev().map(|&f| global[f]));
            }
            stacks.push(Stack { start, len: seq.len() - start, weight, side: input.side });
        }
    }
    (seq, stacks)
}

/// `end[i]`: one past the last node of `i`'s subtree, for nodes in preorder.
fn subtree_ends(nodes: &[TreeNode]) -> Vec<u32> {
    let mut end: Vec<u32> = (1..=nodes.len() as u32).collect();
    for i in (1..nodes.len()).rev() {
        if let Some(parent) = nodes[i].parent {
            let p = parent.0 as usize;
            end[p] = end[p].max(end[i]);
        }
    }
    end
}
