//! Work: comparing builds per operation. A side's work is its operation count (requests served,
//! benchmark iterations); CPU per operation is its CPU time over that count. Benchmark output gives
//! both the count and, per run, ns/op, compared as benchstat does.

mod bench;
mod stats;

use serde::{Deserialize, Serialize};

use pgoscope_pprof::Profile;

pub use bench::{parse_bench, total_iterations, BenchError, BenchRun};
pub use stats::{mann_whitney_p, median, median_interval, CONFIDENCE};

/// Operations each side did while it was profiled.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Work {
    pub base: f64,
    pub new: f64,
}

/// A difference is reported only when the U test's p-value is below this (benchstat's default α).
pub const ALPHA: f64 = 0.05;

/// Nanoseconds in the unit that reads best (`1.234 ms`), three decimals; `unit_gap` goes between
/// the number and the unit (`""` gives benchstat's `1.234ms`).
pub fn duration_text(ns: f64, unit_gap: &str) -> String {
    match ns {
        ns if ns >= 1e9 => format!("{:.3}{unit_gap}s", ns / 1e9),
        ns if ns >= 1e6 => format!("{:.3}{unit_gap}ms", ns / 1e6),
        ns if ns >= 1e3 => format!("{:.3}{unit_gap}µs", ns / 1e3),
        ns => format!("{ns:.2}{unit_gap}ns"),
    }
}

/// CPU time per operation of a profile, in nanoseconds: its `cpu/nanoseconds` total over `ops`.
/// `None` without such a sample type or without positive work.
pub fn cpu_per_op_ns(p: &Profile, ops: f64) -> Option<f64> {
    let index = pgoscope_pprof::find_sample_index(&p.header(), "cpu/nanoseconds")?;
    let total = pgoscope_pprof::sample_total(p, index);
    (ops > 0.0).then(|| total as f64 / ops)
}

/// One benchmark's runs on a side: median ns/op, the median's confidence interval (None: too few
/// runs, benchstat's ±∞), and the runs' count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchSide {
    pub median_ns: f64,
    pub interval_ns: Option<(f64, f64)>,
    pub runs: usize,
}

impl BenchSide {
    fn of(values: &[f64]) -> BenchSide {
        BenchSide {
            median_ns: median(values),
            interval_ns: median_interval(values),
            runs: values.len(),
        }
    }

    /// The interval's wider side in percent of the median (benchstat's `± x%`); None = ±∞.
    pub fn plus_minus_percent(&self) -> Option<f64> {
        let (lo, hi) = self.interval_ns?;
        let m = self.median_ns;
        (m > 0.0).then(|| 100.0 * (m - lo).max(hi - m) / m)
    }
}

/// One benchmark before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchComparison {
    pub name: String,
    pub before: BenchSide,
    pub after: BenchSide,
    /// Change of the median in percent; None when the p-value is not below [`ALPHA`] (benchstat's `~`).
    pub delta_percent: Option<f64>,
    pub p_value: f64,
}

/// The benchmarks both sides ran, in the baseline's order, compared as benchstat does: medians,
/// their 95 % intervals, the Mann-Whitney U test.
pub fn compare_benches(base: &[BenchRun], new: &[BenchRun]) -> Vec<BenchComparison> {
    let mut names: Vec<&str> = Vec::new();
    for r in base {
        if !names.contains(&r.name.as_str()) && new.iter().any(|n| n.name == r.name) {
            names.push(&r.name);
        }
    }
    let values = |runs: &[BenchRun], name: &str| -> Vec<f64> {
        runs.iter().filter(|r| r.name == name).map(|r| r.ns_per_op).collect()
    };
    (names.into_iter())
        .map(|name| {
            let (x, y) = (values(base, name), values(new, name));
            let (before, after) = (BenchSide::of(&x), BenchSide::of(&y));
            let p_value = mann_whitney_p(&x, &y);
            let delta_percent =
                (p_value < ALPHA).then(|| crate::percent_change(before.median_ns, after.median_ns));
            BenchComparison { name: name.to_owned(), before, after, delta_percent, p_value }
        })
        .collect()
}
