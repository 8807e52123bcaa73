//! The page's state and its reducer: every change the page makes goes through an [`Action`].

use std::rc::Rc;

use yew::prelude::*;

use crate::page::loading::{FileProgress, LoadedFile, Source};
use crate::protocol::{
    BinaryResult, CompareView, DiffFrame, FileId, FileOutcome, FlameView, Group, PgoView, Response,
    Shared, SharedView, ViewData, ViewRequest,
};
use pgoscope_flame::Normalization;
use pgoscope_flame::Sandwich;
use pgoscope_pgo::BuildInfo;

/// Flame graph frames kept per view.
const FLAME_CACHE: usize = 8;

/// Everything the page shows. Big data sits in `Rc` so an action never clones a profile or a tree.
#[derive(Clone, Default, PartialEq)]
pub struct State {
    /// Files in the order they finished loading; failed ones too, with their error.
    pub files: Vec<Rc<LoadedFile>>,
    /// Files being read or decoded, in the order they were given.
    pub progress: Vec<FileProgress>,
    /// Files of the current batch already answered (for the overall bar).
    pub batch_finished: usize,
    /// A view was requested and has not arrived yet.
    pub building: bool,
    pub request: ViewRequest,
    pub view: Option<SharedView>,
    /// Flame graph frames of `view`, newest first (a few are kept so going back, e.g. to the root,
    /// needs no worker round trip; dropped when a new view arrives).
    pub flames: Vec<Shared<FlameView>>,
    pub pgo: Option<Shared<PgoView>>,
    /// Callers and callees of the function picked in the top table.
    pub sandwich: Option<Shared<(String, Sandwich)>>,
    pub view_error: Option<String>,
    /// Last file handed to the browser to save.
    pub saved: Option<String>,
    /// Files put in the comparison's groups (the others are only in the analysis view).
    pub groups: Vec<(FileId, Group)>,
    pub normalization: Normalization,
    /// The comparison of the groups, or why it failed; `comparing` while the worker computes it.
    pub compare: Option<Result<Shared<CompareView>, String>>,
    pub comparing: bool,
    /// The comparison's diff flame graph at the zoom asked for last (unzoomed at first).
    pub diff_flame: Option<Shared<DiffFrame>>,
    /// Where each file came from (to reload them into a restarted worker).
    pub sources: Vec<(FileId, Source)>,
    /// The worker died (panic, out of memory): why. Files stay listed; Retry restarts it.
    pub worker_error: Option<String>,
    /// The last Go binary checked: its name and build information, or the error.
    pub binary: Option<Rc<BinaryResult>>,
}

pub enum Action {
    /// Several actions applied in order as one state change (one render).
    Many(Vec<Action>),
    /// A file started being read.
    Reading(FileProgress),
    /// Bytes of a file read so far.
    Read {
        id: FileId,
        read: u64,
    },
    /// The size of a download became known.
    Sized {
        id: FileId,
        size: u64,
    },
    /// A file was handed to the worker.
    Decoding(FileId),
    Finished(Box<LoadedFile>),
    Remove(FileId),
    /// A view was requested from the worker.
    Building,
    View(Box<ViewData>),
    Flame(Box<FlameView>),
    Pgo(Box<PgoView>),
    Sandwich(String, Sandwich),
    ViewFailed(String),
    /// A file was handed to the browser to save.
    Saved(String),
    /// The user changed files included, sample type or refinements.
    SetRequest(ViewRequest),
    /// Include a file in the view, or leave it out: applied to the request as it is then, so
    /// quick toggles in a row all count.
    ToggleIncluded(FileId),
    /// Include these files in the view (true) or leave them out (false).
    SetIncluded(Vec<FileId>, bool),
    /// Put a file in a comparison group, or take it out (None).
    Assign(FileId, Option<Group>),
    SetNormalization(Normalization),
    Comparing,
    Compared(Result<Box<CompareView>, String>),
    DiffFramed(Box<DiffFrame>),
    Binary(String, Result<Box<BuildInfo>, String>),
    Source(FileId, Source),
    WorkerFailed(String),
    /// The worker was restarted: its files are being reloaded.
    Restarted,
}

