//! Per-line values of functions, as `go tool pprof -list` computes them: the profile at line
//! granularity (every frame of a location, inlined ones included, is a node `function, file, line`),
//! a sample's value counted as flat on its innermost frame and as cum once on each node of its
//! stack.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::data::ProfileData;
use crate::ids::IdIndex;

/// One source line of a function with its values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineValues {
    pub line: i64,
    pub flat: i64,
    pub cum: i64,
}

/// A function's lines in one file (a function inlined from elsewhere has lines in its own file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunctionLines {
    pub function: String,
    pub file: String,
    /// The function's first line, 0 when the profile does not say.
    pub start_line: i64,
    /// Sums over the lines (pprof's `(flat, cum)` header of a routine).
    pub flat: i64,
    pub cum: i64,
    /// Lines with a value, in line order.
    pub lines: Vec<LineValues>,
}

/// Lines a listing with the source shows before a function's first sampled line (when the
/// profile does not give its first line) and after its last one: pprof's margin.
pub const LISTING_MARGIN_LINES: i64 = 5;

impl FunctionLines {
    /// The lines a listing with the file's text (`file_lines` lines long) shows, as pprof prints
    /// them: from the function's first line (a line before it, where Go put an inlined callee's
    /// code, is listed only without the text), to the margin after the last sampled line.
    pub fn listed_lines(&self, file_lines: usize) -> std::ops::RangeInclusive<i64> {
        let first = self.lines.first().map_or(1, |l| l.line);
        let last = self.lines.last().map_or(1, |l| l.line);
        let start =
            if self.start_line > 0 { self.start_line } else { first - LISTING_MARGIN_LINES };
        start.max(1)..=(last + LISTING_MARGIN_LINES).min(file_lines as i64)
    }
}

/// A node at line granularity: function name, file, start line, line.
type LineKey<'a> = (&'a str, &'a str, i64, i64);

/// The lines of every function whose name `wanted` accepts, by function name and then file, as
/// `go tool pprof -list` orders its routines. Values of `sample_index`; a sample without that
/// value counts 0.
pub fn list(
    data: &impl ProfileData,
    sample_index: usize,
    wanted: impl Fn(&str) -> bool,
) -> Vec<FunctionLines> {
    let p = data.header();
    let functions = IdIndex::build(p.function.iter().map(|f| f.id)).ok();
    let locations = IdIndex::build(data.locations().map(|l| l.id)).ok();
    let key = |line: &crate::proto::Line| -> Option<LineKey> {
        let pos = functions.as_ref()?.get(line.function_id)?;
        let f = &p.function[pos];
        Some((p.str(f.name), p.str(f.filename), f.start_line, line.line))
    };
    let mut values: FxHashMap<LineKey, (i64, i64)> = FxHashMap::default();
    let mut seen: FxHashSet<LineKey> = FxHashSet::default();
    for s in data.samples() {
        let v = s.values.get(sample_index).copied().unwrap_or(0);
        seen.clear();
        let frames = (s.location_ids.iter())
            .filter_map(|id| locations.as_ref()?.get(id))
            .flat_map(|pos| data.location(pos).lines.iter());
        for (depth, line) in frames.enumerate() {
            let Some(k) = key(line) else { continue };
            let slot = values.entry(k).or_default();
            if depth == 0 {
                slot.0 = slot.0.wrapping_add(v);
            }
            if seen.insert(k) {
                slot.1 = slot.1.wrapping_add(v);
            }
        }
    }
    group(values, wanted)
}

/// Nodes of the wanted functions grouped by (function, file), lines in order.
fn group(
    values: FxHashMap<LineKey, (i64, i64)>,
    wanted: impl Fn(&str) -> bool,
) -> Vec<FunctionLines> {
    let mut by_routine: FxHashMap<(&str, &str), FunctionLines> = FxHashMap::default();
    for ((name, file, start_line, line), (flat, cum)) in values {
        if !wanted(name) || file.is_empty() {
            continue;
        }
        let routine = by_routine.entry((name, file)).or_insert_with(|| FunctionLines {
            function: name.to_owned(),
            file: file.to_owned(),
            start_line,
            flat: 0,
            cum: 0,
            lines: Vec::new(),
        });
        routine.start_line = routine.start_line.max(start_line);
        routine.flat = routine.flat.wrapping_add(flat);
        routine.cum = routine.cum.wrapping_add(cum);
        match routine.lines.iter_mut().find(|l| l.line == line) {
            Some(l) => (l.flat, l.cum) = (l.flat.wrapping_add(flat), l.cum.wrapping_add(cum)),
            None => routine.lines.push(LineValues { line, flat, cum }),
        }
    }
    let mut routines: Vec<FunctionLines> = by_routine.into_values().collect();
    for r in &mut routines {
        r.lines.sort_by_key(|l| l.line);
    }
    routines.sort_by(|a, b| a.function.cmp(&b.function).then_with(|| a.file.cmp(&b.file)));
    routines
}
