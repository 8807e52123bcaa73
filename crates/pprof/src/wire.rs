//! A pass over the raw protobuf bytes that allocates nothing: it checks the framing (every length
//! fits in what remains, every varint ends, no wire type pprof never uses) and counts what decoding
//! would allocate, so a hostile file is refused before it costs memory.
//!
//! Invariant: when [`scan`] succeeds, every length-delimited field at the levels it walks lies
//! inside its parent, and [`WireCounts::decoded_bytes`] bounds (up to allocator overhead) the heap
//! the decoded [`Profile`] holds.

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

/// Walks a raw `Profile` message: top-level fields, and inside samples and locations.
pub fn scan(raw: &[u8]) -> Result<WireCounts, DecodeError> {
    let mut c = WireCounts::default();
    for_each_field(raw, 0, "Profile", &mut |field, value, at| {
        match (field, value) {
            (2, Value::Bytes(b)) => {
                c.samples += 1;
                scan_sample(b, at, &mut c)?;
            }
            (3, Value::Bytes(_)) => c.mappings += 1,
            (4, Value::Bytes(b)) => {
                c.locations += 1;
                for_each_field(b, at, "Location", &mut |f, _, _| {
                    c.lines += u64::from(f == 4);
                    Ok(())
                })?;
            }
            (5, Value::Bytes(_)) => c.functions += 1,
            (6, Value::Bytes(b)) => {
                c.strings += 1;
                c.string_bytes += b.len() as u64;
            }
            (13, Value::Bytes(b)) => c.others += packed(b, at, "Profile", field)?,
            (1, Value::Bytes(_)) | (1 | 13, Value::Scalar) => c.others += 1,
            _ => {}
        }
        Ok(())
    })?;
    Ok(c)
}

fn scan_sample(b: &[u8], at: usize, counts: &mut WireCounts) -> Result<(), DecodeError> {
    for_each_field(b, at, "Sample", &mut |field, value, value_at| {
        let n = match value {
            Value::Bytes(b) if field != 3 => packed(b, value_at, "Sample", field)?,
            _ => 1,
        };
        match field {
            1 => counts.sample_locations += n,
            2 => counts.sample_values += n,
            3 => counts.labels += n,
            _ => {}
        }
        Ok(())
    })
}

/// Elements of a packed varint field: every varint ends with a byte below 0x80, after at most
/// nine bytes with the high bit set.
fn packed_count(b: &[u8]) -> Result<u64, &'static str> {
    let (mut count, mut run) = (0u64, 0);
    for &byte in b {
        if byte < 0x80 {
            count += 1;
            run = 0;
        } else if run == 9 {
            return Err("a packed varint longer than 10 bytes");
        } else {
            run += 1;
        }
    }
    if run > 0 {
        return Err("a packed varint cut off at the end of its field");
    }
    Ok(count)
}

/// [`packed_count`], with the error placed at the field.
fn packed(b: &[u8], offset: usize, name: &str, field: u32) -> Result<u64, DecodeError> {
    packed_count(b).map_err(|what| DecodeError::Framing {
        offset,
        what: format!("{name} field {field}: {what}"),
    })
}

/// A field's payload, as far as the scan needs it.
enum Value<'a> {
    Scalar,
    Bytes(&'a [u8]),
}

/// Calls `visit(field number, value, absolute offset of the value's first byte)` for each field of
/// `message`, whose first byte is at absolute offset `base`. Errors name the message, field and
/// byte offset.
fn for_each_field<'a>(
    message: &'a [u8],
    base: usize,
    name: &str,
    visit: &mut dyn FnMut(u32, Value<'a>, usize) -> Result<(), DecodeError>,
) -> Result<(), DecodeError> {
    let mut at = 0;
    while at < message.len() {
        let start = base + at;
        let broken = |what: String| DecodeError::Framing { offset: start, what };
        let key = read_varint(message, &mut at)
            .ok_or_else(|| broken(format!("{name}: truncated field key")))?;
        let (field, wire_type) = ((key >> 3) as u32, key & 7);
        if field == 0 {
            return Err(broken(format!("{name}: field number 0 (not protobuf)")));
        }
        let mut value_at = base + at;
        let value = match wire_type {
            0 => read_varint(message, &mut at).map(|_| Value::Scalar).ok_or_else(|| {
                broken(format!("{name} field {field}: truncated or overlong varint"))
            })?,
            1 | 5 => {
                let width = if wire_type == 1 { 8 } else { 4 };
                at =
                    at.checked_add(width).filter(|&end| end <= message.len()).ok_or_else(|| {
                        broken(format!("{name} field {field}: {width}-byte value cut off"))
                    })?;
                Value::Scalar
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

/// A base-128 varint of at most 10 bytes; `None` when cut off or longer.
fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for i in 0..10 {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte < 0x80 {
            return Some(value);
        }
    }
    None
}
