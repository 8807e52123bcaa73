//! `go test -bench` output: each result line's iterations and ns/op (Go's benchmark format:
//! `BenchmarkName-8   1000000   1052 ns/op   128 B/op   2 allocs/op`).

use serde::{Deserialize, Serialize};

/// One benchmark result line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchRun {
    /// The name as printed, with its `-GOMAXPROCS` suffix.
    pub name: String,
    pub iterations: u64,
    pub ns_per_op: f64,
}

/// Why a text is not benchmark output.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BenchError {
    #[error("line {line}: {reason} in {text:?}; benchmark lines read `BenchmarkName-8  1000  1052 ns/op`")]
    BadLine { line: usize, reason: &'static str, text: String },
    #[error("no benchmark results (lines starting with `Benchmark` and holding ns/op): give the output of `go test -bench`")]
    NoResults,
}

/// The results of `go test -bench` output, in order (a `-count N` run gives N lines per benchmark).
/// Other lines (goos, pkg, PASS, ok, logs) are skipped; a `Benchmark…` line that has a tab-separated
/// iteration count but no readable ns/op is an error naming its line.
pub fn parse_bench(text: &str) -> Result<Vec<BenchRun>, BenchError> {
    let mut runs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut fields = line.split_whitespace();
        let Some(name) = fields.next().filter(|n| is_benchmark_name(n)) else { continue };
        let Some(iterations) = fields.next().and_then(|n| n.parse::<u64>().ok()) else {
            // `BenchmarkX` alone is the name printed before a result (with -v) or a log line.
            continue;
        };
        let bad = |reason| BenchError::BadLine { line: i + 1, reason, text: line.to_owned() };
        let rest: Vec<&str> = fields.collect();
        let ns = rest.windows(2).find(|w| w[1] == "ns/op").ok_or_else(|| bad("no ns/op"))?;
        let ns_per_op: f64 = ns[0].parse().map_err(|_| bad("ns/op is not a number"))?;
        if !ns_per_op.is_finite() || ns_per_op < 0.0 || iterations == 0 {
            return Err(bad("ns/op or iterations out of range"));
        }
        runs.push(BenchRun { name: name.to_owned(), iterations, ns_per_op });
    }
    if runs.is_empty() {
        return Err(BenchError::NoResults);
    }
    Ok(runs)
}

/// `Benchmark` followed by an upper-case letter, a digit, `_` or nothing (Go's rule for the names
/// `go test` runs), as benchmark output prints them.
fn is_benchmark_name(field: &str) -> bool {
    field
        .strip_prefix("Benchmark")
        .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_lowercase()))
}

/// Operations of all the runs: the work a profile collected during them did.
pub fn total_iterations(runs: &[BenchRun]) -> u64 {
    runs.iter().map(|r| r.iterations).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_lines_are_read_and_the_rest_skipped() {
        let text = "goos: linux\ngoarch: amd64\npkg: example.com/shapes\n\
            BenchmarkSumAreas\n\
            BenchmarkSumAreas-8   \t   20000\t      1052 ns/op\t     128 B/op\t       2 allocs/op\n\
            BenchmarkSumAreas-8   \t   20000\t      1049.5 ns/op\t  12.5 MB/s\n\
            Benchmarks are fun\nPASS\nok  \texample.com/shapes\t0.1s\n";
        let runs = parse_bench(text).unwrap();
        assert_eq!(runs.len(), 2);
        assert_eq!(
            (runs[1].name.as_str(), runs[1].iterations, runs[1].ns_per_op),
            ("BenchmarkSumAreas-8", 20000, 1049.5)
        );
        assert_eq!(total_iterations(&runs), 40000);
        assert_eq!(parse_bench("PASS\n"), Err(BenchError::NoResults));
        let err = parse_bench("BenchmarkX-8 100 12 B/op\n").unwrap_err();
        assert!(err.to_string().starts_with("line 1: no ns/op"), "{err}");
    }
}
