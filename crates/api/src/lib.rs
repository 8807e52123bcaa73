//! pgoscope's reports as library calls. Each takes merged profiles and an options struct (every
//! default a named constant) and gives a serializable report: the CLI prints it with `--json`, the
//! JS module (`crates/js`) returns it as a plain object. So the shapes are the same by
//! construction.

mod diff;
mod error;
mod hot;
mod inputs;
mod pgo;
mod top;

pub use diff::{diff_report, DiffOptions, DiffReport, PerOp};
pub use error::ApiError;
pub use hot::{hot_report, HotEdgeJson, HotOptions, HotReport};
pub use inputs::{merge_bytes, Refine};
pub use pgo::{default_pgo, PgoOptions};
pub use top::{top_report, SampleTypeJson, TopOptions, TopReport};
