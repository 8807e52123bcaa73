//! Picking a function in one view and seeing it in the others.

use yew::prelude::*;

use crate::page::loading::Loader;
use crate::page::state::{Action, State, ViewAction};
use crate::page::tab::Tab;
use crate::protocol::Request;

/// What a pick does, by tab.
#[derive(Clone, PartialEq)]
pub struct Picking {
    /// A function picked in the top table or the sandwich view: in Top, its sandwich opens; side
    /// by side, the flame graph zooms to its heaviest frame; in Sandwich, its sandwich shows.
    pub on_pick: Callback<String>,
    /// A flame graph frame clicked: the graph zooms; side by side, the top table selects it.
    pub on_flame_zoom: Callback<Vec<String>>,
}

#[hook]
pub fn use_picking(
    state: &UseReducerHandle<State>,
    loader: &Loader,
    on_zoom: &Callback<Vec<String>>,
) -> Picking {
    let tab = state.tab;
    {
        // Side by side, the graph follows a pick in the table once the pick's sandwich (with the
        // path to its heaviest frame) arrives.
        let (dispatcher, on_zoom) = (state.dispatcher(), on_zoom.clone());
        let path = (state.view.follow)
            .then(|| state.view.selected_sandwich().map(|(_, s)| s.heaviest_path.clone()))
            .flatten();
        use_effect_with(path, move |path| {
            if let Some(path) = path.clone().filter(|p| !p.is_empty()) {
                on_zoom.emit(path);
                dispatcher.dispatch(ViewAction::Followed.into());
            }
        });
    }
    let on_pick = {
        let (dispatcher, loader) = (state.dispatcher(), loader.clone());
        use_callback(tab, move |function: String, &tab| {
            let select =
                ViewAction::Select { function: function.clone(), follow: tab == Tab::Both };
            let mut actions = vec![select.into()];
            if tab == Tab::Top {
                actions.push(Action::ShowTab(Tab::Sandwich));
            }
            dispatcher.dispatch(Action::Many(actions));
            loader.worker().send(Request::Sandwich { function });
        })
    };
    let on_flame_zoom = {
        let (dispatcher, on_zoom) = (state.dispatcher(), on_zoom.clone());
        use_callback(tab, move |path: Vec<String>, &tab| {
            if let (Tab::Both, Some(function)) = (tab, path.last()) {
                let select = ViewAction::Select { function: function.clone(), follow: false };
                dispatcher.dispatch(select.into());
            }
            on_zoom.emit(path);
        })
    };
    Picking { on_pick, on_flame_zoom }
}
