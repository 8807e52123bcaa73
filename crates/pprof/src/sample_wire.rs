//! The protobuf encoding of [`Sample`] and [`Location`], written out instead of derived for one
//! reason: a derived decoder grows vectors by doubling, so a big profile's stacks held a third more
//! memory than they use, and a location's single line took room for four. Here each packed field
//! reserves its exact length first (the count of its varints) and a location's first line room for
//! one, then prost's own decoders fill them. The bytes and the errors are those of the derived code
//! (`tests/roundtrip.rs` checks the encoding against the fixtures). The flat decoder
//! ([`crate::FlatProfile`]) decodes with the same code: a sample's fields through [`SampleFields`],
//! each location into a reused [`Location`].

use prost::bytes::{Buf, BufMut};
use prost::encoding::{self, DecodeContext, WireType};
use prost::DecodeError;

use crate::proto::{Label, Location, Sample};

impl prost::Message for Sample {
    fn encode_raw(&self, buf: &mut impl BufMut) {
        encoding::uint64::encode_packed(1, &self.location_id, buf);
        encoding::int64::encode_packed(2, &self.value, buf);
        encoding::message::encode_repeated(3, &self.label, buf);
    }

    fn merge_field(
        &mut self,
        tag: u32,
        wire_type: WireType,
        buf: &mut impl Buf,
        ctx: DecodeContext,
    ) -> Result<(), DecodeError> {
        match tag {
            1 => reserve_packed(wire_type, buf, &mut self.location_id),
            2 => reserve_packed(wire_type, buf, &mut self.value),
            _ => {}
        }
        let Sample { location_id, value, label } = self;
        SampleFields { location_ids: location_id, values: value, labels: label }
            .merge_field(tag, wire_type, buf, ctx)
    }

    fn encoded_len(&self) -> usize {
        encoding::uint64::encoded_len_packed(1, &self.location_id)
            + encoding::int64::encoded_len_packed(2, &self.value)
            + encoding::message::encoded_len_repeated(3, &self.label)
    }

    fn clear(&mut self) {
        self.location_id.clear();
        self.value.clear();
        self.label.clear();
    }
}

impl prost::Message for Location {
    fn encode_raw(&self, buf: &mut impl BufMut) {
        if self.id != 0 {
            encoding::uint64::encode(1, &self.id, buf);
        }
        if self.mapping_id != 0 {
            encoding::uint64::encode(2, &self.mapping_id, buf);
        }
        if self.address != 0 {
            encoding::uint64::encode(3, &self.address, buf);
        }
        encoding::message::encode_repeated(4, &self.line, buf);
        if self.is_folded {
            encoding::bool::encode(5, &self.is_folded, buf);
        }
    }

    fn merge_field(
        &mut self,
        tag: u32,
        wire_type: WireType,
        buf: &mut impl Buf,
        ctx: DecodeContext,
    ) -> Result<(), DecodeError> {
        let named = |field| in_field("Location", field);
        match tag {
            1 => encoding::uint64::merge(wire_type, &mut self.id, buf, ctx).map_err(named("id")),
            2 => encoding::uint64::merge(wire_type, &mut self.mapping_id, buf, ctx)
                .map_err(named("mapping_id")),
            3 => encoding::uint64::merge(wire_type, &mut self.address, buf, ctx)
                .map_err(named("address")),
            4 => {
                // One line is the common case: room for it alone (a first push reserves four).
                if self.line.is_empty() {
                    self.line.reserve_exact(1);
                }
                encoding::message::merge_repeated(wire_type, &mut self.line, buf, ctx)
                    .map_err(named("line"))
            }
            5 => encoding::bool::merge(wire_type, &mut self.is_folded, buf, ctx)
                .map_err(named("is_folded")),
            _ => encoding::skip_field(wire_type, tag, buf, ctx),
        }
    }

    fn encoded_len(&self) -> usize {
        let scalar = |tag, v: &u64| if *v != 0 { encoding::uint64::encoded_len(tag, v) } else { 0 };
        scalar(1, &self.id)
            + scalar(2, &self.mapping_id)
            + scalar(3, &self.address)
            + encoding::message::encoded_len_repeated(4, &self.line)
            + if self.is_folded { encoding::bool::encoded_len(5, &self.is_folded) } else { 0 }
    }

    fn clear(&mut self) {
        // In place: the flat decoder reuses one location's line vector for all of them.
        let Location { id, mapping_id, address, line, is_folded } = self;
        (*id, *mapping_id, *address, *is_folded) = (0, 0, 0, false);
        line.clear();
    }
}

