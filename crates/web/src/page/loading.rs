//! Getting bytes to the worker: picked or dropped files, and the bundled demo profile.

use std::rc::Rc;

use pgoscope_pprof::Summary;
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::{Callback, Event, UseReducerDispatcher};

use crate::page::remote::Remote;
use crate::page::state::{Action, State};
use crate::page::worker_handle::{Helper, WorkerHandle};
use crate::protocol::{fits_in_the_tab, FileId, Group, Payload, Request};

/// The demo profile served with the app (`www/demo/`).
pub const DEMO_BASELINE: &str = "demo/shapes-before.pprof";
/// The demo's candidate: the same service built with `-pgo=` the baseline, under the same load.
pub const DEMO_CANDIDATE: &str = "demo/shapes-after.pprof";
/// The build information of the demo's PGO binary (its header and build-info blob).
pub const DEMO_BINARY: &str = "demo/shapes-pgo.buildinfo";

/// One file after decoding: its summary, or the error that names what is wrong with it.
#[derive(Debug, PartialEq)]
pub struct LoadedFile {
    /// Unique per page session.
    pub id: FileId,
    pub name: String,
    pub size_bytes: usize,
    pub outcome: Result<Summary, String>,
}

/// Progress of many files is shown at most this often: each change renders the page, and with 50
/// files at once those renders took a core's worth of time from the workers.
const PROGRESS_BATCH_MS: u32 = 100;

thread_local! {
    static BATCH: std::cell::RefCell<Vec<Action>> = const { std::cell::RefCell::new(Vec::new()) };
    static NEXT_ID: std::cell::Cell<u32> = const { std::cell::Cell::new(1) };
    /// Files started and not yet finished (a hint for [`batched`]: if it is off, a
    /// view comes a batch's delay later, or the page renders once more).
    static UNFINISHED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn next_id() -> FileId {
    NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        FileId(id)
    })
}

type Bridge = Rc<WorkerHandle>;

/// Dispatches a loading action (progress, a file's outcome) with the others of the next
/// [`PROGRESS_BATCH_MS`], in order, as one state change. The outcome of the last file being loaded
/// goes at once (with the batch): the view waits for it.
pub fn batched(dispatcher: &UseReducerDispatcher<State>, action: Action) {
    let last = matches!(action, Action::Finished(_))
        && UNFINISHED.with(|n| {
            n.set(n.get().saturating_sub(1));
            n.get() == 0
        });
    let first = BATCH.with(|b| {
        let mut batch = b.borrow_mut();
        batch.push(action);
        batch.len() == 1
    });
    if last {
        flush(dispatcher);
    } else if first {
        let dispatcher = dispatcher.clone();
        gloo::timers::callback::Timeout::new(PROGRESS_BATCH_MS, move || flush(&dispatcher))
            .forget();
    }
}

/// Dispatches the batched actions, if any.
fn flush(dispatcher: &UseReducerDispatcher<State>) {
    let actions = BATCH.with(|b| std::mem::take(&mut *b.borrow_mut()));
    if !actions.is_empty() {
        dispatcher.dispatch(Action::Many(actions));
    }
}

/// Where a file came from, kept so a restarted worker can be given it again.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    File(web_sys::File),
    Remote(Remote),
}

/// Files up to this size are handed to the worker as they are, and the worker reads them: the page
/// copies nothing, and a drop of many files leaves the page's thread free (docs/perf.md). Bigger
/// files are read here, in slices of [`READ_CHUNK`], for a progress bar.
const WORKER_READS_UP_TO: u64 = 32 << 20;

/// Files are read in slices of this size so the page can show how far reading got.
const READ_CHUNK: u64 = 4 << 20;

