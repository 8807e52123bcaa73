//! Getting bytes to the worker: picked or dropped files, and the bundled demo profile.

use std::rc::Rc;

use gloo::net::http::Request as HttpRequest;
use gloo::worker::WorkerBridge;
use pgoscope_pprof::Summary;
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::{Callback, Event, UseReducerDispatcher};

use crate::app::{Action, State};
use crate::protocol::Request;
use crate::worker::ProfileWorker;

/// The demo profile served with the app (`www/demo/`).
pub const DEMO_URL: &str = "demo/shapes-before.pprof";

/// One file after decoding: its summary, or the error that names what is wrong with it.
#[derive(Debug, PartialEq)]
pub struct LoadedFile {
    /// Unique per page session.
    pub id: u32,
    pub name: String,
    pub size_bytes: usize,
    pub outcome: Result<Summary, String>,
}

thread_local! {
    static NEXT_ID: std::cell::Cell<u32> = const { std::cell::Cell::new(1) };
}

fn next_id() -> u32 {
    NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    })
}

type Bridge = Rc<WorkerBridge<ProfileWorker>>;

/// Sends bytes to the worker; its answer arrives as an `Action::Finished`.
fn send(bridge: &Bridge, name: String, bytes: Vec<u8>) {
    let bytes = serde_bytes::ByteBuf::from(bytes);
    bridge.send(Request::Load { file_id: next_id(), name, bytes });
}

/// A file that could not even be read or fetched.
fn failed(dispatcher: &UseReducerDispatcher<State>, name: String, error: String) {
    let file = LoadedFile { id: next_id(), name, size_bytes: 0, outcome: Err(error) };
    dispatcher.dispatch(Action::Finished(Box::new(file)));
}

/// Reads each file and hands it to the worker; each one reports on its own, so one bad file loses
/// nothing else.
pub fn load_files(
    files: Vec<web_sys::File>,
    dispatcher: &UseReducerDispatcher<State>,
    bridge: &Bridge,
) {
    crate::marks::load_started();
    dispatcher.dispatch(Action::Started(files.len()));
    for file in files {
        let (dispatcher, bridge) = (dispatcher.clone(), bridge.clone());
        spawn_local(async move {
            let file = gloo::file::File::from(file);
            let name = file.name();
            match gloo::file::futures::read_as_bytes(&file).await {
                Ok(bytes) => send(&bridge, name, bytes),
                Err(e) => failed(&dispatcher, name, format!("cannot read the file: {e}")),
            }
        });
    }
}

/// Fetches the bundled demo profile and loads it like a dropped file.
pub fn load_demo(dispatcher: &UseReducerDispatcher<State>, bridge: &Bridge) {
    crate::marks::load_started();
    dispatcher.dispatch(Action::Started(1));
    let (dispatcher, bridge) = (dispatcher.clone(), bridge.clone());
    spawn_local(async move {
        let name = DEMO_URL.rsplit('/').next().unwrap_or(DEMO_URL).to_owned();
        match fetch_bytes(DEMO_URL).await {
            Ok(bytes) => send(&bridge, name, bytes),
            Err(e) => failed(&dispatcher, name, e),
        }
    });
}

async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let response = HttpRequest::get(url).send().await.map_err(|e| format!("fetch {url}: {e}"))?;
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
