//! The view in the URL hash (`#sample=cpu/nanoseconds&focus=main%5C.&zoom=main.main%3Bmain.f&search=gc&tab=pgo`),
//! so a reload or a shared link restores it once the same files are loaded again.
//!
//! The view's keys never collide with a deep link's (`crates/fetch/src/deeplink.rs`): a deep link's
//! `type` is a Pyroscope profile type (`process_cpu:cpu:nanoseconds:cpu:nanoseconds`) and is kept as
//! written; the view's sample type is `sample`. An older view link's `type=cpu/nanoseconds` (a value
//! that is not a profile type) is still read as the sample type.

use gloo::timers::callback::Timeout;

use crate::page::tab::Tab;
use crate::protocol::ViewRequest;
use pgoscope_fetch::{is_profile_type, percent_decode};
use pgoscope_flame::Normalization;
use pgoscope_pprof::ProfileKind;

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
    /// The view shown.
    pub tab: Tab,
    /// Other parameters (a deep link's `pyroscope=`, `type=`, `url=`, ...), kept as written so a
    /// reload opens the same sources.
    pub extra: Vec<(String, String)>,
}

/// Separates the function names of the zoomed frame (as in folded stacks).
const ZOOM_SEPARATOR: char = ';';

/// The view's sample type.
const SAMPLE_KEY: &str = "sample";
/// The key older view links used for the sample type; a deep link's Pyroscope profile type.
const LEGACY_SAMPLE_KEY: &str = "type";

/// Reads the state from `location.hash`; absent keys keep their defaults.
pub fn read() -> HashState {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    parse(&hash)
}

/// How long the state must stay unchanged before it is written to the URL.
pub const WRITE_DELAY_MS: u32 = 200;

/// Writes the state to `location.hash` without adding a history entry per change, once it has
/// been unchanged for [`WRITE_DELAY_MS`]: a same-document navigation makes the browser update its
/// history entry and reload the favicon, work that should not land in the frame of a zoom or of a
/// keystroke. Dropping the returned timeout cancels the write (the effect that calls this drops it
/// when the state changes again).
pub fn write_later(state: &HashState) -> Timeout {
    let hash = format(state);
    Timeout::new(WRITE_DELAY_MS, move || replace_hash(&hash))
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
        Normalization::Work => "work",
        Normalization::None => "none",
    };
    let pairs = [
        ("kind", request.kind.map_or("", ProfileKind::as_str)),
        (SAMPLE_KEY, request.sample_type.as_deref().unwrap_or("")),
        ("focus", request.focus.as_str()),
        ("ignore", request.ignore.as_str()),
        ("hide", request.hide.as_str()),
        ("zoom", zoom.as_str()),
        ("search", state.search.as_str()),
        ("norm", norm),
        ("tab", if state.tab == Tab::default() { "" } else { state.tab.key() }),
    ];
    let encoded: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode_component(v)))
        .chain(state.extra.iter().map(|(k, v)| format!("{k}={v}")))
        .collect();
    encoded.join("&")
}

/// Inverse of [`format`]; unknown keys are kept in `extra` as written.
pub fn parse(hash: &str) -> HashState {
    let mut state = HashState::default();
    let mut legacy_sample_type = None;
    let query = hash.trim_start_matches('#').trim_start_matches('/').trim_start_matches('?');
    for pair in query.split('&') {
        let Some((key, raw)) = pair.split_once('=') else { continue };
        let value = percent_decode(raw);
        match key {
            "kind" => state.request.kind = ProfileKind::parse(&value),
            SAMPLE_KEY => state.request.sample_type = Some(value),
            LEGACY_SAMPLE_KEY if !is_profile_type(&value) => legacy_sample_type = Some(value),
            "focus" => state.request.focus = value,
            "ignore" => state.request.ignore = value,
            "hide" => state.request.hide = value,
            "zoom" => state.zoom = value.split(ZOOM_SEPARATOR).map(str::to_owned).collect(),
            "search" => state.search = value,
            "norm" => {
                state.normalization = match value.as_str() {
                    "cores" => Normalization::Cores,
                    "work" => Normalization::Work,
                    "none" => Normalization::None,
                    _ => Normalization::Share,
                }
            }
            "tab" => state.tab = Tab::parse(&value).unwrap_or_default(),
            _ => state.extra.push((key.to_owned(), raw.to_owned())),
        }
    }
    if state.request.sample_type.is_none() {
        state.request.sample_type = legacy_sample_type;
    }
    state
}

/// `encodeURIComponent`: everything but `A-Z a-z 0-9 - _ . ! ~ * ' ( )` as `%XX` of its UTF-8 bytes.
fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRAFANA: &str = "#/?pyroscope=/pyroscope&query={service_name=\"hiddenapp\"}\
        &type=process_cpu:cpu:nanoseconds:cpu:nanoseconds&from=now-1h&to=now";

    #[test]
    fn a_deep_links_profile_type_is_not_the_views_sample_type() {
        let state = parse(GRAFANA);
        assert_eq!(state.request.sample_type, None);
        let kept: Vec<&str> = state.extra.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(kept, ["pyroscope", "query", "type", "from", "to"]);
        // Written back with a picked sample type, both survive under their own keys.
        let mut picked = state.clone();
        picked.request.sample_type = Some("samples/count".into());
        let written = format(&picked);
        assert!(written.starts_with("sample=samples%2Fcount&pyroscope="), "{written}");
        assert!(
            written.contains("&type=process_cpu:cpu:nanoseconds:cpu:nanoseconds&"),
            "{written}"
        );
        assert_eq!(parse(&written), picked);
    }

    #[test]
    fn old_view_links_keep_their_sample_type() {
        let state = parse("#type=cpu%2Fnanoseconds&focus=main%5C.");
        assert_eq!(state.request.sample_type.as_deref(), Some("cpu/nanoseconds"));
        assert_eq!(state.request.focus, "main\\.");
        assert!(state.extra.is_empty());
        let both = parse("#type=cpu&sample=samples%2Fcount");
        assert_eq!(both.request.sample_type.as_deref(), Some("samples/count"));
    }

    #[test]
    fn round_trip() {
        let state = HashState {
            request: ViewRequest {
                sample_type: Some("alloc_space/bytes".into()),
                kind: Some(ProfileKind::Heap),
                focus: "a&b=c; d+e".into(),
                hide: "é".into(),
                ..ViewRequest::default()
            },
            zoom: vec!["main.main".into(), "main.(*T).f".into()],
            search: "100%".into(),
            normalization: Normalization::Cores,
            tab: Tab::Pgo,
            extra: vec![("url".into(), "a%2Fb.pb.gz".into())],
        };
        assert_eq!(parse(&format(&state)), state);
        assert_eq!(encode_component("a b/é"), "a%20b%2F%C3%A9");
    }
}
