//! Painting the laid-out call graph on a canvas: edges as layout-rs's curves (Go's hot edges red and
//! thick, inlined calls dashed), nodes as boxes whose colour follows their flat share.

use crate::protocol::GraphView;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// The smallest scale the first view uses: labels stay legible (the wheel zooms out further).
const MIN_READABLE_SCALE: f64 = 0.6;

/// The part of the layout shown: its scale and the layout point at the canvas's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Camera {
    pub scale: f64,
    pub x: f64,
    pub y: f64,
}

impl Camera {
    /// The first camera on a layout of `width × height` in a canvas of `canvas_w × canvas_h`: the
    /// whole layout when it fits at a readable scale, else readable and centred on `focus_x` (a
    /// layout x), from the top.
    pub fn fit(width: f64, height: f64, canvas_w: f64, canvas_h: f64, focus_x: f64) -> Camera {
        let whole = (canvas_w / (width + 40.0)).min(canvas_h / (height + 40.0));
        let scale = whole.clamp(MIN_READABLE_SCALE, 1.5);
        let shown_w = canvas_w / scale;
        let x = if shown_w >= width + 40.0 {
            (width - shown_w) / 2.0
        } else {
            (focus_x - shown_w / 2.0).clamp(-20.0, width + 20.0 - shown_w)
        };
        Camera { scale, x, y: -20.0 }
    }

    /// The layout point under a canvas point (CSS pixels).
    pub fn to_layout(self, px: f64, py: f64) -> (f64, f64) {
        (self.x + px / self.scale, self.y + py / self.scale)
    }
}

pub const HOT_COLOUR: &str = "#d62728";
/// A call a compared candidate shows inlined.
const INLINED_AFTER_COLOUR: &str = "#2ca02c";
/// The outline of nodes the search matches.
const MATCH_COLOUR: &str = "#1f77b4";
const EDGE_COLOUR: &str = "#8c8c8c";

/// The fill of a node with `flat` of `max_flat`: pale to saturated red, as pprof shades nodes.
pub fn node_fill(flat: i64, max_flat: i64) -> String {
    let share = if max_flat <= 0 { 0.0 } else { (flat as f64 / max_flat as f64).clamp(0.0, 1.0) };
    format!("hsl(8, {:.0}%, {:.0}%)", 20.0 + 60.0 * share, 96.0 - 30.0 * share)
}

/// An edge's stroke width for `weight` of `max_weight`.
pub fn edge_width(weight: i64, max_weight: i64) -> f64 {
    1.0 + 5.0 * (weight.max(0) as f64 / max_weight.max(1) as f64)
}

/// Paints `view`: `inlined_after` are the calls a compared candidate shows inlined (drawn dashed,
/// in the inlined colour); nodes the search matches are outlined.
pub fn draw(
    canvas: &HtmlCanvasElement,
    view: &GraphView,
    inlined_after: &[(String, String)],
    cam: Camera,
) {
    let (graph, layout) = (&view.graph, &view.layout);
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    let (w, h) = (f64::from(canvas.client_width()), f64::from(canvas.client_height()));
    canvas.set_width((w * dpr) as u32);
    canvas.set_height((h * dpr) as u32);
    let Some(ctx) = context(canvas) else { return };
    let _ = ctx.set_transform(
        dpr * cam.scale,
        0.0,
        0.0,
        dpr * cam.scale,
        -cam.x * dpr * cam.scale,
        -cam.y * dpr * cam.scale,
    );
    let max_weight = graph.edges.iter().map(|e| e.weight).max().unwrap_or(1);
    for (e, laid) in graph.edges.iter().zip(&layout.edges) {
        let Some(first) = laid.path.first() else { continue };
        ctx.begin_path();
        ctx.move_to(first.0 .0, first.0 .1);
        let mut previous_control = first.1;
        for (i, &(p, c)) in laid.path.iter().enumerate().skip(1) {
            if i == 1 {
                ctx.bezier_curve_to(first.1 .0, first.1 .1, p.0, p.1, c.0, c.1);
            } else {
                // SVG's `S`: the first control point mirrors the last one about the current point.
                let (cx, cy) = (2.0 * c.0 - previous_control.0, 2.0 * c.1 - previous_control.1);
                ctx.bezier_curve_to(cx, cy, p.0, p.1, c.0, c.1);
            }
            previous_control = p;
        }
        let now_inlined = inlined_after.iter().any(|(a, b)| *a == e.caller && *b == e.callee);
        let colour = match (now_inlined, e.hot) {
            (true, _) => INLINED_AFTER_COLOUR,
            (false, true) => HOT_COLOUR,
            (false, false) => EDGE_COLOUR,
        };
        ctx.set_stroke_style_str(colour);
        ctx.set_line_width(edge_width(e.weight, max_weight) + if e.hot { 1.5 } else { 0.0 });
        let dash = js_sys::Array::new();
        if e.inline || now_inlined {
            dash.push(&6.0.into());
            dash.push(&4.0.into());
        }
        let _ = ctx.set_line_dash(&dash);
        ctx.stroke();
        if let Some(&(before, end)) = laid.path.last() {
            arrow_head(&ctx, before, end, colour);
        }
    }
    let _ = ctx.set_line_dash(&js_sys::Array::new());
    let max_flat = graph.nodes.iter().map(|n| n.flat).max().unwrap_or(1);
    ctx.set_font("12px system-ui, sans-serif");
    ctx.set_text_baseline("middle");
    for (i, (n, b)) in graph.nodes.iter().zip(&layout.nodes).enumerate() {
        ctx.set_fill_style_str(&node_fill(n.flat, max_flat));
        ctx.fill_rect(b.x, b.y, b.width, b.height);
        ctx.set_stroke_style_str("#555");
        ctx.set_line_width(1.0);
        ctx.stroke_rect(b.x, b.y, b.width, b.height);
        if view.matched.get(i).copied().unwrap_or(false) {
            ctx.set_stroke_style_str(MATCH_COLOUR);
            ctx.set_line_width(3.0);
            ctx.stroke_rect(b.x - 2.0, b.y - 2.0, b.width + 4.0, b.height + 4.0);
        }
        ctx.set_fill_style_str("#1d1d1f");
        let label = pgoscope_pgo::callgraph::label(graph, i);
        for (k, line) in label.lines().enumerate() {
            let _ = ctx.fill_text(line, b.x + 6.0, b.y + 12.0 + 16.0 * k as f64);
        }
    }
}

fn arrow_head(ctx: &CanvasRenderingContext2d, from: (f64, f64), to: (f64, f64), colour: &str) {
    let angle = (to.1 - from.1).atan2(to.0 - from.0);
    let size = 8.0;
    ctx.begin_path();
    ctx.move_to(to.0, to.1);
    for side in [-0.45f64, 0.45] {
        ctx.line_to(to.0 - size * (angle + side).cos(), to.1 - size * (angle + side).sin());
    }
    ctx.close_path();
    ctx.set_fill_style_str(colour);
    ctx.fill();
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into::<CanvasRenderingContext2d>().ok()
}
