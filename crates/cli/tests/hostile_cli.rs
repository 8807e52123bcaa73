//! Hostile and huge inputs on the command line: a clear error naming the problem and exit status 1,
//! never a panic; other inputs of the same command are still reported.

use pgoscope_testkit as common;

use pgoscope_testkit::hostile;

use std::path::{Path, PathBuf};

use common::{pgoscope, scratch};

fn write(dir: &Path, name: &str, bytes: Vec<u8>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// `pgoscope info FILE`: (exit code, stderr).
fn info(file: &Path) -> (Option<i32>, String) {
    let out = pgoscope!().arg("info").arg(file).output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn each_hostile_file_is_a_named_error() {
    let dir = scratch!("hostile_cli");
    let deep = std::fs::File::create(dir.join("deep.pb.gz")).unwrap();
    hostile::deep_samples(1_000_000, 1000, deep).unwrap();
    let zeros = std::fs::File::create(dir.join("zeros.pb")).unwrap();
    zeros.set_len(1_000_000_000).unwrap();
    let huge = std::fs::File::create(dir.join("huge.pb")).unwrap();
    huge.set_len(2 << 30).unwrap();
    let cases = [
        (dir.join("huge.pb"), "larger than 1024 MiB, the most pgoscope reads from one input"),
        (write(&dir, "bomb.pb.gz", hostile::gzip_bomb(640)), "exceeds the limit of 1073741824"),
        (dir.join("deep.pb.gz"), "1000000 samples with 1000000000 stack frames"),
        (dir.join("zeros.pb"), "at byte 0, Profile: field number 0"),
        (write(&dir, "length.pb", hostile::lying_length()), "claims 1099511627776 bytes"),
        (write(&dir, "varint.pb", hostile::lying_varint()), "packed varint longer than 10"),
        (write(&dir, "dup.pb", hostile::duplicate_ids()), "two locations have the same id 1"),
    ];
    for (file, expected) in &cases {
        let (code, stderr) = info(file);
        assert_eq!(code, Some(1), "{}: {stderr}", file.display());
        assert!(stderr.contains(expected), "{}: {stderr}", file.display());
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn ten_million_strings_and_deep_recursion_load() {
    let dir = scratch!("hostile_cli_ok");
    for (name, bytes) in
        [("strings.pb", hostile::many_strings(10_000_000)), ("rec.pb", hostile::recursion(1000))]
    {
        let out = pgoscope!().arg("top").arg(write(&dir, name, bytes)).output().unwrap();
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    }
}
