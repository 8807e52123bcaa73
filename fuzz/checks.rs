//! What each fuzz target asserts, shared with the regression test that replays every input in
//! `fuzz/regressions/<target>/` (`crates/cli/tests/fuzz_regressions.rs`). Each check returns
//! normally or panics: a panic is a finding.

use pgoscope_fetch::{parse_deep_link, parse_time, with_labels};
use pgoscope_flame::CallTree;
use pgoscope_pgo::{
    devirtualization_sites, minimal_pgo_profile, minimal_pgo_raw, preprofile_text, read_build_info,
    EdgeGraph, PgoOptions,
};
use pgoscope_pprof::{
    decode, decode_flat_with, decode_raw, encode, encode_raw, encoded_len, merge, sample_total,
    top, validate, DecodeOptions, FunctionFrames, MergeOptions, Merger, SortBy,
};

/// Any bytes: decode never panics; the flat decoder gives the same profile or the same error; a
/// decoded profile re-encodes to bytes that decode to itself.
pub fn decode_round_trip(data: &[u8]) {
    let decoded = decode(data);
    let flat = decode_flat_with(data, &DecodeOptions::default());
    if let Ok(flat) = &flat {
        assert_eq!(
            Ok(flat.encoded_len()),
            decoded.as_ref().map(encoded_len),
            "flat encoded length"
        );
    }
    let flat = flat.map(|f| f.to_profile());
    assert!(flat == decoded, "the flat decoder disagrees: {flat:?} vs {decoded:?}");
    if let Ok(profile) = decoded {
        let again =
            decode_raw(&encode_raw(&profile)).expect("a decoded profile re-encodes validly");
        assert!(again == profile, "encode/decode round trip changed the profile");
    }
}

/// Any bytes that decode: merging a profile with itself stays valid and doubles every total (or
/// saturates), and merging its flat form gives the same; top and the call tree never panic on it.
pub fn merge_with_itself(data: &[u8]) {
    let Ok(profile) = decode(data) else { return };
    let merged = merge(&[profile.clone(), profile.clone()], &MergeOptions::default())
        .expect("a profile merges with itself");
    let flat = decode_flat_with(data, &DecodeOptions::default()).expect("the flat decoder agrees");
    let merger = || {
        let mut merger = Merger::new(MergeOptions::default());
        merger
            .add(&flat)
            .and_then(|()| merger.add(&flat))
            .expect("a flat profile merges with itself");
        merger
    };
    assert!(merger().finish().as_ref() == Ok(&merged), "merging flat profiles differs");
    let flat_merge = merger().finish_flat().map(|f| f.to_profile());
    assert!(flat_merge.as_ref() == Ok(&merged), "the flat merge differs");
    validate(&merged).expect("the merge of valid profiles is valid");
    for index in 0..profile.sample_type.len() {
        let (one, two) = (sample_total(&profile, index), sample_total(&merged, index));
        if let Some(double) = one.checked_mul(2) {
            assert_eq!(double, two, "merged total of sample type {index}");
        }
        let _ = top(&merged, index, SortBy::Flat);
        let _ = CallTree::build(&merged, index);
        // Views read the flat decode: the same tree and top table as from prost's profile.
        let frames = FunctionFrames::new(&flat);
        let from_flat = CallTree::build_with_frames(&flat, &frames, index);
        assert!(from_flat == CallTree::build(&profile, index), "flat call tree differs");
        assert!(top(&flat, index, SortBy::Flat) == top(&profile, index, SortBy::Flat));
    }
}

/// Any bytes that decode: the default.pgo writer gives a valid profile with the same edge graph
/// (hence the same hot call sites) as its input.
pub fn pgo_writer_keeps_edges(data: &[u8]) {
    let Ok(profile) = decode(data) else { return };
    let Ok(graph) = EdgeGraph::build(&profile) else { return };
    for site in devirtualization_sites(&graph) {
        assert!(site.callees.len() >= 2, "a devirtualization site has two or more callees");
        let _ = site.verdict();
    }
    let minimal = minimal_pgo_profile(&profile, &PgoOptions::default()).expect("graph built");
    let flat = decode_flat_with(data, &DecodeOptions::default()).expect("the flat decoder agrees");
    assert!(EdgeGraph::build(&flat).as_ref() == Ok(&graph), "flat edge graph differs");
    let raw = minimal_pgo_raw(&flat, &PgoOptions::default()).expect("graph built");
    assert!(raw == encode_raw(&minimal), "default.pgo of the flat decode differs");
    let written = decode(&encode(&minimal)).expect("default.pgo decodes");
    let again = EdgeGraph::build(&written).expect("default.pgo has a graph");
    assert_eq!(preprofile_text(&graph), preprofile_text(&again), "default.pgo lost edges");
}

/// Any bytes: reading Go build information never panics.
pub fn build_info(data: &[u8]) {
    if let Ok(info) = read_build_info(data) {
        let _ = info.go_version_m("fuzz");
    }
}

/// Any text: Grafana deep links, relative times and label selectors never panic.
pub fn deep_link(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let now_ms = 1_763_999_999_000;
    let _ = parse_time(&text, now_ms);
    if let Ok(link) = parse_deep_link(&text, now_ms) {
        let _ = format!("{link:?}");
    }
    let _ = with_labels(&text, &[("pod", "a\"b"), (&text, &text)]);
}
