//! A pass over the raw protobuf bytes that allocates nothing: it checks the framing (every length
//! fits in what remains, every varint ends, every known field has the wire type its message
//! declares, every string is UTF-8) and counts what decoding would allocate, so a hostile file is
//! refused before it costs memory, and a damaged one with the message, field and byte offset of the
//! damage.
//!
//! Invariant: when [`scan`] succeeds, every message of the profile (nested ones included) is
//! well framed, so prost's decoding of the same bytes cannot fail, and
//! [`WireCounts::decoded_bytes`] bounds (up to allocator overhead) the heap the decoded [`Profile`]
//! holds.

use std::mem::size_of;

use crate::error::DecodeError;
use crate::proto::{Function, Label, Line, Location, Mapping, Profile, Sample, ValueType};

/// How many of each thing a profile's bytes hold.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WireCounts {
    pub samples: u64,
    /// Stack frames summed over all samples.
    pub sample_locations: u64,
    pub sample_values: u64,
    pub labels: u64,
    pub locations: u64,
    pub lines: u64,
    pub functions: u64,
    pub mappings: u64,
    pub strings: u64,
    pub string_bytes: u64,
    /// Sample types, comments and other small repeated fields.
    pub others: u64,
}

/// Smallest heap block an allocation takes, counted for every string and every non-empty vector.
const MIN_ALLOCATION: u64 = 16;

impl WireCounts {
    /// Heap bytes the decoded profile needs, from the element sizes of the decoded types.
    pub fn decoded_bytes(&self) -> u64 {
        let size = |n: u64, each: usize| n.saturating_mul(each as u64);
        [
            size(self.samples, size_of::<Sample>() + 2 * MIN_ALLOCATION as usize),
            size(self.sample_locations, size_of::<u64>()),
            size(self.sample_values, size_of::<i64>()),
            size(self.labels, size_of::<Label>()),
            size(self.locations, size_of::<Location>() + MIN_ALLOCATION as usize),
            size(self.lines, size_of::<Line>()),
            size(self.functions, size_of::<Function>()),
            size(self.mappings, size_of::<Mapping>()),
            size(self.strings, size_of::<String>() + MIN_ALLOCATION as usize),
            self.string_bytes,
            size(self.others, size_of::<ValueType>()),
            size_of::<Profile>() as u64,
        ]
        .iter()
        .fold(0u64, |sum, &n| sum.saturating_add(n))
    }

    /// The error for a profile whose decoded form would not fit in `limit_bytes`.
    pub fn check_memory(&self, limit_bytes: u64) -> Result<(), DecodeError> {
        let needed_bytes = self.decoded_bytes();
        if needed_bytes <= limit_bytes {
            return Ok(());
        }
        Err(DecodeError::TooManyItems {
            needed_bytes,
            limit_bytes,
            samples: self.samples,
            frames: self.sample_locations,
            strings: self.strings,
            locations: self.locations,
        })
    }
}

/// Walks a raw `Profile` message and every message inside it.
pub fn scan(raw: &[u8]) -> Result<WireCounts, DecodeError> {
    let mut counts = WireCounts::default();
    walk(raw, 0, &PROFILE, &mut counts)?;
    Ok(counts)
}

/// Which message a [`Schema`] describes (what [`count`] keys on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MessageId {
    Profile,
    ValueType,
    Sample,
    Label,
    Mapping,
    Location,
    Line,
    Function,
}

/// What a field holds, hence the wire types prost accepts for it.
#[derive(Clone, Copy)]
enum Shape {
    /// An integer or bool: wire type 0.
    Varint,
    /// A repeated integer: packed (wire type 2) or one varint per element (wire type 0).
    Packed,
    /// A string: wire type 2, UTF-8.
    Text,
    /// A nested message: wire type 2, walked in turn.
    Message(&'static Schema),
}

/// The fields of one message of `profile.proto` (`crates/pprof/src/proto.rs`).
struct Schema {
    id: MessageId,
    name: &'static str,
    fields: &'static [(u32, &'static str, Shape)],
}

impl Schema {
    fn field(&self, number: u32) -> Option<(&'static str, Shape)> {
        self.fields.iter().find(|(n, ..)| *n == number).map(|&(_, name, shape)| (name, shape))
    }
}

use Shape::{Message as Msg, Packed, Text, Varint};

