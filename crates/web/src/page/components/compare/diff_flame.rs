//! The diff flame graph: each frame as wide as its value before plus after, coloured by relative
//! change (red slower, green faster, grey within ±2 %; or orange/blue for colour-blind eyes).
//! Frames only in the candidate get a solid outline, frames gone from it a dashed one. A click zooms
//! to a frame (the worker lays it out from the diff tree it keeps); the breadcrumb goes back.

use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::format_compared;
use crate::page::components::flamegraph::{
    breadcrumb, label_context, rect_name, snapped, GlyphWidths, LabelFitter, Levels, ROW_PX,
};
use crate::protocol::{CompareView, DiffFrame, Shared};

/// Taller graphs are cut at this height (the table and the analysis view have the deep frames).
const MAX_HEIGHT_PX: f64 = 4000.0;
/// Changes smaller than this share are drawn as "same".
const SAME: f64 = 0.02;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: Shared<CompareView>,
    /// The graph at its current zoom.
    pub frame: Shared<DiffFrame>,
    /// Zoom to a frame given as function names from the root (empty = reset).
    pub on_zoom: Callback<Vec<String>>,
}

/// The rectangle under the mouse, in the frame it was found in, and the point.
type Hover = (Shared<DiffFrame>, usize, f64, f64);

#[function_component(DiffFlame)]
pub fn diff_flame(props: &Props) -> Html {
    let canvas = use_node_ref();
    let hover = use_state(|| None::<Hover>);
    let colour_blind = use_state(|| false);
    let glyphs = use_mut_ref(std::collections::HashMap::<char, f64>::new);
    let (view, frame) = (props.view.clone(), props.frame.clone());
    let levels = {
        let frame = frame.clone();
        use_memo(frame.clone(), move |_| Levels::new(&frame.frame))
    };
    let height = levels.height_px().min(MAX_HEIGHT_PX);
    {
        let (canvas, names, glyphs) = (canvas.clone(), view.clone(), glyphs.clone());
        use_effect_with((frame.clone(), *colour_blind), move |(frame, cb)| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                draw(&c, &names.names, frame, height, *cb, &glyphs);
            }
        });
    }
    let onmousemove = {
        let (hover, frame, levels) = (hover.clone(), frame.clone(), levels.clone());
        Callback::from(move |e: MouseEvent| {
            let Some(c) = e.target().and_then(|t| t.dyn_into::<HtmlCanvasElement>().ok()) else {
                return;
            };
            let (x, y) = (f64::from(e.offset_x()), f64::from(e.offset_y()));
            let frac = x / f64::from(c.client_width().max(1));
            let hit = levels.hit(&frame.frame, frac, y, false);
            hover.set(hit.map(|i| (frame.clone(), i, x, y)));
        })
    };
    let onmouseleave = {
        let hover = hover.clone();
        Callback::from(move |_| hover.set(None))
    };
    let onclick = {
        let (hover, frame, view, on_zoom) =
            (hover.clone(), frame.clone(), view.clone(), props.on_zoom.clone());
        Callback::from(move |_| {
            if let Some((_, i, ..)) = hover.as_ref().filter(|h| h.0 == frame) {
                on_zoom.emit(frame.frame.path_of(&view.names, *i));
            }
        })
    };
    let toggle = {
        let cb = colour_blind.clone();
        Callback::from(move |_| cb.set(!*cb))
    };
    html! {
        <div class="diff-flame">
            <div class="panel-head">
                <h3>{ "Diff flame graph" }</h3>
                { breadcrumb(&frame.frame.zoom_path, &props.on_zoom, "diff-breadcrumb") }
                <span class="legend">
                    <span class={classes!("swatch", if *colour_blind { "cb-worse" } else { "worse" })} />{ " slower " }
                    <span class={classes!("swatch", if *colour_blind { "cb-better" } else { "better" })} />{ " faster " }
                    <span class="swatch same" />{ " same · solid outline: only in the candidate · dashed: gone" }
                </span>
                <label><input type="checkbox" checked={*colour_blind} onchange={toggle} data-testid="colour-blind" />{ " colour-blind palette" }</label>
            </div>
            <div class="flame-wrap" style={format!("max-height:{}px", height.min(600.0))}>
                <canvas ref={canvas} data-testid="diff-flamegraph" style={format!("height:{height}px")}
                    data-rects={frame.frame.rects.len().to_string()}
                    {onmousemove} {onmouseleave} {onclick} />
                if let Some((_, i, x, y)) = hover.as_ref().filter(|h| h.0 == frame) {
                    { tooltip(&view, &frame, *i, *x, *y) }
                }
            </div>
        </div>
    }
}

