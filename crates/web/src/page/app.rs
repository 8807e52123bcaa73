//! The page's root component: its state, the hooks that talk to the worker, and the layout. The
//! state and its reducers are in [`crate::page::state`], the hooks in [`crate::page::hooks`], the
//! tabs' views in [`crate::page::views`].

use yew::prelude::*;

use crate::page::components::drop_zone::DropZone;
use crate::page::components::file_list::FileList;
use crate::page::components::filters::Filters;
use crate::page::components::intro::Intro;
use crate::page::components::pgo_loop::PgoLoop;
use crate::page::components::progress::Progress;
use crate::page::components::sources::SourcesPanel;
use crate::page::components::tabs::Tabs;
use crate::page::components::worker_failed::WorkerFailed;
use crate::page::hooks::{
    use_callbacks, use_demo, use_flame_controls, use_keyboard, use_picking, use_source_fetch,
    use_url_hash, use_view_requests, use_worker,
};
use crate::page::loading::{Loader, Source};
use crate::page::state::{Action, State};
use crate::page::url_state::{self, HashState};
use crate::page::views::Views;
use crate::protocol::FileId;

#[function_component(App)]
pub fn app() -> Html {
    let initial = use_memo((), |_| url_state::read());
    let state = use_reducer(|| State::starting_from(&initial));
    let flame = use_flame_controls(initial.zoom.clone(), initial.search.clone());
    use_url_hash(HashState {
        request: state.view.request.clone(),
        zoom: flame.request.zoom.clone(),
        search: flame.request.search.clone(),
        normalization: state.compare.normalization,
        tab: state.tab,
        extra: initial.extra.clone(),
    });
    let loader = use_worker(state.dispatcher());
    use_view_requests(&state, &loader, &flame.request);
    use_source_fetch(&state, &loader);
    {
        // A deep link (Grafana) or `#url=` opens its sources once, at start.
        let loader = loader.clone();
        use_effect_with((), move |_| loader.open_deep_link());
    }
    let on = use_callbacks(state.dispatcher(), &loader);
    let on_tab = {
        let dispatcher = state.dispatcher();
        use_callback((), move |tab, _| dispatcher.dispatch(Action::ShowTab(tab)))
    };
    use_keyboard(&flame.on_zoom, &flame.on_search, &on_tab);
    let picking = use_picking(&state, &loader, &flame.on_zoom);
    let compared = matches!(state.compare.result, Some(Ok(_)));
    let on_demo = use_demo(&loader, state.dispatcher(), compared);
    let on_retry = {
        let (loader, state) = (loader.clone(), state.clone());
        Callback::from(move |_: MouseEvent| retry(&state, &loader))
    };
    let (files, view, compare) = (&state.files, &state.view, &state.compare);
    let views = Views { state: &state, flame: &flame, on: &on, picking: &picking };
    html! {
        <DropZone on_files={on.on_files.clone()}>
            <header class="top">
                <h1>{ "pgoscope" }</h1>
                <p class="tagline">{ "Go pprof profiles, analysed in your browser. Nothing is uploaded." }</p>
            </header>
            <main>
                <Intro on_files={on.on_files.clone()} {on_demo} />
                <PgoLoop files={files.loaded.clone()} pgo={view.pgo.clone()} compare={compare.result.clone()} binary={state.binary.clone()} verify={state.verify.clone()} on_tab={on_tab.clone()} />
                <Progress files={files.progress.clone()} finished={files.batch_finished} building={view.building} />
                if let Some(error) = &state.worker_error {
                    <WorkerFailed error={error.clone()} {on_retry} />
                }
                <SourcesPanel on_load={on.on_remote.clone()} />
                <FileList files={files.loaded.clone()} excluded={view.request.excluded.clone()}
                    groups={compare.groups.clone()} on_toggle={on.on_toggle.clone()} on_remove={on.on_remove.clone()}
                    on_assign={on.on_assign.clone()} on_include={on.on_include.clone()} />
                if files.valid() > 0 {
                    <Filters request={view.request.clone()} view={view.view.clone()} on_change={on.on_request.clone()}
                        search={flame.request.search.clone()} on_search={flame.on_search.clone()} />
                }
                if let Some(name) = &state.saved {
                    <p class="meta" data-testid="saved">{ format!("saved {name}") }</p>
                }
                if let Some(error) = &view.error {
                    <p class="error view-error">{ error }</p>
                }
                if let Some(notice) = view.view.as_ref().and_then(|v| v.notice.as_ref()) {
                    <p class="notice" data-testid="view-notice">{ notice }</p>
                }
                <Tabs current={state.tab} {on_tab} />
                { views.render() }
            </main>
        </DropZone>
    }
}

/// Restarts the worker and gives it the files it had, and those it (or a helper) was still reading
/// or decoding when it died.
fn retry(state: &State, loader: &Loader) {
    let valid = state.files.loaded.iter().filter(|f| f.outcome.is_ok()).map(|f| (f.id, &f.name));
    let loading = state.files.progress.iter().map(|p| (p.id, &p.name));
    let files: Vec<(FileId, String, Source)> = valid
        .chain(loading)
        .filter_map(|(id, name)| {
            let source = state.files.sources.iter().find(|(f, _)| *f == id)?.1.clone();
            Some((id, name.clone(), source))
        })
        .collect();
    loader.reload(files);
}
