//! The Web Worker: decodes files, keeps the valid ones, computes views (merge → refine → top table
//! and call tree) and keeps the call tree, sending the page only what it draws.

mod compare;
mod error;
mod exports;
mod graph;
mod kinds;
mod store;
mod verify;

use gloo::worker::{HandlerId, Worker, WorkerScope};
use pgoscope_flame::{sandwich, CallTree, DiffTree, Frame};
use pgoscope_pprof::{top_with_frames, FunctionFrames, ProfileData, SortBy};

use crate::protocol::{
    CompareRequest, FileOutcome, FlameRequest, FlameView, GraphRequest, Request, Response,
    SourceView, ViewData, ViewRequest,
};
use crate::worker::compare::diff_frame;
use crate::worker::error::WorkerError;
use crate::worker::exports::{
    export_file, pgo_profile, pgo_sizes, pgo_view, refined_profile, Refined,
};
use crate::worker::store::{PartialMerge, ProfileStore};

/// Raw protobuf size of a view's profile above which the default.pgo's sizes are counted before
/// its call tree is built (see [`ProfileWorker::view`]).
const SIZES_FIRST_ABOVE_BYTES: usize = 4 << 20;

/// Worker state: the loaded files (and their merge), and the call tree of the current view.
pub struct ProfileWorker {
    store: ProfileStore,
    /// As a helper worker: its share of a drop.
    part: PartialMerge,
    /// Memory of the helpers adopted since the last view, and the most that ever ran at once
    /// (helpers end when adopted; they run beside this worker until then).
    helpers_memory: u64,
    helpers_peak: u64,
    tree: Option<CallTree>,
    /// The current view's profile and sample index (for its source lines and call graph).
    shown: Option<(std::rc::Rc<pgoscope_pprof::FlatProfile>, usize)>,
    /// The current view's hot call edges (Go's CDF rule), once its PGO analysis is done.
    hot: Option<pgoscope_pgo::HotSet>,
    /// The profile the view's PGO analysis read (the CPU files when the view mixes kinds).
    pgo_source: Option<std::rc::Rc<pgoscope_pprof::FlatProfile>>,
    /// The build log the user gave, checked against each view.
    build_log: Option<verify::KeptLog>,
    /// The last call graph, reused while only the search changes.
    graph_cache: Option<graph::GraphCache>,
    generation: u64,
    flame: FlameRequest,
    /// The diff tree of comparison number `compare_generation` (none when it failed).
    diff: Option<DiffTree>,
    compare_generation: u64,
}

impl Worker for ProfileWorker {
    type Message = ();
    type Input = Request;
    type Output = Response;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        ProfileWorker {
            store: ProfileStore::default(),
            part: PartialMerge::default(),
            helpers_memory: 0,
            helpers_peak: 0,
            tree: None,
            shown: None,
            hot: None,
            pgo_source: None,
            build_log: None,
            graph_cache: None,
            generation: 0,
            flame: FlameRequest::default(),
            diff: None,
            compare_generation: 0,
        }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Request, id: HandlerId) {
        match msg {
            Request::Load { file_id, name, payload } => {
                let (size_bytes, outcome) = match payload.into_bytes() {
                    Ok(bytes) => (bytes.len(), self.store.load(file_id, bytes)),
                    Err(e) => (0, Err(WorkerError::Input(e))),
                };
                let outcome = outcome.map(Box::new).map_err(|e| e.to_string());
                let outcome = FileOutcome { file_id, name, size_bytes, outcome };
                scope.respond(id, Response::Loaded(outcome));
            }
            Request::Remove { file_id } => self.store.remove(file_id),
            // A file that cannot be read is reported by the helper, which cannot read it either.
            Request::Keep { file_id, payload } => {
                if let Ok(bytes) = payload.into_bytes() {
                    self.store.keep(file_id, bytes);
                }
            }
            Request::MergePart { file_id, name, payload } => match payload.into_bytes() {
                Ok(bytes) => self.part.add(file_id, name, &bytes),
                Err(e) => self.part.failed(file_id, name, e),
            },
            Request::FinishPart => {
                let mut part = std::mem::take(&mut self.part).finish();
                part.memory_bytes = wasm_memory_bytes();
                scope.respond(id, Response::PartMerged(Box::new(part)));
            }
            Request::Adopt(part) => {
                self.helpers_memory += part.memory_bytes;
                self.helpers_peak = self.helpers_peak.max(self.helpers_memory);
                for outcome in self.store.adopt(part) {
                    scope.respond(id, Response::Loaded(outcome));
                }
            }
            Request::Export(export) => {
                let response = export_file(&mut self.store, &export)
                    .unwrap_or_else(|e| Response::ViewError(e.to_string()));
                scope.respond(id, response);
            }
            Request::View(request) => self.view(scope, id, &request),
            Request::Flame(request) => {
                self.flame = request;
                if let Some(flame) = self.flame_view() {
                    scope.respond(id, Response::Flame(Box::new(flame)));
                }
            }
            Request::Compare(request) => self.compare(scope, id, &request),
            Request::DiffFlame { zoom, width_px } => {
                if let Some(diff) = &self.diff {
                    let frame = diff_frame(diff, self.compare_generation, &zoom, width_px);
                    scope.respond(id, Response::DiffFlame(Box::new(frame)));
                }
            }
            msg @ (Request::BuildInfo { .. }
            | Request::BuildLog { .. }
            | Request::SourceZip { .. }) => self.beside_profiles(scope, id, msg),
            Request::Source { function } => self.source(scope, id, function),
            Request::Graph(request) => self.graph(scope, id, &request),
            Request::Sandwich { function } => {
                if let Some(tree) = &self.tree {
                    let sandwich = sandwich(tree, &function);
                    scope.respond(id, Response::Sandwich { function, sandwich });
                }
            }
        }
    }
}

