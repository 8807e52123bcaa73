//! The PGO effect `pgoscope diff` reports, checked against the compiler: build the example service
//! with its stored profile (`tests/fixtures/go/shapes-cpu.pprof`) and `-gcflags=-m`, profile that
//! build; every call site of package main we report inlined (or devirtualized) in the PGO build is
//! one the compiler says it inlined ("inlining call to") or devirtualized ("PGO devirtualizing")
//! there, named as the compiler names it. Every assertion holds for any profile the live run can
//! produce: those that need a sampled function say which.

use pgoscope_testkit as common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{go, pgoscope, run_ok, scratch};
use pgoscope_pgo::compiler_name;
use serde_json::Value;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/shapes")
}

/// The compiler's `-m` lines at `line` of main.go.
fn m_lines_at(m: &str, line: i64) -> Vec<&str> {
    let at = format!("main.go:{line}:");
    m.lines().filter(|l| l.contains(&at)).collect()
}

fn compiler_says(lines: &[&str], verb: &str, callee: &str) -> bool {
    let want = compiler_name(callee);
    lines.iter().any(|l| {
        l.split_once(verb).is_some_and(|(_, rest)| {
            rest.split_whitespace().any(|word| compiler_name(word.trim_matches(':')) == want)
        })
    })
}

#[test]
fn compiler_names() {
    assert_eq!(compiler_name("net/http.Get"), "http.Get");
    assert_eq!(compiler_name("main.Circle.Area"), "Circle.Area");
    assert_eq!(compiler_name("main.(*Square).Area"), "(*Square).Area");
    assert_eq!(compiler_name("main.main.func1"), "main.func1");
    assert_eq!(compiler_name("main.Sum[...]"), "Sum");
    assert_eq!(compiler_name("Sum[go.shape.int]"), "Sum");
    assert_eq!(compiler_name("main.Map[go.shape.struct { a/b.T }]"), "Map");
    assert_eq!(compiler_name("example.com/x.F[a/b.T]"), "x.F");
    let lines = ["./main.go:135:26: inlining call to http.Get"];
    assert!(compiler_says(&lines, "inlining call to", "net/http.Get"));
    assert!(!compiler_says(&lines, "inlining call to", "net/http.Post"));
}

#[test]
fn reported_inlining_and_devirtualization_match_the_compiler() {
    let Some(go) = go() else { return };
    let dir = scratch!("effect_against_go");
    let pgo = dir.join("shapes-pgo");
    // The baseline is stored, so the PGO build (and its -m output) is the same on every run; only
    // the candidate's profile is live.
    let before = common::fixtures().join("go/shapes-cpu.pprof");
    let after = dir.join("after.pprof");
    let built = run_ok(
        Command::new(&go)
            .args(["build", "-gcflags=-m"])
            .arg(format!("-pgo={}", before.display()))
            .arg("-o")
            .arg(&pgo)
            .arg(".")
            .current_dir(example()),
    );
    let m = String::from_utf8_lossy(&built.stderr).into_owned();
    run_ok(Command::new(&pgo).args(["-load", "4s", "-o"]).arg(&after));
    let out = run_ok(
        pgoscope!().args(["diff", "--json", "--base"]).arg(&before).arg("--new").arg(&after),
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let effect = &json["pgo_effect"];
    let sampled = sampled_functions(&after);
    let checked = check_inlined_sites(effect, &m);
    // Not vacuous, whatever the live profile: makeShapes is inlined into handleShapes in every build
    // (its only caller; the stored baseline makes that call site hot), so once the candidate's
    // profile sampled makeShapes, that site is reported inlined and was checked.
    if sampled.contains("main.makeShapes") {
        assert!(checked > 0, "no inlined hot call site of main was checked:\n{effect}");
    }
    check_devirtualized(effect, &m);
    check_compiler_devirtualizations(effect, &m, &sampled);
}

/// Whether a reported site or devirtualization is in the example's main.go.
fn in_main(v: &Value) -> bool {
    v["file"].as_str().is_some_and(|f| f.ends_with("shapes/main.go"))
}

/// Every hot call site of main we report inlined after, the compiler's `-m` says it inlined there.
/// Returns how many were checked.
fn check_inlined_sites(effect: &Value, m: &str) -> usize {
    let mut checked = 0;
    for site in effect["sites"].as_array().unwrap().iter().filter(|s| in_main(s)) {
        if !matches!(site["after"].as_str(), Some("inlined" | "both")) {
            continue;
        }
        let callee = site["edge"]["callee"].as_str().unwrap();
        let lines = m_lines_at(m, site["line"].as_i64().unwrap());
        assert!(
            compiler_says(&lines, "inlining call to", callee),
            "we say {} is inlined at line {}; the compiler says:\n{}",
            callee,
            site["line"],
            lines.join("\n")
        );
        checked += 1;
    }
    checked
}

/// Every devirtualization of main we report, the compiler's `-m` says it made there.
fn check_devirtualized(effect: &Value, m: &str) {
    for d in effect["devirtualized"].as_array().unwrap().iter().filter(|d| in_main(d)) {
        if d["inlined_after"] != true {
            continue;
        }
        let callee = d["callee"].as_str().unwrap();
        let lines = m_lines_at(m, d["line"].as_i64().unwrap());
        assert!(
            compiler_says(&lines, "PGO devirtualizing", callee),
            "we say {callee} is devirtualized at line {}; the compiler says:\n{}",
            d["line"],
            lines.join("\n")
        );
    }
}

/// Every devirtualization of the compiler in main at one of the baseline's hot call sites, whose
/// callee the candidate's profile sampled (there it runs only as the inlined copy at the
/// devirtualized call), shows in our report: as a devirtualization when the baseline shows the site
/// with several methods, else as that hot site now inlined (a site with one method callee looks
/// like a direct call in a profile; see the README's decisions).
fn check_compiler_devirtualizations(
    effect: &Value,
    m: &str,
    sampled: &std::collections::HashSet<String>,
) {
    for line in m.lines().filter(|l| l.contains("main.go") && l.contains("PGO devirtualizing")) {
        let target = line.rsplit(" to ").next().unwrap_or_default().trim();
        let callee = format!("main.{target}");
        let at: i64 = line.split(':').nth(1).and_then(|n| n.parse().ok()).unwrap_or(0);
        let sites = effect["sites"].as_array().unwrap();
        let hot_site =
            |s: &&Value| in_main(s) && s["line"] == at && s["edge"]["callee"] == callee.as_str();
        let Some(site) = sites.iter().find(hot_site) else { continue };
        if !sampled.contains(&callee) {
            continue;
        }
        let devirtualized =
            effect["devirtualized"].as_array().unwrap().iter().any(|d| {
                d["callee"] == callee.as_str() && d["inlined_after"] == true && in_main(d)
            });
        let inlined = matches!(site["after"].as_str(), Some("inlined" | "both"));
        assert!(
            devirtualized || inlined,
            "the compiler says {line:?}; we report {site}:\n{effect}"
        );
    }
}

/// Functions with samples in `profile` (`pgoscope top --json`).
fn sampled_functions(profile: &Path) -> std::collections::HashSet<String> {
    let out = run_ok(pgoscope!().args(["top", "--json"]).arg(profile));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["cum"].as_i64().unwrap_or(0) > 0)
        .map(|r| r["function"].as_str().unwrap().to_owned())
        .collect()
}
