//! `pgoscope merge`: many profiles → one gzip pprof file.

use pgoscope_pprof::MergeOptions;

use crate::input::{merge_inputs, write_gzip_output, CliError};

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
    let merger = merge_inputs(&args.inputs, &options)?;
    // Every input is decoded (and unmapped) by now, so the output may be one of them.
    let written =
        write_gzip_output(&args.output, |stream| merger.write_raw(|raw| stream.push(raw)))?;
    if args.output != "-" {
        eprintln!(
            "merged {} profile(s) into {}: {} bytes ({} bytes uncompressed)",
            args.inputs.len(),
            args.output,
            written.gzip_bytes,
            written.raw_bytes
        );
    }
    Ok(())
}
