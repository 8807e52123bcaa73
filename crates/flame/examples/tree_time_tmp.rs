use pgoscope_flame::CallTree;
use pgoscope_pprof::{decode_flat_with, top_with_frames, DecodeOptions, FunctionFrames, SortBy};
fn main() {
    let b = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    let p = decode_flat_with(&b, &DecodeOptions::default()).unwrap();
    for _ in 0..5 {
        let t = std::time::Instant::now();
        let f = FunctionFrames::new(&p);
        let tree = CallTree::build_with_frames(&p, &f, 1);
        let t1 = t.elapsed();
        let top = top_with_frames(&p, &f, 1, SortBy::Flat);
        println!(
            "tree {:?} (+top {:?}) nodes {} rows {}",
            t1,
            t.elapsed(),
            tree.len(),
            top.rows.len()
        );
    }
}
