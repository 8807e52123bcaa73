//! What `hot` and `pgo` share: the threshold flag's parser and the lints they print.

use pgoscope_pgo::Lint;

/// A percent between 0 and 100 (`--cdf-threshold`).
pub fn parse_percent(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=100.0).contains(&v) => Ok(v),
        _ => Err(format!("{s:?} is not a percent between 0 and 100")),
    }
}

/// Lints on stderr, one per line with its fix.
pub fn print_lints(lints: &[Lint]) {
    for l in lints {
        eprintln!(
            "{:?}[{}]: {}
    fix: {}",
            l.severity, l.code, l.message, l.fix
        );
    }
}
