//! `pgoscope hot` checked against the Go compiler itself: the threshold it prints with
//! `-d=pgodebug=1` (`hot-callsite-thres-from-CDF=`) equals our `threshold_percent`, for the full
//! profile and for our minimal default.pgo, at the default and at a custom CDF threshold.

use pgoscope_testkit as common;

use std::path::Path;
use std::process::Command;

use common::{fixtures, go, pgoscope, run_ok, scratch};
use serde_json::Value;

/// Builds an empty main package with `-pgo=profile` and returns the threshold the compiler printed.
fn compiler_threshold(go: &Path, dir: &Path, profile: &Path, cdf: Option<&str>) -> f64 {
    let module = dir.join("tiny");
    std::fs::create_dir_all(&module).unwrap();
    std::fs::write(module.join("go.mod"), "module tiny\n\ngo 1.27\n").unwrap();
    std::fs::write(module.join("main.go"), "package main\n\nfunc main() {}\n").unwrap();
    let mut gcflags = String::from("-gcflags=-d=pgodebug=1");
    if let Some(cdf) = cdf {
        gcflags.push_str(&format!(",pgoinlinecdfthreshold={cdf}"));
    }
    let out = run_ok(
        Command::new(go)
            .arg("build")
            .arg(gcflags)
            .arg(format!("-pgo={}", profile.display()))
            .arg("-o")
            .arg(dir.join("tiny.bin"))
            .arg(".")
            .current_dir(&module),
    );
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    let value = text
        .lines()
        .find_map(|l| l.strip_prefix("hot-callsite-thres-from-CDF="))
        .unwrap_or_else(|| panic!("no threshold in the compiler's output:\n{text}"));
    value.trim().parse().expect("a float")
}

fn our_hot(profile: &Path, cdf: Option<&str>) -> Value {
    let mut cmd = pgoscope!();
    cmd.args(["hot", "--json"]);
    if let Some(cdf) = cdf {
        cmd.args(["--cdf-threshold", cdf]);
    }
    serde_json::from_slice(&run_ok(cmd.arg(profile)).stdout).unwrap()
}

#[test]
fn threshold_equals_the_compilers_for_full_and_minimal_profiles() {
    let Some(go) = go() else { return };
    let dir = scratch!("hot_threshold");
    for name in ["websvc-collected", "compile-ssa"] {
        let full = fixtures().join(format!("go/{name}.pprof"));
        let minimal = dir.join(format!("{name}.pgo"));
        run_ok(pgoscope!().args(["pgo", "-o"]).arg(&minimal).arg(&full));
        for cdf in [None, Some("90")] {
            let ours = our_hot(&full, cdf);
            let threshold = ours["threshold_percent"].as_f64().unwrap();
            assert!(threshold > 0.0, "{name}: a threshold");
            assert!(!ours["hot_edges"].as_array().unwrap().is_empty());
            for profile in [&full, &minimal] {
                let compiler = compiler_threshold(&go, &dir, profile, cdf);
                assert_eq!(threshold, compiler, "{name} cdf={cdf:?} {}", profile.display());
            }
        }
    }
}

#[test]
fn hot_json_names_the_blocked_devirtualization_and_lints() {
    let json = our_hot(&fixtures().join("go/websvc-collected.pprof"), None);
    let sites = json["devirtualization"].as_array().unwrap();
    let sum_areas =
        sites.iter().find(|s| s["caller"] == "main.sumAreas").expect("main.sumAreas site");
    assert_eq!(sum_areas["chosen"], "runtime.asyncPreempt");
    assert_eq!(sum_areas["blocked"], true);
    let codes: Vec<&str> =
        json["lints"].as_array().unwrap().iter().map(|l| l["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"devirtualization-blocked"), "{codes:?}");
    let heap = our_hot(&fixtures().join("pprof-testdata/proto/gobench.heap.pb.gz"), None);
    assert_eq!(heap["lints"][0]["code"], "not-a-cpu-profile");
    assert_eq!(heap["lints"][0]["severity"], "error");
}
