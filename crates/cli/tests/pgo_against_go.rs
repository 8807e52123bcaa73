//! `pgoscope pgo` checked against the real Go toolchain: `go tool preprofile` of our minimal
//! default.pgo is byte-identical to that of the full input (as `go tool pprof -proto` merges it), and
//! our own preprofile text equals Go's.

use pgoscope_testkit as common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{fixtures, go, pgoscope, run_ok, scratch};

fn go_preprofile(go: &Path, profile: &Path, out: &Path) -> Vec<u8> {
    run_ok(Command::new(go).args(["tool", "preprofile", "-i"]).arg(profile).arg("-o").arg(out));
    std::fs::read(out).unwrap()
}

/// Go's own merge of the inputs (what `go build -pgo` would get from a merged profile).
fn go_merged(go: &Path, inputs: &[PathBuf], out: &Path) -> PathBuf {
    if inputs.len() == 1 {
        return inputs[0].clone();
    }
    let merged =
        run_ok(Command::new(go).args(["tool", "pprof", "-proto", "-symbolize=none"]).args(inputs));
    std::fs::write(out, merged.stdout).unwrap();
    out.to_path_buf()
}

fn check_lossless(go: &Path, name: &str, inputs: &[PathBuf]) {
    let dir = scratch!(&format!("pgo_{name}"));
    let reference =
        go_preprofile(go, &go_merged(go, inputs, &dir.join("full.pb.gz")), &dir.join("full.txt"));
    // The header alone is "GO PREPROFILE V1\n"; anything after it is an edge. (A short profile on a
    // busy machine may have only a few.)
    assert!(reference.len() > "GO PREPROFILE V1\n".len(), "{name}: the reference has edges");
    for keep in ["2", "5"] {
        for aggregate in ["--aggregate-callees", "--no-aggregate-callees"] {
            let what = format!("{name} keep={keep} {aggregate}");
            let pgo = dir.join("default.pgo");
            let ours_text = dir.join("ours.txt");
            run_ok(
                pgoscope!()
                    .args(["pgo", "--keep-locations", keep, aggregate, "-o"])
                    .arg(&pgo)
                    .arg("--preprofile")
                    .arg(&ours_text)
                    .args(inputs),
            );
            let from_ours = go_preprofile(go, &pgo, &dir.join("from-ours.txt"));
            assert!(
                from_ours == reference,
                "{what}: go tool preprofile of our default.pgo differs"
            );
            assert!(
                std::fs::read(&ours_text).unwrap() == reference,
                "{what}: our preprofile differs"
            );
        }
    }
}

#[test]
fn default_pgo_is_lossless_for_every_go_fixture() {
    let Some(go) = go() else { return };
    for name in ["compile-ssa", "websvc-collected", "websvc-before-1", "websvc-after-2"] {
        check_lossless(&go, name, &[fixtures().join(format!("go/{name}.pprof"))]);
    }
}

#[test]
fn default_pgo_is_lossless_for_merged_inputs() {
    let Some(go) = go() else { return };
    let inputs: Vec<PathBuf> =
        (1..=3).map(|i| fixtures().join(format!("go/websvc-before-{i}.pprof"))).collect();
    check_lossless(&go, "websvc-before-merged", &inputs);
}

#[test]
fn default_pgo_is_lossless_for_a_merged_profgen_fleet() {
    let Some(go) = go() else { return };
    let dir = scratch!("profgen_fleet");
    let options = pgoscope_profgen::Options {
        functions: 400,
        stacks: 2000,
        samples: 8000,
        fleet: 4,
        ..pgoscope_profgen::Options::default()
    };
    let inputs: Vec<PathBuf> = pgoscope_profgen::generate(&options)
        .into_iter()
        .enumerate()
        .map(|(i, bytes)| {
            let path = dir.join(format!("fleet.{i:03}.pb.gz"));
            std::fs::write(&path, bytes).unwrap();
            path
        })
        .collect();
    check_lossless(&go, "profgen-fleet", &inputs);
}

#[test]
fn default_pgo_is_lossless_for_a_recursion_heavy_profile() {
    let Some(go) = go() else { return };
    let dir = scratch!("recursion");
    let profile = pgoscope_testkit::recursion_profile(&go, &dir, "3s");
    let text = std::fs::read_to_string({
        let out = dir.join("full.txt");
        go_preprofile(&go, &profile, &out);
        out
    })
    .unwrap();
    assert!(text.contains("main.fib\nmain.fib\n"), "the profile has the recursive edge:\n{text}");
    check_lossless(&go, "recursion", &[profile]);
}
