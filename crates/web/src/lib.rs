//! pgoscope in the browser. This crate holds UI and browser glue only; profile logic lives in the
//! pure crates. Two binaries share it: the page (`pgoscope-web`) and the Web Worker that decodes,
//! merges and builds views off the UI thread (`pgoscope-worker`).

mod app;
mod bench;
pub mod codec;
mod compare;
mod components;
mod download;
mod exports;
mod kinds;
mod loading;
mod marks;
pub mod protocol;
mod remote;
mod state;
mod store;
mod url_state;
pub mod worker;
mod worker_handle;

/// Starts the page.
pub fn start_app() {
    yew::Renderer::<app::App>::new().render();
}
