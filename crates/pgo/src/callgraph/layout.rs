//! The call graph laid out (layered, top to bottom, by layout-rs) for a canvas: each node's box
//! and each edge's path, in layout pixels.

use layout::core::base::Orientation;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
use layout::topo::layout::VisualGraph;
use serde::{Deserialize, Serialize};

use super::PgoCallGraph;

/// Width of a character of a node's label, and a label line's height, in layout pixels.
const CHAR_PX: f64 = 7.0;
const LINE_PX: f64 = 16.0;
/// Labels are cut to this many characters.
const MAX_LABEL_CHARS: usize = 48;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LaidNode {
    /// Top-left corner and size.
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LaidEdge {
    /// The curve as layout-rs draws it (its SVG `d`: `M p0.0 C p0.1, p1.0, p1.1`, then
    /// `S pi.0, pi.1` for each further pair): it starts at `path[0].0` and ends at the last `.1`.
    pub path: Vec<((f64, f64), (f64, f64))>,
}

/// Boxes in the order of the graph's nodes, paths in the order of its edges (empty when layout-rs
/// drew none), and the drawing's size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphLayout {
    pub nodes: Vec<LaidNode>,
    pub edges: Vec<LaidEdge>,
    pub width: f64,
    pub height: f64,
}

/// The node's label as drawn: its name (cut) over its flat and cum share.
pub fn label(g: &PgoCallGraph, i: usize) -> String {
    let n = &g.nodes[i];
    let pct = |v: i64| if g.total == 0 { 0.0 } else { 100.0 * v as f64 / g.total as f64 };
    let name: String = n.function.chars().take(MAX_LABEL_CHARS).collect();
    format!("{name}\n{:.1}% of {:.1}%", pct(n.flat), pct(n.cum))
}

pub fn lay_out(g: &PgoCallGraph) -> GraphLayout {
    let mut visual = VisualGraph::new(Orientation::TopToBottom);
    let handles: Vec<_> = (0..g.nodes.len())
        .map(|i| {
            let text = label(g, i);
            let chars = text.lines().map(|l| l.chars().count()).max().unwrap_or(1);
            let size = Point::new(chars as f64 * CHAR_PX + 16.0, 2.0 * LINE_PX + 10.0);
            let shape = ShapeKind::new_box(&text);
            let look = StyleAttr::simple();
            let element = Element::create_with_properties(
                shape,
                look,
                Orientation::TopToBottom,
                size,
                format!("n{i}"),
            );
            visual.add_node(element)
        })
        .collect();
    let index = |name: &str| g.nodes.iter().position(|n| n.function == name);
    for (j, e) in g.edges.iter().enumerate() {
        let (Some(from), Some(to)) = (index(&e.caller), index(&e.callee)) else { continue };
        let arrow = Arrow::simple_with_properties("", format!("e{j}"));
        visual.add_edge(arrow, handles[from], handles[to]);
    }
    let mut recorder = Recorder::default();
    if !g.nodes.is_empty() {
        visual.do_it(false, false, false, &mut recorder);
    }
    recorder.into_layout(g.nodes.len(), g.edges.len())
}

/// A rendering backend that keeps where layout-rs put the boxes and arrows it names.
#[derive(Default)]
struct Recorder {
    rects: Vec<(usize, LaidNode)>,
    arrows: Vec<(usize, LaidEdge)>,
}

/// The number after the one-letter prefix of a property (`n12`, `e3`).
fn numbered(properties: &Option<String>, prefix: char) -> Option<usize> {
    properties.as_deref()?.strip_prefix(prefix)?.parse().ok()
}

impl Recorder {
    fn into_layout(self, nodes: usize, edges: usize) -> GraphLayout {
        let mut laid = vec![LaidNode { x: 0.0, y: 0.0, width: 0.0, height: 0.0 }; nodes];
        for (i, r) in self.rects {
            laid[i] = r;
        }
        let mut paths = vec![LaidEdge { path: Vec::new() }; edges];
        // An edge split over several layers may be drawn in pieces: they join in drawing order.
        for (j, a) in self.arrows {
            paths[j].path.extend(a.path);
        }
        let width = laid.iter().map(|n| n.x + n.width).fold(0.0, f64::max);
        let height = laid.iter().map(|n| n.y + n.height).fold(0.0, f64::max);
        GraphLayout { nodes: laid, edges: paths, width, height }
    }
}

impl RenderBackend for Recorder {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        _look: &StyleAttr,
        properties: Option<String>,
        _clip: Option<ClipHandle>,
    ) {
        if let Some(i) = numbered(&properties, 'n') {
            let node = LaidNode { x: xy.x, y: xy.y, width: size.x, height: size.y };
            self.rects.push((i, node));
        }
    }

    fn draw_line(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}

    fn draw_circle(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}

    fn draw_text(&mut self, _: Point, _: &str, _: &StyleAttr) {}

    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        _dashed: bool,
        _head: (bool, bool),
        _look: &StyleAttr,
        properties: Option<String>,
        _text: &str,
    ) {
        if let Some(j) = numbered(&properties, 'e') {
            let path = path.iter().map(|(p, c)| ((p.x, p.y), (c.x, c.y))).collect();
            self.arrows.push((j, LaidEdge { path }));
        }
    }

    fn create_clip(&mut self, _: Point, _: Point, _: usize) -> ClipHandle {
        0
    }
}
