//! `pgoscope merge`: many profiles → one gzip pprof file.

use std::io::Write;

use pgoscope_pprof::{encode, MergeOptions};

use crate::input::{load_merged, CliError};

#[derive(clap::Args)]
pub struct Args {
    /// Output file (gzip pprof), or `-` for stdout.
    #[arg(short, long)]
    output: String,
    /// Drop sample labels, so samples that differ only in labels become one.
    #[arg(long)]
    drop_labels: bool,
    /// Keep only these sample types (`type` or `type/unit`), comma-separated, in this order.
    #[arg(long, value_delimiter = ',')]
    sample_types: Vec<String>,
    /// Profiles: files, or `-` for stdin.
    #[arg(required = true)]
    inputs: Vec<String>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let options = MergeOptions {
        drop_labels: args.drop_labels,
        sample_types: args.sample_types,
    };
    let merged = load_merged(&args.inputs, &options, true)?;
    let bytes = encode(&merged);
    if args.output == "-" {
        std::io::stdout()
            .write_all(&bytes)
            .map_err(|e| format!("stdout: {e}"))?;
    } else {
        std::fs::write(&args.output, &bytes).map_err(|e| format!("{}: {e}", args.output))?;
        eprintln!(
            "merged {} profile(s) into {}: {} samples, {} bytes",
            args.inputs.len(),
            args.output,
            merged.sample.len(),
            bytes.len()
        );
    }
    Ok(())
}
