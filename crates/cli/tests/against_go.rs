//! `pgoscope top` and `pgoscope merge` checked against the real `go tool pprof` (Go 1.27.3).

use pgoscope_testkit as common;

use pgoscope_testkit::hostile;

use std::path::Path;

use common::pprof_top::{go_top, go_top_with};
use common::{go, pgoscope, proto_fixture_paths, run_ok, scratch};
use serde_json::Value;

/// (type, unit) of every sample type of a profile, from `pgoscope info --json`.
fn sample_types(file: &Path) -> Vec<(String, String)> {
    let out = run_ok(pgoscope!().args(["info", "--json"]).arg(file));
    let info: Value = serde_json::from_slice(&out.stdout).expect("info json");
    info[0]["sample_types"]
        .as_array()
        .expect("sample_types")
        .iter()
        .map(|t| (t["type"].as_str().unwrap().to_owned(), t["unit"].as_str().unwrap().to_owned()))
        .collect()
}

/// `pgoscope top --json` as (total, rows).
fn our_top(files: &[&Path], sample_type: &str, cum: bool) -> (i64, Vec<(String, i64, i64)>) {
    let mut cmd = pgoscope!();
    cmd.args(["top", "--json", "--sample-type", sample_type]);
    if cum {
        cmd.args(["--sort", "cum"]);
    }
    top_json(run_ok(cmd.args(files)).stdout)
}

/// (total, rows) of `pgoscope top --json` output.
fn top_json(stdout: Vec<u8>) -> (i64, Vec<(String, i64, i64)>) {
    let json: Value = serde_json::from_slice(&stdout).expect("top json");
    let rows = json["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["function"].as_str().unwrap().to_owned(),
                r["flat"].as_i64().unwrap(),
                r["cum"].as_i64().unwrap(),
            )
        })
        .collect();
    (json["total"].as_i64().expect("total"), rows)
}

fn assert_same_top(go: &Path, ours: &[&Path], reference: &Path) {
    for (index, (t, u)) in sample_types(reference).iter().enumerate() {
        for cum in [false, true] {
            let expected = go_top(go, reference, index, u, cum);
            let (total, rows) = our_top(ours, &format!("{t}/{u}"), cum);
            let what = format!("{} sample {index} ({t}/{u}) cum={cum}", reference.display());
            assert_eq!(total, expected.total, "total of {what}");
            assert_eq!(rows.len(), expected.rows.len(), "row count of {what}");
            for (i, (a, b)) in rows.iter().zip(&expected.rows).enumerate() {
                assert_eq!(a, b, "row {i} of {what}");
            }
        }
    }
}

#[test]
fn top_equals_go_tool_pprof_for_every_fixture_and_sample_type() {
    let Some(go) = go() else { return };
    for file in proto_fixture_paths() {
        assert_same_top(&go, &[&file], &file);
    }
}

#[test]
fn top_of_a_1000_deep_mutual_recursion_equals_go_tool_pprof() {
    let Some(go) = go() else { return };
    let file = scratch!("recursion").join("recursion.pb");
    std::fs::write(&file, hostile::recursion(1000)).unwrap();
    assert_same_top(&go, &[&file], &file);
}

#[test]
fn merge_equals_go_tool_pprof_proto() {
    let Some(go) = go() else { return };
    let dir = scratch!("merge_equals_go");
    let go_dir = common::fixtures().join("go");
    let inputs: Vec<_> = (1..=3).map(|i| go_dir.join(format!("websvc-before-{i}.pprof"))).collect();
    let ours = dir.join("ours.pb.gz");
    run_ok(pgoscope!().arg("merge").arg("-o").arg(&ours).args(&inputs));
    let theirs = dir.join("theirs.pb.gz");
    let out = run_ok(
        std::process::Command::new(&go)
            .args(["tool", "pprof", "-proto", "-symbolize=none"])
            .args(&inputs),
    );
    std::fs::write(&theirs, &out.stdout).expect("write go's merge");
    // Our merged file, and our merge done on the fly, both read like Go's merged file.
    assert_same_top(&go, &[&ours], &theirs);
    let input_refs: Vec<&Path> = inputs.iter().map(|p| p.as_path()).collect();
    assert_same_top(&go, &input_refs, &theirs);
    // Totals per sample type equal the sums of the inputs.
    let totals = |files: &[&Path]| -> Vec<i64> {
        let out = run_ok(pgoscope!().args(["info", "--json"]).args(files));
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut sums = vec![0; 2];
        for f in json.as_array().unwrap() {
            for (i, t) in f["sample_types"].as_array().unwrap().iter().enumerate() {
                sums[i] += t["total"].as_i64().unwrap();
            }
        }
        sums
    };
    assert_eq!(totals(&[&ours]), totals(&input_refs));
    assert_eq!(totals(&[&ours]), totals(&[&theirs]));
}

