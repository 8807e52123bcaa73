//! `pgoscope graph`: the call graph, pruned like pprof's (`-nodefraction`, `-edgefraction`,
//! `-nodecount`), with the call edges Go's PGO treats as hot marked, as JSON, Graphviz DOT or SVG.

use pgoscope_pgo::callgraph::{dot, svg, with_hot_marks};
use pgoscope_pgo::{hot_set, EdgeGraph, DEFAULT_CDF_THRESHOLD_PERCENT};
use pgoscope_pprof::{
    call_graph, choose_sample_index, remove_uninteresting, GraphPruning, MergeOptions,
    DEFAULT_EDGE_FRACTION, DEFAULT_NODE_COUNT, DEFAULT_NODE_FRACTION,
};

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

pub fn run(args: Args) -> Result<(), CliError> {
    let mut profile = load_merged(&args.inputs, &MergeOptions::default(), false)?;
    let index = choose_sample_index(&profile.header(), args.sample_type.as_deref())
        .map_err(|e| e.to_string())?;
    let hot = EdgeGraph::build(&profile).ok().map(|g| hot_set(&g, DEFAULT_CDF_THRESHOLD_PERCENT));
    remove_uninteresting(&mut profile);
    let pruning = GraphPruning {
        node_fraction: args.nodefraction,
        edge_fraction: args.edgefraction,
        node_count: args.nodecount,
    };
    let graph = call_graph(&profile, index).pruned(&pruning);
    let out = with_hot_marks(&graph, hot.as_ref());
    match args.format {
        Format::Json => println!("{}", serde_json::to_string(&out).map_err(|e| e.to_string())?),
        Format::Dot => print!("{}", dot(&out)),
        Format::Svg => print!("{}", svg(&out)?),
    }
    Ok(())
}
