use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::protocol::{ExportRequest, ViewRequest};

/// Locations kept per sample in default.pgo unless the user picks another number (what
/// `go tool preprofile` needs: the leaf and its caller, and a few more for context).
const DEFAULT_KEEP_LOCATIONS: usize = 5;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub request: ViewRequest,
    pub on_export: Callback<ExportRequest>,
}

/// default.pgo (with its options), its preprofile text, and the merged profile.
#[function_component(Downloads)]
pub fn downloads(props: &Props) -> Html {
    let keep_locations = use_state(|| DEFAULT_KEEP_LOCATIONS);
    let aggregate = use_state(|| true);
    let export = |make: fn(ViewRequest, usize, bool) -> ExportRequest| {
        let (on_export, request, keep, agg) =
            (props.on_export.clone(), props.request.clone(), *keep_locations, *aggregate);
        Callback::from(move |_: MouseEvent| on_export.emit(make(request.clone(), keep, agg)))
    };
    let on_keep = {
        let keep_locations = keep_locations.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            keep_locations.set(value.parse::<usize>().unwrap_or(DEFAULT_KEEP_LOCATIONS).max(2));
        })
    };
    let on_aggregate = {
        let aggregate = aggregate.clone();
        Callback::from(move |_: Event| aggregate.set(!*aggregate))
    };
    html! {
        <div class="downloads">
            <label>{ "keep locations " }
                <input type="number" min="2" value={keep_locations.to_string()} onchange={on_keep} />
            </label>
            <label><input type="checkbox" checked={*aggregate} onchange={on_aggregate} />{ " aggregate callees" }</label>
            <button class="button" data-testid="pgo-download"
                onclick={export(|view, keep_locations, aggregate_callees| ExportRequest::DefaultPgo { view, keep_locations, aggregate_callees })}>
                { "Download default.pgo" }
            </button>
            <button class="button secondary" data-testid="preprofile-download"
                onclick={export(|view, _, _| ExportRequest::Preprofile { view })}>{ "preprofile text" }</button>
            <button class="button secondary" data-testid="merged-download"
                onclick={export(|view, _, _| ExportRequest::Merged { view })}>{ "Export merged .pb.gz" }</button>
        </div>
    }
}
