//! `pgoscope list` against `go tool pprof -list`: flat and cum of every sampled line of every
//! matching function, inlined frames (their own lines, in a PGO build's profile) and recursion (the
//! Go compiler's profile) included.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use pgoscope_testkit::{fixtures, go, pgoscope, run_ok};
use serde_json::Value;

/// (function, file name, line) → (flat, cum), lines with a value only.
type Lines = BTreeMap<(String, String, i64), (i64, i64)>;

fn base_name(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_owned()
}

/// A value as pprof prints it with `-unit=ns`: `.` for zero.
fn value(field: &str) -> i64 {
    if field == "." {
        return 0;
    }
    let digits: String = field.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().unwrap_or_else(|_| panic!("not a value: {field:?}"))
}

/// The routines pprof could print (their source found), as lines with values.
fn pprof_list(go: &Path, profile: &Path, regex: &str, source: &Path) -> Lines {
    let out = run_ok(
        Command::new(go)
            .args(["tool", "pprof", "-list", regex, "-unit=ns"])
            .arg(format!("-source_path={}", source.display()))
            .arg(profile),
    );
    let mut lines = Lines::new();
    let mut routine: Option<(String, String)> = None;
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        if let Some(rest) = line.strip_prefix("ROUTINE ======================== ") {
            let (name, file) = rest.rsplit_once(" in ").unwrap();
            routine = Some((name.to_owned(), base_name(file)));
            continue;
        }
        let Some((name, file)) = &routine else { continue };
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [flat, cum, at, ..] = fields[..] else { continue };
        let Some(number) = at.split(':').next().and_then(|n| n.parse::<i64>().ok()) else {
            continue;
        };
        if !at.contains(':') || (flat == "." && cum == ".") {
            continue;
        }
        lines.insert((name.clone(), file.clone(), number), (value(flat), value(cum)));
    }
    lines
}

/// Our lines of the routines pprof printed.
fn our_list(profile: &Path, regex: &str, printed: &Lines) -> Lines {
    let out = run_ok(pgoscope!().args(["list", "--json", regex]).arg(profile));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut lines = Lines::new();
    for f in json["functions"].as_array().unwrap() {
        let (name, file) =
            (f["function"].as_str().unwrap(), base_name(f["file"].as_str().unwrap()));
        if !printed.keys().any(|(n, fl, _)| n == name && *fl == file) {
            continue; // pprof found no source for it
        }
        // pprof prints a routine from its first line on (a line before it, which Go attributes to
        // the function when it inlined a callee there, is in our JSON, not in pprof's listing).
        let start = f["start_line"].as_i64().unwrap();
        for l in f["lines"].as_array().unwrap() {
            let (flat, cum) = (l["flat"].as_i64().unwrap(), l["cum"].as_i64().unwrap());
            if (flat != 0 || cum != 0) && l["line"].as_i64().unwrap() >= start {
                lines.insert(
                    (name.to_owned(), file.clone(), l["line"].as_i64().unwrap()),
                    (flat, cum),
                );
            }
        }
    }
    lines
}

#[test]
fn lines_equal_pprofs_list_with_inlined_frames_and_recursion() {
    let Some(go) = go() else { return };
    let goroot = PathBuf::from(
        String::from_utf8(run_ok(Command::new(&go).args(["env", "GOROOT"])).stdout).unwrap().trim(),
    );
    let fx = fixtures().join("go");
    let cases: [(&str, &str, PathBuf); 5] = [
        (
            "shapes-cpu.pprof",
            "main\\.",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/shapes"),
        ),
        ("websvc-before-1.pprof", "main\\.", fx.join("websvc")),
        // A PGO build: callees inlined into main's handlers, each with its own lines.
        ("websvc-after-2.pprof", "main\\.", fx.join("websvc")),
        // The compiler: deep recursion (a function on the stack many times counts once in cum).
        (
            "compile-ssa.pprof",
            "ssa\\.\\(\\*Func\\)\\.|ssa\\.dominators|ssa\\.cse$",
            goroot.join("src"),
        ),
        ("compile-ssa.pprof", "ir\\.(Visit|DoChildren|Any)", goroot.join("src")),
    ];
    for (file, regex, source) in cases {
        let profile = fx.join(file);
        let expected = pprof_list(&go, &profile, regex, &source);
        assert!(expected.len() > 5, "{file} {regex}: pprof printed {} lines", expected.len());
        let ours = our_list(&profile, regex, &expected);
        if ours != expected {
            let diff = pgoscope_testkit::map_differences(&expected, &ours, 10);
            panic!("{file} {regex}:\n{}", diff.join("\n"));
        }
    }
}

#[test]
fn the_text_listing_shows_the_source_and_a_hint_without_it() {
    let profile = fixtures().join("go/shapes-cpu.pprof");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/shapes");
    let with = run_ok(
        pgoscope!().args(["list", "main\\.sumAreas$", "--source-dir"]).arg(&example).arg(&profile),
    );
    let text = String::from_utf8_lossy(&with.stdout);
    assert!(text.contains("ROUTINE ======================== main.sumAreas in "), "{text}");
    assert!(text.lines().any(|l| l.contains(":func sumAreas(shapes []Shape) float64 {")), "{text}");
    let without = run_ok(pgoscope!().args(["list", "main\\.sumAreas$"]).arg(&profile));
    assert!(String::from_utf8_lossy(&without.stdout).contains("give --source-dir DIR"));
    let none = pgoscope!().args(["list", "no\\.such"]).arg(&profile).output().unwrap();
    assert!(!none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains("no function with samples matches"));
}

/// The module's `.zip` as the module proxy serves it (`MODULE@VERSION/…`), of the example's files.
fn module_zip(dir: &Path, prefix: &str) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        w.start_file(format!("{prefix}/{name}"), options).unwrap();
        w.write_all(&std::fs::read(&path).unwrap()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn a_module_zip_gives_the_same_listing_as_its_folder() {
    let profile = fixtures().join("go/shapes-cpu.pprof");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/shapes");
    let dir = tempfile_dir("list-zip");
    let zip_path = dir.join("v0.0.0.zip");
    std::fs::write(&zip_path, module_zip(&example, "example.com/shapes@v0.0.0")).unwrap();
    let list = |source: &Path| {
        let out = run_ok(
            pgoscope!().args(["list", "main\\."]).arg("--source-dir").arg(source).arg(&profile),
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let from_folder = list(&example);
    assert!(from_folder.contains(":func sumAreas(shapes []Shape) float64 {"), "{from_folder}");
    assert_eq!(list(&zip_path), from_folder);
    std::fs::write(&zip_path, b"not a zip").unwrap();
    let bad = pgoscope!()
        .args(["list", "main\\.", "--source-dir"])
        .arg(&zip_path)
        .arg(&profile)
        .output()
        .unwrap();
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("v0.0.0.zip: not a readable zip archive"), "{stderr}");
    std::fs::remove_dir_all(dir).unwrap();
}

fn tempfile_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pgoscope-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
