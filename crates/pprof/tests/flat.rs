//! The flat layout decodes, validates, summarizes and merges exactly like the prost-decoded
//! profile: same values, same errors.

use pgoscope_testkit as common;

use pgoscope_pprof::{
    decode_flat_owned, decode_flat_with, decode_with, encode_raw, encoded_len, merge, summarize,
    DecodeOptions, FlatProfile, LocationIds, MergeOptions, Merger, Profile, ProfileData,
};

fn both(bytes: &[u8]) -> (Result<Profile, String>, Result<FlatProfile, String>) {
    let options = DecodeOptions::default();
    let prost = decode_with(bytes, &options).map_err(|e| e.to_string());
    let flat = decode_flat_with(bytes, &options).map_err(|e| e.to_string());
    // Decoding bytes given up (the worker's first file) is the same decode.
    let owned = decode_flat_owned(bytes.to_vec(), &options).map_err(|e| e.to_string());
    assert!(owned == flat, "decode_flat_owned differs");
    (prost, flat)
}

#[test]
fn every_fixture_decodes_to_the_same_profile_and_summary() {
    for (name, bytes) in common::proto_fixtures() {
        let (prost, flat) = both(&bytes);
        let (prost, flat) = (prost.unwrap(), flat.unwrap());
        assert_eq!(flat.to_profile(), prost, "{name}");
        assert_eq!(flat.encoded_len(), encoded_len(&prost), "{name}");
        assert_eq!(FlatProfile::from_profile(prost.clone()), flat, "{name}");
        assert_eq!(summarize(&flat), summarize(&prost), "{name}");
        assert_eq!(flat.sample_count(), prost.sample.len(), "{name}");
        let stacks: Vec<Vec<u64>> = flat.samples().map(|s| s.location_ids.to_vec()).collect();
        let expected: Vec<Vec<u64>> = prost.sample.iter().map(|s| s.location_id.clone()).collect();
        assert_eq!(stacks, expected, "{name}");
    }
}

#[test]
fn merging_flat_profiles_gives_the_merge_of_decoded_ones() {
    let websvc: Vec<Vec<u8>> = common::proto_fixtures()
        .into_iter()
        .filter(|(name, _)| name.starts_with("websvc"))
        .map(|(_, bytes)| bytes)
        .collect();
    assert_eq!(websvc.len(), 7);
    let pods: Vec<Vec<u8>> = ["a", "b", "a"]
        .iter()
        .map(|pod| {
            let mut b = common::Builder::default();
            b.labeled(&["main.main", "main.work"], 5, &[("pod", pod)]).sample(&["main.main"], 2);
            pgoscope_pprof::encode(&b.build())
        })
        .collect();
    for (inputs, drop_labels) in [(&websvc, false), (&pods, false), (&pods, true)] {
        let options = MergeOptions { drop_labels, ..Default::default() };
        let decoded: Vec<Profile> = inputs.iter().map(|b| both(b).0.unwrap()).collect();
        let merger = || {
            let mut merger = Merger::new(options.clone());
            for bytes in inputs {
                merger.add(&both(bytes).1.unwrap()).unwrap();
            }
            merger
        };
        let expected = merge(&decoded, &options).unwrap();
        assert_eq!(merger().finish_flat().unwrap().to_profile(), expected, "{options:?}");
        assert_eq!(merger().finish().unwrap(), expected, "{options:?}");
    }
}

#[test]
fn truncated_and_corrupted_bytes_give_the_same_errors() {
    for (name, bytes) in common::proto_fixtures() {
        let raw = encode_raw(&both(&bytes).0.unwrap());
        let step = (raw.len() / 97).max(1);
        for at in (0..raw.len()).step_by(step) {
            let cut = &raw[..at];
            assert_eq!(both(cut).0, both(cut).1.map(|f| f.to_profile()), "{name} cut at {at}");
            let mut flipped = raw.clone();
            flipped[at] ^= 0x5a;
            let (prost, flat) = both(&flipped);
            assert_eq!(prost, flat.map(|f| f.to_profile()), "{name} byte {at} flipped");
        }
    }
}

#[test]
fn hostile_inputs_give_the_same_errors() {
    use common::hostile;
    for (what, bytes) in [
        ("lying length", hostile::lying_length()),
        ("lying varint", hostile::lying_varint()),
        ("duplicate ids", hostile::duplicate_ids()),
        ("recursion", hostile::recursion(200)),
        ("gzip bomb", hostile::gzip_bomb(2)),
    ] {
        let (prost, flat) = both(&bytes);
        assert_eq!(prost.is_ok(), what == "recursion", "{what}");
        assert_eq!(prost, flat.map(|f| f.to_profile()), "{what}");
    }
}

#[test]
fn location_ids_past_three_and_four_bytes_widen_the_flat_column_and_read_the_same() {
    let mut b = common::Builder::default();
    b.sample(&["main.main", "main.work"], 5).sample(&["main.main"], 2);
    let mut p = b.build();
    let packed = decode_flat_with(&encode_raw(&p), &DecodeOptions::default()).unwrap();
    assert!(packed.samples().all(|s| matches!(s.location_ids, LocationIds::Packed(_))));
    // One location renumbered past three bytes, then past four: the whole column widens.
    let width = |ids: LocationIds| match ids {
        LocationIds::Packed(_) => 3,
        LocationIds::Narrow(_) => 4,
        LocationIds::Wide(_) => 8,
    };
    for (big, bytes) in [((1u64 << 24) + 3, 4), ((1u64 << 40) + 3, 8)] {
        let old = p.location[0].id;
        p.location[0].id = big;
        for s in &mut p.sample {
            s.location_id.iter_mut().filter(|id| **id == old).for_each(|id| *id = big);
        }
        let wide = decode_flat_with(&encode_raw(&p), &DecodeOptions::default()).unwrap();
        assert_eq!(wide.to_profile(), p);
        assert!(wide.samples().all(|s| width(s.location_ids) == bytes), "{big}");
        assert!(wide.samples().any(|s| s.location_ids.iter().any(|id| id == big)));
        assert_eq!(wide.encoded_len(), encoded_len(&p));
    }
}
