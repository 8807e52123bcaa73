//! Deep links a Grafana dashboard can build to open profiles in pgoscope:
//!
//! `#/?pyroscope=<base>&query=<selector>&type=<profile type>&from=<now-1h|epoch ms>&to=<now|epoch ms>`
//!
//! `type` is a Pyroscope profile type ID (`process_cpu:cpu:nanoseconds:cpu:nanoseconds`), as Grafana
//! links carry it; any other value is a pprof sample type of an older pgoscope view link (the page's
//! view keeps its sample type under `sample=`) and leaves the query's type at its default.
//! with `var-<name>=<value>` added to the selector (Grafana's template variables), `tenant=<org>`,
//! `base_from`/`base_to` for a Baseline query to compare against, and `url=<profile URL>` (repeatable)
//! for plain files, with `base_url=<profile URL>` (repeatable) for plain files to compare them with:
//! those are the Baseline group and the `url=` files the Candidate group.

use crate::pyroscope::{is_profile_type, PyroscopeQuery, DEFAULT_PROFILE_TYPE};
use crate::time::{parse_time, TimeError};

/// A Pyroscope query from a link, and the baseline range when it asks for a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyroscopeLink {
    pub query: PyroscopeQuery,
    /// The same query over `base_from`..`base_to`.
    pub baseline: Option<PyroscopeQuery>,
}

/// What a link asks to load.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeepLink {
    pub urls: Vec<String>,
    /// Files of the Baseline group (`base_url=`); when there are some, `urls` are the Candidate.
    pub baseline_urls: Vec<String>,
    pub pyroscope: Option<PyroscopeLink>,
}

/// Reads the link's parameters from a location hash (`#/?a=b&...` or `#a=b&...`); other keys are
/// ignored. Times are resolved against `now_ms`.
pub fn parse_deep_link(hash: &str, now_ms: i64) -> Result<DeepLink, TimeError> {
    let query = hash.trim_start_matches('#').trim_start_matches('/').trim_start_matches('?');
    let pairs: Vec<(String, String)> = query
        .split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (percent_decode(k), percent_decode(v)))
        .collect();
    let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let all = |key: &str| pairs.iter().filter(|(k, _)| k == key).map(|(_, v)| v.clone()).collect();
    let mut link = DeepLink { urls: all("url"), baseline_urls: all("base_url"), pyroscope: None };
    let Some(base) = get("pyroscope") else { return Ok(link) };
    let vars: Vec<(&str, &str)> = pairs
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("var-")?, v.as_str())))
        .filter(|(_, v)| !matches!(*v, "" | "$__all" | "All"))
        .collect();
    let selector = with_labels(get("query").unwrap_or("{}"), &vars);
    let range = |from: &str, to: &str| -> Result<(i64, i64), TimeError> {
        Ok((parse_time(from, now_ms)?, parse_time(to, now_ms)?))
    };
    let (start_ms, end_ms) = range(get("from").unwrap_or("now-1h"), get("to").unwrap_or("now"))?;
    let query = PyroscopeQuery {
        base: base.to_owned(),
        profile_type: get("type")
            .filter(|t| is_profile_type(t))
            .unwrap_or(DEFAULT_PROFILE_TYPE)
            .to_owned(),
        selector,
        start_ms,
        end_ms,
        tenant: get("tenant").map(str::to_owned),
    };
    let baseline = match (get("base_from"), get("base_to")) {
        (Some(from), Some(to)) => {
            let (start_ms, end_ms) = range(from, to)?;
            Some(PyroscopeQuery { start_ms, end_ms, ..query.clone() })
        }
        _ => None,
    };
    link.pyroscope = Some(PyroscopeLink { query, baseline });
    Ok(link)
}

