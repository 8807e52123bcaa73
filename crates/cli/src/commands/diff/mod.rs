//! `pgoscope diff`: per-function change between a baseline and a candidate build, as
//! `go tool pprof -top -diff_base=BASE NEW` computes it (with `-normalize` for the share mode).

mod work;

use pgoscope_flame::work::{cpu_per_op_ns, BenchComparison};
use pgoscope_flame::{cpu_cores, diff_rows, normalize, percent_change, DiffRow, Normalization};
use pgoscope_pgo::{pgo_effect, PgoEffect};
use pgoscope_pprof::{
    choose_sample_index, compatibilize, remove_uninteresting, sample_total, MergeOptions,
};
use serde::Serialize;

use crate::input::{load_merged, CliError};
use work::{print_benches, print_per_op, PerOp, WorkArgs, WorkInput};

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

#[derive(Serialize)]
struct DiffJson<'a> {
    sample_type: String,
    normalize: Normalization,
    total_before: i64,
    total_after: i64,
    /// Change of the total, percent of the baseline's.
    delta_percent: f64,
    /// CPU cores of each side before normalisation (`cpu/nanoseconds` over the duration); null
    /// without durations or a CPU time sample type.
    cores_before: Option<f64>,
    cores_after: Option<f64>,
    /// CPU per operation, when the work of each side is given.
    per_op: Option<PerOp>,
    /// The benchmarks of `--bench-*`, compared as benchstat does.
    benches: &'a [BenchComparison],
    rows: &'a [DiffRow],
    /// The baseline's hot call sites as the candidate shows them (null when not CPU profiles).
    pgo_effect: Option<PgoEffect>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let mut base = load_merged(&args.base, &MergeOptions::default(), false)?;
    let mut new = load_merged(&args.candidate, &MergeOptions::default(), false)?;
    // Both sides on the sample types they share, as pprof's -diff_base does.
    compatibilize(&mut [&mut base, &mut new]).map_err(|e| format!("--base and --new: {e}"))?;
    let effect = pgo_effect(&base, &new).ok();
    let (cores_before, cores_after) = (cpu_cores(&base), cpu_cores(&new));
    let WorkInput { work, benches } = args.work.read()?;
    let per_op = work.map(|work| PerOp {
        work,
        cpu_per_op_ns_before: cpu_per_op_ns(&base, work.base),
        cpu_per_op_ns_after: cpu_per_op_ns(&new, work.new),
    });
    let mode = match args.normalize {
        Normalize::Share => Normalization::Share,
        Normalize::Cores => Normalization::Cores,
        Normalize::Work => Normalization::Work,
        Normalize::None => Normalization::None,
    };
    normalize(&mut base, &mut new, mode, work).map_err(|e| e.to_string())?;
    let index = choose_sample_index(&new.header(), args.sample_type.as_deref())
        .map_err(|e| e.to_string())?;
    remove_uninteresting(&mut base);
    remove_uninteresting(&mut new);
    let mut rows = diff_rows(&base, &new, index);
    let (total_before, total_after) = (sample_total(&base, index), sample_total(&new, index));
    if let Some(n) = args.count {
        rows.truncate(n);
    }
    let delta_percent = if total_before == 0 {
        0.0
    } else {
        100.0 * (total_after - total_before) as f64 / total_before as f64
    };
    let sample_type = new.value_type_name(&new.sample_type[index]);
    if args.json {
        let json = DiffJson {
            sample_type,
            normalize: mode,
            total_before,
            total_after,
            delta_percent,
            cores_before,
            cores_after,
            per_op,
            benches: &benches,
            rows: &rows,
            pgo_effect: effect,
        };
        println!("{}", serde_json::to_string(&json).map_err(|e| e.to_string())?);
        return Ok(());
    }
    println!("Type: {sample_type}");
    println!("Total: {total_before} → {total_after} ({delta_percent:+.2}%)");
    if let (Some(before), Some(after)) = (cores_before, cores_after) {
        let change = percent_change(before, after);
        println!("CPU: {before:.2} → {after:.2} cores ({change:+.1}%), per second of profiling");
    }
    if let Some(per_op) = &per_op {
        print_per_op(per_op);
    }
    print_benches(&benches);
    println!(
        "{:>14} {:>14} {:>14} {:>14}  function",
        "flat before", "flat after", "flat Δ", "cum Δ"
    );
    for r in &rows {
        println!(
            "{:>14} {:>14} {:>+14} {:>+14}  {}",
            r.flat_before, r.flat_after, r.flat_delta, r.cum_delta, r.function
        );
    }
    if let Some(effect) = effect {
        print_effect(&effect);
    }
    Ok(())
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
