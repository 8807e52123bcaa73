//! Where the test fixtures are. Included by the tests of every crate (`#[path]`): each crate sits
//! at `crates/<name>`, so the same relative path holds for all.

use std::path::{Path, PathBuf};

/// The repository's `tests/fixtures`, or `$PGOSCOPE_FIXTURES`.
pub fn fixtures() -> PathBuf {
    if let Ok(dir) = std::env::var("PGOSCOPE_FIXTURES") {
        return PathBuf::from(dir);
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    assert!(dir.is_dir(), "fixtures not found at {} (set PGOSCOPE_FIXTURES)", dir.display());
    dir
}
