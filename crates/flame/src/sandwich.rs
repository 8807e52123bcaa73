//! Callers and callees of one function, from the call tree (pprof's `peek`).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::tree::{CallTree, NodeId};

/// A neighbouring function and the value that flows through the edge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Neighbour {
    pub function: String,
    pub value: i64,
}

/// Callers and callees of a function, heaviest first. Values of a recursive function are counted at
/// its outermost frame only, so they never exceed the function's cumulative value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sandwich {
    pub callers: Vec<Neighbour>,
    pub callees: Vec<Neighbour>,
    /// Cumulative value of the function.
    pub total: i64,
    /// Function names from the root's child down to the function's heaviest outermost frame (the
    /// first of equal ones in preorder): where a flame graph zooms to show it. Empty when the
    /// function is not in the tree.
    pub heaviest_path: Vec<String>,
}

/// The sandwich of the function named `name`.
pub fn sandwich(tree: &CallTree, name: &str) -> Sandwich {
    let Some(f) = tree.names.iter().position(|n| n == name) else { return Sandwich::default() };
    let f = crate::tree::FunctionId(f as u32);
    let mut callers: HashMap<&str, i64> = HashMap::new();
    let mut callees: HashMap<&str, i64> = HashMap::new();
    let mut total = 0i64;
    let mut heaviest: Option<(i64, NodeId)> = None;
    for id in tree.ids().skip(1) {
        if tree.function(id) != Some(f) || has_ancestor(tree, id, f) {
            continue;
        }
        let value = tree.total(id);
        total = total.wrapping_add(value);
        if heaviest.is_none_or(|(v, _)| value > v) {
            heaviest = Some((value, id));
        }
        let parent = tree.parent(id).unwrap_or(NodeId::ROOT);
        let caller = callers.entry(tree.name(parent)).or_default();
        *caller = caller.wrapping_add(value);
        for c in tree.children(id) {
            let callee = callees.entry(tree.name(c)).or_default();
            *callee = callee.wrapping_add(tree.total(c));
        }
    }
    let heaviest_path = heaviest.map_or_else(Vec::new, |(_, id)| {
        tree.path(id).into_iter().map(|n| tree.name(n).to_owned()).collect()
    });
    Sandwich { callers: sorted(callers), callees: sorted(callees), total, heaviest_path }
}

fn has_ancestor(tree: &CallTree, id: NodeId, f: crate::tree::FunctionId) -> bool {
    std::iter::successors(tree.parent(id), |&a| tree.parent(a)).any(|a| tree.function(a) == Some(f))
}

fn sorted(map: HashMap<&str, i64>) -> Vec<Neighbour> {
    let mut v: Vec<Neighbour> = map
        .into_iter()
        .map(|(function, value)| Neighbour { function: function.into(), value })
        .collect();
    v.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.function.cmp(&b.function)));
    v
}
