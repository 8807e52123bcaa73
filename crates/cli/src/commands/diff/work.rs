//! `pgoscope diff`'s work options: each side's operation count, typed (`--work-base/--work-new`) or
//! read from `go test -bench` output (`--bench-base/--bench-new`), for CPU per operation and a
//! benchstat-style comparison of the benchmarks.

use pgoscope_api::PerOp;
use pgoscope_flame::work::{
    compare_benches, parse_bench, total_iterations, BenchComparison, BenchRun, BenchSide, Work,
};

use crate::input::CliError;

#[derive(clap::Args)]
pub struct WorkArgs {
    /// Operations (requests, iterations) the baseline did while it was profiled: CPU per
    /// operation is shown, and `--normalize work` compares at equal work.
    #[arg(long, requires = "work_new")]
    work_base: Option<f64>,
    /// Operations the candidate did while it was profiled.
    #[arg(long, requires = "work_base")]
    work_new: Option<f64>,
    /// `go test -bench` output of the baseline's runs (the profile's `-cpuprofile` run): its
    /// iterations are the baseline's work, and its ns/op are compared as benchstat does.
    #[arg(long, requires = "bench_new", conflicts_with_all = ["work_base", "work_new"])]
    bench_base: Option<String>,
    /// `go test -bench` output of the candidate's runs.
    #[arg(long, requires = "bench_base")]
    bench_new: Option<String>,
}

/// What the work options give: the operation counts, and the benchmarks compared.
pub struct WorkInput {
    pub work: Option<Work>,
    pub benches: Vec<BenchComparison>,
}

impl WorkArgs {
    pub fn read(&self) -> Result<WorkInput, CliError> {
        if let (Some(base), Some(new)) = (&self.bench_base, &self.bench_new) {
            let (base, new) = (read_bench(base)?, read_bench(new)?);
            let work =
                Work { base: total_iterations(&base) as f64, new: total_iterations(&new) as f64 };
            return Ok(WorkInput { work: Some(work), benches: compare_benches(&base, &new) });
        }
        let work = match (self.work_base, self.work_new) {
            (Some(base), Some(new)) if base > 0.0 && new > 0.0 => Some(Work { base, new }),
            (Some(_), Some(_)) => {
                return Err("--work-base and --work-new must be positive operation counts".into())
            }
            _ => None,
        };
        Ok(WorkInput { work, benches: Vec::new() })
    }
}

fn read_bench(path: &str) -> Result<Vec<BenchRun>, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    parse_bench(&text).map_err(|e| format!("{path}: {e}"))
}

/// "Work: 3000 → 3000 operations" and "CPU per op: 1.23 ms → 1.11 ms (−9.8%)".
pub fn print_per_op(per_op: &PerOp) {
    let Work { base, new } = per_op.work;
    println!("Work: {base} → {new} operations");
    if let (Some(before), Some(after)) = (per_op.cpu_per_op_ns_before, per_op.cpu_per_op_ns_after) {
        let change = pgoscope_flame::percent_change(before, after);
        println!("CPU per op: {} → {} ({change:+.1}%)", duration(before), duration(after));
    }
}

/// benchstat's table: each benchmark's median ns/op ± its 95 % interval per side, and the change
/// with the U test's p-value (`~` when not significant).
pub fn print_benches(benches: &[BenchComparison]) {
    if benches.is_empty() {
        return;
    }
    let width = benches.iter().map(|b| b.name.len()).max().unwrap_or(0).max(9);
    println!("\n{:width$}  {:>16}  {:>16}  delta", "benchmark", "before ns/op", "after ns/op");
    for b in benches {
        let delta = match b.delta_percent {
            Some(d) => format!("{d:+.2}%"),
            None => "~".to_owned(),
        };
        println!(
            "{:width$}  {:>16}  {:>16}  {delta} (p={:.3} n={}+{})",
            b.name,
            side(&b.before),
            side(&b.after),
            b.p_value,
            b.before.runs,
            b.after.runs
        );
    }
}

/// `1.05µs ± 2%` (`± ∞` with too few runs for an interval).
fn side(s: &BenchSide) -> String {
    match s.plus_minus_percent() {
        Some(pm) => format!("{} ± {pm:.0}%", duration(s.median_ns)),
        None => format!("{} ± ∞", duration(s.median_ns)),
    }
}

fn duration(ns: f64) -> String {
    pgoscope_flame::work::duration_text(ns, "")
}
