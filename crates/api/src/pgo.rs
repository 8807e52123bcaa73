//! The minimal, lossless default.pgo (`pgoscope pgo`).

use pgoscope_pgo::{minimal_pgo_profile, DEFAULT_KEEP_LOCATIONS};
use pgoscope_pprof::{encode, filter_samples_by_name, Profile};
use serde::Deserialize;

use crate::{ApiError, Refine};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PgoOptions {
    /// Innermost locations of each stack kept; default [`DEFAULT_KEEP_LOCATIONS`].
    pub keep_locations: usize,
    /// Callees of one call site summed into one sample per stack; default true.
    pub aggregate_callees: bool,
    #[serde(flatten)]
    pub refine: Refine,
}

impl Default for PgoOptions {
    fn default() -> Self {
        PgoOptions {
            keep_locations: DEFAULT_KEEP_LOCATIONS,
            aggregate_callees: true,
            refine: Refine::default(),
        }
    }
}

/// The gzip-compressed default.pgo bytes, the same `pgoscope pgo -o` writes.
pub fn default_pgo(mut profile: Profile, options: &PgoOptions) -> Result<Vec<u8>, ApiError> {
    filter_samples_by_name(&mut profile, &options.refine.filter()?);
    let options = pgoscope_pgo::PgoOptions {
        keep_locations: options.keep_locations,
        aggregate_callees: options.aggregate_callees,
        ..pgoscope_pgo::PgoOptions::default()
    };
    Ok(encode(&minimal_pgo_profile(&profile, &options)?))
}
