//! Getting bytes into the core: picked or dropped files, and the bundled demo profile.

use gloo::net::http::Request;
use pgoscope_pprof::{decode, summarize, Summary};
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::{Callback, Event, UseReducerDispatcher};

use crate::app::{Action, State};

/// The demo profile served with the app (`www/demo/`).
pub const DEMO_URL: &str = "demo/websvc-before.pprof";

/// One file after decoding: its summary, or the error that names what is wrong with it.
#[derive(Debug, PartialEq)]
pub struct LoadedFile {
    /// Unique per page session.
    pub id: usize,
    pub name: String,
    pub size_bytes: usize,
    pub outcome: Result<Summary, String>,
}

thread_local! {
    static NEXT_ID: std::cell::Cell<usize> = const { std::cell::Cell::new(1) };
}

fn next_id() -> usize {
    NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    })
}

/// Decodes and summarises bytes; never panics on bad input.
pub fn summarize_bytes(name: String, bytes: &[u8]) -> LoadedFile {
    let outcome = decode(bytes).map(|p| summarize(&p)).map_err(|e| e.to_string());
    LoadedFile { id: next_id(), name, size_bytes: bytes.len(), outcome }
}

/// Reads and decodes each file; each one reports on its own, so one bad file loses nothing else.
pub fn load_files(files: Vec<web_sys::File>, dispatcher: UseReducerDispatcher<State>) {
    dispatcher.dispatch(Action::Started(files.len()));
    for file in files {
        let dispatcher = dispatcher.clone();
        spawn_local(async move {
            let file = gloo::file::File::from(file);
            let name = file.name();
            let loaded = match gloo::file::futures::read_as_bytes(&file).await {
                Ok(bytes) => summarize_bytes(name, &bytes),
                Err(e) => LoadedFile {
                    id: next_id(),
                    name,
                    size_bytes: 0,
                    outcome: Err(format!("cannot read the file: {e}")),
                },
            };
            dispatcher.dispatch(Action::Finished(Box::new(loaded)));
        });
    }
}

/// Fetches the bundled demo profile and loads it like a dropped file.
pub fn load_demo(dispatcher: UseReducerDispatcher<State>) {
    dispatcher.dispatch(Action::Started(1));
    spawn_local(async move {
        let name = DEMO_URL.rsplit('/').next().unwrap_or(DEMO_URL).to_owned();
        let loaded = match fetch_bytes(DEMO_URL).await {
            Ok(bytes) => summarize_bytes(name, &bytes),
            Err(e) => LoadedFile { id: next_id(), name, size_bytes: 0, outcome: Err(e) },
        };
        dispatcher.dispatch(Action::Finished(Box::new(loaded)));
    });
}

async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let response = Request::get(url).send().await.map_err(|e| format!("fetch {url}: {e}"))?;
    if !response.ok() {
        return Err(format!("fetch {url}: HTTP {}", response.status()));
    }
    response.binary().await.map_err(|e| format!("fetch {url}: {e}"))
}

/// `change` handler of an `<input type=file multiple>`: passes the picked files on, then clears the
/// input so picking the same file again loads it again.
pub fn on_input_change(on_files: Callback<Vec<web_sys::File>>) -> Callback<Event> {
    Callback::from(move |e: Event| {
        let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(list) = input.files() {
            on_files.emit(file_list_to_vec(&list));
        }
        input.set_value("");
    })
}

pub fn file_list_to_vec(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}
