//! The Grafana Pyroscope source: a query form, with pickers filled from the server.

use pgoscope_fetch::pyroscope::{
    decode_names, decode_profile_types, DEFAULT_PROFILE_TYPE, LABEL_NAMES, LABEL_VALUES,
    PROFILE_TYPES, SELECT_MERGE_PROFILE,
};
use pgoscope_fetch::{parse_time, PyroscopeQuery};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{value_of, Props};
use crate::page::remote::{fetch, Remote};

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

impl Default for PyroForm {
    fn default() -> Self {
        PyroForm {
            base: String::new(),
            profile_type: DEFAULT_PROFILE_TYPE.into(),
            selector: "{}".into(),
            from: "now-1h".into(),
            to: "now".into(),
            tenant: String::new(),
        }
    }
}

impl PyroForm {
    fn query(&self) -> Result<PyroscopeQuery, String> {
        let now = js_sys::Date::now() as i64;
        let selector = self.selector.trim();
        Ok(PyroscopeQuery {
            base: self.base.trim().to_owned(),
            profile_type: self.profile_type.clone(),
            selector: if selector.is_empty() { "{}".into() } else { selector.to_owned() },
            start_ms: parse_time(&self.from, now).map_err(|e| e.to_string())?,
            end_ms: parse_time(&self.to, now).map_err(|e| e.to_string())?,
            tenant: Some(self.tenant.trim().to_owned()).filter(|t| !t.is_empty()),
        })
    }
}

/// The answer of the server's Connect API `method` to `body`.
async fn call(q: &PyroscopeQuery, method: &str, body: Vec<u8>) -> Result<Vec<u8>, String> {
    fetch(&Remote::pyroscope(q, method, body), |_, _| {}).await
}

/// The profile types the server has (`ProfileTypes`), by id.
async fn profile_types(q: &PyroscopeQuery) -> Result<Vec<String>, String> {
    let bytes = call(q, PROFILE_TYPES, q.profile_types_body()).await?;
    let types = decode_profile_types(&bytes).map_err(|e| format!("ProfileTypes reply: {e}"))?;
    Ok(types.into_iter().map(|t| t.id).collect())
}

/// The label names of the query's series (`LabelNames`).
async fn label_names(q: &PyroscopeQuery) -> Result<Vec<String>, String> {
    let bytes = call(q, LABEL_NAMES, q.label_names_body()).await?;
    decode_names(&bytes).map_err(|e| format!("LabelNames reply: {e}"))
}

/// The values of label `name` (`LabelValues`).
async fn label_values(q: &PyroscopeQuery, name: &str) -> Result<Vec<String>, String> {
    let bytes = call(q, LABEL_VALUES, q.label_values_body(name)).await?;
    decode_names(&bytes).map_err(|e| format!("LabelValues reply: {e}"))
}

#[function_component(Pyroscope)]
pub fn pyroscope(props: &Props) -> Html {
    let form = use_state(PyroForm::default);
    let types = use_state(Vec::<String>::new);
    let labels = use_state(Vec::<String>::new);
    let values = use_state(|| (String::new(), Vec::<String>::new()));
    let message = use_state(|| None::<String>);
    let set_form = |field: fn(&mut PyroForm, String)| {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut next = (*form).clone();
            field(&mut next, value_of(&e));
            form.set(next);
        })
    };
    let query = {
        let (form, on_load, message) = (form.clone(), props.on_load.clone(), message.clone());
        Callback::from(move |_: MouseEvent| match form.query() {
            Ok(q) => {
                message.set(None);
                let remote =
                    Remote::pyroscope(&q, SELECT_MERGE_PROFILE, q.select_merge_profile_body());
                on_load.emit(vec![(q.file_name(), remote)]);
            }
            Err(e) => message.set(Some(e)),
        })
    };
    let connect = on_connect(&form, &types, &labels, &message);
    let pick_label = on_pick_label(&form, &values, &message);
    let pick_value = {
        let (form, values) = (form.clone(), values.clone());
        Callback::from(move |e: Event| {
            let value = value_of(&e);
            let mut next = (*form).clone();
            let label = [(values.0.as_str(), value.as_str())];
            next.selector = pgoscope_fetch::with_labels(&next.selector, &label);
            form.set(next);
        })
    };
    html! {
        <div class="source">
            <h3>{ "Grafana Pyroscope" }</h3>
            <input class="wide" data-testid="pyro-base" placeholder="server URL, e.g. http://pyroscope:4040 (or /pyroscope behind the same origin)"
                value={form.base.clone()} onchange={set_form(|f, v| f.base = v)} />
            <button class="button secondary small" data-testid="pyro-connect" onclick={connect}>{ "Connect" }</button>
            <div class="row">
                { type_picker(&form.profile_type, &types, set_form(|f, v| f.profile_type = v)) }
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
            if let Some(m) = &*message {
                <p class="error" data-testid="sources-error">{ m }</p>
            }
        </div>
    }
}

/// The profile type picker: the type chosen first, then the others the server has.
fn type_picker(chosen: &str, types: &[String], on_change: Callback<Event>) -> Html {
    let others = types.iter().filter(|t| *t != chosen).cloned();
    html! {
        <select data-testid="pyro-type" onchange={on_change}>
            { for std::iter::once(chosen.to_owned()).chain(others).map(|t| html! {
                <option value={t.clone()} selected={t == chosen}>{ t }</option>
            }) }
        </select>
    }
}

type Names = UseStateHandle<Vec<String>>;
type Message = UseStateHandle<Option<String>>;

/// Connect: fills the type and label pickers from the server, or says why it could not.
fn on_connect(
    form: &UseStateHandle<PyroForm>,
    types: &Names,
    labels: &Names,
    message: &Message,
) -> Callback<MouseEvent> {
    let (form, types, labels, message) =
        (form.clone(), types.clone(), labels.clone(), message.clone());
    Callback::from(move |_: MouseEvent| {
        let q = match form.query() {
            Ok(q) => q,
            Err(e) => return message.set(Some(e)),
        };
        let (types, labels, message) = (types.clone(), labels.clone(), message.clone());
        spawn_local(async move {
            let found =
                async { Ok::<_, String>((profile_types(&q).await?, label_names(&q).await?)) };
            match found.await {
                Ok((t, names)) => {
                    types.set(t);
                    labels.set(names);
                    message.set(None);
                }
                Err(e) => message.set(Some(e)),
            }
        });
    })
}

/// A label picked: fills the value picker with its values.
fn on_pick_label(
    form: &UseStateHandle<PyroForm>,
    values: &UseStateHandle<(String, Vec<String>)>,
    message: &Message,
) -> Callback<Event> {
    let (form, values, message) = (form.clone(), values.clone(), message.clone());
    Callback::from(move |e: Event| {
        let name = value_of(&e);
        let Ok(q) = form.query() else { return };
        let (values, message) = (values.clone(), message.clone());
        spawn_local(async move {
            match label_values(&q, &name).await {
                Ok(v) => values.set((name, v)),
                Err(e) => message.set(Some(e)),
            }
        });
    })
}
