//! `pgoscope pgo`: profiles → a minimal, lossless default.pgo (and optionally the preprofile text).

use pgoscope_pgo::{minimal_pgo_profile, preprofile_text, EdgeGraph, PgoOptions};
use pgoscope_pprof::{encode, encode_raw, MergeOptions};

use crate::input::{load_merged, CliError};

#[derive(clap::Args)]
pub struct Args {
    /// Output file for `go build -pgo=` (gzip pprof).
    #[arg(short, long)]
    output: Option<String>,
    /// Leaf-most locations kept per sample (Go reads 2; minimum 2).
    #[arg(long, default_value_t = 5)]
    keep_locations: usize,
    /// Zero the leaf's innermost line so more samples merge (default).
    #[arg(long, overrides_with = "no_aggregate_callees")]
    aggregate_callees: bool,
    /// Keep the leaf's innermost line numbers.
    #[arg(long)]
    no_aggregate_callees: bool,
    /// Also write the `go tool preprofile` text of the result here.
    #[arg(long)]
    preprofile: Option<String>,
    /// Profiles (merged first): files, or `-` for stdin.
    #[arg(required = true)]
    inputs: Vec<String>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let full = load_merged(&args.inputs, &MergeOptions::default(), false)?;
    let options = PgoOptions {
        keep_locations: args.keep_locations,
        aggregate_callees: !args.no_aggregate_callees,
        ..PgoOptions::default()
    };
    let minimal = minimal_pgo_profile(&full, &options).map_err(|e| e.to_string())?;
    let graph = EdgeGraph::build(&minimal).map_err(|e| e.to_string())?;
    let bytes = encode(&minimal);
    if let Some(path) = &args.output {
        std::fs::write(path, &bytes).map_err(|e| format!("{path}: {e}"))?;
    }
    if let Some(path) = &args.preprofile {
        std::fs::write(path, preprofile_text(&graph)).map_err(|e| format!("{path}: {e}"))?;
    }
    eprintln!(
        "input: {} profile(s), {} samples, {} bytes raw; default.pgo: {} samples, {} bytes ({} raw); \
         {} call edges, total weight {}",
        args.inputs.len(),
        full.sample.len(),
        encode_raw(&full).len(),
        minimal.sample.len(),
        bytes.len(),
        encode_raw(&minimal).len(),
        graph.edges.len(),
        graph.total_weight
    );
    Ok(())
}
