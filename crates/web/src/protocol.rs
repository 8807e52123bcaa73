//! Messages between the page and the worker. Bytes travel as `ByteBuf` (bincode would encode a
//! `Vec<u8>` element by element).

use pgoscope_flame::work::Work;
use pgoscope_flame::{DiffRow, Frame, Normalization, Sandwich};
use pgoscope_pgo::{BuildInfo, CallEdge, DevirtSite, Drift, Lint, PgoEffect};
use pgoscope_pprof::{DecodeOptions, FunctionRow, ProfileKind, Summary};
use serde::{Deserialize, Serialize};

/// What the tab accepts. wasm32 memory ends at 4 GiB, and the page and the worker each hold the
/// bytes of a big file or a response while they travel: a file or response of at most 512 MiB,
/// inflated to at most 512 MiB, whose decoded profile the wire scan predicts at no more than
/// 1 GiB. The CLI's limits are twice and four times these.
pub const BROWSER_LIMITS: DecodeOptions =
    DecodeOptions { max_decompressed_bytes: 512 << 20, max_memory_bytes: 1 << 30 };

/// Whether a file or response of `size_bytes` may be read into the tab ([`BROWSER_LIMITS`]);
/// checked before reading it, and while a response streams in.
pub fn fits_in_the_tab(size_bytes: u64) -> Result<(), String> {
    let limit = BROWSER_LIMITS.max_decompressed_bytes;
    if size_bytes <= limit {
        return Ok(());
    }
    Err(format!(
        "too large for the browser: {} MiB, above the {} MiB a tab reads; the pgoscope CLI reads \
         profiles up to 1 GiB",
        size_bytes >> 20,
        limit >> 20
    ))
}

/// A file the page loaded: unique per page session, the same on both sides of the worker protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FileId(pub u32);

impl From<FileId> for yew::virtual_dom::Key {
    fn from(id: FileId) -> Self {
        id.0.into()
    }
}

impl std::fmt::Display for FileId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// One file's decoding: its summary, or what is wrong with it.
#[derive(Debug, Serialize, Deserialize)]
pub struct FileOutcome {
    pub file_id: FileId,
    pub name: String,
    pub size_bytes: usize,
    pub outcome: Result<Box<Summary>, String>,
}

/// A helper worker's share of a drop: the outcome of each file it was given and, as raw protobuf,
/// the view merge of the valid ones (none when they do not merge).
#[derive(Debug, Serialize, Deserialize)]
pub struct PartMerged {
    pub outcomes: Vec<FileOutcome>,
    pub merged: Option<serde_bytes::ByteBuf>,
    /// The helper's wasm memory when it finished (its peak: wasm memory never shrinks).
    pub memory_bytes: u64,
}

/// A file's contents as sent to a worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Payload {
    /// Bytes the page has (fetched, or read for a progress bar).
    Bytes(serde_bytes::ByteBuf),
    /// A dropped or chosen file, which the worker reads: the page copies nothing
    /// (see [`crate::codec`]).
    File(#[serde(with = "crate::codec::attached")] web_sys::File),
}

impl Payload {
    /// The contents (read now for a `File`: in a worker only).
    pub fn into_bytes(self) -> Result<Vec<u8>, String> {
        match self {
            Payload::Bytes(bytes) => Ok(bytes.into_vec()),
            Payload::File(file) => crate::codec::read_file(&file),
        }
    }
}

/// Page → worker.
#[derive(Debug, Serialize, Deserialize)]
pub enum Request {
    /// Decode a file and keep it (when valid) for views.
    Load { file_id: FileId, name: String, payload: Payload },
    /// Forget a file.
    Remove { file_id: FileId },
    /// Hold a file's bytes while a helper worker decodes it (see `Adopt`).
    Keep { file_id: FileId, payload: Payload },
    /// (To a helper worker) decode a file and add it to this helper's merge.
    MergePart { file_id: FileId, name: String, payload: Payload },
    /// (To a helper worker) answer with `Response::PartMerged`: every file's outcome and the merge.
    FinishPart,
    /// Take a helper's share of a drop: answered with one `Loaded` per file.
    Adopt(PartMerged),
    /// Compute the view of the included files; the worker answers with `View`, then `Flame` (for
    /// the last `FlameRequest`), then `Pgo`.
    View(ViewRequest),
    /// Lay out the flame graph of the current view for another zoom, search or width.
    Flame(FlameRequest),
    /// Callers and callees of a function of the current view.
    Sandwich { function: String },
    /// A function's lines with flat and cum (`pprof -list`), in the current view.
    Source { function: String },
    /// The call graph of the current view, pruned, or around one function.
    Graph(GraphRequest),
    /// Compare a baseline group of files with a candidate group.
    Compare(CompareRequest),
    /// Lay out the last comparison's diff flame graph for another zoom.
    DiffFlame { zoom: Vec<String>, width_px: u32 },
    /// Read the build information of a Go binary.
    BuildInfo { name: String, bytes: serde_bytes::ByteBuf },
    /// Keep a build log (`go build -pgo=… -gcflags=all=-d=pgodebug=1 -m`) and check it against
    /// each view's profile: answered with `Verify` now and after each view's PGO analysis.
    BuildLog { name: String, payload: Payload },
    /// Read the Go files of a module's `.zip` for the source view.
    SourceZip { name: String, payload: Payload },
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
    /// default.pgo from the given files merged (the drift cure: old and new profiles together).
    MergedPgo { files: Vec<FileId> },
}

