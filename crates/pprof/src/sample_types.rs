//! Choosing among a profile's sample types, in one place: by name (`type` or `type/unit`), the
//! default `go tool pprof` shows, the one Go's PGO reads, and how to list them in messages.

use crate::header::ProfileHeader;
use crate::proto::ValueType;

/// Why no sample type could be chosen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SampleTypeError {
    #[error("sample type {wanted:?} not found (available: {available})")]
    NotFound { wanted: String, available: String },
    #[error("the profile has no sample types")]
    NoSampleTypes,
}

/// True when `wanted` is `type` or `type/unit` of `vt`.
pub fn matches_type(p: &ProfileHeader, vt: &ValueType, wanted: &str) -> bool {
    match wanted.split_once('/') {
        Some((t, u)) => p.str(vt.r#type) == t && p.str(vt.unit) == u,
        None => p.str(vt.r#type) == wanted,
    }
}

/// Index of the first sample type whose type (not unit) is `name`: how pprof matches sample types
/// across profiles and finds the default one.
pub fn type_index(p: &ProfileHeader, name: &str) -> Option<usize> {
    p.sample_type.iter().position(|vt| p.str(vt.r#type) == name)
}

/// `cpu/nanoseconds, samples/count` style list of a profile's sample types.
pub fn type_list(p: &ProfileHeader) -> String {
    let names: Vec<String> = p.sample_type.iter().map(|vt| p.value_type_name(vt)).collect();
    if names.is_empty() {
        "no sample types".into()
    } else {
        names.join(", ")
    }
}

/// Index of the sample type `go tool pprof` shows by default: the one named by
/// `default_sample_type`, else the last. `None` when the profile has no sample types.
pub fn default_sample_index(p: &ProfileHeader) -> Option<usize> {
    let last = p.sample_type.len().checked_sub(1)?;
    let wanted = p.str(p.default_sample_type);
    if wanted.is_empty() {
        return Some(last);
    }
    Some(type_index(p, wanted).unwrap_or(last))
}

/// Index of the sample type named `type` or `type/unit`, if present.
pub fn find_sample_index(p: &ProfileHeader, name: &str) -> Option<usize> {
    p.sample_type.iter().position(|vt| matches_type(p, vt, name))
}

/// The sample type to show: the one named (`type` or `type/unit`), else [`default_sample_index`].
/// The error names what was asked for and what the profile has.
pub fn choose_sample_index(
    p: &ProfileHeader,
    name: Option<&str>,
) -> Result<usize, SampleTypeError> {
    match name {
        Some(name) => find_sample_index(p, name).ok_or_else(|| SampleTypeError::NotFound {
            wanted: name.to_owned(),
            available: type_list(p),
        }),
        None => default_sample_index(p).ok_or(SampleTypeError::NoSampleTypes),
    }
}

/// The sample type Go's PGO reads (`cmd/compile`'s `pgoir`): the first `samples/count` or
/// `cpu/nanoseconds`.
pub fn pgo_value_index(p: &ProfileHeader) -> Option<usize> {
    p.sample_type.iter().position(|vt| {
        matches!((p.str(vt.r#type), p.str(vt.unit)), ("samples", "count") | ("cpu", "nanoseconds"))
    })
}
