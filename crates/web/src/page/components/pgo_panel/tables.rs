use pgoscope_pgo::{weight_percent, Severity};
use yew::prelude::*;

use crate::protocol::PgoView;

/// Hot rows drawn at most.
const MAX_HOT_ROWS: usize = 300;
/// Devirtualization rows drawn at most.
const MAX_DEVIRTUALIZATION_ROWS: usize = 50;

/// What is wrong or worth knowing about the profile as PGO input, each with its fix.
pub fn lints(pgo: &PgoView) -> Html {
    html! {
        <ul class="lints">
            { for pgo.lints.iter().map(|l| html! {
                <li class={classes!("lint", severity_class(l.severity))} data-testid="pgo-lint">
                    <div class="lint-code">{ &l.code }</div>
                    <div>{ &l.message }</div>
                    <div class="fix">{ "fix: " }{ &l.fix }</div>
                </li>
            }) }
        </ul>
    }
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The hot call edges, hottest first, with the cumulative share Go's CDF threshold reads.
pub fn hot_table(pgo: &PgoView) -> Html {
    if pgo.hot_edges.is_empty() {
        return html! {};
    }
    let mut cum = 0i64;
    html! {
        <div class="table-scroll">
        <table class="top hot">
            <thead><tr><th>{ "call site" }</th><th>{ "callee" }</th><th>{ "weight" }</th><th>{ "cum %" }</th></tr></thead>
            <tbody>
                { for pgo.hot_edges.iter().take(MAX_HOT_ROWS).map(|(e, w)| {
                    cum += w;
                    html! {
                        <tr data-testid="pgo-hot-row">
                            <td class="fn">{ format!("{}+{}", e.caller, e.offset) }</td>
                            <td class="fn">{ &e.callee }</td>
                            <td class="num">{ w }</td>
                            <td class="num">{ format!("{:.2}%", weight_percent(cum, pgo.total_weight)) }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
        </div>
    }
}

/// Indirect call sites with several callees, and what Go's devirtualization does with each.
pub fn devirtualization_table(pgo: &PgoView) -> Html {
    if pgo.devirtualization.is_empty() {
        return html! {};
    }
    let callees = |s: &pgoscope_pgo::DevirtSite| {
        let shares = s.callees.iter().map(|c| format!("{} {:.0}%", c.callee, c.share_percent));
        shares.collect::<Vec<_>>().join(", ")
    };
    html! {
        <>
        <h3>{ "Indirect call sites with several callees (devirtualization)" }</h3>
        <table class="top devirt">
            <thead><tr><th>{ "call site" }</th><th>{ "callees" }</th><th>{ "kind" }</th><th>{ "what Go does" }</th></tr></thead>
            <tbody>
                { for pgo.devirtualization.iter().take(MAX_DEVIRTUALIZATION_ROWS).map(|s| html! {
                    <tr class={classes!(s.blocked.then_some("blocked"))}>
                        <td class="fn">{ format!("{}+{}", s.caller, s.offset) }</td>
                        <td class="fn">{ callees(s) }</td>
                        <td>{ s.kind.label() }</td>
                        <td class="fn">{ s.verdict() }</td>
                    </tr>
                }) }
            </tbody>
        </table>
        </>
    }
}
