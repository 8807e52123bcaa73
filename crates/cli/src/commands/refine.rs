//! pprof-style refinements shared by `top`, `hot` and `pgo`.

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
    /// Compiles the regexes; an invalid one is an error naming its flag.
    pub fn filter(&self) -> Result<NameFilter, CliError> {
        NameFilter::compile(self.focus.as_deref(), self.ignore.as_deref(), self.hide.as_deref())
            .map_err(|e| format!("invalid --{} regex: {}", e.which, e.message))
    }
}
