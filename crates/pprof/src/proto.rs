//! Wire types of google/pprof's `proto/profile.proto`, every field, written by hand for prost.
//!
//! Field numbers follow the upstream file. Strings are indexes into `string_table`; ids are non-zero
//! and unique within their table once a profile has passed [`crate::validate`]. prost accepts both the
//! packed and the unpacked encoding of repeated scalars, as the protobuf spec requires.

/// A whole profile: the root message of a `.pb.gz` / `.pprof` file.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Profile {
    /// What each value in a sample means, e.g. `samples/count`, `cpu/nanoseconds`.
    #[prost(message, repeated, tag = "1")]
    pub sample_type: Vec<ValueType>,
    #[prost(message, repeated, tag = "2")]
    pub sample: Vec<Sample>,
    #[prost(message, repeated, tag = "3")]
    pub mapping: Vec<Mapping>,
    #[prost(message, repeated, tag = "4")]
    pub location: Vec<Location>,
    #[prost(message, repeated, tag = "5")]
    pub function: Vec<Function>,
    /// Invariant once valid: `string_table[0] == ""`.
    #[prost(string, repeated, tag = "6")]
    pub string_table: Vec<String>,
    /// Regex (string index) of frames to drop, applied by `go tool pprof` on load.
    #[prost(int64, tag = "7")]
    pub drop_frames: i64,
    /// Regex (string index) of frames to keep despite `drop_frames`.
    #[prost(int64, tag = "8")]
    pub keep_frames: i64,
    #[prost(int64, tag = "9")]
    pub time_nanos: i64,
    #[prost(int64, tag = "10")]
    pub duration_nanos: i64,
    #[prost(message, optional, tag = "11")]
    pub period_type: Option<ValueType>,
    #[prost(int64, tag = "12")]
    pub period: i64,
    /// String indexes of free-form comments.
    #[prost(int64, repeated, tag = "13")]
    pub comment: Vec<i64>,
    /// String index of the preferred sample type's `type`.
    #[prost(int64, tag = "14")]
    pub default_sample_type: i64,
    /// String index of a documentation URL.
    #[prost(int64, tag = "15")]
    pub doc_url: i64,
}

/// A (type, unit) pair, both string indexes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, prost::Message)]
pub struct ValueType {
    #[prost(int64, tag = "1")]
    pub r#type: i64,
    #[prost(int64, tag = "2")]
    pub unit: i64,
}

/// One stack with its values, leaf first. Its [`prost::Message`] is in [`crate::sample_wire`]: the
/// packed fields are decoded into vectors of their exact length.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Sample {
    /// Location ids, `location_id[0]` is the leaf.
    pub location_id: Vec<u64>,
    /// One value per `Profile::sample_type`.
    pub value: Vec<i64>,
    pub label: Vec<Label>,
}

/// A string label (`str != 0`) or a numeric one (`num`, optional `num_unit`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Message)]
pub struct Label {
    #[prost(int64, tag = "1")]
    pub key: i64,
    #[prost(int64, tag = "2")]
    pub str: i64,
    #[prost(int64, tag = "3")]
    pub num: i64,
    #[prost(int64, tag = "4")]
    pub num_unit: i64,
}

/// A mapped binary or library.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Mapping {
    #[prost(uint64, tag = "1")]
    pub id: u64,
    #[prost(uint64, tag = "2")]
    pub memory_start: u64,
    #[prost(uint64, tag = "3")]
    pub memory_limit: u64,
    #[prost(uint64, tag = "4")]
    pub file_offset: u64,
    #[prost(int64, tag = "5")]
    pub filename: i64,
    #[prost(int64, tag = "6")]
    pub build_id: i64,
    #[prost(bool, tag = "7")]
    pub has_functions: bool,
    #[prost(bool, tag = "8")]
    pub has_filenames: bool,
    #[prost(bool, tag = "9")]
    pub has_line_numbers: bool,
    #[prost(bool, tag = "10")]
    pub has_inline_frames: bool,
}

/// A program counter with its symbolized frames; `line[0]` is the innermost (inlined) frame. Its
/// [`prost::Message`] is in [`crate::sample_wire`]: most locations have one line, which gets room
/// for one.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Location {
    pub id: u64,
    /// 0 = no mapping.
    pub mapping_id: u64,
    pub address: u64,
    pub line: Vec<Line>,
    pub is_folded: bool,
}

/// One frame of a location.
#[derive(Clone, Copy, PartialEq, Eq, Hash, prost::Message)]
pub struct Line {
    #[prost(uint64, tag = "1")]
    pub function_id: u64,
    #[prost(int64, tag = "2")]
    pub line: i64,
    #[prost(int64, tag = "3")]
    pub column: i64,
}

/// A function; `start_line` is what Go's PGO needs to compute call-site offsets.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Function {
    #[prost(uint64, tag = "1")]
    pub id: u64,
    #[prost(int64, tag = "2")]
    pub name: i64,
    #[prost(int64, tag = "3")]
    pub system_name: i64,
    #[prost(int64, tag = "4")]
    pub filename: i64,
    #[prost(int64, tag = "5")]
    pub start_line: i64,
}
