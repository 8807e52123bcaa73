//! Drawing the visible rows of the flame graph onto a canvas the size of the viewport: deep stacks
//! scroll without a giant canvas, and a frame costs only what is on screen.

use pgoscope_flame::{CallTree, NodeId};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::geometry::{Levels, ROW_PX};
use super::search::SearchResult;

/// The part of the graph on screen, in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    pub width: f64,
    pub height: f64,
    /// Graph pixels scrolled above the canvas.
    pub scroll_top: f64,
    /// Flame (roots at the bottom) instead of icicle.
    pub up: bool,
}

/// A stable warm colour per function, derived from its package (the part of the name before the
/// first `.` after the last `/`).
pub fn palette(tree: &CallTree) -> Vec<String> {
    tree.names.iter().map(|n| colour(n)).collect()
}

fn colour(name: &str) -> String {
    let tail = name.rsplit('/').next().unwrap_or(name);
    let package = match tail.find('.') {
        Some(dot) => &name[..name.len() - tail.len() + dot],
        None => name,
    };
    let hash =
        package.bytes().fold(2166136261u32, |h, b| (h ^ u32::from(b)).wrapping_mul(16777619));
    let hue = 10 + hash % 45;
    let light = 55 + (hash >> 8) % 15;
    format!("hsl({hue}, 80%, {light}%)")
}

const DIMMED: &str = "hsl(0, 0%, 85%)";
const MATCHED: &str = "hsl(285, 70%, 62%)";

/// Sizes the canvas for the viewport (HiDPI) and draws the rows in view.
pub fn draw(
    canvas: &HtmlCanvasElement,
    tree: &CallTree,
    levels: &Levels,
    search: &SearchResult,
    colours: &[String],
    vp: Viewport,
) {
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    let (w, h) = ((vp.width * dpr).round() as u32, (vp.height * dpr).round() as u32);
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
    }
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, vp.width, vp.height);
    ctx.set_font("12px system-ui, sans-serif");
    ctx.set_text_baseline("middle");
    let first_row = (vp.scroll_top / ROW_PX).floor().max(0.0) as u32;
    let last_row = ((vp.scroll_top + vp.height) / ROW_PX).ceil() as u32;
    for row in first_row..last_row.min(levels.count()) {
        let level = levels.level_of_row(row, vp.up) as usize;
        let Some(rects) = levels.by_level.get(level) else { continue };
        let y = f64::from(row) * ROW_PX - vp.scroll_top;
        for r in rects {
            let node = NodeId(r.node);
            let fill = match tree.node(node).function {
                Some(_) if search.active && search.node_matches(tree, node) => MATCHED,
                _ if search.active => DIMMED,
                Some(f) => colours[f.0 as usize].as_str(),
                None => "hsl(30, 10%, 78%)",
            };
            let (x, width) = (r.x * vp.width, r.width * vp.width);
            ctx.set_fill_style_str(fill);
            ctx.fill_rect(x, y, (width - 0.5).max(0.5), ROW_PX - 1.0);
            if width > 28.0 {
                ctx.set_fill_style_str("#1d1d1f");
                let label = fit_label(&ctx, tree.name(node), width - 6.0);
                let _ = ctx.fill_text(&label, x + 3.0, y + ROW_PX / 2.0);
            }
        }
    }
}

/// The longest prefix of `name` (with an ellipsis) that fits in `max_px`: one measurement gives
/// the average glyph width, a few more trim the estimate.
fn fit_label(ctx: &CanvasRenderingContext2d, name: &str, max_px: f64) -> String {
    let width = |s: &str| ctx.measure_text(s).map_or(0.0, |m| m.width());
    let full = width(name);
    if full <= max_px {
        return name.to_owned();
    }
    let chars: Vec<char> = name.chars().collect();
    let per_char = full / chars.len().max(1) as f64;
    let mut keep = ((max_px / per_char) as usize).min(chars.len()).saturating_sub(1);
    while keep > 0 {
        let candidate: String = chars[..keep].iter().collect::<String>() + "…";
        if width(&candidate) <= max_px {
            return candidate;
        }
        keep -= 1;
    }
    String::new()
}
