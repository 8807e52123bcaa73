//! HTTP from the page: profiles by URL, Go services' `/debug/pprof` endpoints and Pyroscope queries,
//! read as a stream so the progress bar moves, with errors that say what to do.

use gloo::net::http::{Request, Response};
use js_sys::{Reflect, Uint8Array};
use pgoscope_fetch::PyroscopeQuery;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::protocol::fits_in_the_tab;

/// What to fetch: a GET, or a Connect call with a protobuf body.
#[derive(Debug, Clone, PartialEq)]
pub enum Remote {
    Get(String),
    Post { url: String, headers: Vec<(&'static str, String)>, body: Vec<u8> },
}

impl Remote {
    pub fn url(&self) -> &str {
        match self {
            Remote::Get(url) | Remote::Post { url, .. } => url,
        }
    }

    /// A Pyroscope querier call.
    pub fn pyroscope(query: &PyroscopeQuery, method: &str, body: Vec<u8>) -> Remote {
        Remote::Post { url: query.url(method), headers: query.headers(), body }
    }
}

/// The message for a failed request: the HTTP status, or (when the browser gives no status) the
/// usual cause, a cross-origin block, and its cures.
pub fn explain(url: &str, error: impl std::fmt::Display) -> String {
    format!(
        "{url}: the browser could not fetch it ({error}). Usually the server does not allow \
         cross-origin requests (CORS) from this page, or it is unreachable. Serve pgoscope from the \
         same origin as the server (see docs/deploy.md: an nginx proxy), or make the server send \
         Access-Control-Allow-Origin for this page."
    )
}

/// Sends the request and reads the whole body, reporting `(bytes read, Content-Length or 0)`.
pub async fn fetch(remote: &Remote, mut progress: impl FnMut(u64, u64)) -> Result<Vec<u8>, String> {
    let url = remote.url().to_owned();
    let response = match remote {
        Remote::Get(url) => Request::get(url).send().await,
        Remote::Post { url, headers, body } => {
            let mut request = Request::post(url);
            for (name, value) in headers {
                request = request.header(name, value);
            }
            match request.body(Uint8Array::from(body.as_slice())) {
                Ok(request) => request.send().await,
                Err(e) => return Err(format!("{url}: {e}")),
            }
        }
    }
    .map_err(|e| explain(&url, e))?;
    if !response.ok() {
        let content_type = response.headers().get("content-type");
        let body = response.text().await.unwrap_or_default();
        let detail = pgoscope_fetch::error_detail(content_type.as_deref(), &body);
        return Err(format!(
            "{url}: the server answered HTTP {} {}{}",
            response.status(),
            response.status_text(),
            detail.map(|d| format!(": {d}")).unwrap_or_default()
        ));
    }
    read_body(&url, response, &mut progress).await
}

async fn read_body(
    url: &str,
    response: Response,
    progress: &mut impl FnMut(u64, u64),
) -> Result<Vec<u8>, String> {
    let total =
        response.headers().get("content-length").and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    fits_in_the_tab(total).map_err(|e| format!("{url}: {e}"))?;
    let Some(stream) = response.body() else { return Ok(Vec::new()) };
    let reader: web_sys::ReadableStreamDefaultReader =
        stream.get_reader().dyn_into().map_err(|_| format!("{url}: cannot read the response"))?;
    let mut bytes = Vec::with_capacity(total as usize);
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|e| explain(url, js_error(&e)))?;
        let done =
            Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true);
        if done {
            break;
        }
        if let Ok(value) = Reflect::get(&chunk, &"value".into()) {
            bytes.extend_from_slice(&Uint8Array::new(&value).to_vec());
        }
        progress(bytes.len() as u64, total);
        if let Err(e) = fits_in_the_tab(bytes.len() as u64) {
            let _ = reader.cancel();
            return Err(format!("{url}: {e}"));
        }
    }
    Ok(bytes)
}

fn js_error(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map_or_else(|| format!("{e:?}"), |e| String::from(e.message()))
}
