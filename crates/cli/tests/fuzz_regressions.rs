//! Replays every input the fuzzers ever found (`fuzz/regressions/<target>/`) and every seed kind
//! through the same checks the fuzz targets run (`fuzz/checks.rs`), so a fixed finding stays fixed.

#[path = "../../../fuzz/checks.rs"]
mod checks;
use pgoscope_testkit as common;

use std::path::Path;

/// Runs `check` on every file of `fuzz/regressions/<target>/`; returns how many there were.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions").join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else { return 0 };
    let mut count = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        eprintln!("replaying {}", path.display());
        check(&bytes);
        count += 1;
    }
    count
}

#[test]
fn every_fuzz_finding_stays_fixed() {
    let replayed = replay("decode", checks::decode_round_trip)
        + replay("merge", checks::merge_with_itself)
        + replay("pgo_writer", checks::pgo_writer_keeps_edges)
        + replay("buildinfo", checks::build_info)
        + replay("deep_link", checks::deep_link);
    eprintln!("{replayed} fuzz findings replayed");
}

#[test]
fn the_checks_hold_on_the_fixtures() {
    for file in common::proto_fixture_paths() {
        let bytes = std::fs::read(file).unwrap();
        checks::decode_round_trip(&bytes);
        checks::merge_with_itself(&bytes);
        checks::pgo_writer_keeps_edges(&bytes);
    }
    checks::deep_link(b"#/?pyroscope=http://p&query={}&from=now-1h&to=now&var-pod=a");
}
