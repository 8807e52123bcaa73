use yew::prelude::*;

use super::{keep_value, Props};
use crate::page::remote::Remote;

/// Any URL of a profile.
#[function_component(UrlSource)]
pub fn url_source(props: &Props) -> Html {
    let url = use_state(String::new);
    let load = {
        let (url, on_load) = (url.clone(), props.on_load.clone());
        Callback::from(move |_: MouseEvent| {
            let u = url.trim().to_owned();
            if !u.is_empty() {
                let name = u.rsplit('/').next().filter(|n| !n.is_empty()).unwrap_or(&u).to_owned();
                on_load.emit(vec![(name, Remote::Get(u))]);
            }
        })
    };
    html! {
        <div class="source">
            <h3>{ "URL" }</h3>
            <input class="wide" data-testid="url-input" placeholder="https://…/profile.pb.gz" value={(*url).clone()} onchange={keep_value(&url)} />
            <button class="button small" data-testid="url-load" onclick={load}>{ "Load" }</button>
        </div>
    }
}