/// Each label's total (`go tool pprof -tags`) of a fleet merged by pgoscope equals that of Go's
/// merge. Every pod's first sample has a label: a merge that attached labels to the wrong sample
/// once moved weight from the first pod to the others.
#[test]
fn merged_fleet_labels_equal_go_tool_pprof_tags() {
    let Some(go) = go() else { return };
    let dir = scratch!("merge_labels_go");
    let options = pgoscope_profgen::Options {
        functions: 300,
        stacks: 1500,
        samples: 6000,
        fleet: 4,
        ..pgoscope_profgen::Options::default()
    };
    let inputs: Vec<_> = pgoscope_profgen::generate(&options)
        .into_iter()
        .enumerate()
        .map(|(i, bytes)| {
            let path = dir.join(format!("pod.{i}.pb.gz"));
            std::fs::write(&path, bytes).unwrap();
            path
        })
        .collect();
    let ours = dir.join("ours.pb.gz");
    run_ok(pgoscope!().arg("merge").arg("-o").arg(&ours).args(&inputs));
    let theirs = dir.join("theirs.pb.gz");
    let refs: Vec<&Path> = inputs.iter().map(|p| p.as_path()).collect();
    go_merge(&go, &refs, &theirs);
    let tags = |file: &Path| {
        let out =
            run_ok(std::process::Command::new(&go).args(["tool", "pprof", "-tags"]).arg(file));
        String::from_utf8(out.stdout).unwrap()
    };
    let theirs_tags = tags(&theirs);
    assert!(theirs_tags.contains("web-server-0"), "{theirs_tags}");
    assert_eq!(tags(&ours), theirs_tags);
}

