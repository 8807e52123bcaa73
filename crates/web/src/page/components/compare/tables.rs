//! The comparison's tables: per-function diff, the PGO effect on the baseline's hot call sites, and
//! the hot-set drift with its cure.

use pgoscope_pgo::{CallForm, DriftStatus};
use yew::prelude::*;

use super::format_compared;
use crate::protocol::{CompareView, Shared};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: Shared<CompareView>,
}

#[derive(Clone, Copy, PartialEq)]
enum SortKey {
    /// Biggest change either way (the worker's order).
    Change,
    Regressions,
    Improvements,
    Cum,
    Name,
}

fn percent(delta: i64, before: i64) -> String {
    if before == 0 {
        if delta == 0 {
            "0%".into()
        } else {
            "new".into()
        }
    } else {
        format!("{:+.1}%", 100.0 * delta as f64 / before as f64)
    }
}

#[function_component(DiffTable)]
pub fn diff_table(props: &Props) -> Html {
    let sort = use_state(|| SortKey::Change);
    let view = &props.view;
    let mut rows: Vec<_> = view.rows.iter().collect();
    match *sort {
        SortKey::Change => {}
        SortKey::Regressions => rows.sort_by_key(|r| std::cmp::Reverse(r.flat_delta)),
        SortKey::Improvements => rows.sort_by_key(|r| r.flat_delta),
        SortKey::Cum => rows.sort_by_key(|r| std::cmp::Reverse(r.cum_delta.abs())),
        SortKey::Name => rows.sort_by(|a, b| a.function.cmp(&b.function)),
    }
    let header = |key: SortKey, label: &str, title: &str| {
        let sort = sort.clone();
        let class = classes!((*sort == key).then_some("sorted"));
        html! { <th {class} title={title.to_owned()} onclick={Callback::from(move |_| sort.set(key))}>{ label }</th> }
    };
    let fmt = |v: i64| format_compared(v, view);
    html! {
        <div class="diff-table">
            <h3>{ "Functions" }</h3>
            <div class="table-scroll">
            <table class="top" data-testid="diff-table">
                <thead><tr>
                    <th>{ "flat before" }</th><th>{ "flat after" }</th>
                    { header(SortKey::Change, "flat Δ", "biggest change first") }
                    { header(SortKey::Regressions, "▲", "regressions first") }
                    { header(SortKey::Improvements, "▼", "improvements first") }
                    <th>{ "cum before" }</th><th>{ "cum after" }</th>
                    { header(SortKey::Cum, "cum Δ", "biggest cumulative change first") }
                    { header(SortKey::Name, "function", "by name") }
                </tr></thead>
                <tbody>
                    { for rows.iter().map(|r| html! {
                        <tr data-testid="diff-row" class={classes!(if r.flat_delta > 0 { "worse" } else if r.flat_delta < 0 { "better" } else { "" })}>
                            <td class="num">{ fmt(r.flat_before) }</td>
                            <td class="num">{ fmt(r.flat_after) }</td>
                            <td class="num delta">{ fmt(r.flat_delta) }</td>
                            <td class="num" colspan="2">{ percent(r.flat_delta, r.flat_before) }</td>
                            <td class="num">{ fmt(r.cum_before) }</td>
                            <td class="num">{ fmt(r.cum_after) }</td>
                            <td class="num delta">{ fmt(r.cum_delta) }</td>
                            <td class="fn">{ &r.function }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
            if view.functions > view.rows.len() {
                <p class="meta">{ format!("{} functions with smaller changes not shown", view.functions - view.rows.len()) }</p>
            }
        </div>
    }
}

fn form(f: CallForm) -> &'static str {
    match f {
        CallForm::Inlined => "inlined",
        CallForm::Call => "call",
        CallForm::Both => "inlined + call",
        CallForm::NotSeen => "not seen",
    }
}

#[function_component(EffectTable)]
pub fn effect_table(props: &Props) -> Html {
    let effect = match &props.view.effect {
        Ok(effect) => effect,
        Err(e) => return html! { <p class="meta">{ format!("PGO effect: {e}") }</p> },
    };
    let inlined_after = effect.sites.iter().filter(|s| s.after == CallForm::Inlined).count();
    html! {
        <div class="effect">
            <h3>{ "PGO effect on the baseline's hot call sites" }</h3>
            <p class="meta" data-testid="pgo-effect-summary">
                { format!("{} of {} hot call sites inlined in the candidate ({} newly). In a profile an inlined \
                    callee is an extra line inside its caller's location; a real call is a separate location.",
                    inlined_after, effect.sites.len(), effect.newly_inlined) }
            </p>
            <div class="table-scroll">
            <table class="top">
                <thead><tr><th>{ "call site" }</th><th>{ "callee" }</th><th>{ "where" }</th><th>{ "weight" }</th>
                    <th>{ "before" }</th><th>{ "after" }</th></tr></thead>
                <tbody>
                    { for effect.sites.iter().take(300).map(|s| html! {
                        <tr data-testid="pgo-effect-row"
                            class={classes!((s.after == CallForm::Inlined && s.before != CallForm::Inlined).then_some("better"))}>
                            <td class="fn">{ format!("{}+{}", s.edge.caller, s.edge.offset) }</td>
                            <td class="fn">{ &s.edge.callee }</td>
                            <td class="fn">{ format!("{}:{}", s.file.rsplit('/').next().unwrap_or(&s.file), s.line) }</td>
                            <td class="num">{ s.weight }</td>
                            <td>{ form(s.before) }</td>
                            <td>{ form(s.after) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
            if effect.devirtualized.iter().any(|d| d.inlined_after) {
                <p class="meta" data-testid="devirtualized">
                    { "Devirtualized (the hottest callee now inlined at the indirect call): " }
                    { effect.devirtualized.iter().filter(|d| d.inlined_after)
                        .map(|d| format!("{}+{} → {} ({})", d.caller, d.offset, d.callee, d.kind.label())).collect::<Vec<_>>().join(", ") }
                </p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct DriftProps {
    pub view: Shared<CompareView>,
    /// Download default.pgo made from both groups merged.
    pub on_cure: Callback<MouseEvent>,
}

#[function_component(DriftTable)]
pub fn drift_table(props: &DriftProps) -> Html {
    let drift = match &props.view.drift {
        Ok(drift) => drift,
        Err(e) => return html! { <p class="meta">{ format!("Hot-set drift: {e}") }</p> },
    };
    let left = drift.old_hot - drift.stayed;
    html! {
        <div class="drift">
            <h3>{ "Hot-set drift (baseline → candidate)" }</h3>
            <p class="meta">
                { format!("{} hot edges → {}; {} stayed, carrying {:.1}% of the baseline's hot weight; {} left, {} of them \
                    because the candidate inlines them.", drift.old_hot, drift.new_hot, drift.stayed,
                    drift.weight_kept_percent, left, drift.left_inlined) }
            </p>
            if drift.left_inlined > 0 {
                <p class="warning" data-testid="drift-warning">
                    { "A profile taken from a PGO build under-represents what PGO already optimized: used alone as \
                        default.pgo it may undo those optimizations on the next build. Merge it with the older \
                        profile (or collect from a canary built without PGO)." }
                    <button class="button small" data-testid="drift-cure" onclick={props.on_cure.clone()}>
                        { "Download default.pgo of both merged" }
                    </button>
                </p>
            }
            <div class="table-scroll">
            <table class="top">
                <thead><tr><th>{ "edge" }</th><th>{ "status" }</th><th>{ "baseline %" }</th><th>{ "candidate %" }</th><th>{ "in the candidate" }</th></tr></thead>
                <tbody>
                    { for drift.rows.iter().filter(|r| r.status != DriftStatus::Stayed).take(300).map(|r| html! {
                        <tr data-testid="drift-row">
                            <td class="fn">{ format!("{}+{} → {}", r.edge.caller, r.edge.offset, r.edge.callee) }</td>
                            <td>{ match r.status { DriftStatus::Left => "left", DriftStatus::Entered => "entered", DriftStatus::Stayed => "stayed" } }</td>
                            <td class="num">{ format!("{:.3}%", r.old_percent) }</td>
                            <td class="num">{ format!("{:.3}%", r.new_percent) }</td>
                            <td>{ form(r.new_form) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
        </div>
    }
}
