//! The page: state, actions, the worker bridge, and the layout.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::binary_check::BinaryCheck;
use crate::components::compare::Compare;
use crate::components::drop_zone::DropZone;
use crate::components::file_list::FileList;
use crate::components::filters::Filters;
use crate::components::flamegraph::FlameGraph;
use crate::components::pgo_panel::PgoPanel;
use crate::components::progress::Progress;
use crate::components::sources::SourcesPanel;
use crate::components::top_table::TopTable;
use crate::loading::{self, FileProgress, LoadedFile, Source};
use crate::protocol::{
    BinaryResult, CompareRequest, CompareView, DiffFrame, FileOutcome, FlameRequest, FlameView,
    Group, PgoView, Request, Response, Shared, SharedView, ViewData, ViewRequest,
};
use crate::url_state::{self, HashState};
use crate::worker_handle::{WorkerHandle, CRASH_CHANNEL, WARM_UP_AT_START_MS};
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
    pub groups: Vec<(u32, Group)>,
    pub normalization: Normalization,
    /// The comparison of the groups, or why it failed; `comparing` while the worker computes it.
    pub compare: Option<Result<Shared<CompareView>, String>>,
    pub comparing: bool,
    /// The comparison's diff flame graph at the zoom asked for last (unzoomed at first).
    pub diff_flame: Option<Shared<DiffFrame>>,
    /// Where each file came from (to reload them into a restarted worker).
    pub sources: Vec<(u32, Source)>,
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
        id: u32,
        read: u64,
    },
    /// The size of a download became known.
    Sized {
        id: u32,
        size: u64,
    },
    /// A file was handed to the worker.
    Decoding(u32),
    Finished(Box<LoadedFile>),
    Remove(u32),
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
    ToggleIncluded(u32),
    /// Put a file in a comparison group, or take it out (None).
    Assign(u32, Option<Group>),
    SetNormalization(Normalization),
    Comparing,
    Compared(Result<Box<CompareView>, String>),
    DiffFramed(Box<DiffFrame>),
    Binary(String, Result<Box<BuildInfo>, String>),
    Source(u32, Source),
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
            // Only helper workers send it, to their own handler (`crate::worker_handle`).
            Response::PartMerged(_) => Action::Many(Vec::new()),
            Response::View(view) => {
                crate::marks::view_ready();
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
                crate::download::save(&name, &mime, &bytes);
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
fn valid_files(state: &State) -> usize {
    state.files.iter().filter(|f| f.outcome.is_ok()).count()
}

/// Valid files of a comparison group.
fn group_files(state: &State, group: Group) -> Vec<u32> {
    let valid = |id: u32| state.files.iter().any(|f| f.id == id && f.outcome.is_ok());
    state.groups.iter().filter(|(id, g)| *g == group && valid(*id)).map(|(id, _)| *id).collect()
}

/// The worker's memory as last reported for the current view: after the PGO analysis once it is
/// done (wasm memory never shrinks, so the later figure is the peak).
fn worker_memory_bytes(state: &State) -> u64 {
    let view = state.view.as_ref().map_or(0, |v| v.0.worker_memory_bytes);
    state.pgo.as_ref().map_or(view, |p| p.0.worker_memory_bytes.max(view))
}

/// The analysis view's request: the baseline group stays out of it (the view shows what is being
/// analysed or tried: ungrouped files and the candidate).
fn effective_request(state: &State) -> ViewRequest {
    let mut request = state.request.clone();
    request.excluded.extend(group_files(state, Group::Baseline));
    request
}

/// Width the diff flame graph is laid out for (the page scales it to the canvas).
const COMPARE_WIDTH_PX: u32 = 1200;

#[function_component(App)]
pub fn app() -> Html {
    let initial = use_memo((), |_| url_state::read());
    let state = use_reducer(|| State {
        request: initial.request.clone(),
        normalization: initial.normalization,
        ..State::default()
    });
    let zoom = use_state(|| initial.zoom.clone());
    let search = use_state(|| initial.search.clone());
    let width = use_state(|| FlameRequest::default().width_px);
    let flame_request =
        FlameRequest { zoom: (*zoom).clone(), search: (*search).clone(), width_px: *width };
    // The frame asked for when cached, else the newest (until the worker answers).
    let flame = state.flames.iter().find(|f| f.request == flame_request).or(state.flames.first());
    use_effect_with(
        HashState {
            request: state.request.clone(),
            zoom: (*zoom).clone(),
            search: (*search).clone(),
            normalization: state.normalization,
            extra: initial.extra.clone(),
        },
        |state| {
            let pending = url_state::write_later(state);
            move || drop(pending)
        },
    );
    let bridge: Rc<WorkerHandle> = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| {
            WorkerHandle::spawn(move |response: Response| match response {
                Response::Loaded(_) => loading::batched(&dispatcher, Action::from(response)),
                _ => dispatcher.dispatch(Action::from(response)),
            })
        })
    };
    {
        let bridge = bridge.clone();
        use_effect_with((), move |_| bridge.warm_up_later(WARM_UP_AT_START_MS));
    }
    use_crash_reports(state.dispatcher());
    {
        // Once every file is answered, ask for the view of the valid ones.
        let (bridge, dispatcher) = (bridge.clone(), state.dispatcher());
        let key = (state.progress.len(), valid_files(&state), effective_request(&state));
        use_effect_with(key, move |(pending, valid, request)| {
            if *pending == 0 && *valid > 0 {
                dispatcher.dispatch(Action::Building);
                bridge.send(Request::View(request.clone()));
            }
        });
    }
    {
        // Once both groups have a valid file (and nothing is loading), compare them.
        let (bridge, dispatcher) = (bridge.clone(), state.dispatcher());
        let request = CompareRequest {
            baseline: group_files(&state, Group::Baseline),
            candidate: group_files(&state, Group::Candidate),
            normalization: state.normalization,
            sample_type: state.request.sample_type.clone(),
            kind: state.request.kind,
            width_px: COMPARE_WIDTH_PX,
        };
        use_effect_with((state.progress.len(), request), move |(pending, request)| {
            if *pending == 0 && !request.baseline.is_empty() && !request.candidate.is_empty() {
                dispatcher.dispatch(Action::Comparing);
                bridge.send(Request::Compare(request.clone()));
            }
        });
    }
    {
        // The flame graph follows zoom, search and width; the worker answers for the current view.
        // Cached frames are reused; the worker is asked otherwise (also when no view exists yet:
        // it keeps the request for the first view).
        let bridge = bridge.clone();
        let cached = state.flames.iter().any(|f| f.request == flame_request);
        use_effect_with(flame_request.clone(), move |request| {
            if !cached {
                bridge.send(Request::Flame(request.clone()));
            }
        });
    }
    let on_files = use_stable(|| {
        let (dispatcher, bridge) = (state.dispatcher(), bridge.clone());
        Callback::from(move |files| loading::load_files(files, None, &dispatcher, &bridge))
    });
    let on_group_files = use_stable(|| {
        let (dispatcher, bridge) = (state.dispatcher(), bridge.clone());
        Callback::from(move |(group, files): (Group, Vec<web_sys::File>)| {
            loading::load_files(files, Some(group), &dispatcher, &bridge)
        })
    });
    let on_assign = use_stable(|| {
        let dispatcher = state.dispatcher();
        Callback::from(move |(id, group)| dispatcher.dispatch(Action::Assign(id, group)))
    });
    let on_normalization = use_stable(|| {
        let dispatcher = state.dispatcher();
        Callback::from(move |n| dispatcher.dispatch(Action::SetNormalization(n)))
    });
    let on_remote = use_stable(|| {
        let (dispatcher, bridge) = (state.dispatcher(), bridge.clone());
        Callback::from(move |sources| loading::load_remote(sources, None, &dispatcher, &bridge))
    });
    {
        // A deep link (Grafana) or `#url=` opens its sources once, at start.
        let (dispatcher, bridge) = (state.dispatcher(), bridge.clone());
        use_effect_with((), move |_| loading::open_deep_link(&dispatcher, &bridge));
    }
    let on_retry = {
        let (dispatcher, bridge) = (state.dispatcher(), bridge.clone());
        let state = state.clone();
        Callback::from(move |_: MouseEvent| retry(&state, &dispatcher, &bridge))
    };
    let on_binary = use_stable(|| {
        let (bridge, dispatcher) = (bridge.clone(), state.dispatcher());
        Callback::from(move |file: web_sys::File| loading::load_binary(file, &dispatcher, &bridge))
    });
    let on_demo = use_stable(|| {
        let (dispatcher, bridge) = (state.dispatcher(), bridge.clone());
        Callback::from(move |_| loading::load_demo(&dispatcher, &bridge))
    });
    let on_request = use_stable(|| {
        let dispatcher = state.dispatcher();
        Callback::from(move |request| dispatcher.dispatch(Action::SetRequest(request)))
    });
    let on_zoom = use_stable(|| {
        let setter = zoom.setter();
        Callback::from(move |z| setter.set(z))
    });
    let on_search = use_stable(|| {
        let setter = search.setter();
        Callback::from(move |s| setter.set(s))
    });
    let on_width = use_stable(|| {
        let setter = width.setter();
        Callback::from(move |w| setter.set(w))
    });
    let on_select = use_stable(|| {
        let bridge = bridge.clone();
        Callback::from(move |function| bridge.send(Request::Sandwich { function }))
    });
    let on_diff_zoom = use_stable(|| {
        let bridge = bridge.clone();
        Callback::from(move |zoom| {
            bridge.send(Request::DiffFlame { zoom, width_px: COMPARE_WIDTH_PX })
        })
    });
    let on_export = use_stable(|| {
        let bridge = bridge.clone();
        Callback::from(move |export| bridge.send(Request::Export(export)))
    });
    let on_toggle = use_stable(|| {
        let dispatcher = state.dispatcher();
        Callback::from(move |id| dispatcher.dispatch(Action::ToggleIncluded(id)))
    });
    let on_remove = use_stable(|| {
        let (dispatcher, bridge) = (state.dispatcher(), bridge.clone());
        Callback::from(move |id| {
            bridge.send(Request::Remove { file_id: id });
            dispatcher.dispatch(Action::Remove(id));
        })
    });
    html! {
        <DropZone on_files={on_files.clone()}>
            <header class="top">
                <h1>{ "pgoscope" }</h1>
                <p class="tagline">{ "Go pprof profiles, analysed in your browser. Nothing is uploaded." }</p>
            </header>
            <main>
                <section class="intro">
                    <p>{ "Drop Go CPU or heap profiles (.pb.gz, .pprof) anywhere on this page, or" }</p>
                    <label class="button">
                        { "Choose files" }
                        <input type="file" multiple=true data-testid="file-input"
                            onchange={loading::on_input_change(on_files)} />
                    </label>
                    <button class="button secondary" data-testid="demo-button" onclick={on_demo}>
                        { "Try the demo" }
                    </button>
                </section>
                <Progress files={state.progress.clone()} finished={state.batch_finished} building={state.building} />
                if let Some(error) = &state.worker_error {
                    <div class="worker-failed error" data-testid="worker-failed">
                        { format!("The analysis worker stopped ({error}). Your files are still listed; \
                            retry to restart it and load them again.") }
                        <button class="button small" data-testid="worker-retry" onclick={on_retry}>{ "Retry" }</button>
                    </div>
                }
                <SourcesPanel on_load={on_remote} />
                <FileList files={state.files.clone()} excluded={state.request.excluded.clone()}
                    groups={state.groups.clone()} {on_toggle} {on_remove} on_assign={on_assign.clone()} />
                if valid_files(&state) > 0 {
                    <Filters request={state.request.clone()} view={state.view.clone()} on_change={on_request.clone()} />
                }
                if let Some(name) = &state.saved {
                    <p class="meta" data-testid="saved">{ format!("saved {name}") }</p>
                }
                if let Some(error) = &state.view_error {
                    <p class="error view-error">{ error }</p>
                }
                if let Some(notice) = state.view.as_ref().and_then(|v| v.notice.as_ref()) {
                    <p class="notice" data-testid="view-notice">{ notice }</p>
                }
                if let Some(view) = &state.view {
                    if let Some(flame) = flame {
                        <FlameGraph view={view.clone()} flame={flame.clone()} zoom={(*zoom).clone()} search={(*search).clone()}
                            {on_zoom} {on_search} {on_width} worker_memory_bytes={worker_memory_bytes(&state)} />
                    }
                    <TopTable view={view.clone()} sandwich={state.sandwich.clone()} {on_select} />
                    <PgoPanel pgo={state.pgo.clone()} request={effective_request(&state)} files={state.files.clone()} on_export={on_export.clone()} />
                }
                <Compare files={state.files.clone()} groups={state.groups.clone()}
                    normalization={state.normalization} compare={state.compare.clone()} comparing={state.comparing}
                    diff_flame={state.diff_flame.clone()} {on_diff_zoom}
                    {on_group_files} {on_assign} {on_normalization} {on_export} />
                <BinaryCheck result={state.binary.clone()} {on_binary} />
            </main>
        </DropZone>
    }
}