/// Where a `Sample` message's fields go: a [`Sample`]'s vectors, or the flat decoder's arrays
/// (values are appended, as prost appends repeated fields).
pub(crate) struct SampleFields<'a> {
    pub location_ids: &'a mut Vec<u64>,
    pub values: &'a mut Vec<i64>,
    pub labels: &'a mut Vec<Label>,
}

impl SampleFields<'_> {
    /// Decodes one field of a `Sample` message, with the derived code's errors.
    pub(crate) fn merge_field(
        &mut self,
        tag: u32,
        wire_type: WireType,
        buf: &mut impl Buf,
        ctx: DecodeContext,
    ) -> Result<(), DecodeError> {
        let named = |field| in_field("Sample", field);
        match tag {
            1 => encoding::uint64::merge_repeated(wire_type, self.location_ids, buf, ctx)
                .map_err(named("location_id")),
            2 => encoding::int64::merge_repeated(wire_type, self.values, buf, ctx)
                .map_err(named("value")),
            3 => encoding::message::merge_repeated(wire_type, self.labels, buf, ctx)
                .map_err(named("label")),
            _ => encoding::skip_field(wire_type, tag, buf, ctx),
        }
    }
}

/// Names the field an error happened in, as derived decoders do (`Sample.location_id: …`).
pub(crate) fn in_field(
    message: &'static str,
    field: &'static str,
) -> impl Fn(DecodeError) -> DecodeError {
    move |mut error| {
        error.push(message, field);
        error
    }
}

/// Reserves room for the varints of the packed field at the front of `buf` (the length prefix is
/// read, not consumed). Nothing is reserved when the field's bytes are not all in `buf`'s first
/// chunk; lying lengths reserve at most what the bytes hold (a varint is one byte or more), and the
/// decoder reports them. An unpacked value gets room for itself alone while the field holds fewer
/// than [`UNPACKED_EXACT`]: Go writes one or two values unpacked (a sample's two values, short
/// stacks), and a first push would reserve four.
fn reserve_packed<T>(wire_type: WireType, buf: &impl Buf, values: &mut Vec<T>) {
    if wire_type != WireType::LengthDelimited {
        if values.len() < UNPACKED_EXACT {
            values.reserve_exact(1);
        }
        return;
    }
    let chunk = buf.chunk();
    let Some((len, prefix)) = peek_varint(chunk) else { return };
    let Some(body) = usize::try_from(len).ok().and_then(|len| chunk.get(prefix..prefix + len))
    else {
        return;
    };
    values.reserve_exact(crate::wire::packed_count(body).unwrap_or(0) as usize);
}

/// Unpacked values grown one at a time up to this many; beyond, by doubling (no quadratic copying).
const UNPACKED_EXACT: usize = 4;

/// The varint at the start of `bytes` and its length in bytes.
fn peek_varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut at = 0;
    let value = crate::wire::read_varint(bytes, &mut at)?;
    Some((value, at))
}

#[cfg(test)]
mod tests {
    use prost::Message;

    use super::*;
    use crate::proto::Label;

    #[test]
    fn packed_fields_decode_into_vectors_of_their_exact_length() {
        let sample = Sample {
            location_id: (1..=300).map(|i| i * 1_000_003).collect(),
            value: vec![7, -1, i64::MAX],
            label: vec![Label { key: 1, str: 2, ..Label::default() }],
        };
        let decoded = Sample::decode(sample.encode_to_vec().as_slice()).unwrap();
        assert_eq!(decoded, sample);
        assert_eq!(decoded.location_id.capacity(), 300);
        assert_eq!(decoded.value.capacity(), 3);
    }

    #[test]
    fn unpacked_and_split_fields_still_decode() {
        // location_id 5 unpacked, then a packed run [6, 7]: both encodings may be mixed.
        let bytes = [0x08, 5, 0x0a, 2, 6, 7];
        let decoded = Sample::decode(bytes.as_slice()).unwrap();
        assert_eq!(decoded.location_id, [5, 6, 7]);
        // Two unpacked values, as Go writes them: room for two.
        let decoded = Sample::decode([0x10, 3, 0x10, 4].as_slice()).unwrap();
        assert_eq!((decoded.value.as_slice(), decoded.value.capacity()), ([3, 4].as_slice(), 2));
    }

    #[test]
    fn a_lying_length_is_an_error_naming_the_field() {
        let bytes = [0x0a, 100, 1, 2];
        let error = Sample::decode(bytes.as_slice()).unwrap_err().to_string();
        assert!(error.contains("Sample.location_id"), "{error}");
    }
}
