//! The errors of the reports, each naming what to fix; shown as text at the CLI and JS edges.

use pgoscope_pprof::{DecodeError, MergeError};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("no profiles given")]
    NoInputs,
    #[error("{input}: {source}")]
    Decode { input: String, source: DecodeError },
    #[error("{input}: {source}")]
    Merge { input: String, source: MergeError },
    #[error("invalid --{flag} regex: {message}")]
    Regex { flag: String, message: String },
    #[error("{0}")]
    SampleType(String),
    #[error("--base and --new: {0}")]
    Incompatible(MergeError),
    #[error("{0}")]
    Normalize(String),
    #[error(transparent)]
    Pgo(#[from] pgoscope_pgo::PgoError),
}
