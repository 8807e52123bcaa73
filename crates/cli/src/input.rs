//! Reading inputs (files, or `-` for stdin), decoding them in parallel, and merging them.

use std::io::Read;
use std::path::Path;

use pgoscope_pprof::{
    decode_flat_with, decode_with, DecodeOptions, FlatProfile, MergeOptions, Merger, Profile,
};
use rayon::prelude::*;

use crate::gzip_stream::{GzipStream, Written};
use crate::ordered::{for_each_in_order, Ahead};

pub use crate::error::{CliError, MAX_INPUT};

/// An input's bytes: a file mapped into memory, or bytes read (stdin, a URL, a file that cannot be
/// mapped).
pub enum InputBytes {
    /// The page cache's pages, shared: no copy and no fresh memory. A file changed by another
    /// process while pgoscope runs can change what is read (then decoding fails or differs, as it
    /// would reading a file mid-write); profiles are written once and then read.
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl std::ops::Deref for InputBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            InputBytes::Mapped(map) => map,
            InputBytes::Read(bytes) => bytes,
        }
    }
}

/// Reads one profile input, mapping a regular file instead of copying it (reading a fleet's files
/// into fresh buffers took a third of the merge's CPU on a VM, where first touches are slow).
pub fn input_bytes(input: &str) -> Result<InputBytes, CliError> {
    let file = match input {
        "-" => None,
        _ if crate::remote::is_url(input) => None,
        _ => std::fs::File::open(input).ok(),
    };
    let mappable = file
        .as_ref()
        .and_then(|f| f.metadata().ok())
        .filter(|m| m.is_file() && m.len() > 0 && m.len() <= MAX_INPUT);
    if let (Some(file), Some(_)) = (&file, mappable) {
        // SAFETY: the map is only read; see `InputBytes::Mapped` for a file changed meanwhile.
        if let Ok(map) = unsafe { memmap2::Mmap::map(file) } {
            return Ok(InputBytes::Mapped(map));
        }
    }
    read_bytes(input).map(InputBytes::Read)
}

/// Reads one input: a path, an `http(s)://` URL, or `-` for standard input.
pub fn read_bytes(input: &str) -> Result<Vec<u8>, CliError> {
    if crate::remote::is_url(input) {
        return crate::remote::get(input);
    }
    let too_large = |what: &str| {
        format!(
            "{what}: larger than {} MiB, the most pgoscope reads from one input",
            MAX_INPUT >> 20
        )
    };
    let mut buf = Vec::new();
    if input == "-" {
        std::io::stdin()
            .take(MAX_INPUT + 1)
            .read_to_end(&mut buf)
            .map_err(|e| format!("stdin: {e}"))?;
        return if buf.len() as u64 > MAX_INPUT { Err(too_large("stdin")) } else { Ok(buf) };
    }
    let path = Path::new(input);
    // Checked before reading, so a huge file costs no memory.
    if std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_INPUT) {
        return Err(too_large(input));
    }
    std::fs::read(path).map_err(|e| format!("{input}: {e}"))
}

/// Reads and decodes one input.
pub fn load(input: &str, options: &DecodeOptions) -> Result<Profile, CliError> {
    let bytes = input_bytes(input)?;
    decode_with(&bytes, options).map_err(|e| format!("{input}: {e}"))
}

/// Reads and decodes every input in parallel, keeping the inputs' order.
pub fn load_each(inputs: &[String], options: &DecodeOptions) -> Vec<Result<Profile, CliError>> {
    inputs.par_iter().map(|input| load(input, options)).collect()
}

/// Decodes the inputs and merges them. A single input is returned as decoded unless `always_merge`.
pub fn load_merged(
    inputs: &[String],
    merge: &MergeOptions,
    always_merge: bool,
) -> Result<Profile, CliError> {
    if inputs.len() == 1 && !always_merge {
        return load(&inputs[0], &DecodeOptions::default());
    }
    merge_inputs(inputs, merge)?.finish().map_err(|e| e.to_string())
}

/// Reads and decodes one input into the flat layout, as merge inputs are.
fn load_flat(input: &str, options: &DecodeOptions) -> Result<FlatProfile, CliError> {
    let bytes = input_bytes(input)?;
    decode_flat_with(&bytes, options).map_err(|e| format!("{input}: {e}"))
}

/// Decodes the inputs (flat) and adds them to a [`Merger`]. Decoding runs on one thread per core,
/// at most [`DECODED_AHEAD`] inputs ahead of the merge (so memory stays bounded), while this thread
/// merges them in input order.
pub fn merge_inputs(inputs: &[String], merge: &MergeOptions) -> Result<Merger, CliError> {
    let options = DecodeOptions::default();
    let mut merger = Merger::new(merge.clone());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let ahead = Ahead { threads, items: DECODED_AHEAD.max(threads) };
    for_each_in_order(
        inputs.len(),
        ahead,
        |i| load_flat(&inputs[i], &options),
        |i, profile| {
            let input = &inputs[i];
            merger.add(&profile?).map_err(|e| format!("{input}: {e}"))
        },
    )?;
    Ok(merger)
}

/// Decoded inputs waiting for the merge, at most (at least one per decoding thread).
pub const DECODED_AHEAD: usize = 4;

/// Writes what `produce` pushes to the file `path` (or standard output for `-`) as gzip, compressed
/// while it is produced ([`GzipStream`]).
pub fn write_gzip_output<E: std::fmt::Display>(
    path: &str,
    produce: impl FnOnce(&mut GzipStream<Box<dyn std::io::Write>>) -> Result<(), E>,
) -> Result<Written, CliError> {
    let out: Box<dyn std::io::Write> = match path {
        "-" => Box::new(std::io::stdout().lock()),
        _ => Box::new(std::fs::File::create(path).map_err(|e| format!("{path}: {e}"))?),
    };
    let mut stream = GzipStream::new(out);
    produce(&mut stream).map_err(|e| e.to_string())?;
    let name = if path == "-" { "stdout" } else { path };
    stream.finish().map_err(|e| format!("{name}: {e}"))
}

/// Writes `bytes` to the file `path`, or to standard output when `path` is `-`.
pub fn write_output(path: &str, bytes: &[u8]) -> Result<(), CliError> {
    use std::io::Write;
    if path == "-" {
        return std::io::stdout().write_all(bytes).map_err(|e| format!("stdout: {e}"));
    }
    std::fs::write(path, bytes).map_err(|e| format!("{path}: {e}"))
}