/// A fixture rewritten by the project's own decoder and encoder: `keep` picks the sample types
/// kept (by position), `extra` adds one more type (type, unit) with a value per sample.
fn reshaped(src: &Path, dest: &Path, keep: &[usize], extra: Option<(&str, &str)>) {
    use pgoscope_pprof::proto::ValueType;
    let mut p = pgoscope_pprof::decode(&std::fs::read(src).unwrap()).unwrap();
    let intern = |p: &mut pgoscope_pprof::Profile, s: &str| {
        p.string_table.push(s.to_owned());
        (p.string_table.len() - 1) as i64
    };
    p.sample_type = keep.iter().map(|&i| p.sample_type[i]).collect();
    if let Some((t, u)) = extra {
        let vt = ValueType { r#type: intern(&mut p, t), unit: intern(&mut p, u) };
        p.sample_type.push(vt);
    }
    for (n, s) in p.sample.iter_mut().enumerate() {
        s.value = keep.iter().map(|&i| s.value[i]).collect();
        if extra.is_some() {
            s.value.push(n as i64 % 3);
        }
    }
    p.default_sample_type = 0;
    std::fs::write(dest, pgoscope_pprof::encode(&p)).unwrap();
}

/// `go tool pprof -proto` of `inputs`: pprof's merge, after its `CompatibilizeSampleTypes`.
fn go_merge(go: &Path, inputs: &[&Path], dest: &Path) {
    let out = run_ok(
        std::process::Command::new(go)
            .args(["tool", "pprof", "-proto", "-symbolize=none"])
            .args(inputs),
    );
    std::fs::write(dest, &out.stdout).expect("write go's merge");
}

#[test]
fn profiles_with_different_sample_types_merge_on_the_common_ones_like_pprof() {
    let Some(go) = go() else { return };
    let dir = scratch!("compatibilize");
    let f = common::fixtures();
    // A Go CPU profile (samples/count, cpu/nanoseconds) and one with cpu/nanoseconds only.
    let cpu_only = dir.join("cpu-only.pb.gz");
    reshaped(&f.join("go/websvc-before-2.pprof"), &cpu_only, &[1], None);
    // Like a .NET CPU profile: cpu/nanoseconds and exception/count; with Java's and Go's.
    let dotnet = dir.join("dotnet-like.pb.gz");
    reshaped(&f.join("go/websvc-after-1.pprof"), &dotnet, &[1], Some(("exception", "count")));
    let go_cpu = f.join("go/websvc-before-1.pprof");
    let java_cpu = f.join("pprof-testdata/proto/java.cpu.pb.gz");
    let cases: [(&str, Vec<&Path>, &[&str]); 3] = [
        ("go cpu + cpu only", vec![&go_cpu, &cpu_only], &["cpu/nanoseconds"]),
        ("dotnet + java + go", vec![&dotnet, &java_cpu, &go_cpu], &["cpu/nanoseconds"]),
        ("go cpu + dotnet", vec![&go_cpu, &dotnet], &["cpu/nanoseconds"]),
    ];
    for (what, inputs, types) in cases {
        let theirs = dir.join(format!("{what}-go.pb.gz"));
        go_merge(&go, &inputs, &theirs);
        let kept: Vec<String> =
            sample_types(&theirs).iter().map(|(t, u)| format!("{t}/{u}")).collect();
        assert_eq!(kept, types, "{what}: pprof's common types");
        // Merged on the fly by top, and written by merge -o: both read like pprof's merge.
        assert_same_top(&go, &inputs, &theirs);
        let ours = dir.join(format!("{what}-ours.pb.gz"));
        run_ok(pgoscope!().arg("merge").arg("-o").arg(&ours).args(&inputs));
        assert_eq!(sample_types(&ours), sample_types(&theirs), "{what}: merged types");
        assert_same_top(&go, &[&ours], &theirs);
        // pprof reads our merged file the same way.
        let again = dir.join(format!("{what}-again.pb.gz"));
        go_merge(&go, &[&ours], &again);
        assert_eq!(sample_types(&again), sample_types(&theirs), "{what}: re-read by pprof");
    }
}

#[test]
fn merging_cpu_with_heap_names_both_sample_types() {
    let Some(go) = go() else { return };
    let f = common::fixtures();
    let (cpu, heap) =
        (f.join("go/websvc-before-1.pprof"), f.join("pprof-testdata/proto/gobench.heap.pb.gz"));
    let refused = std::process::Command::new(&go)
        .args(["tool", "pprof", "-top", "-symbolize=none"])
        .args([&cpu, &heap])
        .output()
        .unwrap();
    let theirs = String::from_utf8_lossy(&refused.stderr);
    assert!(theirs.contains("empty common sample type list"), "pprof refuses too: {theirs}");
    for command in ["merge", "top", "pgo", "hot"] {
        let mut cmd = pgoscope!();
        cmd.arg(command);
        if matches!(command, "merge" | "pgo") {
            cmd.args(["-o", "/dev/null"]);
        }
        let out = cmd.arg(&cpu).arg(&heap).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{command}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("gobench.heap.pb.gz: "), "{command} names the file: {err}");
        assert!(err.contains("(samples/count, cpu/nanoseconds)"), "{command}: {err}");
        assert!(err.contains("alloc_objects/count, alloc_space/bytes"), "{command}: {err}");
        assert!(err.contains("no sample type in common"), "{command}: {err}");
        assert!(err.contains("Pick files of one kind"), "{command}: the way out: {err}");
    }
}

#[test]
fn focus_ignore_hide_equal_go_tool_pprof() {
    let Some(go) = go() else { return };
    let f = common::fixtures();
    let cases: &[(&str, &[&str])] = &[
        ("go/websvc-before-1.pprof", &["focus=main\\."]),
        ("go/websvc-before-1.pprof", &["ignore=runtime"]),
        ("go/websvc-after-2.pprof", &["hide=runtime\\."]),
        ("go/websvc-after-2.pprof", &["focus=encoding/json", "ignore=reflect"]),
        ("go/compile-ssa.pprof", &["hide=ssa", "focus=Compile"]),
        ("go/compile-ssa.pprof", &["focus=\\.go$"]),
        ("pprof-testdata/proto/cppbench.cpu.pb.gz", &["focus=libpthread"]),
    ];
    for (file, filters) in cases {
        let path = f.join(file);
        let go_flags: Vec<String> = filters.iter().map(|f| format!("-{f}")).collect();
        let expected = go_top_with(&go, &path, 1, "nanoseconds", false, &go_flags);
        let mut cmd = pgoscope!();
        cmd.args(["top", "--json", "--sample-type", "cpu/nanoseconds"]);
        for flt in *filters {
            let (name, re) = flt.split_once('=').unwrap();
            cmd.arg(format!("--{name}")).arg(re);
        }
        let (total, rows) = top_json(run_ok(cmd.arg(&path)).stdout);
        let what = format!("{file} {filters:?}");
        assert!(!rows.is_empty(), "{what}: rows");
        assert_eq!(total, expected.total, "{what}: total");
        assert_eq!(rows, expected.rows, "{what}: rows");
    }
}
