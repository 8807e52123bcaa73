//! `pgoscope info`: one description per input.

use pgoscope_pprof::{summarize, DecodeOptions, Summary};
use serde::Serialize;

use crate::input::{load_each, CliError};

#[derive(clap::Args)]
pub struct Args {
    /// Print JSON (an array, one object per input) instead of text.
    #[arg(long)]
    json: bool,
    /// Profiles: files, or `-` for stdin.
    #[arg(required = true)]
    inputs: Vec<String>,
}

#[derive(Serialize)]
struct FileSummary<'a> {
    file: &'a str,
    #[serde(flatten)]
    summary: Summary,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let mut summaries = Vec::new();
    let mut errors = Vec::new();
    for (input, result) in
        args.inputs.iter().zip(load_each(&args.inputs, &DecodeOptions::default()))
    {
        match result {
            Ok(p) => summaries.push(FileSummary { file: input, summary: summarize(&p) }),
            Err(e) => errors.push(e),
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summaries).map_err(|e| e.to_string())?);
    } else {
        for s in &summaries {
            print_text(s);
        }
    }
    match errors.len() {
        0 => Ok(()),
        _ => Err(errors.join("\npgoscope: ")),
    }
}

fn print_text(s: &FileSummary) {
    let p = &s.summary;
    println!("{}", s.file);
    for t in &p.sample_types {
        let default = if t.r#type == p.default_sample_type { " (default)" } else { "" };
        println!("  sample type {}/{}{default}: total {}", t.r#type, t.unit, t.total);
    }
    if !p.period_type.is_empty() {
        println!("  period: {} {}", p.period, p.period_type);
    }
    println!("  duration: {:.3} s", p.duration_ns as f64 / 1e9);
    if p.time_ns != 0 {
        println!("  time: {} ns since the Unix epoch", p.time_ns);
    }
    println!(
        "  samples: {}, locations: {}, functions: {}, mappings: {}",
        p.samples, p.locations, p.functions, p.mappings
    );
    if !p.label_keys.is_empty() {
        println!("  label keys: {}", p.label_keys.join(", "));
    }
    for c in &p.comments {
        println!("  comment: {c}");
    }
}