impl ProfileWorker {
    /// Files given beside the profiles: a Go binary (its build information), a build log (kept,
    /// and checked against each view), a module's sources.
    fn beside_profiles(&mut self, scope: &WorkerScope<Self>, id: HandlerId, msg: Request) {
        match msg {
            Request::BuildInfo { name, bytes } => {
                let outcome =
                    pgoscope_pgo::read_build_info(&bytes).map(Box::new).map_err(|e| e.to_string());
                scope.respond(id, Response::BuildInfo { name, outcome });
            }
            Request::BuildLog { name, payload } => match payload.into_bytes() {
                Ok(bytes) => {
                    self.build_log = Some(verify::KeptLog::new(name, &bytes));
                    self.verify(scope, id);
                }
                Err(e) => scope.respond(id, Response::Verify { name, outcome: Err(e) }),
            },
            Request::SourceZip { name, payload } => {
                let outcome = payload.into_bytes().and_then(|bytes| {
                    pgoscope_pprof::module_zip_sources(&bytes).map_err(|e| e.to_string())
                });
                scope.respond(id, Response::SourceZip { name, outcome });
            }
            _ => {}
        }
    }

    /// The lines of `function` in the current view (nothing before a view exists).
    fn source(&self, scope: &WorkerScope<Self>, id: HandlerId, function: String) {
        let Some((profile, index)) = &self.shown else { return };
        let routines = pgoscope_pprof::list(profile.as_ref(), *index, |f| f == function);
        let head = profile.header();
        let unit = head.str(head.sample_type[*index].unit).to_owned();
        let total = pgoscope_pprof::sample_total(profile.as_ref(), *index);
        let generation = self.generation;
        let view = SourceView { generation, function, unit, total, routines };
        scope.respond(id, Response::Source(Box::new(view)));
    }

    /// The call graph of the current view as `request` asks (nothing before a view exists).
    fn graph(&mut self, scope: &WorkerScope<Self>, id: HandlerId, request: &GraphRequest) {
        let Some((profile, index)) = &self.shown else { return };
        let (hot, generation) = (self.hot.as_ref(), self.generation);
        let cache = &mut self.graph_cache;
        let view = graph::cached_graph_view(cache, profile, *index, hot, request, generation);
        scope.respond(id, Response::Graph(Box::new(view)));
    }

    /// Compares the groups; the diff tree is kept for the diff flame graph's zooms.
    fn compare(&mut self, scope: &WorkerScope<Self>, id: HandlerId, request: &CompareRequest) {
        self.compare_generation += 1;
        // The old tree goes first: it is not this comparison's, even if this one fails.
        self.diff = None;
        let outcome =
            crate::worker::compare::compare(&mut self.store, request, self.compare_generation);
        let outcome = outcome.map_err(|e| e.to_string()).map(|(view, diff)| {
            self.diff = Some(diff);
            Box::new(view)
        });
        scope.respond(id, Response::Compare(outcome));
    }

