//! Profiles from elsewhere: any URL, Go services' `/debug/pprof` endpoints (what Grafana Alloy
//! scrapes), and Grafana Pyroscope (`SelectMergeProfile`, with pickers filled from `ProfileTypes`,
//! `LabelNames` and `LabelValues`).

use pgoscope_fetch::pyroscope::{
    decode_names, decode_profile_types, DEFAULT_PROFILE_TYPE, LABEL_NAMES, LABEL_VALUES,
    PROFILE_TYPES, SELECT_MERGE_PROFILE,
};
use pgoscope_fetch::{go_profile_url, parse_time, GoProfileKind, PyroscopeQuery};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::page::remote::{fetch, Remote};

/// Sources to load, each with a file name.
pub type Sources = Vec<(String, Remote)>;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_load: Callback<Sources>,
}

/// The Pyroscope form's fields.
#[derive(Clone, PartialEq)]
struct PyroForm {
    base: String,
    profile_type: String,
    selector: String,
    from: String,
    to: String,
    tenant: String,
}

impl PyroForm {
    fn query(&self) -> Result<PyroscopeQuery, String> {
        let now = js_sys::Date::now() as i64;
        Ok(PyroscopeQuery {
            base: self.base.trim().to_owned(),
            profile_type: self.profile_type.clone(),
            selector: if self.selector.trim().is_empty() {
                "{}".into()
            } else {
                self.selector.trim().to_owned()
            },
            start_ms: parse_time(&self.from, now).map_err(|e| e.to_string())?,
            end_ms: parse_time(&self.to, now).map_err(|e| e.to_string())?,
            tenant: Some(self.tenant.trim().to_owned()).filter(|t| !t.is_empty()),
        })
    }
}

fn value_of(e: &Event) -> String {
    let target = e.target();
    if let Some(i) =
        target.clone().and_then(|t| wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(t).ok())
    {
        return i.value();
    }
    if let Some(s) =
        target.clone().and_then(|t| wasm_bindgen::JsCast::dyn_into::<HtmlSelectElement>(t).ok())
    {
        return s.value();
    }
    target
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<HtmlTextAreaElement>(t).ok())
        .map(|t| t.value())
        .unwrap_or_default()
}

