//! Why the worker could not answer a request: typed until the boundary, where the message the page
//! shows is made (`Response` carries text).

use pgoscope_flame::DiffError;
use pgoscope_pgo::PgoError;
use pgoscope_pprof::{DecodeError, InvalidRegex, MergeError, SampleTypeError};

#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error(transparent)]
    Merge(#[from] MergeError),
    #[error(transparent)]
    SampleType(#[from] SampleTypeError),
    #[error(transparent)]
    Pgo(#[from] PgoError),
    #[error(transparent)]
    Diff(#[from] DiffError),
    #[error(transparent)]
    Regex(#[from] InvalidRegex),
    /// What the page sent could not be read (a file's bytes, the tab's size limit).
    #[error("{0}")]
    Input(String),
    #[error("the {0} group has no valid profile")]
    EmptyGroup(&'static str),
    #[error("no profile is selected")]
    NothingSelected,
    #[error("no profile is included: load or include a profile")]
    NothingIncluded,
    /// An error of one side or step, named.
    #[error("{context}: {source}")]
    In { context: &'static str, source: Box<WorkerError> },
}

impl WorkerError {
    /// This error, said of `context` (`candidate: …`).
    pub fn of(context: &'static str, source: impl Into<WorkerError>) -> WorkerError {
        WorkerError::In { context, source: Box::new(source.into()) }
    }
}

pub type WorkerResult<T> = Result<T, WorkerError>;
