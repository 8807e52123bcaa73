//! The flame graph's zoom, search and width: page state the URL hash keeps (zoom, search) and the
//! key of the frame the worker is asked for.

use yew::prelude::*;

use crate::protocol::FlameRequest;

use super::use_stable;

#[derive(Clone, PartialEq)]
pub struct FlameControls {
    /// The frame shown: zoom, search and width.
    pub request: FlameRequest,
    pub on_zoom: Callback<Vec<String>>,
    pub on_search: Callback<String>,
    pub on_width: Callback<u32>,
}

/// Zoom and search start from the URL hash; the width from the default until the canvas reports
/// its own.
#[hook]
pub fn use_flame_controls(zoom: Vec<String>, search: String) -> FlameControls {
    let zoom = use_state(move || zoom);
    let search = use_state(move || search);
    let width = use_state(|| FlameRequest::default().width_px);
    let on_zoom = use_stable(|| {
        let setter = zoom.setter();
        Callback::from(move |z| setter.set(z))
    });
    let on_search = use_stable(|| {
        let setter = search.setter();
        Callback::from(move |s| setter.set(s))
    });
    let on_width = use_stable(|| {
        let setter = width.setter();
        Callback::from(move |w| setter.set(w))
    });
    let request =
        FlameRequest { zoom: (*zoom).clone(), search: (*search).clone(), width_px: *width };
    FlameControls { request, on_zoom, on_search, on_width }
}
