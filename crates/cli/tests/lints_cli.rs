//! Profiles that cannot work for PGO get a lint or an error that says why.

use pgoscope_testkit as common;

use common::{fixtures, pgoscope, run_ok, scratch};
use pgoscope_pprof::{decode, encode};
use serde_json::Value;

fn hot_lints(file: &std::path::Path) -> Vec<(String, String, String)> {
    let out = run_ok(pgoscope!().args(["hot", "--json"]).arg(file));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    json["lints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let s = |k: &str| l[k].as_str().unwrap().to_owned();
            (s("code"), s("severity"), s("message"))
        })
        .collect()
}

fn pgo_fails_with(file: &std::path::Path, expected: &str) {
    let out = pgoscope!().args(["pgo", "-o", "/dev/null"]).arg(file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(expected), "{err}");
}

#[test]
fn heap_profile_is_not_a_cpu_profile() {
    let heap = fixtures().join("pprof-testdata/proto/gobench.heap.pb.gz");
    let lints = hot_lints(&heap);
    assert_eq!(lints[0].0, "not-a-cpu-profile");
    assert_eq!(lints[0].1, "error");
    assert!(lints[0].2.contains("alloc_space/bytes"), "{}", lints[0].2);
    pgo_fails_with(&heap, "samples/count or cpu/nanoseconds");
}

#[test]
fn profile_without_start_lines_is_refused_like_go_refuses_it() {
    let dir = scratch!("no_start_line");
    let mut p =
        decode(&std::fs::read(fixtures().join("go/websvc-before-1.pprof")).unwrap()).unwrap();
    for f in &mut p.function {
        f.start_line = 0;
    }
    let file = dir.join("old.pb.gz");
    std::fs::write(&file, encode(&p)).unwrap();
    let lints = hot_lints(&file);
    assert!(lints.iter().any(|l| l.0 == "missing-start-line" && l.1 == "error"), "{lints:?}");
    pgo_fails_with(&file, "profile missing Function.start_line data");
}

#[test]
fn empty_profile_says_it_is_empty() {
    let dir = scratch!("empty_profile");
    let mut p =
        decode(&std::fs::read(fixtures().join("go/websvc-before-1.pprof")).unwrap()).unwrap();
    p.sample.clear();
    let file = dir.join("empty.pb.gz");
    std::fs::write(&file, encode(&p)).unwrap();
    let lints = hot_lints(&file);
    assert_eq!(lints[0].0, "empty-profile");
    assert!(lints[0].2.contains("no samples"));
}

#[test]
fn a_profile_without_inline_frames_is_flagged() {
    let dir = scratch!("no_inline");
    let mut p =
        decode(&std::fs::read(fixtures().join("go/websvc-before-1.pprof")).unwrap()).unwrap();
    for l in &mut p.location {
        l.line.truncate(1);
    }
    let file = dir.join("flat.pb.gz");
    std::fs::write(&file, encode(&p)).unwrap();
    assert!(hot_lints(&file).iter().any(|l| l.0 == "no-inline-frames"));
}
