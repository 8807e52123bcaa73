//! Bytes → validated [`Profile`]: gzip (magic `1f 8b`) or raw protobuf, with a cap on decompressed size.

use std::borrow::Cow;
use std::io::Read;

use flate2::read::MultiGzDecoder;
use prost::Message;

use crate::error::DecodeError;
use crate::legacy;
use crate::proto::Profile;
use crate::validate::validate;

/// Options of [`decode_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeOptions {
    /// Largest decompressed size accepted, in bytes. Default: 1 GiB. Larger → [`DecodeError::TooLarge`],
    /// checked while inflating, so a gzip bomb never allocates more than this.
    pub max_decompressed_bytes: u64,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions { max_decompressed_bytes: 1 << 30 }
    }
}

/// Decodes and validates a profile with default options.
pub fn decode(bytes: &[u8]) -> Result<Profile, DecodeError> {
    decode_with(bytes, &DecodeOptions::default())
}

/// Decodes (gzip or raw protobuf) and validates a profile.
pub fn decode_with(bytes: &[u8], options: &DecodeOptions) -> Result<Profile, DecodeError> {
    let raw = decompress(bytes, options.max_decompressed_bytes)?;
    decode_raw(&raw)
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
    let mut out = Vec::with_capacity(size_hint(bytes, max_bytes));
    MultiGzDecoder::new(bytes)
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| DecodeError::Gzip(e.to_string()))?;
    if out.len() as u64 > max_bytes {
        return Err(DecodeError::TooLarge { limit_bytes: max_bytes });
    }
    Ok(Cow::Owned(out))
}

/// Capacity guess from the gzip trailer (ISIZE, size mod 2^32), bounded by what deflate can reach
/// (~1032:1) and by the cap, so a lying trailer cannot make us allocate much.
fn size_hint(gz: &[u8], max_bytes: u64) -> usize {
    let trailer = gz.len().checked_sub(4).map(|at| &gz[at..]).unwrap_or(&[0; 4]);
    let isize = u32::from_le_bytes(trailer.try_into().unwrap_or([0; 4])) as u64;
    let bound = (gz.len() as u64).saturating_mul(1032).min(max_bytes);
    isize.min(bound).min(usize::MAX as u64) as usize
}

/// Decodes raw (uncompressed) protobuf bytes and validates the result.
pub fn decode_raw(raw: &[u8]) -> Result<Profile, DecodeError> {
    if raw.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some(format) = legacy::detect(raw) {
        return Err(DecodeError::Legacy { format });
    }
    let profile = Profile::decode(raw).map_err(|e| match legacy::text_start(raw) {
        Some(start) => DecodeError::Text { start },
        None => DecodeError::Protobuf(e.to_string()),
    })?;
    validate(&profile)?;
    Ok(profile)
}
