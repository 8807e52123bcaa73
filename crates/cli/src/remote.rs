//! HTTP for the CLI: profile URLs anywhere a file is accepted, and Pyroscope queries.

use pgoscope_fetch::{PyroscopeQuery, SELECT_MERGE_PROFILE};

use crate::error::{CliError, MAX_INPUT};

/// Whether an input names a URL rather than a file.
pub fn is_url(input: &str) -> bool {
    input.starts_with("http://") || input.starts_with("https://")
}

/// GETs a profile.
pub fn get(url: &str) -> Result<Vec<u8>, CliError> {
    let mut response = ureq::get(url).call().map_err(|e| explain(url, e))?;
    response.body_mut().with_config().limit(MAX_INPUT).read_to_vec().map_err(|e| explain(url, e))
}

/// Runs `SelectMergeProfile` and returns the pprof bytes of the reply.
pub fn pyroscope_profile(query: &PyroscopeQuery) -> Result<Vec<u8>, CliError> {
    let url = query.url(SELECT_MERGE_PROFILE);
    let mut request = ureq::post(&url);
    for (name, value) in query.headers() {
        request = request.header(name, value);
    }
    let mut response =
        request.send(&query.select_merge_profile_body()[..]).map_err(|e| explain(&url, e))?;
    response.body_mut().with_config().limit(MAX_INPUT).read_to_vec().map_err(|e| explain(&url, e))
}

fn explain(url: &str, e: ureq::Error) -> CliError {
    match e {
        ureq::Error::StatusCode(code) => format!("{url}: the server answered HTTP {code}"),
        other => format!("{url}: {other}"),
    }
}
