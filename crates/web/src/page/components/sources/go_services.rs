use pgoscope_fetch::{go_profile_url, GoProfileKind};
use yew::prelude::*;

use super::{keep_value, value_of, Props, Sources};
use crate::page::remote::Remote;

/// Seconds of a CPU profile collected by default, and the bounds a user can pick.
const DEFAULT_SECONDS: u32 = 10;
const MAX_SECONDS: u32 = 600;

/// Go services' `net/http/pprof` endpoints, one base URL per line, merged.
#[function_component(GoServices)]
pub fn go_services(props: &Props) -> Html {
    let bases = use_state(String::new);
    let kind = use_state(|| GoProfileKind::Cpu);
    let seconds = use_state(|| DEFAULT_SECONDS);
    let pull = {
        let (bases, kind, seconds, on_load) =
            (bases.clone(), kind.clone(), seconds.clone(), props.on_load.clone());
        Callback::from(move |_: MouseEvent| on_load.emit(sources(&bases, *kind, *seconds)))
    };
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            let v = value_of(&e);
            let picked = GoProfileKind::ALL.into_iter().find(|k| k.endpoint() == v);
            kind.set(picked.unwrap_or(GoProfileKind::Cpu));
        })
    };
    let on_seconds = {
        let seconds = seconds.clone();
        Callback::from(move |e: Event| {
            seconds.set(value_of(&e).parse().unwrap_or(DEFAULT_SECONDS).clamp(1, MAX_SECONDS))
        })
    };
    html! {
        <div class="source">
            <h3>{ "Go services (net/http/pprof), merged" }</h3>
            <textarea data-testid="pull-bases" rows="3" placeholder="one base URL per line, e.g. http://pod-1:6060 or /pods/a"
                value={(*bases).clone()} onchange={keep_value(&bases)} />
            <select data-testid="pull-kind" onchange={on_kind}>
                { for GoProfileKind::ALL.iter().map(|k| html! {
                    <option value={k.endpoint()} selected={*k == *kind}>{ k.endpoint() }</option>
                }) }
            </select>
            if *kind == GoProfileKind::Cpu {
                <label>{ " for " }<input type="number" min="1" max={MAX_SECONDS.to_string()} class="narrow" data-testid="pull-seconds"
                    value={seconds.to_string()} onchange={on_seconds} />{ " s" }</label>
            }
            <button class="button small" data-testid="pull-button" onclick={pull}>{ "Pull" }</button>
        </div>
    }
}

/// One source per base URL (blank lines skipped), named after the base and what is collected.
fn sources(bases: &str, kind: GoProfileKind, seconds: u32) -> Sources {
    (bases.lines().map(str::trim).filter(|b| !b.is_empty()))
        .map(|b| {
            let label = match kind {
                GoProfileKind::Cpu => format!("{b} cpu {seconds}s"),
                k => format!("{b} {}", k.endpoint()),
            };
            (label, Remote::Get(go_profile_url(b, kind, seconds)))
        })
        .collect()
}
