//! `pgoscope buildinfo` prints what `go version -m` prints, for binaries built here with `-pgo`,
//! with `-trimpath`, and with `-pgo=off`; a non-Go file and a truncated binary get clear errors.

use pgoscope_testkit as common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{fixtures, go, pgoscope, run_ok, scratch};
use serde_json::Value;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/shapes")
}

fn build(go: &Path, flags: &[String], out: &Path) {
    run_ok(
        Command::new(go)
            .arg("build")
            .args(flags)
            .arg("-o")
            .arg(out)
            .arg(".")
            .current_dir(example()),
    );
}

#[test]
fn buildinfo_equals_go_version_m() {
    let Some(go) = go() else { return };
    let dir = scratch!("buildinfo_against_go");
    let profile = dir.join("default.pgo");
    std::fs::copy(fixtures().join("go/websvc-before-1.pprof"), &profile).unwrap();
    let profile = profile.canonicalize().unwrap();
    let cases = [
        (
            "with-pgo",
            vec![format!("-pgo={}", profile.display())],
            Some(profile.display().to_string()),
        ),
        ("trimpath", vec!["-trimpath".to_owned()], None),
        ("pgo-off", vec!["-pgo=off".to_owned()], None),
    ];
    for (name, flags, pgo) in cases {
        let binary = dir.join(name);
        build(&go, &flags, &binary);
        let expected = run_ok(Command::new(&go).args(["version", "-m"]).arg(&binary)).stdout;
        let ours = run_ok(pgoscope!().arg("buildinfo").arg(&binary)).stdout;
        assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&expected), "{name}");
        let json: Value = serde_json::from_slice(
            &run_ok(pgoscope!().args(["buildinfo", "--json"]).arg(&binary)).stdout,
        )
        .unwrap();
        assert_eq!(json["pgo"].as_str().map(str::to_owned), pgo, "{name}");
        assert!(json["go_version"].as_str().unwrap().starts_with("go1."), "{name}");
        assert_eq!(json["path"], "shapes", "{name}");
        if name == "with-pgo" {
            assert_eq!(json["settings"]["-pgo"], profile.display().to_string());
        } else {
            assert!(json["settings"].get("-pgo").is_none(), "{name}: Go records no -pgo setting");
        }
        if name == "trimpath" {
            assert_eq!(json["settings"]["-trimpath"], "true");
        }
    }
}

#[test]
fn non_go_and_truncated_files_are_named() {
    let Some(go) = go() else { return };
    let dir = scratch!("buildinfo_errors");
    let binary = dir.join("shapes");
    build(&go, &[], &binary);
    let bytes = std::fs::read(&binary).unwrap();
    let magic = bytes.windows(14).position(|w| w == b"\xff Go buildinf:").unwrap();
    let cases = [
        ("text", b"not a binary at all".to_vec(), "not an executable"),
        (
            "profile",
            std::fs::read(fixtures().join("go/websvc-before-1.pprof")).unwrap(),
            "not an executable",
        ),
        ("head", bytes[..magic].to_vec(), "ELF executable without Go build information"),
        ("cut", bytes[..magic + 40].to_vec(), "cut short"),
    ];
    for (name, content, message) in cases {
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        let out = pgoscope!().arg("buildinfo").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{name}: {stderr}");
    }
}
