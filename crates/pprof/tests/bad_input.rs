//! Every kind of bad input gives a clear error naming the problem, never a panic.

use pgoscope_testkit as common;

use std::io::Write;

use common::Builder;
use pgoscope_pprof::{
    decode, decode_with, encode, encode_raw, DecodeError, DecodeOptions, ValidationError,
};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// Deterministic pseudo-random bytes (xorshift).
fn random_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn every_fixture_truncated_at_every_tenth_is_an_error() {
    for (name, bytes) in common::proto_fixtures() {
        let raw = encode_raw(&decode(&bytes).unwrap());
        for input in [&bytes, &raw] {
            for tenth in 0..10 {
                let cut = &input[..input.len() * tenth / 10];
                let err = decode(cut).expect_err(&format!("{name} cut at {tenth}/10"));
                assert!(!err.to_string().is_empty());
                if tenth == 0 {
                    assert_eq!(err, DecodeError::Empty);
                }
            }
        }
    }
}

#[test]
fn random_bytes_are_an_error() {
    for seed in 1..200u64 {
        let bytes = random_bytes(seed, 64 + seed as usize * 37);
        assert!(decode(&bytes).is_err(), "seed {seed}");
    }
}

#[test]
fn gzip_of_garbage_is_an_error() {
    let err = decode(&gzip(b"this is certainly not a protobuf, just text\n")).unwrap_err();
    assert!(matches!(err, DecodeError::Text { .. } | DecodeError::Invalid(_)), "{err}");
    let err = decode(b"<html><body>502 Bad Gateway</body></html>").unwrap_err();
    assert!(err.to_string().contains("the file is text, starting with \"<html>"), "{err}");
    let err = decode(&[0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad]).unwrap_err();
    assert!(matches!(err, DecodeError::Gzip(_)), "{err}");
}

#[test]
fn gzip_expanding_past_the_cap_is_too_large() {
    let bomb = gzip(&vec![0u8; 8 << 20]);
    assert!(bomb.len() < 100_000);
    let options = DecodeOptions { max_decompressed_bytes: 1 << 20, ..Default::default() };
    let err = decode_with(&bomb, &options).unwrap_err();
    assert_eq!(err, DecodeError::TooLarge { limit_bytes: 1 << 20 });
    assert!(err.to_string().contains("1048576 bytes"), "{err}");
}

#[test]
fn sample_naming_a_missing_location_is_named() {
    let mut p = Builder::default().sample(&["main.f"], 1).build();
    p.sample[0].location_id.push(99);
    let err = decode(&encode(&p)).unwrap_err();
    assert_eq!(
        err,
        DecodeError::Invalid(ValidationError::DanglingLocation { sample: 0, location_id: 99 })
    );
    assert!(err.to_string().contains("location 99"), "{err}");
}

#[test]
fn string_index_out_of_range_is_named() {
    let mut p = Builder::default().sample(&["main.f"], 1).build();
    p.function[0].name = 1000;
    let err = decode(&encode(&p)).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("function 1 name") && msg.contains("1000"), "{msg}");
}

#[test]
fn structural_errors_are_named() {
    let base = Builder::default().sample(&["main.f", "main.main"], 1).build();
    type Corruption = Box<dyn Fn(&mut pgoscope_pprof::Profile)>;
    let cases: Vec<(Corruption, &str)> = vec![
        (Box::new(|p| p.string_table[0] = "x".into()), "string_table[0]"),
        (Box::new(|p| p.sample[0].value.push(3)), "2 values but the profile has 1"),
        (Box::new(|p| p.function[1].id = 1), "two functions have the same id 1"),
        (Box::new(|p| p.location[0].id = 0), "location with reserved id 0"),
        (Box::new(|p| p.location[0].mapping_id = 7), "mapping 7"),
        (Box::new(|p| p.location[0].line[0].function_id = 9), "function 9"),
        (Box::new(|p| p.location[0].line[0].function_id = 0), "line without a function"),
        (Box::new(|p| p.sample_type.clear()), "no sample types"),
    ];
    for (corrupt, expected) in cases {
        let mut p = base.clone();
        corrupt(&mut p);
        let err = decode(&encode_raw(&p)).unwrap_err().to_string();
        assert!(err.contains(expected), "{err:?} should mention {expected:?}");
    }
}

#[test]
fn legacy_formats_are_named_with_how_to_convert() {
    let dir = common::fixtures().join("pprof-testdata");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !path.is_file()
            || name.ends_with(".string")
            || ["LICENSE", "README.md"].contains(&&*name)
        {
            continue;
        }
        let err = decode(&std::fs::read(&path).unwrap()).unwrap_err();
        if name == "fuzz-empty.pb" {
            assert_eq!(err, DecodeError::Empty);
            continue;
        }
        assert!(matches!(err, DecodeError::Legacy { .. }), "{name}: {err}");
        assert!(err.to_string().contains("go tool pprof -proto"), "{name}: {err}");
        seen += 1;
    }
    assert!(seen >= 14, "legacy fixtures checked: {seen}");
}

#[test]
fn empty_gzip_is_no_data() {
    assert_eq!(decode(&gzip(b"")).unwrap_err(), DecodeError::Empty);
}