fn tooltip(view: &CompareView, frame: &DiffFrame, i: usize, x: f64, y: f64) -> Html {
    let r = &frame.frame.rects[i];
    let name = rect_name(&view.names, r.function);
    let (before, after) = (frame.before[i], frame.after[i]);
    let delta = after - before;
    let pct = if before == 0 {
        "new".to_owned()
    } else {
        format!("{:+.2}%", 100.0 * delta as f64 / before as f64)
    };
    html! {
        <div class="tooltip" data-testid="diff-tooltip" style={format!("left:{}px;top:{}px", x + 14.0, y + 14.0)}>
            <div class="tt-name">{ name }</div>
            <div>{ format!("before {} · after {}", format_compared(before, view), format_compared(after, view)) }</div>
            <div>{ format!("Δ {} ({pct})", format_compared(delta, view)) }</div>
        </div>
    }
}

/// Fill for a relative change; `None` sides are handled by the caller's outline.
fn fill(before: i64, after: i64, colour_blind: bool) -> String {
    let rel = if before == 0 { 1.0 } else { (after - before) as f64 / before as f64 };
    if rel.abs() < SAME {
        return "hsl(0, 0%, 80%)".into();
    }
    let strength = rel.abs().min(1.0);
    let light = 85.0 - 35.0 * strength;
    let hue = match (rel > 0.0, colour_blind) {
        (true, false) => 0.0,
        (false, false) => 120.0,
        (true, true) => 30.0,
        (false, true) => 215.0,
    };
    format!("hsl({hue}, 75%, {light:.0}%)")
}

fn draw(
    canvas: &HtmlCanvasElement,
    names: &[String],
    view: &DiffFrame,
    height: f64,
    colour_blind: bool,
    glyphs: &GlyphWidths,
) {
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    let width = f64::from(canvas.client_width().max(300));
    canvas.set_width((width * dpr) as u32);
    canvas.set_height((height * dpr) as u32);
    let Some(ctx) = label_context(canvas, dpr) else { return };
    let fitter = LabelFitter::new(&ctx, glyphs);
    for (i, r) in view.frame.rects.iter().enumerate() {
        let y = f64::from(r.level) * ROW_PX;
        if y + ROW_PX > height {
            continue;
        }
        let (x, w) = (r.x * width, r.width * width);
        let (before, after) = (view.before[i], view.after[i]);
        ctx.set_fill_style_str(&fill(before, after, colour_blind));
        let (left, right) = snapped(x, w);
        ctx.fill_rect(left, y, right - left, ROW_PX - 1.0);
        if (before == 0 || after == 0) && w > 3.0 {
            let dash = js_sys::Array::new();
            if after == 0 {
                dash.push(&3.0.into());
                dash.push(&2.0.into());
            }
            let _ = ctx.set_line_dash(&dash);
            ctx.set_stroke_style_str("#1d1d1f");
            ctx.stroke_rect(left + 0.5, y + 0.5, right - left - 1.0, ROW_PX - 2.0);
            let _ = ctx.set_line_dash(&js_sys::Array::new());
        }
        if w > 40.0 {
            let label = fitter.fit(rect_name(names, r.function), w - 6.0);
            ctx.set_fill_style_str("#1d1d1f");
            let _ = ctx.fill_text(&label, x + 3.0, y + ROW_PX / 2.0);
        }
    }
}
