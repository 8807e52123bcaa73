//! What a PGO build did, read from profiles: in pprof an inlined callee is an extra `Line` inside
//! its caller's `Location`, a real call is a separate `Location`. Comparing a baseline's hot call
//! sites with a candidate's profile shows which got inlined ([`pgo_effect`]); comparing the hot sets
//! of two profiles shows how far they drifted ([`drift`]).

use std::collections::{BTreeMap, BTreeSet};

use pgoscope_pprof::proto::Profile;
use serde::{Deserialize, Serialize};

use crate::devirt::{devirtualization_sites, CallKind};
use crate::graph::{CallEdge, EdgeGraph, LocationNodes};
use crate::hot::{hot_set, weight_percent, DEFAULT_CDF_THRESHOLD_PERCENT};

/// How a call site shows up in a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallForm {
    /// The callee only appears inlined into the caller at this site.
    Inlined,
    /// The callee only appears as a real call from this site.
    Call,
    /// Both (e.g. inlined in one copy of the caller, called in another).
    Both,
    /// The profile has no sample through this site.
    NotSeen,
}

impl CallForm {
    /// Whether the profile shows the callee inlined at the site (possibly also called).
    pub fn shows_inlined(self) -> bool {
        matches!(self, CallForm::Inlined | CallForm::Both)
    }
}

/// Call sites `(caller, offset, callee)` seen in a profile, split by how they were seen.
#[derive(Debug, Default)]
pub struct CallSites {
    inlined: BTreeSet<(String, i64, String)>,
    called: BTreeSet<(String, i64, String)>,
}

impl CallSites {
    /// Every caller/callee pair of every sample's stack: adjacent lines of one location are an
    /// inlined call, the innermost line of a location and the outermost line of the next one
    /// (towards the leaf) are a real call. Offsets are the call line minus the caller's start line,
    /// as in Go's PGO.
    pub fn of(p: &Profile) -> CallSites {
        let nodes = LocationNodes::new(p);
        // (function name, line offset) of a graph node; none for a frame without a function.
        let frame = |node: usize| {
            let (name, _, start_line, line) = nodes.keys[node];
            (!name.is_empty()).then_some((name, line - start_line))
        };
        let mut sites = CallSites::default();
        for loc in &p.location {
            for pair in nodes.of(loc.id).windows(2) {
                if let (Some((callee, _)), Some((caller, offset))) =
                    (frame(pair[0]), frame(pair[1]))
                {
                    sites.inlined.insert((caller.to_owned(), offset, callee.to_owned()));
                }
            }
        }
        let mut seen = BTreeSet::new();
        for s in &p.sample {
            for pair in s.location_id.windows(2) {
                seen.insert((pair[0], pair[1]));
            }
        }
        for (leafward, rootward) in seen {
            let (callee, caller) = (nodes.of(leafward).last(), nodes.of(rootward).first());
            if let (Some((callee, _)), Some((caller, offset))) =
                (callee.and_then(|&n| frame(n)), caller.and_then(|&n| frame(n)))
            {
                sites.called.insert((caller.to_owned(), offset, callee.to_owned()));
            }
        }
        sites
    }

    /// How the site shows up.
    pub fn form(&self, caller: &str, offset: i64, callee: &str) -> CallForm {
        let key = (caller.to_owned(), offset, callee.to_owned());
        match (self.inlined.contains(&key), self.called.contains(&key)) {
            (true, false) => CallForm::Inlined,
            (false, true) => CallForm::Call,
            (true, true) => CallForm::Both,
            (false, false) => CallForm::NotSeen,
        }
    }
}

/// File and start line of each function name (the first function seen under it).
struct FunctionPlaces<'a>(BTreeMap<&'a str, (&'a str, i64)>);

impl<'a> FunctionPlaces<'a> {
    fn of(p: &'a Profile) -> Self {
        let mut map = BTreeMap::new();
        for f in &p.function {
            map.entry(p.str(f.name)).or_insert((p.str(f.filename), f.start_line));
        }
        FunctionPlaces(map)
    }

    fn file(&self, function: &str) -> &str {
        self.0.get(function).map_or("", |p| p.0)
    }

    fn line(&self, function: &str, offset: i64) -> i64 {
        self.0.get(function).map_or(0, |p| p.1 + offset)
    }
}

/// One hot call site of the baseline, before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteEffect {
    pub edge: CallEdge,
    /// Where the call is: the caller's file and line (start line + offset), when the profile says.
    pub file: String,
    pub line: i64,
    /// Weight in the baseline's edge graph.
    pub weight: i64,
    pub before: CallForm,
    pub after: CallForm,
}

/// An indirect call site of the baseline and whether its hottest callee now shows up inlined
/// there (the evidence of PGO devirtualization followed by inlining).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DevirtEffect {
    pub caller: String,
    pub offset: i64,
    pub file: String,
    pub line: i64,
    pub callee: String,
    pub kind: CallKind,
    pub inlined_after: bool,
}

/// The baseline's hot call sites (Go's rule) and how the candidate shows them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PgoEffect {
    pub sites: Vec<SiteEffect>,
    /// Hot sites inlined in the candidate and not (only) inlined in the baseline.
    pub newly_inlined: usize,
    pub devirtualized: Vec<DevirtEffect>,
}

/// Compares `base`'s hot call sites with `candidate`'s profile.
pub fn pgo_effect(base: &Profile, candidate: &Profile) -> Result<PgoEffect, crate::PgoError> {
    Ok(effect_of(base, &EdgeGraph::build(base)?, &CallSites::of(candidate)))
}

