//! Drawing the visible rows of the flame graph onto a canvas the size of the viewport: deep stacks
//! scroll without a giant canvas, and a frame costs only what is on screen.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use pgoscope_flame::{Frame, NONE};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::geometry::{rect_name, Levels, ROW_PX};
use crate::protocol::FlameView;

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
pub fn palette(names: &[String]) -> Vec<String> {
    names.iter().map(|n| colour(n)).collect()
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

/// A rectangle to fill: x, y, width in CSS pixels (height is a row).
type Strip = (f64, f64, f64);

const DIMMED: &str = "hsl(0, 0%, 85%)";
const MATCHED: &str = "hsl(285, 70%, 62%)";
const ROOT: &str = "hsl(30, 10%, 78%)";

/// Sizes the canvas for the viewport (HiDPI) and draws the rows in view.
pub fn draw(
    canvas: &HtmlCanvasElement,
    flame: &FlameView,
    levels: &Levels,
    names: &[String],
    colours: &[String],
    vp: Viewport,
    glyphs: &GlyphWidths,
) {
    let frame: &Frame = &flame.frame;
    let searching = !flame.request.search.is_empty();
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    let (w, h) = ((vp.width * dpr).round() as u32, (vp.height * dpr).round() as u32);
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
    }
    let Some(ctx) = label_context(canvas, dpr) else { return };
    ctx.clear_rect(0.0, 0.0, vp.width, vp.height);
    // Rectangles are batched per colour and labels drawn after them with one style: setting a
    // canvas style string is slow, and so is switching between fills and text.
    let mut by_fill: HashMap<&str, Vec<Strip>> = HashMap::new();
    let mut labels: Vec<(&str, f64, f64, f64)> = Vec::new();
    let first_row = (vp.scroll_top / ROW_PX).floor().max(0.0) as u32;
    let last_row = ((vp.scroll_top + vp.height) / ROW_PX).ceil() as u32;
    for row in first_row..last_row.min(levels.count()) {
        let level = levels.level_of_row(row, vp.up) as usize;
        let Some(rects) = levels.by_level.get(level) else { continue };
        let y = f64::from(row) * ROW_PX - vp.scroll_top;
        for &i in rects {
            let r = &frame.rects[i as usize];
            let f = r.function as usize;
            let fill = match r.function {
                NONE if searching => DIMMED,
                NONE => ROOT,
                _ if searching && flame.matched[f] => MATCHED,
                _ if searching => DIMMED,
                _ => colours[f].as_str(),
            };
            let (x, width) = (r.x * vp.width, r.width * vp.width);
            by_fill.entry(fill).or_default().push((x, y, width));
            if width > 28.0 {
                let name = rect_name(names, r.function);
                labels.push((name, x, y, width));
            }
        }
    }
    for (fill, rects) in &by_fill {
        ctx.set_fill_style_str(fill);
        for &(x, y, width) in rects {
            let (left, right) = snapped(x, width);
            ctx.fill_rect(left, y, right - left, ROW_PX - 1.0);
        }
    }
    ctx.set_fill_style_str("#1d1d1f");
    let fitter = LabelFitter::new(&ctx, glyphs);
    for (name, x, y, width) in labels {
        let label = fitter.fit(name, width - 6.0);
        if !label.is_empty() {
            let _ = ctx.fill_text(&label, x + 3.0, y + ROW_PX / 2.0);
        }
    }
}

/// A rectangle's left and right edges on whole pixels, a pixel apart from its right neighbour when
/// it is wide enough to spare one. Whole pixels are filled without anti-aliasing: in software
/// rendering that halves the cost of a frame.
pub fn snapped(x: f64, width: f64) -> (f64, f64) {
    let (left, right) = (x.round(), (x + width).round());
    match right - left {
        w if w > 2.0 => (left, right - 1.0),
        w if w < 1.0 => (left, left + 1.0),
        _ => (left, right),
    }
}

