//! Messages between the page and the worker. Bytes travel as `ByteBuf` (bincode would encode a
//! `Vec<u8>` element by element).

use pgoscope_flame::CallTree;
use pgoscope_pprof::{FunctionRow, Summary};
use serde::{Deserialize, Serialize};

/// Page → worker.
#[derive(Debug, Serialize, Deserialize)]
pub enum Request {
    /// Decode a file and keep it (when valid) for views.
    Load { file_id: u32, name: String, bytes: serde_bytes::ByteBuf },
    /// Forget a file.
    Remove { file_id: u32 },
    /// Compute the view of the included files.
    View(ViewRequest),
}

/// What the user is looking at: which files, which sample type, which refinements.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ViewRequest {
    /// Files left out of the merge.
    pub excluded: Vec<u32>,
    /// `type/unit`; `None` = the profile's default.
    pub sample_type: Option<String>,
    /// pprof-style refinements (regexes; empty = none).
    pub focus: String,
    pub ignore: String,
    pub hide: String,
}

/// Worker → page.
#[derive(Debug, Serialize, Deserialize)]
pub enum Response {
    Loaded {
        file_id: u32,
        name: String,
        size_bytes: usize,
        outcome: Result<Box<Summary>, String>,
    },
    View(Box<ViewData>),
    /// The view could not be computed (e.g. incompatible files); the message says why.
    ViewError(String),
}

/// Everything the views draw, for the merge of the included files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViewData {
    /// `type/unit` of each sample type, and the one shown.
    pub sample_types: Vec<String>,
    pub sample_index: usize,
    pub unit: String,
    /// Sum of absolute values before refinements (pprof's report total).
    pub total: i64,
    pub top: Vec<FunctionRow>,
    pub tree: CallTree,
    pub files: usize,
    /// Time the worker spent decoding nothing but merging and building this view, in ms.
    pub build_ms: f64,
}
