//! A minimal `default.pgo` that Go's compiler reads exactly like the full profile:
//! `preprofile(write_default_pgo(p)) == preprofile(p)`, byte for byte (tested against Go).
//!
//! What is dropped is what Go's PGO never reads: frames beyond the two leaf-most locations, mappings,
//! labels, other sample types, comments, period, file names, the leaf's innermost line number, and
//! entries nothing references. What is kept is what it does read: every inline line of the kept
//! locations, distinct addresses (a node's identity includes it), function names and start lines.

use pgoscope_pprof::ids::IdIndex;
use pgoscope_pprof::proto::{Function, Line, Profile, ValueType};
use pgoscope_pprof::{
    encode_raw, FlatProfile, LocationRef, MergeOptions, Merger, ProfileData, SampleRef,
};

use crate::graph::{select_value_index, PgoError};

/// Options of [`minimal_pgo_profile`], named like Grafana Pyroscope's `profilecli query go-pgo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PgoOptions {
    /// Leaf-most locations kept per sample. Default 5; values below 2 are raised to 2, the two Go
    /// reads.
    pub keep_locations: usize,
    /// Zero the line number of the leaf's innermost frame (on a copy of the location used only as a
    /// leaf), so samples that differ only there merge. Default: true.
    pub aggregate_callees: bool,
    /// Keep function file names (not read by Go; useful to people). Default: false.
    pub keep_file_names: bool,
    /// Keep sample labels (not read by Go; they stop identical stacks from merging). Default: false.
    pub keep_labels: bool,
    /// Keep the mapping table (not read by Go). Default: false.
    pub keep_mappings: bool,
    /// Keep comments. Default: false.
    pub keep_comments: bool,
    /// Zero every address, as Grafana Pyroscope does at ingest. LOSSY: Go's node identity includes
    /// the address (recursive edges change). Only for comparisons; default: false.
    pub clear_addresses: bool,
}

impl Default for PgoOptions {
    fn default() -> Self {
        PgoOptions {
            keep_locations: 5,
            aggregate_callees: true,
            keep_file_names: false,
            keep_labels: false,
            keep_mappings: false,
            keep_comments: false,
            clear_addresses: false,
        }
    }
}

/// The minimal profile for `go build -pgo=`: one sample type (the one Go reads), short stacks.
///
/// A profile without samples gives a profile without samples, whatever its sample types: Go accepts
/// it and does nothing, as [`EdgeGraph::build`](crate::EdgeGraph::build) gives an empty graph.
pub fn minimal_pgo_profile(
    p: &impl ProfileData,
    options: &PgoOptions,
) -> Result<Profile, PgoError> {
    match minimal_merger(p, options)? {
        Some(merger) => merger.finish().map_err(|_| PgoError::EmptyAfterFilter),
        None => Ok(empty_profile()),
    }
}

/// The raw protobuf of [`minimal_pgo_profile`], byte for byte, written straight from the merged
/// tables: the profile itself (a message per sample) is never built, so a big profile's PGO size
/// costs a fraction of the memory.
pub fn minimal_pgo_raw(p: &impl ProfileData, options: &PgoOptions) -> Result<Vec<u8>, PgoError> {
    match minimal_merger(p, options)? {
        Some(merger) => merger.finish_raw().map_err(|_| PgoError::EmptyAfterFilter),
        None => Ok(encode_raw(&empty_profile())),
    }
}

fn empty_profile() -> Profile {
    Profile { string_table: vec![String::new()], ..Profile::default() }
}

/// The minimal profile's samples and tables, merged and not yet written; `None` for a profile
/// without samples.
fn minimal_merger(
    data: &impl ProfileData,
    options: &PgoOptions,
) -> Result<Option<Merger>, PgoError> {
    let p = data.head();
    let Some(value_index) = select_value_index(p) else {
        if data.sample_count() == 0 {
            return Ok(None);
        }
        return Err(PgoError::NoCpuSampleType { available: pgoscope_pprof::merge::type_list(p) });
    };
    let source = MinimalSource::cut(data, options, value_index);
    // Merged into compact tables; the uncompacted copy goes before they are written out.
    let compact = MergeOptions { drop_labels: !options.keep_labels, ..MergeOptions::default() };
    let mut merger = Merger::new(compact);
    merger.add(&source).map_err(|_| PgoError::EmptyAfterFilter)?;
    Ok(Some(merger))
}

/// The minimal profile's header and tables: the sample type Go reads, functions without what Go
/// does not read, mappings and comments when kept.
fn minimal_head(p: &Profile, value_index: usize, options: &PgoOptions) -> Profile {
    let file_name = |f: &Function| if options.keep_file_names { f.filename } else { 0 };
    Profile {
        sample_type: vec![p.sample_type[value_index]],
        string_table: p.string_table.clone(),
        function: p
            .function
            .iter()
            .map(|f| Function { system_name: 0, filename: file_name(f), ..f.clone() })
            .collect(),
        mapping: if options.keep_mappings { p.mapping.clone() } else { Vec::new() },
        comment: if options.keep_comments { p.comment.clone() } else { Vec::new() },
        ..Profile::default()
    }
}

