//! Before/after comparison of two profiles (a baseline and a candidate build): normalisation, the
//! per-function table of `go tool pprof -top -diff_base`, and the merged call tree of a diff flame
//! graph.

use pgoscope_pprof::proto::Profile;
use pgoscope_pprof::{top, SortBy};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::tree::{build_weighted, CallTree, NodeId, WeightedInput};
use crate::work::Work;

/// How the two sides are made comparable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Normalization {
    /// Candidate scaled so each sample type totals the baseline's (pprof's `-normalize`): compares
    /// shares of each side's own total, in baseline units (Grafana's diff view does the same).
    #[default]
    Share,
    /// Each side divided by its duration: CPU cores (values become nanoseconds per second).
    Cores,
    /// Candidate scaled by the baseline's work over its own (operations: requests, benchmark
    /// iterations): both sides in baseline units at the baseline's work, so totals compare CPU per
    /// operation.
    Work,
    /// Raw values.
    None,
}

/// Why two profiles cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiffError {
    #[error("the profiles have different sample types ({0} vs {1}): compare profiles of one kind")]
    SampleTypes(String, String),
    #[error("CPU cores need the profiles' durations; {0} has none: use share normalisation")]
    NoDuration(&'static str),
    #[error("work normalisation needs each side's operation count (positive): give --work-base and --work-new, or --bench-base and --bench-new")]
    NoWork,
}

/// Scales `profile`'s sample values by `ratios` (one per sample type), rounding half away from
/// zero as Go's `math.Round` in pprof's `ScaleN`.
pub fn scale(profile: &mut Profile, ratios: &[f64]) {
    for s in &mut profile.sample {
        for (v, r) in s.value.iter_mut().zip(ratios) {
            if *r != 1.0 {
                *v = (*v as f64 * r).round() as i64;
            }
        }
    }
}

fn totals(p: &Profile) -> Vec<i64> {
    let mut totals = vec![0i64; p.sample_type.len()];
    for s in &p.sample {
        for (t, v) in totals.iter_mut().zip(&s.value) {
            *t = t.wrapping_add(*v);
        }
    }
    totals
}

/// CPU cores a profile used: its `cpu/nanoseconds` total over its duration (CPU seconds per second of
/// profiling). `None` without a duration or such a sample type. Two profiles of the same work at the
/// same rate compare by it, whatever normalisation their per-function rows use.
pub fn cpu_cores(p: &Profile) -> Option<f64> {
    let index = pgoscope_pprof::find_sample_index(&p.header(), "cpu/nanoseconds")?;
    let total = pgoscope_pprof::sample_total(p, index);
    (p.duration_nanos > 0).then(|| total as f64 / p.duration_nanos as f64)
}

/// Change from `before` to `after` in percent of `before` (0 when `before` is not positive): how
/// the CPU cores of two sides are compared.
pub fn percent_change(before: f64, after: f64) -> f64 {
    if before > 0.0 {
        100.0 * (after - before) / before
    } else {
        0.0
    }
}

/// Makes `base` and `new` comparable in place (`work`: each side's operations, for
/// [`Normalization::Work`]).
pub fn normalize(
    base: &mut Profile,
    new: &mut Profile,
    mode: Normalization,
    work: Option<Work>,
) -> Result<(), DiffError> {
    let (a, b) =
        (pgoscope_pprof::type_list(&base.header()), pgoscope_pprof::type_list(&new.header()));
    if a != b {
        return Err(DiffError::SampleTypes(a, b));
    }
    match mode {
        Normalization::None => {}
        Normalization::Share => {
            let ratios: Vec<f64> = totals(base)
                .iter()
                .zip(totals(new))
                .map(|(&b, n)| if n == 0 { 0.0 } else { b as f64 / n as f64 })
                .collect();
            scale(new, &ratios);
        }
        Normalization::Work => {
            let work = work.filter(|w| w.base > 0.0 && w.new > 0.0).ok_or(DiffError::NoWork)?;
            let ratios = vec![work.base / work.new; new.sample_type.len()];
            scale(new, &ratios);
        }
        Normalization::Cores => {
            for (p, side) in [(base, "the baseline"), (new, "the candidate")] {
                if p.duration_nanos <= 0 {
                    return Err(DiffError::NoDuration(side));
                }
                let per_second = 1e9 / p.duration_nanos as f64;
                let ratios = vec![per_second; p.sample_type.len()];
                scale(p, &ratios);
            }
        }
    }
    Ok(())
}

/// One function before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffRow {
    pub function: String,
    pub flat_before: i64,
    pub flat_after: i64,
    pub flat_delta: i64,
    pub cum_before: i64,
    pub cum_after: i64,
    pub cum_delta: i64,
}

/// Per-function values of both sides (already normalised, `drop_frames` applied), biggest flat
/// change first (regressions and improvements alike), then by name.
pub fn diff_rows(base: &Profile, new: &Profile, sample_index: usize) -> Vec<DiffRow> {
    let mut rows: FxHashMap<String, DiffRow> = FxHashMap::default();
    let empty = |function: &str| DiffRow {
        function: function.to_owned(),
        flat_before: 0,
        flat_after: 0,
        flat_delta: 0,
        cum_before: 0,
        cum_after: 0,
        cum_delta: 0,
    };
    for r in top(base, sample_index, SortBy::Flat).rows {
        let row = rows.entry(r.function.clone()).or_insert_with(|| empty(&r.function));
        (row.flat_before, row.cum_before) = (r.flat, r.cum);
    }
    for r in top(new, sample_index, SortBy::Flat).rows {
        let row = rows.entry(r.function.clone()).or_insert_with(|| empty(&r.function));
        (row.flat_after, row.cum_after) = (r.flat, r.cum);
    }
    let mut rows: Vec<DiffRow> = rows
        .into_values()
        .map(|mut r| {
            r.flat_delta = r.flat_after.wrapping_sub(r.flat_before);
            r.cum_delta = r.cum_after.wrapping_sub(r.cum_before);
            r
        })
        .collect();
    rows.sort_by(|a, b| {
        b.flat_delta
            .unsigned_abs()
            .cmp(&a.flat_delta.unsigned_abs())
            .then_with(|| a.function.cmp(&b.function))
    });
    rows
}

/// The call tree of both sides: widths are before + after, so what vanished still shows.
/// Invariant: `before(n) + after(n) == tree.total(n)` (wrapping).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DiffTree {
    pub tree: CallTree,
}

impl DiffTree {
    pub fn build(base: &Profile, new: &Profile, sample_index: usize) -> DiffTree {
        let inputs = [
            WeightedInput { profile: base, sample_index, side: 0 },
            WeightedInput { profile: new, sample_index, side: 1 },
        ];
        DiffTree { tree: build_weighted(&inputs) }
    }

    /// The baseline's value through a node.
    pub fn before(&self, node: NodeId) -> i64 {
        self.tree.side_total(0, node)
    }

    /// The candidate's value through a node.
    pub fn after(&self, node: NodeId) -> i64 {
        self.tree.side_total(1, node)
    }
}
