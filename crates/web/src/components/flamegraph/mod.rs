//! The flame graph on a HiDPI canvas (icicle: callers above callees, or flame): hover for details,
//! click to zoom, breadcrumb and reset, search highlighting. The canvas is only as tall as the
//! viewport; a spacer gives the scroll height and only the rows in view are drawn.

mod geometry;
mod paint;
mod search;

use pgoscope_flame::{CallTree, NodeId};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement, HtmlInputElement};
use yew::prelude::*;

use crate::components::format::format_value;
use crate::protocol::SharedView;
use geometry::{path_names, resolve_path, Levels};
use paint::{draw, palette, Viewport};
use search::SearchResult;

/// The scroll area is at most this share of the window's height.
const VIEWPORT_SHARE: f64 = 0.7;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: SharedView,
    /// The zoomed frame as function names from the root (empty = no zoom); kept in the URL.
    pub zoom: Vec<String>,
    /// Search text (regex, or substring when not a valid regex); kept in the URL.
    pub search: String,
    pub on_zoom: Callback<Vec<String>>,
    pub on_search: Callback<String>,
}

/// What the mouse is over, in canvas CSS pixels.
#[derive(Clone, PartialEq)]
struct Hover {
    node: NodeId,
    x: f64,
    y: f64,
}

#[function_component(FlameGraph)]
pub fn flame_graph(props: &Props) -> Html {
    let canvas = use_node_ref();
    let wrap = use_node_ref();
    let hover = use_state(|| None::<Hover>);
    let width_px = use_state(|| 1200.0f64);
    let scroll_top = use_state(|| 0.0f64);
    let flame_up = use_state(|| false);
    let view = props.view.clone();
    let tree = &view.tree;
    let zoom_node = {
        let view = view.clone();
        *use_memo((view.clone(), props.zoom.clone()), move |(_, z)| resolve_path(&view.tree, z))
    };
    let levels = {
        let view = view.clone();
        use_memo((view.clone(), zoom_node, *width_px), move |(_, zoom, w)| {
            Levels::new(&view.tree, *zoom, *w)
        })
    };
    let found = {
        let view = view.clone();
        use_memo((view.clone(), props.search.clone()), move |(_, s)| {
            SearchResult::new(&view.tree, s)
        })
    };
    let colours = {
        let view = view.clone();
        use_memo(view.clone(), move |_| palette(&view.tree))
    };
    let viewport_px = viewport_height(levels.height_px());
    use_width_tracking(&wrap, &width_px);
    {
        // A new view, zoom or orientation starts at the roots: top in icicle, bottom in flame mode.
        let (wrap, up) = (wrap.clone(), *flame_up);
        use_effect_with((view.clone(), zoom_node, up), move |_| {
            if let Some(w) = wrap.cast::<Element>() {
                w.set_scroll_top(if up { w.scroll_height() } else { 0 });
            }
        });
    }
    {
        let (canvas, levels, found, colours) =
            (canvas.clone(), levels.clone(), found.clone(), colours.clone());
        let vp = Viewport {
            width: *width_px,
            height: viewport_px,
            scroll_top: *scroll_top,
            up: *flame_up,
        };
        let deps = (
            view.clone(),
            levels.clone(),
            found.clone(),
            (vp.width, vp.height, vp.scroll_top, vp.up),
        );
        use_effect_with(deps, move |(view, ..)| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                draw(&c, &view.tree, &levels, &found, &colours, vp);
                crate::marks::painted();
            }
        });
    }
    use_keyboard(&props.on_zoom, &props.on_search);
    let onscroll = {
        let (scroll_top, hover) = (scroll_top.clone(), hover.clone());
        Callback::from(move |e: Event| {
            if let Some(el) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) {
                scroll_top.set(f64::from(el.scroll_top()));
                hover.set(None);
            }
        })
    };
    let onmousemove = {
        let (hover, levels, up, top, width) =
            (hover.clone(), levels.clone(), *flame_up, *scroll_top, *width_px);
        Callback::from(move |e: MouseEvent| {
            let (x, y) = (f64::from(e.offset_x()), f64::from(e.offset_y()));
            let hit = levels.hit(x / width.max(1.0), y + top, up);
            let next = hit.map(|node| Hover { node, x, y });
            if *hover != next {
                hover.set(next);
            }
        })
    };
    let onmouseleave = {
        let hover = hover.clone();
        Callback::from(move |_| hover.set(None))
    };
    let onclick = {
        let (hover, on_zoom, view) = (hover.clone(), props.on_zoom.clone(), view.clone());
        Callback::from(move |_| {
            if let Some(h) = &*hover {
                on_zoom.emit(path_names(&view.tree, h.node));
            }
        })
    };
    let on_search_input = props
        .on_search
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let total = tree.node(NodeId::ROOT).total;
    html! {
        <section class="panel flame-panel">
            <div class="panel-head">
                <h2>{ "Flame graph" }</h2>
                { breadcrumb(tree, zoom_node, &props.on_zoom) }
                <button class="button secondary small" data-testid="flame-toggle"
                    onclick={{ let f = flame_up.clone(); Callback::from(move |_| f.set(!*f)) }}>
                    { if *flame_up { "icicle" } else { "flame" } }
                </button>
                <input class="search" data-testid="search-input" placeholder="search (regex)"
                    value={props.search.clone()} oninput={on_search_input} />
                if found.active {
                    <span class="matched" data-testid="search-share">
                        { format!("matched {:.2}%", percent(found.matched_total, total)) }
                    </span>
                }
            </div>
            <div class="flame-wrap" ref={wrap} data-testid="flame-scroll"
                style={format!("height:{viewport_px}px")} {onscroll}>
                <div class="flame-spacer" style={format!("height:{}px", levels.height_px())}>
                    <canvas ref={canvas} data-testid="flamegraph" style={format!("height:{viewport_px}px")}
                        {onmousemove} {onmouseleave} {onclick} />
                </div>
                if let Some(h) = &*hover {
                    { tooltip(tree, h, &view.unit, *scroll_top, *width_px) }
                }
            </div>
        </section>
    }
}

