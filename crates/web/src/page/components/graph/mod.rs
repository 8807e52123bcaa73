//! The call graph view: the current view's function graph, pruned like pprof's (`-nodecount`) or
//! around a focused function, Go's hot edges red, laid out in the worker; wheel to zoom, drag to
//! pan, click a node to focus it, and SVG / DOT downloads.

mod draw;
mod svg;

use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::page::components::format::format_value;
use crate::protocol::{GraphView, Shared};
use draw::Camera;

/// Calls away from a focused function that its view keeps.
const FOCUS_LEVELS: usize = 2;
/// The canvas is this share of the window's height.
const HEIGHT_SHARE: f64 = 0.7;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub graph: Option<Shared<GraphView>>,
    pub node_count: usize,
    pub focus: Option<(String, usize)>,
    pub on_focus: Callback<Option<(String, usize)>>,
    pub on_node_count: Callback<usize>,
    /// In a comparison: the calls (caller, callee) the candidate shows inlined where the baseline
    /// called them (drawn as inlined).
    pub inlined_after: Vec<(String, String)>,
}

#[function_component(GraphPanel)]
pub fn graph_panel(props: &Props) -> Html {
    let canvas = use_node_ref();
    // The camera, and the graph it was set for (a new graph is fitted to the canvas again).
    let camera = use_state(|| None::<(Shared<GraphView>, Camera)>);
    let drag = use_mut_ref(|| None::<(f64, f64, Camera)>);
    let Some(view) = props.graph.clone() else {
        return html! { <section class="panel graph-panel" data-testid="graph-panel"><p class="meta">{ "Laying out the call graph…" }</p></section> };
    };
    let current = (camera.as_ref()).filter(|(for_view, _)| *for_view == view).map(|(_, cam)| *cam);
    {
        // A new graph is fitted to the canvas; then painted whenever it or the camera changes.
        let (canvas, camera_state) = (canvas.clone(), camera.clone());
        let inlined = props.inlined_after.clone();
        use_effect_with((view.clone(), current, inlined.clone()), move |(view, cam, _)| {
            let Some(c) = canvas.cast::<HtmlCanvasElement>() else { return };
            match cam {
                Some(cam) => draw::draw(&c, view, &inlined, *cam),
                None => {
                    let (w, h) = (f64::from(c.client_width()), f64::from(c.client_height()));
                    let (lw, lh) = (view.layout.width, view.layout.height);
                    let fitted = Camera::fit(lw, lh, w, h, focus_x(view));
                    camera_state.set(Some((view.clone(), fitted)));
                }
            }
        });
    }
    let cam = current.unwrap_or(Camera { scale: 1.0, x: 0.0, y: 0.0 });
    let on = Handlers { camera: camera.clone(), drag: drag.clone(), view: view.clone(), cam };
    let (on_wheel, on_down, on_move) = (on.wheel(), on.down(), on.moved());
    let on_up = on.up(&props.on_focus);
    let height = web_sys::window()
        .and_then(|w| w.inner_height().ok()?.as_f64())
        .map_or(600.0, |h| (h * HEIGHT_SHARE).max(320.0));
    html! {
        <section class="panel graph-panel" data-testid="graph-panel">
            { head(&view, props) }
            <canvas ref={canvas} class="graph-canvas" data-testid="graph-canvas" style={format!("height:{height:.0}px")}
                data-nodes={view.graph.nodes.len().to_string()}
                data-build-ms={format!("{:.0}", view.build_ms)} data-layout-ms={format!("{:.0}", view.layout_ms)}
                data-hot-edges={hot_edges(&view)}
                data-matched={view.matched.iter().filter(|m| **m).count().to_string()}
                data-inlined-after={inlined_drawn(&view, &props.inlined_after).to_string()}
                onwheel={on_wheel} onmousedown={on_down} onmousemove={on_move} onmouseup={on_up} />
            { node_list(&view, cam, &props.on_focus) }
        </section>
    }
}

type CameraState = UseStateHandle<Option<(Shared<GraphView>, Camera)>>;

