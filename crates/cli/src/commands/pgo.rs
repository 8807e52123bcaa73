//! `pgoscope pgo`: profiles → a minimal, lossless default.pgo (and optionally the preprofile text).

use pgoscope_pgo::{hot_set, lint, minimal_pgo_profile, preprofile_text, EdgeGraph, PgoOptions};
use pgoscope_pprof::{encode, encoded_len, MergeOptions};

use super::report::print_lints;
use crate::input::{load_merged, merge_inputs, write_output, CliError};

#[derive(clap::Args)]
pub struct Args {
    /// Output file for `go build -pgo=` (gzip pprof); `-` writes to standard output.
    #[arg(short, long)]
    output: Option<String>,
    /// Leaf-most locations kept per sample (Go reads 2; minimum 2).
    #[arg(long, default_value_t = pgoscope_pgo::DEFAULT_KEEP_LOCATIONS)]
    keep_locations: usize,
    /// Zero the leaf's innermost line so more samples merge (default).
    #[arg(long, overrides_with = "no_aggregate_callees")]
    aggregate_callees: bool,
    /// Keep the leaf's innermost line numbers.
    #[arg(long)]
    no_aggregate_callees: bool,
    /// Keep function file names (Go does not read them).
    #[arg(long)]
    keep_file_names: bool,
    /// Keep sample labels (Go does not read them; they stop identical stacks from merging).
    #[arg(long)]
    keep_labels: bool,
    /// Keep the mapping table (Go does not read it).
    #[arg(long)]
    keep_mappings: bool,
    /// Keep comments.
    #[arg(long)]
    keep_comments: bool,
    /// Zero all addresses like Grafana Pyroscope does at ingest. LOSSY, for comparisons only.
    #[arg(long, hide = true)]
    clear_addresses: bool,
    /// Go's -d=pgoinlinecdfthreshold, for the hot call sites reported.
    #[arg(long, default_value_t = pgoscope_pgo::DEFAULT_CDF_THRESHOLD_PERCENT, value_parser = super::report::parse_percent)]
    cdf_threshold: f64,
    /// Also write the `go tool preprofile` text of the result here.
    #[arg(long)]
    preprofile: Option<String>,
    #[command(flatten)]
    refine: super::refine::RefineArgs,
    #[command(flatten)]
    pyroscope: super::pyroscope::PyroscopeArgs,
    /// Profiles (merged first, with the Pyroscope result if any): files, URLs, or `-` for stdin.
    #[arg(required_unless_present = "pyroscope")]
    inputs: Vec<String>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let remote = args.pyroscope.fetch()?;
    let inputs = input_summary(args.inputs.len(), remote.is_some());
    let mut full = match (remote, args.inputs.is_empty()) {
        (Some(remote), true) => remote,
        (Some(remote), false) => {
            let mut merger = merge_inputs(&args.inputs, &MergeOptions::default())?;
            merger.add(&remote).map_err(|e| e.to_string())?;
            merger.finish().map_err(|e| e.to_string())?
        }
        (None, _) => load_merged(&args.inputs, &MergeOptions::default(), false)?,
    };
    let filter = args.refine.filter()?;
    pgoscope_pprof::filter_samples_by_name(&mut full, &filter);
    let lints = lint(&full);
    let options = PgoOptions {
        keep_locations: args.keep_locations,
        aggregate_callees: !args.no_aggregate_callees,
        keep_file_names: args.keep_file_names,
        keep_labels: args.keep_labels,
        keep_mappings: args.keep_mappings,
        keep_comments: args.keep_comments,
        clear_addresses: args.clear_addresses,
    };
    let fail = |e: pgoscope_pgo::PgoError| {
        print_lints(&lints);
        e.to_string()
    };
    let minimal = minimal_pgo_profile(&full, &options).map_err(fail)?;
    let graph = EdgeGraph::build(&minimal).map_err(fail)?;
    let hot = hot_set(&graph, args.cdf_threshold);
    let bytes = encode(&minimal);
    if let Some(path) = &args.output {
        write_output(path, &bytes)?;
    }
    if let Some(path) = &args.preprofile {
        write_output(path, preprofile_text(&graph).as_bytes())?;
    }
    eprintln!(
        "input: {inputs}, {} samples, {} bytes raw; default.pgo: {} samples, {} bytes ({} raw); \
         {} call edges, total weight {}; {} hot edges, {} hot call sites",
        full.sample.len(),
        encoded_len(&full),
        minimal.sample.len(),
        bytes.len(),
        encoded_len(&minimal),
        graph.edges.len(),
        graph.total_weight,
        hot.hot_edges.len(),
        hot.hot_call_sites().len()
    );
    print_lints(&lints);
    Ok(())
}

/// What was merged: `3 profile(s)`, `1 Pyroscope query`, or both.
fn input_summary(files: usize, pyroscope: bool) -> String {
    match (files, pyroscope) {
        (0, true) => "1 Pyroscope query".into(),
        (n, true) => format!("{n} profile(s) and 1 Pyroscope query"),
        (n, false) => format!("{n} profile(s)"),
    }
}
