//! The flame graph on a HiDPI canvas (icicle: callers above callees, or flame): hover for details,
//! click to zoom, breadcrumb and reset, search highlighting. The call tree stays in the worker; the
//! page draws the frame it sends (nodes wider than a pixel at the current zoom). The canvas is only
//! as tall as the viewport; a spacer gives the scroll height and only the rows in view are drawn.

mod geometry;
mod paint;
mod painting;
mod pointer;

use web_sys::Element;
use yew::prelude::*;

use crate::page::components::format::format_value;
use crate::protocol::{FlameView, Shared, SharedView};
pub use geometry::{rect_name, Levels, ROW_PX};
pub use paint::{label_context, snapped, GlyphWidths, LabelFitter};
use paint::{palette, Viewport};
use painting::{use_painting, Scene};
use pointer::{Hover, Pointer};

/// The scroll area is at most this share of the window's height.
const VIEWPORT_SHARE: f64 = 0.7;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: SharedView,
    /// The frame to draw; belongs to `view` (same generation).
    pub flame: Shared<FlameView>,
    /// Zoom asked for (the frame may still be for another one: then a preview is drawn).
    pub zoom: Vec<String>,
    /// Zoom to a frame given as function names from the root (empty = reset).
    pub on_zoom: Callback<Vec<String>>,
    /// The canvas width in CSS pixels changed.
    pub on_width: Callback<u32>,
    /// The worker's memory as last reported (after the PGO analysis, when it is done).
    pub worker_memory_bytes: u64,
}

#[function_component(FlameGraph)]
pub fn flame_graph(props: &Props) -> Html {
    let canvas = use_node_ref();
    let wrap = use_node_ref();
    let hover = use_state(|| None::<Hover>);
    let width_px = use_state(|| 0.0f64);
    let scroll_top = use_state(|| 0.0f64);
    let flame_up = use_state(|| false);
    let view = props.view.clone();
    let flame = {
        let (view, flame) = (view.clone(), props.flame.clone());
        (*use_memo((props.flame.clone(), props.zoom.clone()), move |(_, zoom)| {
            preview(&view, &flame, zoom).unwrap_or(flame)
        }))
        .clone()
    };
    let viewport_px = viewport_height(f64::from(view.tree_levels) * ROW_PX);
    let levels = {
        let flame = flame.clone();
        let rows = (viewport_px / ROW_PX).floor() as u32;
        use_memo((flame.clone(), rows), move |(_, rows)| Levels::with_rows(&flame.frame, *rows))
    };
    let colours = {
        let view = view.clone();
        use_memo(view.clone(), move |_| palette(&view.names))
    };
    use_width_tracking(&wrap, &width_px, &props.on_width);
    let vp = Viewport {
        width: width_px.max(300.0),
        height: viewport_px,
        scroll_top: *scroll_top,
        up: *flame_up,
    };
    let scene = Scene {
        view: view.clone(),
        flame: flame.clone(),
        levels: levels.clone(),
        colours: colours.clone(),
        vp,
    };
    use_painting(&canvas, &wrap, scene);
    let pointer = Pointer {
        levels: levels.clone(),
        flame: flame.clone(),
        view: view.clone(),
        hover: hover.clone(),
        scroll_top: scroll_top.clone(),
        vp,
    };
    let (onscroll, onmousemove, onmouseleave) =
        (pointer.on_scroll(), pointer.on_move(), pointer.on_leave());
    let onclick = pointer.on_click(&props.on_zoom);
    html! {
        <section class="panel flame-panel">
            <div class="panel-head">
                <h2>{ "Flame graph" }</h2>
                { breadcrumb(&flame.frame.zoom_path, &props.on_zoom, "breadcrumb") }
                { orientation_toggle(&flame_up) }
                if !flame.request.search.is_empty() {
                    <span class="matched" data-testid="search-share">
                        { format!("matched {:.2}%", percent(flame.matched_total, flame.frame.root_total)) }
                    </span>
                }
            </div>
            <div class="flame-wrap" ref={wrap} data-testid="flame-scroll"
                style={format!("height:{viewport_px}px")} {onscroll}>
                <div class="flame-spacer" style={format!("height:{}px", levels.height_px())}>
                    <canvas ref={canvas} data-testid="flamegraph" style={format!("height:{viewport_px}px")}
                        data-nodes={view.tree_nodes.to_string()} data-rects={flame.frame.rects.len().to_string()}
                        data-exact={(flame == props.flame).to_string()}
                        {onmousemove} {onmouseleave} {onclick} />
                </div>
                if let Some(h) = hover.as_ref().filter(|h| h.frame == flame) {
                    { tooltip(&view, &flame, h, *scroll_top, width_px.max(300.0)) }
                }
            </div>
            { stats(&view, props.worker_memory_bytes) }
        </section>
    }
}

/// Flips between icicle (roots on top) and flame (roots at the bottom).
fn orientation_toggle(flame_up: &UseStateHandle<bool>) -> Html {
    let f = flame_up.clone();
    html! {
        <button class="button secondary small" data-testid="flame-toggle"
            onclick={Callback::from(move |_| f.set(!*f))}>
            { if **flame_up { "icicle" } else { "flame" } }
        </button>
    }
}

