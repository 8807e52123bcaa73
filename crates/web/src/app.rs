//! The page: state (loaded files), actions, and the top-level layout.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::drop_zone::DropZone;
use crate::components::file_list::FileList;
use crate::loading::{self, LoadedFile};

/// Everything the page shows. Files are kept in `Rc` so an action never clones a summary.
#[derive(Default, PartialEq)]
pub struct State {
    /// Loaded files in the order they finished loading; failed ones included, with their error.
    pub files: Vec<Rc<LoadedFile>>,
    /// Files still being read and decoded.
    pub pending: usize,
}

pub enum Action {
    /// `n` files started loading.
    Started(usize),
    /// One file finished (successfully or not).
    Finished(Box<LoadedFile>),
    /// Remove the file with this id.
    Remove(usize),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut files = self.files.clone();
        let mut pending = self.pending;
        match action {
            Action::Started(n) => pending += n,
            Action::Finished(file) => {
                pending = pending.saturating_sub(1);
                files.push(Rc::from(file));
            }
            Action::Remove(id) => files.retain(|f| f.id != id),
        }
        Rc::new(State { files, pending })
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    let on_files = {
        let dispatcher = state.dispatcher();
        Callback::from(move |files: Vec<web_sys::File>| {
            loading::load_files(files, dispatcher.clone())
        })
    };
    let on_demo = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_| loading::load_demo(dispatcher.clone()))
    };
    let on_remove = {
        let dispatcher = state.dispatcher();
        Callback::from(move |id| dispatcher.dispatch(Action::Remove(id)))
    };
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
                if state.pending > 0 {
                    <p class="pending" data-testid="progress">
                        { format!("Reading {} file(s)…", state.pending) }
                    </p>
                }
                <FileList files={state.files.clone()} {on_remove} />
            </main>
        </DropZone>
    }
}
