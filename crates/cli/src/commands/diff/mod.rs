//! `pgoscope diff`: per-function change between a baseline and a candidate build, as
//! `go tool pprof -top -diff_base=BASE NEW` computes it (with `-normalize` for the share mode).

mod work;

use pgoscope_api::{diff_report, DiffOptions, DiffReport};
use pgoscope_flame::{percent_change, Normalization};
use pgoscope_pgo::PgoEffect;
use pgoscope_pprof::MergeOptions;

use crate::input::{load_merged, CliError};
use work::{print_benches, print_per_op, WorkArgs, WorkInput};

#[derive(Clone, Copy, clap::ValueEnum)]
enum Normalize {
    /// Candidate scaled to the baseline's totals (pprof -normalize): compares shares.
    Share,
    /// Each side divided by its duration: CPU cores.
    Cores,
    /// Candidate scaled by the baseline's work over its own (needs --work-* or --bench-*).
    Work,
    /// Raw values.
    None,
}

#[derive(clap::Args)]
pub struct Args {
    /// Baseline profiles (merged).
    #[arg(long, required = true, num_args = 1..)]
    base: Vec<String>,
    /// Candidate profiles (merged).
    #[arg(long = "new", required = true, num_args = 1..)]
    candidate: Vec<String>,
    #[arg(long, value_enum, default_value = "share")]
    normalize: Normalize,
    /// Sample type (`type` or `type/unit`); default: the profile's default, else the last.
    #[arg(long)]
    sample_type: Option<String>,
    /// Show only the first N rows (default: all).
    #[arg(short = 'n', long = "nodecount")]
    count: Option<usize>,
    /// Print JSON: {"total_before","total_after","delta_percent","rows":[{"function","flat_before",...}]}.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    work: WorkArgs,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let base = load_merged(&args.base, &MergeOptions::default(), false)?;
    let new = load_merged(&args.candidate, &MergeOptions::default(), false)?;
    let WorkInput { work, benches } = args.work.read()?;
    let normalize = match args.normalize {
        Normalize::Share => Normalization::Share,
        Normalize::Cores => Normalization::Cores,
        Normalize::Work => Normalization::Work,
        Normalize::None => Normalization::None,
    };
    let options = DiffOptions { normalize, sample_type: args.sample_type, count: args.count, work };
    let mut report = diff_report(base, new, &options).map_err(|e| e.to_string())?;
    report.benches = benches;
    if args.json {
        println!("{}", serde_json::to_string(&report).map_err(|e| e.to_string())?);
        return Ok(());
    }
    print_text(&report);
    Ok(())
}

/// The text output: totals, CPU, work and benchmarks, the rows, the PGO effect.
fn print_text(report: &DiffReport) {
    let DiffReport { sample_type, total_before, total_after, delta_percent, .. } = report;
    println!("Type: {sample_type}");
    println!("Total: {total_before} → {total_after} ({delta_percent:+.2}%)");
    if let (Some(before), Some(after)) = (report.cores_before, report.cores_after) {
        let change = percent_change(before, after);
        println!("CPU: {before:.2} → {after:.2} cores ({change:+.1}%), per second of profiling");
    }
    if let Some(per_op) = &report.per_op {
        print_per_op(per_op);
    }
    print_benches(&report.benches);
    println!(
        "{:>14} {:>14} {:>14} {:>14}  function",
        "flat before", "flat after", "flat Δ", "cum Δ"
    );
    for r in &report.rows {
        println!(
            "{:>14} {:>14} {:>+14} {:>+14}  {}",
            r.flat_before, r.flat_after, r.flat_delta, r.cum_delta, r.function
        );
    }
    if let Some(effect) = &report.pgo_effect {
        print_effect(effect);
    }
}

/// "X of Y hot call sites inlined after PGO", then the sites.
fn print_effect(effect: &PgoEffect) {
    println!(
        "\nPGO effect: {} of {} hot call sites of the baseline newly inlined in the candidate",
        effect.newly_inlined,
        effect.sites.len()
    );
    for s in &effect.sites {
        println!(
            "  {:?} -> {:?}  {}+{} -> {}  ({}:{})",
            s.before, s.after, s.edge.caller, s.edge.offset, s.edge.callee, s.file, s.line
        );
    }
    for d in effect.devirtualized.iter().filter(|d| d.inlined_after) {
        println!(
            "  devirtualized: {}+{} -> {} ({}:{}, {})",
            d.caller,
            d.offset,
            d.callee,
            d.file,
            d.line,
            d.kind.label()
        );
    }
}
