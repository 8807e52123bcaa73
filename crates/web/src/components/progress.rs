//! Loading progress: one bar per file (reading, then decoding in the worker) and one overall, then
//! an indeterminate bar while the worker merges and builds the view.

use yew::prelude::*;

use crate::components::format::format_bytes;
use crate::loading::FileProgress;

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
    html! {
        <div class="progress" data-testid="progress">
            <div class="progress-label">
                { format!("Loading {} of {} file(s)… {:.0}%", props.files.len(), batch, 100.0 * overall) }
            </div>
            { bar(overall, false) }
            <ul class="file-progress">
                { for props.files.iter().map(file_row) }
            </ul>
        </div>
    }
}

fn file_row(f: &FileProgress) -> Html {
    let stage = if f.decoding {
        "decoding".to_owned()
    } else if f.size > 0 {
        format!("reading {} of {}", format_bytes(f.read as i64), format_bytes(f.size as i64))
    } else {
        "fetching".to_owned()
    };
    html! {
        <li data-testid="file-progress">
            <span class="file-name">{ &f.name }</span>
            <span class="stage">{ stage }</span>
            { bar(f.fraction(), f.decoding || f.size == 0) }
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
