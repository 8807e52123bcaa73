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

/// The report's sites, by (file, line, callee).
fn sites(report: &Value) -> Vec<(String, i64, String, String, Option<String>)> {
    (report["sites"].as_array().unwrap().iter())
        .map(|s| {
            let text = |k: &str| s[k].as_str().unwrap_or_default().to_owned();
            (
                text("file"),
                s["line"].as_i64().unwrap(),
                text("callee"),
                text("actual"),
                s["reason"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

#[test]
fn a_recursive_program_built_with_its_own_profile() {
    let Some(go) = go() else { return };
    let dir = scratch!("verify_recursion");
    let profile = pgoscope_testkit::recursion_profile(&go, &dir, "2s");
    let source = pgoscope_testkit::recursion_source();
    let out = run_ok(
        Command::new(&go)
            .args([
                "build",
                &format!("-pgo={}", profile.display()),
                "-gcflags=-d=pgodebug=1 -m=2",
                "-o",
            ])
            .arg(dir.join("recursion-pgo"))
            .arg(".")
            .current_dir(&source),
    );
    let log = dir.join("build.log");
    std::fs::write(&log, out.stderr).unwrap();
    let out = verify(&log, &profile);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["threshold_percent"], report["compiler_threshold_percent"]);
    assert_eq!(report["mismatches"], Value::Array(Vec::new()), "{report}");
    // Whatever the profile holds: the compiler's hot-budget inlines are ours, reported so; a
    // recursive call is inlined once at most (then "repeated recursive cycle").
    let text = std::fs::read_to_string(&log).unwrap();
    check_hot_budget_inlines(&text, &report);
    for (_, line, callee, actual, reason) in sites(&report) {
        let inlined_here = text.contains(&format!("main.go:{line}:"))
            && text.lines().any(|l| {
                l.starts_with(&format!("./main.go:{line}:"))
                    && l.ends_with(": inlining call to fib")
            });
        if callee == "main.fib" && !inlined_here {
            assert_eq!(actual, "not_inlined", "{report}");
            assert!(reason.is_some(), "the compiler's reason is given: {report}");
        }
    }
}

#[test]
fn a_standard_library_package_built_with_its_own_benchmark_profile() {
    let Some(go) = go() else { return };
    let dir = scratch!("verify_encoding_json");
    let profile = dir.join("cpu.pprof");
    run_ok(
        Command::new(&go)
            .args(["test", "-run=^$", "-bench=BenchmarkCode(En|De)coder$", "-benchtime=1s"])
            .arg(format!("-cpuprofile={}", profile.display()))
            .arg("encoding/json")
            .current_dir(&dir),
    );
    let out = run_ok(
        Command::new(&go)
            .args(["test", "-c", "-o"])
            .arg(dir.join("json-pgo.test"))
            .args([
                &format!("-pgo={}", profile.display()),
                "-gcflags=all=-d=pgodebug=1 -m",
                "encoding/json",
            ])
            .current_dir(&dir),
    );
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    let log = dir.join("build.log");
    std::fs::write(&log, &text).unwrap();
    let out = verify(&log, &profile);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["threshold_percent"], report["compiler_threshold_percent"]);
    assert_eq!(report["mismatches"], Value::Array(Vec::new()));
    check_hot_budget_inlines(&text, &report);
}

/// Every inlining the compiler did with the hot budget (its hot-budget line, and an `inlining
/// call to` at the same position) that the report lists is reported inlined with the hot budget.
fn check_hot_budget_inlines(text: &str, report: &Value) {
    let inlined: std::collections::HashSet<&str> = (text.lines())
        .filter_map(|l| l.split_once(": inlining call to ").map(|(at, _)| at))
        .collect();
    let ours = sites(report);
    let prefix = "hot-budget check allows inlining for call ";
    let mut checked = 0;
    for line in text.lines().filter_map(|l| l.strip_prefix(prefix)) {
        let (callee, rest) = line.split_once(' ').unwrap();
        let at = rest.split(" at ").nth(1).unwrap().split(" in function ").next().unwrap();
        if !inlined.contains(at) {
            continue;
        }
        let mut parts = at.rsplitn(3, ':');
        let (_col, line_no, file) = (parts.next(), parts.next().unwrap(), parts.next().unwrap());
        let file = file.trim_start_matches(['.', '/']);
        let line_no: i64 = line_no.parse().unwrap();
        // A line can be hot through a call the report does not list (to runtime.asyncPreempt):
        // `mismatches` being empty says the line is ours; here, what we report at it.
        let here: Vec<_> = ours.iter().filter(|s| s.0.ends_with(file) && s.1 == line_no).collect();
        if let Some(site) = here.iter().find(|s| s.2 == callee) {
            assert_eq!(site.3, "inlined_hot_budget", "{at} → {callee}");
        }
        checked += 1;
    }
    eprintln!("{checked} hot-budget inlines checked");
}

#[test]
fn a_default_pgo_without_file_names_is_refused_and_one_with_them_gives_the_same_report() {
    let Some(go) = go() else { return };
    let dir = scratch!("verify_default_pgo");
    let profile = fixtures().join("go/shapes-cpu.pprof");
    let log = build_log(&go, &dir, profile.to_str().unwrap(), "-d=pgodebug=1 -m=2", "pgo");
    let (bare, named) = (dir.join("bare.pgo"), dir.join("named.pgo"));
    run_ok(pgoscope!().args(["pgo", "-o"]).arg(&bare).arg(&profile));
    run_ok(pgoscope!().args(["pgo", "--keep-file-names", "-o"]).arg(&named).arg(&profile));
    let out = verify(&log, &bare);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("the profile names no source files"));
    let from_profile = verify(&log, &profile);
    let from_named = verify(&log, &named);
    assert!(from_named.status.success(), "{}", String::from_utf8_lossy(&from_named.stderr));
    let report = |o: &std::process::Output| serde_json::from_slice::<Value>(&o.stdout).unwrap();
    assert_eq!(report(&from_named), report(&from_profile));
}
