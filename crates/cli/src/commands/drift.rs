//! `pgoscope drift`: how the hot set moved between the profile the current build used and a newer
//! one, and which edges left because the PGO build now inlines them (a PGO build's own profile
//! under-represents what PGO already optimized).

use pgoscope_pgo::{drift, DriftStatus};

use crate::input::{load_merged, CliError};
use pgoscope_pprof::MergeOptions;

#[derive(clap::Args)]
pub struct Args {
    /// Print JSON: {"old_hot","new_hot","stayed","left_inlined","weight_kept_percent","rows":[..]}.
    #[arg(long)]
    json: bool,
    /// The profile the current build was made with (e.g. the default.pgo in the repository).
    old: String,
    /// A newer profile (e.g. collected from the PGO build).
    new: String,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let old = load_merged(std::slice::from_ref(&args.old), &MergeOptions::default(), false)?;
    let new = load_merged(std::slice::from_ref(&args.new), &MergeOptions::default(), false)?;
    let d = drift(&old, &new).map_err(|e| e.to_string())?;
    if args.json {
        println!("{}", serde_json::to_string(&d).map_err(|e| e.to_string())?);
        return Ok(());
    }
    println!(
        "hot edges: {} → {}; {} stayed ({:.1}% of the old hot weight), {} left, {} of them now inlined",
        d.old_hot,
        d.new_hot,
        d.stayed,
        d.weight_kept_percent,
        d.old_hot - d.stayed,
        d.left_inlined
    );
    for r in d.rows.iter().filter(|r| r.status != DriftStatus::Stayed) {
        let inlined = r.status == DriftStatus::Left && r.new_form.shows_inlined();
        println!(
            "{:>8} {:>7.3}% → {:>7.3}%  {}+{} -> {}{}",
            format!("{:?}", r.status).to_lowercase(),
            r.old_percent,
            r.new_percent,
            r.edge.caller,
            r.edge.offset,
            r.edge.callee,
            if inlined { "  (now inlined)" } else { "" }
        );
    }
    if d.left_inlined > 0 {
        println!(
            "\nwarning: {} hot edges left because the new build inlines them; a default.pgo made from the \
             new profile alone may undo those optimizations. Merge both: \
             pgoscope pgo -o default.pgo {} {}",
            d.left_inlined, args.old, args.new
        );
    }
    Ok(())
}
