//! The pprof format, exactly: decode (gzip or raw protobuf), validate, encode, merge, and per-function
//! totals computed as `go tool pprof -top` does. No IO, no platform-specific dependencies: builds
//! natively and for `wasm32-unknown-unknown`.
//!
//! Data flows one way: bytes → [`decode`] (validates) → [`Profile`] → [`merge`] → [`top`] / [`encode`].

mod callgraph;
mod data;
mod decode;
mod encode;
mod error;
mod filter;
mod flat;
mod gunzip;
mod header;
pub mod ids;
mod kind;
mod legacy;
mod list;
pub mod merge;
mod position_index;
pub mod proto;
mod prune;
mod sample_types;
mod sample_wire;
mod sources;
mod summary;
pub mod top;
mod validate;
pub mod wire;

pub use callgraph::{
    call_graph, CallGraph, GraphEdge, GraphNode, GraphPruning, DEFAULT_EDGE_FRACTION,
    DEFAULT_NODE_COUNT, DEFAULT_NODE_FRACTION,
};
pub use data::{LocationIds, LocationIdsIter, LocationRef, ProfileData, SampleRef, U24};
pub use decode::{
    decode, decode_flat_owned, decode_flat_with, decode_raw, decode_raw_with, decode_with,
    decompress, is_gzip, DecodeOptions,
};
pub use encode::{
    encode, encode_raw, encode_with_level, encoded_len, gzip, gzip_into, gzip_len, GzipCounter,
    DEFAULT_GZIP_LEVEL,
};
pub use error::{DecodeError, MergeError, ValidationError};
pub use filter::{filter_samples_by_name, FilterMatches, InvalidRegex, NameFilter};
pub use flat::FlatProfile;
pub use header::ProfileHeader;
pub use kind::ProfileKind;
pub use list::{list, FunctionLines, LineValues, LISTING_MARGIN_LINES};
pub use merge::{common_sample_types, compatibilize, merge, MergeOptions, Merger};
pub use position_index::PositionIndex;
pub use proto::Profile;
pub use prune::{names_uninteresting_frames, prune, remove_uninteresting};
pub use sample_types::{
    choose_sample_index, default_sample_index, find_sample_index, matches_type, pgo_value_index,
    type_index, type_list, SampleTypeError,
};
pub use sources::{
    best_source_match, module_zip_sources, shared_path_suffix, ModuleSources, SourceText,
    SourceZipError, MAX_SOURCE_FILES, MAX_SOURCE_FILE_BYTES, MAX_SOURCE_TOTAL_BYTES,
};
pub use summary::{summarize, SampleTypeTotal, Summary};
pub use top::{sample_total, top, top_with_frames, FunctionFrames, FunctionRow, SortBy, Top};
pub use validate::validate;