/// Which side of a comparison a file is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Group {
    Baseline,
    Candidate,
}

/// Baseline and candidate files, and how to compare them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompareRequest {
    pub baseline: Vec<FileId>,
    pub candidate: Vec<FileId>,
    pub normalization: Normalization,
    pub sample_type: Option<String>,
    /// The kind compared when the two groups' files share no sample type.
    pub kind: Option<ProfileKind>,
    /// Width of the diff flame graph in CSS pixels.
    pub width_px: u32,
    /// Operations each side did (typed, or the iterations of its benchmark output), when known.
    pub work: Option<Work>,
}

/// Rows of the diff table sent at most (biggest changes first).
pub const MAX_DIFF_ROWS: usize = 300;

/// The comparison of the two groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompareView {
    pub request: CompareRequest,
    pub sample_type: String,
    /// Why the comparison shows another sample type than the one asked for (one line), if it does.
    pub notice: Option<String>,
    pub unit: String,
    pub total_before: i64,
    pub total_after: i64,
    /// CPU cores of each side (CPU seconds per second of profiling), before any normalisation:
    /// the headline, when both sides have durations and a `cpu/nanoseconds` sample type.
    pub cores: Option<(f64, f64)>,
    /// CPU nanoseconds per operation of each side, before any normalisation, when the request
    /// gives the work and both sides have a `cpu/nanoseconds` sample type.
    pub cpu_per_op_ns: Option<(f64, f64)>,
    /// Biggest flat changes first, at most [`MAX_DIFF_ROWS`].
    pub rows: Vec<DiffRow>,
    pub functions: usize,
    /// Function names of the diff flame graph (indexed by `FrameRect::function`).
    pub names: Vec<String>,
    /// The diff flame graph, unzoomed.
    pub flame: DiffFrame,
    /// The baseline's hot call sites in the candidate; hot-set drift from baseline to candidate.
    pub effect: Result<PgoEffect, String>,
    pub drift: Result<Drift, String>,
}

/// The diff flame graph at one zoom (widths: before + after), with each rectangle's value before
/// and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiffFrame {
    /// Counts comparisons: a frame belongs to the [`CompareView`] whose `flame` has the same one.
    pub generation: u64,
    pub frame: Frame,
    pub before: Vec<i64>,
    pub after: Vec<i64>,
}

/// What the user is looking at: which files, which sample type, which refinements.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ViewRequest {
    /// Files left out of the merge.
    pub excluded: Vec<FileId>,
    /// `type/unit`; `None` = the profile's default.
    pub sample_type: Option<String>,
    /// The kind shown when the included files share no sample type (see [`crate::worker::kinds`]);
    /// `None` = CPU when there is some, else the kind with the most files.
    pub kind: Option<ProfileKind>,
    /// pprof-style refinements (regexes; empty = none).
    pub focus: String,
    pub ignore: String,
    pub hide: String,
}

/// What the flame graph shows: zoomed frame, search, and the width it is drawn at.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FlameRequest {
    /// Function names from the root to the zoomed frame (empty = the root).
    pub zoom: Vec<String>,
    /// Regex, or substring when not a valid regex; empty = no search.
    pub search: String,
    /// Width of the canvas in CSS pixels; narrower nodes are not sent.
    pub width_px: u32,
}

impl Default for FlameRequest {
    fn default() -> Self {
        FlameRequest { zoom: Vec::new(), search: String::new(), width_px: 1200 }
    }
}

/// Worker → page.
#[derive(Debug, Serialize, Deserialize)]
pub enum Response {
    Loaded(FileOutcome),
    View(Box<ViewData>),
    Flame(Box<FlameView>),
    Pgo(Box<PgoView>),
    Sandwich {
        function: String,
        sandwich: Sandwich,
    },
    Source(Box<SourceView>),
    Graph(Box<GraphView>),
    Compare(Result<Box<CompareView>, String>),
    DiffFlame(Box<DiffFrame>),
    BuildInfo {
        name: String,
        outcome: Result<Box<BuildInfo>, String>,
    },
    SourceZip {
        name: String,
        outcome: Result<pgoscope_pprof::ModuleSources, String>,
    },
    /// The kept build log checked against the current view's profile.
    Verify {
        name: String,
        outcome: Result<Box<pgoscope_pgo::VerifyReport>, String>,
    },
    /// The view could not be computed (e.g. incompatible files); the message says why.
    ViewError(String),
    /// A helper worker's share of a drop, for the page to hand to the main worker.
    PartMerged(Box<PartMerged>),
    /// A file to save.
    File {
        name: String,
        mime: String,
        bytes: serde_bytes::ByteBuf,
    },
}

