//! decode → encode → decode gives the same profile, for every fixture, raw and gzip.

use pgoscope_testkit as common;

use pgoscope_pprof::{decode, encode, encode_raw, encode_with_level};

#[test]
fn decode_encode_decode_is_identity_for_all_fixtures() {
    for (name, bytes) in common::proto_fixtures() {
        let first = decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!first.sample.is_empty(), "{name} has samples");
        for encoded in [encode(&first), encode_raw(&first), encode_with_level(&first, 9)] {
            let again = decode(&encoded).unwrap_or_else(|e| panic!("{name} re-decoded: {e}"));
            assert_eq!(first, again, "{name}");
        }
    }
}

#[test]
fn encoding_is_stable() {
    for (name, bytes) in common::proto_fixtures() {
        let p = decode(&bytes).unwrap();
        assert_eq!(encode(&p), encode(&p.clone()), "{name}");
        assert_eq!(encode(&p), encode(&decode(&encode(&p)).unwrap()), "{name}");
    }
}

#[test]
fn unpacked_repeated_scalars_decode_like_packed_ones() {
    // Sample { location_id: [1, 2] unpacked (tag 1 varint twice), value: [7] unpacked (tag 2) }.
    let sample: &[u8] = &[0x08, 0x01, 0x08, 0x02, 0x10, 0x07];
    let mut raw = vec![0x12, sample.len() as u8];
    raw.extend_from_slice(sample);
    let packed = {
        let mut b = common::Builder::default();
        b.sample(&["a", "b"], 7);
        b.build()
    };
    let mut p = packed.clone();
    p.sample.clear();
    let mut bytes = encode_raw(&p);
    bytes.extend_from_slice(&raw);
    let decoded = decode(&bytes).expect("unpacked sample decodes");
    assert_eq!(decoded.sample, packed.sample);
}

#[test]
fn decoded_tables_and_stacks_take_exactly_their_length() {
    for (name, bytes) in common::proto_fixtures() {
        let p = decode(&bytes).unwrap();
        assert_eq!(p.sample.capacity(), p.sample.len(), "{name}: samples");
        assert_eq!(p.location.capacity(), p.location.len(), "{name}: locations");
        assert_eq!(p.function.capacity(), p.function.len(), "{name}: functions");
        assert_eq!(p.string_table.capacity(), p.string_table.len(), "{name}: strings");
        for l in p.location.iter().filter(|l| l.line.len() == 1) {
            assert_eq!(l.line.capacity(), 1, "{name}: a location's one line");
        }
        for s in &p.sample {
            assert_eq!(s.location_id.capacity(), s.location_id.len(), "{name}: a stack");
            assert_eq!(s.value.capacity(), s.value.len(), "{name}: values");
        }
    }
}
