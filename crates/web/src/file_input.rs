//! Reading a dropped file in a worker (`FileReaderSync`, which the page does not have): whole, or
//! a piece at a time as it is inflated ([`FileInput`]), so the gzip bytes of the first file never
//! sit in wasm memory.

use std::io::Read;

use js_sys::Uint8Array;
use pgoscope_pprof::{ReadFailure, Rereadable};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{File, FileReaderSync};

/// A file is read this many bytes at a time when streamed.
const PIECE_BYTES: usize = 1 << 20;

/// Reads a file's contents.
pub fn read_file(file: &File) -> Result<Vec<u8>, String> {
    let len = file.size() as usize;
    read_slice(file, 0, len).map_err(|e| format!("cannot read the file: {e}"))
}

/// Bytes `at..at + n` of `file` (fewer at its end).
fn read_slice(file: &File, at: usize, n: usize) -> Result<Vec<u8>, ReadFailure> {
    let reader = FileReaderSync::new().map_err(failure)?;
    let end = at.saturating_add(n).min(file.size() as usize);
    let blob = file.slice_with_f64_and_f64(at as f64, end as f64).map_err(failure)?;
    let buffer = reader.read_as_array_buffer(&blob).map_err(failure)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

fn failure(e: JsValue) -> ReadFailure {
    let why = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message()));
    ReadFailure(why.unwrap_or_else(|| format!("{e:?}")))
}

/// A file as an input read in pieces of [`PIECE_BYTES`].
pub struct FileInput<'a>(pub &'a File);

impl<'a> Rereadable for FileInput<'a> {
    type Reader = Pieces<'a>;

    fn size_bytes(&self) -> u64 {
        self.0.size() as u64
    }

    fn read_at(&self, at: u64, n: usize) -> Result<Vec<u8>, ReadFailure> {
        read_slice(self.0, at as usize, n)
    }

    fn reader(&self) -> Result<Pieces<'a>, ReadFailure> {
        Ok(Pieces { file: self.0, next: 0, piece: Vec::new(), used: 0 })
    }
}

/// Reads a file from its start, a piece at a time.
pub struct Pieces<'a> {
    file: &'a File,
    /// Where the next piece starts in the file.
    next: usize,
    piece: Vec<u8>,
    /// Bytes of `piece` already read.
    used: usize,
}

impl Read for Pieces<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.used == self.piece.len() {
            self.piece =
                read_slice(self.file, self.next, PIECE_BYTES).map_err(std::io::Error::other)?;
            self.next += self.piece.len();
            self.used = 0;
        }
        let n = buf.len().min(self.piece.len() - self.used);
        buf[..n].copy_from_slice(&self.piece[self.used..self.used + n]);
        self.used += n;
        Ok(n)
    }
}
