//! The page: the worker bridge, the effects that ask it for views, and the layout. Its state and
//! reducer are in [`crate::page::state`].

use std::rc::Rc;

use yew::prelude::*;

use crate::page::components::binary_check::BinaryCheck;
use crate::page::components::compare::Compare;
use crate::page::components::drop_zone::DropZone;
use crate::page::components::file_list::FileList;
use crate::page::components::filters::Filters;
use crate::page::components::flamegraph::FlameGraph;
use crate::page::components::pgo_loop::PgoLoop;
use crate::page::components::pgo_panel::PgoPanel;
use crate::page::components::progress::Progress;
use crate::page::components::sources::SourcesPanel;
use crate::page::components::top_table::TopTable;
use crate::page::loading::{self, Source};
use crate::page::state::{
    effective_request, group_files, valid_files, worker_memory_bytes, Action, State,
};
use crate::page::url_state::{self, HashState};
use crate::page::worker_handle::{WorkerHandle, CRASH_CHANNEL, WARM_UP_AT_START_MS};
use crate::protocol::{CompareRequest, FileId, FlameRequest, Group, Request, Response};

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
    // The demo lands on its comparison: once it is computed, the page scrolls to it.
    let demo_landing = use_state(|| false);
    let on_demo = use_stable(|| {
        let (dispatcher, bridge, landing) =
            (state.dispatcher(), bridge.clone(), demo_landing.setter());
        Callback::from(move |_| {
            landing.set(true);
            loading::load_demo(&dispatcher, &bridge)
        })
    });
    {
        let compared = matches!(state.compare, Some(Ok(_)));
        let landing = demo_landing.clone();
        use_effect_with((*demo_landing, compared), move |&(pending, compared)| {
            if pending && compared {
                landing.set(false);
                scroll_to("[data-testid=\"compare-panel\"]");
            }
        });
    }
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
    let on_include = use_stable(|| {
        let dispatcher = state.dispatcher();
        Callback::from(move |(ids, include)| dispatcher.dispatch(Action::SetIncluded(ids, include)))
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
                <PgoLoop files={state.files.clone()} pgo={state.pgo.clone()} compare={state.compare.clone()} binary={state.binary.clone()} />
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
                    groups={state.groups.clone()} {on_toggle} {on_remove} on_assign={on_assign.clone()} {on_include} />
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

/// Scrolls the first element matching `selector` to the top of the viewport.
fn scroll_to(selector: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten());
    if let Some(element) = element {
        element.scroll_into_view();
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
    let files: Vec<(FileId, String, Source)> = valid
        .chain(loading)
        .filter_map(|(id, name)| {
            let source = state.sources.iter().find(|(f, _)| *f == id)?.1.clone();
            Some((id, name.clone(), source))
        })
        .collect();
    dispatcher.dispatch(Action::Restarted);
    loading::reload(files, dispatcher, bridge);
}
