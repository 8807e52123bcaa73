//! Heap used by each stage of the tab's pipeline on one profile (live bytes after the stage, peak
//! during it): `cargo run --release -p pgoscope-flame --example memory -- FILE`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use pgoscope_flame::{CallTree, Frame};
use pgoscope_pprof::{decode, decompress, merge, top, MergeOptions, SortBy};

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
    stage("read");
    let profile = decode(&bytes).unwrap();
    stage("decode");
    let merged = merge(std::slice::from_ref(&profile), &MergeOptions::default()).unwrap();
    stage("merge (view of one file)");
    let tree = CallTree::build(&merged, 1);
    stage("call tree");
    let rows = top(&merged, 1, SortBy::Flat).rows.len();
    stage("top");
    let frame = Frame::build(&tree, &[], 1200.0);
    stage("frame");
    println!("{} nodes, {rows} top rows, {} rects", tree.len(), frame.rects.len());
}
