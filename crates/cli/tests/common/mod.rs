//! Shared helpers of the CLI tests: where the fixtures, the `pgoscope` binary and Go are.
#![allow(dead_code)]

pub mod pprof_top;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "../../../pprof/tests/common/fixtures_dir.rs"]
mod fixtures_dir;
pub use fixtures_dir::fixtures;

/// Every protobuf fixture: the Go CPU profiles and google/pprof's converted corpus.
pub fn proto_fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for (sub, ext) in [("go", "pprof"), ("pprof-testdata/proto", "gz")] {
        for entry in std::fs::read_dir(fixtures().join(sub)).expect("fixture dir") {
            let path = entry.expect("dir entry").path();
            if path.extension().is_some_and(|e| e == ext) {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 15, "expected the shared fixtures, found {}", files.len());
    files
}

pub fn pgoscope() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pgoscope"))
}

/// Runs a command, returning its output; panics with stderr when it fails.
pub fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

/// The Go toolchain: `$GO`, the repository's `.venv/bin/go`, or `go` on PATH. `None` when absent and
/// Go is not required; panics when `PGOSCOPE_REQUIRE_GO=1` (as `make test` sets) and Go is absent.
pub fn go() -> Option<PathBuf> {
    let repo_go = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/go");
    let candidates =
        [std::env::var("GO").ok().map(PathBuf::from), Some(repo_go), Some("go".into())];
    for c in candidates.into_iter().flatten() {
        if Command::new(&c).arg("version").output().is_ok_and(|o| o.status.success()) {
            return Some(c);
        }
    }
    if std::env::var("PGOSCOPE_REQUIRE_GO").is_ok_and(|v| v == "1") {
        panic!("Go is required (PGOSCOPE_REQUIRE_GO=1) but not found: run `make setup`");
    }
    eprintln!(
        "SKIPPED: Go not found (install with `make setup`); set PGOSCOPE_REQUIRE_GO=1 to fail"
    );
    None
}

/// A scratch directory unique to one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}
