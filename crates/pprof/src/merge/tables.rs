//! The merged profile's tables and the per-source id maps that fill them.

use std::hash::BuildHasher;

use indexmap::IndexSet;
use rustc_hash::{FxBuildHasher, FxHashMap};

use super::samples::SampleArena;
use super::MergeOptions;
use crate::data::{LocationRef, ProfileData, SampleRef};
use crate::header::ProfileHeader;
use crate::ids::{IdIndex, MergedLocationId};
use crate::proto::{Function, Label, Line, Location, Mapping, Profile};
use crate::PositionIndex;

/// Mapping key: size rounded up to 4 KiB, file offset, and the merged string index of the build id
/// (or of the file name when there is no build id).
#[derive(Hash, PartialEq, Eq)]
struct MappingKey {
    size: u64,
    offset: u64,
    build_id_or_file: i64,
}

/// Merged entries, numbered in first-seen order (ids are 1-based positions).
pub(super) struct Tables {
    /// Invariant: `strings[0] == ""`.
    strings: IndexSet<String, FxBuildHasher>,
    mappings: Vec<Mapping>,
    mapping_keys: FxHashMap<MappingKey, u64>,
    functions: Vec<Function>,
    /// (name, system name, file name, start line) → function id; strings are merged indexes.
    function_keys: FxHashMap<[i64; 4], u64>,
    locations: Vec<Location>,
    /// Positions in `locations`, hashed by [`LocationKey::hash`] (recomputed when the table grows:
    /// four bytes an entry instead of twelve).
    location_index: PositionIndex,
    samples: SampleArena,
    /// Scratch lines of the location being mapped.
    line_buf: Vec<Line>,
    /// Per source location position, the merged location last mapped from there (by any input):
    /// profiles of one program written by one tool (a fleet's pods exported the same way, one
    /// process profiled again and again) often repeat their location table entry for entry, and
    /// comparing with that one location spares hashing the key and searching the index.
    last_at_position: Vec<MergedLocationId>,
}

impl Default for Tables {
    fn default() -> Self {
        let mut strings = IndexSet::default();
        strings.insert(String::new());
        Tables {
            strings,
            mappings: Vec::new(),
            mapping_keys: FxHashMap::default(),
            functions: Vec::new(),
            function_keys: FxHashMap::default(),
            locations: Vec::new(),
            location_index: PositionIndex::default(),
            samples: SampleArena::default(),
            line_buf: Vec::new(),
            last_at_position: Vec::new(),
        }
    }
}

/// Where one source profile's entries went in the merged tables. Filled lazily, so entries no sample
/// reaches are not carried over. 0 (or -1 for strings) = not mapped yet.
struct SourceMaps {
    strings: Vec<i64>,
    mapping_ids: IdIndex,
    /// Per source mapping position: (merged id, merged start − source start).
    mappings: Vec<Option<(u64, i64)>>,
    function_ids: IdIndex,
    functions: Vec<u64>,
    location_ids: IdIndex,
    /// Per source location position, the merged id of its copy.
    locations: Vec<MergedLocationId>,
    /// Per source location position, the merged id of its copy as a leaf with a cleared line
    /// (empty unless [`MergeOptions::clear_leaf_lines`]).
    leaves: Vec<MergedLocationId>,
}

impl SourceMaps {
    fn new(data: &impl ProfileData) -> Self {
        let p = &data.header();
        let index =
            |ids: Vec<u64>| IdIndex::build(ids.into_iter()).unwrap_or(IdIndex::Dense(vec![]));
        SourceMaps {
            strings: vec![-1; p.string_table.len()],
            mapping_ids: index(p.mapping.iter().map(|m| m.id).collect()),
            mappings: vec![None; p.mapping.len()],
            function_ids: index(p.function.iter().map(|f| f.id).collect()),
            functions: vec![0; p.function.len()],
            location_ids: index(data.locations().map(|l| l.id).collect()),
            locations: vec![MergedLocationId::NONE; data.location_count()],
            leaves: Vec::new(),
        }
    }
}

/// Reusable buffers for one sample.
#[derive(Default)]
struct SampleBuf {
    locations: Vec<MergedLocationId>,
    labels: Vec<Label>,
    values: Vec<i64>,
}

