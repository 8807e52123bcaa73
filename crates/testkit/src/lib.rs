//! Helpers shared by the tests of pgoscope's crates (a dev-dependency, never shipped): where the
//! fixtures are, hostile inputs written as raw wire bytes, a small profile builder, and running
//! Go's own `pprof` as the reference.

mod builder;
pub mod hostile;
pub mod pprof_top;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub use builder::Builder;

/// The repository's `tests/fixtures`, or `$PGOSCOPE_FIXTURES`.
pub fn fixtures() -> PathBuf {
    if let Ok(dir) = std::env::var("PGOSCOPE_FIXTURES") {
        return PathBuf::from(dir);
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    assert!(dir.is_dir(), "fixtures not found at {} (set PGOSCOPE_FIXTURES)", dir.display());
    dir
}

/// The bytes of a fixture, by its path under [`fixtures`].
pub fn read_fixture(rel: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(rel)).expect("read fixture")
}

/// Every protobuf fixture, sorted: the Go CPU profiles and google/pprof's converted corpus.
pub fn proto_fixture_paths() -> Vec<PathBuf> {
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
    assert!(files.len() >= 15, "expected the fixtures, found {}", files.len());
    files
}

/// Every protobuf fixture as (file name, bytes), sorted by name.
pub fn proto_fixtures() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = proto_fixture_paths()
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).expect("read fixture"))
        })
        .collect();
    files.sort();
    files
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

/// The project's Python with SciPy (`make setup` installs it in `.venv`): the reference for the
/// statistics benchstat reports. Like [`go`], `None` (the test is skipped) unless
/// `PGOSCOPE_REQUIRE_GO=1`, which `make test` sets.
pub fn scipy_python() -> Option<PathBuf> {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/python");
    let ok = Command::new(&python)
        .args(["-c", "import scipy.stats"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some(python);
    }
    if std::env::var("PGOSCOPE_REQUIRE_GO").is_ok_and(|v| v == "1") {
        panic!("SciPy is required (PGOSCOPE_REQUIRE_GO=1) but not found: run `make setup`");
    }
    eprintln!("SKIPPED: SciPy not found (install with `make setup`)");
    None
}

/// A fresh, empty directory `name` under `root` (a test's own scratch space).
pub fn scratch_dir(root: &Path, name: &str) -> PathBuf {
    let dir = root.join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// A scratch directory unique to one test, under the calling test crate's `CARGO_TARGET_TMPDIR`.
#[macro_export]
macro_rules! scratch {
    ($name:expr) => {
        $crate::scratch_dir(::std::path::Path::new(env!("CARGO_TARGET_TMPDIR")), $name)
    };
}

/// The calling test crate's `pgoscope` binary (`CARGO_BIN_EXE_pgoscope`), as a command.
#[macro_export]
macro_rules! pgoscope {
    () => {
        ::std::process::Command::new(env!("CARGO_BIN_EXE_pgoscope"))
    };
}

/// The entries where two maps differ, `key: expected …, ours …`, at most `max` of them: what a test
/// comparing our values with a reference tool's prints when they differ.
pub fn map_differences<K: Ord + std::fmt::Debug, V: PartialEq + std::fmt::Debug>(
    expected: &std::collections::BTreeMap<K, V>,
    ours: &std::collections::BTreeMap<K, V>,
    max: usize,
) -> Vec<String> {
    let differ = expected.iter().filter(|(k, v)| ours.get(*k) != Some(*v));
    let differ = differ.map(|(k, v)| format!("{k:?}: reference {v:?}, ours {:?}", ours.get(k)));
    let extra =
        ours.keys().filter(|k| !expected.contains_key(*k)).map(|k| format!("{k:?}: only ours"));
    differ.chain(extra).take(max).collect()
}

/// `tests/go/recursion` (a recursion-heavy Go program), built into `dir` and run for `duration`
/// (`"2s"`): the CPU profile it wrote.
pub fn recursion_profile(go: &Path, dir: &Path, duration: &str) -> PathBuf {
    let source = recursion_source();
    let binary = dir.join("recursion");
    run_ok(Command::new(go).args(["build", "-o"]).arg(&binary).arg(".").current_dir(&source));
    let profile = dir.join("cpu.pprof");
    run_ok(Command::new(&binary).arg("-o").arg(&profile).args(["-d", duration]));
    profile
}

/// The source folder of `tests/go/recursion`.
pub fn recursion_source() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/go/recursion")
}
