//! Entry points for the browser timing harness (`scripts/bench-wasm.mjs`), exported on
//! `window.wasmBindings`. They run the same core code the UI runs.

use wasm_bindgen::prelude::*;

/// Decodes and validates a profile (gzip or raw); returns its sample count.
#[wasm_bindgen]
pub fn bench_decode(bytes: &[u8]) -> Result<u32, JsError> {
    let profile = pgoscope_pprof::decode(bytes).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(profile.sample.len() as u32)
}

/// Size of the raw protobuf of a profile (the throughput denominator).
#[wasm_bindgen]
pub fn bench_raw_size(bytes: &[u8]) -> Result<u32, JsError> {
    let raw =
        pgoscope_pprof::decompress(bytes, u64::MAX).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(raw.len() as u32)
}
