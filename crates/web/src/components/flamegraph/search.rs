//! Flame graph search: which functions match, and the share of samples that pass through a match.

use pgoscope_flame::{CallTree, NodeId};

/// The search of one tree. Invariant: `matched` has one flag per entry of `tree.names`, all false
/// when the search text is empty.
#[derive(Debug, PartialEq)]
pub struct SearchResult {
    pub active: bool,
    pub matched: Vec<bool>,
    /// Total of the matched nodes that have no matched ancestor (each sample counted once).
    pub matched_total: i64,
}

impl SearchResult {
    /// Searches with a regex, or with a plain substring when the text is not a valid regex.
    pub fn new(tree: &CallTree, text: &str) -> SearchResult {
        if text.is_empty() {
            return SearchResult {
                active: false,
                matched: vec![false; tree.names.len()],
                matched_total: 0,
            };
        }
        let re = regex::Regex::new(text).unwrap_or_else(|_| {
            regex::Regex::new(&regex::escape(text)).expect("an escaped string is a valid regex")
        });
        let matched: Vec<bool> = tree.names.iter().map(|n| re.is_match(n)).collect();
        let matched_total = matched_total(tree, &matched);
        SearchResult { active: true, matched, matched_total }
    }

    /// Whether the node's function matches (never the root).
    pub fn node_matches(&self, tree: &CallTree, node: NodeId) -> bool {
        tree.node(node).function.is_some_and(|f| self.matched[f.0 as usize])
    }
}

fn matched_total(tree: &CallTree, matched: &[bool]) -> i64 {
    let mut under_match = vec![false; tree.nodes.len()];
    let mut total = 0;
    // Parents come before children (CallTree invariant), so one pass suffices.
    for (i, node) in tree.nodes.iter().enumerate().skip(1) {
        let parent = node.parent.map_or(0, |p| p.0 as usize);
        let here = node.function.is_some_and(|f| matched[f.0 as usize]);
        if here && !under_match[parent] {
            total += node.total;
        }
        under_match[i] = under_match[parent] || here;
    }
    total
}
