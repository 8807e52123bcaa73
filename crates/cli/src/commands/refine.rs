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
        let compile = |flag: &str, re: &Option<String>| -> Result<Option<regex::Regex>, CliError> {
            re.as_deref()
                .map(|src| {
                    regex::Regex::new(src).map_err(|e| format!("invalid --{flag} regex: {e}"))
                })
                .transpose()
        };
        Ok(NameFilter {
            focus: compile("focus", &self.focus)?,
            ignore: compile("ignore", &self.ignore)?,
            hide: compile("hide", &self.hide)?,
        })
    }
}