/// What the canvas's mouse handlers read and change: the camera, a drag in progress (its start
/// point and camera), the graph.
struct Handlers {
    camera: CameraState,
    drag: std::rc::Rc<std::cell::RefCell<Option<(f64, f64, Camera)>>>,
    view: Shared<GraphView>,
    cam: Camera,
}

impl Handlers {
    /// The wheel zooms around the pointer.
    fn wheel(&self) -> Callback<WheelEvent> {
        let (camera, view, cam) = (self.camera.clone(), self.view.clone(), self.cam);
        Callback::from(move |e: WheelEvent| {
            e.prevent_default();
            let (px, py) = (f64::from(e.offset_x()), f64::from(e.offset_y()));
            let (lx, ly) = cam.to_layout(px, py);
            let factor = if e.delta_y() < 0.0 { 1.2 } else { 1.0 / 1.2 };
            let scale = (cam.scale * factor).clamp(0.05, 4.0);
            camera.set(Some((
                view.clone(),
                Camera { scale, x: lx - px / scale, y: ly - py / scale },
            )));
        })
    }

    fn down(&self) -> Callback<MouseEvent> {
        let (drag, cam) = (self.drag.clone(), self.cam);
        Callback::from(move |e: MouseEvent| {
            *drag.borrow_mut() = Some((f64::from(e.client_x()), f64::from(e.client_y()), cam));
        })
    }

    /// A drag pans.
    fn moved(&self) -> Callback<MouseEvent> {
        let (drag, camera, view) = (self.drag.clone(), self.camera.clone(), self.view.clone());
        Callback::from(move |e: MouseEvent| {
            let Some((x0, y0, start)) = *drag.borrow() else { return };
            let (dx, dy) = (f64::from(e.client_x()) - x0, f64::from(e.client_y()) - y0);
            if dx.abs() + dy.abs() > 3.0 {
                let moved = Camera {
                    x: start.x - dx / start.scale,
                    y: start.y - dy / start.scale,
                    ..start
                };
                camera.set(Some((view.clone(), moved)));
            }
        })
    }

    /// A click (a press and release without a drag) on a node focuses it.
    fn up(&self, on_focus: &Callback<Option<(String, usize)>>) -> Callback<MouseEvent> {
        let (drag, view, on_focus, cam) =
            (self.drag.clone(), self.view.clone(), on_focus.clone(), self.cam);
        Callback::from(move |e: MouseEvent| {
            let Some((x0, y0, _)) = drag.borrow_mut().take() else { return };
            let moved = (f64::from(e.client_x()) - x0).abs() + (f64::from(e.client_y()) - y0).abs();
            if moved <= 3.0 {
                let (lx, ly) = cam.to_layout(f64::from(e.offset_x()), f64::from(e.offset_y()));
                if let Some(name) = node_at(&view, lx, ly) {
                    on_focus.emit(Some((name, FOCUS_LEVELS)));
                }
            }
        })
    }
}

/// Where the first view centres a graph too wide to show whole: on the callee of its heaviest hot
/// edge (where PGO acts), else on its heaviest node.
fn focus_x(view: &GraphView) -> f64 {
    let g = &view.graph;
    let hot = g.edges.iter().filter(|e| e.hot).max_by_key(|e| e.weight).map(|e| e.callee.as_str());
    let heaviest = || g.nodes.iter().max_by_key(|n| n.cum).map(|n| n.function.as_str());
    let node = hot.or_else(heaviest).and_then(|f| g.nodes.iter().position(|n| n.function == f));
    node.map_or(view.layout.width / 2.0, |i| {
        let b = &view.layout.nodes[i];
        b.x + b.width / 2.0
    })
}

/// The function whose box holds the layout point, if any.
fn node_at(view: &GraphView, x: f64, y: f64) -> Option<String> {
    let inside = |b: &pgoscope_pgo::callgraph::LaidNode| {
        x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height
    };
    let i = view.layout.nodes.iter().position(inside)?;
    Some(view.graph.nodes[i].function.clone())
}

