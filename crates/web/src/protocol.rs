//! Messages between the page and the worker. Bytes travel as `ByteBuf` (bincode would encode a
//! `Vec<u8>` element by element).

use pgoscope_flame::CallTree;
use pgoscope_pgo::{CallEdge, DevirtSite, Lint};
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
    /// Build a file to download from the current view's profiles.
    Export(ExportRequest),
}

/// A file made from the included profiles (with the view's refinements).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ExportRequest {
    /// Minimal, lossless default.pgo.
    DefaultPgo { view: ViewRequest, keep_locations: usize, aggregate_callees: bool },
    /// `go tool preprofile` text of the same profile.
    Preprofile { view: ViewRequest },
    /// The merged profile, gzip pprof.
    Merged { view: ViewRequest },
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
    /// A file to save.
    File {
        name: String,
        mime: String,
        bytes: serde_bytes::ByteBuf,
    },
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
    /// What Go's PGO will do with this profile (None when it is not a CPU profile: see lints).
    pub pgo: PgoView,
    /// Time the worker spent decoding nothing but merging and building this view, in ms.
    pub build_ms: f64,
}

/// The PGO panel's data.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PgoView {
    pub lints: Vec<Lint>,
    /// `hot-callsite-thres-from-CDF` as the compiler prints it.
    pub threshold_percent: f64,
    pub total_weight: i64,
    /// Hot edges, hottest first, with weights.
    pub hot_edges: Vec<(CallEdge, i64)>,
    pub devirtualization: Vec<DevirtSite>,
    /// Sizes of the merged input and of the default.pgo with default options, gzip bytes.
    pub input_bytes: usize,
    pub pgo_bytes: usize,
}

/// A view as the components hold it: cheap to clone, and equal only to the same view (pointer
/// equality), so prop and memo comparisons stay O(1) for trees of millions of nodes.
#[derive(Debug, Clone)]
pub struct SharedView(pub std::rc::Rc<ViewData>);

impl PartialEq for SharedView {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for SharedView {
    type Target = ViewData;

    fn deref(&self) -> &ViewData {
        &self.0
    }
}
