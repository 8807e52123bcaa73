//! `pgoscope graph`: the call graph, pruned like pprof's (`-nodefraction`, `-edgefraction`,
//! `-nodecount`), with the call edges Go's PGO treats as hot marked, as JSON, Graphviz DOT or SVG.

mod dot;

use std::collections::HashSet;

use pgoscope_pgo::{hot_set, EdgeGraph, DEFAULT_CDF_THRESHOLD_PERCENT};
use pgoscope_pprof::{
    call_graph, choose_sample_index, remove_uninteresting, GraphPruning, MergeOptions, Profile,
    DEFAULT_EDGE_FRACTION, DEFAULT_NODE_COUNT, DEFAULT_NODE_FRACTION,
};
use serde::Serialize;

use crate::input::{load_merged, CliError};

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Dot,
    Svg,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value = "dot")]
    format: Format,
    /// At most this many nodes, the heaviest by cum (0: all).
    #[arg(long, default_value_t = DEFAULT_NODE_COUNT)]
    nodecount: usize,
    /// Drop nodes whose cum is below this share of the total.
    #[arg(long, default_value_t = DEFAULT_NODE_FRACTION)]
    nodefraction: f64,
    /// Drop edges whose weight is below this share of the total.
    #[arg(long, default_value_t = DEFAULT_EDGE_FRACTION)]
    edgefraction: f64,
    /// Sample type (`type` or `type/unit`); default: the profile's default, else the last.
    #[arg(long)]
    sample_type: Option<String>,
    /// Profiles (merged first): files, or `-` for stdin.
    #[arg(required = true)]
    inputs: Vec<String>,
}

/// The graph as JSON and DOT show it: names instead of positions, and Go's hot edges marked.
#[derive(Serialize)]
pub struct GraphOut {
    pub total: i64,
    pub nodes: Vec<pgoscope_pprof::GraphNode>,
    pub edges: Vec<EdgeOut>,
    /// Go's hot-callsite threshold (percent of the edge weight) the `hot` marks follow.
    pub hot_threshold_percent: Option<f64>,
}

#[derive(Serialize)]
pub struct EdgeOut {
    pub caller: String,
    pub callee: String,
    pub weight: i64,
    pub inline: bool,
    /// A call site of this caller and callee is hot for Go's PGO (`pgoscope hot`).
    pub hot: bool,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let mut profile = load_merged(&args.inputs, &MergeOptions::default(), false)?;
    let index = choose_sample_index(&profile.header(), args.sample_type.as_deref())
        .map_err(|e| e.to_string())?;
    let (hot, threshold) = hot_pairs(&profile);
    remove_uninteresting(&mut profile);
    let pruning = GraphPruning {
        node_fraction: args.nodefraction,
        edge_fraction: args.edgefraction,
        node_count: args.nodecount,
    };
    let graph = call_graph(&profile, index).pruned(&pruning);
    let name = |i: usize| graph.nodes[i].function.clone();
    let edges = (graph.edges.iter())
        .map(|e| EdgeOut {
            caller: name(e.caller),
            callee: name(e.callee),
            weight: e.weight,
            inline: e.inline,
            hot: hot.contains(&(name(e.caller), name(e.callee))),
        })
        .collect();
    let out = GraphOut {
        total: graph.total,
        nodes: graph.nodes,
        edges,
        hot_threshold_percent: threshold,
    };
    match args.format {
        Format::Json => println!("{}", serde_json::to_string(&out).map_err(|e| e.to_string())?),
        Format::Dot => print!("{}", dot::dot(&out)),
        Format::Svg => print!("{}", dot::svg(&out)?),
    }
    Ok(())
}

/// (caller, callee) of the call edges Go's PGO treats as hot, and its threshold; none for a
/// profile Go's PGO cannot read.
fn hot_pairs(profile: &Profile) -> (HashSet<(String, String)>, Option<f64>) {
    let Ok(graph) = EdgeGraph::build(profile) else { return (HashSet::new(), None) };
    let hot = hot_set(&graph, DEFAULT_CDF_THRESHOLD_PERCENT);
    let pairs = hot.hot_edges.into_iter().map(|(e, _)| (e.caller, e.callee)).collect();
    (pairs, Some(hot.threshold_percent))
}
