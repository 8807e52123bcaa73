//! Loading progress: one bar per file (reading, then decoding in the worker) and one overall, then
//! an indeterminate bar while the worker merges and builds the view.

use yew::prelude::*;

use crate::page::components::format::format_bytes;
use crate::page::loading::FileProgress;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub files: Vec<FileProgress>,
    /// Files of the current batch already answered by the worker.
    pub finished: usize,
    /// The worker is computing a view.
    pub building: bool,
}

#[function_component(Progress)]
pub fn progress(props: &Props) -> Html {
    // Redraw every second while a server collects a CPU profile (the countdown).
    let tick = use_state(|| 0u32);
    let collecting = props.files.iter().any(|f| f.ready_at_ms.is_some() && f.read == 0);
    {
        let tick = tick.clone();
        use_effect_with(collecting, move |collecting| {
            let mut ticks = 0;
            let interval = collecting.then(|| {
                gloo::timers::callback::Interval::new(1000, move || {
                    ticks += 1;
                    tick.set(ticks);
                })
            });
            move || drop(interval)
        });
    }
    if props.files.is_empty() {
        return if props.building {
            html! {
                <div class="progress" data-testid="view-progress">
                    <div class="progress-label">{ "Merging and building the view…" }</div>
                    <div class="bar indeterminate"><span /></div>
                </div>
            }
        } else {
            html! {}
        };
    }
    let batch = props.finished + props.files.len();
    let done = props.finished as f64 + props.files.iter().map(FileProgress::fraction).sum::<f64>();
    let overall = done / batch.max(1) as f64;
    // The worker decodes one file at a time, in order: the others wait.
    let decoding = props.files.iter().position(|f| f.decoding);
    html! {
        <div class="progress" data-testid="progress">
            <div class="progress-label">
                { format!("Loading {} of {} file(s)… {:.0}%", props.files.len(), batch, 100.0 * overall) }
            </div>
            { bar(overall, false) }
            <ul class="file-progress">
                { for props.files.iter().enumerate().map(|(i, f)| file_row(f, Some(i) == decoding)) }
            </ul>
        </div>
    }
}

/// One file's row. Only the file the worker is on has a moving stripe: fifty animated bars would
/// keep the page repainting while the worker is busy.
fn file_row(f: &FileProgress, worker_on_it: bool) -> Html {
    let left = f.ready_at_ms.map(|t| ((t - js_sys::Date::now()) / 1000.0).ceil());
    let stage = if f.decoding && worker_on_it {
        "decoding".to_owned()
    } else if f.decoding {
        "waiting for the worker".to_owned()
    } else if let Some(left) = left.filter(|l| *l > 0.0 && f.read == 0) {
        format!("collecting, {left:.0} s left")
    } else if f.size > 0 {
        format!("reading {} of {}", format_bytes(f.read as i64), format_bytes(f.size as i64))
    } else {
        "fetching".to_owned()
    };
    html! {
        <li key={f.id} data-testid="file-progress">
            <span class="file-name">{ &f.name }</span>
            <span class="stage">{ stage }</span>
            { bar(f.fraction(), worker_on_it || (f.size == 0 && !f.decoding)) }
        </li>
    }
}

/// A bar filled to `fraction`; `busy` adds a moving stripe for work without a known end.
fn bar(fraction: f64, busy: bool) -> Html {
    let pct = (fraction.clamp(0.0, 1.0) * 100.0).round();
    html! {
        <div class={classes!("bar", busy.then_some("busy"))} role="progressbar"
            aria-valuemin="0" aria-valuemax="100" aria-valuenow={pct.to_string()}>
            <span style={format!("width:{pct}%")} />
        </div>
    }
}
