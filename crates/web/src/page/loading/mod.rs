//! Getting bytes to the worker: picked or dropped files, fetched URLs, the bundled demo, a Go
//! binary for the build check, and the files of a restarted worker.

mod batch;
mod deep_link;
mod progress;
mod sources;

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::{Callback, Event};

pub use batch::Batcher;
pub use progress::{FileProgress, LoadedFile, Source};

use pgoscope_flame::work::parse_bench;

use crate::page::remote::Remote;
use crate::page::state::{Action, CompareAction, FilesAction};
use crate::page::worker_handle::{Helper, WorkerHandle};
use crate::protocol::{fits_in_the_tab, FileId, Group, Payload, Request};

/// The demo's baseline profiles, served with the app (`www/demo/`): three runs of the service.
pub const DEMO_BASELINE: [&str; 3] =
    ["demo/orders-before-1.pprof", "demo/orders-before-2.pprof", "demo/orders-before-3.pprof"];
/// The demo's candidate: the same service built with `-pgo=` the first baseline run, under the same
/// load, run between the baseline's runs.
pub const DEMO_CANDIDATE: [&str; 3] =
    ["demo/orders-after-1.pprof", "demo/orders-after-2.pprof", "demo/orders-after-3.pprof"];
/// The build information of the demo's PGO binary (its header and build-info blob).
pub const DEMO_BINARY: &str = "demo/orders-pgo.buildinfo";

/// Files up to this size are handed to the worker as they are, and the worker reads them: the page
/// copies nothing, and a drop of many files leaves the page's thread free (docs/perf.md). Bigger
/// files are read here, in slices of [`READ_CHUNK`], for a progress bar.
const WORKER_READS_UP_TO: u64 = 32 << 20;

/// Files are read in slices of this size so the page can show how far reading got.
const READ_CHUNK: u64 = 4 << 20;

/// Everything loading needs: the worker, the batching of progress, and the next file id. One per
/// page (made by `hooks::use_loader`); clones share it.
#[derive(Clone)]
pub struct Loader {
    bridge: Rc<WorkerHandle>,
    batch: Batcher,
    next_id: Rc<Cell<u32>>,
}

impl Loader {
    pub fn new(bridge: Rc<WorkerHandle>, batch: Batcher) -> Self {
        Loader { bridge, batch, next_id: Rc::new(Cell::new(1)) }
    }

    /// The worker that loads, and answers every other request too.
    pub fn worker(&self) -> &Rc<WorkerHandle> {
        &self.bridge
    }

    fn next_id(&self) -> FileId {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        FileId(id)
    }

    fn dispatch(&self, action: Action) {
        self.batch.dispatcher().dispatch(action);
    }

    /// Reads each file and hands it to the worker; each one reports on its own, so one bad file
    /// loses nothing else. Text files (`.txt`, `.bench`) dropped into a group are its
    /// `go test -bench` output; `.log` files are build logs (`pgoscope verify`).
    pub fn load_files(&self, files: Vec<web_sys::File>, group: Option<Group>) {
        let (logs, files): (Vec<_>, Vec<_>) =
            files.into_iter().partition(|f| f.name().ends_with(".log"));
        logs.into_iter().for_each(|f| self.load_build_log(f));
        let (benches, files): (Vec<_>, Vec<_>) =
            files.into_iter().partition(|f| group.is_some() && is_bench_output_name(&f.name()));
        if let Some(group) = group {
            benches.into_iter().for_each(|f| self.load_bench(group, f));
        }
        if files.is_empty() {
            return;
        }
        let sources = files.into_iter().map(|f| (f.name(), Source::File(f))).collect();
        self.load_sources(sources, group);
    }

