//! Hostile inputs, written straight as protobuf wire bytes (so they can lie where a profile
//! library would not let them): used by the pprof and CLI tests, and written to files by
//! `cargo run -p pgoscope-pprof --example hostile -- DIR` for the browser tests.

use std::io::{self, Write};

use flate2::write::GzEncoder;
use flate2::Compression;

pub fn varint(mut v: u64, out: &mut Vec<u8>) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// A length-delimited field.
pub fn bytes_field(field: u64, payload: &[u8], out: &mut Vec<u8>) {
    varint(field << 3 | 2, out);
    varint(payload.len() as u64, out);
    out.extend_from_slice(payload);
}

pub fn varint_field(field: u64, v: u64, out: &mut Vec<u8>) {
    varint(field << 3, out);
    varint(v, out);
}

/// `string_table` ["", "cpu", "nanoseconds", "f1" … "f{functions}"], one `cpu/nanoseconds` sample
/// type, and functions/locations 1..=functions (location i calls function i): a valid profile
/// without samples.
pub fn header(functions: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let mut value_type = Vec::new();
    varint_field(1, 1, &mut value_type);
    varint_field(2, 2, &mut value_type);
    bytes_field(1, &value_type, &mut out);
    for s in ["", "cpu", "nanoseconds"] {
        bytes_field(6, s.as_bytes(), &mut out);
    }
    for id in 1..=functions {
        bytes_field(6, format!("main.f{id}").as_bytes(), &mut out);
        let mut function = Vec::new();
        varint_field(1, id, &mut function);
        varint_field(2, id + 2, &mut function);
        bytes_field(5, &function, &mut out);
        let (mut location, mut line) = (Vec::new(), Vec::new());
        varint_field(1, id, &mut line);
        varint_field(1, id, &mut location);
        bytes_field(4, &line, &mut location);
        bytes_field(4, &location, &mut out);
    }
    out
}

/// One sample with `stack` (location ids, leaf first) and one value.
pub fn sample(stack: &[u64], value: u64) -> Vec<u8> {
    let (mut ids, mut body, mut out) = (Vec::new(), Vec::new(), Vec::new());
    stack.iter().for_each(|&id| varint(id, &mut ids));
    bytes_field(1, &ids, &mut body);
    let mut values = Vec::new();
    varint(value, &mut values);
    bytes_field(2, &values, &mut body);
    bytes_field(2, &body, &mut out);
    out
}

fn gzip_to<W: Write>(out: W) -> GzEncoder<W> {
    GzEncoder::new(out, Compression::fast())
}

/// A gzip file that inflates to `members` × 16 MiB of zeros: 640 members expand past 10 GiB from
/// about 10 MB. Concatenated members are one valid gzip stream (RFC 1952), as `gzip -d` reads it.
pub fn gzip_bomb(members: usize) -> Vec<u8> {
    let mut member = GzEncoder::new(Vec::new(), Compression::best());
    let zeros = vec![0u8; 1 << 20];
    (0..16).for_each(|_| member.write_all(&zeros).unwrap());
    let member = member.finish().unwrap();
    member.repeat(members)
}

/// A valid header, then a sample that claims 2^40 bytes.
pub fn lying_length() -> Vec<u8> {
    let mut out = header(3);
    varint(2 << 3 | 2, &mut out);
    varint(1 << 40, &mut out);
    out.extend_from_slice(&sample(&[1, 2, 3], 1));
    out
}

/// A valid header, then a location id that is an 11-byte varint.
pub fn lying_varint() -> Vec<u8> {
    let mut out = header(3);
    let body = [[0x0a, 11].as_slice(), &[0xff; 10], &[0x01]].concat();
    bytes_field(2, &body, &mut out);
    out
}

/// A valid profile whose string table has `extra` more one-byte entries (10 million: ~30 MB raw).
pub fn many_strings(extra: u64) -> Vec<u8> {
    let mut out = header(3);
    out.extend_from_slice(&sample(&[1, 2, 3], 10_000_000));
    for _ in 0..extra {
        bytes_field(6, b"s", &mut out);
    }
    out
}

/// `samples` samples whose stacks are `depth` frames deep (locations 1..=100, one varint byte
/// each), gzip-compressed into `out`. 1 M × 1000 inflates to about 1 GB.
pub fn deep_samples<W: Write>(samples: usize, depth: usize, out: W) -> io::Result<W> {
    let mut gz = gzip_to(out);
    gz.write_all(&header(100))?;
    let stack: Vec<u64> = (0..depth as u64).map(|i| i % 100 + 1).collect();
    let one = sample(&stack, 10_000_000);
    for _ in 0..samples {
        gz.write_all(&one)?;
    }
    gz.finish()
}

/// Two locations with the same id 1.
pub fn duplicate_ids() -> Vec<u8> {
    let mut out = header(3);
    let mut location = Vec::new();
    varint_field(1, 1, &mut location);
    bytes_field(4, &location, &mut out);
    out
}

/// Mutual recursion main.f1 → main.f2 → main.f1 … `depth` frames deep, plus a shallow sample:
/// valid, and a test of cum counted once per stack.
pub fn recursion(depth: usize) -> Vec<u8> {
    let mut out = header(3);
    let stack: Vec<u64> = (0..depth as u64).map(|i| i % 2 + 1).collect();
    out.extend_from_slice(&sample(&stack, 30_000_000));
    out.extend_from_slice(&sample(&[3, 1], 10_000_000));
    out
}
