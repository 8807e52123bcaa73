//! The view in the URL hash (`#type=cpu/nanoseconds&focus=main%5C.&zoom=main.main%3Bmain.f&search=gc`),
//! so a reload or a shared link restores it once the same files are loaded again.

use std::cell::RefCell;

use gloo::timers::callback::Timeout;

use crate::protocol::ViewRequest;
use pgoscope_flame::Normalization;

/// Everything the hash keeps.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HashState {
    /// Sample type and refinements (excluded files are not kept: file ids live one page session).
    pub request: ViewRequest,
    /// Zoomed flame graph frame, as function names from the root.
    pub zoom: Vec<String>,
    /// Flame graph search text.
    pub search: String,
    /// How the comparison view normalises the two groups.
    pub normalization: Normalization,
    /// Other parameters (a deep link's `pyroscope=`, `url=`, ...), kept as written so a reload
    /// opens the same sources.
    pub extra: Vec<(String, String)>,
}

/// Separates the function names of the zoomed frame (as in folded stacks).
const ZOOM_SEPARATOR: char = ';';

/// Reads the state from `location.hash`; absent keys keep their defaults.
pub fn read() -> HashState {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    parse(&hash)
}

/// How long the state must stay unchanged before it is written to the URL.
const WRITE_DELAY_MS: u32 = 200;

thread_local! {
    /// The pending write; replacing it cancels the previous one.
    static PENDING_WRITE: RefCell<Option<Timeout>> = const { RefCell::new(None) };
}

/// Writes the state to `location.hash` without adding a history entry per change, once it has
/// been unchanged for [`WRITE_DELAY_MS`]: a same-document navigation makes the browser update its
/// history entry and reload the favicon, work that should not land in the frame of a zoom or of a
/// keystroke.
pub fn write(state: &HashState) {
    let hash = format(state);
    let write = Timeout::new(WRITE_DELAY_MS, move || replace_hash(&hash));
    PENDING_WRITE.with(|pending| *pending.borrow_mut() = Some(write));
}

fn replace_hash(hash: &str) {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let base = location.pathname().unwrap_or_default() + &location.search().unwrap_or_default();
    let url = if hash.is_empty() { base } else { format!("{base}#{hash}") };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// `key=value` pairs joined by `&`, values percent-encoded; empty values left out.
pub fn format(state: &HashState) -> String {
    let request = &state.request;
    let zoom = state.zoom.join(&ZOOM_SEPARATOR.to_string());
    let norm = match state.normalization {
        Normalization::Share => "",
        Normalization::Cores => "cores",
        Normalization::None => "none",
    };
    let pairs = [
        ("type", request.sample_type.as_deref().unwrap_or("")),
        ("focus", request.focus.as_str()),
        ("ignore", request.ignore.as_str()),
        ("hide", request.hide.as_str()),
        ("zoom", zoom.as_str()),
        ("search", state.search.as_str()),
        ("norm", norm),
    ];
    let encoded: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", String::from(js_sys::encode_uri_component(v))))
        .chain(state.extra.iter().map(|(k, v)| format!("{k}={v}")))
        .collect();
    encoded.join("&")
}

/// Inverse of [`format`]; unknown keys and undecodable values are ignored.
pub fn parse(hash: &str) -> HashState {
    let mut state = HashState::default();
    let query = hash.trim_start_matches('#').trim_start_matches('/').trim_start_matches('?');
    for pair in query.split('&') {
        let Some((key, raw)) = pair.split_once('=') else { continue };
        let Ok(value) = js_sys::decode_uri_component(raw) else { continue };
        let value = String::from(value);
        match key {
            "type" => state.request.sample_type = Some(value),
            "focus" => state.request.focus = value,
            "ignore" => state.request.ignore = value,
            "hide" => state.request.hide = value,
            "zoom" => state.zoom = value.split(ZOOM_SEPARATOR).map(str::to_owned).collect(),
            "search" => state.search = value,
            "norm" => {
                state.normalization = match value.as_str() {
                    "cores" => Normalization::Cores,
                    "none" => Normalization::None,
                    _ => Normalization::Share,
                }
            }
            _ => state.extra.push((key.to_owned(), raw.to_owned())),
        }
    }
    state
}
