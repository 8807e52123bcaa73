//! The requests that follow the state: the analysis view, the comparison, the flame graph frame.

use yew::prelude::*;

use crate::page::loading::Loader;
use crate::page::state::{effective_request, group_files, CompareAction, State, ViewAction};
use crate::page::tab::Tab;
use crate::protocol::{CompareRequest, FlameRequest, GraphRequest, Group, Request};

/// Width the diff flame graph is laid out for (the page scales it to the canvas).
pub const COMPARE_WIDTH_PX: u32 = 1200;

/// Asks the worker for what the state calls for, once nothing is loading: the view of the valid
/// files, the comparison once both groups have a valid file, and the flame graph frame for
/// `flame` when it is not cached.
#[hook]
pub fn use_view_requests(state: &UseReducerHandle<State>, loader: &Loader, flame: &FlameRequest) {
    let pending = state.files.progress.len();
    {
        let (loader, dispatcher) = (loader.clone(), state.dispatcher());
        let key = (pending, state.files.valid(), effective_request(state));
        use_effect_with(key, move |(pending, valid, request)| {
            if *pending == 0 && *valid > 0 {
                dispatcher.dispatch(ViewAction::Building.into());
                loader.worker().send(Request::View(request.clone()));
            }
        });
    }
    {
        let (loader, dispatcher) = (loader.clone(), state.dispatcher());
        let request = CompareRequest {
            baseline: group_files(state, Group::Baseline),
            candidate: group_files(state, Group::Candidate),
            normalization: state.compare.normalization,
            sample_type: state.view.request.sample_type.clone(),
            kind: state.view.request.kind,
            width_px: COMPARE_WIDTH_PX,
            work: state.compare.work(),
        };
        use_effect_with((pending, request), move |(pending, request)| {
            if *pending == 0 && !request.baseline.is_empty() && !request.candidate.is_empty() {
                dispatcher.dispatch(CompareAction::Comparing.into());
                loader.worker().send(Request::Compare(request.clone()));
            }
        });
    }
    {
        // The source tab asks for the lines of the function picked, in the current view.
        let loader = loader.clone();
        let generation = state.view.view.as_ref().map(|v| v.generation);
        let wanted = (state.tab == Tab::Source).then(|| state.view.selected.clone()).flatten();
        use_effect_with((wanted, generation), move |(wanted, generation)| {
            if let (Some(function), Some(_)) = (wanted, generation) {
                loader.worker().send(Request::Source { function: function.clone() });
            }
        });
    }
    {
        // The graph tab asks for the call graph of the current view, as its controls say.
        let loader = loader.clone();
        let generation = state.view.view.as_ref().map(|v| v.generation);
        let wanted = (state.tab == Tab::Graph).then(|| GraphRequest {
            search: flame.search.clone(),
            ..state.view.graph_request.clone()
        });
        use_effect_with((wanted, generation), move |(wanted, generation)| {
            if let (Some(request), Some(_)) = (wanted, generation) {
                loader.worker().send(Request::Graph(request.clone()));
            }
        });
    }
    {
        // Cached frames are reused; the worker is asked otherwise (also when no view exists yet:
        // it keeps the request for the first view).
        let loader = loader.clone();
        let cached = state.view.flames.iter().any(|f| f.request == *flame);
        use_effect_with(flame.clone(), move |request| {
            if !cached {
                loader.worker().send(Request::Flame(request.clone()));
            }
        });
    }
}
