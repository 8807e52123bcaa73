//! Checks that tell a user why a profile will not work well (or at all) for `go build -pgo`.

use std::collections::{BTreeMap, BTreeSet};

use pgoscope_pprof::ids::IdIndex;
use pgoscope_pprof::{ProfileData, ProfileHeader};
use serde::{Deserialize, Serialize};

use crate::devirt::{devirtualization_sites, CallKind};
use crate::graph::{EdgeGraph, PgoError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// One finding, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lint {
    /// Stable identifier, e.g. `missing-start-line`.
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub fix: String,
}

/// Below this many samples the hot set moves between collections (100 Hz × 10 s).
pub const MIN_STABLE_SAMPLES: i64 = 1000;
/// Above this share of CPU in `runtime.*`, PGO has little of the program's own code to work on.
pub const RUNTIME_SHARE_WARNING_PERCENT: f64 = 50.0;

/// Every lint for a valid profile (inputs already merged).
pub fn lint(p: &impl ProfileData) -> Vec<Lint> {
    lint_with_graph(p, &EdgeGraph::build(p))
}

/// [`lint`] for callers that already built the profile's edge graph (`EdgeGraph::build(p)`).
pub fn lint_with_graph(data: &impl ProfileData, graph: &Result<EdgeGraph, PgoError>) -> Vec<Lint> {
    let p = &data.header();
    let mut lints = Vec::new();
    if data.samples().all(|s| s.values.iter().all(|&v| v == 0)) {
        lints.push(Lint {
            code: "empty-profile".into(),
            severity: Severity::Error,
            message: "the profile has no samples: `go build -pgo` accepts it and optimizes nothing"
                .into(),
            fix: "collect a CPU profile while the program is under load".into(),
        });
        return lints;
    }
    let Some(value_index) = pgoscope_pprof::pgo_value_index(p) else {
        let err = PgoError::NoCpuSampleType { available: pgoscope_pprof::type_list(p) };
        lints.push(Lint {
            code: "not-a-cpu-profile".into(),
            severity: Severity::Error,
            message: err.to_string(),
            fix: "use a CPU profile: /debug/pprof/profile?seconds=30, or Pyroscope's process_cpu type".into(),
        });
        return lints;
    };
    match graph {
        Err(PgoError::MissingStartLine) => lints.push(Lint {
            code: "missing-start-line".into(),
            severity: Severity::Error,
            message: PgoError::MissingStartLine.to_string(),
            fix: "collect the profile from a binary built with Go 1.20 or later".into(),
        }),
        Err(e) => lints.push(Lint {
            code: "unusable".into(),
            severity: Severity::Error,
            message: e.to_string(),
            fix: "use a Go CPU profile".into(),
        }),
        Ok(graph) => lints.extend(devirt_lints(graph)),
    }
    lints.extend(no_inline_frames(data));
    lints.extend(few_samples(data, value_index));
    lints.extend(mostly_runtime(data, value_index));
    lints.extend(mixed_binaries(p));
    lints
}

fn no_inline_frames(p: &impl ProfileData) -> Option<Lint> {
    let any_inline = p.locations().any(|l| l.lines.len() > 1);
    (!any_inline && p.location_count() > 0).then(|| Lint {
        code: "no-inline-frames".into(),
        severity: Severity::Warning,
        message:
            "no location has inlined frames: this is not a profile written by the Go runtime, \
                  or it was re-symbolized without inline information; Go's PGO attributes calls \
                  through inlined frames, so its call sites will not match"
                .into(),
        fix: "use the profile exactly as the Go runtime wrote it (net/http/pprof, runtime/pprof, \
              Pyroscope's Go SDK or Alloy)"
            .into(),
    })
}

/// Number of samples: the `samples/count` total, else CPU time divided by the period.
fn sample_count(data: &impl ProfileData, value_index: usize) -> i64 {
    let p = &data.header();
    let total =
        |i: usize| data.samples().map(|s| s.values.get(i).copied().unwrap_or(0)).sum::<i64>();
    let counts = pgoscope_pprof::type_index(p, "samples");
    match counts {
        Some(i) => total(i),
        None if p.period > 0 => total(value_index) / p.period,
        None => total(value_index),
    }
}

fn few_samples(p: &impl ProfileData, value_index: usize) -> Option<Lint> {
    let n = sample_count(p, value_index);
    (n < MIN_STABLE_SAMPLES).then(|| Lint {
        code: "few-samples".into(),
        severity: Severity::Warning,
        message: format!(
            "only {n} samples: with fewer than {MIN_STABLE_SAMPLES} the hot set changes from one \
             collection to the next"
        ),
        fix: "collect longer (30 s or more) or merge profiles from several pods".into(),
    })
}

fn mostly_runtime(p: &impl ProfileData, value_index: usize) -> Option<Lint> {
    let share = RuntimeShare::of(p, value_index);
    if share.total == 0 {
        return None;
    }
    let percent = |v: i64| 100.0 * v as f64 / share.total as f64;
    let (runtime, gc) = (percent(share.runtime_flat), percent(share.gc_cum));
    (runtime > RUNTIME_SHARE_WARNING_PERCENT).then(|| Lint {
        code: "mostly-runtime".into(),
        severity: Severity::Warning,
        message: format!(
            "{runtime:.0}% of the CPU is spent in the Go runtime ({gc:.0}% in the garbage collector's \
             workers): PGO optimizes call sites of your code, so expect a small gain"
        ),
        fix: "reduce allocations first (heap profile: go tool pprof -sample_index=alloc_space)".into(),
    })
}