    /// Reads `go test -bench` output for a comparison group: its iterations become the group's
    /// work; an unreadable or unrecognised file is reported in the work row.
    pub fn load_bench(&self, group: Group, file: web_sys::File) {
        let this = self.clone();
        spawn_local(async move {
            let file = gloo::file::File::from(file);
            let name = file.name();
            let text = match fits_in_the_tab(file.size()) {
                Ok(()) => gloo::file::futures::read_as_text(&file).await.map_err(|e| e.to_string()),
                Err(e) => Err(e),
            };
            let runs = text.and_then(|t| parse_bench(&t).map_err(|e| e.to_string()));
            let runs = runs.map_err(|e| format!("{name}: {e}"));
            this.dispatch(CompareAction::Bench(group, runs).into());
        });
    }

    /// Fetches each source (in parallel) and loads it like a dropped file, into `group` if given.
    /// The progress bar follows the response stream.
    pub fn load_remote(&self, sources: Vec<(String, Remote)>, group: Option<Group>) {
        let sources = sources.into_iter().map(|(name, r)| (name, Source::Remote(r))).collect();
        self.load_sources(sources, group);
    }

    /// Gives each source a new id (and `group`), then loads it.
    fn load_sources(&self, sources: Vec<(String, Source)>, group: Option<Group>) {
        crate::page::marks::load_started();
        let mut actions = Vec::new();
        let routes = self.bridge.share(sources.len());
        for ((name, source), route) in sources.into_iter().zip(routes) {
            let id = self.next_id();
            actions.push(FilesAction::Source(id, source.clone()).into());
            if group.is_some() {
                actions.push(CompareAction::Assign(id, group).into());
            }
            actions.push(self.start(id, name, source, route));
        }
        // One state change (one render) for the whole drop, however many files.
        self.dispatch(Action::Many(actions));
    }

    /// Reads or fetches one source with a progress bar and hands the bytes to the worker (or to the
    /// helper `route` names); a source that cannot be read becomes a file row with the error.
    /// Returns the action that shows its progress bar, for the caller to dispatch (before the
    /// reading reports anything).
    fn start(&self, id: FileId, name: String, source: Source, route: Option<Rc<Helper>>) -> Action {
        let progress = match &source {
            Source::File(file) => FileProgress::new(id, &name, file.size() as u64),
            Source::Remote(remote) => FileProgress {
                ready_at_ms: collect_seconds(remote.url())
                    .map(|s| js_sys::Date::now() + 1000.0 * f64::from(s)),
                ..FileProgress::new(id, &name, 0)
            },
        };
        self.batch.started();
        let this = self.clone();
        spawn_local(async move {
            match this.payload(id, source).await {
                Ok(payload) => this.send(route, id, name, payload),
                Err(e) => {
                    this.failed(id, name, e);
                    if let Some(helper) = route {
                        helper.skip_file();
                    }
                }
            }
        });
        FilesAction::Reading(progress).into()
    }

    /// What the worker is given for `source`: small files as they are, big ones read here, URLs
    /// fetched, each reporting its progress.
    async fn payload(&self, id: FileId, source: Source) -> Result<Payload, String> {
        match source {
            Source::File(file) => {
                fits_in_the_tab(file.size() as u64)?;
                if file.size() <= WORKER_READS_UP_TO as f64 {
                    return Ok(Payload::File(file));
                }
                let bytes = self.read_with_progress(&gloo::file::File::from(file), id).await;
                bytes
                    .map(|b| Payload::Bytes(b.into()))
                    .map_err(|e| format!("cannot read the file: {e}"))
            }
            Source::Remote(remote) => {
                let report = |read: u64, total: u64| {
                    if total > 0 {
                        self.batch.batched(FilesAction::Sized { id, size: total }.into());
                    }
                    self.batch.batched(FilesAction::Read { id, read }.into());
                };
                let bytes = crate::page::remote::fetch(&remote, report).await;
                bytes.map(|b| Payload::Bytes(b.into()))
            }
        }
    }

