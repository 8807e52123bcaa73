//! pgoscope in the browser. This crate holds UI and browser glue only; profile logic lives in the
//! pure crates (`pgoscope-pprof`).

mod app;
mod bench;
mod components;
mod loading;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
