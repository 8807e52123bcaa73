//! The page's state and its reducers: every change the page makes goes through an [`Action`]. One
//! reducer per area ([`files`], [`view`], [`compare`]); this one routes actions to them and handles
//! the few that touch several areas. Reducers have no side effects.

mod compare;
mod files;
mod sources;
mod view;

use std::rc::Rc;

use yew::prelude::*;

pub use compare::{BenchInput, CompareAction, CompareState};
pub use files::{FilesAction, FilesState};
pub use sources::{SourceFile, SourcesAction, SourcesState};
pub use view::{ViewAction, ViewState};

use crate::page::loading::LoadedFile;
use crate::page::tab::Tab;
use crate::page::url_state::HashState;
use crate::protocol::{
    BinaryResult, FileId, FileOutcome, Group, Response, VerifyResult, ViewRequest,
};
use pgoscope_pgo::BuildInfo;

/// Everything the page shows. Big data sits in `Rc` so an action never clones a profile or a tree.
#[derive(Clone, Default, PartialEq)]
pub struct State {
    pub files: FilesState,
    pub view: ViewState,
    pub compare: CompareState,
    /// The worker died (panic, out of memory): why. Files stay listed; Retry restarts it.
    pub worker_error: Option<String>,
    /// The last Go binary checked: its name and build information, or the error.
    pub binary: Option<Rc<BinaryResult>>,
    /// The build log given, checked against the view's profile (`pgoscope verify`).
    pub verify: Option<Rc<VerifyResult>>,
    /// Last file handed to the browser to save.
    pub saved: Option<String>,
    /// The view shown.
    pub tab: Tab,
    /// Go sources the user gave, for the source view.
    pub sources: SourcesState,
}

pub enum Action {
    /// Several actions applied in order as one state change (one render).
    Many(Vec<Action>),
    Files(FilesAction),
    View(ViewAction),
    Compare(CompareAction),
    /// A file is taken out of the page (and of its comparison group).
    Remove(FileId),
    Binary(String, Result<Box<BuildInfo>, String>),
    /// A build log was checked against the view's profile.
    Verified(VerifyResult),
    /// A file was handed to the browser to save.
    Saved(String),
    WorkerFailed(String),
    /// The worker was restarted: its files are being reloaded.
    Restarted,
    ShowTab(Tab),
    Sources(SourcesAction),
}

impl From<FilesAction> for Action {
    fn from(action: FilesAction) -> Self {
        Action::Files(action)
    }
}

impl From<SourcesAction> for Action {
    fn from(action: SourcesAction) -> Self {
        Action::Sources(action)
    }
}

impl From<ViewAction> for Action {
    fn from(action: ViewAction) -> Self {
        Action::View(action)
    }
}

impl From<CompareAction> for Action {
    fn from(action: CompareAction) -> Self {
        Action::Compare(action)
    }
}

