//! `pgoscope list`: each matching function's lines with flat and cum, as `go tool pprof -list`
//! prints them; with `--source-dir`, beside the lines' text.

use std::path::{Path, PathBuf};

use pgoscope_pprof::{
    best_source_match, choose_sample_index, list, module_zip_sources, remove_uninteresting,
    sample_total, FunctionLines, MergeOptions, SourceText,
};
use regex::Regex;
use serde::Serialize;

use crate::input::{load_merged, CliError};

#[derive(clap::Args)]
pub struct Args {
    /// Functions to list: a regular expression matched against their names (as pprof's -list).
    regex: String,
    /// Where the Go sources are: a folder, or a module's `.zip` as the module proxy serves it. A
    /// file of the profile is the source file whose path ends with the longest part of its path.
    #[arg(long)]
    source_dir: Option<PathBuf>,
    /// Sample type (`type` or `type/unit`); default: the profile's default, else the last.
    #[arg(long)]
    sample_type: Option<String>,
    /// Print JSON: {"total","functions":[{"function","file","start_line","flat","cum","lines":[{"line","flat","cum"}]}]}.
    #[arg(long)]
    json: bool,
    /// Profiles (merged first): files, or `-` for stdin.
    #[arg(required = true)]
    inputs: Vec<String>,
}

#[derive(Serialize)]
struct ListJson<'a> {
    total: i64,
    functions: &'a [FunctionLines],
}

pub fn run(args: Args) -> Result<(), CliError> {
    let regex = Regex::new(&args.regex).map_err(|e| format!("list {:?}: {e}", args.regex))?;
    let mut profile = load_merged(&args.inputs, &MergeOptions::default(), false)?;
    let index = choose_sample_index(&profile.header(), args.sample_type.as_deref())
        .map_err(|e| e.to_string())?;
    remove_uninteresting(&mut profile);
    let total = sample_total(&profile, index);
    let functions = list(&profile, index, |name| regex.is_match(name));
    if args.json {
        let json = ListJson { total, functions: &functions };
        println!("{}", serde_json::to_string(&json).map_err(|e| e.to_string())?);
        return Ok(());
    }
    if functions.is_empty() {
        return Err(format!("no function with samples matches {:?}", args.regex));
    }
    println!("Total: {total}");
    let sources = args.source_dir.as_deref().map(SourceDir::new).transpose()?;
    for f in &functions {
        print_routine(f, total, sources.as_ref());
    }
    if sources.is_none() {
        println!(
            "(line numbers only: give --source-dir DIR (the module's root) or its .zip to see the source)"
        );
    }
    Ok(())
}

/// One routine: pprof's header, then its lines (with their text when the source is found).
fn print_routine(f: &FunctionLines, total: i64, sources: Option<&SourceDir>) {
    let pct = if total == 0 { 0.0 } else { 100.0 * f.cum as f64 / total as f64 };
    println!("ROUTINE ======================== {} in {}", f.function, f.file);
    println!("{:>14} {:>14} (flat, cum) {pct:.2}% of Total", f.flat, f.cum);
    let dot = |v: i64| if v == 0 { ".".to_owned() } else { v.to_string() };
    let text = sources.and_then(|s| s.lines_of(&f.file));
    let Some(text) = text else {
        if sources.is_some() {
            println!(" (source not found under the source directory)");
        }
        for l in &f.lines {
            println!("{:>14} {:>14} {:>6}:", dot(l.flat), dot(l.cum), l.line);
        }
        return;
    };
    for n in f.listed_lines(text.len()) {
        let source = &text[n as usize - 1];
        let values = f.lines.iter().find(|l| l.line == n);
        let (flat, cum) = values.map_or((0, 0), |l| (l.flat, l.cum));
        println!("{:>14} {:>14} {n:>6}:{source}", dot(flat), dot(cum));
    }
}

/// Go sources: the files under a directory (read when matched), or a module `.zip`'s (read
/// whole), found by the longest matching path suffix.
enum SourceDir {
    Folder(Vec<PathBuf>),
    ModuleZip(Vec<SourceText>),
}

impl SourceDir {
    fn new(dir: &Path) -> Result<SourceDir, CliError> {
        if dir.is_file() {
            let bytes = std::fs::read(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            let zip = module_zip_sources(&bytes).map_err(|e| format!("{}: {e}", dir.display()))?;
            for skipped in &zip.skipped {
                eprintln!("{}: skipped {skipped}", dir.display());
            }
            return Ok(SourceDir::ModuleZip(zip.files));
        }
        let mut files = Vec::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(d) = pending.pop() {
            let entries = std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|e| e == "go" || e == "s") {
                    files.push(path);
                }
            }
        }
        Ok(SourceDir::Folder(files))
    }

    /// The lines of the file that ends with the most path components of `profile_path`.
    fn lines_of(&self, profile_path: &str) -> Option<Vec<String>> {
        let text = match self {
            SourceDir::Folder(files) => {
                let paths: Vec<String> =
                    files.iter().map(|p| p.to_string_lossy().into_owned()).collect();
                let best = best_source_match(profile_path, &paths, String::as_str)?;
                std::fs::read_to_string(best).ok()?
            }
            SourceDir::ModuleZip(files) => {
                best_source_match(profile_path, files, |f| f.path.as_str())?.text.clone()
            }
        };
        Some(text.lines().map(str::to_owned).collect())
    }
}
