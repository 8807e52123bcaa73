//! Errors the UI and the CLI show verbatim. Each names the check that failed and the offending id.

/// Why bytes could not be read as a profile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("no data: the input is empty")]
    Empty,
    #[error("corrupt gzip stream: {0}")]
    Gzip(String),
    #[error(
        "decompressed size exceeds the limit of {limit_bytes} bytes (a gzip bomb, or a profile \
         larger than the configured limit)"
    )]
    TooLarge { limit_bytes: u64 },
    #[error(
        "this is a {format}, a legacy format, not a pprof protobuf profile; convert it with \
         `go tool pprof -proto FILE > out.pb.gz`"
    )]
    Legacy { format: &'static str },
    #[error("not a pprof protobuf profile: at byte {offset}, {what}")]
    Framing { offset: usize, what: String },
    #[error(
        "the profile would need about {} MiB of memory once decoded ({samples} samples with \
         {frames} stack frames in all, {locations} locations, {strings} strings); the limit is {} MiB",
        needed_bytes >> 20, limit_bytes >> 20
    )]
    TooManyItems {
        needed_bytes: u64,
        limit_bytes: u64,
        samples: u64,
        frames: u64,
        strings: u64,
        locations: u64,
    },
    #[error("not a pprof protobuf profile: {0}")]
    Protobuf(String),
    #[error("not a pprof profile: the file is text, starting with {start:?}")]
    Text { start: String },
    #[error("invalid profile: {0}")]
    Invalid(#[from] ValidationError),
}

/// A broken invariant of the pprof format (google/pprof `CheckValid` and more).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    #[error("string_table is empty (it must start with \"\")")]
    EmptyStringTable,
    #[error("string_table[0] must be \"\", found {0:?}")]
    FirstStringNotEmpty(String),
    #[error("{field} refers to string {index}, but string_table has {len} entries")]
    StringIndexOutOfRange { field: String, index: i64, len: usize },
    #[error("profile has {samples} samples but no sample types")]
    MissingSampleTypes { samples: usize },
    #[error("sample {sample} has {values} values but the profile has {types} sample types")]
    ValueCountMismatch { sample: usize, values: usize, types: usize },
    #[error("{table} with reserved id 0")]
    ZeroId { table: &'static str },
    #[error("two {table}s have the same id {id}")]
    DuplicateId { table: &'static str, id: u64 },
    #[error("sample {sample} refers to location {location_id}, which does not exist")]
    DanglingLocation { sample: usize, location_id: u64 },
    #[error("location {location_id} refers to mapping {mapping_id}, which does not exist")]
    DanglingMapping { location_id: u64, mapping_id: u64 },
    #[error("location {location_id} refers to function {function_id}, which does not exist")]
    DanglingFunction { location_id: u64, function_id: u64 },
    #[error("location {location_id} has a line without a function (function id 0)")]
    LineWithoutFunction { location_id: u64 },
}

/// Why profiles could not be merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("no profiles to merge")]
    NoProfiles,
    #[error(
        "profile {index} ({types}) has no sample type in common with the profiles before it \
         ({merged}): profiles are merged on the sample types they all have (as pprof does), and \
         these have none. Pick files of one kind (CPU, heap, mutex…), or name the types to keep \
         (--sample-types)"
    )]
    NoCommonSampleTypes { index: usize, types: String, merged: String },
    #[error("cannot merge profile {first_index} ({first}) with profile {other_index} ({other}): different sample types")]
    SampleTypes { first_index: usize, first: String, other_index: usize, other: String },
    #[error("cannot merge profile {first_index} (period type {first}) with profile {other_index} (period type {other})")]
    PeriodTypes { first_index: usize, first: String, other_index: usize, other: String },
    #[error("sample type {wanted:?} is not in profile {index} (it has {available})")]
    MissingSampleType { wanted: String, index: usize, available: String },
}