/// The view's size and cost, under the graph.
fn stats(view: &SharedView, worker_memory_bytes: u64) -> Html {
    html! {
        <p class="meta view-stats" data-testid="view-stats"
            data-worker-memory={worker_memory_bytes.to_string()}>
            { format!(
                "{} call-tree nodes · built in {:.2} s · worker memory {} MiB",
                view.tree_nodes, view.build_ms / 1000.0, worker_memory_bytes >> 20
            ) }
        </p>
    }
}

/// While the worker lays out a deeper zoom, the current frame's subtree, rescaled.
fn preview(
    view: &SharedView,
    flame: &Shared<FlameView>,
    zoom: &[String],
) -> Option<Shared<FlameView>> {
    if flame.request.zoom == zoom {
        return None;
    }
    let frame = flame.frame.zoomed_in(&view.names, zoom)?;
    Some(Shared::new(FlameView { frame, ..(**flame).clone() }))
}

fn percent(part: i64, whole: i64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// Height of the scroll area: the whole call tree when it fits, else a share of the window. It does
/// not follow the zoom: a zoom that changed the page's layout would repaint all of it.
fn viewport_height(graph_px: f64) -> f64 {
    let window_px = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(800.0);
    graph_px.min((window_px * VIEWPORT_SHARE).max(200.0))
}

/// Keeps `width` equal to the scroll area's inner width, now and on window resizes, and reports it.
#[hook]
fn use_width_tracking(wrap: &NodeRef, width: &UseStateHandle<f64>, on_width: &Callback<u32>) {
    let (wrap, width, on_width) = (wrap.clone(), width.clone(), on_width.clone());
    use_effect_with((), move |_| {
        let measure = move || {
            if let Some(w) = wrap.cast::<Element>() {
                let px = f64::from(w.client_width().max(300));
                if (px - *width).abs() > 0.5 {
                    width.set(px);
                    on_width.emit(px as u32);
                }
            }
        };
        measure();
        let listener = web_sys::window()
            .map(|w| gloo::events::EventListener::new(&w, "resize", move |_| measure()));
        move || drop(listener)
    });
}

/// "all › a › b" on one line, with each step clickable (the last [`SHOWN_CRUMBS`] of a deep zoom).
pub fn breadcrumb(path: &[String], on_zoom: &Callback<Vec<String>>, testid: &'static str) -> Html {
    let step = |depth: usize, label: &str| {
        let prefix = path[..depth].to_vec();
        let onclick = on_zoom.reform(move |_: MouseEvent| prefix.clone());
        html! { <button class="crumb" title={label.to_owned()} {onclick}>{ label.to_owned() }</button> }
    };
    // A deep zoom shows its last steps: the others would be squeezed out of the line.
    let first_shown = path.len().saturating_sub(SHOWN_CRUMBS);
    html! {
        <nav class="breadcrumb" data-testid={testid}>
            { step(0, "all") }
            if first_shown > 0 {
                <span class="crumb-sep">{ "›" }</span>
                <span class="crumb-gap" title={path[..first_shown].join(" › ")}>{ "…" }</span>
            }
            { for path.iter().enumerate().skip(first_shown).map(|(i, name)| html! {
                <><span class="crumb-sep">{ "›" }</span>{ step(i + 1, name) }</>
            }) }
        </nav>
    }
}

/// Steps of a zoom path the breadcrumb shows after "all" (the ones before are an ellipsis whose
/// title lists them; clicking the first shown step goes up from there).
const SHOWN_CRUMBS: usize = 6;

/// Function, file:line, self and total with their shares; kept inside the graph's width.
fn tooltip(
    view: &SharedView,
    flame: &FlameView,
    hover: &Hover,
    scroll_top: f64,
    width: f64,
) -> Html {
    const TOOLTIP_PX: f64 = 360.0;
    let frame = &flame.frame;
    let r = &frame.rects[hover.rect];
    let name = rect_name(&view.names, r.function);
    let place = view.places.get(r.function as usize).map_or("", String::as_str);
    let (all, parent) = (frame.root_total, frame.parent_total(hover.rect));
    let left = if hover.x + 14.0 + TOOLTIP_PX > width {
        (hover.x - TOOLTIP_PX - 8.0).max(0.0)
    } else {
        hover.x + 14.0
    };
    let unit = &view.unit;
    html! {
        <div class="tooltip" data-testid="flame-tooltip"
            style={format!("left:{left}px;top:{}px", hover.y + scroll_top + 14.0)}>
            <div class="tt-name">{ name }</div>
            if !place.is_empty() {
                <div class="tt-place">{ place }</div>
            }
            <div>{ format!("total {} · {:.2}% of all · {:.2}% of parent",
                format_value(r.total, unit), percent(r.total, all), percent(r.total, parent)) }</div>
            <div>{ format!("self {} · {:.2}% of all", format_value(r.self_value, unit), percent(r.self_value, all)) }</div>
        </div>
    }
}
