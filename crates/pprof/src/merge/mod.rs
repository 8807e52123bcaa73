//! Merging profiles with google/pprof's `merge.go` semantics, and exact where pprof is not.
//!
//! Keys (two entries with equal keys become one):
//! - sample: its merged location ids, in order, and its labels (sorted);
//! - location: address relative to its mapping's start, merged mapping id, `is_folded`, and every line's
//!   (merged function id, line, column) — pprof's own key forgets part of the lines (a stride bug);
//! - function: name, system name, file name, start line;
//! - mapping: size rounded up to 4 KiB, file offset, build id (or file name when there is none).
//!
//! Header: the sample types all inputs have, as google/pprof's `CompatibilizeSampleTypes` keeps
//! them (matched by type name, in the first input's order; the others dropped; the default sample
//! type becomes the first kept one when the first input's was dropped), unless
//! [`MergeOptions::sample_types`] names them. Units of the kept types must agree, and the period
//! type too, else an error naming both profiles. With no type in common, an error naming both
//! lists. `period` = max, `time_nanos` = earliest non-zero, `duration_nanos` = sum, comments
//! deduplicated in first-seen order, `drop_frames`/`keep_frames`/`doc_url` = first non-empty.
//! Samples whose values are all zero are dropped. Per-type totals of the result equal the sums of the
//! inputs. Entries are numbered in first-seen order, so the result's ids depend on input order but its
//! content (the multiset of resolved samples) does not.

mod compat;
mod sample_keys;
mod samples;
mod slices;
mod tables;

pub use compat::{common_sample_types, compatibilize};

use prost::encoding::{message, string};
use prost::Message;

use crate::data::ProfileData;
use crate::error::MergeError;
use crate::flat::FlatProfile;
use crate::header::ProfileHeader;
use crate::proto::{Profile, ValueType};
use crate::sample_types::type_index;
pub use crate::sample_types::{matches_type, type_list};
use tables::Tables;

/// Options of [`merge`] and [`Merger`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeOptions {
    /// Drop every sample label, so samples that differ only in labels become one. Default: false.
    pub drop_labels: bool,
    /// Keep only these sample types, in this order. Each entry is `type` or `type/unit` and must be in
    /// every input. Default (empty): the sample types every input has (pprof's
    /// `CompatibilizeSampleTypes`).
    pub sample_types: Vec<String>,
    /// Clear the line number (and column) of the innermost line of each sample's leaf location,
    /// so samples that differ only there merge (Go's PGO reads call sites, not where the leaf
    /// was). The leaf is a copy: the same location elsewhere in a stack keeps its line. Default:
    /// false.
    pub clear_leaf_lines: bool,
}

/// Merges valid profiles (see [`crate::validate`]) into one.
pub fn merge(profiles: &[Profile], options: &MergeOptions) -> Result<Profile, MergeError> {
    let mut merger = Merger::new(options.clone());
    for p in profiles {
        merger.add(p)?;
    }
    merger.finish()
}

/// Incremental merge: add profiles one at a time (each can be dropped after `add`), then `finish`.
pub struct Merger {
    options: MergeOptions,
    header: Option<Header>,
    tables: Tables,
    added: usize,
}

/// What the first profile fixed and what later ones accumulate.
struct Header {
    /// (type, unit) of the kept sample types.
    types: Vec<(String, String)>,
    period_type: Option<(String, String)>,
    default_sample_type: String,
    time_nanos: i64,
    duration_nanos: i64,
    period: i64,
    comments: Vec<String>,
    drop_frames: String,
    keep_frames: String,
    doc_url: String,
    /// Some of the first input's sample types were dropped (another input lacks them).
    narrowed: bool,
}

impl Merger {
    pub fn new(options: MergeOptions) -> Self {
        Merger { options, header: None, tables: Tables::default(), added: 0 }
    }

