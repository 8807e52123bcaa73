//! `pgoscope verify` against a real PGO build of the example service: the compiler's threshold is
//! ours, its own decisions at our hot call sites are read back (inlined, not inlined with its
//! reason), no hot-budget inlining of the compiler falls outside our hot set, and logs of another
//! profile or of a build without PGO are refused with the reason.

use std::path::{Path, PathBuf};
use std::process::Command;

use pgoscope_testkit::{fixtures, go, pgoscope, run_ok, scratch};
use serde_json::Value;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/shapes")
}

/// The compiler's output of building the example with `pgo` and `flags`.
fn build_log(go: &Path, dir: &Path, pgo: &str, flags: &str, name: &str) -> PathBuf {
    let out = run_ok(
        Command::new(go)
            .args(["build", &format!("-pgo={pgo}"), &format!("-gcflags={flags}"), "-o"])
            .arg(dir.join(name))
            .arg(".")
            .current_dir(example()),
    );
    let log = dir.join(format!("{name}.log"));
    std::fs::write(&log, out.stderr).unwrap();
    log
}

fn verify(log: &Path, profile: &Path) -> std::process::Output {
    pgoscope!().args(["verify", "--json", "--build-log"]).arg(log).arg(profile).output().unwrap()
}

#[test]
fn the_compilers_decisions_at_our_hot_sites_are_read_back() {
    let Some(go) = go() else { return };
    let dir = scratch!("verify_against_go");
    let profile = fixtures().join("go/shapes-cpu.pprof");
    let log = build_log(&go, &dir, profile.to_str().unwrap(), "-d=pgodebug=1 -m=2", "pgo");
    let out = verify(&log, &profile);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["threshold_percent"], report["compiler_threshold_percent"]);
    assert_eq!(report["mismatches"], Value::Array(Vec::new()), "{report}");
    let site = |callee: &str| {
        report["sites"].as_array().unwrap().iter().find(|s| s["callee"] == callee).cloned().unwrap()
    };
    // sumAreas is marked go:noinline in the example: the compiler's reason is given.
    let sum = site("main.sumAreas");
    assert_eq!(
        (sum["actual"].as_str(), sum["reason"].as_str()),
        (Some("not_inlined"), Some("marked go:noinline"))
    );
    // makeShapes, its only caller's hot call, is inlined (the -m log says so at its line).
    let make = site("main.makeShapes");
    assert!(matches!(make["actual"].as_str(), Some("inlined" | "inlined_hot_budget")), "{make}");
    let m = std::fs::read_to_string(&log).unwrap();
    assert!(
        m.contains(&format!("main.go:{}:", make["line"]))
            && m.contains("inlining call to makeShapes")
    );
    // The share of hot weight inlined is over the sites the log covers (the main package here).
    let covered: Vec<&Value> = (report["sites"].as_array().unwrap().iter())
        .filter(|s| s["actual"] != "not_in_log")
        .collect();
    let weight = |f: &dyn Fn(&&Value) -> bool| {
        covered.iter().filter(|s| f(s)).map(|s| s["weight"].as_i64().unwrap()).sum::<i64>()
    };
    let inlined = weight(&|s| s["actual"] != "not_inlined");
    let share = 100.0 * inlined as f64 / weight(&|_| true) as f64;
    assert!((report["hot_weight_inlined_percent"].as_f64().unwrap() - share).abs() < 1e-9);
}

#[test]
fn logs_of_another_profile_or_without_pgo_are_refused_with_the_reason() {
    let Some(go) = go() else { return };
    let dir = scratch!("verify_refusals");
    let profile = fixtures().join("go/shapes-cpu.pprof");
    let other = fixtures().join("go/websvc-collected.pprof");
    let log = build_log(&go, &dir, other.to_str().unwrap(), "-d=pgodebug=1 -m", "other");
    let out = verify(&log, &profile);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("the build used another profile"));
    let log = build_log(&go, &dir, "off", "-m", "plain");
    let out = verify(&log, &profile);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("hot-callsite-thres-from-CDF"));
}
