//! The page: state, effects, components, and the handle on the worker. Runs on the UI thread.

mod app;
mod components;
mod download;
mod hooks;
mod loading;
mod marks;
mod remote;
mod state;
mod tab;
mod url_state;
mod views;
mod worker_handle;

/// Starts the page.
pub fn start_app() {
    yew::Renderer::<app::App>::new().render();
}
