//! The view's refinements in the URL hash (`#type=cpu/nanoseconds&focus=main%5C.`), so a reload or a
//! shared link restores them.

use crate::protocol::ViewRequest;

/// Reads the refinements from `location.hash`; absent keys keep their defaults.
pub fn read() -> ViewRequest {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    parse(&hash)
}

/// Writes the refinements to `location.hash` without adding a history entry per change.
pub fn write(request: &ViewRequest) {
    let hash = format(request);
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let base = location.pathname().unwrap_or_default() + &location.search().unwrap_or_default();
    let url = if hash.is_empty() { base } else { format!("{base}#{hash}") };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// `key=value` pairs joined by `&`, values percent-encoded.
pub fn format(request: &ViewRequest) -> String {
    let pairs = [
        ("type", request.sample_type.as_deref().unwrap_or("")),
        ("focus", request.focus.as_str()),
        ("ignore", request.ignore.as_str()),
        ("hide", request.hide.as_str()),
    ];
    let encoded: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", String::from(js_sys::encode_uri_component(v))))
        .collect();
    encoded.join("&")
}

/// Inverse of [`format`]; unknown keys and undecodable values are ignored.
pub fn parse(hash: &str) -> ViewRequest {
    let mut request = ViewRequest::default();
    for pair in hash.trim_start_matches('#').split('&') {
        let Some((key, value)) = pair.split_once('=') else { continue };
        let Ok(value) = js_sys::decode_uri_component(value) else { continue };
        let value = String::from(value);
        match key {
            "type" => request.sample_type = Some(value),
            "focus" => request.focus = value,
            "ignore" => request.ignore = value,
            "hide" => request.hide = value,
            _ => {}
        }
    }
    request
}