impl Tables {
    pub(super) fn intern(&mut self, s: &str) -> i64 {
        match self.strings.get_index_of(s) {
            Some(i) => i as i64,
            None => self.strings.insert_full(s.to_owned()).0 as i64,
        }
    }

    /// Keeps only the value columns `columns` of the merged samples (see
    /// [`SampleArena::keep_columns`]).
    pub(super) fn keep_value_columns(&mut self, columns: &[usize]) {
        self.samples.keep_columns(columns);
    }

    /// Adds the samples of `p` (assumed valid: ids that do not resolve are skipped), keeping the values
    /// at `value_indexes`. Samples whose kept values are all zero are skipped.
    pub(super) fn add_profile(
        &mut self,
        data: &impl ProfileData,
        value_indexes: &[usize],
        options: &MergeOptions,
    ) {
        let p = &data.header();
        let mut src = SourceMaps::new(data);
        if options.clear_leaf_lines {
            src.leaves = vec![MergedLocationId::NONE; data.location_count()];
        }
        if self.mappings.is_empty() && !p.mapping.is_empty() {
            // The first mapping stands for the main binary: keep it first.
            self.map_mapping(p, &mut src, 0);
        }
        let kept =
            |s: &SampleRef| value_indexes.iter().any(|&i| s.values.get(i).is_some_and(|&v| v != 0));
        let (referenced, leaves) = referenced_locations(data, &src, kept);
        let count = |flags: &[bool]| flags.iter().filter(|&&r| r).count();
        let referenced_count = count(&referenced) + count(&leaves);
        self.samples.reserve(data.sample_count());
        self.location_index.reserve(referenced_count);
        if self.locations.is_empty() {
            // The first input: exact room for its samples' arrays and the locations they reach (a
            // vector grown by doubling holds up to twice its size, and wasm memory keeps the
            // peak). Later inputs mostly repeat what is merged, so the arrays grow as needed.
            let ids = data.samples().map(|s| s.location_ids.len()).sum();
            self.samples.reserve_exact(data.sample_count() * value_indexes.len(), ids);
            self.locations.reserve_exact(referenced_count);
        }
        self.map_locations(data, &mut src, &referenced);
        self.map_leaves(data, &mut src, &leaves, kept);
        let mut buf = SampleBuf::default();
        for s in data.samples().filter(|s| kept(s)) {
            buf.values.clear();
            buf.values.extend(value_indexes.iter().map(|&i| s.values.get(i).copied().unwrap_or(0)));
            buf.locations.clear();
            for (depth, id) in s.location_ids.iter().enumerate() {
                if let Some(pos) = src.location_ids.get(id) {
                    let leaf = (depth == 0).then(|| src.leaves.get(pos)).flatten();
                    let merged =
                        leaf.copied().filter(|l| !l.is_none()).unwrap_or(src.locations[pos]);
                    buf.locations.push(merged);
                }
            }
            buf.labels.clear();
            if !options.drop_labels {
                for l in s.labels {
                    let label = Label {
                        key: self.map_string(p, &mut src, l.key),
                        str: self.map_string(p, &mut src, l.str),
                        num: l.num,
                        num_unit: self.map_string(p, &mut src, l.num_unit),
                    };
                    buf.labels.push(label);
                }
                buf.labels.sort_unstable();
            }
            self.samples.add(&buf.locations, &buf.labels, &buf.values);
        }
    }

    fn map_string(&mut self, p: &ProfileHeader, src: &mut SourceMaps, index: i64) -> i64 {
        let Some(slot) = usize::try_from(index).ok().filter(|&i| i < src.strings.len()) else {
            return 0;
        };
        if src.strings[slot] < 0 {
            src.strings[slot] = self.intern(&p.string_table[slot]);
        }
        src.strings[slot]
    }

