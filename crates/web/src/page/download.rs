//! Handing bytes to the browser as a file download.

use wasm_bindgen::JsCast;

/// Saves `bytes` as `name` through a temporary object URL; errors are logged, never fatal.
pub fn save(name: &str, mime: &str, bytes: &[u8]) {
    if let Err(e) = try_save(name, mime, bytes) {
        gloo::console::error!(format!("cannot save {name}: {e:?}"));
    }
}

fn try_save(name: &str, mime: &str, bytes: &[u8]) -> Result<(), wasm_bindgen::JsValue> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)
}
