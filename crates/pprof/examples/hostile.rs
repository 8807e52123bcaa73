//! Writes the hostile inputs of `tests/common/hostile.rs` to a folder, for the browser tests and
//! for trying the CLI by hand: `cargo run -p pgoscope-pprof --example hostile -- DIR`.

use pgoscope_testkit::hostile;

use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "target/hostile".into()));
    std::fs::create_dir_all(&dir)?;
    let write = |name: &str, bytes: Vec<u8>| std::fs::write(dir.join(name), bytes);
    write("bomb-10g.pb.gz", hostile::gzip_bomb(640))?;
    write("lying-length.pb", hostile::lying_length())?;
    write("lying-varint.pb", hostile::lying_varint())?;
    write("strings-10m.pb", hostile::many_strings(10_000_000))?;
    write("duplicate-ids.pb", hostile::duplicate_ids())?;
    write("recursion-1000.pb", hostile::recursion(1000))?;
    let deep = BufWriter::new(File::create(dir.join("deep-1m-x-1000.pb.gz"))?);
    hostile::deep_samples(1_000_000, 1000, deep)?;
    // 1 GB of zeros that takes no disk space.
    File::create(dir.join("one-gigabyte.pb"))?.set_len(1_000_000_000)?;
    println!("{}", dir.display());
    Ok(())
}
