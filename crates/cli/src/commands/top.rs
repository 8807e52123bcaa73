//! `pgoscope top`: the `go tool pprof -top` table, exact integers, optionally as JSON.

use pgoscope_api::{top_report, TopOptions};
use pgoscope_pprof::MergeOptions;

use crate::input::{load_merged, CliError};

#[derive(Clone, Copy, clap::ValueEnum)]
enum Sort {
    Flat,
    Cum,
}

#[derive(clap::Args)]
pub struct Args {
    /// Show only the first N rows (default: all).
    #[arg(short = 'n', long = "nodecount")]
    count: Option<usize>,
    /// Sample type (`type` or `type/unit`); default: the profile's default_sample_type, else the last.
    #[arg(long)]
    sample_type: Option<String>,
    /// Sort by flat or cumulative value.
    #[arg(long, value_enum, default_value = "flat")]
    sort: Sort,
    /// Keep frames the profile asks to drop (its drop_frames), like pprof's -show_from... off.
    #[arg(long)]
    all_frames: bool,
    #[command(flatten)]
    refine: super::refine::RefineArgs,
    /// Print JSON: {"sample_type":{..},"total":N,"rows":[{"function","flat","cum"}]}.
    #[arg(long)]
    json: bool,
    /// Profiles (merged first): files, or `-` for stdin.
    #[arg(required = true)]
    inputs: Vec<String>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let profile = load_merged(&args.inputs, &MergeOptions::default(), false)?;
    let options = TopOptions {
        sample_type: args.sample_type,
        sort_by_cum: matches!(args.sort, Sort::Cum),
        count: args.count,
        all_frames: args.all_frames,
        refine: args.refine.options(),
    };
    let table = top_report(profile, &options).map_err(|e| e.to_string())?;
    if args.json {
        println!("{}", serde_json::to_string(&table).map_err(|e| e.to_string())?);
        return Ok(());
    }
    let sample_type = &table.sample_type;
    println!("Type: {}/{}", sample_type.r#type, sample_type.unit);
    println!("Total: {}", table.total);
    println!("{:>14} {:>6} {:>6} {:>14} {:>6}  function", "flat", "flat%", "sum%", "cum", "cum%");
    let pct = |v: i64| {
        if table.total == 0 {
            0.0
        } else {
            100.0 * v as f64 / table.total as f64
        }
    };
    let mut sum = 0i64;
    for row in &table.rows {
        sum += row.flat;
        println!(
            "{:>14} {:>5.2}% {:>5.2}% {:>14} {:>5.2}%  {}",
            row.flat,
            pct(row.flat),
            pct(sum),
            row.cum,
            pct(row.cum),
            row.function
        );
    }
    Ok(())
}
