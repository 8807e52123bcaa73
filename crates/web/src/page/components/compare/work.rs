//! Work per side: operation counts typed or read from `go test -bench` output, CPU per operation,
//! and the benchmarks compared as benchstat does.

use pgoscope_flame::work::{compare_benches, BenchComparison, BenchSide};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::signed_percent;
use crate::page::loading::on_input_change;
use crate::page::state::BenchInput;
use crate::protocol::Group;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Operations typed for the baseline and the candidate.
    pub typed: (Option<f64>, Option<f64>),
    pub benches: (Option<BenchInput>, Option<BenchInput>),
    pub on_work: Callback<(Group, Option<f64>)>,
    pub on_bench: Callback<(Group, Vec<web_sys::File>)>,
}

/// Each side's operations, typed or from benchmark output, and the benchmarks compared.
#[function_component(WorkRow)]
pub fn work_row(props: &Props) -> Html {
    let side = |group: Group, typed: Option<f64>, bench: &Option<BenchInput>| {
        let key = match group {
            Group::Baseline => "baseline",
            Group::Candidate => "candidate",
        };
        let on_change = props.on_work.reform(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            (group, value.trim().parse::<f64>().ok().filter(|v| *v > 0.0))
        });
        let on_bench = on_input_change(props.on_bench.reform(move |files| (group, files)));
        html! {
            <div class="work-side">
                <label>{ format!("{key} operations ") }
                    <input type="number" min="1" class="narrow" data-testid={format!("work-{key}")}
                        placeholder="requests, ops" value={typed.map(|v| v.to_string()).unwrap_or_default()}
                        onchange={on_change} />
                </label>
                <label class="button secondary small" title="the output of the go test -bench run that wrote this side's profile">
                    { "or go test -bench output" }
                    <input type="file" data-testid={format!("bench-{key}-input")} onchange={on_bench} />
                </label>
                { bench_state(bench) }
            </div>
        }
    };
    let comparisons = match &props.benches {
        (Some(Ok(base)), Some(Ok(new))) => compare_benches(base, new),
        _ => Vec::new(),
    };
    html! {
        <div class="work" data-testid="work">
            { side(Group::Baseline, props.typed.0, &props.benches.0) }
            { side(Group::Candidate, props.typed.1, &props.benches.1) }
            { bench_table(&comparisons) }
        </div>
    }
}

fn bench_state(bench: &Option<BenchInput>) -> Html {
    match bench {
        None => html! {},
        Some(Ok(runs)) => html! {
            <span class="meta" data-testid="bench-read">
                { format!("{} runs, {} iterations", runs.len(), pgoscope_flame::work::total_iterations(runs)) }
            </span>
        },
        Some(Err(e)) => html! { <span class="error" data-testid="bench-error">{ e }</span> },
    }
}

/// benchstat's table: median ns/op ± the 95 % interval per side, the change and its p-value.
fn bench_table(comparisons: &[BenchComparison]) -> Html {
    if comparisons.is_empty() {
        return html! {};
    }
    html! {
        <table class="top benches" data-testid="bench-table">
            <thead><tr><th>{ "benchmark" }</th><th>{ "before" }</th><th>{ "after" }</th><th>{ "change" }</th></tr></thead>
            <tbody>
                { for comparisons.iter().map(|b| html! {
                    <tr data-testid="bench-row">
                        <td class="fn">{ &b.name }</td>
                        <td class="num">{ side_text(&b.before) }</td>
                        <td class="num">{ side_text(&b.after) }</td>
                        <td class="num">
                            { match b.delta_percent { Some(d) => signed_percent(d), None => "~".into() } }
                            <span class="meta">{ format!(" p={:.3} n={}+{}", b.p_value, b.before.runs, b.after.runs) }</span>
                        </td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// `1.05 µs ± 2%`, or `± ∞` with too few runs for a 95 % interval.
fn side_text(s: &BenchSide) -> String {
    let pm = s.plus_minus_percent().map_or("∞".to_owned(), |p| format!("{p:.0}%"));
    format!("{} ± {pm}", ns_text(s.median_ns))
}

/// Nanoseconds in the unit that reads best.
pub fn ns_text(ns: f64) -> String {
    pgoscope_flame::work::duration_text(ns, " ")
}
