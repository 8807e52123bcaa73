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

/// One gzip member holding `raw`, without time stamp or file name.
pub fn gzip(raw: &[u8], level: u32) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::with_capacity(raw.len() / 4 + 64), Compression::new(level));
    // Writing into a Vec cannot fail.
    gz.write_all(raw).expect("write to Vec");
    gz.finish().expect("write to Vec")
}
