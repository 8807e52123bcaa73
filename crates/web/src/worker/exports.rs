//! Worker-side computations on the included profiles: the refined merge, the PGO analysis, and the
//! files to download.

use std::rc::Rc;

use pgoscope_pgo::{
    devirtualization_sites, hot_set, lint_with_graph, minimal_pgo_raw, minimal_pgo_sizes,
    preprofile_text, weight_cdf, EdgeGraph, PgoOptions, DEFAULT_CDF_THRESHOLD_PERCENT,
};
use pgoscope_pprof::{
    choose_sample_index, encode, filter_samples_by_name, gzip, names_uninteresting_frames,
    remove_uninteresting, sample_total, FlatProfile, InvalidRegex, NameFilter, ProfileData,
    ProfileHeader, ProfileKind, SampleTypeError, DEFAULT_GZIP_LEVEL,
};

use crate::protocol::{ExportRequest, FileId, KindFiles, PgoView, Response, ViewRequest};
use crate::worker::error::{WorkerError, WorkerResult};
use crate::worker::kinds::KindChoice;
use crate::worker::store::ProfileStore;

/// The included profiles merged, with `drop_frames` applied and the view's refinements.
pub struct Refined {
    /// Without anything to refine, the store's merge itself (no copy).
    pub profile: Rc<FlatProfile>,
    /// The sample type shown.
    pub sample_index: usize,
    /// Sum of the sample type before refinements (pprof's report total).
    pub total: i64,
    /// Files merged.
    pub files: usize,
    /// Set when the sample type asked for is not in the profile and the default is shown instead.
    pub notice: Option<String>,
    /// The included files by kind when they share no sample type (see [`crate::worker::kinds`]), and the
    /// kind merged; empty and `None` when all are.
    pub kinds: Vec<KindFiles>,
    pub kind: Option<ProfileKind>,
}

/// The included profiles of `request`, merged and refined: all of them, or those of one kind when
/// they share no sample type.
/// The merge is remembered by the store for the next request of the same files.
pub fn refined_profile(store: &mut ProfileStore, request: &ViewRequest) -> WorkerResult<Refined> {
    refined(store, request, true)
}

/// [`refined_profile`]; the merge is remembered when `remember`.
fn refined(
    store: &mut ProfileStore,
    request: &ViewRequest,
    remember: bool,
) -> WorkerResult<Refined> {
    let included = |id: FileId| !request.excluded.contains(&id);
    let choice = KindChoice::of(&store.sample_types(included), request.kind);
    let keep = |id: FileId| included(id) && choice.shows(id);
    let (merged, files) = store.merged(keep, remember)?.ok_or(WorkerError::NothingIncluded)?;
    let refined = refine(merged, files, request)?;
    Ok(Refined { kinds: choice.kinds, kind: choice.kind, ..refined })
}

/// [`refined_profile`] of the CPU files, for what Go's PGO reads: the view's own profile when it
/// shows them all or shows the CPU kind. Also the included files left out. A merge of the CPU files
/// made here is not remembered: the store keeps the view's.
pub fn pgo_profile(
    store: &mut ProfileStore,
    request: &ViewRequest,
    view: &Refined,
) -> WorkerResult<(Rc<FlatProfile>, Vec<FileId>)> {
    let left_out = |kind: ProfileKind| -> Vec<FileId> {
        view.kinds.iter().filter(|k| k.kind != kind).flat_map(|k| k.files.clone()).collect()
    };
    match view.kind {
        None => Ok((view.profile.clone(), Vec::new())),
        Some(ProfileKind::Cpu) => Ok((view.profile.clone(), left_out(ProfileKind::Cpu))),
        Some(shown) if !view.kinds.iter().any(|k| k.kind == ProfileKind::Cpu) => {
            Ok((view.profile.clone(), left_out(shown)))
        }
        Some(_) => {
            let cpu = ViewRequest { kind: Some(ProfileKind::Cpu), ..request.clone() };
            let refined = refined(store, &cpu, false)?;
            Ok((refined.profile, left_out(ProfileKind::Cpu)))
        }
    }
}

/// The sample type a view shows: the one asked for when the profile has it, else the profile's
/// default with a one-line notice saying so (a link's sample type may not exist in the files the
/// user loaded; the view is still drawn).
pub fn view_sample_index(
    profile: &ProfileHeader,
    asked: Option<&str>,
) -> Result<(usize, Option<String>), SampleTypeError> {
    if let Ok(index) = choose_sample_index(profile, asked) {
        return Ok((index, None));
    }
    let index = choose_sample_index(profile, None)?;
    let shown = profile.value_type_name(&profile.sample_type[index]);
    let asked = asked.unwrap_or_default();
    Ok((index, Some(format!("These profiles have no sample type {asked:?}; showing {shown}."))))
}