    /// Adds one valid profile. On error nothing of `p` has been added.
    pub fn add(&mut self, data: &impl ProfileData) -> Result<(), MergeError> {
        let p = &data.header();
        let index = self.added;
        let value_indexes = match self.options.sample_types.is_empty() {
            true => self.common_types(p, index)?,
            false => select_types(p, &self.options.sample_types, index)?,
        };
        let types: Vec<(String, String)> = value_indexes
            .iter()
            .map(|&i| {
                let vt = &p.sample_type[i];
                (p.str(vt.r#type).to_owned(), p.str(vt.unit).to_owned())
            })
            .collect();
        let period_type = p
            .period_type
            .as_ref()
            .map(|pt| (p.str(pt.r#type).to_owned(), p.str(pt.unit).to_owned()));
        match &mut self.header {
            None => self.header = Some(Header::new(p, types, period_type)),
            Some(h) => {
                h.check_compatible(&types, &period_type, index)?;
                h.accumulate(p);
            }
        }
        self.tables.add_profile(data, &value_indexes, &self.options);
        self.added += 1;
        Ok(())
    }

    /// The positions in `p` of the sample types merged so far that `p` also has (by type name, the
    /// first of each), after dropping from the merge those `p` lacks; every type of `p` for the
    /// first input. On error nothing has changed.
    fn common_types(&mut self, p: &ProfileHeader, index: usize) -> Result<Vec<usize>, MergeError> {
        let Some(header) = &mut self.header else { return Ok((0..p.sample_type.len()).collect()) };
        let position = |name: &str| type_index(p, name);
        let columns: Vec<usize> =
            (0..header.types.len()).filter(|&i| position(&header.types[i].0).is_some()).collect();
        if columns.is_empty() {
            return Err(MergeError::NoCommonSampleTypes {
                index,
                types: type_list(p),
                merged: show_types(&header.types),
            });
        }
        if columns.len() < header.types.len() {
            header.types = columns.iter().map(|&i| header.types[i].clone()).collect();
            header.narrowed = true;
            self.tables.keep_value_columns(&columns);
        }
        Ok(header.types.iter().filter_map(|(name, _)| position(name)).collect())
    }

    /// The merged profile.
    pub fn finish(self) -> Result<Profile, MergeError> {
        let (out, samples) = self.finish_parts()?;
        with_samples(out, &samples)
    }

    /// The merged profile, flat: [`Merger::finish`]'s profile without a message per sample.
    pub fn finish_flat(self) -> Result<FlatProfile, MergeError> {
        let (mut out, samples) = self.finish_parts()?;
        if samples.has_zero_sample() {
            return with_samples(out, &samples).map(FlatProfile::from_profile);
        }
        let locations = std::mem::take(&mut out.location);
        let mut flat = FlatProfile::with_head(out, samples.len(), samples.location_id_count());
        for l in &locations {
            flat.push_location(l);
        }
        drop(locations);
        for i in 0..samples.len() {
            let ids = samples.locations_of(i);
            flat.push_merged_sample(ids, samples.values_of(i), samples.labels_of(i));
        }
        Ok(flat)
    }

    /// The merged profile as raw protobuf, byte for byte `encode_raw(&self.finish()?)`, written
    /// straight from the merged tables (no message per sample is built).
    pub fn finish_raw(self) -> Result<Vec<u8>, MergeError> {
        let mut buf = Vec::new();
        self.write_raw(|bytes| buf.extend_from_slice(bytes))?;
        Ok(buf)
    }

    /// [`Merger::finish_raw`]'s bytes handed to `out` a piece at a time (none is longer than 64 KiB
    /// unless one message is), so they can be counted or compressed without being kept.
    pub fn write_raw(self, out: impl FnMut(&[u8])) -> Result<(), MergeError> {
        let (mut rest, samples) = self.finish_parts()?;
        let mut out = Pieces::new(out);
        if samples.has_zero_sample() {
            let p = with_samples(rest, &samples)?;
            p.encode_raw(&mut out.buf);
            out.flush();
            return Ok(());
        }
        // Fields are written in tag order: sample_type (1), sample (2), mapping (3), location (4),
        // function (5), string_table (6), then the header's scalars and comments.
        for t in std::mem::take(&mut rest.sample_type) {
            out.with(|buf| message::encode(1, &t, buf));
        }
        for i in 0..samples.len() {
            out.with(|buf| samples.encode_one(i, buf));
        }
        for m in std::mem::take(&mut rest.mapping) {
            out.with(|buf| message::encode(3, &m, buf));
        }
        for l in std::mem::take(&mut rest.location) {
            out.with(|buf| message::encode(4, &l, buf));
        }
        for f in std::mem::take(&mut rest.function) {
            out.with(|buf| message::encode(5, &f, buf));
        }
        for s in std::mem::take(&mut rest.string_table) {
            out.with(|buf| string::encode(6, &s, buf));
        }
        out.with(|buf| rest.encode_raw(buf));
        out.flush();
        Ok(())
    }

    /// The header and tables (no samples yet), and the samples.
    fn finish_parts(self) -> Result<(Profile, samples::SampleArena), MergeError> {
        let header = self.header.ok_or(MergeError::NoProfiles)?;
        let mut tables = self.tables;
        let mut out = Profile::default();
        header.write_into(&mut out, &mut tables);
        let (parts, samples) = tables.into_parts();
        let Profile { mapping, location, function, string_table, .. } = parts;
        (out.mapping, out.location, out.function) = (mapping, location, function);
        out.string_table = string_table;
        Ok((out, samples))
    }
}

/// Bytes gathered into pieces of about 64 KiB for a consumer.
struct Pieces<F: FnMut(&[u8])> {
    buf: Vec<u8>,
    out: F,
}

impl<F: FnMut(&[u8])> Pieces<F> {
    const SIZE: usize = 64 << 10;

    fn new(out: F) -> Self {
        Pieces { buf: Vec::with_capacity(Self::SIZE), out }
    }

    /// Appends what `write` writes, handing the piece over once it is full.
    fn with(&mut self, write: impl FnOnce(&mut Vec<u8>)) {
        write(&mut self.buf);
        if self.buf.len() >= Self::SIZE {
            (self.out)(&self.buf);
            self.buf.clear();
        }
    }

    fn flush(mut self) {
        if !self.buf.is_empty() {
            (self.out)(&self.buf);
        }
    }
}

/// `out` with `samples` as its samples. When some sample's values summed to zero (negative
/// inputs), the profile is merged again, which drops those samples and what only they used.
fn with_samples(mut out: Profile, samples: &samples::SampleArena) -> Result<Profile, MergeError> {
    out.sample = samples.to_samples();
    if samples.has_zero_sample() {
        return merge(&[out], &MergeOptions::default());
    }
    Ok(out)
}

/// Indexes of the values to keep from `p`, in output order.
fn select_types(
    p: &ProfileHeader,
    wanted: &[String],
    index: usize,
) -> Result<Vec<usize>, MergeError> {
    if wanted.is_empty() {
        return Ok((0..p.sample_type.len()).collect());
    }
    wanted
        .iter()
        .map(|w| {
            p.sample_type.iter().position(|vt| matches_type(p, vt, w)).ok_or_else(|| {
                MergeError::MissingSampleType { wanted: w.clone(), index, available: type_list(p) }
            })
        })
        .collect()
}

/// `type/unit, type/unit` of (type, unit) pairs.
fn show_types(types: &[(String, String)]) -> String {
    let names: Vec<String> = types.iter().map(|(t, u)| format!("{t}/{u}")).collect();
    names.join(", ")
}

impl Header {
    fn new(
        p: &ProfileHeader,
        types: Vec<(String, String)>,
        period_type: Option<(String, String)>,
    ) -> Self {
        let mut h = Header {
            types,
            period_type,
            default_sample_type: p.str(p.default_sample_type).to_owned(),
            time_nanos: 0,
            duration_nanos: 0,
            period: 0,
            comments: Vec::new(),
            drop_frames: String::new(),
            keep_frames: String::new(),
            doc_url: String::new(),
            narrowed: false,
        };
        h.accumulate(p);
        h
    }

    fn check_compatible(
        &self,
        types: &[(String, String)],
        period_type: &Option<(String, String)>,
        index: usize,
    ) -> Result<(), MergeError> {
        if types != self.types.as_slice() {
            return Err(MergeError::SampleTypes {
                first_index: 0,
                first: show_types(&self.types),
                other_index: index,
                other: show_types(types),
            });
        }
        if period_type != &self.period_type {
            let show = |pt: &Option<(String, String)>| match pt {
                Some((t, u)) => format!("{t}/{u}"),
                None => "none".into(),
            };
            return Err(MergeError::PeriodTypes {
                first_index: 0,
                first: show(&self.period_type),
                other_index: index,
                other: show(period_type),
            });
        }
        Ok(())
    }

    fn accumulate(&mut self, p: &ProfileHeader) {
        if p.time_nanos != 0 && (self.time_nanos == 0 || p.time_nanos < self.time_nanos) {
            self.time_nanos = p.time_nanos;
        }
        self.duration_nanos = self.duration_nanos.wrapping_add(p.duration_nanos);
        self.period = self.period.max(p.period);
        for &c in p.comment {
            let c = p.str(c);
            if !self.comments.iter().any(|seen| seen == c) {
                self.comments.push(c.to_owned());
            }
        }
        for (field, index) in [
            (&mut self.drop_frames, p.drop_frames),
            (&mut self.keep_frames, p.keep_frames),
            (&mut self.doc_url, p.doc_url),
        ] {
            if field.is_empty() {
                *field = p.str(index).to_owned();
            }
        }
    }

    /// Sets the header fields of `out`, interning strings into the merged table.
    fn write_into(self, out: &mut Profile, tables: &mut Tables) {
        out.sample_type = self
            .types
            .iter()
            .map(|(t, u)| ValueType { r#type: tables.intern(t), unit: tables.intern(u) })
            .collect();
        let default_kept = self.types.iter().any(|(t, _)| *t == self.default_sample_type);
        if default_kept {
            out.default_sample_type = tables.intern(&self.default_sample_type);
        } else if self.narrowed {
            // pprof's CompatibilizeSampleTypes: the first kept type.
            out.default_sample_type = tables.intern(&self.types[0].0);
        }
        out.period_type = self
            .period_type
            .map(|(t, u)| ValueType { r#type: tables.intern(&t), unit: tables.intern(&u) });
        out.comment = self.comments.iter().map(|c| tables.intern(c)).collect();
        out.drop_frames = tables.intern(&self.drop_frames);
        out.keep_frames = tables.intern(&self.keep_frames);
        out.doc_url = tables.intern(&self.doc_url);
        out.time_nanos = self.time_nanos;
        out.duration_nanos = self.duration_nanos;
        out.period = self.period;
    }
}
