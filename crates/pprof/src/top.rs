//! Per-function flat and cumulative values, computed as `go tool pprof -top` does at its default
//! "functions" granularity:
//! - every `Line` of a location is a frame, so inlined functions count as their own functions;
//! - a function is identified by its name; nameless functions by (mapping file, start line), shown
//!   as `[file base name]` or `<unknown>`;
//! - cum counts a function once per sample even when it recurses; flat goes to the leaf-most frame;
//! - samples whose value is 0 are skipped; the total is the sum of absolute values.
//!
//! Apply [`crate::remove_uninteresting`] first to mirror pprof's handling of `drop_frames`.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::data::ProfileData;
use crate::ids::{FramesByLocation, IdIndex};

/// One function's totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunctionRow {
    /// The name `go tool pprof` prints.
    pub function: String,
    pub flat: i64,
    pub cum: i64,
}

/// The whole table for one sample type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Top {
    /// Sum of the absolute sample values.
    pub total: i64,
    /// Every function with a non-zero flat or cum, sorted as requested.
    pub rows: Vec<FunctionRow>,
}

/// Row order, as pprof's `-top` (by flat) and `-top -cum`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    Flat,
    Cum,
}

/// Identity of a function node: the name, or for nameless frames (mapping file, start line).
#[derive(Hash, PartialEq, Eq, Clone, Copy)]
struct NodeKey<'a> {
    name: &'a str,
    objfile: &'a str,
    start_line: i64,
}

impl NodeKey<'_> {
    /// pprof's `NodeInfo.PrintableName` for function granularity.
    fn printable(&self) -> String {
        if !self.name.is_empty() {
            self.name.to_owned()
        } else if !self.objfile.is_empty() {
            format!("[{}]", base_name(self.objfile))
        } else {
            "<unknown>".to_owned()
        }
    }
}

/// Go's `filepath.Base`.
fn base_name(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return if path.is_empty() { "." } else { "/" };
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed)
}

/// Flat/cum per function for the values at `sample_index` of a valid profile.
pub fn top(p: &impl ProfileData, sample_index: usize, sort: SortBy) -> Top {
    top_with_frames(p, &FunctionFrames::new(p), sample_index, sort)
}

/// [`top`] with the profile's [`FunctionFrames`] already at hand (the call tree needs them too).
/// One pass over the samples, holding two numbers per function.
pub fn top_with_frames(
    p: &impl ProfileData,
    graph: &FunctionFrames,
    sample_index: usize,
    sort: SortBy,
) -> Top {
    let mut flat = vec![0i64; graph.names.len()];
    let mut cum = vec![0i64; graph.names.len()];
    let mut seen_in_sample = vec![usize::MAX; graph.names.len()];
    let mut total = 0i64;
    for (n, s) in p.samples().enumerate() {
        let w = s.values.get(sample_index).copied().unwrap_or(0);
        if w == 0 {
            continue;
        }
        total = total.wrapping_add(w.wrapping_abs());
        let mut leaf = None;
        for loc_id in s.location_ids.iter().rev() {
            for &node in graph.location_nodes(loc_id).iter().rev() {
                if seen_in_sample[node] != n {
                    seen_in_sample[node] = n;
                    cum[node] = cum[node].wrapping_add(w);
                }
                leaf = Some(node);
            }
        }
        if let Some(node) = leaf {
            flat[node] = flat[node].wrapping_add(w);
        }
    }
    let mut rows: Vec<FunctionRow> = (0..graph.names.len())
        .filter(|&i| flat[i] != 0 || cum[i] != 0)
        .map(|i| FunctionRow { function: graph.names[i].clone(), flat: flat[i], cum: cum[i] })
        .collect();
    sort_rows(&mut rows, sort);
    Top { total, rows }
}

/// Sum of the absolute values at `sample_index` (pprof's report total).
pub fn sample_total(p: &impl ProfileData, sample_index: usize) -> i64 {
    p.samples()
        .map(|s| s.values.get(sample_index).copied().unwrap_or(0).wrapping_abs())
        .fold(0i64, |a, b| a.wrapping_add(b))
}

/// pprof's `FlatNameOrder` / `CumNameOrder`.
pub fn sort_rows(rows: &mut [FunctionRow], sort: SortBy) {
    rows.sort_by(|a, b| {
        let (a1, a2, b1, b2) = match sort {
            SortBy::Flat => (a.flat, a.cum, b.flat, b.cum),
            SortBy::Cum => (a.cum, a.flat, b.cum, b.flat),
        };
        b1.unsigned_abs()
            .cmp(&a1.unsigned_abs())
            .then_with(|| a.function.cmp(&b.function))
            .then_with(|| b2.unsigned_abs().cmp(&a2.unsigned_abs()))
    });
}

fn intern_node<'a>(
    keys: &mut FxHashMap<NodeKey<'a>, usize>,
    names: &mut Vec<String>,
    key: NodeKey<'a>,
) -> usize {
    let next = names.len();
    let node = *keys.entry(key).or_insert(next);
    if node == next {
        names.push(key.printable());
    }
    node
}

/// `file:line`, `file`, or "" when there is no file name.
fn place(file: &str, line: i64) -> String {
    match (file, line) {
        ("", _) => String::new(),
        (file, 0) => file.to_owned(),
        (file, line) => format!("{file}:{line}"),
    }
}

/// The function of every frame of every location, innermost frame first, identified as
/// `go tool pprof` does at function granularity. Shared by the top table and the call tree.
pub struct FunctionFrames {
    /// Printable name per function id (index).
    pub names: Vec<String>,
    /// `file:start_line` of the first function seen under each name ("" when the profile has no
    /// file name), for tooltips.
    pub places: Vec<String>,
    frames: FramesByLocation,
}

impl FunctionFrames {
    pub fn new(data: &impl ProfileData) -> Self {
        let p = &data.header();
        let functions = IdIndex::build(p.function.iter().map(|f| f.id)).ok();
        let mappings = IdIndex::build(p.mapping.iter().map(|m| m.id)).ok();
        let mut keys: FxHashMap<NodeKey, usize> = FxHashMap::default();
        let mut names = Vec::new();
        let mut places = Vec::new();
        let frames = FramesByLocation::build(data, |_, loc, out| {
            let objfile = mappings
                .as_ref()
                .and_then(|m| m.get(loc.mapping_id))
                .map_or("", |pos| p.str(p.mapping[pos].filename));
            if loc.lines.is_empty() {
                let key = NodeKey { name: "", objfile, start_line: 0 };
                out.push(intern_node(&mut keys, &mut names, key));
            }
            for line in loc.lines {
                let f = functions.as_ref().and_then(|f| f.get(line.function_id));
                let f = f.map(|pos| &p.function[pos]);
                let name = f.map_or("", |f| p.str(f.name));
                let key = if name.is_empty() {
                    NodeKey { name, objfile, start_line: f.map_or(0, |f| f.start_line) }
                } else {
                    NodeKey { name, objfile: "", start_line: 0 }
                };
                out.push(intern_node(&mut keys, &mut names, key));
                if places.len() < names.len() {
                    places.push(
                        f.map_or_else(String::new, |f| place(p.str(f.filename), f.start_line)),
                    );
                }
            }
        });
        places.resize(names.len(), String::new());
        FunctionFrames { names, places, frames }
    }

    /// Function ids of a location's frames, innermost first; empty for an unknown id.
    pub fn location_nodes(&self, id: u64) -> &[usize] {
        self.frames.of(id)
    }
}
