//! The strongest checks: real `go build -pgo` runs on the repository's example service.
//! - our minimal default.pgo, put at the path of the full profile, gives a byte-identical binary;
//! - `go build -a -gcflags=all=-d=pgodebug=1` prints our threshold in every package, and every
//!   "hot-budget check allows inlining for call X ... in function Y" is one of our hot edges.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{go, pgoscope, run_ok, scratch};
use serde_json::Value;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/shapes")
}

fn build(go: &Path, args: &[&str], pgo: &Path, out: &Path) -> String {
    let output = run_ok(
        Command::new(go)
            .arg("build")
            .args(args)
            .arg(format!("-pgo={}", pgo.display()))
            .arg("-o")
            .arg(out)
            .arg(".")
            .current_dir(example()),
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn minimal_pgo_builds_the_same_binary_and_predicts_the_compilers_hot_calls() {
    let Some(go) = go() else { return };
    let dir = scratch("build_against_go");
    let full = dir.join("full.pprof");
    let binary = dir.join("shapes");
    run_ok(Command::new(&go).args(["build", "-o"]).arg(&binary).arg(".").current_dir(example()));
    run_ok(Command::new(&binary).args(["-load", "3s", "-o"]).arg(&full));

    // Same path, full profile then ours: byte-identical binaries.
    let at_path = dir.join("default.pgo");
    std::fs::copy(&full, &at_path).unwrap();
    build(&go, &[], &at_path, &dir.join("with-full"));
    run_ok(pgoscope().args(["pgo", "-o"]).arg(&at_path).arg(&full));
    build(&go, &[], &at_path, &dir.join("with-ours"));
    let (a, b) = (
        std::fs::read(dir.join("with-full")).unwrap(),
        std::fs::read(dir.join("with-ours")).unwrap(),
    );
    assert!(a == b, "binaries built with the full profile and with our default.pgo differ");

    // The compiler's own hot decisions.
    let hot: Value =
        serde_json::from_slice(&run_ok(pgoscope().args(["hot", "--json"]).arg(&full)).stdout)
            .unwrap();
    let text = build(&go, &["-a", "-gcflags=all=-d=pgodebug=1"], &full, &dir.join("debug"));
    let thresholds: BTreeSet<&str> =
        text.lines().filter_map(|l| l.strip_prefix("hot-callsite-thres-from-CDF=")).collect();
    assert_eq!(thresholds.len(), 1, "one threshold for every package: {thresholds:?}");
    let compiler: f64 = thresholds.first().unwrap().parse().unwrap();
    assert_eq!(hot["threshold_percent"].as_f64().unwrap(), compiler);
    let ours: BTreeSet<(String, String)> = hot["hot_edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (e["caller"].as_str().unwrap().to_owned(), e["callee"].as_str().unwrap().to_owned())
        })
        .collect();
    let mut checked = 0;
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("hot-budget check allows inlining for call ") else {
            continue;
        };
        // Generic shapes put spaces in names (`[go.shape.interface {}]`): the
        // callee ends where the compiler's " (cost N)" begins.
        let callee = rest.split(" (cost ").next().unwrap();
        let caller = rest.rsplit(" in function ").next().unwrap();
        assert!(
            ours.contains(&(caller.to_owned(), callee.to_owned())),
            "compiler hot call {caller} → {callee} not predicted"
        );
        checked += 1;
    }
    assert!(checked >= 10, "the compiler reported {checked} hot inlining decisions");
}
