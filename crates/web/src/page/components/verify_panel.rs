//! The Verify step: a build log (`go build -pgo=… -gcflags=all='-d=pgodebug=1 -m'`) checked against
//! the view's profile, as `pgoscope verify` prints it: the compiler's threshold beside ours, the
//! share of hot weight it inlined, what it did at each hot call site and why not, the mismatches.

use std::rc::Rc;

use pgoscope_pgo::{Actual, VerifiedSite, VerifyReport};
use yew::prelude::*;

use crate::protocol::VerifyResult;

/// The build command whose output the panel reads.
pub const BUILD_LOG_COMMAND: &str =
    "go build -pgo=default.pgo -gcflags=all='-d=pgodebug=1 -m' -o app . 2> build.log";

/// Sites listed at most (hottest first).
const MAX_SITES: usize = 200;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub verify: Option<Rc<VerifyResult>>,
    pub on_files: Callback<Vec<web_sys::File>>,
}

#[function_component(VerifyPanel)]
pub fn verify_panel(props: &Props) -> Html {
    html! {
        <section class="panel verify-panel" data-testid="verify-panel">
            <div class="panel-head">
                <h2>{ "Verify: what the compiler did" }</h2>
                <label class="button secondary small" title="the compiler's output of a PGO build (also: drop a .log file on the page)">
                    { "Build log…" }
                    <input type="file" accept=".log,.txt,text/plain" data-testid="build-log-input"
                        onchange={crate::page::loading::on_input_change(props.on_files.clone())} />
                </label>
            </div>
            { match props.verify.as_deref() {
                None => html! { <p class="meta">{ "Build with the default.pgo and the compiler's PGO output, then give the log here: " }<code>{ BUILD_LOG_COMMAND }</code></p> },
                Some((name, Err(e))) => html! { <p class="error" data-testid="verify-error">{ format!("{name}: {e}") }</p> },
                Some((name, Ok(report))) => report_view(name, report),
            } }
        </section>
    }
}

fn report_view(name: &str, report: &VerifyReport) -> Html {
    // The sites the log covers first (they carry the answer), each group hottest first.
    let mut sites: Vec<&VerifiedSite> = report.sites.iter().collect();
    sites.sort_by_key(|s| (s.actual == Actual::NotInLog, std::cmp::Reverse(s.weight)));
    html! {
        <>
            <p class="meta" data-testid="verify-summary">
                { format!("{name}: hot-callsite-thres-from-CDF {}% (the compiler's {}%) · {:.1} % of the hot weight inlined · {} hot call sites",
                    report.threshold_percent, report.compiler_threshold_percent, report.hot_weight_inlined_percent, report.sites.len()) }
            </p>
            if !report.mismatches.is_empty() {
                <ul class="notice" data-testid="verify-mismatches">
                    { for report.mismatches.iter().map(|m| html! { <li>{ m }</li> }) }
                </ul>
            }
            <div class="verify-table">
            <table class="top verify">
                <thead><tr><th class="num">{ "weight" }</th><th>{ "call site" }</th><th>{ "at" }</th><th>{ "predicted" }</th><th>{ "compiler" }</th></tr></thead>
                <tbody>
                    { for sites.iter().take(MAX_SITES).map(|s| site_row(s)) }
                </tbody>
            </table>
            </div>
        </>
    }
}

fn site_row(s: &VerifiedSite) -> Html {
    let file = s.file.rsplit('/').next().unwrap_or(&s.file);
    html! {
        <tr data-testid="verify-site" data-actual={actual_code(s.actual)} data-callee={s.callee.clone()}>
            <td class="num">{ s.weight }</td>
            <td class="fn">{ format!("{} → {}", s.caller, s.callee) }</td>
            <td title={s.file.clone()}>{ format!("{file}:{}", s.line) }</td>
            <td>{ &s.predicted }</td>
            <td class={classes!("actual", actual_code(s.actual))}>{ actual_text(s) }</td>
        </tr>
    }
}

/// The JSON name of what the compiler did (`inlined_hot_budget`, …).
pub fn actual_code(actual: Actual) -> &'static str {
    match actual {
        Actual::InlinedHotBudget => "inlined_hot_budget",
        Actual::Inlined => "inlined",
        Actual::Devirtualized => "devirtualized",
        Actual::NotInlined => "not_inlined",
        Actual::NotInLog => "not_in_log",
    }
}

/// What the compiler did at the site, in words (with its reason when it gave one).
pub fn actual_text(s: &VerifiedSite) -> String {
    match (s.actual, &s.reason) {
        (Actual::InlinedHotBudget, _) => "inlined with the hot budget".into(),
        (Actual::Inlined, _) => "inlined".into(),
        (Actual::Devirtualized, _) => "devirtualized".into(),
        (Actual::NotInlined, Some(reason)) => format!("not inlined: {reason}"),
        (Actual::NotInlined, None) => "not inlined".into(),
        (Actual::NotInLog, _) => "not in the log (build with -gcflags=all=…)".into(),
    }
}
