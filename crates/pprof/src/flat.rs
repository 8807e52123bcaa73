//! A decoded profile stored flat: samples and locations in a few long arrays instead of vectors per
//! sample and per location. Decoding a fleet of files to merge them is then a handful of allocations
//! per file instead of one or three per entry, and dropping a file is as cheap. Samples and locations
//! are decoded by the same `Message` code as [`Profile`]'s, so values and errors are the same.

use prost::bytes::Buf;
use prost::encoding::{self, decode_key, DecodeContext, WireType};
use prost::{DecodeError, Message};

use crate::data::{LocationIds, LocationRef, ProfileData, SampleRef, StoredId, U24};
use crate::header::ProfileHeader;
use crate::ids::MergedLocationId;
use crate::proto::{Label, Line, Location, Profile, Sample};
use crate::sample_wire::{in_field, SampleFields};
use crate::wire::WireCounts;

/// A profile whose samples and locations are flat arrays; everything else is in `head`.
/// Invariant: `sample_ends` and `locations` hold one entry per sample and per location, and each
/// entry's end offsets are at least the previous entry's and at most the arrays' lengths.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FlatProfile {
    /// The profile without samples and locations.
    head: Profile,
    locations: Vec<FlatLocation>,
    /// The lines of every location, in location order.
    lines: Vec<Line>,
    location_ids: IdColumn,
    values: Vec<i64>,
    labels: Vec<Label>,
    /// Per sample: the ends of its ranges in `location_ids`, `values` and `labels`.
    sample_ends: Vec<[usize; 3]>,
}

/// Every sample's location ids in one array: three bytes each while every id fits (ids are
/// usually 1..=n), else four, else eight. The column widens (once or twice) when an id needs it.
#[derive(Debug, Clone, PartialEq)]
enum IdColumn {
    Packed(Vec<U24>),
    Narrow(Vec<u32>),
    Wide(Vec<u64>),
}

impl Default for IdColumn {
    fn default() -> Self {
        IdColumn::Packed(Vec::new())
    }
}

impl IdColumn {
    fn with_capacity(n: usize) -> IdColumn {
        IdColumn::Packed(Vec::with_capacity(n))
    }

    fn len(&self) -> usize {
        match self {
            IdColumn::Packed(ids) => ids.len(),
            IdColumn::Narrow(ids) => ids.len(),
            IdColumn::Wide(ids) => ids.len(),
        }
    }

    /// Widens the column, if needed, to hold `max` (room kept for `more` ids).
    fn widen_for(&mut self, max: u64, more: usize) {
        if max > u64::from(u32::MAX) {
            let wide = match self {
                IdColumn::Wide(_) => return,
                IdColumn::Narrow(ids) => widened(ids, more, |id| id),
                IdColumn::Packed(ids) => widened(ids, more, |id| id),
            };
            *self = IdColumn::Wide(wide);
        } else if let (IdColumn::Packed(ids), None) = (&*self, U24::new(max)) {
            *self = IdColumn::Narrow(widened(ids, more, |id| id as u32));
        }
    }

    /// Appends `ids`, widening the column first if one of them needs it.
    fn extend<T: StoredId>(&mut self, ids: &[T]) {
        self.widen_for(ids.iter().map(|id| id.id()).max().unwrap_or(0), ids.len());
        let ids = ids.iter().map(|id| id.id());
        match self {
            // Every id fits: the column was widened otherwise.
            IdColumn::Packed(column) => column.extend(ids.filter_map(U24::new)),
            IdColumn::Narrow(column) => column.extend(ids.map(|id| id as u32)),
            IdColumn::Wide(column) => column.extend(ids),
        }
    }

    fn slice(&self, range: std::ops::Range<usize>) -> LocationIds<'_> {
        match self {
            IdColumn::Packed(ids) => LocationIds::Packed(&ids[range]),
            IdColumn::Narrow(ids) => LocationIds::Narrow(&ids[range]),
            IdColumn::Wide(ids) => LocationIds::Wide(&ids[range]),
        }
    }
}

/// `ids` in a wider type (`to` converts), with room for `more` ids besides.
fn widened<T: StoredId, W>(ids: &Vec<T>, more: usize, to: impl Fn(u64) -> W) -> Vec<W> {
    let mut wide = Vec::with_capacity(ids.capacity().max(ids.len() + more));
    wide.extend(ids.iter().map(|&id| to(id.id())));
    wide
}

