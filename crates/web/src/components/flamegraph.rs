//! The flame graph on a HiDPI canvas (icicle: callers above callees): hover for details, click to
//! zoom, breadcrumb and reset, search highlighting. Nodes narrower than a pixel are not drawn.

use std::rc::Rc;

use pgoscope_flame::{layout, CallTree, FlameRect, LayoutOptions, NodeId};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlInputElement};
use yew::prelude::*;

use crate::components::format::format_value;
use crate::protocol::ViewData;

const ROW_PX: f64 = 18.0;
/// The canvas never exceeds this many CSS pixels in height; deeper frames are cut off.
const MAX_HEIGHT_PX: f64 = 8000.0;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: Rc<ViewData>,
}

/// What the mouse is over.
#[derive(Clone, PartialEq)]
struct Hover {
    node: NodeId,
    x: f64,
    y: f64,
}

#[function_component(FlameGraph)]
pub fn flame_graph(props: &Props) -> Html {
    let canvas = use_node_ref();
    let zoom = use_state(|| NodeId::ROOT);
    let hover = use_state(|| None::<Hover>);
    let search = use_state(String::new);
    let width_px = use_state(|| 1200.0f64);
    // Icicle (callers on top, the default) or flame (roots at the bottom).
    let flame_up = use_state(|| false);
    let tree = &props.view.tree;
    {
        // A new view (other files, filters) resets the zoom.
        let zoom = zoom.clone();
        use_effect_with(props.view.clone(), move |_| zoom.set(NodeId::ROOT));
    }
    let zoom_node = if (zoom.0 as usize) < tree.nodes.len() { *zoom } else { NodeId::ROOT };
    let rects = Rc::new(layout(
        tree,
        &LayoutOptions { zoom: zoom_node, min_width: 1.0 / *width_px, ..LayoutOptions::default() },
    ));
    let matcher = Matcher::new(&search);
    {
        let (canvas, rects, view, width_px) =
            (canvas.clone(), rects.clone(), props.view.clone(), width_px.clone());
        let up = *flame_up;
        let key = (props.view.clone(), zoom_node, search.to_string(), up);
        use_effect_with(key, move |_| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                let css_width = f64::from(c.client_width().max(300));
                if (css_width - *width_px).abs() > 0.5 {
                    width_px.set(css_width);
                }
                draw(&c, &view.tree, &rects, &matcher, css_width, up);
                crate::marks::painted();
            }
        });
    }
    {
        // Keyboard: `/` focuses the search, `Esc` resets the zoom and the search.
        let (zoom, search) = (zoom.clone(), search.clone());
        use_effect_with((), move |_| {
            let document = web_sys::window().and_then(|w| w.document());
            let listener = document.map(|d| {
                let options = gloo::events::EventListenerOptions::enable_prevent_default();
                gloo::events::EventListener::new_with_options(&d, "keydown", options, move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else { return };
                    let in_input =
                        e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(
                            |el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"),
                        );
                    match e.key().as_str() {
                        "/" if !in_input => {
                            e.prevent_default();
                            focus_search();
                        }
                        "Escape" => {
                            zoom.set(NodeId::ROOT);
                            search.set(String::new());
                        }
                        _ => {}
                    }
                })
            });
            move || drop(listener)
        });
    }
    let onmousemove = {
        let (hover, rects, up) = (hover.clone(), rects.clone(), *flame_up);
        Callback::from(move |e: MouseEvent| {
            let Some(c) = e.target().and_then(|t| t.dyn_into::<HtmlCanvasElement>().ok()) else {
                return;
            };
            let (x, y) = (f64::from(e.offset_x()), f64::from(e.offset_y()));
            let hit = hit_test(&rects, x / f64::from(c.client_width().max(1)), y, up);
            hover.set(hit.map(|node| Hover { node, x, y }));
        })
    };
    let onmouseleave = {
        let hover = hover.clone();
        Callback::from(move |_| hover.set(None))
    };
    let onclick = {
        let (zoom, hover) = (zoom.clone(), hover.clone());
        Callback::from(move |_| {
            if let Some(h) = &*hover {
                zoom.set(h.node);
            }
        })
    };
    let on_search = {
        let search = search.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            search.set(input.value());
        })
    };
    let matched = matched_total(tree, &Matcher::new(&search));
    let total = tree.node(NodeId::ROOT).total;
    let height = f64::from(visible_levels(&rects)) * ROW_PX;
    html! {
        <section class="panel flame-panel">
            <div class="panel-head">
                <h2>{ "Flame graph" }</h2>
                { breadcrumb(tree, zoom_node, &zoom) }
                <button class="button secondary small" data-testid="flame-toggle"
                    onclick={{ let f = flame_up.clone(); Callback::from(move |_| f.set(!*f)) }}>
                    { if *flame_up { "icicle" } else { "flame" } }
                </button>
                <input class="search" data-testid="search-input" placeholder="search (regex)"
                    value={search.to_string()} oninput={on_search} />
                if !search.is_empty() {
                    <span class="matched" data-testid="search-share">
                        { format!("matched {:.2}%", if total == 0 { 0.0 } else { 100.0 * matched as f64 / total as f64 }) }
                    </span>
                }
            </div>
            <div class="flame-wrap">
                <canvas ref={canvas} data-testid="flamegraph" style={format!("height:{height}px")}
                    {onmousemove} {onmouseleave} {onclick} />
                if let Some(h) = &*hover {
                    { tooltip(tree, h, &props.view.unit) }
                }
            </div>
        </section>
    }
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

