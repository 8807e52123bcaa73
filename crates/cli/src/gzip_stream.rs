//! gzip written while its raw bytes are produced: independent members of [`MEMBER_RAW_BYTES`] raw
//! bytes each (RFC 1952 allows several members; Go, pprof, browsers and pgoscope read them all),
//! compressed on rayon's threads while the producer goes on, and written in order.

use std::collections::VecDeque;
use std::io::Write;
use std::sync::mpsc::{sync_channel, Receiver};

/// Raw bytes per gzip member. The members, and so the output bytes, depend only on the raw bytes.
pub const MEMBER_RAW_BYTES: usize = 2 << 20;

/// Members being compressed at most at once (one per core of the machines pgoscope is measured
/// on); the producer waits for the oldest beyond that. Memory stays near
/// `(MAX_IN_FLIGHT + 1) × MEMBER_RAW_BYTES` whatever the output's size, and the buffers are reused:
/// fresh memory is slow to touch on a VM.
const MAX_IN_FLIGHT: usize = 2;

/// The bytes a [`GzipStream`] took and wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub raw_bytes: u64,
    pub gzip_bytes: u64,
}

/// A compressed member, and the raw buffer it came from (to be reused).
type Compressed = (Vec<u8>, Vec<u8>);

/// Compresses what [`GzipStream::push`] is given into `out`.
pub struct GzipStream<W: Write> {
    out: W,
    pending: Vec<u8>,
    in_flight: VecDeque<Receiver<Compressed>>,
    /// Emptied buffers: raw ones to fill, gzip ones to compress into.
    spare_raw: Vec<Vec<u8>>,
    spare_gzip: Vec<Vec<u8>>,
    written: Written,
    /// The first write error; later writes are skipped and [`GzipStream::finish`] returns it.
    error: Option<std::io::Error>,
}

impl<W: Write> GzipStream<W> {
    pub fn new(out: W) -> Self {
        GzipStream {
            out,
            pending: Vec::new(),
            in_flight: VecDeque::new(),
            spare_raw: Vec::new(),
            spare_gzip: Vec::new(),
            written: Written { raw_bytes: 0, gzip_bytes: 0 },
            error: None,
        }
    }

    /// Takes more raw bytes.
    pub fn push(&mut self, bytes: &[u8]) {
        self.written.raw_bytes += bytes.len() as u64;
        let mut bytes = bytes;
        while !bytes.is_empty() {
            if self.pending.capacity() == 0 {
                self.pending = self.spare_raw.pop().unwrap_or_default();
                self.pending.reserve_exact(MEMBER_RAW_BYTES);
            }
            let room = MEMBER_RAW_BYTES - self.pending.len();
            let (now, rest) = bytes.split_at(room.min(bytes.len()));
            self.pending.extend_from_slice(now);
            bytes = rest;
            if self.pending.len() == MEMBER_RAW_BYTES {
                self.compress_pending();
            }
        }
    }

    /// Compresses the last member, writes every member, and flushes.
    pub fn finish(mut self) -> std::io::Result<Written> {
        if !self.pending.is_empty() {
            self.compress_pending();
        }
        while !self.in_flight.is_empty() {
            self.write_oldest();
        }
        if let Some(e) = self.error {
            return Err(e);
        }
        self.out.flush()?;
        Ok(self.written)
    }

    fn compress_pending(&mut self) {
        let raw = std::mem::take(&mut self.pending);
        let out = self.spare_gzip.pop().unwrap_or_else(|| Vec::with_capacity(raw.len() / 2));
        let (sender, receiver) = sync_channel(1);
        rayon::spawn(move || {
            let member = pgoscope_pprof::gzip_into(&raw, pgoscope_pprof::DEFAULT_GZIP_LEVEL, out);
            let _ = sender.send((member, raw)); // the stream was dropped: nobody wants it
        });
        self.in_flight.push_back(receiver);
        if self.in_flight.len() > MAX_IN_FLIGHT {
            self.write_oldest();
        }
    }

    fn write_oldest(&mut self) {
        let Some(receiver) = self.in_flight.pop_front() else { return };
        let (member, mut raw) = receiver.recv().expect("a gzip member is always sent");
        self.written.gzip_bytes += member.len() as u64;
        if self.error.is_none() {
            self.error = self.out.write_all(&member).err();
        }
        raw.clear();
        self.spare_raw.push(raw);
        self.spare_gzip.push(member);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pushed in pieces of any size, the stream is the same members, and inflates to the input.
    #[test]
    fn members_depend_only_on_the_raw_bytes() {
        let raw: Vec<u8> = (0..MEMBER_RAW_BYTES * 2 + 12345)
            .map(|i| (i * 7 % 251) as u8 ^ (i >> 13) as u8)
            .collect();
        let stream_of = |piece: usize| {
            let mut out = Vec::new();
            let mut stream = GzipStream::new(&mut out);
            raw.chunks(piece).for_each(|p| stream.push(p));
            let written = stream.finish().unwrap();
            (out, written)
        };
        let (whole, written) = stream_of(raw.len());
        assert_eq!(
            written,
            Written { raw_bytes: raw.len() as u64, gzip_bytes: whole.len() as u64 }
        );
        assert_eq!(stream_of(65536).0, whole);
        assert_eq!(stream_of(1_000_003).0, whole);
        let inflated = pgoscope_pprof::decompress(&whole, u64::MAX).unwrap();
        assert_eq!(&*inflated, raw.as_slice());
    }

    /// A failing writer's error is returned by `finish`, after every member was compressed.
    #[test]
    fn a_write_error_is_returned_once() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk full"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut stream = GzipStream::new(Full);
        stream.push(&vec![1u8; MEMBER_RAW_BYTES * 6 + 1]);
        let error = stream.finish().unwrap_err();
        assert_eq!(error.to_string(), "disk full");
    }
}
