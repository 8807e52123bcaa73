//! Flame graph geometry: each node's horizontal span as a fraction of its zoom root's width.

use serde::Serialize;

use crate::tree::{CallTree, NodeId};

/// How children are ordered left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChildOrder {
    /// Alphabetically by function name, like pprof's flame graph: stable between profiles.
    #[default]
    ByName,
    /// Heaviest first (speedscope's "left heavy").
    ByWeight,
}

/// Options of [`layout`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayoutOptions {
    /// The node spanning the full width (the zoomed frame). Default: the root.
    pub zoom: NodeId,
    pub order: ChildOrder,
    /// Nodes narrower than this fraction of the width are not emitted (nor their children).
    /// Default: 0 (all).
    pub min_width: f64,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions { zoom: NodeId::ROOT, order: ChildOrder::ByName, min_width: 0.0 }
    }
}

/// One rectangle: `x` and `width` are fractions of the full width (0..=1); `level` counts from the
/// zoom root (0). Ancestors of the zoom root are not emitted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FlameRect {
    pub node: u32,
    pub level: u32,
    pub x: f64,
    pub width: f64,
}

/// Lays out the subtree of `options.zoom`, parents before children.
pub fn layout(tree: &CallTree, options: &LayoutOptions) -> Vec<FlameRect> {
    let zoom_total = tree.total(options.zoom);
    let mut out = Vec::new();
    if zoom_total <= 0 {
        return out;
    }
    let scale = 1.0 / zoom_total as f64;
    let mut stack = vec![(options.zoom, 0u32, 0.0f64)];
    while let Some((node, level, x)) = stack.pop() {
        let width = tree.total(node) as f64 * scale;
        if width < options.min_width || width <= 0.0 {
            continue;
        }
        out.push(FlameRect { node: node.0, level, x, width });
        let mut children: Vec<NodeId> = tree.children(node).collect();
        match options.order {
            ChildOrder::ByName => children.sort_by(|a, b| tree.name(*a).cmp(tree.name(*b))),
            ChildOrder::ByWeight => children.sort_by_key(|c| std::cmp::Reverse(tree.total(*c))),
        }
        let mut child_x = x;
        let mut placed = Vec::with_capacity(children.len());
        for c in children {
            placed.push((c, level + 1, child_x));
            child_x += tree.total(c).max(0) as f64 * scale;
        }
        stack.extend(placed.into_iter().rev());
    }
    out
}
