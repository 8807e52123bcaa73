//! Which inputs `ci` merges, and how each is weighted.

use pgoscope_pprof::{find_sample_index, sample_total, Profile};

use crate::input::CliError;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Weight {
    /// Merge the profiles as they are.
    None,
    /// Scale each profile to the longest one's duration first.
    Duration,
}

pub struct Selection {
    pub profiles: Vec<Profile>,
    /// Inputs kept, with their CPU seconds.
    pub chosen: Vec<(String, f64)>,
    /// Inputs left out, with the reason.
    pub skipped: Vec<(String, String)>,
}

/// CPU seconds of a profile: its `cpu/nanoseconds` total; `None` without that sample type.
pub fn cpu_seconds(p: &Profile) -> Option<f64> {
    let header = p.header();
    let index = find_sample_index(&header, "cpu/nanoseconds")?;
    Some(sample_total(p, index) as f64 / 1e9)
}

/// Keeps the loaded CPU profiles, the `top` with the most CPU when asked (ties in input order), in
/// input order, scaled to one duration with [`Weight::Duration`].
pub fn select(
    loaded: Vec<(String, Result<Profile, CliError>)>,
    top: Option<usize>,
    weight: Weight,
) -> Selection {
    let mut skipped = Vec::new();
    let mut usable: Vec<(usize, String, Profile, f64)> = Vec::new();
    for (i, (name, result)) in loaded.into_iter().enumerate() {
        match result {
            Err(e) => skipped.push((name, e)),
            Ok(p) => match cpu_seconds(&p) {
                Some(cpu) => usable.push((i, name, p, cpu)),
                None => skipped.push((name, "not a CPU profile (no cpu/nanoseconds)".into())),
            },
        }
    }
    if let Some(n) = top.filter(|&n| n < usable.len()) {
        usable.sort_by(|a, b| b.3.total_cmp(&a.3).then(a.0.cmp(&b.0)));
        for (_, name, _, cpu) in usable.drain(n..) {
            skipped.push((name, format!("not in the top {n} by CPU ({cpu:.2} s)")));
        }
        usable.sort_by_key(|u| u.0);
    }
    if weight == Weight::Duration {
        scale_to_longest(&mut usable, &mut skipped);
    }
    let chosen = usable.iter().map(|(_, name, _, cpu)| (name.clone(), *cpu)).collect();
    Selection { profiles: usable.into_iter().map(|u| u.2).collect(), chosen, skipped }
}

/// Scales every profile's values by the longest duration over its own (rounding as pprof's
/// `ScaleN` does); a profile without a duration is left out, since it cannot be weighted.
fn scale_to_longest(
    usable: &mut Vec<(usize, String, Profile, f64)>,
    skipped: &mut Vec<(String, String)>,
) {
    let longest = usable.iter().map(|u| u.2.duration_nanos).max().unwrap_or(0);
    usable.retain(|u| {
        let kept = u.2.duration_nanos > 0;
        if !kept {
            skipped.push((u.1.clone(), "no duration: cannot be weighted by duration".into()));
        }
        kept
    });
    for (_, _, p, _) in usable.iter_mut() {
        let ratio = longest as f64 / p.duration_nanos as f64;
        let ratios = vec![ratio; p.sample_type.len()];
        pgoscope_flame::scale(p, &ratios);
        p.duration_nanos = longest;
    }
}
