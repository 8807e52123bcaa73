//! Binary check: drop a Go executable (ELF, Mach-O or PE) and see what `go version -m` would show,
//! with `-pgo=` (or its absence) highlighted. The file is read in the worker, never uploaded.

use std::rc::Rc;

use pgoscope_pgo::BuildInfo;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::protocol::BinaryResult;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub result: Option<Rc<BinaryResult>>,
    pub on_binary: Callback<web_sys::File>,
}

#[function_component(BinaryCheck)]
pub fn binary_check(props: &Props) -> Html {
    let onchange = {
        let on_binary = props.on_binary.clone();
        Callback::from(move |e: Event| {
            let Some(input) =
                e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            if let Some(file) = input.files().and_then(|l| l.get(0)) {
                on_binary.emit(file);
            }
            input.set_value("");
        })
    };
    html! {
        <section class="panel binary-panel">
            <div class="panel-head">
                <h2>{ "Binary check: was it built with PGO?" }</h2>
                <label class="button secondary small">
                    { "Choose a Go binary" }
                    <input type="file" data-testid="binary-input" {onchange} />
                </label>
            </div>
            { match props.result.as_deref() {
                None => html! { <p class="meta">{ "Reads the build information Go embeds in every binary (what go version -m shows)." }</p> },
                Some((name, Err(e))) => html! { <p class="error" data-testid="binary-error">{ format!("{name}: {e}") }</p> },
                Some((name, Ok(info))) => info_view(name, info),
            } }
        </section>
    }
}

fn info_view(name: &str, info: &BuildInfo) -> Html {
    let pgo = info.setting("-pgo").filter(|p| !p.is_empty() && *p != "off");
    html! {
        <div class="binary-info">
            <p>
                <strong>{ name }</strong>{ format!(": {} · {}", info.go_version, info.path) }
            </p>
            <p class={classes!("pgo-flag", if pgo.is_some() { "on" } else { "off" })} data-testid="binary-pgo">
                { match pgo {
                    Some(profile) => format!("built with -pgo={profile}"),
                    None => "built without PGO (no -pgo setting)".to_owned(),
                } }
            </p>
            <table class="types">
                <tbody>
                    { for info.settings.iter().map(|(k, v)| html! {
                        <tr class={classes!((k == "-pgo").then_some("highlight"))}>
                            <td class="fn">{ k }</td><td class="fn">{ v }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if !info.deps.is_empty() {
                <p class="meta">{ format!("{} dependencies", info.deps.len()) }</p>
            }
        </div>
    }
}
