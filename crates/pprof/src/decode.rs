//! Bytes → validated [`Profile`]: gzip (magic `1f 8b`) or raw protobuf, with a cap on decompressed size.

use std::borrow::Cow;
use std::io::Read;

use flate2::read::MultiGzDecoder;
use prost::Message;

use crate::error::DecodeError;
use crate::flat::FlatProfile;
use crate::legacy;
use crate::proto::Profile;
use crate::validate::validate;
use crate::wire;

/// Options of [`decode_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeOptions {
    /// Largest decompressed size accepted, in bytes. Default: 1 GiB. Larger → [`DecodeError::TooLarge`],
    /// checked while inflating, so a gzip bomb never allocates more than this.
    pub max_decompressed_bytes: u64,
    /// Largest heap the decoded profile may take, estimated from the bytes before decoding
    /// ([`WireCounts::decoded_bytes`]). Default: 4 GiB. Larger → [`DecodeError::TooManyItems`].
    pub max_memory_bytes: u64,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions { max_decompressed_bytes: 1 << 30, max_memory_bytes: 4 << 30 }
    }
}

/// Decodes and validates a profile with default options.
pub fn decode(bytes: &[u8]) -> Result<Profile, DecodeError> {
    decode_with(bytes, &DecodeOptions::default())
}

/// Decodes (gzip or raw protobuf) and validates a profile.
pub fn decode_with(bytes: &[u8], options: &DecodeOptions) -> Result<Profile, DecodeError> {
    let raw = decompress(bytes, options.max_decompressed_bytes)?;
    decode_raw_with(&raw, options)
}

/// Returns true when `bytes` start with the gzip magic number.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// The raw protobuf bytes: inflated when gzip, borrowed otherwise.
pub fn decompress(bytes: &[u8], max_bytes: u64) -> Result<Cow<'_, [u8]>, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if !is_gzip(bytes) {
        if bytes.len() as u64 > max_bytes {
            return Err(DecodeError::TooLarge { limit_bytes: max_bytes });
        }
        return Ok(Cow::Borrowed(bytes));
    }
    inflate(bytes, max_bytes).map(Cow::Owned)
}

/// Inflates into a buffer of the size the gzip trailer gives. When the stream holds more (a lying
/// trailer, several members, a bomb), the rest is only counted, up to `max_bytes`, and the stream is
/// inflated again into a buffer of the exact size: memory never exceeds the output or the cap.
fn inflate(gz: &[u8], max_bytes: u64) -> Result<Vec<u8>, DecodeError> {
    let gzip_error = |e: std::io::Error| DecodeError::Gzip(e.to_string());
    let hint = size_hint(gz, max_bytes);
    if let Some(out) = crate::gunzip::gunzip_exact(gz, hint) {
        return Ok(out);
    }
    let mut out = Vec::with_capacity(hint);
    let mut decoder = MultiGzDecoder::new(gz);
    (&mut decoder).take(hint as u64).read_to_end(&mut out).map_err(gzip_error)?;
    let rest = count_until(decoder, max_bytes - out.len() as u64)?
        .ok_or(DecodeError::TooLarge { limit_bytes: max_bytes })?;
    if rest == 0 {
        return Ok(out);
    }
    let total = out.len() as u64 + rest;
    drop(out);
    let mut out = Vec::with_capacity(total as usize);
    MultiGzDecoder::new(gz).take(total).read_to_end(&mut out).map_err(gzip_error)?;
    Ok(out)
}

/// Bytes left in `reader`; `None` as soon as they pass `limit`.
fn count_until(mut reader: impl Read, limit: u64) -> Result<Option<u64>, DecodeError> {
    let mut chunk = vec![0u8; 1 << 16];
    let mut total = 0u64;
    while total <= limit {
        match reader.read(&mut chunk).map_err(|e| DecodeError::Gzip(e.to_string()))? {
            0 => return Ok(Some(total)),
            n => total += n as u64,
        }
    }
    Ok(None)
}

/// Capacity guess from the gzip trailer (ISIZE, size mod 2^32). Zero when the trailer claims more
/// than deflate can reach (~1032:1) or more than the cap: such a stream is counted before anything
/// is allocated for it.
fn size_hint(gz: &[u8], max_bytes: u64) -> usize {
    let trailer = gz.len().checked_sub(4).map(|at| &gz[at..]).unwrap_or(&[0; 4]);
    let isize = u32::from_le_bytes(trailer.try_into().unwrap_or([0; 4])) as u64;
    let bound = (gz.len() as u64).saturating_mul(1032).min(max_bytes);
    if isize > bound {
        return 0;
    }
    usize::try_from(isize).unwrap_or(0)
}