static VALUE_TYPE: Schema = Schema {
    id: MessageId::ValueType,
    name: "ValueType",
    fields: &[(1, "type", Varint), (2, "unit", Varint)],
};
static LABEL: Schema = Schema {
    id: MessageId::Label,
    name: "Label",
    fields: &[(1, "key", Varint), (2, "str", Varint), (3, "num", Varint), (4, "num_unit", Varint)],
};
static SAMPLE: Schema = Schema {
    id: MessageId::Sample,
    name: "Sample",
    fields: &[(1, "location_id", Packed), (2, "value", Packed), (3, "label", Msg(&LABEL))],
};
static MAPPING: Schema = Schema {
    id: MessageId::Mapping,
    name: "Mapping",
    fields: &[
        (1, "id", Varint),
        (2, "memory_start", Varint),
        (3, "memory_limit", Varint),
        (4, "file_offset", Varint),
        (5, "filename", Varint),
        (6, "build_id", Varint),
        (7, "has_functions", Varint),
        (8, "has_filenames", Varint),
        (9, "has_line_numbers", Varint),
        (10, "has_inline_frames", Varint),
    ],
};
static LINE: Schema = Schema {
    id: MessageId::Line,
    name: "Line",
    fields: &[(1, "function_id", Varint), (2, "line", Varint), (3, "column", Varint)],
};
static LOCATION: Schema = Schema {
    id: MessageId::Location,
    name: "Location",
    fields: &[
        (1, "id", Varint),
        (2, "mapping_id", Varint),
        (3, "address", Varint),
        (4, "line", Msg(&LINE)),
        (5, "is_folded", Varint),
    ],
};
static FUNCTION: Schema = Schema {
    id: MessageId::Function,
    name: "Function",
    fields: &[
        (1, "id", Varint),
        (2, "name", Varint),
        (3, "system_name", Varint),
        (4, "filename", Varint),
        (5, "start_line", Varint),
    ],
};
static PROFILE: Schema = Schema {
    id: MessageId::Profile,
    name: "Profile",
    fields: &[
        (1, "sample_type", Msg(&VALUE_TYPE)),
        (2, "sample", Msg(&SAMPLE)),
        (3, "mapping", Msg(&MAPPING)),
        (4, "location", Msg(&LOCATION)),
        (5, "function", Msg(&FUNCTION)),
        (6, "string_table", Text),
        (7, "drop_frames", Varint),
        (8, "keep_frames", Varint),
        (9, "time_nanos", Varint),
        (10, "duration_nanos", Varint),
        (11, "period_type", Msg(&VALUE_TYPE)),
        (12, "period", Varint),
        (13, "comment", Packed),
        (14, "default_sample_type", Varint),
        (15, "doc_url", Varint),
    ],
};

/// Adds `n` elements of `field` of message `id` to what decoding allocates.
fn count(c: &mut WireCounts, id: MessageId, field: u32, n: u64) {
    use MessageId as M;
    match (id, field) {
        (M::Profile, 1 | 13) => c.others += n,
        (M::Profile, 2) => c.samples += n,
        (M::Profile, 3) => c.mappings += n,
        (M::Profile, 4) => c.locations += n,
        (M::Profile, 5) => c.functions += n,
        (M::Profile, 6) => c.strings += n,
        (M::Sample, 1) => c.sample_locations += n,
        (M::Sample, 2) => c.sample_values += n,
        (M::Sample, 3) => c.labels += n,
        (M::Location, 4) => c.lines += n,
        _ => {}
    }
}

/// Checks and counts the fields of `message` (a `schema` message whose first byte is at absolute
/// offset `base`), and the messages inside it. Errors name the message, field and byte offset.
fn walk(
    message: &[u8],
    base: usize,
    schema: &Schema,
    counts: &mut WireCounts,
) -> Result<(), DecodeError> {
    for_each_field(message, base, schema.name, |field, value, at| {
        let Some((name, shape)) = schema.field(field) else { return Ok(()) };
        let broken = |what: String| DecodeError::Framing {
            offset: at,
            what: format!("{}.{name} (field {field}): {what}", schema.name),
        };
        let n = match (shape, value) {
            (Varint | Packed, Value::Varint) => 1,
            (Packed, Value::Bytes(b)) => packed_count(b).map_err(|w| broken(w.into()))?,
            (Text, Value::Bytes(b)) => {
                if let Err(e) = std::str::from_utf8(b) {
                    let offset = at + e.valid_up_to();
                    let index = counts.strings;
                    let what = format!("string_table[{index}] is not UTF-8");
                    return Err(DecodeError::Framing { offset, what: format!("Profile.{what}") });
                }
                counts.string_bytes += b.len() as u64;
                1
            }
            (Msg(inner), Value::Bytes(b)) => {
                walk(b, at, inner, counts)?;
                1
            }
            (shape, value) => {
                return Err(broken(format!(
                    "wire type {} where {} belongs",
                    value.wire_type(),
                    shape.expected()
                )))
            }
        };
        count(counts, schema.id, field, n);
        Ok(())
    })
}

