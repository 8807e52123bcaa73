//! Profiles from bytes, merged; and the pprof refinements (focus, ignore, hide).

use pgoscope_pprof::{
    decode_flat_with, decode_with, DecodeOptions, MergeOptions, Merger, NameFilter, Profile,
};
use serde::Deserialize;

use crate::ApiError;

/// Decodes each input (gzip or raw pprof) and merges them in order, as the CLI does (a single
/// input is used as decoded); an error names the input by `names[i]` (or `input N`).
pub fn merge_bytes(inputs: &[&[u8]], names: &[String]) -> Result<Profile, ApiError> {
    let name = |i: usize| names.get(i).cloned().unwrap_or_else(|| format!("input {}", i + 1));
    match inputs {
        [] => return Err(ApiError::NoInputs),
        [one] => {
            return decode_with(one, &DecodeOptions::default())
                .map_err(|source| ApiError::Decode { input: name(0), source })
        }
        _ => {}
    }
    let mut merger = Merger::new(MergeOptions::default());
    for (i, bytes) in inputs.iter().enumerate() {
        let profile = decode_flat_with(bytes, &DecodeOptions::default())
            .map_err(|source| ApiError::Decode { input: name(i), source })?;
        merger.add(&profile).map_err(|source| ApiError::Merge { input: name(i), source })?;
    }
    merger.finish().map_err(|source| ApiError::Merge { input: name(0), source })
}

/// pprof's refinements: regexes over function, file and binary names.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Refine {
    /// Keep only samples with a matching frame (pprof's -focus).
    pub focus: Option<String>,
    /// Drop samples with a matching frame (pprof's -ignore).
    pub ignore: Option<String>,
    /// Remove matching frames from stacks (pprof's -hide).
    pub hide: Option<String>,
}

impl Refine {
    /// Compiles the regexes; an invalid one is an error naming its option.
    pub fn filter(&self) -> Result<NameFilter, ApiError> {
        NameFilter::compile(self.focus.as_deref(), self.ignore.as_deref(), self.hide.as_deref())
            .map_err(|e| ApiError::Regex { flag: e.which.to_string(), message: e.message })
    }
}
