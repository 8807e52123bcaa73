//! Worker side of the call graph view: the graph of the current view, pruned like pprof's or around
//! a focused function, Go's hot edges marked, laid out.

use pgoscope_pgo::callgraph::{lay_out, with_hot_marks, PgoCallGraph};
use pgoscope_pgo::HotSet;
use pgoscope_pprof::{call_graph, FlatProfile, GraphPruning, ProfileData};

use crate::protocol::{GraphRequest, GraphView};

/// Nodes a focused graph keeps at most, whatever the request's node count.
const MAX_FOCUSED_NODES: usize = 150;

/// The last graph built and what it was built for (view generation, node count, focus, whether
/// the hot edges were known): a request that differs only in its search reuses it, so typing in
/// the search box only re-matches names.
pub struct GraphCache {
    key: (u64, usize, Option<(String, usize)>, bool),
    view: GraphView,
}

/// [`graph_view`], or the cached graph with the request's search matched again.
pub fn cached_graph_view(
    cache: &mut Option<GraphCache>,
    profile: &FlatProfile,
    sample_index: usize,
    hot: Option<&HotSet>,
    request: &GraphRequest,
    generation: u64,
) -> GraphView {
    let key = (generation, request.node_count, request.focus.clone(), hot.is_some());
    if let Some(cached) = cache.as_ref().filter(|c| c.key == key) {
        let mut view = cached.view.clone();
        view.matched = matched_by(&view.graph, &request.search);
        view.request = request.clone();
        return view;
    }
    let view = graph_view(profile, sample_index, hot, request, generation);
    *cache = Some(GraphCache { key, view: view.clone() });
    view
}

pub fn graph_view(
    profile: &FlatProfile,
    sample_index: usize,
    hot: Option<&HotSet>,
    request: &GraphRequest,
    generation: u64,
) -> GraphView {
    let started = js_sys::Date::now();
    let full = call_graph(profile, sample_index);
    let graph = match &request.focus {
        Some((function, levels)) => {
            let node = full.nodes.iter().position(|n| n.function == *function);
            let around = full.neighbourhood(node.unwrap_or(usize::MAX), *levels);
            let node_count = request.node_count.max(MAX_FOCUSED_NODES);
            around.pruned(&GraphPruning { node_fraction: 0.0, edge_fraction: 0.0, node_count })
        }
        None => {
            full.pruned(&GraphPruning { node_count: request.node_count, ..GraphPruning::default() })
        }
    };
    let graph = with_hot_marks(&graph, hot);
    let laying_out = js_sys::Date::now();
    let layout = lay_out(&graph);
    let (layout_ms, build_ms) = (js_sys::Date::now() - laying_out, js_sys::Date::now() - started);
    let head = profile.header();
    let unit = head.str(head.sample_type[sample_index].unit).to_owned();
    let matched = matched_by(&graph, &request.search);
    let request = request.clone();
    GraphView { generation, request, graph, layout, unit, matched, build_ms, layout_ms }
}

/// Per node of `graph`: matched by the toolbar's search.
fn matched_by(graph: &PgoCallGraph, search: &str) -> Vec<bool> {
    let names: Vec<String> = graph.nodes.iter().map(|n| n.function.clone()).collect();
    super::search_matches(&names, search)
}
