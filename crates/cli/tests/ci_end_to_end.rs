//! `pgoscope ci` end to end: the default.pgo it writes equals `pgoscope pgo`'s for the same inputs,
//! `--top` keeps the profiles with the most CPU, `--weight duration` scales each to the longest
//! duration, the drift gate warns (exit 0) and fails only with `--fail`, and the report has its
//! sections.

use std::path::{Path, PathBuf};

use pgoscope_testkit::{fixtures, pgoscope, run_ok, scratch, Builder};
use serde_json::Value;

fn websvc(n: u32) -> PathBuf {
    fixtures().join(format!("go/websvc-before-{n}.pprof"))
}

fn cpu_total(path: &Path) -> i64 {
    let out = run_ok(pgoscope!().args(["info", "--json"]).arg(path));
    let info: Value = serde_json::from_slice(&out.stdout).unwrap();
    let types = info[0]["sample_types"].as_array().unwrap();
    types.iter().find(|t| t["type"] == "cpu").unwrap()["total"].as_i64().unwrap()
}

#[test]
fn default_pgo_equals_pgoscope_pgo_and_top_keeps_the_most_cpu() {
    let dir = scratch!("ci_top");
    let inputs: Vec<PathBuf> = (1..=3).map(websvc).collect();
    let (ours, reference) = (dir.join("ci.pgo"), dir.join("pgo.pgo"));
    run_ok(pgoscope!().args(["ci", "--out"]).arg(&ours).args(&inputs));
    run_ok(pgoscope!().args(["pgo", "-o"]).arg(&reference).args(&inputs));
    assert_eq!(std::fs::read(&ours).unwrap(), std::fs::read(&reference).unwrap());

    // --top 2: the two with the most CPU, in input order.
    let mut by_cpu: Vec<(i64, usize)> =
        inputs.iter().enumerate().map(|(i, p)| (cpu_total(p), i)).collect();
    by_cpu.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut kept: Vec<usize> = by_cpu[..2].iter().map(|x| x.1).collect();
    kept.sort_unstable();
    let report = dir.join("report.md");
    run_ok(
        pgoscope!()
            .args(["ci", "--top", "2", "--report"])
            .arg(&report)
            .arg("--out")
            .arg(&ours)
            .args(&inputs),
    );
    let two: Vec<&PathBuf> = kept.iter().map(|&i| &inputs[i]).collect();
    run_ok(pgoscope!().args(["pgo", "-o"]).arg(&reference).args(&two));
    assert_eq!(std::fs::read(&ours).unwrap(), std::fs::read(&reference).unwrap());
    let text = std::fs::read_to_string(&report).unwrap();
    let left_out = (0..3).find(|i| !kept.contains(i)).unwrap();
    assert!(
        text.contains(&format!(
            "skipped `{}`: not in the top 2 by CPU",
            inputs[left_out].display()
        )),
        "{text}"
    );
}

#[test]
fn weight_duration_scales_each_profile_to_the_longest() {
    let dir = scratch!("ci_weight");
    let profile = |stack: &[&str], value: i64, seconds: i64, name: &str| {
        let mut b = Builder::new(0x400000, "");
        b.sample(stack, value);
        let mut p = b.build();
        p.duration_nanos = seconds * 1_000_000_000;
        let path = dir.join(name);
        std::fs::write(&path, pgoscope_pprof::encode(&p)).unwrap();
        path
    };
    let short = profile(&["main.f", "main.main"], 1_000_000, 1, "short.pb.gz");
    let long = profile(&["main.g", "main.main"], 1_000_000, 4, "long.pb.gz");
    let out = dir.join("weighted.pgo");
    run_ok(
        pgoscope!().args(["ci", "--weight", "duration", "--out"]).arg(&out).arg(&short).arg(&long),
    );
    // The 1 s profile counts four times: 4 + 1 of 5 parts of the merged CPU.
    let top = run_ok(pgoscope!().args(["top", "--json"]).arg(&out));
    let top: Value = serde_json::from_slice(&top.stdout).unwrap();
    let flat = |f: &str| {
        top["rows"].as_array().unwrap().iter().find(|r| r["function"] == f).unwrap()["flat"]
            .as_i64()
            .unwrap()
    };
    assert_eq!((flat("main.f"), flat("main.g")), (4_000_000, 1_000_000));
}

#[test]
fn the_drift_gate_warns_and_fails_only_with_fail() {
    let dir = scratch!("ci_drift");
    let previous = dir.join("previous.pgo");
    run_ok(
        pgoscope!().args(["pgo", "-o"]).arg(&previous).arg(fixtures().join("go/shapes-cpu.pprof")),
    );
    let (out, report) = (dir.join("new.pgo"), dir.join("report.md"));
    let ci = |fail: bool| {
        let mut cmd = pgoscope!();
        cmd.args(["ci", "--previous"])
            .arg(&previous)
            .arg("--report")
            .arg(&report)
            .arg("--out")
            .arg(&out);
        cmd.args(["--artifact-url", "https://ci.example.com/merged.pb.gz"]);
        if fail {
            cmd.arg("--fail");
        }
        cmd.arg(websvc(1)).arg("no-such-file.pprof").output().unwrap()
    };
    let warned = ci(false);
    assert!(warned.status.success(), "{}", String::from_utf8_lossy(&warned.stderr));
    assert!(String::from_utf8_lossy(&warned.stderr).contains("drift:"));
    let text = std::fs::read_to_string(&report).unwrap();
    for section in [
        "### Inputs",
        "### Sizes",
        "### Hot call sites",
        "### Drift from the previous default.pgo",
        "### Lints",
        "### Build",
        "### Problems",
    ] {
        assert!(text.contains(section), "{section} in:\n{text}");
    }
    assert!(text.contains("skipped `no-such-file.pprof`"));
    assert!(text.contains("#url=https://ci.example.com/merged.pb.gz"));
    assert!(text.contains("go build -pgo="));
    let failed = ci(true);
    assert!(!failed.status.success());
}
