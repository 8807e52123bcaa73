//! `pgoscope diff` equals `go tool pprof -top -diff_base=BASE NEW` (with `-normalize` for the share
//! mode): the total and every function's flat and cumulative change.

use pgoscope_testkit as common;

use std::collections::BTreeMap;
use std::path::Path;

use common::pprof_top::go_top_with;
use common::{fixtures, go, pgoscope, run_ok, scratch};
use serde_json::Value;

fn our_diff(base: &Path, new: &Path, normalize: &str, sample_type: &str) -> Value {
    let out = run_ok(
        pgoscope!()
            .args([
                "diff",
                "--json",
                "--normalize",
                normalize,
                "--sample-type",
                sample_type,
                "--base",
            ])
            .arg(base)
            .arg("--new")
            .arg(new),
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn check(go: &Path, base: &Path, new: &Path) {
    for (index, sample_type, unit) in [(0, "samples", "count"), (1, "cpu", "nanoseconds")] {
        for normalize in ["share", "none"] {
            let mut flags = vec![format!("-diff_base={}", base.display())];
            if normalize == "share" {
                flags.push("-normalize".into());
            }
            let expected = go_top_with(go, new, index, unit, false, &flags);
            let ours = our_diff(base, new, normalize, sample_type);
            let what = format!("{} vs {} {sample_type} {normalize}", base.display(), new.display());
            assert_eq!(ours["total_before"], expected.total, "{what}: total");
            let rows: BTreeMap<&str, (i64, i64)> = ours["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    let v = |k: &str| r[k].as_i64().unwrap();
                    (r["function"].as_str().unwrap(), (v("flat_delta"), v("cum_delta")))
                })
                .collect();
            for (function, flat, cum) in &expected.rows {
                assert_eq!(rows.get(function.as_str()), Some(&(*flat, *cum)), "{what}: {function}");
            }
            let shown: Vec<&str> = expected.rows.iter().map(|r| r.0.as_str()).collect();
            for (function, delta) in &rows {
                assert!(
                    *delta == (0, 0) || shown.contains(function),
                    "{what}: {function} missing in pprof"
                );
            }
        }
    }
}

#[test]
fn diff_equals_pprof_diff_base() {
    let Some(go) = go() else { return };
    let dir = fixtures().join("go");
    check(&go, &dir.join("websvc-before-1.pprof"), &dir.join("websvc-after-1.pprof"));
    // Merged sides: our merge equals pprof's (tested elsewhere), so pprof reads the same inputs.
    let scratch = scratch!("diff_against_go");
    let (base, new) = (scratch.join("base.pb.gz"), scratch.join("new.pb.gz"));
    for (out, side) in [(&base, "before"), (&new, "after")] {
        let inputs: Vec<_> =
            (1..=3).map(|n| dir.join(format!("websvc-{side}-{n}.pprof"))).collect();
        run_ok(pgoscope!().arg("merge").arg("-o").arg(out).args(&inputs));
    }
    check(&go, &base, &new);
    check(&go, &new, &base);
}

#[test]
fn cores_need_durations_and_mismatched_types_are_refused() {
    let dir = fixtures().join("go");
    let cpu = dir.join("websvc-before-1.pprof");
    let heap = fixtures().join("pprof-testdata/proto/gobench.heap.pb.gz");
    let out =
        pgoscope!().args(["diff", "--base"]).arg(&cpu).arg("--new").arg(&heap).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--base and --new: ") && err.contains("no sample type in common"),
        "{err}"
    );
    let cores = our_diff(&cpu, &dir.join("websvc-after-1.pprof"), "cores", "cpu");
    // 4 s profiles at 100 Hz: about 0.87 cores each side, as nanoseconds per second.
    let before = cores["total_before"].as_i64().unwrap();
    assert!((100_000_000..2_000_000_000).contains(&before), "{before} ns/s");
}

#[test]
fn cores_are_cpu_seconds_per_second_of_each_side_whatever_the_normalisation() {
    let dir = fixtures().join("go");
    let side = |s: &str| -> Vec<std::path::PathBuf> {
        (1..=3).map(|n| dir.join(format!("websvc-{s}-{n}.pprof"))).collect()
    };
    // From `pgoscope info`: cpu totals and durations summed over each side's files.
    let cores = |files: &[std::path::PathBuf]| -> f64 {
        let info: Value = serde_json::from_slice(
            &run_ok(pgoscope!().args(["info", "--json"]).args(files)).stdout,
        )
        .unwrap();
        let files = info.as_array().unwrap();
        let cpu: i64 = files
            .iter()
            .map(|f| {
                let types = f["sample_types"].as_array().unwrap();
                types.iter().find(|t| t["type"] == "cpu").unwrap()["total"].as_i64().unwrap()
            })
            .sum();
        let ns: i64 = files.iter().map(|f| f["duration_ns"].as_i64().unwrap()).sum();
        cpu as f64 / ns as f64
    };
    let (before, after) = (side("before"), side("after"));
    for normalize in ["share", "cores", "none"] {
        let out = run_ok(
            pgoscope!()
                .args(["diff", "--json", "--normalize", normalize, "--base"])
                .args(&before)
                .arg("--new")
                .args(&after),
        );
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(json["cores_before"].as_f64().unwrap(), cores(&before)), "{normalize}");
        assert!(close(json["cores_after"].as_f64().unwrap(), cores(&after)), "{normalize}");
    }
}
