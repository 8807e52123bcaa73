//! The Go sources the source view shows: files from a picked folder, a module `.zip` or a source
//! URL template, and what became of each attempt.

use std::collections::HashSet;
use std::rc::Rc;

use pgoscope_pprof::ModuleSources;

/// A source file: its path within the picked folder, the archive or the URL, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: String,
    pub text: Rc<str>,
}

#[derive(Clone, Default, PartialEq)]
pub struct SourcesState {
    pub files: Rc<Vec<SourceFile>>,
    /// The source URL template (`…{path}…`), empty when none.
    pub url_template: String,
    /// Profile file paths the template was tried for (each once per template).
    pub fetched: Rc<HashSet<String>>,
    /// Leading path components the template's `{path}` drops (found by the first fetch that
    /// worked, then used first for the others).
    pub strip_components: Option<usize>,
    /// What the last attempts gave or why they failed, newest last (at most [`MAX_NOTES`]).
    pub notes: Vec<String>,
}

/// Notes kept at most.
pub const MAX_NOTES: usize = 4;

pub enum SourcesAction {
    /// Files were read (added to those given before; a path given again is replaced), with a note.
    Files(Vec<SourceFile>, String),
    /// The attempt to read sources failed: why.
    Failed(String),
    /// A new template: the files the old one fetched are dropped and the paths tried before are
    /// tried again.
    Template(String),
    /// The template is being fetched for this profile file path.
    Fetching(String),
    /// A template fetch worked after dropping this many leading path components.
    Stripped(usize),
}

impl SourcesAction {
    /// The files of a module archive the worker read, or why it could not.
    pub fn from_zip(name: &str, outcome: Result<ModuleSources, String>) -> SourcesAction {
        match outcome {
            Ok(zip) => {
                let mut note = format!("{name}: {} Go files", zip.files.len());
                if let Some(first) = zip.skipped.first() {
                    note += &format!(" ({} skipped; first: {first})", zip.skipped.len());
                }
                let files =
                    zip.files.into_iter().map(|f| SourceFile { path: f.path, text: f.text.into() });
                SourcesAction::Files(files.collect(), note)
            }
            Err(e) => SourcesAction::Failed(format!("{name}: {e}")),
        }
    }
}

impl SourcesState {
    pub fn reduce(&mut self, action: SourcesAction) {
        match action {
            SourcesAction::Files(files, note) => {
                let mut all: Vec<SourceFile> = self.files.as_ref().clone();
                all.retain(|f| !files.iter().any(|n| n.path == f.path));
                all.extend(files);
                self.files = Rc::new(all);
                self.note(note);
            }
            SourcesAction::Failed(e) => self.note(e),
            SourcesAction::Template(template) => {
                // The files the old template fetched (named by their URL) go with it.
                if self.files.iter().any(|f| is_url(&f.path)) {
                    self.files =
                        Rc::new(self.files.iter().filter(|f| !is_url(&f.path)).cloned().collect());
                }
                self.url_template = template;
                self.fetched = Rc::default();
                self.strip_components = None;
            }
            SourcesAction::Fetching(path) => {
                let mut fetched = self.fetched.as_ref().clone();
                fetched.insert(path);
                self.fetched = Rc::new(fetched);
            }
            SourcesAction::Stripped(n) => self.strip_components = Some(n),
        }
    }

    fn note(&mut self, note: String) {
        self.notes.push(note);
        let extra = self.notes.len().saturating_sub(MAX_NOTES);
        self.notes.drain(..extra);
    }
}

fn is_url(path: &str) -> bool {
    path.starts_with("https://") || path.starts_with("http://")
}
