//! See `checks::pgo_writer_keeps_edges`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::pgo_writer_keeps_edges(data));
