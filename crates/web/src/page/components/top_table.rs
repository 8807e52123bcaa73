//! The top table: flat, flat %, cum, cum % per function, sortable and filterable.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::page::components::format::format_value;
use crate::protocol::SharedView;

/// Rows drawn at most; the rest are counted (the filter finds them).
const MAX_ROWS: usize = 100;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: SharedView,
    /// The function picked here or elsewhere: its row is marked and scrolled into view.
    pub selected: Option<String>,
    /// A row was picked.
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
    let body = use_node_ref();
    use_scroll_to_selected(&body, props.selected.clone());
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
    // The selected function stays in the table (last) when it is not among the rows drawn.
    let selected = props.selected.as_deref();
    if let Some(pos) = rows.iter().position(|r| Some(r.function.as_str()) == selected) {
        if pos >= MAX_ROWS {
            let row = rows.remove(pos);
            rows.insert(MAX_ROWS - 1, row);
        }
    }
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
                <tbody ref={body}>
                    { for rows.iter().take(MAX_ROWS).map(|r| {
                        let name = r.function.clone();
                        let is_selected = selected == Some(r.function.as_str());
                        let onclick = props.on_select.reform(move |_: MouseEvent| name.clone());
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
        </section>
    }
}

/// Scrolls the selected row (if drawn) into view within its table when the selection changes.
#[hook]
fn use_scroll_to_selected(body: &NodeRef, selected: Option<String>) {
    let body = body.clone();
    use_effect_with(selected, move |selected| {
        let row = (selected.is_some())
            .then(|| body.cast::<web_sys::Element>())
            .flatten()
            .and_then(|b| b.query_selector("tr.selected").ok().flatten());
        if let Some(row) = row {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            row.scroll_into_view_with_scroll_into_view_options(&options);
        }
    });
}
