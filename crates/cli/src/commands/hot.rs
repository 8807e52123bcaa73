//! `pgoscope hot`: the call sites Go's compiler will treat as hot, devirtualization picks, lints.

use pgoscope_api::{hot_report, HotOptions};
use pgoscope_pgo::{DevirtSite, DEFAULT_CDF_THRESHOLD_PERCENT};
use pgoscope_pprof::MergeOptions;

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

pub fn run(args: Args) -> Result<(), CliError> {
    let profile = load_merged(&args.inputs, &MergeOptions::default(), false)?;
    let options =
        HotOptions { cdf_threshold_percent: args.cdf_threshold, refine: args.refine.options() };
    let report = hot_report(profile, &options).map_err(|e| e.to_string())?;
    if args.json {
        println!("{}", serde_json::to_string(&report).map_err(|e| e.to_string())?);
        return Ok(());
    }
    if let Some(e) = report.unreadable {
        return Err(e);
    }
    println!(
        "{} hot edges of {} ({} hot call sites, {} hot callees); hot-callsite-thres-from-CDF={}",
        report.hot_edges.len(),
        report.edges,
        report.hot_call_sites.len(),
        report.hot_callees.len(),
        report.threshold_percent
    );
    println!("{:>10} {:>7}  call site → callee", "weight", "cum%");
    let mut cum = 0i64;
    for e in &report.hot_edges {
        cum += e.weight;
        let pct = pgoscope_pgo::weight_percent(cum, report.total_weight);
        println!("{:>10} {pct:>6.2}%  {}+{} → {}", e.weight, e.caller, e.offset, e.callee);
    }
    print_devirt(&report.devirtualization);
    super::report::print_lints(&report.lints);
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