impl Shape {
    fn expected(self) -> &'static str {
        match self {
            Varint => "a varint (wire type 0)",
            Packed => "a varint or a packed list (wire type 0 or 2)",
            Text => "a string (wire type 2)",
            Msg(_) => "a message (wire type 2)",
        }
    }
}

/// Elements of a packed varint field: every varint ends with a byte below 0x80, after at most
/// nine bytes with the high bit set.
pub(crate) fn packed_count(b: &[u8]) -> Result<u64, &'static str> {
    let (mut count, mut run) = (0u64, 0);
    for &byte in b {
        if run == 9 && byte > 1 {
            return Err("a packed varint longer than 10 bytes or above 64 bits");
        } else if byte < 0x80 {
            count += 1;
            run = 0;
        } else {
            run += 1;
        }
    }
    if run > 0 {
        return Err("a packed varint cut off at the end of its field");
    }
    Ok(count)
}

/// A field's payload, as far as the scan needs it.
enum Value<'a> {
    Varint,
    Fixed64,
    Fixed32,
    Bytes(&'a [u8]),
}

impl Value<'_> {
    fn wire_type(&self) -> u8 {
        match self {
            Value::Varint => 0,
            Value::Fixed64 => 1,
            Value::Bytes(_) => 2,
            Value::Fixed32 => 5,
        }
    }
}

/// Calls `visit(field number, value, absolute offset of the value's first byte)` for each field of
/// `message`, whose first byte is at absolute offset `base`. Errors name the message, field and
/// byte offset.
fn for_each_field<'a>(
    message: &'a [u8],
    base: usize,
    name: &str,
    mut visit: impl FnMut(u32, Value<'a>, usize) -> Result<(), DecodeError>,
) -> Result<(), DecodeError> {
    let mut at = 0;
    while at < message.len() {
        let start = base + at;
        let broken = |what: String| DecodeError::Framing { offset: start, what };
        let key = read_varint(message, &mut at)
            .ok_or_else(|| broken(format!("{name}: truncated field key")))?;
        if key > u64::from(u32::MAX) {
            return Err(broken(format!("{name}: field key {key} out of range (not protobuf)")));
        }
        let (field, wire_type) = ((key >> 3) as u32, key & 7);
        if field == 0 {
            return Err(broken(format!("{name}: field number 0 (not protobuf)")));
        }
        let mut value_at = base + at;
        let value = match wire_type {
            0 => read_varint(message, &mut at).map(|_| Value::Varint).ok_or_else(|| {
                broken(format!("{name} field {field}: truncated or overlong varint"))
            })?,
            1 | 5 => {
                let width = if wire_type == 1 { 8 } else { 4 };
                at =
                    at.checked_add(width).filter(|&end| end <= message.len()).ok_or_else(|| {
                        broken(format!("{name} field {field}: {width}-byte value cut off"))
                    })?;
                if wire_type == 1 {
                    Value::Fixed64
                } else {
                    Value::Fixed32
                }
            }
            2 => {
                let len = read_varint(message, &mut at)
                    .ok_or_else(|| broken(format!("{name} field {field}: truncated length")))?;
                let remaining = (message.len() - at) as u64;
                if len > remaining {
                    return Err(broken(format!(
                        "{name} field {field} claims {len} bytes, but only {remaining} remain"
                    )));
                }
                value_at = base + at;
                let bytes = &message[at..at + len as usize];
                at += len as usize;
                Value::Bytes(bytes)
            }
            other => {
                return Err(broken(format!(
                    "{name} field {field}: wire type {other} is not used by pprof"
                )))
            }
        };
        visit(field, value, value_at)?;
    }
    Ok(())
}

/// A base-128 varint of at most 10 bytes whose value fits in 64 bits (prost's rule: a tenth byte
/// is 0 or 1); `None` when cut off, longer or overflowing.
pub(crate) fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for i in 0..10 {
        let byte = *bytes.get(*at)?;
        *at += 1;
        if i == 9 && byte > 1 {
            return None;
        }
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte < 0x80 {
            return Some(value);
        }
    }
    None
}
