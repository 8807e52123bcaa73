//! pgoscope in the browser. This crate holds UI and browser glue only; profile logic lives in the
//! pure crates. Two programs share it, each in its own folder: the page (`pgoscope-web`, [`page`])
//! and the Web Worker that decodes, merges and builds views off the UI thread (`pgoscope-worker`,
//! [`worker`]). They talk only through [`protocol`] messages, encoded by [`codec`].

pub mod codec;
mod page;
pub mod protocol;
pub mod worker;

pub use page::start_app;
