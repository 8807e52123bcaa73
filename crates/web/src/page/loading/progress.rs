//! What the page knows of a file while and after it loads.

use pgoscope_pprof::Summary;

use crate::page::remote::Remote;
use crate::protocol::FileId;

/// One file after decoding: its summary, or the error that names what is wrong with it.
#[derive(Debug, PartialEq)]
pub struct LoadedFile {
    /// Unique per page session.
    pub id: FileId,
    pub name: String,
    pub size_bytes: usize,
    pub outcome: Result<Summary, String>,
}

/// Where a file came from, kept so a restarted worker can be given it again.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    File(web_sys::File),
    Remote(Remote),
}

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
