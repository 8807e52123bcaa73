//! A minimal `default.pgo` that Go's compiler reads exactly like the full profile:
//! `preprofile(write_default_pgo(p)) == preprofile(p)`, byte for byte (tested against Go).
//!
//! What is dropped is what Go's PGO never reads: frames beyond the two leaf-most locations, mappings,
//! labels, other sample types, comments, period, file names, the leaf's innermost line number, and
//! entries nothing references. What is kept is what it does read: every inline line of the kept
//! locations, distinct addresses (a node's identity includes it), function names and start lines.

use pgoscope_pprof::proto::{Function, Profile};
use pgoscope_pprof::{
    encode_raw, GzipCounter, LocationRef, MergeOptions, Merger, ProfileData, ProfileHeader,
    SampleRef,
};

use crate::graph::PgoError;

/// Leaf-most locations a default.pgo keeps per sample by default.
pub const DEFAULT_KEEP_LOCATIONS: usize = 5;

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
            keep_locations: DEFAULT_KEEP_LOCATIONS,
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
        Some(merger) => Ok(merger.finish()?),
        None => Ok(empty_profile()),
    }
}

/// The raw protobuf of [`minimal_pgo_profile`], byte for byte, written straight from the merged
/// tables: the profile itself (a message per sample) is never built, so a big profile's PGO size
/// costs a fraction of the memory.
pub fn minimal_pgo_raw(p: &impl ProfileData, options: &PgoOptions) -> Result<Vec<u8>, PgoError> {
    match minimal_merger(p, options)? {
        Some(merger) => Ok(merger.finish_raw()?),
        None => Ok(encode_raw(&empty_profile())),
    }
}

/// Sizes of the minimal profile's raw protobuf and of its gzip at `gzip_level`, byte for byte
/// those of [`minimal_pgo_raw`] and its gzip, counted as the bytes are written: neither is kept.
pub fn minimal_pgo_sizes(
    p: &impl ProfileData,
    options: &PgoOptions,
    gzip_level: u32,
) -> Result<(usize, usize), PgoError> {
    let mut counter = GzipCounter::new(gzip_level);
    match minimal_merger(p, options)? {
        Some(merger) => merger.write_raw(|bytes| counter.write(bytes))?,
        None => counter.write(&encode_raw(&empty_profile())),
    }
    Ok(counter.finish())
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
    let p = &data.header();
    let Some(value_index) = pgoscope_pprof::pgo_value_index(p) else {
        if data.sample_count() == 0 {
            return Ok(None);
        }
        return Err(PgoError::NoCpuSampleType { available: pgoscope_pprof::type_list(p) });
    };
    let source = MinimalSource::new(data, options, value_index);
    let compact = MergeOptions {
        drop_labels: !options.keep_labels,
        clear_leaf_lines: options.aggregate_callees,
        ..MergeOptions::default()
    };
    let mut merger = Merger::new(compact);
    merger.add(&source)?;
    Ok(Some(merger))
}

/// The minimal profile's header and tables: the sample type Go reads, functions without what Go
/// does not read, mappings and comments when kept.
fn minimal_head(p: &ProfileHeader, value_index: usize, options: &PgoOptions) -> Profile {
    let file_name = |f: &Function| if options.keep_file_names { f.filename } else { 0 };
    Profile {
        sample_type: vec![p.sample_type[value_index]],
        string_table: p.string_table.to_vec(),
        function: p
            .function
            .iter()
            .map(|f| Function { system_name: 0, filename: file_name(f), ..f.clone() })
            .collect(),
        mapping: if options.keep_mappings { p.mapping.to_vec() } else { Vec::new() },
        comment: if options.keep_comments { p.comment.to_vec() } else { Vec::new() },
        ..Profile::default()
    }
}

/// What the merge reads as the minimal profile, without copying the input: its locations without
/// what the options drop, and its samples cut to their `options.keep_locations` (at least two)
/// leaf-most locations with only the value Go reads. (The merge copies the leaves with their
/// innermost line cleared: [`MergeOptions::clear_leaf_lines`].)
struct MinimalSource<'a, P> {
    data: &'a P,
    options: &'a PgoOptions,
    /// The minimal header (its own sample and location tables stay empty).
    head: Profile,
    value_index: usize,
    keep: usize,
}

impl<'a, P: ProfileData> MinimalSource<'a, P> {
    fn new(data: &'a P, options: &'a PgoOptions, value_index: usize) -> Self {
        let head = minimal_head(&data.header(), value_index, options);
        MinimalSource { data, options, head, value_index, keep: options.keep_locations.max(2) }
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
    fn header(&self) -> ProfileHeader<'_> {
        self.head.header()
    }

    fn location_count(&self) -> usize {
        self.data.location_count()
    }

    fn location(&self, position: usize) -> LocationRef<'_> {
        self.stripped(self.data.location(position))
    }

    fn sample_count(&self) -> usize {
        self.data.sample_count()
    }

    fn sample(&self, index: usize) -> SampleRef<'_> {
        let s = self.data.sample(index);
        SampleRef {
            location_ids: s.location_ids.leaf_most(self.keep),
            values: s.values.get(self.value_index..=self.value_index).unwrap_or(&[]),
            labels: if self.options.keep_labels { s.labels } else { &[] },
        }
    }
}