/// A file being read (page) or decoded (worker), for the progress bars.
#[derive(Debug, Clone, PartialEq)]
pub struct FileProgress {
    pub id: FileId,
    pub name: String,
    /// Bytes in the file; 0 when unknown (a fetch without Content-Length).
    pub size: u64,
    pub read: u64,
    /// Handed to the worker, which is decoding it.
    pub decoding: bool,
    /// When a CPU profile being collected by a server (`…/profile?seconds=N`) should be ready,
    /// in `Date.now()` milliseconds: the bar counts down to it.
    pub ready_at_ms: Option<f64>,
}

impl FileProgress {
    /// A file about to be read or fetched (`size` 0 when unknown).
    pub fn new(id: FileId, name: &str, size: u64) -> FileProgress {
        FileProgress {
            id,
            name: name.to_owned(),
            size,
            read: 0,
            decoding: false,
            ready_at_ms: None,
        }
    }

    /// Done share of this file's work: reading counts for half, decoding for the other half.
    pub fn fraction(&self) -> f64 {
        let read = if self.size == 0 { 0.0 } else { self.read as f64 / self.size as f64 };
        if self.decoding {
            0.5
        } else {
            0.5 * read.min(1.0)
        }
    }
}

/// Sends a file to the worker, or to the helper `route` names (the worker adopts its answer); the
/// answer arrives as an `Action::Finished`.
fn send(
    dispatcher: &UseReducerDispatcher<State>,
    bridge: &Bridge,
    route: Option<Rc<Helper>>,
    id: FileId,
    name: String,
    payload: Payload,
) {
    batched(dispatcher, Action::Decoding(id));
    match route {
        None => bridge.send(Request::Load { file_id: id, name, payload }),
        Some(helper) => helper.send_file(bridge, id, name, payload),
    }
}

/// A file that could not even be read or fetched.
fn failed(dispatcher: &UseReducerDispatcher<State>, id: FileId, name: String, error: String) {
    let file = LoadedFile { id, name, size_bytes: 0, outcome: Err(error) };
    batched(dispatcher, Action::Finished(Box::new(file)));
}

/// Reads each file and hands it to the worker; each one reports on its own, so one bad file loses
/// nothing else.
pub fn load_files(
    files: Vec<web_sys::File>,
    group: Option<Group>,
    dispatcher: &UseReducerDispatcher<State>,
    bridge: &Bridge,
) {
    let sources = files.into_iter().map(|f| (f.name(), Source::File(f))).collect();
    load_sources(sources, group, dispatcher, bridge);
}

/// Gives each source a new id (and `group`), then loads it.
fn load_sources(
    sources: Vec<(String, Source)>,
    group: Option<Group>,
    dispatcher: &UseReducerDispatcher<State>,
    bridge: &Bridge,
) {
    crate::page::marks::load_started();
    let mut actions = Vec::new();
    let routes = bridge.share(sources.len());
    for ((name, source), route) in sources.into_iter().zip(routes) {
        let id = next_id();
        actions.push(Action::Source(id, source.clone()));
        if group.is_some() {
            actions.push(Action::Assign(id, group));
        }
        actions.push(start(id, name, source, route, dispatcher, bridge));
    }
    // One state change (one render) for the whole drop, however many files.
    dispatcher.dispatch(Action::Many(actions));
}

