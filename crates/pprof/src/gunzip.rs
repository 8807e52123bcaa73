//! One-call gunzip into a buffer of the size the gzip trailer gives.
//!
//! Inflating through `io::Read` hands zlib the output a piece at a time, and zlib then copies the
//! last 32 KiB of each piece into its window: on a fleet merge that copy cost as much as inflating.
//! Given the whole input and room for the whole output, zlib finishes in one call and keeps no
//! window. This path only takes streams it can check completely (each member's header, CRC-32
//! and size); anything else returns `None` and goes the general way (`decode::inflate`), which
//! also names what is wrong.

use flate2::{Crc, Decompress, FlushDecompress, Status};

/// Header flags of RFC 1952.
const FHCRC: u8 = 2;
const FEXTRA: u8 = 4;
const FNAME: u8 = 8;
const FCOMMENT: u8 = 16;
const RESERVED: u8 = 0xe0;

/// The members of `gz` inflated into one buffer of exactly `capacity` bytes' room, or `None` when
/// they do not fit, are not well-formed gzip, or fail their checks.
pub(crate) fn gunzip_exact(gz: &[u8], capacity: usize) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(capacity);
    let mut rest = gz;
    while !rest.is_empty() {
        let body = &rest[header_len(rest)?..];
        let start = out.len();
        let mut inflater = Decompress::new(false);
        let status = inflater.decompress_vec(body, &mut out, FlushDecompress::Finish).ok()?;
        if status != Status::StreamEnd {
            return None; // truncated, or more than `capacity`
        }
        let used = usize::try_from(inflater.total_in()).ok()?;
        let trailer = body.get(used..used + 8)?;
        let mut crc = Crc::new();
        crc.update(&out[start..]);
        let (sum, size) = trailer.split_at(4);
        let member_len = (out.len() - start) as u32; // ISIZE is the size mod 2^32
        if sum != crc.sum().to_le_bytes() || size != member_len.to_le_bytes() {
            return None;
        }
        rest = &body[used + 8..];
    }
    Some(out)
}

/// Length of the member header at the start of `gz`, or `None` when it is not one.
fn header_len(gz: &[u8]) -> Option<usize> {
    let fixed = gz.get(..10)?;
    let flags = fixed[3];
    if fixed[..3] != [0x1f, 0x8b, 8] || flags & RESERVED != 0 {
        return None;
    }
    let mut at = 10;
    if flags & FEXTRA != 0 {
        let len = u16::from_le_bytes(gz.get(at..at + 2)?.try_into().ok()?) as usize;
        at += 2 + len;
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            at += gz.get(at..)?.iter().position(|&b| b == 0)? + 1;
        }
    }
    if flags & FHCRC != 0 {
        at += 2;
    }
    (at <= gz.len()).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip_with(raw: &[u8], header: flate2::GzBuilder) -> Vec<u8> {
        let mut encoder = header.write(Vec::new(), flate2::Compression::fast());
        encoder.write_all(raw).unwrap();
        encoder.finish().unwrap()
    }

    fn sample() -> Vec<u8> {
        (0..200_000u32).flat_map(|i| (i % 977).to_le_bytes()).collect()
    }

    #[test]
    fn inflates_members_with_every_header_field() {
        let raw = sample();
        let plain = crate::gzip(&raw, 6);
        assert_eq!(gunzip_exact(&plain, raw.len()).unwrap(), raw);
        let named =
            flate2::GzBuilder::new().filename("cpu.pprof").comment("c").extra(vec![1, 2, 3]);
        let fancy = gzip_with(&raw, named);
        let two = [fancy.clone(), plain].concat();
        assert_eq!(gunzip_exact(&two, raw.len() * 2).unwrap(), [&raw[..], &raw[..]].concat());
    }

    #[test]
    fn refuses_what_it_cannot_check_completely() {
        let raw = sample();
        let gz = crate::gzip(&raw, 6);
        assert!(gunzip_exact(&gz, raw.len() - 1).is_none(), "more than the room");
        assert!(gunzip_exact(&gz[..gz.len() - 3], raw.len()).is_none(), "truncated trailer");
        assert!(gunzip_exact(&gz[..gz.len() / 2], raw.len()).is_none(), "truncated stream");
        let mut bad_crc = gz.clone();
        let at = bad_crc.len() - 8;
        bad_crc[at] ^= 1;
        assert!(gunzip_exact(&bad_crc, raw.len()).is_none(), "CRC");
        let mut garbage = gz.clone();
        garbage.extend_from_slice(b"junk");
        assert!(gunzip_exact(&garbage, raw.len() + 4).is_none(), "trailing bytes");
        assert!(gunzip_exact(b"\x1f\x8b\x08\xe0", 10).is_none(), "reserved flags");
    }
}
