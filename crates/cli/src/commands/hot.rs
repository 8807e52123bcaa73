//! `pgoscope hot`: the call sites Go's compiler will treat as hot, devirtualization picks, lints.

use pgoscope_pgo::{
    devirtualization_sites, hot_set, lint_with_graph, DevirtSite, EdgeGraph, Lint,
    DEFAULT_CDF_THRESHOLD_PERCENT,
};
use pgoscope_pprof::MergeOptions;
use serde::Serialize;

use crate::input::{load_merged, CliError};

#[derive(clap::Args)]
pub struct Args {
    /// Go's -d=pgoinlinecdfthreshold: the hottest edges making up this percent of the weight are hot.
    #[arg(long, default_value_t = DEFAULT_CDF_THRESHOLD_PERCENT, value_parser = super::report::parse_percent)]
    cdf_threshold: f64,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    refine: super::refine::RefineArgs,
    /// Profiles (merged first): files, or `-` for stdin.
    #[arg(required = true)]
    inputs: Vec<String>,
}

#[derive(Serialize)]
struct HotEdgeJson<'a> {
    caller: &'a str,
    callee: &'a str,
    offset: i64,
    weight: i64,
}

#[derive(Serialize)]
struct HotJson<'a> {
    threshold_percent: f64,
    cdf_threshold_percent: f64,
    total_weight: i64,
    hot_edges: Vec<HotEdgeJson<'a>>,
    /// (caller, offset) pairs: Go keys hot call sites without the callee.
    hot_call_sites: Vec<(&'a str, i64)>,
    /// Callees that get the hot inline budget (2000).
    hot_callees: Vec<&'a str>,
    devirtualization: &'a [DevirtSite],
    lints: &'a [Lint],
}

pub fn run(args: Args) -> Result<(), CliError> {
    let mut profile = load_merged(&args.inputs, &MergeOptions::default(), false)?;
    let filter = args.refine.filter()?;
    pgoscope_pprof::filter_samples_by_name(&mut profile, &filter);
    let graph = EdgeGraph::build(&profile);
    let lints = lint_with_graph(&profile, &graph);
    let graph = match graph {
        Ok(graph) => graph,
        Err(e) if !args.json => return Err(e.to_string()),
        Err(_) => EdgeGraph::default(),
    };
    let hot = hot_set(&graph, args.cdf_threshold);
    let devirt = devirtualization_sites(&graph);
    if args.json {
        let json = HotJson {
            threshold_percent: hot.threshold_percent,
            cdf_threshold_percent: hot.cdf_threshold_percent,
            total_weight: graph.total_weight,
            hot_edges: hot
                .hot_edges
                .iter()
                .map(|(e, w)| HotEdgeJson {
                    caller: &e.caller,
                    callee: &e.callee,
                    offset: e.offset,
                    weight: *w,
                })
                .collect(),
            hot_call_sites: hot.hot_call_sites().into_iter().collect(),
            hot_callees: hot.hot_callees().into_iter().collect(),
            devirtualization: &devirt,
            lints: &lints,
        };
        println!("{}", serde_json::to_string(&json).map_err(|e| e.to_string())?);
        return Ok(());
    }
    println!(
        "{} hot edges of {} ({} hot call sites, {} hot callees); hot-callsite-thres-from-CDF={}",
        hot.hot_edges.len(),
        graph.edges.len(),
        hot.hot_call_sites().len(),
        hot.hot_callees().len(),
        hot.threshold_percent
    );
    println!("{:>10} {:>7}  call site → callee", "weight", "cum%");
    let mut cum = 0i64;
    for (e, w) in &hot.hot_edges {
        cum += w;
        let pct = pgoscope_pgo::weight_percent(cum, graph.total_weight);
        println!("{w:>10} {pct:>6.2}%  {}+{} → {}", e.caller, e.offset, e.callee);
    }
    print_devirt(&devirt);
    super::report::print_lints(&lints);
    Ok(())
}

fn print_devirt(sites: &[DevirtSite]) {
    if sites.is_empty() {
        return;
    }
    println!("\nindirect call sites with several callees (devirtualization):");
    for s in sites {
        let callees: Vec<String> =
            s.callees.iter().map(|c| format!("{} {:.0}%", c.callee, c.share_percent)).collect();
        let (kind, verdict) = (s.kind.label(), s.verdict());
        println!("  {}+{} ({kind}): {} — {verdict}", s.caller, s.offset, callees.join(", "));
    }
}