    /// Returns (merged mapping id, address shift) for a source mapping position.
    fn map_mapping(&mut self, p: &ProfileHeader, src: &mut SourceMaps, pos: usize) -> (u64, i64) {
        if let Some(done) = src.mappings[pos] {
            return done;
        }
        let m = &p.mapping[pos];
        let file = self.map_string(p, src, m.filename);
        let build_id = self.map_string(p, src, m.build_id);
        let size = m.memory_limit.wrapping_sub(m.memory_start).wrapping_add(0xfff);
        let key = MappingKey {
            size: size - size % 0x1000,
            offset: m.file_offset,
            build_id_or_file: if build_id != 0 { build_id } else { file },
        };
        let result = match self.mapping_keys.get(&key) {
            Some(&id) => {
                let start = self.mappings[id as usize - 1].memory_start;
                (id, start.wrapping_sub(m.memory_start) as i64)
            }
            None => {
                let id = self.mappings.len() as u64 + 1;
                self.mappings.push(Mapping { id, filename: file, build_id, ..m.clone() });
                self.mapping_keys.insert(key, id);
                (id, 0)
            }
        };
        src.mappings[pos] = Some(result);
        result
    }

    fn map_function(&mut self, p: &ProfileHeader, src: &mut SourceMaps, id: u64) -> u64 {
        let Some(pos) = src.function_ids.get(id) else {
            return 0;
        };
        if src.functions[pos] != 0 {
            return src.functions[pos];
        }
        let f = &p.function[pos];
        let key = [
            self.map_string(p, src, f.name),
            self.map_string(p, src, f.system_name),
            self.map_string(p, src, f.filename),
            f.start_line,
        ];
        let next_id = self.functions.len() as u64 + 1;
        let merged = *self.function_keys.entry(key).or_insert(next_id);
        if merged == next_id {
            let [name, system_name, filename, start_line] = key;
            self.functions.push(Function { id: merged, name, system_name, filename, start_line });
        }
        src.functions[pos] = merged;
        merged
    }

    /// Maps every location flagged in `referenced` (by source position), in source table order.
    /// The location last mapped from the same source position (by any input) is tried first.
    fn map_locations(
        &mut self,
        data: &impl ProfileData,
        src: &mut SourceMaps,
        referenced: &[bool],
    ) {
        let p = &data.header();
        let mut last = std::mem::take(&mut self.last_at_position);
        if last.len() < referenced.len() {
            last.resize(referenced.len(), MergedLocationId::NONE);
        }
        for (pos, _) in referenced.iter().enumerate().filter(|(_, &r)| r) {
            let merged = self.map_location(p, src, data.location(pos), false, last[pos]);
            (src.locations[pos], last[pos]) = (merged, merged);
        }
        self.last_at_position = last;
    }

    /// The merged (mapping id, address shift) of source mapping `id`: `(0, 0)` for none, `None` for
    /// an id the source does not have.
    fn resolve_mapping(
        &mut self,
        p: &ProfileHeader,
        src: &mut SourceMaps,
        id: u64,
    ) -> Option<(u64, i64)> {
        match id {
            0 => Some((0, 0)),
            id => src.mapping_ids.get(id).map(|pos| self.map_mapping(p, src, pos)),
        }
    }

    /// Maps the leaf copies (line cleared) of the locations flagged in `leaves`, in the order of
    /// the first sample each is the leaf of.
    fn map_leaves(
        &mut self,
        data: &impl ProfileData,
        src: &mut SourceMaps,
        leaves: &[bool],
        kept: impl Fn(&SampleRef) -> bool,
    ) {
        if !leaves.contains(&true) {
            return;
        }
        for s in data.samples().filter(|s| kept(s)) {
            let Some(pos) = s.location_ids.first().and_then(|id| src.location_ids.get(id)) else {
                continue;
            };
            if leaves[pos] && src.leaves[pos].is_none() {
                src.leaves[pos] = self.map_location(
                    &data.header(),
                    src,
                    data.location(pos),
                    true,
                    MergedLocationId::NONE,
                );
            }
        }
    }

