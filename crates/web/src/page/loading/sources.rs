//! Go sources for the source view: a picked folder's files (read here), a module's `.zip` (read by
//! the worker) and files fetched through the source URL template; and the build log the compiler
//! wrote, which the worker checks against the profile.

use gloo::net::http::Request as HttpRequest;
use pgoscope_fetch::source_url_candidates;
use pgoscope_pprof::{MAX_SOURCE_FILES, MAX_SOURCE_FILE_BYTES};
use yew::platform::spawn_local;

use super::Loader;
use crate::page::remote::explain;
use crate::page::state::{SourceFile, SourcesAction};
use crate::protocol::{fits_in_the_tab, Payload, Request};

impl Loader {
    /// Reads the Go files among `files` (a picked folder: its `.go` and `.s` files, at most
    /// [`MAX_SOURCE_FILES`], each at most [`MAX_SOURCE_FILE_BYTES`]) under the path they have in
    /// the folder; a `.zip` among them goes to the worker as a module archive.
    pub fn load_source_files(&self, files: Vec<web_sys::File>) {
        let (zips, files): (Vec<_>, Vec<_>) =
            files.into_iter().partition(|f| f.name().ends_with(".zip"));
        for zip in zips {
            self.load_source_zip(zip);
        }
        let sources: Vec<_> = files
            .into_iter()
            .filter(|f| f.name().ends_with(".go") || f.name().ends_with(".s"))
            .collect();
        if sources.is_empty() {
            return;
        }
        let this = self.clone();
        spawn_local(async move {
            let count = sources.len();
            let mut read = Vec::new();
            let small = sources.into_iter().filter(|f| f.size() <= MAX_SOURCE_FILE_BYTES as f64);
            for file in small.take(MAX_SOURCE_FILES) {
                let path = relative_path(&file);
                let file = gloo::file::File::from(file);
                if let Ok(text) = gloo::file::futures::read_as_text(&file).await {
                    read.push(SourceFile { path, text: text.into() });
                }
            }
            let note = match count - read.len() {
                0 => format!("{} Go files from the folder", read.len()),
                n => format!("{} Go files from the folder ({n} skipped: unreadable, over 4 MiB or past {MAX_SOURCE_FILES})", read.len()),
            };
            this.dispatch(SourcesAction::Files(read, note).into());
        });
    }

    /// Hands a build log (`go build -pgo=… -gcflags=all=-d=pgodebug=1 -m`) to the worker, which
    /// keeps it and checks it against each view's profile.
    pub fn load_build_log(&self, file: web_sys::File) {
        let name = file.name();
        match fits_in_the_tab(file.size() as u64) {
            Ok(()) => self.bridge.send(Request::BuildLog { name, payload: Payload::File(file) }),
            Err(e) => self.dispatch(crate::page::state::Action::Verified((name, Err(e)))),
        }
    }

    /// Hands a module's `.zip` (as the module proxy serves it) to the worker, which unzips it.
    pub fn load_source_zip(&self, file: web_sys::File) {
        let name = file.name();
        match fits_in_the_tab(file.size() as u64) {
            Ok(()) => self.bridge.send(Request::SourceZip { name, payload: Payload::File(file) }),
            Err(e) => self.dispatch(SourcesAction::Failed(format!("{name}: {e}")).into()),
        }
    }

    /// Fetches the profile's file `profile_path` through the source URL template: the tail that
    /// worked before first, then the longest tails (an HTTP error tries the next; a blocked or
    /// failed request stops, named).
    pub fn fetch_source(&self, template: String, profile_path: String, known_strip: Option<usize>) {
        let candidates = match source_url_candidates(&template, &profile_path, known_strip) {
            Ok(candidates) => candidates,
            Err(e) => return self.dispatch(SourcesAction::Failed(e.to_string()).into()),
        };
        self.dispatch(SourcesAction::Fetching(profile_path.clone()).into());
        let this = self.clone();
        spawn_local(async move {
            let mut statuses = Vec::new();
            for candidate in candidates {
                let response = match HttpRequest::get(&candidate.url).send().await {
                    Ok(response) => response,
                    Err(e) => {
                        return this
                            .dispatch(SourcesAction::Failed(explain(&candidate.url, e)).into())
                    }
                };
                if !response.ok() {
                    statuses.push(format!("{} → HTTP {}", candidate.url, response.status()));
                    continue;
                }
                let Ok(text) = response.text().await else { continue };
                let path = candidate.url.clone();
                let file = SourceFile { path, text: text.into() };
                let note = format!("{profile_path}: fetched {}", candidate.url);
                let actions = vec![
                    SourcesAction::Stripped(candidate.strip).into(),
                    SourcesAction::Files(vec![file], note).into(),
                ];
                return this.dispatch(crate::page::state::Action::Many(actions));
            }
            let tried = statuses.join(", ");
            this.dispatch(
                SourcesAction::Failed(format!(
                    "{profile_path}: not found through the template (tried {tried})"
                ))
                .into(),
            );
        });
    }
}

/// A picked file's path within its folder (`webkitRelativePath`), else its name.
fn relative_path(file: &web_sys::File) -> String {
    js_sys::Reflect::get(file, &"webkitRelativePath".into())
        .ok()
        .and_then(|v| v.as_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| file.name())
}