/// The state change a worker's answer makes. Pure: what an answer does besides (a download, a
/// timing mark) happens where answers arrive (`hooks::use_worker`).
impl From<Response> for Action {
    fn from(response: Response) -> Self {
        match response {
            Response::Loaded(file) => {
                let FileOutcome { file_id, name, size_bytes, outcome } = file;
                let outcome = outcome.map(|summary| *summary);
                let file = LoadedFile { id: file_id, name, size_bytes, outcome };
                FilesAction::Finished(Box::new(file)).into()
            }
            // Only helper workers send it, to their own handler (`crate::page::worker_handle`).
            Response::PartMerged(_) => Action::Many(Vec::new()),
            Response::View(view) => ViewAction::Built(view).into(),
            Response::Flame(flame) => ViewAction::Flame(flame).into(),
            Response::Pgo(pgo) => ViewAction::Pgo(pgo).into(),
            Response::Sandwich { function, sandwich } => {
                ViewAction::Sandwich(function, sandwich).into()
            }
            Response::Source(source) => ViewAction::Source(source).into(),
            Response::Graph(graph) => ViewAction::Graph(graph).into(),
            Response::ViewError(e) => ViewAction::Failed(e).into(),
            Response::Compare(outcome) => CompareAction::Compared(outcome).into(),
            Response::DiffFlame(frame) => CompareAction::DiffFramed(frame).into(),
            Response::BuildInfo { name, outcome } => Action::Binary(name, outcome),
            Response::File { name, .. } => Action::Saved(name),
            Response::Verify { name, outcome } => Action::Verified((name, outcome)),
            Response::SourceZip { name, outcome } => SourcesAction::from_zip(&name, outcome).into(),
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
            Action::Files(action) => next.files.reduce(action),
            Action::View(action) => next.view.reduce(action),
            Action::Compare(action) => next.compare.reduce(action),
            Action::Remove(id) => {
                next.files.remove(id);
                next.compare.forget(id);
            }
            Action::Binary(name, outcome) => next.binary = Some(Rc::new((name, outcome))),
            Action::Verified(result) => next.verify = Some(Rc::new(result)),
            Action::Saved(name) => next.saved = Some(name),
            Action::WorkerFailed(e) => {
                next.worker_error = Some(e);
                next.view.building = false;
                next.compare.comparing = false;
            }
            Action::Restarted => {
                next.worker_error = None;
                next.files.restarted();
            }
            Action::ShowTab(tab) => next.tab = tab,
            Action::Sources(action) => next.sources.reduce(action),
        }
        Rc::new(next)
    }
}

impl State {
    /// The state a page opens with: the view and normalisation its URL hash names.
    pub fn starting_from(hash: &HashState) -> State {
        let mut state = State::default();
        state.view.request = hash.request.clone();
        state.compare.normalization = hash.normalization;
        state.tab = hash.tab;
        state
    }
}

/// Valid files of a comparison group.
pub fn group_files(state: &State, group: Group) -> Vec<FileId> {
    let groups = &state.compare.groups;
    let in_group = |(id, g): &&(FileId, Group)| *g == group && state.files.is_valid(*id);
    groups.iter().filter(in_group).map(|(id, _)| *id).collect()
}

/// The analysis view's request: the baseline group stays out of it (the view shows what is being
/// analysed or tried: ungrouped files and the candidate).
pub fn effective_request(state: &State) -> ViewRequest {
    let mut request = state.view.request.clone();
    request.excluded.extend(group_files(state, Group::Baseline));
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excluded_after(actions: Vec<ViewAction>) -> Vec<FileId> {
        let state =
            (actions.into_iter()).fold(Rc::new(State::default()), |s, a| s.reduce(Action::View(a)));
        state.view.request.excluded.clone()
    }

    #[test]
    fn toggles_in_a_row_all_count_and_a_second_toggle_includes_again() {
        use ViewAction::ToggleIncluded as Toggle;
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
        let none = ViewAction::SetIncluded(ids.clone(), false);
        assert_eq!(excluded_after(vec![ViewAction::ToggleIncluded(FileId(2)), none]), ids);
        let all = ViewAction::SetIncluded(ids.clone(), true);
        let back =
            vec![ViewAction::SetIncluded(ids, false), ViewAction::ToggleIncluded(FileId(3)), all];
        assert_eq!(excluded_after(back), vec![FileId(3)]);
    }

    #[test]
    fn removing_a_file_takes_it_out_of_its_group_and_a_failed_view_clears_the_old_one() {
        let state = Rc::new(State::default());
        let state = state.reduce(CompareAction::Assign(FileId(1), Some(Group::Baseline)).into());
        let state = state.reduce(Action::Remove(FileId(1)));
        assert!(state.compare.groups.is_empty());
        let state = state.reduce(ViewAction::Building.into());
        let state = state.reduce(ViewAction::Failed("no".into()).into());
        assert_eq!((state.view.building, state.view.error.as_deref()), (false, Some("no")));
    }
}