/// Which call graph to draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphRequest {
    /// At most this many nodes (pprof's `-nodecount`).
    pub node_count: usize,
    /// With a focus: the function, and how many calls away its neighbours may be.
    pub focus: Option<(String, usize)>,
    /// The toolbar's search: nodes it matches are outlined.
    pub search: String,
}

impl Default for GraphRequest {
    /// pprof's node count, no focus, no search.
    fn default() -> Self {
        GraphRequest {
            node_count: pgoscope_pprof::DEFAULT_NODE_COUNT,
            focus: None,
            search: String::new(),
        }
    }
}

/// The call graph of the current view, Go's hot edges marked, laid out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphView {
    /// The view it was computed for ([`ViewData::generation`]).
    pub generation: u64,
    pub request: GraphRequest,
    pub graph: pgoscope_pgo::callgraph::PgoCallGraph,
    pub layout: pgoscope_pgo::callgraph::GraphLayout,
    pub unit: String,
    /// Per node: matched by the request's search.
    pub matched: Vec<bool>,
    /// Milliseconds the worker took: the whole graph, its pruning, and the layout.
    pub build_ms: f64,
    pub layout_ms: f64,
}

/// A function's lines in the current view: one routine per file its frames name (a function is
/// in one file, but pprof's listing allows more).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceView {
    /// The view it was computed for ([`ViewData::generation`]).
    pub generation: u64,
    pub function: String,
    pub unit: String,
    pub total: i64,
    pub routines: Vec<pgoscope_pprof::FunctionLines>,
}

/// The included files of one kind (when they share no sample type).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindFiles {
    pub kind: ProfileKind,
    pub files: Vec<FileId>,
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
    /// Function names of the call tree (indexed by `FrameRect::function`), and their
    /// `file:start_line` ("" when unknown).
    pub names: Vec<String>,
    pub places: Vec<String>,
    /// Nodes in the call tree (it stays in the worker).
    pub tree_nodes: usize,
    /// Levels of the whole call tree, the root's included: the flame graph's scroll area is sized
    /// from it, so zooming never changes the page's layout.
    pub tree_levels: u32,
    pub files: usize,
    /// Why the view shows another sample type than the one asked for (one line), if it does.
    pub notice: Option<String>,
    /// The included files by kind when they share no sample type (the view shows `kind`'s);
    /// empty when one view shows them all.
    pub kinds: Vec<KindFiles>,
    pub kind: Option<ProfileKind>,
    /// Counts views; a `FlameView` belongs to the view with the same generation.
    pub generation: u64,
    /// Time the worker spent merging and building this view, in ms.
    pub build_ms: f64,
    /// Size of the worker's wasm memory after building this view: its peak so far, since wasm
    /// memory never shrinks.
    pub worker_memory_bytes: u64,
}

/// The flame graph of one view at one zoom level and search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlameView {
    pub generation: u64,
    /// The request this answers.
    pub request: FlameRequest,
    pub frame: Frame,
    /// Per function name: matched by the search (all false without one).
    pub matched: Vec<bool>,
    /// Value through matched frames, each sample counted once.
    pub matched_total: i64,
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
    /// Edges in the profile, and the cumulative weight share after the first N (hottest first),
    /// sampled for a chart.
    pub edge_count: usize,
    pub cdf: Vec<(u32, f64)>,
    pub devirtualization: Vec<DevirtSite>,
    /// Uncompressed sizes of the merged input and of the default.pgo with default options (from
    /// the encoder's length, without encoding the input), and the default.pgo's gzip size.
    pub input_raw_bytes: usize,
    pub pgo_raw_bytes: usize,
    pub pgo_bytes: usize,
    /// Included files the analysis leaves out: when the files share no sample type, it reads the
    /// CPU ones only (what Go's PGO reads).
    pub left_out: Vec<FileId>,
    /// The worker's wasm memory once the analysis is done: its peak for this view so far (wasm
    /// memory never shrinks), the analysis included.
    pub worker_memory_bytes: u64,
}

/// Worker data as the components hold it: cheap to clone, and equal only to the same value
/// (pointer equality), so prop and memo comparisons stay O(1) however big the data.
#[derive(Debug)]
pub struct Shared<T>(pub std::rc::Rc<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Self {
        Shared(std::rc::Rc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

pub type SharedView = Shared<ViewData>;

/// A checked binary: its file name and build information, or why it has none.
pub type BinaryResult = (String, Result<Box<BuildInfo>, String>);

/// A build log's name and its check against the view's profile, or why it does not fit.
pub type VerifyResult = (String, Result<Box<pgoscope_pgo::VerifyReport>, String>);