    /// Answers a view request in three messages, cheapest first, so the page draws early: the view
    /// (top table), the flame graph, then the PGO analysis.
    fn view(&mut self, scope: &WorkerScope<Self>, id: HandlerId, request: &ViewRequest) {
        let started = js_sys::Date::now();
        self.helpers_memory = 0;
        let refined = match refined_profile(&mut self.store, request) {
            Ok(refined) => refined,
            Err(e) => return scope.respond(id, Response::ViewError(e.to_string())),
        };
        let Refined { profile, sample_index, total, files, .. } = &refined;
        let (profile, sample_index, total, files) =
            (profile.clone(), *sample_index, *total, *files);
        // The old view's tree goes before this one is built (wasm memory keeps its peak).
        self.tree = None;
        self.shown = Some((profile.clone(), sample_index));
        self.hot = None;
        // A big profile's default.pgo sizes are counted before the tree is built: the merge they
        // need and the tree do not fit together in the memory the view needs otherwise
        // (docs/perf.md, "Worker memory"). A smaller one's are counted after the first flame
        // graph, where they cost no time before it (both are a few MiB there).
        let raw_bytes = profile.encoded_len();
        let sizes_first = raw_bytes > SIZES_FIRST_ABOVE_BYTES;
        let early_sizes = sizes_first.then(|| pgo_sizes(&profile));
        let frames = FunctionFrames::new(profile.as_ref());
        let tree = CallTree::build_with_frames(profile.as_ref(), &frames, sample_index);
        self.generation += 1;
        let head = &profile.header();
        let vt = head.sample_type[sample_index];
        let view = ViewData {
            sample_types: head.sample_type.iter().map(|vt| head.value_type_name(vt)).collect(),
            sample_index,
            unit: head.str(vt.unit).to_owned(),
            total,
            top: top_with_frames(profile.as_ref(), &frames, sample_index, SortBy::Flat).rows,
            names: tree.names.clone(),
            places: tree.places.clone(),
            tree_nodes: tree.len(),
            tree_levels: tree.max_depth + 1,
            files,
            notice: refined.notice.clone(),
            kinds: refined.kinds.clone(),
            kind: refined.kind,
            generation: self.generation,
            build_ms: js_sys::Date::now() - started,
            worker_memory_bytes: self.memory_bytes(),
        };
        drop(frames);
        self.tree = Some(tree);
        scope.respond(id, Response::View(Box::new(view)));
        if let Some(flame) = self.flame_view() {
            scope.respond(id, Response::Flame(Box::new(flame)));
        }
        // Flame requests sent meanwhile wait for the worker to finish the PGO analysis.
        let (pgo_source, left_out) = match pgo_profile(&mut self.store, request, &refined) {
            Ok(source) => source,
            Err(_) => (profile.clone(), Vec::new()),
        };
        drop(refined);
        let mut pgo = if std::rc::Rc::ptr_eq(&pgo_source, &profile) {
            let sizes = early_sizes.unwrap_or_else(|| pgo_sizes(&profile));
            pgo_view(&profile, sizes, raw_bytes)
        } else {
            pgo_view(&pgo_source, pgo_sizes(&pgo_source), pgo_source.encoded_len())
        };
        pgo.left_out = left_out;
        self.hot = Some(pgoscope_pgo::HotSet {
            threshold_percent: pgo.threshold_percent,
            cdf_threshold_percent: pgoscope_pgo::DEFAULT_CDF_THRESHOLD_PERCENT,
            hot_edges: pgo.hot_edges.clone(),
        });
        pgo.worker_memory_bytes = self.memory_bytes();
        self.pgo_source = Some(pgo_source);
        scope.respond(id, Response::Pgo(Box::new(pgo)));
        self.verify(scope, id);
    }

    /// Checks the kept build log against the view's PGO profile, when both are there.
    fn verify(&self, scope: &WorkerScope<Self>, id: HandlerId) {
        let (Some(kept), Some(profile)) = (&self.build_log, &self.pgo_source) else { return };
        let outcome = kept.report(profile).map(Box::new);
        scope.respond(id, Response::Verify { name: kept.name.clone(), outcome });
    }

    /// This worker's wasm memory plus the most its helpers held at once.
    fn memory_bytes(&self) -> u64 {
        wasm_memory_bytes() + self.helpers_peak
    }

    /// The flame graph of the current tree for the last flame request.
    fn flame_view(&self) -> Option<FlameView> {
        let tree = self.tree.as_ref()?;
        let request = &self.flame;
        let matched = search_matches(&tree.names, &request.search);
        Some(FlameView {
            generation: self.generation,
            request: request.clone(),
            frame: Frame::build(tree, &request.zoom, f64::from(request.width_px)),
            matched_total: if request.search.is_empty() { 0 } else { tree.matched_total(&matched) },
            matched,
        })
    }
}

/// Per name: matched by `text` as a regex, or as a plain substring when it is not a valid regex.
pub(crate) fn search_matches(names: &[String], text: &str) -> Vec<bool> {
    if text.is_empty() {
        return vec![false; names.len()];
    }
    let re = regex::Regex::new(text).unwrap_or_else(|_| {
        regex::Regex::new(&regex::escape(text)).expect("an escaped string is a valid regex")
    });
    names.iter().map(|n| re.is_match(n)).collect()
}

/// Bytes of this worker's wasm linear memory.
fn wasm_memory_bytes() -> u64 {
    use wasm_bindgen::JsCast;
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length() as u64
}