/// `merged` (of `files` files) with `drop_frames` applied and the refinements of `request`.
fn refine(merged: Rc<FlatProfile>, files: usize, request: &ViewRequest) -> WorkerResult<Refined> {
    let (sample_index, notice) =
        view_sample_index(&merged.header(), request.sample_type.as_deref())?;
    let filter = name_filter(request)?;
    if filter.is_empty() && !names_uninteresting_frames(&merged.header()) {
        let total = sample_total(merged.as_ref(), sample_index);
        let (kinds, kind) = (Vec::new(), None);
        return Ok(Refined { profile: merged, sample_index, total, files, notice, kinds, kind });
    }
    let mut profile = merged.to_profile();
    drop(merged);
    remove_uninteresting(&mut profile);
    let total = sample_total(&profile, sample_index);
    filter_samples_by_name(&mut profile, &filter);
    let profile = Rc::new(FlatProfile::from_profile(profile));
    let (kinds, kind) = (Vec::new(), None);
    Ok(Refined { profile, sample_index, total, files, notice, kinds, kind })
}

/// Points of the edge-weight CDF chart.
const CDF_POINTS: usize = 400;

/// What Go's PGO will do with the profile: lints, hot call sites, devirtualization, sizes.
///
/// `pgo_sizes` are [`pgo_sizes`] of the same profile, `raw_bytes` its encoded length.
pub fn pgo_view(
    profile: &FlatProfile,
    pgo_sizes: Option<(usize, usize)>,
    raw_bytes: usize,
) -> PgoView {
    let graph = EdgeGraph::build(profile);
    let lints = lint_with_graph(profile, &graph);
    let Ok(graph) = graph else { return PgoView { lints, ..PgoView::default() } };
    let hot = hot_set(&graph, DEFAULT_CDF_THRESHOLD_PERCENT);
    let mut view = PgoView {
        lints,
        threshold_percent: hot.threshold_percent,
        total_weight: graph.total_weight,
        edge_count: graph.edges.len(),
        cdf: weight_cdf(&graph, &hot, CDF_POINTS),
        hot_edges: hot.hot_edges,
        devirtualization: devirtualization_sites(&graph),
        input_raw_bytes: raw_bytes,
        pgo_raw_bytes: 0,
        pgo_bytes: 0,
        left_out: Vec::new(),
        worker_memory_bytes: 0,
    };
    if let Some((raw, gzipped)) = pgo_sizes {
        (view.pgo_raw_bytes, view.pgo_bytes) = (raw, gzipped);
    }
    view
}

/// Sizes of the default.pgo with default options (raw, gzip), counted as it is written; `None`
/// when the profile cannot give one (the PGO view's lints say why).
pub fn pgo_sizes(profile: &FlatProfile) -> Option<(usize, usize)> {
    minimal_pgo_sizes(profile, &PgoOptions::default(), DEFAULT_GZIP_LEVEL).ok()
}

/// A file to download.
fn file(name: &str, mime: &str, bytes: Vec<u8>) -> Response {
    Response::File {
        name: name.into(),
        mime: mime.into(),
        bytes: serde_bytes::ByteBuf::from(bytes),
    }
}

/// The gzip default.pgo of `profile`.
fn default_pgo_file(profile: &impl ProfileData, options: &PgoOptions) -> WorkerResult<Response> {
    let minimal = minimal_pgo_raw(profile, options)?;
    Ok(file("default.pgo", "application/octet-stream", gzip(&minimal, DEFAULT_GZIP_LEVEL)))
}

/// Builds a file to download.
pub fn export_file(store: &mut ProfileStore, export: &ExportRequest) -> WorkerResult<Response> {
    match export {
        ExportRequest::DefaultPgo { view, keep_locations, aggregate_callees } => {
            let profile = refined_profile(store, &cpu_kind(view))?.profile;
            let options = PgoOptions {
                keep_locations: *keep_locations,
                aggregate_callees: *aggregate_callees,
                ..PgoOptions::default()
            };
            default_pgo_file(profile.as_ref(), &options)
        }
        ExportRequest::Preprofile { view } => {
            let profile = refined_profile(store, &cpu_kind(view))?.profile;
            let graph = EdgeGraph::build(profile.as_ref())?;
            Ok(file("default.pgo.txt", "text/plain", preprofile_text(&graph).into_bytes()))
        }
        ExportRequest::MergedPgo { files } => {
            let profile = crate::worker::compare::merged(store, files, "chosen")?;
            default_pgo_file(&profile, &PgoOptions::default())
        }
        ExportRequest::Merged { view } => {
            let (merged, files) = store
                .merged_with_labels(|id| !view.excluded.contains(&id))?
                .ok_or(WorkerError::NothingIncluded)?;
            let profile = refine(merged, files, view)?.profile;
            Ok(file("merged.pb.gz", "application/octet-stream", encode(&profile.to_profile())))
        }
    }
}

/// `view` asking for the CPU files when the included files are split by kind: a default.pgo is
/// made of what Go's PGO reads.
fn cpu_kind(view: &ViewRequest) -> ViewRequest {
    ViewRequest { kind: Some(ProfileKind::Cpu), ..view.clone() }
}

fn name_filter(request: &ViewRequest) -> Result<NameFilter, InvalidRegex> {
    // An empty field in the page means "no filter".
    fn given(s: &str) -> Option<&str> {
        Some(s).filter(|s| !s.is_empty())
    }
    NameFilter::compile(given(&request.focus), given(&request.ignore), given(&request.hide))
}
