//! The call tree: one node per distinct path of functions from the root. Sums wrap on overflow, as
//! Go's int64 arithmetic does in pprof, so hostile values give pprof's numbers, never a panic.

use pgoscope_pprof::proto::Profile;
use pgoscope_pprof::{distinct_stacks, FunctionFrames, WeightedStack};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Index into [`CallTree::names`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FunctionId(pub u32);

/// A node of a [`CallTree`] (its preorder position); `NodeId::ROOT` is the root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct NodeId(pub u32);

impl NodeId {
    pub const ROOT: NodeId = NodeId(0);
}

/// A node of the tree, as [`CallTree::node`] reads it. The root has no function and no parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeNode {
    pub function: Option<FunctionId>,
    pub parent: Option<NodeId>,
    /// Sum of the values of every sample through this node.
    pub total: i64,
    /// Sum of the values of the samples ending here.
    pub self_value: i64,
}

/// Marks "no function" (the root) and "no parent" in the tree's columns.
const NO_ID: u32 = u32::MAX;

/// Stored as columns, 20 bytes a node (a big profile's tree has millions): the function, the
/// parent, the total and the subtree's end. A node's self value is its total minus its children's
/// (exact in wrapping arithmetic), so it is not stored.
///
/// Invariants: node 0 is the root; nodes are in depth-first preorder, children in increasing
/// function id, so the subtree of node `i` is `i..end[i]` and a parent comes before its children;
/// the root's total is the sum of all sample values; every column has one entry per node.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CallTree {
    pub names: Vec<String>,
    /// `file:start_line` per entry of `names` ("" when unknown).
    pub places: Vec<String>,
    functions: Vec<u32>,
    parents: Vec<u32>,
    totals: Vec<i64>,
    /// End (exclusive) of each node's subtree.
    pub end: Vec<u32>,
    /// Deepest node depth (the root's children have depth 1).
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
        CallTree::build_from_stacks(&distinct_stacks(p, sample_index), frames)
    }

    /// The tree of a profile's [`distinct_stacks`] (shared with the top table: found once per
    /// view), whose locations `frames` describes.
    pub fn build_from_stacks(stacks: &[WeightedStack], frames: &FunctionFrames) -> CallTree {
        build_sorted(&[(stacks, 0)], &[frames], false).0
    }

    /// A tree holding only the root, with room for `nodes` nodes.
    fn with_capacity(nodes: usize) -> CallTree {
        let mut tree = CallTree {
            functions: Vec::with_capacity(nodes),
            parents: Vec::with_capacity(nodes),
            totals: Vec::with_capacity(nodes),
            ..CallTree::default()
        };
        tree.functions.push(NO_ID);
        tree.parents.push(NO_ID);
        tree.totals.push(0);
        tree
    }

    fn push_node(&mut self, parent: u32, function: u32, depth: u32) -> u32 {
        let id = self.functions.len() as u32;
        self.max_depth = self.max_depth.max(depth);
        self.functions.push(function);
        self.parents.push(parent);
        self.totals.push(0);
        id
    }

    /// Number of nodes, the root included.
    pub fn len(&self) -> usize {
        self.totals.len()
    }

    /// Whether the tree lacks even its root (a default tree).
    pub fn is_empty(&self) -> bool {
        self.totals.is_empty()
    }

    /// Every node id, in preorder.
    pub fn ids(&self) -> impl Iterator<Item = NodeId> {
        (0..self.len() as u32).map(NodeId)
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

    /// Sum of the values of every sample through the node.
    pub fn total(&self, id: NodeId) -> i64 {
        self.totals[id.0 as usize]
    }

    pub fn function(&self, id: NodeId) -> Option<FunctionId> {
        Some(self.functions[id.0 as usize]).filter(|&f| f != NO_ID).map(FunctionId)
    }

    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        Some(self.parents[id.0 as usize]).filter(|&p| p != NO_ID).map(NodeId)
    }

    /// Sum of the values of the samples ending at the node.
    pub fn self_value(&self, id: NodeId) -> i64 {
        self.children(id).fold(self.total(id), |v, c| v.wrapping_sub(self.total(c)))
    }

    /// Depth of a node (0 for the root), found by walking up to the root.
    pub fn depth(&self, id: NodeId) -> u32 {
        std::iter::successors(self.parent(id), |&p| self.parent(p)).count() as u32
    }

    /// The node's function, parent and values.
    pub fn node(&self, id: NodeId) -> TreeNode {
        TreeNode {
            function: self.function(id),
            parent: self.parent(id),
            total: self.total(id),
            self_value: self.self_value(id),
        }
    }

    /// The function name of a node (`"all"` for the root).
    pub fn name(&self, id: NodeId) -> &str {
        self.function(id).map_or("all", |f| &self.names[f.0 as usize])
    }

    /// `file:start_line` of a node's function, when the profile names a file.
    pub fn place(&self, id: NodeId) -> Option<&str> {
        let f = self.function(id)?;
        self.places.get(f.0 as usize).map(String::as_str).filter(|p| !p.is_empty())
    }

    /// Value through nodes whose function is flagged in `matched` (one flag per entry of `names`),
    /// each sample counted once: a match under a match adds nothing.
    pub fn matched_total(&self, matched: &[bool]) -> i64 {
        let is_match = |f: u32| f != NO_ID && matched[f as usize];
        let mut total = 0i64;
        let mut i = 1;
        // Preorder: on a match, count its subtree once and skip past it.
        while i < self.len() {
            if is_match(self.functions[i]) {
                total = total.wrapping_add(self.totals[i]);
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
            at = self.parent(n);
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
    let stacks: Vec<Vec<WeightedStack>> =
        inputs.iter().map(|i| distinct_stacks(i.profile, i.sample_index)).collect();
    let sides: Vec<(&[WeightedStack], usize)> =
        stacks.iter().zip(inputs).map(|(s, i)| (s.as_slice(), i.side)).collect();
    build_sorted(&sides, &frames.iter().collect::<Vec<_>>(), true)
}

/// [`build_weighted`]; per-side totals only when `per_side`. The nodes are counted before they are
/// stored, so the tree takes exactly its size (a growing vector would hold up to twice that).
/// Each input is a profile's distinct stacks and its side; `frames[i]` are the function frames of
/// `inputs[i]`.
fn build_sorted(
    inputs: &[(&[WeightedStack], usize)],
    frames: &[&FunctionFrames],
    per_side: bool,
) -> (CallTree, Vec<Vec<i64>>) {
    let (mut names, mut places) = (Vec::new(), Vec::new());
    let (seq, mut stacks) = root_first_stacks(inputs, frames, &mut names, &mut places);
    stacks.sort_unstable_by(|a, b| seq[a.range()].cmp(&seq[b.range()]));
    let node_count = 1 + new_nodes(&seq, &stacks);
    let mut tree = CallTree { names, places, ..CallTree::with_capacity(node_count) };
    let sides = if per_side { inputs.iter().map(|i| i.1 + 1).max().unwrap_or(1) } else { 0 };
    let mut by_side: Vec<Vec<i64>> = (0..sides).map(|_| vec![0; node_count]).collect();
    let mut path: Vec<u32> = Vec::new();
    let mut previous: &[u32] = &[];
    for stack in &stacks {
        let current = &seq[stack.range()];
        let common = common_prefix(previous, current);
        path.truncate(common);
        for &function in &current[common..] {
            let parent = path.last().copied().unwrap_or(0);
            let depth = path.len() as u32 + 1;
            path.push(tree.push_node(parent, function, depth));
        }
        for &n in std::iter::once(&0).chain(&path) {
            let total = &mut tree.totals[n as usize];
            *total = total.wrapping_add(stack.weight);
        }
        if let Some(side) = by_side.get_mut(stack.side) {
            for &n in std::iter::once(&0).chain(&path) {
                side[n as usize] = side[n as usize].wrapping_add(stack.weight);
            }
        }
        previous = current;
    }
    debug_assert_eq!(tree.len(), node_count);
    tree.end = subtree_ends(&tree.parents);
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

/// The function ids (unified across inputs, interned into `names`/`places`) of every distinct stack
/// with a non-zero sample, root first, in one flat array.
fn root_first_stacks(
    inputs: &[(&[WeightedStack], usize)],
    frames: &[&FunctionFrames],
    names: &mut Vec<String>,
    places: &mut Vec<String>,
) -> (Vec<u32>, Vec<Stack>) {
    let mut ids: FxHashMap<String, u32> = FxHashMap::default();
    // Sized exactly up front: grown by doubling, the frames of a big profile took up to twice
    // their size, and the copies left holes the tree could not reuse.
    let frame_count: usize = (inputs.iter().zip(frames))
        .flat_map(|(&(input, _), frames)| {
            input.iter().flat_map(|s| s.location_ids).map(|&l| frames.location_nodes(l).len())
        })
        .sum();
    let mut seq = Vec::with_capacity(frame_count);
    let mut stacks = Vec::with_capacity(inputs.iter().map(|(input, _)| input.len()).sum());
    for (&(input, side), frames) in inputs.iter().zip(frames) {
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
        for s in input {
            let start = seq.len();
            for &loc in s.location_ids.iter().rev() {
                seq.extend(frames.location_nodes(loc).iter().rev().map(|&f| global[f]));
            }
            stacks.push(Stack { start, len: seq.len() - start, weight: s.weight, side });
        }
    }
    (seq, stacks)
}

/// `end[i]`: one past the last node of `i`'s subtree, for nodes in preorder.
fn subtree_ends(parents: &[u32]) -> Vec<u32> {
    let mut end: Vec<u32> = (1..=parents.len() as u32).collect();
    for i in (1..parents.len()).rev() {
        let p = parents[i] as usize;
        end[p] = end[p].max(end[i]);
    }
    end
}