/// "all › a › b" with each step clickable, and a reset.
fn breadcrumb(tree: &CallTree, zoom: NodeId, state: &UseStateHandle<NodeId>) -> Html {
    let step = |id: NodeId| {
        let state = state.clone();
        html! { <button class="crumb" onclick={Callback::from(move |_| state.set(id))}>{ tree.name(id) }</button> }
    };
    html! {
        <nav class="breadcrumb" data-testid="breadcrumb">
            { step(NodeId::ROOT) }
            { for tree.path(zoom).into_iter().map(|id| html! { <>{ " › " }{ step(id) }</> }) }
        </nav>
    }
}

fn tooltip(tree: &CallTree, hover: &Hover, unit: &str) -> Html {
    let node = tree.node(hover.node);
    let all = tree.node(NodeId::ROOT).total.max(1) as f64;
    let parent = node.parent.map_or(all, |p| tree.node(p).total.max(1) as f64);
    html! {
        <div class="tooltip" data-testid="flame-tooltip"
            style={format!("left:{}px;top:{}px", hover.x + 14.0, hover.y + 14.0)}>
            <div class="tt-name">{ tree.name(hover.node) }</div>
            <div>{ format!("total {} · {:.2}% of all · {:.2}% of parent",
                format_value(node.total, unit), 100.0 * node.total as f64 / all, 100.0 * node.total as f64 / parent) }</div>
            <div>{ format!("self {}", format_value(node.self_value, unit)) }</div>
        </div>
    }
}

/// Search: a regex, or a plain substring when the text is not a valid regex.
struct Matcher(Option<regex::Regex>);

impl Matcher {
    fn new(text: &str) -> Self {
        if text.is_empty() {
            return Matcher(None);
        }
        let re = regex::Regex::new(text).unwrap_or_else(|_| {
            regex::Regex::new(&regex::escape(text)).expect("an escaped string is a valid regex")
        });
        Matcher(Some(re))
    }

    fn active(&self) -> bool {
        self.0.is_some()
    }

    fn matches(&self, name: &str) -> bool {
        self.0.as_ref().is_some_and(|re| re.is_match(name))
    }
}

/// Total of the matched nodes that have no matched ancestor: the share of samples through a match.
fn matched_total(tree: &CallTree, matcher: &Matcher) -> i64 {
    if !matcher.active() {
        return 0;
    }
    let mut under_match = vec![false; tree.nodes.len()];
    let mut total = 0;
    for i in 1..tree.nodes.len() {
        let parent = tree.nodes[i].parent.map_or(0, |p| p.0 as usize);
        let here = matcher.matches(tree.name(NodeId(i as u32)));
        if here && !under_match[parent] {
            total += tree.nodes[i].total;
        }
        under_match[i] = under_match[parent] || here;
    }
    total
}

/// Row of a level: counted from the top (icicle) or from the bottom (flame).
fn row_of(level: u32, levels: u32, up: bool) -> u32 {
    if up {
        levels.saturating_sub(level + 1)
    } else {
        level
    }
}

fn hit_test(rects: &[FlameRect], x_frac: f64, y_px: f64, up: bool) -> Option<NodeId> {
    let levels = visible_levels(rects);
    let row = (y_px / ROW_PX).floor() as u32;
    let level = row_of(row, levels, up);
    rects
        .iter()
        .find(|r| r.level == level && x_frac >= r.x && x_frac < r.x + r.width)
        .map(|r| NodeId(r.node))
}

/// A stable warm colour per package (the part of the name before the last `.` after the last `/`).
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

/// Levels drawn: all of them, up to the height cap.
fn visible_levels(rects: &[FlameRect]) -> u32 {
    let levels = rects.iter().map(|r| r.level + 1).max().unwrap_or(1);
    levels.min((MAX_HEIGHT_PX / ROW_PX) as u32)
}

fn draw(
    canvas: &HtmlCanvasElement,
    tree: &CallTree,
    rects: &[FlameRect],
    matcher: &Matcher,
    css_width: f64,
    up: bool,
) {
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    let levels = visible_levels(rects);
    let css_height = f64::from(levels) * ROW_PX;
    canvas.set_width((css_width * dpr) as u32);
    canvas.set_height((css_height * dpr) as u32);
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let _ = ctx.scale(dpr, dpr);
    ctx.clear_rect(0.0, 0.0, css_width, css_height);
    ctx.set_font("12px system-ui, sans-serif");
    ctx.set_text_baseline("middle");
    for r in rects.iter().filter(|r| r.level < levels) {
        let y = f64::from(row_of(r.level, levels, up)) * ROW_PX;
        let (x, w) = (r.x * css_width, r.width * css_width);
        let name = tree.name(NodeId(r.node));
        let fill = if matcher.active() && !matcher.matches(name) {
            "hsl(0, 0%, 85%)".to_owned()
        } else if matcher.active() {
            "hsl(285, 70%, 62%)".to_owned()
        } else {
            colour(name)
        };
        ctx.set_fill_style_str(&fill);
        ctx.fill_rect(x, y, (w - 0.5).max(0.5), ROW_PX - 1.0);
        if w > 28.0 {
            ctx.set_fill_style_str("#1d1d1f");
            let label = fit_label(&ctx, name, w - 6.0);
            let _ = ctx.fill_text(&label, x + 3.0, y + ROW_PX / 2.0);
        }
    }
}

/// The longest prefix of `name` (with an ellipsis) that fits in `max_px`.
fn fit_label(ctx: &CanvasRenderingContext2d, name: &str, max_px: f64) -> String {
    let width = |s: &str| ctx.measure_text(s).map_or(0.0, |m| m.width());
    if width(name) <= max_px {
        return name.to_owned();
    }
    let chars: Vec<char> = name.chars().collect();
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate: String = chars[..mid].iter().collect::<String>() + "…";
        if width(&candidate) <= max_px {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    if lo == 0 {
        String::new()
    } else {
        chars[..lo].iter().collect::<String>() + "…"
    }
}