/// Reads or fetches one source with a progress bar and hands the bytes to the worker (or to the
/// helper `route` names); a source that cannot be read becomes a file card with the error. Returns
/// the action that shows its progress bar, for the caller to dispatch (before the reading reports
/// anything).
fn start(
    id: FileId,
    name: String,
    source: Source,
    route: Option<Rc<Helper>>,
    dispatcher: &UseReducerDispatcher<State>,
    bridge: &Bridge,
) -> Action {
    let progress = match &source {
        Source::File(file) => FileProgress::new(id, &name, file.size() as u64),
        Source::Remote(remote) => FileProgress {
            ready_at_ms: collect_seconds(remote.url())
                .map(|s| js_sys::Date::now() + 1000.0 * f64::from(s)),
            ..FileProgress::new(id, &name, 0)
        },
    };
    UNFINISHED.with(|n| n.set(n.get() + 1));
    let (dispatcher, bridge) = (dispatcher.clone(), bridge.clone());
    spawn_local(async move {
        let payload = match source {
            Source::File(file) => match fits_in_the_tab(file.size() as u64) {
                Ok(()) if file.size() <= WORKER_READS_UP_TO as f64 => Ok(Payload::File(file)),
                Ok(()) => read_with_progress(&gloo::file::File::from(file), &dispatcher, id)
                    .await
                    .map(|bytes| Payload::Bytes(bytes.into()))
                    .map_err(|e| format!("cannot read the file: {e}")),
                Err(e) => Err(e),
            },
            Source::Remote(remote) => {
                let report = |read: u64, total: u64| {
                    if total > 0 {
                        batched(&dispatcher, Action::Sized { id, size: total });
                    }
                    batched(&dispatcher, Action::Read { id, read });
                };
                crate::page::remote::fetch(&remote, report).await.map(|b| Payload::Bytes(b.into()))
            }
        };
        match payload {
            Ok(payload) => send(&dispatcher, &bridge, route, id, name, payload),
            Err(e) => {
                failed(&dispatcher, id, name, e);
                if let Some(helper) = route {
                    helper.skip_file();
                }
            }
        }
    });
    Action::Reading(progress)
}

/// Reads a file slice by slice, reporting the bytes read after each one.
async fn read_with_progress(
    file: &gloo::file::File,
    dispatcher: &UseReducerDispatcher<State>,
    id: FileId,
) -> Result<Vec<u8>, gloo::file::FileReadError> {
    let size = file.size();
    let mut bytes = Vec::with_capacity(size as usize);
    let mut at = 0;
    while at < size {
        let end = (at + READ_CHUNK).min(size);
        let chunk = gloo::file::futures::read_as_bytes(&file.slice(at, end)).await?;
        bytes.extend_from_slice(&chunk);
        at = end;
        batched(dispatcher, Action::Read { id, read: at });
    }
    Ok(bytes)
}

/// Fetches the bundled demo (see `www/demo/README.md`): the baseline and candidate profiles into
/// their groups, and the PGO binary's build information into the binary check.
pub fn load_demo(dispatcher: &UseReducerDispatcher<State>, bridge: &Bridge) {
    let file_name = |url: &str| url.rsplit('/').next().unwrap_or(url).to_owned();
    for (url, group) in [(DEMO_BASELINE, Group::Baseline), (DEMO_CANDIDATE, Group::Candidate)] {
        let source = vec![(file_name(url), Remote::Get(url.to_owned()))];
        load_remote(source, Some(group), dispatcher, bridge);
    }
    let (bridge, dispatcher) = (bridge.clone(), dispatcher.clone());
    spawn_local(async move {
        let name = "shapes-pgo".to_owned();
        match crate::page::remote::fetch(&Remote::Get(DEMO_BINARY.to_owned()), |_, _| {}).await {
            Ok(bytes) => {
                bridge.send(Request::BuildInfo { name, bytes: serde_bytes::ByteBuf::from(bytes) })
            }
            Err(e) => dispatcher.dispatch(Action::Binary(name, Err(e))),
        }
    });
}