/// The garbage collector's worker, whose cumulative share the `mostly-runtime` lint reports.
const GC_WORKER: &str = "runtime.gcBgMarkWorker";

/// What the top table says of the runtime, read from the samples without building the table
/// (it would hold every distinct stack): the flat value of `runtime.*` functions, the cumulative
/// value of [`GC_WORKER`], and the total of absolute values.
#[derive(Debug, PartialEq, Eq)]
struct RuntimeShare {
    runtime_flat: i64,
    gc_cum: i64,
    total: i64,
}

impl RuntimeShare {
    fn of(data: &impl ProfileData, value_index: usize) -> RuntimeShare {
        let p = &data.header();
        let functions = IdIndex::build(p.function.iter().map(|f| f.id)).ok();
        let name = |function_id: u64| {
            let f = functions.as_ref().and_then(|f| f.get(function_id));
            f.map_or("", |i| p.str(p.function[i].name))
        };
        // Per location: whether its innermost frame is a runtime function, and whether any of
        // its frames is the GC worker.
        let flags: Vec<(bool, bool)> = data
            .locations()
            .map(|l| {
                let leaf = l
                    .lines
                    .first()
                    .is_some_and(|line| name(line.function_id).starts_with("runtime."));
                (leaf, l.lines.iter().any(|line| name(line.function_id) == GC_WORKER))
            })
            .collect();
        let positions = IdIndex::build(data.locations().map(|l| l.id)).ok();
        let flag = |id: u64| {
            positions.as_ref().and_then(|i| i.get(id)).map_or((false, false), |i| flags[i])
        };
        let mut share = RuntimeShare { runtime_flat: 0, gc_cum: 0, total: 0 };
        for s in data.samples() {
            let w = s.values.get(value_index).copied().unwrap_or(0);
            if w == 0 {
                continue;
            }
            share.total = share.total.wrapping_add(w.wrapping_abs());
            if s.location_ids.first().is_some_and(|l| flag(l).0) {
                share.runtime_flat = share.runtime_flat.wrapping_add(w);
            }
            if s.location_ids.iter().any(|l| flag(l).1) {
                share.gc_cum = share.gc_cum.wrapping_add(w);
            }
        }
        share
    }
}

fn mixed_binaries(p: &ProfileHeader) -> Option<Lint> {
    let mut by_file: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for m in p.mapping {
        let build_id = p.str(m.build_id);
        if !build_id.is_empty() {
            by_file.entry(p.str(m.filename)).or_default().insert(build_id);
        }
    }
    let (file, ids) = by_file.into_iter().find(|(_, ids)| ids.len() > 1)?;
    let ids: Vec<&str> = ids.into_iter().collect();
    Some(Lint {
        code: "mixed-binaries".into(),
        severity: Severity::Warning,
        message: format!(
            "profiles of {} different builds of {file:?} are merged (build ids {}): call sites that \
             moved between builds are split",
            ids.len(),
            ids.join(", ")
        ),
        fix: "merge profiles of one build, or accept the mix when the code changed little".into(),
    })
}

fn devirt_lints(graph: &EdgeGraph) -> Vec<Lint> {
    devirtualization_sites(graph)
        .into_iter()
        .filter(|s| s.blocked && matches!(s.kind, CallKind::Interface { .. }))
        .map(|s| Lint {
            code: "devirtualization-blocked".into(),
            severity: Severity::Info,
            message: format!(
                "call site {}+{}: the hottest callee is {}, a function without IR, so Go will not \
                 devirtualize this call",
                s.caller,
                s.offset,
                s.chosen.as_deref().unwrap_or("?")
            ),
            fix: "collect more samples (the preemption signal landing on the call is noise) or merge \
                  more profiles"
                .into(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use pgoscope_pprof::{decode, top, SortBy};

    use super::*;

    /// The shares as the top table gives them (itself checked against `go tool pprof -top`).
    fn from_top(p: &pgoscope_pprof::Profile, value_index: usize) -> RuntimeShare {
        let table = top(p, value_index, SortBy::Flat);
        let runtime = table.rows.iter().filter(|r| r.function.starts_with("runtime."));
        RuntimeShare {
            runtime_flat: runtime.map(|r| r.flat).sum(),
            gc_cum: table.rows.iter().find(|r| r.function == GC_WORKER).map_or(0, |r| r.cum),
            total: table.total,
        }
    }

    #[test]
    fn runtime_share_read_from_samples_equals_the_top_tables() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/");
        let mut with_gc = 0;
        for rel in ["go/compile-ssa.pprof", "go/websvc-before-1.pprof", "go/websvc-after-2.pprof"] {
            let p = decode(&std::fs::read(format!("{dir}{rel}")).unwrap()).unwrap();
            for index in 0..p.sample_type.len() {
                let share = RuntimeShare::of(&p, index);
                assert_eq!(share, from_top(&p, index), "{rel} {index}");
                assert!(share.runtime_flat > 0, "{rel}: the runtime has samples");
                with_gc += usize::from(share.gc_cum > 0);
            }
        }
        assert!(with_gc > 0, "some fixture has GC workers");
    }
}