/// Both [`pgo_effect`] of `base` on `new` and [`drift`] from `base` to `new`, building each edge
/// graph and the candidate's call sites once.
pub fn effect_and_drift(
    base: &Profile,
    new: &Profile,
) -> (Result<PgoEffect, crate::PgoError>, Result<Drift, crate::PgoError>) {
    let (base_graph, new_graph) = (EdgeGraph::build(base), EdgeGraph::build(new));
    let new_sites = CallSites::of(new);
    let effect = base_graph.as_ref().map(|g| effect_of(base, g, &new_sites)).map_err(Clone::clone);
    let drift = match (base_graph, new_graph) {
        (Ok(old), Ok(new)) => Ok(drift_of(&old, &new, &new_sites)),
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    (effect, drift)
}

pub(crate) fn effect_of(base: &Profile, graph: &EdgeGraph, after: &CallSites) -> PgoEffect {
    let hot = hot_set(graph, DEFAULT_CDF_THRESHOLD_PERCENT);
    let before = CallSites::of(base);
    let places = FunctionPlaces::of(base);
    let sites: Vec<SiteEffect> = hot
        .hot_edges
        .iter()
        .map(|(e, w)| SiteEffect {
            edge: e.clone(),
            file: places.file(&e.caller).to_owned(),
            line: places.line(&e.caller, e.offset),
            weight: *w,
            before: before.form(&e.caller, e.offset, &e.callee),
            after: after.form(&e.caller, e.offset, &e.callee),
        })
        .collect();
    let newly_inlined = sites
        .iter()
        .filter(|s| s.after == CallForm::Inlined && s.before != CallForm::Inlined)
        .count();
    let devirtualized = devirtualization_sites(graph)
        .into_iter()
        .filter(|s| !s.blocked)
        .filter_map(|s| {
            let callee = s.chosen?;
            let inlined_after = after.form(&s.caller, s.offset, &callee).shows_inlined();
            Some(DevirtEffect {
                file: places.file(&s.caller).to_owned(),
                line: places.line(&s.caller, s.offset),
                caller: s.caller,
                offset: s.offset,
                callee,
                kind: s.kind,
                inlined_after,
            })
        })
        .collect();
    PgoEffect { sites, newly_inlined, devirtualized }
}

/// Where a hot edge went between two profiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DriftStatus {
    Stayed,
    Left,
    Entered,
}

/// One edge hot in either profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriftRow {
    pub edge: CallEdge,
    pub status: DriftStatus,
    /// Share of each profile's edge weight, percent (0 when absent).
    pub old_percent: f64,
    pub new_percent: f64,
    /// How the new profile shows the site: an edge that left because it is now inlined is what a
    /// PGO build's own profile under-represents.
    pub new_form: CallForm,
}

/// Hot-set comparison of an older profile (the one the current build used) and a newer one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Drift {
    pub rows: Vec<DriftRow>,
    pub old_hot: usize,
    pub new_hot: usize,
    pub stayed: usize,
    /// Left the hot set while the new profile shows the site inlined.
    pub left_inlined: usize,
    /// Share of the old hot set's weight carried by edges still hot, percent.
    pub weight_kept_percent: f64,
}

pub fn drift(old: &Profile, new: &Profile) -> Result<Drift, crate::PgoError> {
    Ok(drift_of(&EdgeGraph::build(old)?, &EdgeGraph::build(new)?, &CallSites::of(new)))
}

fn drift_of(old_graph: &EdgeGraph, new_graph: &EdgeGraph, new_sites: &CallSites) -> Drift {
    let (old_hot, new_hot) = (
        hot_set(old_graph, DEFAULT_CDF_THRESHOLD_PERCENT),
        hot_set(new_graph, DEFAULT_CDF_THRESHOLD_PERCENT),
    );
    let weights = |g: &EdgeGraph| -> BTreeMap<CallEdge, f64> {
        g.edges.iter().map(|(e, w)| (e.clone(), weight_percent(*w, g.total_weight))).collect()
    };
    let (old_w, new_w) = (weights(old_graph), weights(new_graph));
    let old_set: BTreeSet<&CallEdge> = old_hot.hot_edges.iter().map(|(e, _)| e).collect();
    let new_set: BTreeSet<&CallEdge> = new_hot.hot_edges.iter().map(|(e, _)| e).collect();
    let mut rows: Vec<DriftRow> = old_set
        .union(&new_set)
        .map(|&e| DriftRow {
            edge: e.clone(),
            status: match (old_set.contains(e), new_set.contains(e)) {
                (true, true) => DriftStatus::Stayed,
                (true, false) => DriftStatus::Left,
                _ => DriftStatus::Entered,
            },
            old_percent: old_w.get(e).copied().unwrap_or(0.0),
            new_percent: new_w.get(e).copied().unwrap_or(0.0),
            new_form: new_sites.form(&e.caller, e.offset, &e.callee),
        })
        .collect();
    rows.sort_by(|a, b| {
        b.old_percent.max(b.new_percent).total_cmp(&a.old_percent.max(a.new_percent))
    });
    let stayed = rows.iter().filter(|r| r.status == DriftStatus::Stayed).count();
    let left_inlined =
        rows.iter().filter(|r| r.status == DriftStatus::Left && r.new_form.shows_inlined()).count();
    let kept: f64 =
        rows.iter().filter(|r| r.status == DriftStatus::Stayed).map(|r| r.old_percent).sum();
    let all: f64 =
        rows.iter().filter(|r| r.status != DriftStatus::Entered).map(|r| r.old_percent).sum();
    Drift {
        rows,
        old_hot: old_set.len(),
        new_hot: new_set.len(),
        stayed,
        left_inlined,
        weight_kept_percent: if all == 0.0 { 100.0 } else { 100.0 * kept / all },
    }
}
