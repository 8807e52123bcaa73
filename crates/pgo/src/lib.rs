//! Go PGO semantics, mirrored from Go 1.27.3: which call edges the compiler sees in a profile
//! ([`EdgeGraph`], `cmd/internal/pgo` + `internal/profile/graph.go`) and the `go tool preprofile`
//! text it would write ([`preprofile_text`]), what its inliner treats as hot ([`hot_set`]), what
//! devirtualization picks ([`devirtualization_sites`]), a minimal lossless `default.pgo`
//! ([`minimal_pgo_profile`]) and [`lint`]s. Pure: no IO.

mod buildinfo;
pub mod callgraph;
mod devirt;
mod effect;
mod graph;
mod hot;
mod lints;
mod preprofile;
mod symbol;
mod verify;
mod writer;

pub use buildinfo::{read_build_info, BuildInfo, BuildInfoError, Module};
pub use devirt::{devirtualization_sites, CallKind, CalleeShare, DevirtSite, CALLEES_WITHOUT_IR};
pub use effect::{
    drift, effect_and_drift, pgo_effect, CallForm, CallSites, DevirtEffect, Drift, DriftRow,
    DriftStatus, PgoEffect, SiteEffect,
};
pub use graph::{CallEdge, EdgeGraph, PgoError};
pub use hot::{
    hot_set, weight_cdf, weight_percent, HotSet, DEFAULT_CDF_THRESHOLD_PERCENT, HOT_INLINE_BUDGET,
};
pub use lints::{lint, lint_with_graph, Lint, Severity, MIN_STABLE_SAMPLES};
pub use preprofile::preprofile_text;
pub use verify::{
    compiler_name, verify, verify_profile, Actual, BuildLog, VerifiedSite, VerifyError,
    VerifyProfileError, VerifyReport,
};
pub use writer::{
    minimal_pgo_profile, minimal_pgo_raw, minimal_pgo_sizes, PgoOptions, DEFAULT_KEEP_LOCATIONS,
};
