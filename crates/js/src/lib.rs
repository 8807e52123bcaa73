//! pgoscope's core for JavaScript: `summary`, `top`, `hot`, `defaultPgo` and `diff` take profiles
//! as `Uint8Array`s (gzip or raw pprof; an array of them is merged) and options as plain objects,
//! and return plain objects of the same shapes as the CLI's `--json` (both come from
//! `pgoscope-api`). Errors are thrown as `Error` with the CLI's messages. `make js` builds the
//! package (`target/js/`).

use js_sys::{Array, Uint8Array};
use pgoscope_api::{ApiError, DiffOptions, HotOptions, PgoOptions, TopOptions};
use pgoscope_pprof::Profile;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The summary of one profile: sample types and totals, duration, table sizes, label keys.
#[wasm_bindgen]
pub fn summary(bytes: &[u8]) -> Result<JsValue, JsError> {
    let profile = pgoscope_pprof::decode(bytes).map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&pgoscope_pprof::summarize(&profile))
}

/// The `go tool pprof -top` table: `{sample_type, total, rows: [{function, flat, cum}]}`.
/// Options: `sampleType`, `sortByCum`, `count`, `allFrames`, `focus`, `ignore`, `hide`.
#[wasm_bindgen]
pub fn top(files: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let options: TopOptions = options_from(options)?;
    to_js(&pgoscope_api::top_report(merged(&files)?, &options).map_err(thrown)?)
}

/// Go's hot call sites, devirtualization candidates and lints, as `pgoscope hot --json`.
/// Options: `cdfThresholdPercent` (99), `focus`, `ignore`, `hide`.
#[wasm_bindgen]
pub fn hot(files: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let options: HotOptions = options_from(options)?;
    to_js(&pgoscope_api::hot_report(merged(&files)?, &options).map_err(thrown)?)
}

/// The minimal lossless default.pgo (gzip pprof bytes), the same `pgoscope pgo -o` writes.
/// Options: `keepLocations` (5), `aggregateCallees` (true), `focus`, `ignore`, `hide`.
#[wasm_bindgen(js_name = defaultPgo)]
pub fn default_pgo(files: JsValue, options: JsValue) -> Result<Vec<u8>, JsError> {
    let options: PgoOptions = options_from(options)?;
    pgoscope_api::default_pgo(merged(&files)?, &options).map_err(thrown)
}

/// Per-function change from `base` to `candidate`, as `pgoscope diff --json`.
/// Options: `normalize` (`share`, `cores`, `work`, `none`), `sampleType`, `count`,
/// `work: {base, new}`.
#[wasm_bindgen]
pub fn diff(base: JsValue, candidate: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let options: DiffOptions = options_from(options)?;
    let (base, candidate) = (merged(&base)?, merged(&candidate)?);
    to_js(&pgoscope_api::diff_report(base, candidate, &options).map_err(thrown)?)
}

fn thrown(e: ApiError) -> JsError {
    JsError::new(&e.to_string())
}

/// A `Uint8Array` or an array of them, decoded and merged.
fn merged(files: &JsValue) -> Result<Profile, JsError> {
    let arrays: Vec<Uint8Array> = if let Some(one) = files.dyn_ref::<Uint8Array>() {
        vec![one.clone()]
    } else if Array::is_array(files) {
        let items = Array::from(files);
        let mut arrays = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let array = item
                .dyn_into::<Uint8Array>()
                .map_err(|_| JsError::new(&format!("profiles: item {i} is not a Uint8Array")))?;
            arrays.push(array);
        }
        arrays
    } else {
        return Err(JsError::new("profiles must be a Uint8Array or an array of Uint8Arrays"));
    };
    let bytes: Vec<Vec<u8>> = arrays.iter().map(Uint8Array::to_vec).collect();
    let slices: Vec<&[u8]> = bytes.iter().map(Vec::as_slice).collect();
    pgoscope_api::merge_bytes(&slices, &[]).map_err(thrown)
}

/// Options from a plain object; `undefined` or `null` gives the defaults.
fn options_from<T: DeserializeOwned + Default>(value: JsValue) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("options: {e}")))
}

/// The plain object `JSON.parse` gives of the CLI's output: null for absent values, and integers
/// past 2^53 (a profile's `time_ns`) as the nearest number, as `JSON.parse` reads them.
fn to_js(value: &impl Serialize) -> Result<JsValue, JsError> {
    let text = serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|_| JsError::new("the report is not valid JSON"))
}
