//! The minimal profile written straight from the merge tables is the encoding of the minimal
//! profile, byte for byte, for every option that changes what is kept.

use pgoscope_pgo::{minimal_pgo_profile, minimal_pgo_raw, minimal_pgo_sizes, PgoOptions};
use pgoscope_pprof::proto::Sample;
use pgoscope_pprof::{decode, encode_raw, gzip, Profile, DEFAULT_GZIP_LEVEL};

#[test]
fn raw_minimal_profile_is_the_encoded_minimal_profile() {
    let variants = [
        PgoOptions::default(),
        PgoOptions { keep_locations: 2, aggregate_callees: false, ..PgoOptions::default() },
        PgoOptions {
            keep_locations: 64,
            keep_labels: true,
            keep_file_names: true,
            keep_mappings: true,
            keep_comments: true,
            ..PgoOptions::default()
        },
    ];
    let websvc = fixture("go/websvc-before-1.pprof");
    for (rel, p) in [
        ("websvc", websvc.clone()),
        ("websvc with samples that cancel", with_cancelling_samples(websvc)),
        ("compile-ssa", fixture("go/compile-ssa.pprof")),
    ] {
        for options in &variants {
            let profile = minimal_pgo_profile(&p, options).unwrap();
            assert!(!profile.sample.is_empty(), "{rel}");
            let raw = minimal_pgo_raw(&p, options).unwrap();
            assert!(raw == encode_raw(&profile), "{rel}, {options:?}");
            // The sizes the PGO panel shows are counted from the same bytes, never kept.
            let gzipped = gzip(&raw, DEFAULT_GZIP_LEVEL).len();
            let sizes = minimal_pgo_sizes(&p, options, DEFAULT_GZIP_LEVEL).unwrap();
            assert_eq!(sizes, (raw.len(), gzipped), "{rel}, {options:?}");
        }
    }
    let empty = pgoscope_pprof::Profile::default();
    assert_eq!(
        minimal_pgo_raw(&empty, &PgoOptions::default()).unwrap(),
        encode_raw(&minimal_pgo_profile(&empty, &PgoOptions::default()).unwrap())
    );
}

fn fixture(rel: &str) -> Profile {
    decode(&std::fs::read(pgoscope_testkit::fixtures().join(rel)).unwrap()).unwrap()
}

/// `p` with two samples on a stack of their own whose values cancel: the merge drops their sum.
fn with_cancelling_samples(mut p: Profile) -> Profile {
    let mut stack = p.sample[3].location_id.clone();
    stack.insert(0, p.location[0].id);
    for v in [9, -9] {
        p.sample.push(Sample { location_id: stack.clone(), value: vec![v, v], label: vec![] });
    }
    p
}
