//! The strongest checks: real `go build -pgo` runs on the repository's example service, with its
//! stored CPU profile (`tests/fixtures/go/shapes-cpu.pprof`): the compiler's decisions then depend on
//! the profile and the compiler only, never on how a live run happened to be sampled.
//! - our minimal default.pgo, put at the path of the full profile, gives a byte-identical binary;
//! - `go build -a -gcflags=all=-d=pgodebug=1` prints our threshold in every package, and every
//!   "hot-budget check allows inlining for call X ... at L in function Y" is at one of our hot call
//!   sites (Y, L).

use pgoscope_testkit as common;

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
    let dir = scratch!("build_against_go");
    let full = common::fixtures().join("go/shapes-cpu.pprof");

    // Same path, full profile then ours: byte-identical binaries.
    let at_path = dir.join("default.pgo");
    std::fs::copy(&full, &at_path).unwrap();
    build(&go, &[], &at_path, &dir.join("with-full"));
    run_ok(pgoscope!().args(["pgo", "-o"]).arg(&at_path).arg(&full));
    build(&go, &[], &at_path, &dir.join("with-ours"));
    let (a, b) = (
        std::fs::read(dir.join("with-full")).unwrap(),
        std::fs::read(dir.join("with-ours")).unwrap(),
    );
    assert!(a == b, "binaries built with the full profile and with our default.pgo differ");

    // The compiler's own hot decisions.
    let hot: Value =
        serde_json::from_slice(&run_ok(pgoscope!().args(["hot", "--json"]).arg(&full)).stdout)
            .unwrap();
    let text = build(&go, &["-a", "-gcflags=all=-d=pgodebug=1"], &full, &dir.join("debug"));
    let thresholds: BTreeSet<&str> =
        text.lines().filter_map(|l| l.strip_prefix("hot-callsite-thres-from-CDF=")).collect();
    assert_eq!(thresholds.len(), 1, "one threshold for every package: {thresholds:?}");
    let compiler: f64 = thresholds.first().unwrap().parse().unwrap();
    assert_eq!(hot["threshold_percent"].as_f64().unwrap(), compiler);
    // The compiler gives the hot budget to every call at a hot call site, keyed by caller and line
    // offset whatever the callee (inl.go's candHotEdgeMap): on a line with two calls, `f(g(x))`,
    // a hot edge to `f` makes the call to `g` hot too. So sites are compared, (caller, line), with
    // the line of each hot edge from the effect analysis of the profile against itself.
    let effect: Value = serde_json::from_slice(
        &run_ok(pgoscope!().args(["diff", "--json", "--base"]).arg(&full).arg("--new").arg(&full))
            .stdout,
    )
    .unwrap();
    let sites: BTreeSet<(String, i64)> = effect["pgo_effect"]["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["edge"]["caller"].as_str().unwrap().to_owned(), s["line"].as_i64().unwrap()))
        .collect();
    assert!(!sites.is_empty(), "no hot call site in {}", full.display());
    let mut checked = 0;
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("hot-budget check allows inlining for call ") else {
            continue;
        };
        // "<callee> (cost N) at <file>:<line>:<column> in function <caller>"; generic shapes put
        // spaces in names (`[go.shape.interface {}]`), so the caller is cut at the last marker.
        let caller = rest.rsplit(" in function ").next().unwrap();
        let position = rest.rsplit(" at ").next().unwrap().split(" in function ").next().unwrap();
        let call_line: i64 = position.rsplit(':').nth(1).unwrap().parse().unwrap();
        assert!(
            sites.contains(&(caller.to_owned(), call_line)),
            "compiler hot call site not predicted: {line}"
        );
        checked += 1;
    }
    assert!(checked >= 10, "the compiler reported {checked} hot inlining decisions");
}
