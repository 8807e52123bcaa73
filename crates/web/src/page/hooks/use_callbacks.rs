//! The page's callbacks that only dispatch or send: made once, so the components given them skip
//! re-rendering when nothing they show changed.

use yew::prelude::*;

use crate::page::loading::Loader;
use crate::page::remote::Remote;
use crate::page::state::{Action, CompareAction, SourcesAction, State, ViewAction};
use crate::protocol::{ExportRequest, FileId, Group, Request, ViewRequest};
use pgoscope_flame::Normalization;

use super::COMPARE_WIDTH_PX;

#[derive(Clone, PartialEq)]
pub struct PageCallbacks {
    pub on_files: Callback<Vec<web_sys::File>>,
    pub on_group_files: Callback<(Group, Vec<web_sys::File>)>,
    pub on_remote: Callback<Vec<(String, Remote)>>,
    pub on_binary: Callback<web_sys::File>,
    pub on_assign: Callback<(FileId, Option<Group>)>,
    pub on_normalization: Callback<Normalization>,
    pub on_request: Callback<ViewRequest>,
    pub on_toggle: Callback<FileId>,
    pub on_include: Callback<(Vec<FileId>, bool)>,
    pub on_remove: Callback<FileId>,
    pub on_diff_zoom: Callback<Vec<String>>,
    pub on_export: Callback<ExportRequest>,
    pub on_work: Callback<(Group, Option<f64>)>,
    pub on_bench: Callback<(Group, Vec<web_sys::File>)>,
    pub on_source_files: Callback<Vec<web_sys::File>>,
    pub on_source_template: Callback<String>,
    pub on_build_log: Callback<Vec<web_sys::File>>,
    pub on_graph_focus: Callback<Option<(String, usize)>>,
    pub on_graph_nodes: Callback<usize>,
}

#[hook]
pub fn use_callbacks(dispatcher: UseReducerDispatcher<State>, loader: &Loader) -> PageCallbacks {
    let loader = loader.clone();
    (*use_memo((), move |_| callbacks(&dispatcher, &loader))).clone()
}

/// A callback that dispatches the action `to_action` makes of its argument.
fn dispatching<T: 'static>(
    dispatcher: &UseReducerDispatcher<State>,
    to_action: impl Fn(T) -> Action + 'static,
) -> Callback<T> {
    let dispatcher = dispatcher.clone();
    Callback::from(move |x| dispatcher.dispatch(to_action(x)))
}

/// A callback that sends the request `to_request` makes of its argument to the worker.
fn sending<T: 'static>(
    loader: &Loader,
    to_request: impl Fn(T) -> Request + 'static,
) -> Callback<T> {
    let loader = loader.clone();
    Callback::from(move |x| loader.worker().send(to_request(x)))
}

fn callbacks(dispatcher: &UseReducerDispatcher<State>, loader: &Loader) -> PageCallbacks {
    let l = loader.clone();
    let on_files = Callback::from(move |files| l.load_files(files, None));
    let l = loader.clone();
    let on_group_files = Callback::from(move |(group, files)| l.load_files(files, Some(group)));
    let l = loader.clone();
    let on_remote = Callback::from(move |sources| l.load_remote(sources, None));
    let l = loader.clone();
    let on_binary = Callback::from(move |file| l.load_binary(file));
    let l = loader.clone();
    let on_bench = Callback::from(move |(group, files): (Group, Vec<web_sys::File>)| {
        files.into_iter().for_each(|f| l.load_bench(group, f))
    });
    let (l, d) = (loader.clone(), dispatcher.clone());
    let on_remove = Callback::from(move |id| {
        l.worker().send(Request::Remove { file_id: id });
        d.dispatch(Action::Remove(id));
    });
    PageCallbacks {
        on_files,
        on_group_files,
        on_remote,
        on_binary,
        on_assign: dispatching(dispatcher, |(id, g)| CompareAction::Assign(id, g).into()),
        on_normalization: dispatching(dispatcher, |n| CompareAction::SetNormalization(n).into()),
        on_request: dispatching(dispatcher, |r| ViewAction::SetRequest(r).into()),
        on_toggle: dispatching(dispatcher, |id| ViewAction::ToggleIncluded(id).into()),
        on_include: dispatching(dispatcher, |(ids, on)| ViewAction::SetIncluded(ids, on).into()),
        on_remove,
        on_diff_zoom: sending(loader, |zoom| Request::DiffFlame {
            zoom,
            width_px: COMPARE_WIDTH_PX,
        }),
        on_export: sending(loader, Request::Export),
        on_work: dispatching(dispatcher, |(g, ops)| CompareAction::SetWork(g, ops).into()),
        on_bench,
        on_graph_focus: dispatching(dispatcher, |f| ViewAction::FocusGraph(f).into()),
        on_graph_nodes: dispatching(dispatcher, |n| ViewAction::SetGraphNodes(n).into()),
        on_source_template: dispatching(dispatcher, |t| SourcesAction::Template(t).into()),
        on_build_log: {
            let l = loader.clone();
            Callback::from(move |files: Vec<web_sys::File>| {
                files.into_iter().for_each(|f| l.load_build_log(f))
            })
        },
        on_source_files: {
            let l = loader.clone();
            Callback::from(move |files| l.load_source_files(files))
        },
    }
}
