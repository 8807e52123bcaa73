//! `pgoscope diff`'s work options against a real `go test -bench -cpuprofile` run: the iterations
//! read from the benchmark output are the work, and CPU per operation is `go tool pprof`'s CPU total
//! over them.

use std::process::Command;

use pgoscope_testkit::{go, pgoscope, pprof_top::go_top, run_ok, scratch};
use serde_json::Value;

const RUNS: u64 = 3;
const ITERATIONS: u64 = 20_000;

#[test]
fn cpu_per_operation_is_pprofs_total_over_the_benchmarks_iterations() {
    let Some(go) = go() else { return };
    let dir = scratch!("work_against_go");
    let (profile, output) = (dir.join("cpu.pprof"), dir.join("bench.txt"));
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/shapes");
    let ran = run_ok(
        Command::new(&go)
            .args(["test", "-run", "^$", "-bench", "SumAreas"])
            .arg(format!("-benchtime={ITERATIONS}x"))
            .arg(format!("-count={RUNS}"))
            .arg(format!("-cpuprofile={}", profile.display()))
            .arg(format!("-o={}", dir.join("shapes.test").display()))
            .current_dir(&example),
    );
    std::fs::write(&output, &ran.stdout).unwrap();
    let total = go_top(&go, &profile, 1, "nanoseconds", false).total;

    let diff = |extra: &[&str]| -> Value {
        let out = run_ok(
            pgoscope!()
                .args(["diff", "--json", "--base"])
                .arg(&profile)
                .arg("--new")
                .arg(&profile)
                .args(extra),
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let bench = output.to_str().unwrap();
    let json = diff(&["--bench-base", bench, "--bench-new", bench]);
    let per_op = &json["per_op"];
    assert_eq!(per_op["work"]["base"], (RUNS * ITERATIONS) as f64, "{per_op}");
    let expected = total as f64 / (RUNS * ITERATIONS) as f64;
    let got = per_op["cpu_per_op_ns_before"].as_f64().unwrap();
    assert!((got - expected).abs() <= 1e-9 * expected, "{got} vs pprof's {total} / iterations");
    // The same runs on both sides: one benchmark, three runs each, no difference (benchstat's ~).
    let benches = json["benches"].as_array().unwrap();
    assert_eq!(benches.len(), 1, "{benches:?}");
    assert!(benches[0]["name"].as_str().unwrap().starts_with("BenchmarkSumAreas"));
    assert_eq!(
        (benches[0]["before"]["runs"].as_u64(), benches[0]["delta_percent"].is_null()),
        (Some(RUNS), true)
    );

    // Typed work gives the same figure; --normalize work at equal work changes nothing.
    let n = (RUNS * ITERATIONS).to_string();
    let typed = diff(&["--work-base", &n, "--work-new", &n, "--normalize", "work"]);
    assert_eq!(typed["per_op"]["cpu_per_op_ns_after"], per_op["cpu_per_op_ns_after"]);
    assert_eq!(
        (typed["total_before"].as_i64(), typed["total_after"].as_i64()),
        (Some(total), Some(total))
    );
    // Half the work on the candidate's side: at equal work its CPU counts twice.
    let half = (RUNS * ITERATIONS / 2).to_string();
    let halved = diff(&["--work-base", &n, "--work-new", &half, "--normalize", "work"]);
    assert_eq!(halved["total_after"].as_i64(), Some(2 * total));
}

#[test]
fn bad_benchmark_output_is_named() {
    let dir = scratch!("work_bad_output");
    let (text, profile) =
        (dir.join("bench.txt"), pgoscope_testkit::fixtures().join("go/websvc-before-1.pprof"));
    std::fs::write(&text, "goos: linux\nBenchmarkX-8   100   fast ns/op\n").unwrap();
    let out = pgoscope!()
        .args(["diff", "--base"])
        .arg(&profile)
        .arg("--new")
        .arg(&profile)
        .args(["--bench-base", text.to_str().unwrap(), "--bench-new", text.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("line 2: ns/op is not a number"), "{err}");
    let out = pgoscope!()
        .args(["diff", "--normalize", "work", "--base"])
        .arg(&profile)
        .arg("--new")
        .arg(&profile)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("--work-base and --work-new"));
}
