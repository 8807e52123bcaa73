//! The call tree: one node per distinct path of functions from the root.

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

/// Invariants: `nodes[0]` is the root; a parent always comes before its children; `children[i]`
/// lists node i's children in first-seen order; `root.total` is the sum of all sample values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CallTree {
    pub names: Vec<String>,
    /// `file:start_line` per entry of `names` ("" when unknown).
    pub places: Vec<String>,
    pub nodes: Vec<TreeNode>,
    pub children: Vec<Vec<NodeId>>,
    /// Deepest node depth.
    pub max_depth: u32,
}

impl CallTree {
    /// Builds the tree of a valid profile for the values at `sample_index`; zero samples are skipped.
    pub fn build(p: &Profile, sample_index: usize) -> CallTree {
        let frames = FunctionFrames::new(p);
        let mut tree = CallTree {
            names: frames.names.clone(),
            places: frames.places.clone(),
            nodes: vec![TreeNode {
                function: None,
                parent: None,
                depth: 0,
                total: 0,
                self_value: 0,
            }],
            children: vec![Vec::new()],
            max_depth: 0,
        };
        let mut child_of: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        for s in &p.sample {
            let w = s.value.get(sample_index).copied().unwrap_or(0);
            if w == 0 {
                continue;
            }
            let mut node = 0u32;
            tree.nodes[0].total += w;
            for &loc in s.location_id.iter().rev() {
                for &f in frames.location_nodes(loc).iter().rev() {
                    node = tree.child(&mut child_of, node, f as u32);
                    tree.nodes[node as usize].total += w;
                }
            }
            tree.nodes[node as usize].self_value += w;
        }
        tree
    }

    fn child(&mut self, index: &mut FxHashMap<(u32, u32), u32>, parent: u32, function: u32) -> u32 {
        if let Some(&c) = index.get(&(parent, function)) {
            return c;
        }
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
        self.children.push(Vec::new());
        self.children[parent as usize].push(NodeId(id));
        index.insert((parent, function), id);
        id
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