/// What the merge reads as the minimal profile: the input's locations without what the options
/// drop, the leaf copies after them, and the samples cut to their leaf-most locations. Of the
/// input only the samples' kept ids are copied; the merge takes the locations they reach.
struct MinimalSource<'a, P> {
    data: &'a P,
    options: &'a PgoOptions,
    /// The samples and the minimal header (its own location table stays empty).
    samples: FlatProfile,
    /// Per leaf copy: its id and the position of its original.
    clones: Vec<(u64, usize)>,
    /// The lines of every leaf copy, one run per copy ending at `clone_line_ends`.
    clone_lines: Vec<Line>,
    clone_line_ends: Vec<usize>,
}

impl<'a, P: ProfileData> MinimalSource<'a, P> {
    /// The samples with a value at `value_index`, cut to their `options.keep_locations` (at least
    /// two) leaf-most locations; with `aggregate_callees`, each leaf is a copy whose innermost
    /// line number is 0.
    fn cut(data: &'a P, options: &'a PgoOptions, value_index: usize) -> Self {
        let keep = options.keep_locations.max(2);
        let weight = |s: &SampleRef| s.values.get(value_index).copied().unwrap_or(0);
        let (samples, ids) = (data.samples().filter(|s| weight(s) != 0))
            .fold((0, 0), |(n, ids), s| (n + 1, ids + s.location_ids.len().min(keep)));
        let head = minimal_head(data.head(), value_index, options);
        let mut source = MinimalSource {
            data,
            options,
            samples: FlatProfile::with_head(head, samples, ids),
            clones: Vec::new(),
            clone_lines: Vec::new(),
            clone_line_ends: Vec::new(),
        };
        let positions = IdIndex::build(data.locations().map(|l| l.id)).ok();
        let mut leaf_copies: Vec<Option<u64>> = vec![None; data.location_count()];
        let mut next_id = data.locations().map(|l| l.id).max().unwrap_or(0);
        let mut location_ids: Vec<u64> = Vec::with_capacity(keep);
        for s in data.samples() {
            let w = weight(&s);
            if w == 0 {
                continue;
            }
            location_ids.clear();
            location_ids.extend(s.location_ids.iter().take(keep));
            let leaf_pos = location_ids.first().and_then(|&id| positions.as_ref()?.get(id));
            let leaf_pos = leaf_pos.filter(|&pos| !data.location(pos).lines.is_empty());
            if let Some(pos) = leaf_pos.filter(|_| options.aggregate_callees) {
                // A copy used only as a leaf: the original may also be a caller elsewhere, where
                // its line is the call site.
                location_ids[0] = *leaf_copies[pos].get_or_insert_with(|| {
                    next_id += 1;
                    source.add_leaf_copy(next_id, pos);
                    next_id
                });
            }
            let labels = if options.keep_labels { s.labels } else { &[] };
            source.samples.push_sample(&location_ids, &[w], labels);
        }
        source
    }

    /// Adds a copy of the location at `position` whose innermost line number is 0.
    fn add_leaf_copy(&mut self, id: u64, position: usize) {
        let start = self.clone_lines.len();
        self.clone_lines.extend_from_slice(self.data.location(position).lines);
        let leaf = &mut self.clone_lines[start];
        (leaf.line, leaf.column) = (0, 0);
        self.clone_line_ends.push(self.clone_lines.len());
        self.clones.push((id, position));
    }

    /// A location without what the options drop.
    fn stripped<'l>(&self, l: LocationRef<'l>) -> LocationRef<'l> {
        LocationRef {
            mapping_id: if self.options.keep_mappings { l.mapping_id } else { 0 },
            address: if self.options.clear_addresses { 0 } else { l.address },
            ..l
        }
    }
}

impl<P: ProfileData> ProfileData for MinimalSource<'_, P> {
    fn head(&self) -> &Profile {
        self.samples.head()
    }

    fn location_count(&self) -> usize {
        self.data.location_count() + self.clones.len()
    }

    fn location(&self, position: usize) -> LocationRef<'_> {
        let originals = self.data.location_count();
        if position < originals {
            return self.stripped(self.data.location(position));
        }
        let copy = position - originals;
        let (id, original) = self.clones[copy];
        let start = copy.checked_sub(1).map_or(0, |c| self.clone_line_ends[c]);
        let lines = &self.clone_lines[start..self.clone_line_ends[copy]];
        LocationRef { id, lines, ..self.stripped(self.data.location(original)) }
    }

    fn sample_count(&self) -> usize {
        self.samples.sample_count()
    }

    fn sample(&self, index: usize) -> SampleRef<'_> {
        self.samples.sample(index)
    }
}

/// Sample type of the minimal profile, for callers that show it.
pub fn pgo_sample_type(p: &Profile) -> Option<ValueType> {
    select_value_index(p).map(|i| p.sample_type[i])
}
