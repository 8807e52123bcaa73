//! `performance.mark` / `measure` entries that timing harnesses read: `pgoscope:load` (files in
//! → merged view out of the worker), `pgoscope:first-paint` (files in → flame graph drawn) and
//! `pgoscope:helpers=N` (a drop shared with N helper workers).

const LOAD_START: &str = "pgoscope:load-start";

fn performance() -> Option<web_sys::Performance> {
    web_sys::window().and_then(|w| w.performance())
}

/// Files started loading.
pub fn load_started() {
    if let Some(p) = performance() {
        let _ = p.mark(LOAD_START);
    }
}

/// A drop was shared with `count` helper workers (`pgoscope:helpers=N`).
pub fn shared_with(count: usize) {
    if let Some(p) = performance() {
        let _ = p.mark(&format!("pgoscope:helpers={count}"));
    }
}

/// The worker answered with a view.
pub fn view_ready() {
    measure("pgoscope:load");
}

/// The flame graph was drawn.
pub fn painted() {
    measure("pgoscope:first-paint");
}

/// Measures from the last load start; once per load (the start mark is then cleared).
fn measure(name: &str) {
    let Some(p) = performance() else { return };
    if p.get_entries_by_name(LOAD_START).length() == 0 {
        return;
    }
    let _ = p.measure_with_start_mark(name, LOAD_START);
    if name == "pgoscope:first-paint" {
        p.clear_marks_with_mark_name(LOAD_START);
    }
}
