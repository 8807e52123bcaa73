//! Decode and merge throughput on the test fixtures (`Throughput::Bytes` of the raw protobuf).
//! Run: `cargo bench -p pgoscope-pprof`. Figures and the comparison with Go are in docs/perf.md.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pgoscope_pprof::{decode, decode_raw, encode, encode_raw, merge, MergeOptions};

fn fixture(rel: &str) -> Vec<u8> {
    let dir = std::env::var("PGOSCOPE_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures"));
    std::fs::read(dir.join(rel)).expect("fixture")
}

fn bench_decode(c: &mut Criterion) {
    let gz = fixture("go/compile-ssa.pprof");
    let raw = encode_raw(&decode(&gz).unwrap());
    let mut group = c.benchmark_group("decode compile-ssa");
    group.throughput(Throughput::Bytes(raw.len() as u64));
    group.bench_function("raw protobuf", |b| b.iter(|| decode_raw(&raw).unwrap()));
    group.bench_function("gzip", |b| b.iter(|| decode(&gz).unwrap()));
    group.finish();
}

fn bench_merge(c: &mut Criterion) {
    let names = ["before-1", "before-2", "before-3", "after-1", "after-2", "after-3"];
    let profiles: Vec<_> =
        names.iter().map(|n| decode(&fixture(&format!("go/websvc-{n}.pprof"))).unwrap()).collect();
    let raw_bytes: usize = profiles.iter().map(|p| encode_raw(p).len()).sum();
    let mut group = c.benchmark_group("merge websvc x6");
    group.throughput(Throughput::Bytes(raw_bytes as u64));
    group.bench_function("merge", |b| {
        b.iter(|| merge(&profiles, &MergeOptions::default()).unwrap())
    });
    let merged = merge(&profiles, &MergeOptions::default()).unwrap();
    group.bench_function("encode gzip", |b| b.iter(|| encode(&merged)));
    group.finish();
}

criterion_group!(benches, bench_decode, bench_merge);
criterion_main!(benches);