fn percent(part: i64, whole: i64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// Height of the scroll area: the whole graph when it fits, else a share of the window.
fn viewport_height(graph_px: f64) -> f64 {
    let window_px = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(800.0);
    graph_px.min((window_px * VIEWPORT_SHARE).max(200.0))
}

/// Keeps `width` equal to the scroll area's inner width, now and on window resizes.
#[hook]
fn use_width_tracking(wrap: &NodeRef, width: &UseStateHandle<f64>) {
    let (wrap, width) = (wrap.clone(), width.clone());
    use_effect_with((), move |_| {
        let measure = move || {
            if let Some(w) = wrap.cast::<Element>() {
                let px = f64::from(w.client_width().max(300));
                if (px - *width).abs() > 0.5 {
                    width.set(px);
                }
            }
        };
        measure();
        let listener = web_sys::window()
            .map(|w| gloo::events::EventListener::new(&w, "resize", move |_| measure()));
        move || drop(listener)
    });
}

/// Keyboard: `/` focuses the search, `Esc` resets the zoom and the search.
#[hook]
fn use_keyboard(on_zoom: &Callback<Vec<String>>, on_search: &Callback<String>) {
    use_effect_with((on_zoom.clone(), on_search.clone()), move |(on_zoom, on_search)| {
        let (on_zoom, on_search) = (on_zoom.clone(), on_search.clone());
        let document = web_sys::window().and_then(|w| w.document());
        let listener = document.map(|d| {
            let options = gloo::events::EventListenerOptions::enable_prevent_default();
            gloo::events::EventListener::new_with_options(&d, "keydown", options, move |e| {
                let Some(e) = e.dyn_ref::<KeyboardEvent>() else { return };
                let in_input =
                    e.target().and_then(|t| t.dyn_into::<Element>().ok()).is_some_and(|el| {
                        matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA")
                    });
                match e.key().as_str() {
                    "/" if !in_input => {
                        e.prevent_default();
                        focus_search();
                    }
                    "Escape" => {
                        on_zoom.emit(Vec::new());
                        on_search.emit(String::new());
                    }
                    _ => {}
                }
            })
        });
        move || drop(listener)
    });
}

fn focus_search() {
    let input = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("[data-testid=search-input]").ok().flatten())
        .and_then(|el| el.dyn_into::<HtmlInputElement>().ok());
    if let Some(input) = input {
        let _ = input.focus();
    }
}

/// "all › a › b" with each step clickable.
fn breadcrumb(tree: &CallTree, zoom: NodeId, on_zoom: &Callback<Vec<String>>) -> Html {
    let path = tree.path(zoom);
    let names: Vec<String> = path.iter().map(|&n| tree.name(n).to_owned()).collect();
    let step = |depth: usize, label: &str| {
        let prefix = names[..depth].to_vec();
        let onclick = on_zoom.reform(move |_: MouseEvent| prefix.clone());
        html! { <button class="crumb" {onclick}>{ label.to_owned() }</button> }
    };
    html! {
        <nav class="breadcrumb" data-testid="breadcrumb">
            { step(0, "all") }
            { for names.iter().enumerate().map(|(i, name)| html! { <>{ " › " }{ step(i + 1, name) }</> }) }
        </nav>
    }
}

/// Function, file:line, self and total with their shares; kept inside the graph's width.
fn tooltip(tree: &CallTree, hover: &Hover, unit: &str, scroll_top: f64, width: f64) -> Html {
    const TOOLTIP_PX: f64 = 360.0;
    let node = tree.node(hover.node);
    let all = tree.node(NodeId::ROOT).total;
    let parent = node.parent.map_or(all, |p| tree.node(p).total);
    let left = if hover.x + 14.0 + TOOLTIP_PX > width {
        (hover.x - TOOLTIP_PX - 8.0).max(0.0)
    } else {
        hover.x + 14.0
    };
    html! {
        <div class="tooltip" data-testid="flame-tooltip"
            style={format!("left:{left}px;top:{}px", hover.y + scroll_top + 14.0)}>
            <div class="tt-name">{ tree.name(hover.node) }</div>
            if let Some(place) = tree.place(hover.node) {
                <div class="tt-place">{ place }</div>
            }
            <div>{ format!("total {} · {:.2}% of all · {:.2}% of parent",
                format_value(node.total, unit), percent(node.total, all), percent(node.total, parent)) }</div>
            <div>{ format!("self {} · {:.2}% of all", format_value(node.self_value, unit), percent(node.self_value, all)) }</div>
        </div>
    }
}
