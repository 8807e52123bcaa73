//! The sandwich view: the callers and callees of one function (pprof's `peek`).

use yew::prelude::*;

use crate::page::components::format::format_value;
use crate::page::components::function_picker::function_picker;
use crate::protocol::{SharedView, ViewData};
use pgoscope_flame::{Neighbour, Sandwich};

/// Neighbours listed per side at most.
const MAX_NEIGHBOURS: usize = 30;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: SharedView,
    pub selected: Option<String>,
    /// The selected function's sandwich, once the worker sent it.
    pub sandwich: Option<(String, Sandwich)>,
    pub on_pick: Callback<String>,
}

#[function_component(SandwichPanel)]
pub fn sandwich_panel(props: &Props) -> Html {
    let view = &props.view;
    let selected = props.selected.as_deref();
    html! {
        <section class="panel sandwich-panel" data-testid="sandwich-panel">
            <div class="panel-head">
                <h2>{ "Sandwich" }</h2>
                { function_picker(view, selected, &props.on_pick, "sandwich-pick") }
            </div>
            { match (&props.sandwich, selected) {
                (Some((name, sandwich)), _) => sandwich_view(view, name, sandwich, &props.on_pick),
                (None, Some(name)) => html! { <p class="meta">{ format!("Reading the callers and callees of {name}…") }</p> },
                (None, None) => html! {
                    <p class="meta">{ "Pick a function here, in Top or in the flame graph: its callers and callees show here." }</p>
                },
            } }
        </section>
    }
}

/// Callers above, callees below the function, each with the value that flows through the edge; a
/// click on one opens it.
fn sandwich_view(view: &ViewData, name: &str, s: &Sandwich, on_pick: &Callback<String>) -> Html {
    let share = |v: i64| if s.total == 0 { 0.0 } else { 100.0 * v as f64 / s.total as f64 };
    let list = |title: &str, items: &[Neighbour]| {
        html! {
            <div class="side">
                <h3>{ title }</h3>
                <table class="top">
                    { for items.iter().take(MAX_NEIGHBOURS).map(|n| html! {
                        <tr class="pickable" title="open this function" data-testid="sandwich-row"
                            onclick={{ let f = n.function.clone(); on_pick.reform(move |_: MouseEvent| f.clone()) }}>
                            <td class="num">{ format_value(n.value, &view.unit) }</td>
                            <td class="num">{ format!("{:.1}%", share(n.value)) }</td>
                            <td class="fn">{ &n.function }</td>
                        </tr>
                    }) }
                </table>
            </div>
        }
    };
    html! {
        <div class="sandwich" data-testid="sandwich">
            { list("called from", &s.callers) }
            <p class="sandwich-fn">{ format!("{name} · cum {}", format_value(s.total, &view.unit)) }</p>
            { list("calls", &s.callees) }
        </div>
    }
}