#[function_component(SourcesPanel)]
pub fn sources_panel(props: &Props) -> Html {
    let url = use_state(String::new);
    let bases = use_state(String::new);
    let kind = use_state(|| GoProfileKind::Cpu);
    let seconds = use_state(|| 10u32);
    let form = use_state(|| PyroForm {
        base: String::new(),
        profile_type: DEFAULT_PROFILE_TYPE.into(),
        selector: "{}".into(),
        from: "now-1h".into(),
        to: "now".into(),
        tenant: String::new(),
    });
    let types = use_state(Vec::<String>::new);
    let labels = use_state(Vec::<String>::new);
    let values = use_state(|| (String::new(), Vec::<String>::new()));
    let message = use_state(|| None::<String>);

    let set = |handle: &UseStateHandle<String>| {
        let handle = handle.clone();
        Callback::from(move |e: Event| handle.set(value_of(&e)))
    };
    let set_form = |field: fn(&mut PyroForm, String)| {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut next = (*form).clone();
            field(&mut next, value_of(&e));
            form.set(next);
        })
    };
    let load_url = {
        let (url, on_load) = (url.clone(), props.on_load.clone());
        Callback::from(move |_: MouseEvent| {
            let u = url.trim().to_owned();
            if !u.is_empty() {
                let name = u.rsplit('/').next().filter(|n| !n.is_empty()).unwrap_or(&u).to_owned();
                on_load.emit(vec![(name, Remote::Get(u))]);
            }
        })
    };
    let pull = {
        let (bases, kind, seconds, on_load) =
            (bases.clone(), kind.clone(), seconds.clone(), props.on_load.clone());
        Callback::from(move |_: MouseEvent| {
            let sources: Sources = bases
                .lines()
                .map(str::trim)
                .filter(|b| !b.is_empty())
                .map(|b| {
                    let label = match *kind {
                        GoProfileKind::Cpu => format!("{b} cpu {}s", *seconds),
                        k => format!("{b} {}", k.endpoint()),
                    };
                    (label, Remote::Get(go_profile_url(b, *kind, *seconds)))
                })
                .collect();
            on_load.emit(sources);
        })
    };
    let query = {
        let (form, on_load, message) = (form.clone(), props.on_load.clone(), message.clone());
        Callback::from(move |_: MouseEvent| match form.query() {
            Ok(q) => {
                message.set(None);
                let body = q.select_merge_profile_body();
                on_load
                    .emit(vec![(q.file_name(), Remote::pyroscope(&q, SELECT_MERGE_PROFILE, body))]);
            }
            Err(e) => message.set(Some(e)),
        })
    };
    let connect = {
        let (form, types, labels, message) =
            (form.clone(), types.clone(), labels.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            let q = match form.query() {
                Ok(q) => q,
                Err(e) => return message.set(Some(e)),
            };
            let (types, labels, message) = (types.clone(), labels.clone(), message.clone());
            spawn_local(async move {
                let got =
                    fetch(&Remote::pyroscope(&q, PROFILE_TYPES, q.profile_types_body()), |_, _| {})
                        .await;
                match got.and_then(|b| {
                    decode_profile_types(&b).map_err(|e| format!("ProfileTypes reply: {e}"))
                }) {
                    Ok(t) => types.set(t.into_iter().map(|t| t.id).collect()),
                    Err(e) => return message.set(Some(e)),
                }
                let got =
                    fetch(&Remote::pyroscope(&q, LABEL_NAMES, q.label_names_body()), |_, _| {})
                        .await;
                match got
                    .and_then(|b| decode_names(&b).map_err(|e| format!("LabelNames reply: {e}")))
                {
                    Ok(names) => {
                        labels.set(names);
                        message.set(None);
                    }
                    Err(e) => message.set(Some(e)),
                }
            });
        })
    };
    let pick_label = {
        let (form, values, message) = (form.clone(), values.clone(), message.clone());
        Callback::from(move |e: Event| {
            let name = value_of(&e);
            let Ok(q) = form.query() else { return };
            let (values, message) = (values.clone(), message.clone());
            spawn_local(async move {
                let got = fetch(
                    &Remote::pyroscope(&q, LABEL_VALUES, q.label_values_body(&name)),
                    |_, _| {},
                )
                .await;
                match got
                    .and_then(|b| decode_names(&b).map_err(|e| format!("LabelValues reply: {e}")))
                {
                    Ok(v) => values.set((name, v)),
                    Err(e) => message.set(Some(e)),
                }
            });
        })
    };
    let pick_value = {
        let (form, values) = (form.clone(), values.clone());
        Callback::from(move |e: Event| {
            let value = value_of(&e);
            let mut next = (*form).clone();
            next.selector =
                pgoscope_fetch::with_labels(&next.selector, &[(values.0.as_str(), value.as_str())]);
            form.set(next);
        })
    };
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            let v = value_of(&e);
            kind.set(
                GoProfileKind::ALL
                    .into_iter()
                    .find(|k| k.endpoint() == v)
                    .unwrap_or(GoProfileKind::Cpu),
            );
        })
    };
    let on_seconds = {
        let seconds = seconds.clone();
        Callback::from(move |e: Event| {
            seconds.set(value_of(&e).parse().unwrap_or(10).clamp(1, 600))
        })
    };
    html! {
        <details class="panel sources" data-testid="sources">
            <summary><h2>{ "Open from a URL, Go services or Pyroscope" }</h2></summary>
            <div class="source">
                <h3>{ "URL" }</h3>
                <input class="wide" data-testid="url-input" placeholder="https://…/profile.pb.gz" value={(*url).clone()} onchange={set(&url)} />
                <button class="button small" data-testid="url-load" onclick={load_url}>{ "Load" }</button>
            </div>
            <div class="source">
                <h3>{ "Go services (net/http/pprof), merged" }</h3>
                <textarea data-testid="pull-bases" rows="3" placeholder="one base URL per line, e.g. http://pod-1:6060 or /pods/a"
                    value={(*bases).clone()} onchange={set(&bases)} />
                <select data-testid="pull-kind" onchange={on_kind}>
                    { for GoProfileKind::ALL.iter().map(|k| html! {
                        <option value={k.endpoint()} selected={*k == *kind}>{ k.endpoint() }</option>
                    }) }
                </select>
                if *kind == GoProfileKind::Cpu {
                    <label>{ " for " }<input type="number" min="1" max="600" class="narrow" data-testid="pull-seconds"
                        value={seconds.to_string()} onchange={on_seconds} />{ " s" }</label>
                }
                <button class="button small" data-testid="pull-button" onclick={pull}>{ "Pull" }</button>
            </div>
            <div class="source">
                <h3>{ "Grafana Pyroscope" }</h3>
                <input class="wide" data-testid="pyro-base" placeholder="server URL, e.g. http://pyroscope:4040 (or /pyroscope behind the same origin)"
                    value={form.base.clone()} onchange={set_form(|f, v| f.base = v)} />
                <button class="button secondary small" data-testid="pyro-connect" onclick={connect}>{ "Connect" }</button>
                <div class="row">
                    <select data-testid="pyro-type" onchange={set_form(|f, v| f.profile_type = v)}>
                        { for std::iter::once(form.profile_type.clone()).chain(types.iter().filter(|t| **t != form.profile_type).cloned()).map(|t| html! {
                            <option value={t.clone()} selected={t == form.profile_type}>{ t }</option>
                        }) }
                    </select>
                    <input class="wide" data-testid="pyro-selector" value={form.selector.clone()} onchange={set_form(|f, v| f.selector = v)} />
                    if !labels.is_empty() {
                        <select data-testid="pyro-label" onchange={pick_label}>
                            <option value="">{ "label…" }</option>
                            { for labels.iter().map(|l| html! { <option value={l.clone()}>{ l }</option> }) }
                        </select>
                    }
                    if !values.1.is_empty() {
                        <select data-testid="pyro-value" onchange={pick_value}>
                            <option value="">{ format!("{}=…", values.0) }</option>
                            { for values.1.iter().map(|v| html! { <option value={v.clone()}>{ v }</option> }) }
                        </select>
                    }
                </div>
                <div class="row">
                    <label>{ "from " }<input class="narrow" data-testid="pyro-from" value={form.from.clone()} onchange={set_form(|f, v| f.from = v)} /></label>
                    <label>{ " to " }<input class="narrow" data-testid="pyro-to" value={form.to.clone()} onchange={set_form(|f, v| f.to = v)} /></label>
                    <label>{ " tenant " }<input class="narrow" data-testid="pyro-tenant" value={form.tenant.clone()} onchange={set_form(|f, v| f.tenant = v)} /></label>
                    <button class="button small" data-testid="pyro-query" onclick={query}>{ "Query" }</button>
                </div>
            </div>
            if let Some(m) = &*message {
                <p class="error" data-testid="sources-error">{ m }</p>
            }
        </details>
    }
}
