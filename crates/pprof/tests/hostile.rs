//! Hostile and huge inputs: each is refused with an error naming the problem, before it costs
//! memory, or decodes within the memory the wire scan predicted.

use pgoscope_testkit as common;

use common::hostile;
use pgoscope_pprof::{decode, decode_raw_with, decode_with, wire, DecodeError, DecodeOptions};

#[test]
fn a_gzip_bomb_past_10_gib_stops_at_the_cap() {
    let bomb = hostile::gzip_bomb(640);
    assert!(bomb.len() < 12 << 20, "the bomb is {} bytes", bomb.len());
    let options = DecodeOptions { max_decompressed_bytes: 64 << 20, ..Default::default() };
    let err = decode_with(&bomb, &options).unwrap_err();
    assert_eq!(err, DecodeError::TooLarge { limit_bytes: 64 << 20 });
}

#[test]
fn a_length_that_lies_is_named_with_its_offset() {
    let bytes = hostile::lying_length();
    let err = decode(&bytes).unwrap_err();
    let DecodeError::Framing { offset, what } = &err else { panic!("{err}") };
    assert_eq!(*offset, hostile::header(3).len());
    assert!(what.contains("Profile field 2 claims 1099511627776 bytes"), "{err}");
}

#[test]
fn a_varint_that_never_ends_is_named() {
    let err = decode(&hostile::lying_varint()).unwrap_err();
    assert!(
        err.to_string()
            .contains("Sample.location_id (field 1): a packed varint longer than 10 bytes"),
        "{err}"
    );
}

#[test]
fn ten_million_strings_decode_within_the_predicted_memory() {
    let bytes = hostile::many_strings(10_000_000);
    let counts = wire::scan(&bytes).unwrap();
    assert_eq!(counts.strings, 10_000_000 + 3 + 3);
    let profile = decode(&bytes).unwrap();
    assert_eq!(profile.string_table.len() as u64, counts.strings);
    let held: u64 = profile.string_table.iter().map(|s| 24 + s.capacity() as u64).sum();
    assert!(held <= counts.decoded_bytes(), "{held} > {}", counts.decoded_bytes());
    // A tighter budget refuses the same bytes before decoding them.
    let tight = DecodeOptions { max_memory_bytes: 100 << 20, ..Default::default() };
    let err = decode_raw_with(&bytes, &tight).unwrap_err();
    assert!(err.to_string().contains("10000006 strings); the limit is 100 MiB"), "{err}");
}

#[test]
fn a_million_samples_of_1000_frames_are_refused_before_decoding() {
    let gz = hostile::deep_samples(1_000_000, 1000, Vec::new()).unwrap();
    let err = decode(&gz).unwrap_err();
    let DecodeError::TooManyItems { samples, frames, needed_bytes, .. } = err else {
        panic!("{err}")
    };
    assert_eq!((samples, frames), (1_000_000, 1_000_000_000));
    assert!(needed_bytes > 8_000_000_000, "{needed_bytes}");
}

#[test]
fn a_gigabyte_of_zeros_is_not_protobuf() {
    let zeros = vec![0u8; 1 << 30];
    let err = decode(&zeros).unwrap_err();
    assert!(err.to_string().contains("at byte 0, Profile: field number 0"), "{err}");
}

#[test]
fn duplicate_ids_are_named() {
    let err = decode(&hostile::duplicate_ids()).unwrap_err();
    assert!(err.to_string().contains("two locations have the same id 1"), "{err}");
}

#[test]
fn deep_mutual_recursion_decodes() {
    let profile = decode(&hostile::recursion(1000)).unwrap();
    assert_eq!(profile.sample[0].location_id.len(), 1000);
}
