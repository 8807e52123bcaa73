//! The minimal profile written straight from the merge tables is the encoding of the minimal
//! profile, byte for byte, for every option that changes what is kept.

use pgoscope_pgo::{minimal_pgo_profile, minimal_pgo_raw, PgoOptions};
use pgoscope_pprof::{decode, encode_raw};

#[path = "../../pprof/tests/common/fixtures_dir.rs"]
mod fixtures_dir;

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
    for rel in ["go/websvc-before-1.pprof", "go/compile-ssa.pprof"] {
        let p = decode(&std::fs::read(fixtures_dir::fixtures().join(rel)).unwrap()).unwrap();
        for options in &variants {
            let profile = minimal_pgo_profile(&p, options).unwrap();
            assert!(!profile.sample.is_empty(), "{rel}");
            let raw = minimal_pgo_raw(&p, options).unwrap();
            assert!(raw == encode_raw(&profile), "{rel}, {options:?}");
        }
    }
    let empty = pgoscope_pprof::Profile::default();
    assert_eq!(
        minimal_pgo_raw(&empty, &PgoOptions::default()).unwrap(),
        encode_raw(&minimal_pgo_profile(&empty, &PgoOptions::default()).unwrap())
    );
}
