//! The call tree: one node per distinct path of functions from the root. Sums wrap on overflow, as
//! Go's int64 arithmetic does in pprof, so hostile values give pprof's numbers, never a panic.
//!
//! A big profile's tree has millions of nodes, so it is stored as its sorted stacks: each stack
//! keeps only the frames it does not share with the stack before it. Read in order, those frames
//! are the tree's nodes in preorder, so a node is one function id (2 or 4 bytes); its depth,
//! subtree, values and parent follow from the stacks (see [`CallTree`]).

mod build;
mod min_index;
mod shape;

use serde::{Deserialize, Serialize};

pub use build::{build_weighted, WeightedInput};
use min_index::MinIndex;

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

/// Function ids of the nodes, two bytes each when there are few enough functions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Functions {
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

impl Default for Functions {
    fn default() -> Self {
        Functions::Narrow(Vec::new())
    }
}

impl Functions {
    fn get(&self, node: usize) -> u32 {
        match self {
            Functions::Narrow(v) => u32::from(v[node]),
            Functions::Wide(v) => v[node],
        }
    }

    fn len(&self) -> usize {
        match self {
            Functions::Narrow(v) => v.len(),
            Functions::Wide(v) => v.len(),
        }
    }
}

/// The tree as its sorted stacks. Stack `k` (distinct root-first function sequences, sorted, with
/// ids numbered in name order) adds nodes `starts[k]..starts[k + 1]`: its frames after those it
/// shares with stack `k - 1`, the first at depth `first_depth[k]`. Stack 0 is the empty sequence
/// and adds the root (its value is that of samples without frames).
///
/// Invariants: node 0 is the root; nodes are in depth-first preorder, children in increasing
/// function id (so by name); every stack adds at least one node, so it ends at its last node;
/// `starts` has one more entry than there are stacks (the node count) and so has `sums`, the
/// wrapping prefix sums of the stacks' values (`sides` likewise per comparison side).
/// The subtree of a node at depth `d` made by stack `k` is made by stacks `k..j`, where `j` is the
/// next stack with `first_depth[j] <= d`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CallTree {
    /// Function names, sorted.
    pub names: Vec<String>,
    /// `file:start_line` per entry of `names` ("" when unknown).
    pub places: Vec<String>,
    /// Function id per node (0 for the root, which has none).
    functions: Functions,
    starts: Vec<u32>,
    first_depth: Vec<u32>,
    sums: Vec<i64>,
    /// Per comparison side, prefix sums of that side's values (empty unless built for a diff).
    sides: Vec<Vec<i64>>,
    min_index: MinIndex,
    /// Deepest node depth (the root's children have depth 1).
    pub max_depth: u32,
}

impl CallTree {
    /// Number of nodes, the root included.
    pub fn len(&self) -> usize {
        self.functions.len()
    }

    /// Bytes of the tree's structure (its arrays, names aside): what a node and a stack cost.
    pub fn structure_bytes(&self) -> usize {
        fn bytes<T>(v: &Vec<T>) -> usize {
            v.capacity() * std::mem::size_of::<T>()
        }
        let functions = match &self.functions {
            Functions::Narrow(v) => bytes(v),
            Functions::Wide(v) => bytes(v),
        };
        let sides: usize = self.sides.iter().map(bytes).sum();
        functions
            + bytes(&self.starts)
            + bytes(&self.first_depth)
            + bytes(&self.sums)
            + sides
            + self.min_index.heap_bytes()
    }

    /// Whether the tree lacks even its root (a default tree).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every node id, in preorder.
    pub fn ids(&self) -> impl Iterator<Item = NodeId> {
        (0..self.len() as u32).map(NodeId)
    }

    /// The stack that made node `p`.
    fn stack_of(&self, p: u32) -> usize {
        self.starts.partition_point(|&s| s <= p) - 1
    }

    fn depth_in(&self, p: u32, stack: usize) -> u32 {
        self.first_depth[stack] + (p - self.starts[stack])
    }

    /// The stacks making the subtree of `p`: `first..end`.
    fn subtree_stacks(&self, p: u32) -> (usize, usize) {
        let first = self.stack_of(p);
        let depth = self.depth_in(p, first);
        (first, self.min_index.next_at_most(&self.first_depth, first, depth))
    }

    /// End (exclusive) of the node's subtree: its descendants are the nodes up to there.
    pub fn subtree_end(&self, id: NodeId) -> NodeId {
        let (_, end) = self.subtree_stacks(id.0);
        NodeId(self.starts[end])
    }

    /// The children of a node, in increasing function id.
    pub fn children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let end = self.subtree_end(id).0;
        let mut next = id.0 + 1;
        std::iter::from_fn(move || {
            (next < end).then(|| {
                let child = next;
                next = self.subtree_end(NodeId(child)).0;
                NodeId(child)
            })
        })
    }

    /// Wrapping sum of `sums[first..end]`'s values.
    fn range_value(sums: &[i64], (first, end): (usize, usize)) -> i64 {
        sums[end].wrapping_sub(sums[first])
    }

    /// Sum of the values of every sample through the node.
    pub fn total(&self, id: NodeId) -> i64 {
        Self::range_value(&self.sums, self.subtree_stacks(id.0))
    }

    /// The node's total on one side of a comparison (0 for a tree built without sides).
    pub fn side_total(&self, side: usize, id: NodeId) -> i64 {
        self.sides.get(side).map_or(0, |sums| Self::range_value(sums, self.subtree_stacks(id.0)))
    }

    pub fn function(&self, id: NodeId) -> Option<FunctionId> {
        (id != NodeId::ROOT).then(|| FunctionId(self.functions.get(id.0 as usize)))
    }

    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        let p = id.0;
        let stack = self.stack_of(p);
        if p > self.starts[stack] {
            return Some(NodeId(p - 1));
        }
        // The first node a stack adds: its parent, at the depth above, is the last one made at
        // that depth by an earlier stack.
        let depth = self.first_depth[stack].checked_sub(1)?;
        let maker = self.min_index.prev_at_most(&self.first_depth, stack, depth)?;
        Some(NodeId(self.starts[maker] + depth - self.first_depth[maker]))
    }

    /// Sum of the values of the samples ending at the node.
    pub fn self_value(&self, id: NodeId) -> i64 {
        let stack = self.stack_of(id.0);
        if id.0 + 1 == self.starts[stack + 1] {
            Self::range_value(&self.sums, (stack, stack + 1))
        } else {
            0
        }
    }

    /// Depth of a node (0 for the root).
    pub fn depth(&self, id: NodeId) -> u32 {
        self.depth_in(id.0, self.stack_of(id.0))
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

    /// Value through nodes whose function is flagged in `matched` (one flag per entry of `names`),
    /// each sample counted once: a match under a match adds nothing.
    pub fn matched_total(&self, matched: &[bool]) -> i64 {
        let mut total = 0i64;
        let mut i = 1;
        // Preorder: on a match, count its subtree once and skip past it.
        while i < self.len() {
            if matched[self.functions.get(i) as usize] {
                let stacks = self.subtree_stacks(i as u32);
                total = total.wrapping_add(Self::range_value(&self.sums, stacks));
                i = self.starts[stacks.1] as usize;
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
