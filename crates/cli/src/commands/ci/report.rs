//! The Markdown report of `pgoscope ci`, for a pull-request comment.

use std::fmt::Write;

use pgoscope_pgo::{Drift, DriftStatus, HotSet, Lint};

use super::{Args, Outcome};

/// What the step computed, when it got as far as a default.pgo.
pub struct Facts {
    pub bytes: usize,
    pub hot: Option<HotSet>,
    pub drift: Option<Drift>,
    pub lints: Vec<Lint>,
    pub merged_samples: usize,
}

/// Hot call sites listed in the report.
const TOP_SITES: usize = 10;
/// Edges that entered or left the hot set listed in the report, each.
const DRIFT_ROWS: usize = 10;

pub fn markdown(args: &Args, facts: Option<&Facts>, outcome: &Outcome) -> String {
    let mut md = String::from("## pgoscope: default.pgo\n\n");
    let _ = writeln!(md, "### Inputs\n");
    for (name, cpu) in &outcome.chosen {
        let _ = writeln!(md, "- used `{name}` ({cpu:.2} CPU s)");
    }
    for (name, why) in &outcome.skipped {
        let _ = writeln!(md, "- skipped `{name}`: {why}");
    }
    match facts {
        Some(f) => facts_sections(&mut md, args, f),
        None => md.push_str("\nNo default.pgo was written.\n"),
    }
    let _ = writeln!(md, "\n### Problems\n");
    if outcome.problems.is_empty() {
        md.push_str("None.\n");
    }
    for p in &outcome.problems {
        let _ = writeln!(md, "- {p}");
    }
    md
}

fn facts_sections(md: &mut String, args: &Args, f: &Facts) {
    let _ = writeln!(
        md,
        "\n### Sizes\n\n`{}`: {} bytes, from {} merged samples.",
        args.out, f.bytes, f.merged_samples
    );
    if let Some(hot) = &f.hot {
        let _ =
            writeln!(md, "\n### Hot call sites (top {TOP_SITES}, of {})\n", hot.hot_edges.len());
        let _ = writeln!(md, "| caller | callee | weight |\n|---|---|---|");
        for (e, w) in hot.hot_edges.iter().take(TOP_SITES) {
            let _ = writeln!(md, "| `{}`+{} | `{}` | {w} |", e.caller, e.offset, e.callee);
        }
    }
    if let Some(d) = &f.drift {
        let _ = writeln!(md, "\n### Drift from the previous default.pgo\n\n{:.1} % of the previous hot weight stayed hot ({} of {} edges).\n", d.weight_kept_percent, d.stayed, d.old_hot);
        for (status, title) in [(DriftStatus::Entered, "entered"), (DriftStatus::Left, "left")] {
            for r in d.rows.iter().filter(|r| r.status == status).take(DRIFT_ROWS) {
                let _ = writeln!(md, "- {title}: `{}` → `{}`", r.edge.caller, r.edge.callee);
            }
        }
    }
    let _ = writeln!(md, "\n### Lints\n");
    if f.lints.is_empty() {
        md.push_str("None.\n");
    }
    for l in &f.lints {
        let _ = writeln!(md, "- **{}** {} (fix: {})", l.code, l.message, l.fix);
    }
    let _ = writeln!(
        md,
        "\n### Build\n\n```sh\ngo build -pgo={} ./...\ngo version -m ./app | grep pgo\n```",
        args.out
    );
    if let Some(url) = &args.artifact_url {
        let _ = writeln!(md, "\nOpen the profile in pgoscope: `#url={url}`");
    }
}
