//! Heap used by each stage of the worker's pipeline on one profile (live bytes after the stage, peak
//! during it), in the worker's order: `cargo run --release -p pgoscope-flame --example memory -- FILE`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use pgoscope_flame::{CallTree, Frame};
use pgoscope_pgo::{lint_with_graph, minimal_pgo_sizes, EdgeGraph, PgoOptions};
use pgoscope_pprof::{
    decode_flat_with, decompress, top_with_frames, DecodeOptions, FunctionFrames, SortBy,
    DEFAULT_GZIP_LEVEL,
};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn stage(name: &str) {
    let mib = |n: usize| n as f64 / (1 << 20) as f64;
    println!(
        "{name:<28} live {:>8.1} MiB   peak {:>8.1} MiB",
        mib(LIVE.load(Relaxed)),
        mib(PEAK.load(Relaxed))
    );
    PEAK.store(LIVE.load(Relaxed), Relaxed);
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: memory FILE");
    let bytes = std::fs::read(&path).unwrap();
    let raw = decompress(&bytes, u64::MAX).unwrap().len();
    println!("{path}: {} bytes, {raw} bytes decompressed", bytes.len());
    stage("read (kept as it came)");
    let profile = decode_flat_with(&bytes, &DecodeOptions::default()).unwrap();
    stage("decode");
    let frames = FunctionFrames::new(&profile);
    stage("function frames");
    let tree = CallTree::build_with_frames(&profile, &frames, 1);
    stage("call tree");
    let rows = top_with_frames(&profile, &frames, 1, SortBy::Flat).rows.len();
    stage("top");
    let frame = Frame::build(&tree, &[], 1200.0);
    stage("frame");
    let graph = EdgeGraph::build(&profile);
    stage("PGO call graph");
    let lints = lint_with_graph(&profile, &graph).len();
    drop(graph);
    stage("PGO lints");
    let (raw, gzipped) =
        minimal_pgo_sizes(&profile, &PgoOptions::default(), DEFAULT_GZIP_LEVEL).unwrap();
    stage("default.pgo sizes");
    println!(
        "{} nodes, {rows} top rows, {} rects, {lints} lints, default.pgo {raw} bytes raw, {gzipped} gzip",
        tree.len(),
        frame.rects.len(),
    );
}