    /// Reads a file slice by slice, reporting the bytes read after each one.
    async fn read_with_progress(
        &self,
        file: &gloo::file::File,
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
            self.batch.batched(FilesAction::Read { id, read: at }.into());
        }
        Ok(bytes)
    }

    /// Sends a file to the worker, or to the helper `route` names (the worker adopts its answer);
    /// the answer arrives as a `FilesAction::Finished`.
    fn send(&self, route: Option<Rc<Helper>>, id: FileId, name: String, payload: Payload) {
        self.batch.batched(FilesAction::Decoding(id).into());
        match route {
            None => self.bridge.send(Request::Load { file_id: id, name, payload }),
            Some(helper) => helper.send_file(&self.bridge, id, name, payload),
        }
    }

    /// A file that could not even be read or fetched.
    fn failed(&self, id: FileId, name: String, error: String) {
        let file = LoadedFile { id, name, size_bytes: 0, outcome: Err(error) };
        self.batch.batched(FilesAction::Finished(Box::new(file)).into());
    }

    /// Fetches the bundled demo (see `www/demo/README.md`): the baseline and candidate profiles
    /// into their groups, and the PGO binary's build information into the binary check.
    pub fn load_demo(&self) {
        let file_name = |url: &str| url.rsplit('/').next().unwrap_or(url).to_owned();
        for (urls, group) in [(DEMO_BASELINE, Group::Baseline), (DEMO_CANDIDATE, Group::Candidate)]
        {
            let sources = urls.iter().map(|u| (file_name(u), Remote::Get((*u).to_owned())));
            self.load_remote(sources.collect(), Some(group));
        }
        let this = self.clone();
        spawn_local(async move {
            let name = "orders-pgo".to_owned();
            let binary = Remote::Get(DEMO_BINARY.to_owned());
            let bytes = crate::page::remote::fetch(&binary, |_, _| {}).await;
            this.check_binary(name, bytes);
        });
    }

    /// Reads a Go binary and asks the worker for its build information; a file that cannot be read
    /// (or is above the tab's limit) is reported as such.
    pub fn load_binary(&self, file: web_sys::File) {
        let this = self.clone();
        spawn_local(async move {
            let file = gloo::file::File::from(file);
            let bytes = match fits_in_the_tab(file.size()) {
                Ok(()) => gloo::file::futures::read_as_bytes(&file)
                    .await
                    .map_err(|e| format!("cannot read the file: {e}")),
                Err(e) => Err(e),
            };
            this.check_binary(file.name(), bytes);
        });
    }

    fn check_binary(&self, name: String, bytes: Result<Vec<u8>, String>) {
        match bytes {
            Ok(bytes) => {
                let bytes = serde_bytes::ByteBuf::from(bytes);
                self.bridge.send(Request::BuildInfo { name, bytes })
            }
            Err(e) => self.dispatch(Action::Binary(name, Err(e))),
        }
    }

    /// Restarts the worker and gives it the files it had, under their ids, re-reading files and
    /// re-fetching URLs; each reports again like a new load.
    pub fn reload(&self, files: Vec<(FileId, String, Source)>) {
        self.bridge.restart();
        self.dispatch(Action::Restarted);
        crate::page::marks::load_started();
        // The dead worker's files are started again below.
        self.batch.forget_unfinished();
        let actions = (files.into_iter())
            .map(|(id, name, source)| self.start(id, name, source, None))
            .collect();
        self.dispatch(Action::Many(actions));
    }
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

/// Whether a file dropped into a group is benchmark output rather than a profile.
fn is_bench_output_name(name: &str) -> bool {
    name.ends_with(".txt") || name.ends_with(".bench")
}

/// `N` of a Go CPU profile URL (`…/debug/pprof/profile?seconds=N`): how long the server collects.
fn collect_seconds(url: &str) -> Option<u32> {
    let (path, query) = url.split_once('?')?;
    if !path.ends_with("/profile") {
        return None;
    }
    query.split('&').find_map(|p| p.strip_prefix("seconds=")?.parse().ok())
}
