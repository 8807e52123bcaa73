//! What a flame graph view needs to draw one zoom level, without the tree: the rectangles wider than
//! a pixel, each with its function, values and parent. A big tree stays where it was built (the
//! worker); only this, sized by the screen, travels to the page.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::layout::{layout, LayoutOptions};
use crate::tree::{CallTree, NodeId};

/// Marks "none" in [`FrameRect::parent`] and [`FrameRect::function`].
pub const NONE: u32 = u32::MAX;

/// One drawn node. `x` and `width` are fractions of the zoomed frame's width; `level` counts from it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FrameRect {
    /// The tree node drawn.
    pub node: u32,
    /// Index of the parent's rectangle in [`Frame::rects`] (`NONE` for the zoomed frame).
    pub parent: u32,
    /// Index into [`CallTree::names`] (`NONE` for the root).
    pub function: u32,
    pub level: u32,
    pub x: f64,
    pub width: f64,
    pub total: i64,
    pub self_value: i64,
}

/// The zoomed subtree laid out for a width in pixels. Invariant: `rects[0]` is the zoomed frame
/// (when the tree is not empty) and parents come before their children.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Frame {
    /// Function names from the root's child to the zoomed frame: the requested path, cut where the
    /// tree has no such node.
    pub zoom_path: Vec<String>,
    pub rects: Vec<FrameRect>,
    /// Value of the whole tree (the root), for "% of all".
    pub root_total: i64,
    /// Value of the zoomed frame's parent (its own value at the root), for "% of parent".
    pub zoom_parent_total: i64,
}

impl Frame {
    /// Lays out the subtree at `zoom_path` (function names from the root), leaving out nodes
    /// narrower than one of `width_px` pixels.
    pub fn build(tree: &CallTree, zoom_path: &[String], width_px: f64) -> Frame {
        let zoom = resolve_path(tree, zoom_path);
        let options =
            LayoutOptions { zoom, min_width: 1.0 / width_px.max(1.0), ..LayoutOptions::default() };
        let placed = layout(tree, &options);
        let mut index_of: FxHashMap<u32, u32> = FxHashMap::default();
        let mut rects = Vec::with_capacity(placed.len());
        for r in placed {
            let node = tree.node(NodeId(r.node));
            let parent = if r.node == zoom.0 {
                NONE
            } else {
                node.parent.and_then(|p| index_of.get(&p.0).copied()).unwrap_or(NONE)
            };
            index_of.insert(r.node, rects.len() as u32);
            rects.push(FrameRect {
                node: r.node,
                parent,
                function: node.function.map_or(NONE, |f| f.0),
                level: r.level,
                x: r.x,
                width: r.width,
                total: node.total,
                self_value: node.self_value,
            });
        }
        let root_total = tree.total(NodeId::ROOT);
        Frame {
            zoom_path: tree.path(zoom).into_iter().map(|n| tree.name(n).to_owned()).collect(),
            rects,
            root_total,
            zoom_parent_total: tree.parent(zoom).map_or(root_total, |p| tree.total(p)),
        }
    }

    /// Function names from the root's child to the rectangle at `index`.
    pub fn path_of(&self, names: &[String], index: usize) -> Vec<String> {
        let mut tail = Vec::new();
        let mut at = index as u32;
        while at != NONE && at != 0 {
            let r = &self.rects[at as usize];
            tail.push(names[r.function as usize].clone());
            at = r.parent;
        }
        tail.reverse();
        let mut path = self.zoom_path.clone();
        path.extend(tail);
        path
    }

    /// The frame zoomed into `path`, a descendant of this frame's zoomed frame, made from the
    /// rectangles already here: an instant preview until the exact frame (with the nodes that were
    /// too narrow to send at this zoom) arrives. `None` when `path` is not drawn here.
    pub fn zoomed_in(&self, names: &[String], path: &[String]) -> Option<Frame> {
        let tail = path.strip_prefix(self.zoom_path.as_slice())?;
        if tail.is_empty() || self.rects.is_empty() {
            return None;
        }
        let mut at = 0usize;
        for name in tail {
            at = (at + 1..self.rects.len()).find(|&j| {
                self.rects[j].parent == at as u32
                    && names.get(self.rects[j].function as usize) == Some(name)
            })?;
        }
        let base = self.rects[at];
        // Preorder: the subtree runs until the next rectangle at the same level or above.
        let end = (at + 1..self.rects.len())
            .find(|&j| self.rects[j].level <= base.level)
            .unwrap_or(self.rects.len());
        let rects = self.rects[at..end]
            .iter()
            .map(|r| FrameRect {
                parent: if r.parent == NONE || r.parent < at as u32 {
                    NONE
                } else {
                    r.parent - at as u32
                },
                level: r.level - base.level,
                x: (r.x - base.x) / base.width,
                width: r.width / base.width,
                ..*r
            })
            .collect();
        Some(Frame {
            zoom_path: path.to_vec(),
            rects,
            root_total: self.root_total,
            zoom_parent_total: self.parent_total(at),
        })
    }

    /// Value of the rectangle's parent (for "% of parent").
    pub fn parent_total(&self, index: usize) -> i64 {
        match self.rects[index].parent {
            NONE => self.zoom_parent_total,
            p => self.rects[p as usize].total,
        }
    }
}

/// Follows a path of function names from the root as far as it exists in `tree`.
pub fn resolve_path(tree: &CallTree, names: &[String]) -> NodeId {
    let mut at = NodeId::ROOT;
    for name in names {
        match tree.children(at).find(|c| tree.name(*c) == name) {
            Some(child) => at = child,
            None => break,
        }
    }
    at
}
