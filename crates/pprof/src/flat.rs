//! A decoded profile stored flat: samples and locations in a few long arrays instead of vectors per
//! sample and per location. Decoding a fleet of files to merge them is then a handful of allocations
//! per file instead of one or three per entry, and dropping a file is as cheap. The decoder uses
//! prost's field decoders, so values and errors are those of [`Profile`]'s derived code.

use prost::bytes::Buf;
use prost::encoding::{self, decode_key, DecodeContext, WireType};
use prost::{DecodeError, Message};

use crate::data::{LocationRef, ProfileData, SampleRef};
use crate::proto::{Label, Line, Location, Profile, Sample};
use crate::sample_wire::in_field;
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
    location_ids: Vec<u64>,
    values: Vec<i64>,
    labels: Vec<Label>,
    /// Per sample: the ends of its ranges in `location_ids`, `values` and `labels`.
    sample_ends: Vec<[usize; 3]>,
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
            location_ids: Vec::with_capacity(exact(counts.sample_locations)),
            values: Vec::with_capacity(exact(counts.sample_values)),
            labels: Vec::with_capacity(exact(counts.labels)),
            sample_ends: Vec::with_capacity(exact(counts.samples)),
        };
        let mut buf = raw;
        while buf.has_remaining() {
            let (tag, wire_type) = decode_key(&mut buf)?;
            let ctx = DecodeContext::default();
            match tag {
                2 => p
                    .merge_sample(wire_type, &mut buf, ctx)
                    .map_err(in_field("Profile", "sample"))?,
                4 => p
                    .merge_location(wire_type, &mut buf, ctx)
                    .map_err(in_field("Profile", "location"))?,
                _ => p.head.merge_field(tag, wire_type, &mut buf, ctx)?,
            }
        }
        Ok(p)
    }

    fn merge_sample(
        &mut self,
        wire_type: WireType,
        buf: &mut &[u8],
        ctx: DecodeContext,
    ) -> Result<(), DecodeError> {
        merge_message(self, wire_type, buf, ctx, |p, tag, wire_type, body, ctx| {
            let named = |field| in_field("Sample", field);
            match tag {
                1 => encoding::uint64::merge_repeated(wire_type, &mut p.location_ids, body, ctx)
                    .map_err(named("location_id")),
                2 => encoding::int64::merge_repeated(wire_type, &mut p.values, body, ctx)
                    .map_err(named("value")),
                3 => encoding::message::merge_repeated(wire_type, &mut p.labels, body, ctx)
                    .map_err(named("label")),
                _ => encoding::skip_field(wire_type, tag, body, ctx),
            }
        })?;
        self.sample_ends.push([self.location_ids.len(), self.values.len(), self.labels.len()]);
        Ok(())
    }

    fn merge_location(
        &mut self,
        wire_type: WireType,
        buf: &mut &[u8],
        ctx: DecodeContext,
    ) -> Result<(), DecodeError> {
        let mut state = (FlatLocation::default(), &mut self.lines);
        merge_message(
            &mut state,
            wire_type,
            buf,
            ctx,
            |(loc, lines), tag, wire_type, body, ctx| {
                let named = |field| in_field("Location", field);
                match tag {
                    1 => encoding::uint64::merge(wire_type, &mut loc.id, body, ctx)
                        .map_err(named("id")),
                    2 => encoding::uint64::merge(wire_type, &mut loc.mapping_id, body, ctx)
                        .map_err(named("mapping_id")),
                    3 => encoding::uint64::merge(wire_type, &mut loc.address, body, ctx)
                        .map_err(named("address")),
                    4 => encoding::message::merge_repeated(wire_type, *lines, body, ctx)
                        .map_err(named("line")),
                    5 => encoding::bool::merge(wire_type, &mut loc.is_folded, body, ctx)
                        .map_err(named("is_folded")),
                    _ => encoding::skip_field(wire_type, tag, body, ctx),
                }
            },
        )?;
        let (mut loc, lines) = state;
        loc.lines_end = lines.len();
        self.locations.push(loc);
        Ok(())
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
    fn head(&self) -> &Profile {
        &self.head
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
            location_ids: &self.location_ids[ids..ids_end],
            values: &self.values[values..values_end],
            labels: &self.labels[labels..labels_end],
        }
    }
}

/// Decodes the length-delimited message at the front of `buf` (which is advanced past it) into
/// `value`, one `field` call per field.
fn merge_message<T>(
    value: &mut T,
    wire_type: WireType,
    buf: &mut &[u8],
    ctx: DecodeContext,
    mut field: impl FnMut(&mut T, u32, WireType, &mut &[u8], DecodeContext) -> Result<(), DecodeError>,
) -> Result<(), DecodeError> {
    encoding::check_wire_type(WireType::LengthDelimited, wire_type)?;
    encoding::merge_loop(value, buf, ctx, |value, body, ctx| {
        let (tag, wire_type) = decode_key(body)?;
        field(value, tag, wire_type, body, ctx)
    })
}