/// The canvas's 2D context scaled for HiDPI, with the labels' font and baseline set.
pub fn label_context(canvas: &HtmlCanvasElement, dpr: f64) -> Option<CanvasRenderingContext2d> {
    let ctx =
        canvas.get_context("2d").ok().flatten()?.dyn_into::<CanvasRenderingContext2d>().ok()?;
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.set_font("12px system-ui, sans-serif");
    ctx.set_text_baseline("middle");
    Some(ctx)
}

/// Widths of the characters met so far in the labels' font (it never changes), in CSS pixels. Each
/// canvas component keeps one (`use_mut_ref`) for as long as it lives.
pub type GlyphWidths = RefCell<HashMap<char, f64>>;

/// Fits labels to rectangles by adding up their characters' widths, each measured once per page:
/// measuring every candidate label took most of a zoom's drawing time.
pub struct LabelFitter<'a> {
    ctx: &'a CanvasRenderingContext2d,
    glyphs: &'a GlyphWidths,
    ellipsis_px: f64,
}

/// Room kept at the end of a fitted label: adding up glyphs ignores kerning.
const SLACK_PX: f64 = 1.0;

impl<'a> LabelFitter<'a> {
    pub fn new(ctx: &'a CanvasRenderingContext2d, glyphs: &'a GlyphWidths) -> LabelFitter<'a> {
        let mut fitter = LabelFitter { ctx, glyphs, ellipsis_px: 0.0 };
        fitter.ellipsis_px = fitter.glyph_px('…');
        fitter
    }

    fn glyph_px(&self, c: char) -> f64 {
        *self.glyphs.borrow_mut().entry(c).or_insert_with(|| {
            let text = c.to_string();
            self.ctx.measure_text(&text).map_or(8.0, |m| m.width())
        })
    }

    /// The longest prefix of `name` (with an ellipsis when cut) that fits in `max_px`; empty when
    /// not even one character and the ellipsis fit.
    pub fn fit<'n>(&self, name: &'n str, max_px: f64) -> Cow<'n, str> {
        fit_label(name, max_px - SLACK_PX, self.ellipsis_px, |c| self.glyph_px(c))
    }
}

/// [`LabelFitter::fit`] with the glyph widths given.
fn fit_label(
    name: &str,
    room_px: f64,
    ellipsis_px: f64,
    mut glyph_px: impl FnMut(char) -> f64,
) -> Cow<'_, str> {
    let mut width = 0.0;
    // End of the longest prefix that fits with an ellipsis after it.
    let mut cut = 0;
    for (at, c) in name.char_indices() {
        width += glyph_px(c);
        if width > room_px {
            return match cut {
                0 => Cow::Borrowed(""),
                _ => Cow::Owned(format!("{}…", &name[..cut])),
            };
        }
        if width + ellipsis_px <= room_px {
            cut = at + c.len_utf8();
        }
    }
    Cow::Borrowed(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every glyph 5 px wide, the ellipsis 4 px.
    fn fit(name: &str, room_px: f64) -> String {
        fit_label(name, room_px, 4.0, |_| 5.0).into_owned()
    }

    #[test]
    fn labels_fit_whole_or_cut_with_an_ellipsis() {
        assert_eq!(fit("runtime", 35.0), "runtime");
        assert_eq!(fit("runtime", 34.0), "runtim…");
        assert_eq!(fit("runtime", 20.0), "run…");
        // One character and the ellipsis need 9 px.
        assert_eq!(fit("runtime", 9.0), "r…");
        assert_eq!(fit("runtime", 8.0), "");
        assert_eq!(fit("", 0.0), "");
    }

    #[test]
    fn labels_cut_on_character_boundaries() {
        assert_eq!(fit("αβγδε", 20.0), "αβγ…");
        assert_eq!(fit("日本語", 15.0), "日本語");
    }

    #[test]
    fn rectangles_sit_on_whole_pixels() {
        assert_eq!(snapped(10.4, 20.2), (10.0, 30.0));
        assert_eq!(snapped(10.4, 0.2), (10.0, 11.0));
        assert_eq!(snapped(10.6, 1.6), (11.0, 12.0));
    }
}