/// A location whose lines end at `lines_end` in [`FlatProfile::lines`].
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct FlatLocation {
    id: u64,
    mapping_id: u64,
    address: u64,
    lines_end: usize,
    is_folded: bool,
}

impl FlatProfile {
    /// Decodes raw protobuf bytes that passed [`crate::wire::scan`] (which gave `counts`): the
    /// arrays are reserved to their exact sizes. Does not validate.
    pub(crate) fn decode(raw: &[u8], counts: &WireCounts) -> Result<FlatProfile, DecodeError> {
        let exact = |n: u64| usize::try_from(n).unwrap_or(0);
        let mut p = FlatProfile {
            head: Profile {
                mapping: Vec::with_capacity(exact(counts.mappings)),
                function: Vec::with_capacity(exact(counts.functions)),
                string_table: Vec::with_capacity(exact(counts.strings)),
                ..Profile::default()
            },
            locations: Vec::with_capacity(exact(counts.locations)),
            lines: Vec::with_capacity(exact(counts.lines)),
            location_ids: IdColumn::with_capacity(exact(counts.sample_locations)),
            values: Vec::with_capacity(exact(counts.sample_values)),
            labels: Vec::with_capacity(exact(counts.labels)),
            sample_ends: Vec::with_capacity(exact(counts.samples)),
        };
        // A location is decoded by its own `Message` code into one reused scratch location, then
        // copied; a sample's fields go straight into the arrays (`SampleFields`, as `Sample` uses).
        let mut location = Location::default();
        let mut sample_ids = Vec::new();
        let mut buf = raw;
        while buf.has_remaining() {
            let (tag, wire_type) = decode_key(&mut buf)?;
            let ctx = DecodeContext::default();
            match tag {
                2 => p
                    .merge_sample(wire_type, &mut buf, ctx, &mut sample_ids)
                    .map_err(in_field("Profile", "sample"))?,
                4 => {
                    location.clear();
                    encoding::message::merge(wire_type, &mut location, &mut buf, ctx)
                        .map_err(in_field("Profile", "location"))?;
                    p.push_location(&location);
                }
                _ => p.head.merge_field(tag, wire_type, &mut buf, ctx)?,
            }
        }
        Ok(p)
    }

    /// Appends the length-delimited `Sample` message at the front of `buf` to the arrays (its
    /// location ids through `ids`, a buffer reused from sample to sample).
    fn merge_sample(
        &mut self,
        wire_type: WireType,
        buf: &mut &[u8],
        ctx: DecodeContext,
        ids: &mut Vec<u64>,
    ) -> Result<(), DecodeError> {
        encoding::check_wire_type(WireType::LengthDelimited, wire_type)?;
        ids.clear();
        let mut fields =
            SampleFields { location_ids: ids, values: &mut self.values, labels: &mut self.labels };
        encoding::merge_loop(&mut fields, buf, ctx, |fields, body, ctx| {
            let (tag, wire_type) = decode_key(body)?;
            fields.merge_field(tag, wire_type, body, ctx)
        })?;
        self.location_ids.extend(ids);
        self.end_sample();
        Ok(())
    }

    /// Closes the sample whose ids, values and labels were just appended.
    fn end_sample(&mut self) {
        self.sample_ends.push([self.location_ids.len(), self.values.len(), self.labels.len()]);
    }

    /// A profile with `head`'s header and tables (its samples and locations are not read), room for
    /// `samples` samples of `ids` location ids in all, and no samples or locations yet.
    pub fn with_head(mut head: Profile, samples: usize, ids: usize) -> FlatProfile {
        head.sample = Vec::new();
        head.location = Vec::new();
        FlatProfile {
            head,
            location_ids: IdColumn::with_capacity(ids),
            sample_ends: Vec::with_capacity(samples),
            ..FlatProfile::default()
        }
    }

    /// Appends a sample.
    pub fn push_sample(&mut self, location_ids: &[u64], values: &[i64], labels: &[Label]) {
        self.location_ids.extend(location_ids);
        self.values.extend_from_slice(values);
        self.labels.extend_from_slice(labels);
        self.end_sample();
    }

    /// Appends a sample whose location ids are given in four bytes.
    pub fn push_merged_sample(
        &mut self,
        location_ids: &[MergedLocationId],
        values: &[i64],
        labels: &[Label],
    ) {
        self.location_ids.extend(location_ids);
        self.values.extend_from_slice(values);
        self.labels.extend_from_slice(labels);
        self.end_sample();
    }

