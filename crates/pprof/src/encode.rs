//! [`Profile`] → bytes. Output is deterministic: equal profiles give equal bytes (the gzip header
//! carries no time stamp or file name).

use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;
use prost::Message;

use crate::proto::Profile;

/// The gzip level [`encode`] uses: fast, as `go tool pprof -proto` favours speed too.
pub const DEFAULT_GZIP_LEVEL: u32 = 1;

/// Size of the raw protobuf encoding, computed without encoding.
pub fn encoded_len(profile: &Profile) -> usize {
    profile.encoded_len()
}

/// Raw protobuf bytes.
pub fn encode_raw(profile: &Profile) -> Vec<u8> {
    profile.encode_to_vec()
}

/// gzip-compressed protobuf at [`DEFAULT_GZIP_LEVEL`].
pub fn encode(profile: &Profile) -> Vec<u8> {
    encode_with_level(profile, DEFAULT_GZIP_LEVEL)
}

/// gzip-compressed protobuf at `level` (0 = store, 9 = smallest).
pub fn encode_with_level(profile: &Profile, level: u32) -> Vec<u8> {
    gzip(&encode_raw(profile), level)
}

/// Size of [`gzip`]'s output, counted as it is written instead of kept.
pub fn gzip_len(raw: &[u8], level: u32) -> usize {
    let mut counter = GzipCounter::new(level);
    counter.write(raw);
    counter.finish().1
}

/// Sizes of bytes given a piece at a time, as they are and as [`gzip`] would write them, counted
/// instead of kept.
pub struct GzipCounter {
    raw: usize,
    gz: GzEncoder<Count>,
}

/// Counts what is written to it.
struct Count(usize);

impl Write for Count {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl GzipCounter {
    pub fn new(level: u32) -> Self {
        GzipCounter { raw: 0, gz: GzEncoder::new(Count(0), Compression::new(level)) }
    }

    pub fn write(&mut self, bytes: &[u8]) {
        self.raw += bytes.len();
        // Counting cannot fail.
        self.gz.write_all(bytes).expect("count");
    }

    /// (bytes written, bytes of their gzip member).
    pub fn finish(self) -> (usize, usize) {
        (self.raw, self.gz.finish().expect("count").0)
    }
}

/// One gzip member holding `raw`, without time stamp or file name.
pub fn gzip(raw: &[u8], level: u32) -> Vec<u8> {
    gzip_into(raw, level, Vec::with_capacity(raw.len() / 4 + 64))
}

/// [`gzip`] written into `out` (cleared first), whose memory is reused.
pub fn gzip_into(raw: &[u8], level: u32, mut out: Vec<u8>) -> Vec<u8> {
    out.clear();
    let mut gz = GzEncoder::new(out, Compression::new(level));
    // Writing into a Vec cannot fail.
    gz.write_all(raw).expect("write to Vec");
    gz.finish().expect("write to Vec")
}

/// Bytes of a packed varint field `tag` holding `values` (none when there are none), as prost
/// writes it.
pub(crate) fn packed_varints_len(tag: u32, values: impl Iterator<Item = u64>) -> usize {
    let (mut count, mut body) = (0usize, 0usize);
    for v in values {
        count += 1;
        body += prost::encoding::encoded_len_varint(v);
    }
    if count == 0 {
        return 0;
    }
    prost::encoding::key_len(tag) + prost::encoding::encoded_len_varint(body as u64) + body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_len_counts_what_gzip_writes() {
        let raw: Vec<u8> =
            (0..200_000u32).flat_map(|i| i.wrapping_mul(2_654_435_761).to_le_bytes()).collect();
        for level in [0, 1, 6, 9] {
            assert_eq!(gzip_len(&raw, level), gzip(&raw, level).len(), "level {level}");
        }
    }
}