    /// Merged id of the source location `loc` of profile `p`; with `clear_first_line`, of its copy
    /// whose innermost line has line number and column 0. `likely` (or NONE) is compared first.
    fn map_location(
        &mut self,
        p: &ProfileHeader,
        src: &mut SourceMaps,
        loc: LocationRef,
        clear_first_line: bool,
        likely: MergedLocationId,
    ) -> MergedLocationId {
        let (mapping_id, shift) = self.resolve_mapping(p, src, loc.mapping_id).unwrap_or((0, 0));
        let mut lines = std::mem::take(&mut self.line_buf);
        lines.clear();
        for l in loc.lines {
            lines.push(Line { function_id: self.map_function(p, src, l.function_id), ..*l });
        }
        if let Some(first) = lines.first_mut().filter(|_| clear_first_line) {
            (first.line, first.column) = (0, 0);
        }
        let key = LocationKey {
            mapping_id,
            address: loc.address.wrapping_add(shift as u64),
            lines: &lines,
            is_folded: loc.is_folded,
        };
        let likely_matches = likely
            .position()
            .and_then(|i| self.locations.get(i))
            .is_some_and(|l| key.matches(&self.mappings, l));
        let merged = match likely_matches {
            true => likely,
            false => self.find_or_insert_location(&key),
        };
        self.line_buf = lines;
        merged
    }

    fn find_or_insert_location(&mut self, key: &LocationKey) -> MergedLocationId {
        let Tables { mappings, locations, location_index, .. } = self;
        let hash = key.hash(mappings);
        let same = |i: u32| key.matches(mappings, &locations[i as usize]);
        let next = locations.len() as u32;
        if let Some(i) = location_index.find_or_insert(hash, same, next) {
            return MergedLocationId::at_position(i);
        }
        let id = MergedLocationId::at_position(next);
        locations.push(Location {
            id: id.get(),
            mapping_id: key.mapping_id,
            address: key.address,
            line: key.lines.to_vec(),
            is_folded: key.is_folded,
        });
        id
    }

    /// The merged tables as a profile without samples, and the samples; the caller fills the header.
    pub(super) fn into_parts(self) -> (Profile, SampleArena) {
        let profile = Profile {
            mapping: self.mappings,
            location: self.locations,
            function: self.functions,
            string_table: self.strings.into_iter().collect(),
            ..Profile::default()
        };
        (profile, self.samples)
    }
}

/// Per source location position: whether a kept sample references it, and (when `src` maps
/// leaves) whether one has it as a leaf with lines, which gets a copy instead. One loop of
/// independent iterations, which lets the CPU overlap their memory accesses.
fn referenced_locations(
    data: &impl ProfileData,
    src: &SourceMaps,
    kept: impl Fn(&SampleRef) -> bool,
) -> (Vec<bool>, Vec<bool>) {
    let mut referenced = vec![false; data.location_count()];
    let mut leaves = vec![false; src.leaves.len()];
    for s in data.samples().filter(|s| kept(s)) {
        for (depth, id) in s.location_ids.iter().enumerate() {
            if let Some(pos) = src.location_ids.get(id) {
                let copied =
                    depth == 0 && !leaves.is_empty() && !data.location(pos).lines.is_empty();
                match copied {
                    true => leaves[pos] = true,
                    false => referenced[pos] = true,
                }
            }
        }
    }
    (referenced, leaves)
}

/// A location as it will be stored in the merged tables (merged mapping and function ids).
struct LocationKey<'a> {
    mapping_id: u64,
    address: u64,
    lines: &'a [Line],
    is_folded: bool,
}

impl LocationKey<'_> {
    /// Address relative to the start of the merged mapping (absolute when unmapped).
    fn relative_address(&self, mappings: &[Mapping]) -> u64 {
        relative_address(mappings, self.mapping_id, self.address)
    }

    fn hash(&self, mappings: &[Mapping]) -> u64 {
        let rel = self.relative_address(mappings);
        FxBuildHasher.hash_one((rel, self.mapping_id, self.is_folded, self.lines))
    }

    fn matches(&self, mappings: &[Mapping], loc: &Location) -> bool {
        loc.mapping_id == self.mapping_id
            && loc.is_folded == self.is_folded
            && loc.line == self.lines
            && relative_address(mappings, loc.mapping_id, loc.address)
                == self.relative_address(mappings)
    }
}

fn relative_address(mappings: &[Mapping], mapping_id: u64, address: u64) -> u64 {
    match mapping_id {
        0 => address,
        id => address.wrapping_sub(mappings[id as usize - 1].memory_start),
    }
}
