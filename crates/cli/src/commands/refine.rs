//! pprof-style refinements shared by `top`, `hot` and `pgo`.

use pgoscope_api::Refine;
use pgoscope_pprof::NameFilter;

use crate::input::CliError;

#[derive(clap::Args)]
pub struct RefineArgs {
    /// Keep only samples with a frame matching this regex (function, file or binary name), like
    /// pprof's -focus. Percentages stay relative to all samples, as in pprof.
    #[arg(long)]
    focus: Option<String>,
    /// Drop samples with a frame matching this regex (pprof's -ignore).
    #[arg(long)]
    ignore: Option<String>,
    /// Remove frames matching this regex from stacks (pprof's -hide).
    #[arg(long)]
    hide: Option<String>,
}

impl RefineArgs {
    /// The library's options for these flags.
    pub fn options(&self) -> Refine {
        Refine { focus: self.focus.clone(), ignore: self.ignore.clone(), hide: self.hide.clone() }
    }

    /// Compiles the regexes; an invalid one is an error naming its flag.
    pub fn filter(&self) -> Result<NameFilter, CliError> {
        self.options().filter().map_err(|e| e.to_string())
    }
}
