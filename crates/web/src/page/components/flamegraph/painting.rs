//! When the flame graph is painted, and where it scrolls to.

use std::rc::Rc;

use web_sys::{Element, HtmlCanvasElement};
use yew::prelude::*;

use super::paint::{draw, GlyphWidths, Viewport};
use super::Levels;
use crate::protocol::{FlameView, Shared, SharedView};

/// What is painted: the frame of a view, its rows, colours, and the part on screen.
pub struct Scene {
    pub view: SharedView,
    pub flame: Shared<FlameView>,
    pub levels: Rc<Levels>,
    pub colours: Rc<Vec<String>>,
    pub vp: Viewport,
}

/// Paints `flame` on `canvas` whenever it or the viewport changes; a new zoom or orientation
/// scrolls `wrap` back to the roots (top in icicle, bottom in flame mode).
#[hook]
pub fn use_painting(canvas: &NodeRef, wrap: &NodeRef, scene: Scene) {
    let Scene { view, flame, levels, colours, vp } = scene;
    let glyphs: Rc<GlyphWidths> = use_mut_ref(Default::default);
    {
        // Setting the scroll position lays the page out at once: skipped when already at the top.
        let (wrap, up, at_top) = (wrap.clone(), vp.up, vp.scroll_top == 0.0);
        use_effect_with((flame.frame.zoom_path.clone(), view.clone(), up), move |_| {
            if let Some(w) = wrap.cast::<Element>().filter(|_| up || !at_top) {
                w.set_scroll_top(if up { w.scroll_height() } else { 0 });
            }
        });
    }
    let canvas = canvas.clone();
    let deps = (flame.clone(), (vp.width, vp.height, vp.scroll_top, vp.up));
    use_effect_with(deps, move |(flame, _)| {
        if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
            draw(&c, flame, &levels, &view.names, &colours, vp, &glyphs);
            crate::page::marks::painted();
        }
    });
}
