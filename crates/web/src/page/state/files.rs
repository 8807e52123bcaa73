//! The files area: files loaded (valid or not), files being read or decoded, and where each came
//! from.

use std::rc::Rc;

use crate::page::loading::{FileProgress, LoadedFile, Source};
use crate::protocol::FileId;

/// Files of the page, in the order they finished loading; failed ones too, with their error.
#[derive(Clone, Default, PartialEq)]
pub struct FilesState {
    pub loaded: Vec<Rc<LoadedFile>>,
    /// Files being read or decoded, in the order they were given.
    pub progress: Vec<FileProgress>,
    /// Files of the current batch already answered (for the overall bar).
    pub batch_finished: usize,
    /// Where each file came from (to reload them into a restarted worker).
    pub sources: Vec<(FileId, Source)>,
}

pub enum FilesAction {
    /// A file started being read.
    Reading(FileProgress),
    /// Bytes of a file read so far.
    Read {
        id: FileId,
        read: u64,
    },
    /// The size of a download became known.
    Sized {
        id: FileId,
        size: u64,
    },
    /// A file was handed to the worker.
    Decoding(FileId),
    Finished(Box<LoadedFile>),
    Source(FileId, Source),
}

impl FilesState {
    pub fn reduce(&mut self, action: FilesAction) {
        match action {
            FilesAction::Reading(file) => {
                if self.progress.is_empty() {
                    self.batch_finished = 0;
                }
                self.progress.push(file);
            }
            FilesAction::Read { id, read } => self.update(id, |f| f.read = read),
            FilesAction::Sized { id, size } => self.update(id, |f| f.size = size),
            FilesAction::Decoding(id) => self.update(id, |f| f.decoding = true),
            FilesAction::Finished(file) => {
                self.progress.retain(|f| f.id != file.id);
                self.batch_finished += 1;
                self.loaded.push(Rc::from(file));
            }
            FilesAction::Source(id, source) => self.sources.push((id, source)),
        }
    }

    fn update(&mut self, id: FileId, change: impl FnOnce(&mut FileProgress)) {
        if let Some(f) = self.progress.iter_mut().find(|f| f.id == id) {
            change(f);
        }
    }

    pub fn remove(&mut self, id: FileId) {
        self.loaded.retain(|f| f.id != id);
        self.sources.retain(|(f, _)| *f != id);
    }

    /// The worker was restarted: the files come back as they are reloaded, those being loaded too
    /// (files that failed stay, they are not reloaded).
    pub fn restarted(&mut self) {
        self.loaded.retain(|f| f.outcome.is_err());
        self.progress.clear();
        self.batch_finished = 0;
    }

    /// Number of files that decoded successfully.
    pub fn valid(&self) -> usize {
        self.loaded.iter().filter(|f| f.outcome.is_ok()).count()
    }

    pub fn is_valid(&self, id: FileId) -> bool {
        self.loaded.iter().any(|f| f.id == id && f.outcome.is_ok())
    }
}
