//! The page's hooks: the worker and loading, the requests that follow the state, the URL hash.

mod use_callbacks;
mod use_demo;
mod use_flame_controls;
mod use_keyboard;
mod use_picking;
mod use_source_fetch;
mod use_stable;
mod use_url_hash;
mod use_view_requests;
mod use_worker;

pub use use_callbacks::{use_callbacks, PageCallbacks};
pub use use_demo::use_demo;
pub use use_flame_controls::{use_flame_controls, FlameControls};
pub use use_keyboard::use_keyboard;
pub use use_picking::{use_picking, Picking};
pub use use_source_fetch::use_source_fetch;
pub use use_stable::use_stable;
pub use use_url_hash::use_url_hash;
pub use use_view_requests::{use_view_requests, COMPARE_WIDTH_PX};
pub use use_worker::use_worker;