/// Edges drawn as inlined in the compared candidate.
fn inlined_drawn(view: &GraphView, inlined_after: &[(String, String)]) -> usize {
    let drawn = |e: &&pgoscope_pgo::callgraph::PgoEdge| {
        inlined_after.iter().any(|(a, b)| *a == e.caller && *b == e.callee)
    };
    view.graph.edges.iter().filter(drawn).count()
}

/// `caller→callee` of the hot edges drawn, `;`-separated (what the canvas shows, for tests).
fn hot_edges(view: &GraphView) -> String {
    let hot = view.graph.edges.iter().filter(|e| e.hot);
    hot.map(|e| format!("{}→{}", e.caller, e.callee)).collect::<Vec<_>>().join(";")
}

/// Controls: node count, the focus and its reset, what the colours mean, downloads.
fn head(view: &GraphView, props: &Props) -> Html {
    let on_count = props.on_node_count.reform(|e: Event| {
        let value = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
        value.parse().unwrap_or(pgoscope_pprof::DEFAULT_NODE_COUNT)
    });
    let mut threshold = view.graph.hot_threshold_percent.map_or(String::new(), |t| {
        format!(" · red: hot for Go's PGO (edge weight above the CDF cut, {t:.2} % of all)")
    });
    if !props.inlined_after.is_empty() {
        threshold += " · green: inlined in the candidate";
    }
    let (svg_view, dot_view) = (view.clone(), view.clone());
    let save_svg = Callback::from(move |_: MouseEvent| {
        let text = svg::svg(&svg_view.graph, &svg_view.layout);
        crate::page::download::save("callgraph.svg", "image/svg+xml", text.as_bytes());
    });
    let save_dot = Callback::from(move |_: MouseEvent| {
        let text = pgoscope_pgo::callgraph::dot(&dot_view.graph);
        crate::page::download::save("callgraph.dot", "text/vnd.graphviz", text.as_bytes());
    });
    html! {
        <div class="panel-head">
            <h2>{ "Call graph" }</h2>
            if let Some((name, levels)) = &props.focus {
                <span class="chip" data-testid="graph-focus">{ format!("around {name} ({levels} calls)") }
                    <button class="chip-x" data-testid="graph-reset" title="the whole graph" onclick={props.on_focus.reform(|_| None)}>{ "×" }</button>
                </span>
            } else {
                <label>{ "nodes " }<input type="number" min="5" max="500" class="narrow" data-testid="graph-nodecount"
                    value={props.node_count.to_string()} onchange={on_count} /></label>
            }
            <span class="meta">{ format!("{} functions, {} calls, total {}{threshold} · dashed: inlined · built in {:.0} ms · wheel: zoom, drag: pan, click: focus",
                view.graph.nodes.len(), view.graph.edges.len(), format_value(view.graph.total, &view.unit), view.build_ms) }</span>
            <button class="button secondary small" data-testid="graph-download-svg" onclick={save_svg}>{ "SVG" }</button>
            <button class="button secondary small" data-testid="graph-download-dot" onclick={save_dot}>{ "DOT" }</button>
        </div>
    }
}

/// The nodes as a list (for keyboards and screen readers, and tests): each at its box's centre on
/// screen; a click focuses it.
fn node_list(view: &GraphView, cam: Camera, on_focus: &Callback<Option<(String, usize)>>) -> Html {
    html! {
        <ul class="graph-nodes visually-hidden">
            { for view.graph.nodes.iter().zip(&view.layout.nodes).map(|(n, b)| {
                let (x, y) = ((b.x + b.width / 2.0 - cam.x) * cam.scale, (b.y + b.height / 2.0 - cam.y) * cam.scale);
                let name = n.function.clone();
                html! {
                    <li data-testid="graph-node" data-function={n.function.clone()} data-x={format!("{x:.0}")} data-y={format!("{y:.0}")}>
                        <button onclick={on_focus.reform(move |_: MouseEvent| Some((name.clone(), FOCUS_LEVELS)))}>{ &n.function }</button>
                    </li>
                }
            }) }
        </ul>
    }
}