impl From<Response> for Action {
    fn from(response: Response) -> Self {
        match response {
            Response::Loaded(file) => {
                let FileOutcome { file_id, name, size_bytes, outcome } = file;
                let outcome = outcome.map(|summary| *summary);
                Action::Finished(Box::new(LoadedFile { id: file_id, name, size_bytes, outcome }))
            }
            // Only helper workers send it, to their own handler (`crate::page::worker_handle`).
            Response::PartMerged(_) => Action::Many(Vec::new()),
            Response::View(view) => {
                crate::page::marks::view_ready();
                Action::View(view)
            }
            Response::Flame(flame) => Action::Flame(flame),
            Response::Pgo(pgo) => Action::Pgo(pgo),
            Response::Sandwich { function, sandwich } => Action::Sandwich(function, sandwich),
            Response::ViewError(e) => Action::ViewFailed(e),
            Response::Compare(outcome) => Action::Compared(outcome),
            Response::DiffFlame(frame) => Action::DiffFramed(frame),
            Response::BuildInfo { name, outcome } => Action::Binary(name, outcome),
            Response::File { name, mime, bytes } => {
                crate::page::download::save(&name, &mime, &bytes);
                Action::Saved(name)
            }
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = State::clone(&self);
        match action {
            Action::Many(actions) => {
                return actions
                    .into_iter()
                    .fold(Rc::new(next), |state, action| state.reduce(action))
            }
            Action::Reading(file) => {
                if next.progress.is_empty() {
                    next.batch_finished = 0;
                }
                next.progress.push(file);
            }
            Action::Read { id, read } => {
                if let Some(f) = next.progress.iter_mut().find(|f| f.id == id) {
                    f.read = read;
                }
            }
            Action::Sized { id, size } => {
                if let Some(f) = next.progress.iter_mut().find(|f| f.id == id) {
                    f.size = size;
                }
            }
            Action::Decoding(id) => {
                if let Some(f) = next.progress.iter_mut().find(|f| f.id == id) {
                    f.decoding = true;
                }
            }
            Action::Finished(file) => {
                next.progress.retain(|f| f.id != file.id);
                next.batch_finished += 1;
                next.files.push(Rc::from(file));
            }
            Action::Remove(id) => {
                next.files.retain(|f| f.id != id);
                next.groups.retain(|(f, _)| *f != id);
                next.sources.retain(|(f, _)| *f != id);
            }
            Action::Building => next.building = true,
            Action::View(view) => {
                next.view = Some(Shared(Rc::from(view)));
                next.view_error = None;
                next.building = false;
                next.pgo = None;
                next.sandwich = None;
                next.flames.clear();
            }
            Action::Flame(flame) => {
                // A frame of an older view would index names it does not have.
                if next.view.as_ref().is_some_and(|v| v.generation == flame.generation) {
                    next.flames.retain(|f| f.request != flame.request);
                    next.flames.insert(0, Shared(Rc::from(flame)));
                    next.flames.truncate(FLAME_CACHE);
                }
            }
            Action::Pgo(pgo) => next.pgo = Some(Shared(Rc::from(pgo))),
            Action::Sandwich(function, sandwich) => {
                next.sandwich = Some(Shared::new((function, sandwich)));
            }
            Action::ViewFailed(e) => {
                // The old view no longer matches the files and request: it goes with the error.
                next.view_error = Some(e);
                next.building = false;
                next.view = None;
                next.flames.clear();
                next.pgo = None;
                next.sandwich = None;
            }
            Action::Saved(name) => next.saved = Some(name),
            Action::SetRequest(request) => next.request = request,
            Action::ToggleIncluded(id) => {
                let excluded = &mut next.request.excluded;
                match excluded.iter().position(|&x| x == id) {
                    Some(i) => {
                        excluded.remove(i);
                    }
                    None => excluded.push(id),
                }
            }
            Action::SetIncluded(ids, include) => {
                let excluded = &mut next.request.excluded;
                excluded.retain(|id| !ids.contains(id));
                if !include {
                    excluded.extend(ids);
                }
            }
            Action::Assign(id, group) => {
                next.groups.retain(|(f, _)| *f != id);
                if let Some(group) = group {
                    next.groups.push((id, group));
                }
            }
            Action::SetNormalization(n) => next.normalization = n,
            Action::Comparing => next.comparing = true,
            Action::Compared(outcome) => {
                next.diff_flame = outcome.as_ref().ok().map(|c| Shared::new(c.flame.clone()));
                next.compare = Some(outcome.map(|c| Shared(Rc::from(c))));
                next.comparing = false;
            }
            Action::DiffFramed(frame) => {
                // A frame of an older comparison is dropped.
                if next.diff_flame.as_ref().is_some_and(|f| f.generation == frame.generation) {
                    next.diff_flame = Some(Shared(Rc::from(frame)));
                }
            }
            Action::Binary(name, outcome) => next.binary = Some(Rc::new((name, outcome))),
            Action::Source(id, source) => next.sources.push((id, source)),
            Action::WorkerFailed(e) => {
                next.worker_error = Some(e);
                next.building = false;
                next.comparing = false;
            }
            Action::Restarted => {
                next.worker_error = None;
                // The files come back as they are reloaded, those being loaded too.
                next.files.retain(|f| f.outcome.is_err());
                next.progress.clear();
                next.batch_finished = 0;
            }
        }
        Rc::new(next)
    }
}

/// Number of files that decoded successfully.
pub fn valid_files(state: &State) -> usize {
    state.files.iter().filter(|f| f.outcome.is_ok()).count()
}

/// Valid files of a comparison group.
pub fn group_files(state: &State, group: Group) -> Vec<FileId> {
    let valid = |id: FileId| state.files.iter().any(|f| f.id == id && f.outcome.is_ok());
    state.groups.iter().filter(|(id, g)| *g == group && valid(*id)).map(|(id, _)| *id).collect()
}

/// The worker's memory as last reported for the current view: after the PGO analysis once it is
/// done (wasm memory never shrinks, so the later figure is the peak).
pub fn worker_memory_bytes(state: &State) -> u64 {
    let view = state.view.as_ref().map_or(0, |v| v.0.worker_memory_bytes);
    state.pgo.as_ref().map_or(view, |p| p.0.worker_memory_bytes.max(view))
}

/// The analysis view's request: the baseline group stays out of it (the view shows what is being
/// analysed or tried: ungrouped files and the candidate).
pub fn effective_request(state: &State) -> ViewRequest {
    let mut request = state.request.clone();
    request.excluded.extend(group_files(state, Group::Baseline));
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excluded_after(actions: Vec<Action>) -> Vec<FileId> {
        let state = actions.into_iter().fold(Rc::new(State::default()), |s, a| s.reduce(a));
        state.request.excluded.clone()
    }

    #[test]
    fn toggles_in_a_row_all_count_and_a_second_toggle_includes_again() {
        use Action::ToggleIncluded as Toggle;
        assert_eq!(
            excluded_after(vec![Toggle(FileId(1)), Toggle(FileId(2))]),
            vec![FileId(1), FileId(2)]
        );
        assert_eq!(
            excluded_after(vec![Toggle(FileId(1)), Toggle(FileId(2)), Toggle(FileId(1))]),
            vec![FileId(2)]
        );
        assert!(excluded_after(vec![Toggle(FileId(3)), Toggle(FileId(3))]).is_empty());
    }

    #[test]
    fn a_groups_all_and_none_set_every_file_it_names() {
        let ids = vec![FileId(1), FileId(2)];
        let none = Action::SetIncluded(ids.clone(), false);
        assert_eq!(excluded_after(vec![Action::ToggleIncluded(FileId(2)), none]), ids);
        let all = Action::SetIncluded(ids.clone(), true);
        let back = vec![Action::SetIncluded(ids, false), Action::ToggleIncluded(FileId(3)), all];
        assert_eq!(excluded_after(back), vec![FileId(3)]);
    }
}
