//! Worker side of the comparison view: merge each group, PGO effect and drift on the raw values,
//! then normalise and diff.

use pgoscope_flame::work::cpu_per_op_ns;
use pgoscope_flame::{cpu_cores, diff_rows, normalize, DiffTree, Frame, NodeId};
use pgoscope_pgo::effect_and_drift;
use pgoscope_pprof::{compatibilize, remove_uninteresting, sample_total, Profile};

use crate::protocol::{CompareRequest, CompareView, DiffFrame, FileId, MAX_DIFF_ROWS};
use crate::worker::error::{WorkerError, WorkerResult};
use crate::worker::exports::view_sample_index;
use crate::worker::kinds::KindChoice;
use crate::worker::store::ProfileStore;

/// The profiles with the given ids, merged (a copy the caller may change).
pub fn merged(
    store: &mut ProfileStore,
    ids: &[FileId],
    what: &'static str,
) -> WorkerResult<Profile> {
    store
        .merged(|id| ids.contains(&id), false)
        .map_err(|e| WorkerError::of(what, e))?
        .map(|(profile, _)| profile.to_profile())
        .ok_or(WorkerError::EmptyGroup(what))
}

/// The baseline and candidate files to compare: all of them, or when together they share no
/// sample type, those of the view's kind (see [`crate::worker::kinds`]).
fn of_one_kind(store: &ProfileStore, request: &CompareRequest) -> (Vec<FileId>, Vec<FileId>) {
    let grouped = |id: FileId| request.baseline.contains(&id) || request.candidate.contains(&id);
    let choice = KindChoice::of(&store.sample_types(grouped), request.kind);
    let keep = |ids: &[FileId]| ids.iter().copied().filter(|&id| choice.shows(id)).collect();
    (keep(&request.baseline), keep(&request.candidate))
}

/// The comparison the request asks for, numbered `generation`, and its diff tree (kept by the
/// worker to zoom the diff flame graph).
pub fn compare(
    store: &mut ProfileStore,
    request: &CompareRequest,
    generation: u64,
) -> WorkerResult<(CompareView, DiffTree)> {
    let (baseline, candidate) = of_one_kind(store, request);
    let mut base = merged(store, &baseline, "baseline")?;
    let mut new = merged(store, &candidate, "candidate")?;
    // Both sides on the sample types they share, as pprof's -diff_base does.
    compatibilize(&mut [&mut base, &mut new])
        .map_err(|e| WorkerError::of("baseline and candidate", e))?;
    let cores = cpu_cores(&base).zip(cpu_cores(&new));
    let cpu_per_op_ns =
        request.work.and_then(|w| cpu_per_op_ns(&base, w.base).zip(cpu_per_op_ns(&new, w.new)));
    let (effect, drift) = effect_and_drift(&base, &new);
    let (effect, drift) = (effect.map_err(|e| e.to_string()), drift.map_err(|e| e.to_string()));
    normalize(&mut base, &mut new, request.normalization, request.work)?;
    let (index, notice) = view_sample_index(&new.header(), request.sample_type.as_deref())
        .map_err(|e| WorkerError::of("candidate", e))?;
    remove_uninteresting(&mut base);
    remove_uninteresting(&mut new);
    let mut rows = diff_rows(&base, &new, index);
    let functions = rows.len();
    rows.truncate(MAX_DIFF_ROWS);
    let diff = DiffTree::build(&base, &new, index);
    let flame = diff_frame(&diff, generation, &[], request.width_px);
    let vt = new.sample_type[index];
    let view = CompareView {
        request: request.clone(),
        sample_type: new.value_type_name(&vt),
        notice,
        unit: new.str(vt.unit).to_owned(),
        total_before: sample_total(&base, index),
        total_after: sample_total(&new, index),
        cores,
        cpu_per_op_ns,
        rows,
        functions,
        names: diff.tree.names.clone(),
        flame,
        effect,
        drift,
    };
    Ok((view, diff))
}

/// The diff flame graph of `diff` zoomed to `zoom` (function names from the root).
pub fn diff_frame(diff: &DiffTree, generation: u64, zoom: &[String], width_px: u32) -> DiffFrame {
    let frame = Frame::build(&diff.tree, zoom, f64::from(width_px));
    let before = frame.rects.iter().map(|r| diff.before(NodeId(r.node))).collect();
    let after = frame.rects.iter().map(|r| diff.after(NodeId(r.node))).collect();
    DiffFrame { generation, frame, before, after }
}
