//! `pgoscope ci`: the pipeline step that refreshes `default.pgo`. It picks the inputs (the `--top` N
//! by CPU), optionally weights them to one duration, writes the minimal lossless default.pgo, checks
//! the hot-set drift against the previous one and the lints, and writes a Markdown report. Inputs are
//! files, URLs and a Pyroscope query. It never
//! fails the build unless `--fail` is given: a broken profile source must not break a release.

mod report;
mod select;

use pgoscope_pgo::{drift, hot_set, lint, minimal_pgo_profile, EdgeGraph, PgoOptions, Severity};
use pgoscope_pprof::{encode, MergeOptions, Profile};

use crate::input::{load, write_output, CliError};
use select::{select, Weight};

/// Drift above this (percent of the previous hot set's weight that left it) warns, by default.
const DEFAULT_MAX_DRIFT_PERCENT: f64 = 50.0;

#[derive(clap::Args)]
pub struct Args {
    /// Where to write default.pgo.
    #[arg(long)]
    out: String,
    /// The default.pgo the current build uses: the drift gate compares with it.
    #[arg(long)]
    previous: Option<String>,
    /// Write a Markdown report here (for a pull-request comment).
    #[arg(long)]
    report: Option<String>,
    /// Keep the N profiles with the most CPU time.
    #[arg(long)]
    top: Option<usize>,
    /// `duration`: scale each profile to the longest one's duration before merging, so that one
    /// long profile does not dominate (golang/go#64487).
    #[arg(long, value_enum, default_value = "none")]
    weight: Weight,
    /// Warn (and with --fail, exit non-zero) when more than this share of the previous hot weight
    /// left the hot set.
    #[arg(long, default_value_t = DEFAULT_MAX_DRIFT_PERCENT)]
    max_drift: f64,
    /// Exit non-zero on a drift above --max-drift, an error lint, or no usable input.
    #[arg(long)]
    fail: bool,
    /// Where the merged profile will be published: the report links pgoscope to it (`#url=`).
    #[arg(long)]
    artifact_url: Option<String>,
    /// A Pyroscope query as one more input (`--pyroscope URL --query SEL --from --to`); a failing
    /// query is skipped and named like an unreadable file.
    #[command(flatten)]
    pyroscope: super::pyroscope::PyroscopeArgs,
    /// Profiles: files, URLs, or `-` for stdin.
    #[arg(required_unless_present = "pyroscope")]
    inputs: Vec<String>,
}

/// What the step found, for the report and the exit status.
pub struct Outcome {
    pub chosen: Vec<(String, f64)>,
    pub skipped: Vec<(String, String)>,
    pub problems: Vec<String>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let mut loaded: Vec<(String, Result<Profile, CliError>)> = (args.inputs.iter())
        .map(|i| (i.clone(), load(i, &pgoscope_pprof::DecodeOptions::default())))
        .collect();
    if let Some(base) = &args.pyroscope.pyroscope {
        let name = format!("Pyroscope {base} {}", args.pyroscope.selector());
        let profile = args.pyroscope.fetch().and_then(|p| p.ok_or_else(|| "no query".into()));
        loaded.push((name, profile));
    }
    let selection = select(loaded, args.top, args.weight);
    let mut problems = Vec::new();
    let merged =
        merge(&selection.profiles).map_err(|e| format!("merging the chosen profiles: {e}"));
    let merged = match merged {
        Ok(Some(p)) => p,
        Ok(None) | Err(_) => {
            let why = merged.err().unwrap_or_else(|| "no usable profile among the inputs".into());
            return finish(
                &args,
                None,
                Outcome { chosen: Vec::new(), skipped: selection.skipped, problems: vec![why] },
            );
        }
    };
    let lints = lint(&merged);
    problems
        .extend(lints.iter().filter(|l| l.severity == Severity::Error).map(|l| l.message.clone()));
    let minimal = match minimal_pgo_profile(&merged, &PgoOptions::default()) {
        Ok(m) => m,
        Err(e) => {
            problems.push(format!("no default.pgo: {e}"));
            let outcome =
                Outcome { chosen: selection.chosen, skipped: selection.skipped, problems };
            return finish(&args, None, outcome);
        }
    };
    let bytes = encode(&minimal);
    write_output(&args.out, &bytes)?;
    let drift = previous_drift(&args, &minimal, &mut problems);
    let graph = EdgeGraph::build(&minimal).ok();
    let hot = graph.as_ref().map(|g| hot_set(g, pgoscope_pgo::DEFAULT_CDF_THRESHOLD_PERCENT));
    let facts = report::Facts {
        bytes: bytes.len(),
        hot,
        drift,
        lints,
        merged_samples: merged.sample.len(),
    };
    finish(
        &args,
        Some(facts),
        Outcome { chosen: selection.chosen, skipped: selection.skipped, problems },
    )
}

/// The chosen profiles merged (google/pprof semantics), `None` when there are none.
fn merge(profiles: &[Profile]) -> Result<Option<Profile>, String> {
    if profiles.is_empty() {
        return Ok(None);
    }
    pgoscope_pprof::merge(profiles, &MergeOptions::default()).map(Some).map_err(|e| e.to_string())
}

/// The drift from `--previous` to the new profile; a drift above `--max-drift` is a problem.
fn previous_drift(
    args: &Args,
    minimal: &Profile,
    problems: &mut Vec<String>,
) -> Option<pgoscope_pgo::Drift> {
    let path = args.previous.as_deref()?;
    let previous = match load(path, &pgoscope_pprof::DecodeOptions::default()) {
        Ok(p) => p,
        Err(e) => {
            problems.push(format!("the previous default.pgo cannot be read: {e}"));
            return None;
        }
    };
    let d = drift(&previous, minimal).ok()?;
    let left = 100.0 - d.weight_kept_percent;
    if left > args.max_drift {
        problems.push(format!(
            "drift: {left:.1} % of the previous hot weight left the hot set (more than --max-drift {}%)",
            args.max_drift
        ));
    }
    Some(d)
}

/// Writes the report, says what happened, and fails only with --fail and a problem.
fn finish(args: &Args, facts: Option<report::Facts>, outcome: Outcome) -> Result<(), CliError> {
    let text = report::markdown(args, facts.as_ref(), &outcome);
    if let Some(path) = &args.report {
        write_output(path, text.as_bytes())?;
    }
    for p in &outcome.problems {
        eprintln!("pgoscope ci: {p}");
    }
    if args.fail && !outcome.problems.is_empty() {
        return Err(format!("{} problem(s), failing as --fail asks", outcome.problems.len()));
    }
    Ok(())
}