    /// Appends a location.
    pub fn push_location(&mut self, l: &Location) {
        self.lines.extend_from_slice(&l.line);
        self.locations.push(FlatLocation {
            id: l.id,
            mapping_id: l.mapping_id,
            address: l.address,
            lines_end: self.lines.len(),
            is_folded: l.is_folded,
        });
    }

    /// The same profile, flat (the profile is consumed table by table).
    pub fn from_profile(mut p: Profile) -> FlatProfile {
        let (samples, locations) = (std::mem::take(&mut p.sample), std::mem::take(&mut p.location));
        let mut flat = FlatProfile {
            locations: Vec::with_capacity(locations.len()),
            lines: Vec::with_capacity(locations.iter().map(|l| l.line.len()).sum()),
            location_ids: IdColumn::with_capacity(
                samples.iter().map(|s| s.location_id.len()).sum(),
            ),
            values: Vec::with_capacity(samples.iter().map(|s| s.value.len()).sum()),
            labels: Vec::with_capacity(samples.iter().map(|s| s.label.len()).sum()),
            sample_ends: Vec::with_capacity(samples.len()),
            head: p,
        };
        for l in &locations {
            flat.push_location(l);
        }
        drop(locations);
        for s in &samples {
            flat.push_sample(&s.location_id, &s.value, &s.label);
        }
        flat
    }

    /// Bytes of the profile encoded as protobuf, as [`Message::encoded_len`] of
    /// [`FlatProfile::to_profile`] gives, without building it.
    pub fn encoded_len(&self) -> usize {
        use encoding::{encoded_len_varint, key_len};
        let field = |tag: u32, body: usize| key_len(tag) + encoded_len_varint(body as u64) + body;
        let samples: usize = self
            .samples()
            .map(|s| {
                let body = packed_len(s.location_ids)
                    + encoding::int64::encoded_len_packed(2, s.values)
                    + encoding::message::encoded_len_repeated(3, s.labels);
                field(2, body)
            })
            .sum();
        let mut location = Location::default();
        let locations: usize = self
            .locations()
            .map(|l| {
                location.clear();
                location.id = l.id;
                location.mapping_id = l.mapping_id;
                location.address = l.address;
                location.line.extend_from_slice(l.lines);
                location.is_folded = l.is_folded;
                field(4, location.encoded_len())
            })
            .sum();
        self.head.encoded_len() + samples + locations
    }

    /// The same profile as prost decodes it.
    pub fn to_profile(&self) -> Profile {
        let mut p = self.head.clone();
        p.location = self
            .locations()
            .map(|l| Location {
                id: l.id,
                mapping_id: l.mapping_id,
                address: l.address,
                line: l.lines.to_vec(),
                is_folded: l.is_folded,
            })
            .collect();
        p.sample = self
            .samples()
            .map(|s| Sample {
                location_id: s.location_ids.to_vec(),
                value: s.values.to_vec(),
                label: s.labels.to_vec(),
            })
            .collect();
        p
    }
}

impl ProfileData for FlatProfile {
    fn header(&self) -> ProfileHeader<'_> {
        self.head.header()
    }

    fn location_count(&self) -> usize {
        self.locations.len()
    }

    #[inline]
    fn location(&self, position: usize) -> LocationRef<'_> {
        let l = &self.locations[position];
        let start = position.checked_sub(1).map_or(0, |p| self.locations[p].lines_end);
        LocationRef {
            id: l.id,
            mapping_id: l.mapping_id,
            address: l.address,
            is_folded: l.is_folded,
            lines: &self.lines[start..l.lines_end],
        }
    }

    fn sample_count(&self) -> usize {
        self.sample_ends.len()
    }

    #[inline]
    fn sample(&self, index: usize) -> SampleRef<'_> {
        let [ids_end, values_end, labels_end] = self.sample_ends[index];
        let [ids, values, labels] = index.checked_sub(1).map_or([0; 3], |i| self.sample_ends[i]);
        SampleRef {
            location_ids: self.location_ids.slice(ids..ids_end),
            values: &self.values[values..values_end],
            labels: &self.labels[labels..labels_end],
        }
    }
}

/// Bytes of `ids` as `Sample`'s packed field 1 (none when empty), as prost writes it.
fn packed_len(ids: LocationIds) -> usize {
    crate::encode::packed_varints_len(1, ids.iter())
}
