//! Where profiles come from, without doing IO: the Pyroscope query API (Connect unary calls with
//! `application/proto` bodies, messages transcribed from Pyroscope's published protos), Go's
//! `/debug/pprof` endpoints, source URL templates, relative times such as `now-1h`, and the deep links a Grafana
//! dashboard builds. The CLI and the browser do the HTTP.

mod deeplink;
mod endpoints;
mod http_error;
pub mod pyroscope;
mod source_url;
mod time;

pub use deeplink::{parse_deep_link, percent_decode, with_labels, DeepLink, PyroscopeLink};
pub use endpoints::{go_profile_url, GoProfileKind};
pub use http_error::{error_detail, MAX_DETAIL_CHARS};
pub use pyroscope::{is_profile_type, PyroscopeQuery, SELECT_MERGE_PROFILE};
pub use source_url::{
    source_url_candidates, SourceUrl, SourceUrlError, MAX_SOURCE_URL_TRIES, PATH_PLACEHOLDER,
};
pub use time::{parse_time, TimeError};
