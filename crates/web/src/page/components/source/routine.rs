//! One routine of the source view: its lines with flat and cum, hot call sites marked, and a
//! minimap. Rows have a fixed height, so a long routine draws only the rows near the scroll
//! position (virtual scrolling) and the minimap scrolls by arithmetic.

use std::rc::Rc;

use pgoscope_pprof::FunctionLines;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::HotLine;
use crate::page::components::format::format_value;

/// Height of one line's row in CSS pixels (`.source-lines tr` in style.css says the same).
pub const ROW_HEIGHT_PX: f64 = 18.0;
/// Routines with more lines than this draw only the rows in view (and [`OVERSCAN_ROWS`] around).
pub const VIRTUAL_FROM_LINES: usize = 300;
/// Rows drawn above and below the visible ones.
pub const OVERSCAN_ROWS: usize = 30;
/// The scroll area's height before it is measured (70vh of a 900-pixel window).
const DEFAULT_VIEWPORT_PX: f64 = 630.0;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub routine: Rc<FunctionLines>,
    /// The line numbers listed, in order (the listing's range, or the sampled lines).
    pub numbers: Rc<Vec<i64>>,
    /// The file's lines, when a given source matches the routine's file.
    pub text: Option<Rc<Vec<String>>>,
    pub unit: String,
    pub hot: Rc<Vec<HotLine>>,
}

#[function_component(RoutineLines)]
pub fn routine_lines(props: &Props) -> Html {
    let body = use_node_ref();
    let total = props.numbers.len();
    let virtual_rows = total > VIRTUAL_FROM_LINES;
    // (first row in view, rows in view): set only when one changes, so scrolling within a row
    // redraws nothing.
    let in_view = use_state_eq(|| (0usize, (DEFAULT_VIEWPORT_PX / ROW_HEIGHT_PX) as usize));
    let onscroll = {
        let in_view = in_view.clone();
        Callback::from(move |e: Event| {
            let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
                return;
            };
            if virtual_rows {
                let row = |px: i32| (px.max(0) as f64 / ROW_HEIGHT_PX) as usize;
                in_view.set((row(el.scroll_top()), row(el.client_height()) + 1));
            }
        })
    };
    let (first, last) = if virtual_rows {
        let (top_row, rows) = *in_view;
        let first = top_row.saturating_sub(OVERSCAN_ROWS).min(total);
        (first, (top_row + rows + OVERSCAN_ROWS).min(total))
    } else {
        (0, total)
    };
    let spacer = |rows: usize| {
        (rows > 0).then(|| html! { <tr class="spacer" style={format!("height:{}px", rows as f64 * ROW_HEIGHT_PX)} /> })
    };
    let text = props.text.as_deref().map(Vec::as_slice);
    html! {
        <div class="routine-wrap">
            <div class="routine-body" ref={body.clone()} {onscroll} data-rows={total.to_string()}>
                <table class="source-lines">
                    <tbody>
                        { spacer(first) }
                        { for props.numbers[first..last].iter().map(|&n| line_row(n, &props.routine, &props.unit, text, &props.hot)) }
                        { spacer(total - last) }
                    </tbody>
                </table>
            </div>
            { minimap(&props.numbers, &props.routine, &props.hot, &body) }
        </div>
    }
}

fn line_row(
    n: i64,
    r: &FunctionLines,
    unit: &str,
    text: Option<&[String]>,
    hot: &[HotLine],
) -> Html {
    let values = r.lines.iter().find(|l| l.line == n);
    let value = |v: i64| if v == 0 { ".".to_owned() } else { format_value(v, unit) };
    let (flat, cum) = values.map_or((0, 0), |l| (l.flat, l.cum));
    let source = text.and_then(|t| t.get(n as usize - 1)).map_or("", |s| s.as_str());
    let marks: Vec<&HotLine> = hot.iter().filter(|h| h.line == n).collect();
    let is_hot = !marks.is_empty();
    html! {
        <tr class={classes!("source-line", is_hot.then_some("hot"))} data-testid="source-line" data-hot={is_hot.to_string()} data-line={n.to_string()}>
            <td class="num">{ value(flat) }</td>
            <td class="num">{ value(cum) }</td>
            <td class="num lineno">{ n }</td>
            <td class="code">
                <code>{ source }</code>
                { for marks.iter().map(|h| html! { <>
                    <span class="hot-mark" title="a hot call site for Go's PGO: its callee gets the hot inlining budget">
                        { format!("hot → {} · weight {} ({:.2} %){}", h.callee, h.weight, h.share_percent,
                            h.after.as_deref().map(|a| format!(" · after: {a}")).unwrap_or_default()) }
                    </span>
                    if let Some(did) = &h.compiler {
                        <span class="compiler-mark" data-testid="source-compiler" title="what the build log says the compiler did at this call">{ format!("compiler: {did}") }</span>
                    }
                </> }) }
            </td>
        </tr>
    }
}

/// A strip beside the lines: where the hot call sites (red) and the heaviest lines (grey, over 5 %
/// of the function's cum) are in the function; a click scrolls to the line.
fn minimap(numbers: &[i64], r: &FunctionLines, hot: &[HotLine], body: &NodeRef) -> Html {
    let (Some(&first), Some(&last)) = (numbers.first(), numbers.last()) else { return html! {} };
    let span = (last - first).max(1) as f64;
    let heavy = r.lines.iter().filter(|l| r.cum > 0 && l.cum * 20 > r.cum).map(|l| (l.line, false));
    let marks: Vec<(i64, bool)> = heavy.chain(hot.iter().map(|h| (h.line, true))).collect();
    html! {
        <div class="minimap" data-testid="source-minimap" title="hot call sites (red) and heavy lines (grey): click to go there">
            { for marks.into_iter().filter(|(n, _)| *n >= first && *n <= last).map(|(n, is_hot)| {
                let top = 100.0 * (n - first) as f64 / span;
                let row = numbers.partition_point(|&m| m < n);
                let body = body.clone();
                let onclick = Callback::from(move |_: MouseEvent| scroll_to_row(&body, row));
                html! { <span class={classes!("mark", is_hot.then_some("hot"))} style={format!("top:{top:.1}%")} data-line={n.to_string()} {onclick} /> }
            }) }
        </div>
    }
}

/// Scrolls the routine's body so that its row `row` is in the middle.
fn scroll_to_row(body: &NodeRef, row: usize) {
    if let Some(el) = body.cast::<web_sys::Element>() {
        let middle = row as f64 * ROW_HEIGHT_PX - el.client_height() as f64 / 2.0;
        el.set_scroll_top(middle.max(0.0) as i32);
    }
}
