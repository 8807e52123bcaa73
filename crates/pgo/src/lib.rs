//! Go PGO semantics, mirrored from Go 1.27.3: which call edges the compiler sees in a profile
//! ([`EdgeGraph`], `cmd/internal/pgo` + `internal/profile/graph.go`) and the `go tool preprofile`
//! text it would write ([`preprofile_text`]). Pure: no IO.

mod graph;
mod preprofile;
mod writer;

pub use graph::{select_value_index, CallEdge, EdgeGraph, PgoError};
pub use preprofile::preprofile_text;
pub use writer::{minimal_pgo_profile, pgo_sample_type, PgoOptions};
