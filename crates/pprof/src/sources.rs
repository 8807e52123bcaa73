//! Go sources for listings: matching a profile's file path to a file the user gave, and reading the
//! `.go` files of a Go module's `.zip` (as the module proxy serves it, `MODULE@VERSION/…` paths).
//! No IO: the caller reads the folder, the archive or the URL.

use std::io::{Cursor, Read};

use serde::{Deserialize, Serialize};

/// Source files a module `.zip` may give at most (its other files are skipped and counted).
pub const MAX_SOURCE_FILES: usize = 20_000;
/// Bytes of one source file at most (uncompressed); a bigger one is skipped and named.
pub const MAX_SOURCE_FILE_BYTES: u64 = 4 << 20;
/// Bytes of all the source files of one archive at most (uncompressed): what a zip bomb gets.
pub const MAX_SOURCE_TOTAL_BYTES: u64 = 256 << 20;

/// A source file: its path (in the folder, the archive or the URL) and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceText {
    pub path: String,
    pub text: String,
}

/// The Go files read from a module archive, and what was skipped (`path: why`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleSources {
    pub files: Vec<SourceText>,
    pub skipped: Vec<String>,
}

/// Why a module archive gave no sources.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SourceZipError {
    #[error("not a readable zip archive ({0}): give the module's .zip as the Go module proxy serves it (…/@v/VERSION.zip)")]
    NotZip(String),
    #[error("the archive holds no .go files{}", skipped_note(.0))]
    NoGoFiles(Vec<String>),
}

fn skipped_note(skipped: &[String]) -> String {
    match skipped.first() {
        Some(first) => format!(" that could be read ({} skipped, first: {first})", skipped.len()),
        None => String::new(),
    }
}

/// How many trailing `/`-separated components `candidate` shares with a profile's file path: a
/// source file given by the user names the profile's file when it shares the most (at least 1).
pub fn shared_path_suffix(profile_path: &str, candidate: &str) -> usize {
    fn parts(p: &str) -> impl Iterator<Item = &str> {
        p.rsplit('/').filter(|c| !c.is_empty())
    }
    parts(candidate).zip(parts(profile_path)).take_while(|(a, b)| a == b).count()
}

/// The candidate that names `profile_path`: the one sharing the most trailing path components
/// with it (at least the file name); the first of equals.
pub fn best_source_match<'a, T>(
    profile_path: &str,
    candidates: impl IntoIterator<Item = &'a T>,
    path_of: impl Fn(&T) -> &str,
) -> Option<&'a T>
where
    T: 'a,
{
    let mut best: Option<(&T, usize)> = None;
    for c in candidates {
        let shared = shared_path_suffix(profile_path, path_of(c));
        if shared > 0 && best.is_none_or(|(_, b)| shared > b) {
            best = Some((c, shared));
        }
    }
    best.map(|(c, _)| c)
}

/// The `.go` and `.s` files of a zip archive, in archive order. Each file's size is what it
/// inflates to, not what its header claims: a file over [`MAX_SOURCE_FILE_BYTES`], past
/// [`MAX_SOURCE_FILES`] or [`MAX_SOURCE_TOTAL_BYTES`], not UTF-8, or corrupt is skipped and named.
pub fn module_zip_sources(bytes: &[u8]) -> Result<ModuleSources, SourceZipError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| SourceZipError::NotZip(e.to_string()))?;
    let mut out = ModuleSources { files: Vec::new(), skipped: Vec::new() };
    let mut total_bytes = 0u64;
    for index in 0..archive.len() {
        let mut entry = match archive.by_index(index) {
            Ok(entry) => entry,
            Err(e) => {
                out.skipped.push(format!("entry {index}: {e}"));
                continue;
            }
        };
        let path = entry.name().to_owned();
        if entry.is_dir() || !(path.ends_with(".go") || path.ends_with(".s")) {
            continue;
        }
        if out.files.len() >= MAX_SOURCE_FILES {
            out.skipped.push(format!("{path}: more than {MAX_SOURCE_FILES} source files"));
            continue;
        }
        let budget = MAX_SOURCE_FILE_BYTES.min(MAX_SOURCE_TOTAL_BYTES - total_bytes);
        let mut data = Vec::new();
        if let Err(e) = (&mut entry).take(budget + 1).read_to_end(&mut data) {
            out.skipped.push(format!("{path}: {e}"));
            continue;
        }
        if data.len() as u64 > budget {
            out.skipped.push(format!("{path}: over {budget} bytes uncompressed"));
            continue;
        }
        total_bytes += data.len() as u64;
        match String::from_utf8(data) {
            Ok(text) => out.files.push(SourceText { path, text }),
            Err(_) => out.skipped.push(format!("{path}: not UTF-8 text")),
        }
    }
    if out.files.is_empty() {
        return Err(SourceZipError::NoGoFiles(out.skipped));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in files {
            w.start_file(*name, options).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn reads_the_go_files_of_a_module_zip() {
        let bytes = zip_of(&[
            ("example.com/m@v1.2.3/go.mod", b"module example.com/m\n"),
            ("example.com/m@v1.2.3/a/a.go", b"package a\n"),
            ("example.com/m@v1.2.3/b.go", b"package m\n"),
        ]);
        let got = module_zip_sources(&bytes).unwrap();
        let paths: Vec<&str> = got.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["example.com/m@v1.2.3/a/a.go", "example.com/m@v1.2.3/b.go"]);
        assert_eq!(got.files[0].text, "package a\n");
        assert!(got.skipped.is_empty());
    }

    #[test]
    fn a_file_that_inflates_past_the_limit_is_skipped_and_named() {
        let big = vec![b'x'; MAX_SOURCE_FILE_BYTES as usize + 1];
        let bytes = zip_of(&[("m@v1/big.go", &big), ("m@v1/ok.go", b"package m\n")]);
        assert!(bytes.len() < 64 << 10, "deflate makes a bomb small");
        let got = module_zip_sources(&bytes).unwrap();
        assert_eq!(got.files.len(), 1);
        assert!(got.skipped[0].starts_with("m@v1/big.go: over"), "{:?}", got.skipped);
    }

    #[test]
    fn bad_archives_name_the_problem() {
        let not_zip = module_zip_sources(b"package main\n").unwrap_err();
        assert!(not_zip.to_string().contains("not a readable zip archive"), "{not_zip}");
        let mut truncated = zip_of(&[("m@v1/a.go", b"package a\n")]);
        truncated.truncate(truncated.len() / 2);
        assert!(matches!(module_zip_sources(&truncated), Err(SourceZipError::NotZip(_))));
        let binary = zip_of(&[("m@v1/a.go", &[0xff, 0xfe, 0x00])]);
        let err = module_zip_sources(&binary).unwrap_err();
        assert_eq!(err, SourceZipError::NoGoFiles(vec!["m@v1/a.go: not UTF-8 text".to_owned()]));
    }

    #[test]
    fn the_longest_shared_suffix_wins() {
        let files = ["m@v1/b.go", "m@v1/a/b.go", "other/x.go"];
        let pick = |p: &str| best_source_match(p, &files, |f| f).copied();
        assert_eq!(pick("/go/pkg/mod/m@v1/a/b.go"), Some("m@v1/a/b.go"));
        assert_eq!(pick("/src/b.go"), Some("m@v1/b.go"));
        assert_eq!(pick("/src/c.go"), None);
    }
}
