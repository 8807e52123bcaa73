//! Damaged Go profiles are refused with the damage named: seeded single-bit flips, byte flips,
//! truncations and duplicated ranges of every Go fixture, decoded by both decoders. A refusal names
//! a byte offset (framing) or a validation rule; it never calls a binary profile text or a legacy
//! format, and never passes prost's bare message through.

use pgoscope_testkit as common;

use pgoscope_pprof::{decode_flat_with, decode_raw, decompress, DecodeError, DecodeOptions};

/// Deterministic pseudo-random numbers (xorshift64).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Go runtime fixtures, decompressed: (name, raw protobuf).
fn go_profiles() -> Vec<(String, Vec<u8>)> {
    let profiles: Vec<(String, Vec<u8>)> = common::proto_fixtures()
        .into_iter()
        .filter(|(name, _)| name.ends_with(".pprof"))
        .map(|(name, gz)| (name, decompress(&gz, u64::MAX).unwrap().into_owned()))
        .collect();
    assert!(profiles.len() >= 5, "expected the Go fixtures, found {}", profiles.len());
    profiles
}

/// What a refusal must look like; `Err` says what is wrong with it.
fn well_named(e: &DecodeError) -> Result<(), String> {
    let message = e.to_string();
    match e {
        DecodeError::Framing { .. } if message.contains(" at byte ") => Ok(()),
        DecodeError::Invalid(_) => Ok(()),
        DecodeError::Text { .. } | DecodeError::Legacy { .. } => {
            Err(format!("a binary profile called text or legacy: {message}"))
        }
        _ => Err(format!("no byte offset or validation rule: {message}")),
    }
}

/// Decodes `bytes` with both decoders; a refusal must be well named and the same for both.
fn check(bytes: &[u8], what: &str, refusals: &mut usize) {
    let options = DecodeOptions::default();
    let profile = decode_raw(bytes).err();
    let flat = decode_flat_with(bytes, &options).err();
    assert_eq!(
        profile.as_ref().map(ToString::to_string),
        flat.as_ref().map(ToString::to_string),
        "{what}: the two decoders disagree"
    );
    if let Some(e) = profile {
        *refusals += 1;
        if let Err(problem) = well_named(&e) {
            panic!("{what}: {problem}");
        }
    }
}

#[test]
fn single_bit_flips_are_named_with_an_offset_or_a_rule() {
    let mut refusals = 0;
    for (name, raw) in go_profiles() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ raw.len() as u64);
        for _ in 0..300 {
            let (at, bit) = (rng.below(raw.len()), rng.below(8));
            let mut bytes = raw.clone();
            bytes[at] ^= 1 << bit;
            check(&bytes, &format!("{name}: bit {bit} of byte {at} flipped"), &mut refusals);
        }
    }
    assert!(refusals > 100, "too few flips were refused ({refusals}) to show anything");
}

#[test]
fn byte_flips_truncations_and_duplicated_ranges_are_named() {
    let mut refusals = 0;
    for (name, raw) in go_profiles() {
        let len = raw.len();
        for i in 0..150 {
            let at = i * len / 150;
            let mut bytes = raw.clone();
            bytes[at] ^= 0xff;
            check(&bytes, &format!("{name}: byte {at} ^= 0xff"), &mut refusals);
        }
        for i in 1..60 {
            let cut = i * len / 60;
            check(&raw[..cut], &format!("{name}: cut at {cut}"), &mut refusals);
        }
        let mut rng = Rng(0x2545_f491_4f6c_dd1d ^ len as u64);
        for _ in 0..60 {
            let start = rng.below(len);
            let end = (start + 1 + rng.below(64)).min(len);
            let mut bytes = raw[..end].to_vec();
            bytes.extend_from_slice(&raw[start..]);
            check(&bytes, &format!("{name}: bytes {start}..{end} repeated"), &mut refusals);
        }
    }
    assert!(refusals > 100, "too few damaged files were refused ({refusals}) to show anything");
}

#[test]
fn the_reported_flip_names_line_and_offset() {
    // Issue 21's reproduction: websvc-before-1.pprof, byte 23,646 ^= 0xff, was called text ("H…").
    let gz = common::read_fixture("go/websvc-before-1.pprof");
    let mut bytes = decompress(&gz, u64::MAX).unwrap().into_owned();
    bytes[23_646] ^= 0xff;
    let message = decode_raw(&bytes).unwrap_err().to_string();
    assert!(message.contains(" at byte 2364"), "{message}");
    assert!(!message.contains("text"), "{message}");
}