/// A callback created once per component: children see the same callback on every render, so
/// their props compare equal and they skip re-rendering.
#[hook]
fn use_stable<T: 'static>(make: impl FnOnce() -> Callback<T>) -> Callback<T> {
    (*use_memo((), move |_| make())).clone()
}

/// Listens for the worker's loader reporting that the worker died (see www/worker-loader.js).
#[hook]
fn use_crash_reports(dispatcher: UseReducerDispatcher<State>) {
    use_effect_with((), move |_| {
        let channel = web_sys::BroadcastChannel::new(CRASH_CHANNEL).ok();
        let listener = channel.as_ref().map(|c| {
            gloo::events::EventListener::new(c, "message", move |e| {
                let message = wasm_bindgen::JsCast::dyn_ref::<web_sys::MessageEvent>(e)
                    .and_then(|m| m.data().as_string())
                    .unwrap_or_else(|| "unknown error".into());
                dispatcher.dispatch(Action::WorkerFailed(message));
            })
        });
        move || {
            drop(listener);
            if let Some(c) = channel {
                c.close();
            }
        }
    });
}

/// Restarts the worker and gives it the files it had, and those it (or a helper) was still reading
/// or decoding when it died.
fn retry(state: &State, dispatcher: &UseReducerDispatcher<State>, bridge: &Rc<WorkerHandle>) {
    bridge.restart();
    let valid = state.files.iter().filter(|f| f.outcome.is_ok()).map(|f| (f.id, &f.name));
    let loading = state.progress.iter().map(|p| (p.id, &p.name));
    let files: Vec<(u32, String, Source)> = valid
        .chain(loading)
        .filter_map(|(id, name)| {
            let source = state.sources.iter().find(|(f, _)| *f == id)?.1.clone();
            Some((id, name.clone(), source))
        })
        .collect();
    dispatcher.dispatch(Action::Restarted);
    loading::reload(files, dispatcher, bridge);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excluded_after(actions: Vec<Action>) -> Vec<u32> {
        let state = actions.into_iter().fold(Rc::new(State::default()), |s, a| s.reduce(a));
        state.request.excluded.clone()
    }

    #[test]
    fn toggles_in_a_row_all_count_and_a_second_toggle_includes_again() {
        use Action::ToggleIncluded as Toggle;
        assert_eq!(excluded_after(vec![Toggle(1), Toggle(2)]), vec![1, 2]);
        assert_eq!(excluded_after(vec![Toggle(1), Toggle(2), Toggle(1)]), vec![2]);
        assert!(excluded_after(vec![Toggle(3), Toggle(3)]).is_empty());
    }
}
