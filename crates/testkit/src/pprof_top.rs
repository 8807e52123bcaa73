//! Parsing `go tool pprof -top` output, the reference our `top` is checked against.

use std::path::Path;
use std::process::Command;

/// `go tool pprof -top` for one sample index, every node, exact integers.
#[derive(Debug)]
pub struct GoTop {
    pub total: i64,
    /// (function, flat, cum), in pprof's order.
    pub rows: Vec<(String, i64, i64)>,
}

/// The `-unit` that makes pprof print a value type's values as exact integers.
fn unit_flag(unit: &str) -> Option<&'static str> {
    match unit {
        "nanoseconds" => Some("-unit=ns"),
        "microseconds" => Some("-unit=us"),
        "milliseconds" => Some("-unit=ms"),
        "bytes" => Some("-unit=B"),
        _ => None,
    }
}

pub fn go_top(go: &Path, file: &Path, sample_index: usize, unit: &str, cum: bool) -> GoTop {
    go_top_with(go, file, sample_index, unit, cum, &[])
}

/// [`go_top`] with extra pprof flags (e.g. `-focus=re`).
pub fn go_top_with(
    go: &Path,
    file: &Path,
    sample_index: usize,
    unit: &str,
    cum: bool,
    extra: &[String],
) -> GoTop {
    let mut cmd = Command::new(go);
    cmd.args(["tool", "pprof", "-top", "-nodecount=1000000", "-nodefraction=0"])
        .args(extra)
        .args(["-edgefraction=0", "-symbolize=none"])
        .arg(format!("-sample_index={sample_index}"));
    if let Some(flag) = unit_flag(unit) {
        cmd.arg(flag);
    }
    if cum {
        cmd.arg("-cum");
    }
    let out = crate::run_ok(cmd.arg(file));
    parse(&String::from_utf8_lossy(&out.stdout))
}

/// A number as pprof prints it with an exact unit: digits, optional `.dd`, then a unit suffix.
fn number(field: &str) -> i64 {
    let digits: String =
        field.chars().take_while(|c| c.is_ascii_digit() || *c == '-' || *c == '.').collect();
    let v: f64 = digits.parse().unwrap_or_else(|_| panic!("not a number: {field:?}"));
    assert_eq!(v.fract(), 0.0, "pprof printed a fraction: {field:?}");
    v as i64
}

fn parse(text: &str) -> GoTop {
    let total_line = text
        .lines()
        .find(|l| l.starts_with("Showing nodes accounting for"))
        .unwrap_or_else(|| panic!("no total line in pprof output:\n{text}"));
    let of = total_line.split(" of ").nth(1).expect("' of ' in total line");
    let total = number(of.split_whitespace().next().expect("total value"));
    let mut rows = Vec::new();
    let mut in_table = false;
    for line in text.lines() {
        if line.trim_start().starts_with("flat  flat%") {
            in_table = true;
            continue;
        }
        if !in_table || line.trim().is_empty() {
            continue;
        }
        let mut parts = line.split_whitespace();
        let flat = number(parts.next().expect("flat"));
        let _flat_pct = parts.next();
        let _sum_pct = parts.next();
        let cum = number(parts.next().expect("cum"));
        let _cum_pct = parts.next();
        // The name is the rest after the 5th field and two spaces; strip pprof's inline marker.
        let name_start = nth_field_end(line, 5) + 2;
        let name = line[name_start..]
            .trim_end_matches(" (partial-inline)")
            .trim_end_matches(" (inline)")
            .to_owned();
        rows.push((name, flat, cum));
    }
    GoTop { total, rows }
}

/// Byte offset just after the n-th whitespace-separated field of `line`.
fn nth_field_end(line: &str, n: usize) -> usize {
    let mut count = 0;
    let mut in_field = false;
    for (i, c) in line.char_indices() {
        let ws = c.is_whitespace();
        if !ws && !in_field {
            in_field = true;
        } else if ws && in_field {
            in_field = false;
            count += 1;
            if count == n {
                return i;
            }
        }
    }
    line.len()
}
