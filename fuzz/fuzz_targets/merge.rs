//! See `checks::merge_with_itself`.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::merge_with_itself(data));
