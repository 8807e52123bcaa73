//! The statistics benchstat reports for repeated benchmark runs: the median with a 95 % confidence
//! interval from order statistics, and the Mann-Whitney U test's two-sided p-value.

/// Confidence of the interval around the median.
pub const CONFIDENCE: f64 = 0.95;
/// Sample sizes (per side) up to which the U test's p-value is exact (without ties).
const EXACT_UP_TO: usize = 50;

/// The median of `values` (the mean of the middle two for an even count); NaN when empty.
pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// The narrowest interval `[x(k), x(n+1-k)]` of the sorted values that holds the median with at
/// least [`CONFIDENCE`] (a binomial(n, ½) bound, no assumption on the distribution); `None` when even
/// the whole range is not that sure (fewer than 6 values).
pub fn median_interval(values: &[f64]) -> Option<(f64, f64)> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    // P(X < k) for X ~ Binomial(n, 1/2), for k = 1, 2, …: the interval from the k-th to the
    // (n+1-k)-th value misses the median with probability 2·P(X < k).
    let mut below = 0.0;
    let mut best = None;
    for k in 1..=n.div_ceil(2) {
        below += binomial_half(n, k - 1);
        if 1.0 - 2.0 * below < CONFIDENCE {
            break;
        }
        best = Some((v[k - 1], v[n - k]));
    }
    best
}

/// P(X = k) for X ~ Binomial(n, ½).
fn binomial_half(n: usize, k: usize) -> f64 {
    let log_choose = ln_factorial(n) - ln_factorial(k) - ln_factorial(n - k);
    (log_choose - n as f64 * std::f64::consts::LN_2).exp()
}

fn ln_factorial(n: usize) -> f64 {
    (2..=n).map(|i| (i as f64).ln()).sum()
}

/// The two-sided p-value of the Mann-Whitney U test of `x` against `y`: exact for samples of up to
/// 50 values without ties, else the normal approximation with the tie correction and a continuity
/// correction (as scipy's `mannwhitneyu` computes both). 1 when a side is empty.
pub fn mann_whitney_p(x: &[f64], y: &[f64]) -> f64 {
    let (n1, n2) = (x.len(), y.len());
    if n1 == 0 || n2 == 0 {
        return 1.0;
    }
    let (u, ties) = u_statistic(x, y);
    let p = if ties.is_empty() && n1 <= EXACT_UP_TO && n2 <= EXACT_UP_TO {
        exact_p(n1, n2, u)
    } else {
        normal_p(n1, n2, u, &ties)
    };
    p.min(1.0)
}

/// U of `x` (pairs where x wins, ties counting ½) and the sizes of the groups of tied values.
fn u_statistic(x: &[f64], y: &[f64]) -> (f64, Vec<usize>) {
    let mut all: Vec<(f64, bool)> =
        x.iter().map(|&v| (v, true)).chain(y.iter().map(|&v| (v, false))).collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Midranks, and the sizes of tied groups.
    let (mut rank_sum_x, mut ties) = (0.0, Vec::new());
    let mut i = 0;
    while i < all.len() {
        let j = all[i..].iter().take_while(|v| v.0 == all[i].0).count() + i;
        let midrank = (i + 1 + j) as f64 / 2.0;
        rank_sum_x += midrank * all[i..j].iter().filter(|v| v.1).count() as f64;
        if j - i > 1 {
            ties.push(j - i);
        }
        i = j;
    }
    let n1 = x.len() as f64;
    (rank_sum_x - n1 * (n1 + 1.0) / 2.0, ties)
}

/// 2·min(P(U ≤ u), P(U ≥ u)) under the null hypothesis, from the exact distribution of U.
fn exact_p(n1: usize, n2: usize, u: f64) -> f64 {
    let counts = u_counts(n1, n2);
    let total: f64 = counts.iter().sum();
    let u = u.round() as usize;
    let at_most: f64 = counts[..=u.min(counts.len() - 1)].iter().sum();
    let at_least: f64 = counts[u.min(counts.len())..].iter().sum();
    2.0 * at_most.min(at_least) / total
}

/// How many orderings of `n1` x-values and `n2` y-values give each U (0 ..= n1·n2):
/// c(n1, n2, u) = c(n1 − 1, n2, u − n2) + c(n1, n2 − 1, u).
fn u_counts(n1: usize, n2: usize) -> Vec<f64> {
    let max = n1 * n2;
    // table[j] = counts for (i, j) for the current i.
    let mut prev: Vec<Vec<f64>> = (0..=n2).map(|_| unit(max)).collect();
    for _ in 0..n1 {
        let mut row: Vec<Vec<f64>> = vec![unit(max)];
        for j in 1..=n2 {
            let mut c = row[j - 1].clone();
            for (u, slot) in c.iter_mut().enumerate().skip(j) {
                *slot += prev[j][u - j];
            }
            row.push(c);
        }
        prev = row;
    }
    prev[n2].clone()
}

/// The distribution of U when one side is empty: U = 0 in one way.
fn unit(max: usize) -> Vec<f64> {
    let mut v = vec![0.0; max + 1];
    v[0] = 1.0;
    v
}

/// The normal approximation of the two-sided p-value, with tie and continuity corrections.
fn normal_p(n1: usize, n2: usize, u: f64, ties: &[usize]) -> f64 {
    let (n1, n2) = (n1 as f64, n2 as f64);
    let n = n1 + n2;
    let mean = n1 * n2 / 2.0;
    let tie_term: f64 = ties.iter().map(|&t| (t * t * t - t) as f64).sum::<f64>() / (n * (n - 1.0));
    let sd = (n1 * n2 / 12.0 * ((n + 1.0) - tie_term)).sqrt();
    if sd == 0.0 {
        return 1.0;
    }
    let z = ((u - mean).abs() - 0.5).max(0.0) / sd;
    2.0 * normal_sf(z)
}

/// P(Z > z) for a standard normal Z (erfc by Numerical Recipes' Chebyshev fit, |error| < 1.2e-7).
fn normal_sf(z: f64) -> f64 {
    0.5 * erfc(z / std::f64::consts::SQRT_2)
}

fn erfc(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.5 * x.abs());
    let poly = -x * x - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}
