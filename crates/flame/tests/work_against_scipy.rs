//! benchstat's statistics held against SciPy: the Mann-Whitney U test's two-sided p-value (exact
//! without ties, the normal approximation with tie and continuity corrections otherwise) and the
//! median's 95 % interval from binomial order statistics.

use std::process::Command;

use pgoscope_flame::work::{mann_whitney_p, median_interval};
use pgoscope_testkit::{run_ok, scipy_python};

/// Deterministic samples: sizes 2..=12 per side, some with ties (values on a coarse grid).
fn cases() -> Vec<(Vec<f64>, Vec<f64>)> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut cases = Vec::new();
    for i in 0..60u64 {
        let (n1, n2) = (2 + (next() % 11) as usize, 2 + (next() % 11) as usize);
        let grid = if i % 3 == 0 { 5.0 } else { 1e-6 };
        let shift = (i % 4) as f64 * 7.0;
        let mut draw = |n: usize, shift: f64| -> Vec<f64> {
            (0..n)
                .map(|_| ((next() % 100_000) as f64 / 1000.0 + shift) / grid)
                .map(|v| v.round() * grid)
                .collect()
        };
        cases.push((draw(n1, 0.0), draw(n2, shift)));
    }
    cases
}

fn list(v: &[f64]) -> String {
    let items: Vec<String> = v.iter().map(|x| format!("{x:?}")).collect();
    format!("[{}]", items.join(","))
}

#[test]
fn mann_whitney_p_values_equal_scipys() {
    let Some(python) = scipy_python() else { return };
    let cases = cases();
    let mut script = String::from("from scipy.stats import mannwhitneyu\nimport numpy as np\n");
    for (x, y) in &cases {
        // SciPy's own choice: exact without ties (small samples), asymptotic with ties.
        let ties = {
            let mut all: Vec<f64> = x.iter().chain(y).copied().collect();
            all.sort_by(f64::total_cmp);
            all.windows(2).any(|w| w[0] == w[1])
        };
        let method = if ties { "asymptotic" } else { "exact" };
        script += &format!("print(repr(float(mannwhitneyu({}, {}, alternative='two-sided', method='{method}', use_continuity=True).pvalue)))\n", list(x), list(y));
    }
    let out = run_ok(Command::new(python).args(["-c", &script]));
    let expected: Vec<f64> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| l.parse().unwrap()).collect();
    assert_eq!(expected.len(), cases.len());
    let mut with_ties = 0;
    for ((x, y), want) in cases.iter().zip(&expected) {
        let got = mann_whitney_p(x, y);
        assert!((got - want).abs() < 1e-6, "p({x:?}, {y:?}) = {got}, SciPy says {want}");
        with_ties += usize::from(
            x.iter().chain(y).any(|v| x.iter().chain(y).filter(|w| *w == v).count() > 1),
        );
    }
    assert!(
        with_ties > 5 && with_ties < cases.len() - 5,
        "both paths are tested ({with_ties} with ties)"
    );
}

#[test]
fn median_intervals_are_the_narrowest_with_95_percent_binomial_coverage() {
    let Some(python) = scipy_python() else { return };
    // For n runs, SciPy's binomial distribution gives the largest k whose interval
    // [x(k), x(n+1-k)] covers the median with probability ≥ 95 % (0 = none does).
    let script = "from scipy.stats import binom\n\
        for n in range(1, 41):\n\
        \x20   ks = [k for k in range(1, (n + 1) // 2 + 1) if 1 - 2 * binom.cdf(k - 1, n, 0.5) >= 0.95]\n\
        \x20   print(max(ks) if ks else 0)\n";
    let out = run_ok(Command::new(python).args(["-c", script]));
    for (n, line) in (1..=40usize).zip(String::from_utf8_lossy(&out.stdout).lines()) {
        let k: usize = line.trim().parse().unwrap();
        let values: Vec<f64> = (1..=n).rev().map(|i| i as f64 * 10.0).collect();
        let got = median_interval(&values);
        let want = (k > 0).then(|| (k as f64 * 10.0, (n + 1 - k) as f64 * 10.0));
        assert_eq!(got, want, "n = {n}");
    }
}
