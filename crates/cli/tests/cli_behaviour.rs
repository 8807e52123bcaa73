//! Exit codes, stdin, error messages and output shapes of the `pgoscope` command.

use pgoscope_testkit as common;

use std::io::Write;
use std::process::Stdio;

use common::{fixtures, pgoscope, run_ok, scratch};
use serde_json::Value;

#[test]
fn usage_errors_exit_with_2_and_bad_input_with_1() {
    let usage = pgoscope!().args(["top", "--sort", "sideways", "x"]).output().unwrap();
    assert_eq!(usage.status.code(), Some(2));
    let missing = pgoscope!().arg("info").output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
    let legacy =
        pgoscope!().arg("top").arg(fixtures().join("pprof-testdata/java.cpu")).output().unwrap();
    assert_eq!(legacy.status.code(), Some(1));
    let err = String::from_utf8_lossy(&legacy.stderr);
    assert!(err.contains("java.cpu") && err.contains("go tool pprof -proto"), "{err}");
    let absent = pgoscope!().args(["info", "/no/such/file.pb.gz"]).output().unwrap();
    assert_eq!(absent.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&absent.stderr).contains("/no/such/file.pb.gz"));
}

#[test]
fn stdin_is_read_when_the_input_is_a_dash() {
    let bytes = std::fs::read(fixtures().join("go/websvc-before-1.pprof")).unwrap();
    let mut child = pgoscope!()
        .args(["top", "--json", "-n", "3", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["sample_type"]["type"], "cpu");
    assert_eq!(json["rows"].as_array().unwrap().len(), 3);
}

#[test]
fn top_json_has_exactly_the_documented_shape() {
    let out =
        run_ok(pgoscope!().args(["top", "--json"]).arg(fixtures().join("go/websvc-after-1.pprof")));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["rows", "sample_type", "total"]);
    let row = json["rows"][0].as_object().unwrap();
    let row_keys: Vec<&String> = row.keys().collect();
    assert_eq!(row_keys, ["cum", "flat", "function"]);
    let flat_sum: i64 =
        json["rows"].as_array().unwrap().iter().map(|r| r["flat"].as_i64().unwrap()).sum();
    assert_eq!(
        flat_sum,
        json["total"].as_i64().unwrap(),
        "every sample's flat lands on one function"
    );
}

#[test]
fn merge_keeps_only_the_chosen_sample_types_and_drops_labels() {
    let dir = scratch!("merge_options");
    let out = dir.join("cpu.pb.gz");
    let go = fixtures().join("go");
    run_ok(
        pgoscope!()
            .args(["merge", "--sample-types", "cpu/nanoseconds", "--drop-labels", "-o"])
            .arg(&out)
            .arg(go.join("websvc-before-1.pprof"))
            .arg(go.join("websvc-before-2.pprof")),
    );
    let info = run_ok(pgoscope!().args(["info", "--json"]).arg(&out));
    let json: Value = serde_json::from_slice(&info.stdout).unwrap();
    let types = json[0]["sample_types"].as_array().unwrap();
    assert_eq!(types.len(), 1);
    assert_eq!(types[0]["type"], "cpu");
    assert_eq!(types[0]["total"], 3_500_000_000i64 + 3_290_000_000);
    let bad = pgoscope!()
        .args(["merge", "--sample-types", "alloc_space", "-o", "/dev/null"])
        .arg(go.join("websvc-before-1.pprof"))
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("alloc_space"));
}

#[test]
fn merged_output_is_the_same_bytes_every_time() {
    let dir = scratch!("merge_stable");
    let go = fixtures().join("go");
    let inputs = ["websvc-before-1.pprof", "websvc-after-2.pprof"].map(|f| go.join(f));
    let run = |name: &str| {
        let out = dir.join(name);
        run_ok(pgoscope!().arg("merge").arg("-o").arg(&out).args(&inputs));
        std::fs::read(out).unwrap()
    };
    assert_eq!(run("a.pb.gz"), run("b.pb.gz"));
}
