//! `pgoscope top`: the `go tool pprof -top` table, exact integers, optionally as JSON.

use pgoscope_pprof::{
    choose_sample_index, filter_samples_by_name, remove_uninteresting, sample_total, top,
    MergeOptions, SortBy,
};
use serde::Serialize;

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

#[derive(Serialize)]
struct SampleTypeJson<'a> {
    r#type: &'a str,
    unit: &'a str,
}

#[derive(Serialize)]
struct TopJson<'a> {
    sample_type: SampleTypeJson<'a>,
    total: i64,
    rows: &'a [pgoscope_pprof::FunctionRow],
}

pub fn run(args: Args) -> Result<(), CliError> {
    let mut profile = load_merged(&args.inputs, &MergeOptions::default(), false)?;
    let index = choose_sample_index(&profile.header(), args.sample_type.as_deref())
        .map_err(|e| e.to_string())?;
    if !args.all_frames {
        remove_uninteresting(&mut profile);
    }
    let filter = args.refine.filter()?;
    let total = sample_total(&profile, index);
    filter_samples_by_name(&mut profile, &filter);
    let sort = match args.sort {
        Sort::Flat => SortBy::Flat,
        Sort::Cum => SortBy::Cum,
    };
    let mut table = top(&profile, index, sort);
    table.total = total;
    if let Some(n) = args.count {
        table.rows.truncate(n);
    }
    let vt = profile.sample_type[index];
    let sample_type = SampleTypeJson { r#type: profile.str(vt.r#type), unit: profile.str(vt.unit) };
    if args.json {
        let json = TopJson { sample_type, total: table.total, rows: &table.rows };
        println!("{}", serde_json::to_string(&json).map_err(|e| e.to_string())?);
        return Ok(());
    }
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
