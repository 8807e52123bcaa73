//! The top table: flat, flat %, cum, cum % per function, sortable and filterable.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::page::components::format::format_value;
use crate::protocol::{Shared, SharedView, ViewData};
use pgoscope_flame::{Neighbour, Sandwich};

/// Rows drawn at most; the rest are counted (the filter finds them).
const MAX_ROWS: usize = 100;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: SharedView,
    /// Callers and callees of a function, from the worker.
    pub sandwich: Option<Shared<(String, Sandwich)>>,
    /// A row was picked: ask for its sandwich.
    pub on_select: Callback<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum SortKey {
    Flat,
    Cum,
    Name,
}

#[function_component(TopTable)]
pub fn top_table(props: &Props) -> Html {
    let sort = use_state(|| SortKey::Flat);
    let selected = use_state(|| None::<String>);
    let filter = use_state(String::new);
    let view = &props.view;
    let needle = filter.to_lowercase();
    let mut rows: Vec<_> =
        view.top.iter().filter(|r| r.function.to_lowercase().contains(&needle)).collect();
    match *sort {
        SortKey::Flat => {} // the worker sends rows in pprof's flat order
        SortKey::Cum => {
            rows.sort_by(|a, b| b.cum.cmp(&a.cum).then_with(|| a.function.cmp(&b.function)))
        }
        SortKey::Name => rows.sort_by(|a, b| a.function.cmp(&b.function)),
    }
    let hidden = rows.len().saturating_sub(MAX_ROWS);
    let pct = |v: i64| if view.total == 0 { 0.0 } else { 100.0 * v as f64 / view.total as f64 };
    let header = |key: SortKey, label: &str| {
        let sort = sort.clone();
        let class = classes!((*sort == key).then_some("sorted"));
        html! { <th {class} onclick={Callback::from(move |_| sort.set(key))}>{ label }</th> }
    };
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            filter.set(input.value());
        })
    };
    html! {
        <section class="panel top-panel">
            <div class="panel-head">
                <h2>{ "Top functions" }</h2>
                <input class="table-filter" placeholder="filter functions" oninput={on_filter} />
            </div>
            <div class="table-scroll">
            <table class="top" data-testid="top-table">
                <thead><tr>
                    { header(SortKey::Flat, "flat") }<th>{ "flat %" }</th>
                    { header(SortKey::Cum, "cum") }<th>{ "cum %" }</th>
                    { header(SortKey::Name, "function") }
                </tr></thead>
                <tbody>
                    { for rows.iter().take(MAX_ROWS).map(|r| {
                        let (selected, name, on_select) = (selected.clone(), r.function.clone(), props.on_select.clone());
                        let is_selected = selected.as_deref() == Some(&r.function);
                        let onclick = Callback::from(move |_| {
                            selected.set(Some(name.clone()));
                            on_select.emit(name.clone());
                        });
                        html! {
                        <tr data-testid="top-row" class={classes!(is_selected.then_some("selected"))} {onclick}>
                            <td class="num">{ format_value(r.flat, &view.unit) }</td>
                            <td class="num">{ format!("{:.2}%", pct(r.flat)) }</td>
                            <td class="num">{ format_value(r.cum, &view.unit) }</td>
                            <td class="num">{ format!("{:.2}%", pct(r.cum)) }</td>
                            <td class="fn">{ &r.function }</td>
                        </tr>
                    }}) }
                </tbody>
            </table>
            </div>
            if hidden > 0 {
                <p class="meta">{ format!("{hidden} more rows: refine the filter to see them") }</p>
            }
            if let Some((name, sandwich)) = props.sandwich.as_deref().filter(|(f, _)| selected.as_deref() == Some(f.as_str())) {
                { sandwich_view(view, name, sandwich) }
            }
        </section>
    }
}

/// Callers and callees of the selected function (click a row).
fn sandwich_view(view: &ViewData, name: &str, s: &Sandwich) -> Html {
    let list = |title: &str, items: &[Neighbour]| {
        html! {
            <div class="side">
                <h3>{ title }</h3>
                <table class="top">
                    { for items.iter().take(30).map(|n| html! {
                        <tr>
                            <td class="num">{ format_value(n.value, &view.unit) }</td>
                            <td class="num">{ format!("{:.1}%", if s.total == 0 { 0.0 } else { 100.0 * n.value as f64 / s.total as f64 }) }</td>
                            <td class="fn">{ &n.function }</td>
                        </tr>
                    }) }
                </table>
            </div>
        }
    };
    html! {
        <div class="sandwich" data-testid="sandwich">
            <p class="meta">{ format!("{name}: cum {}", format_value(s.total, &view.unit)) }</p>
            <div class="sides">
                { list("called from", &s.callers) }
                { list("calls", &s.callees) }
            </div>
        </div>
    }
}
