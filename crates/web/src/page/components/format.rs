//! Human-readable values (exact integers are in the CLI and the JSON outputs).

/// A value with its unit, scaled for reading.
pub fn format_value(v: i64, unit: &str) -> String {
    match unit {
        "nanoseconds" => format_seconds(v as f64 / 1e9),
        "microseconds" => format_seconds(v as f64 / 1e6),
        "bytes" => format_bytes(v),
        _ => v.to_string(),
    }
}

fn format_seconds(s: f64) -> String {
    match s.abs() {
        a if a >= 1.0 => format!("{s:.2} s"),
        a if a >= 1e-3 => format!("{:.2} ms", s * 1e3),
        a if a > 0.0 => format!("{:.2} µs", s * 1e6),
        _ => "0".into(),
    }
}

/// `1 file`, `3 files`.
pub fn file_count(n: usize) -> String {
    if n == 1 {
        "1 file".to_owned()
    } else {
        format!("{n} files")
    }
}

/// Bytes in B, KB, MB, GB (powers of 1024).
pub fn format_bytes(n: i64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v.abs() >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}
