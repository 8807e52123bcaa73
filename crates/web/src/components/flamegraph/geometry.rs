//! Where things are on the flame graph: rectangles grouped by level, rows ↔ levels for both
//! orientations, hit testing, and the zoomed frame as a path of function names.

use pgoscope_flame::{layout, CallTree, FlameRect, LayoutOptions, NodeId};

/// Height of one row in CSS pixels.
pub const ROW_PX: f64 = 18.0;

/// The laid-out subtree of the zoomed frame. Invariant: `by_level[l]` holds the rectangles of level
/// `l` in increasing `x` (layout emits them depth first, left to right), so a row is searched by
/// bisection.
#[derive(Debug, PartialEq)]
pub struct Levels {
    pub by_level: Vec<Vec<FlameRect>>,
}

impl Levels {
    /// Lays out the subtree of `zoom`, dropping nodes narrower than one of `width_px` pixels.
    pub fn new(tree: &CallTree, zoom: NodeId, width_px: f64) -> Levels {
        let options =
            LayoutOptions { zoom, min_width: 1.0 / width_px.max(1.0), ..LayoutOptions::default() };
        let mut by_level: Vec<Vec<FlameRect>> = Vec::new();
        for r in layout(tree, &options) {
            let level = r.level as usize;
            if by_level.len() <= level {
                by_level.resize_with(level + 1, Vec::new);
            }
            by_level[level].push(r);
        }
        Levels { by_level }
    }

    /// Number of levels (at least 1, so an empty view still has a row).
    pub fn count(&self) -> u32 {
        self.by_level.len().max(1) as u32
    }

    /// Full height of the graph in CSS pixels.
    pub fn height_px(&self) -> f64 {
        f64::from(self.count()) * ROW_PX
    }

    /// Level shown on a row: rows count from the top; in flame mode (`up`) level 0 is the last row.
    pub fn level_of_row(&self, row: u32, up: bool) -> u32 {
        if up {
            self.count().saturating_sub(row + 1)
        } else {
            row
        }
    }

    /// The rectangle under a point given as a fraction of the width and a y in graph pixels.
    pub fn hit(&self, x_frac: f64, y_px: f64, up: bool) -> Option<NodeId> {
        if y_px < 0.0 {
            return None;
        }
        let level = self.level_of_row((y_px / ROW_PX) as u32, up);
        let rects = self.by_level.get(level as usize)?;
        let i = rects.partition_point(|r| r.x + r.width <= x_frac);
        rects.get(i).filter(|r| r.x <= x_frac).map(|r| NodeId(r.node))
    }
}

/// Follows a path of function names from the root as far as it exists in `tree`.
pub fn resolve_path(tree: &CallTree, names: &[String]) -> NodeId {
    let mut at = NodeId::ROOT;
    for name in names {
        let next = tree.children[at.0 as usize].iter().find(|c| tree.name(**c) == name);
        match next {
            Some(&child) => at = child,
            None => break,
        }
    }
    at
}

/// The function names from the root's child down to `node` (inverse of [`resolve_path`]).
pub fn path_names(tree: &CallTree, node: NodeId) -> Vec<String> {
    tree.path(node).into_iter().map(|n| tree.name(n).to_owned()).collect()
}