/// Fetches each source (in parallel) and loads it like a dropped file, into `group` if given.
/// The progress bar follows the response stream.
pub fn load_remote(
    sources: Vec<(String, Remote)>,
    group: Option<Group>,
    dispatcher: &UseReducerDispatcher<State>,
    bridge: &Bridge,
) {
    let sources = sources.into_iter().map(|(name, r)| (name, Source::Remote(r))).collect();
    load_sources(sources, group, dispatcher, bridge);
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

/// Reads a Go binary and asks the worker for its build information; a file that cannot be read (or
/// is above the tab's limit) is reported as such.
pub fn load_binary(file: web_sys::File, dispatcher: &UseReducerDispatcher<State>, bridge: &Bridge) {
    let (bridge, dispatcher) = (bridge.clone(), dispatcher.clone());
    spawn_local(async move {
        let file = gloo::file::File::from(file);
        let name = file.name();
        let bytes = match fits_in_the_tab(file.size()) {
            Ok(()) => gloo::file::futures::read_as_bytes(&file)
                .await
                .map_err(|e| format!("cannot read the file: {e}")),
            Err(e) => Err(e),
        };
        match bytes {
            Ok(bytes) => {
                bridge.send(Request::BuildInfo { name, bytes: serde_bytes::ByteBuf::from(bytes) })
            }
            Err(e) => dispatcher.dispatch(Action::Binary(name, Err(e))),
        }
    });
}

/// Loads what the page's URL hash links to: `url=` profiles, and a Pyroscope query (into the
/// Candidate group, with its `base_from`/`base_to` twin in the Baseline group, when the link asks
/// for a comparison).
pub fn open_deep_link(dispatcher: &UseReducerDispatcher<State>, bridge: &Bridge) {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    let link = match pgoscope_fetch::parse_deep_link(&hash, js_sys::Date::now() as i64) {
        Ok(link) => link,
        Err(e) => return failed(dispatcher, next_id(), "link".into(), e.to_string()),
    };
    let remotes = |urls: &[String]| -> Vec<(String, Remote)> {
        urls.iter()
            .map(|u| (u.rsplit('/').next().unwrap_or(u).to_owned(), Remote::Get(u.clone())))
            .collect()
    };
    // `base_url=` files are compared with the `url=` ones: both go to their group. Without `url=`
    // files there is nothing to compare them with, and they open like `url=` files.
    let comparing = !link.baseline_urls.is_empty() && !link.urls.is_empty();
    let baseline = comparing.then_some(Group::Baseline);
    if !link.baseline_urls.is_empty() {
        load_remote(remotes(&link.baseline_urls), baseline, dispatcher, bridge);
    }
    if !link.urls.is_empty() {
        let group = comparing.then_some(Group::Candidate);
        load_remote(remotes(&link.urls), group, dispatcher, bridge);
    }
    let Some(pyro) = link.pyroscope else { return };
    let source = |q: &pgoscope_fetch::PyroscopeQuery, label: &str| {
        let body = q.select_merge_profile_body();
        let remote = Remote::pyroscope(q, pgoscope_fetch::SELECT_MERGE_PROFILE, body);
        vec![(format!("{label}{}", q.file_name()), remote)]
    };
    match &pyro.baseline {
        Some(base) => {
            load_remote(source(base, "baseline: "), Some(Group::Baseline), dispatcher, bridge);
            load_remote(source(&pyro.query, ""), Some(Group::Candidate), dispatcher, bridge);
        }
        None => load_remote(source(&pyro.query, ""), None, dispatcher, bridge),
    }
}

/// `N` of a Go CPU profile URL (`…/debug/pprof/profile?seconds=N`): how long the server collects.
fn collect_seconds(url: &str) -> Option<u32> {
    let (path, query) = url.split_once('?')?;
    if !path.ends_with("/profile") {
        return None;
    }
    query.split('&').find_map(|p| p.strip_prefix("seconds=")?.parse().ok())
}

/// Gives a (restarted) worker the files it had, under their ids, re-reading files and re-fetching
/// URLs; each reports again like a new load.
pub fn reload(
    files: Vec<(FileId, String, Source)>,
    dispatcher: &UseReducerDispatcher<State>,
    bridge: &Bridge,
) {
    crate::page::marks::load_started();
    // The dead worker's files are started again below.
    UNFINISHED.with(|n| n.set(0));
    let actions = files
        .into_iter()
        .map(|(id, name, source)| start(id, name, source, None, dispatcher, bridge))
        .collect();
    dispatcher.dispatch(Action::Many(actions));
}
