//! `pgoscope merge`: many profiles → one gzip pprof file.

use pgoscope_pprof::MergeOptions;

use crate::input::{merge_inputs, parallel_gzip, write_output, CliError};

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
        ..MergeOptions::default()
    };
    let raw = merge_inputs(&args.inputs, &options)?.finish_raw().map_err(|e| e.to_string())?;
    let bytes = parallel_gzip(&raw);
    write_output(&args.output, &bytes)?;
    if args.output != "-" {
        eprintln!(
            "merged {} profile(s) into {}: {} bytes ({} bytes uncompressed)",
            args.inputs.len(),
            args.output,
            bytes.len(),
            raw.len()
        );
    }
    Ok(())
}