/// Decodes raw (uncompressed) protobuf bytes with default options and validates the result.
pub fn decode_raw(raw: &[u8]) -> Result<Profile, DecodeError> {
    decode_raw_with(raw, &DecodeOptions::default())
}

/// Decodes raw protobuf bytes and validates the result. The framing and the memory the decoded
/// profile needs are checked first ([`wire::scan`]), so hostile bytes fail before allocating.
pub fn decode_raw_with(raw: &[u8], options: &DecodeOptions) -> Result<Profile, DecodeError> {
    let counts = checked_counts(raw, options)?;
    let mut profile = with_capacities(&counts);
    profile.merge(raw).map_err(|e| protobuf_error(raw, e))?;
    validate(&profile)?;
    Ok(profile)
}

/// [`decode_with`] into the flat layout: the same checks, values and errors, and a few allocations
/// instead of one or three per sample and location. For profiles read once, as merge inputs.
pub fn decode_flat_with(bytes: &[u8], options: &DecodeOptions) -> Result<FlatProfile, DecodeError> {
    let raw = decompress(bytes, options.max_decompressed_bytes)?;
    decode_flat_raw(&raw, options)
}

/// [`decode_flat_with`] of bytes the caller gives up: gzip is inflated and the gzip bytes are
/// dropped before the profile is decoded, so the two are never alive together with it.
pub fn decode_flat_owned(
    bytes: Vec<u8>,
    options: &DecodeOptions,
) -> Result<FlatProfile, DecodeError> {
    let limit = options.max_decompressed_bytes;
    let raw = if is_gzip(&bytes) {
        let inflated = decompress(&bytes, limit)?.into_owned();
        drop(bytes);
        inflated
    } else {
        // Checks raw bytes (empty, too large) and borrows them back.
        decompress(&bytes, limit)?;
        bytes
    };
    decode_flat_raw(&raw, options)
}

/// Raw protobuf bytes into a validated [`FlatProfile`], checked by [`wire::scan`] first.
fn decode_flat_raw(raw: &[u8], options: &DecodeOptions) -> Result<FlatProfile, DecodeError> {
    let counts = checked_counts(raw, options)?;
    let profile = FlatProfile::decode(raw, &counts).map_err(|e| protobuf_error(raw, e))?;
    validate(&profile)?;
    Ok(profile)
}

/// The counts of [`wire::scan`] once the bytes are known to be a protobuf profile whose decoded
/// form fits in `options.max_memory_bytes`.
fn checked_counts(raw: &[u8], options: &DecodeOptions) -> Result<wire::WireCounts, DecodeError> {
    if raw.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some(format) = legacy::detect(raw) {
        return Err(DecodeError::Legacy { format });
    }
    let counts = wire::scan(raw).map_err(|e| not_protobuf(raw, e))?;
    counts.check_memory(options.max_memory_bytes)?;
    Ok(counts)
}

fn protobuf_error(raw: &[u8], e: prost::DecodeError) -> DecodeError {
    not_protobuf(raw, DecodeError::Protobuf(e.to_string()))
}

/// `e`, or the text-format error when `raw` looks like a text profile.
fn not_protobuf(raw: &[u8], e: DecodeError) -> DecodeError {
    match legacy::text_start(raw) {
        Some(start) => DecodeError::Text { start },
        None => e,
    }
}

/// An empty profile whose tables have room for exactly what the bytes hold (growing by doubling
/// would leave up to half of each table unused). The counts passed the memory check.
fn with_capacities(counts: &wire::WireCounts) -> Profile {
    let exact = |n: u64| usize::try_from(n).unwrap_or(0);
    Profile {
        sample: Vec::with_capacity(exact(counts.samples)),
        location: Vec::with_capacity(exact(counts.locations)),
        function: Vec::with_capacity(exact(counts.functions)),
        mapping: Vec::with_capacity(exact(counts.mappings)),
        string_table: Vec::with_capacity(exact(counts.strings)),
        ..Profile::default()
    }
}
