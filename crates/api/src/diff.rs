//! Per-function change between a baseline and a candidate, as `go tool pprof -top
//! -diff_base=BASE NEW` computes it (`pgoscope diff --json`).

use pgoscope_flame::work::{cpu_per_op_ns, BenchComparison, Work};
use pgoscope_flame::{cpu_cores, diff_rows, normalize, DiffRow, Normalization};
use pgoscope_pgo::{pgo_effect, PgoEffect};
use pgoscope_pprof::{
    choose_sample_index, compatibilize, remove_uninteresting, sample_total, Profile,
};
use serde::{Deserialize, Serialize};

use crate::ApiError;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DiffOptions {
    /// How the sides are made comparable; default `share` (pprof's -normalize).
    pub normalize: Normalization,
    /// `type` or `type/unit`; default (None): the candidate's default sample type, else the last.
    pub sample_type: Option<String>,
    /// The first N rows only; default (None): all.
    pub count: Option<usize>,
    /// Operations each side did (for CPU per operation and `normalize: "work"`); default: unknown.
    pub work: Option<Work>,
}

/// CPU per operation of each side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PerOp {
    pub work: Work,
    /// `cpu/nanoseconds` total over the operations; null without CPU time.
    pub cpu_per_op_ns_before: Option<f64>,
    pub cpu_per_op_ns_after: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiffReport {
    pub sample_type: String,
    pub normalize: Normalization,
    pub total_before: i64,
    pub total_after: i64,
    /// Change of the total, percent of the baseline's.
    pub delta_percent: f64,
    /// CPU cores of each side before normalisation (`cpu/nanoseconds` over the duration); null
    /// without durations or a CPU time sample type.
    pub cores_before: Option<f64>,
    pub cores_after: Option<f64>,
    pub per_op: Option<PerOp>,
    /// Benchmarks compared as benchstat does (the CLI's `--bench-*`; empty otherwise).
    pub benches: Vec<BenchComparison>,
    pub rows: Vec<DiffRow>,
    /// The baseline's hot call sites as the candidate shows them (null when not CPU profiles).
    pub pgo_effect: Option<PgoEffect>,
}

pub fn diff_report(
    mut base: Profile,
    mut new: Profile,
    options: &DiffOptions,
) -> Result<DiffReport, ApiError> {
    // Both sides on the sample types they share, as pprof's -diff_base does.
    compatibilize(&mut [&mut base, &mut new]).map_err(ApiError::Incompatible)?;
    let effect = pgo_effect(&base, &new).ok();
    let (cores_before, cores_after) = (cpu_cores(&base), cpu_cores(&new));
    let per_op = options.work.map(|work| PerOp {
        work,
        cpu_per_op_ns_before: cpu_per_op_ns(&base, work.base),
        cpu_per_op_ns_after: cpu_per_op_ns(&new, work.new),
    });
    normalize(&mut base, &mut new, options.normalize, options.work)
        .map_err(|e| ApiError::Normalize(e.to_string()))?;
    let index = choose_sample_index(&new.header(), options.sample_type.as_deref())
        .map_err(|e| ApiError::SampleType(e.to_string()))?;
    remove_uninteresting(&mut base);
    remove_uninteresting(&mut new);
    let mut rows = diff_rows(&base, &new, index);
    let (total_before, total_after) = (sample_total(&base, index), sample_total(&new, index));
    if let Some(n) = options.count {
        rows.truncate(n);
    }
    let delta_percent = if total_before == 0 {
        0.0
    } else {
        100.0 * (total_after - total_before) as f64 / total_before as f64
    };
    Ok(DiffReport {
        sample_type: new.value_type_name(&new.sample_type[index]),
        normalize: options.normalize,
        total_before,
        total_after,
        delta_percent,
        cores_before,
        cores_after,
        per_op,
        benches: Vec::new(),
        rows,
        pgo_effect: effect,
    })
}