/// `{a="1"}` plus `b=2` → `{a="1", b="2"}`; a label already in the selector is left as it is.
pub fn with_labels(selector: &str, labels: &[(&str, &str)]) -> String {
    let inner = selector.trim().trim_start_matches('{').trim_end_matches('}').trim();
    let mut parts: Vec<String> = if inner.is_empty() { Vec::new() } else { vec![inner.to_owned()] };
    for (name, value) in labels {
        let present = inner.split(',').any(|m| m.trim().starts_with(&format!("{name}=")));
        if !present {
            let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
            parts.push(format!("{name}=\"{escaped}\""));
        }
    }
    format!("{{{}}}", parts.join(", "))
}

/// `%XX` escapes and `+` (space), as in a URL query; invalid escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_764_000_000_000;

    #[test]
    fn grafana_link_with_variables_and_baseline() {
        let hash = "#/?pyroscope=http%3A%2F%2Fpyro%3A4040&query=%7Bservice_name%3D%22web%22%7D\
            &type=process_cpu%3Acpu%3Ananoseconds%3Acpu%3Ananoseconds&from=now-1h&to=now\
            &var-pod=web-1&var-env=%24__all&base_from=1763900000000&base_to=1763903600000&tenant=t1";
        let link = parse_deep_link(hash, NOW).unwrap();
        let p = link.pyroscope.unwrap();
        assert_eq!(p.query.base, "http://pyro:4040");
        assert_eq!(p.query.selector, r#"{service_name="web", pod="web-1"}"#);
        assert_eq!((p.query.start_ms, p.query.end_ms), (NOW - 3_600_000, NOW));
        assert_eq!(p.query.tenant.as_deref(), Some("t1"));
        let base = p.baseline.unwrap();
        assert_eq!((base.start_ms, base.end_ms), (1_763_900_000_000, 1_763_903_600_000));
        assert_eq!(base.selector, p.query.selector);
    }

    #[test]
    fn urls_defaults_and_bad_times() {
        let link = parse_deep_link("#url=a.pb.gz&url=http%3A%2F%2Fx%2Fb.pprof", NOW).unwrap();
        assert_eq!(link.urls, ["a.pb.gz", "http://x/b.pprof"]);
        assert!(link.baseline_urls.is_empty());
        assert!(link.pyroscope.is_none());
        let compare = parse_deep_link("#base_url=ci%2Fbefore.pb.gz&url=ci%2Fafter.pb.gz", NOW);
        let compare = compare.unwrap();
        assert_eq!(
            (compare.baseline_urls, compare.urls),
            (vec!["ci/before.pb.gz".to_owned()], vec!["ci/after.pb.gz".to_owned()])
        );
        let p = parse_deep_link("#/?pyroscope=/api", NOW).unwrap().pyroscope.unwrap();
        assert_eq!(p.query.profile_type, DEFAULT_PROFILE_TYPE);
        assert_eq!(p.query.selector, "{}");
        let hash = "#/?pyroscope=/api&type=memory%3Aalloc_space%3Abytes%3Aspace%3Abytes";
        let p = parse_deep_link(hash, NOW).unwrap().pyroscope.unwrap();
        assert_eq!(p.query.profile_type, "memory:alloc_space:bytes:space:bytes");
        // An old view link's sample type is not a profile type.
        let p = parse_deep_link("#/?pyroscope=/api&type=cpu%2Fnanoseconds", NOW).unwrap();
        assert_eq!(p.pyroscope.unwrap().query.profile_type, DEFAULT_PROFILE_TYPE);
        assert!(is_profile_type(DEFAULT_PROFILE_TYPE));
        assert!(!is_profile_type("cpu/nanoseconds") && !is_profile_type("cpu"));

        assert!(parse_deep_link("#/?pyroscope=/api&from=yesterday", NOW).is_err());
        assert_eq!(with_labels("{}", &[("a", "x\"y")]), r#"{a="x\"y"}"#);
        assert_eq!(with_labels(r#"{a="1"}"#, &[("a", "2")]), r#"{a="1"}"#);
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }
}
