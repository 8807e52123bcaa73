//! The flame graph under the mouse: hover, click to zoom, and scrolling.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use super::paint::Viewport;
use super::Levels;
use crate::protocol::{FlameView, Shared, SharedView};

/// What the mouse is over: a rectangle of a frame, and the point in canvas CSS pixels. The frame is
/// kept so a hover over a frame since replaced (zoom, new view) is never read with the new one.
#[derive(Clone, PartialEq)]
pub struct Hover {
    pub frame: Shared<FlameView>,
    pub rect: usize,
    pub x: f64,
    pub y: f64,
}

/// What the canvas's mouse and scroll handlers read and change.
pub struct Pointer {
    pub levels: Rc<Levels>,
    pub flame: Shared<FlameView>,
    pub view: SharedView,
    pub hover: UseStateHandle<Option<Hover>>,
    pub scroll_top: UseStateHandle<f64>,
    pub vp: Viewport,
}

impl Pointer {
    /// The rectangle under a mouse event (offsets in canvas CSS pixels) and that point.
    fn hit_at(&self) -> impl Fn(&MouseEvent) -> Option<(usize, f64, f64)> + 'static {
        let (levels, flame, vp) = (self.levels.clone(), self.flame.clone(), self.vp);
        move |e: &MouseEvent| {
            let (x, y) = (f64::from(e.offset_x()), f64::from(e.offset_y()));
            levels
                .hit(&flame.frame, x / vp.width, y + vp.scroll_top, vp.up)
                .map(|rect| (rect, x, y))
        }
    }

    pub fn on_scroll(&self) -> Callback<Event> {
        let (scroll_top, hover) = (self.scroll_top.clone(), self.hover.clone());
        Callback::from(move |e: Event| {
            if let Some(el) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) {
                scroll_top.set(f64::from(el.scroll_top()));
                hover.set(None);
            }
        })
    }

    pub fn on_move(&self) -> Callback<MouseEvent> {
        let (hover, flame, hit_at) = (self.hover.clone(), self.flame.clone(), self.hit_at());
        Callback::from(move |e: MouseEvent| {
            let next = hit_at(&e).map(|(rect, x, y)| Hover { frame: flame.clone(), rect, x, y });
            if *hover != next {
                hover.set(next);
            }
        })
    }

    pub fn on_leave(&self) -> Callback<MouseEvent> {
        let hover = self.hover.clone();
        Callback::from(move |_| hover.set(None))
    }

    /// A click zooms to the frame under the pointer, found afresh: a scroll or resize since the
    /// last mouse move (which clears the hover) must not swallow it.
    pub fn on_click(&self, on_zoom: &Callback<Vec<String>>) -> Callback<MouseEvent> {
        let (on_zoom, flame, view, hit_at) =
            (on_zoom.clone(), self.flame.clone(), self.view.clone(), self.hit_at());
        Callback::from(move |e: MouseEvent| {
            if let Some((rect, _, _)) = hit_at(&e) {
                on_zoom.emit(flame.frame.path_of(&view.names, rect));
            }
        })
    }
}
