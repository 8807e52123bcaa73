use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WorkerFailedProps {
    pub error: String,
    pub on_retry: Callback<MouseEvent>,
}

/// The worker died: why, and Retry (the files stay listed).
#[function_component(WorkerFailed)]
pub fn worker_failed(props: &WorkerFailedProps) -> Html {
    html! {
        <div class="worker-failed error" data-testid="worker-failed">
            { format!("The analysis worker stopped ({}). Your files are still listed; \
                retry to restart it and load them again.", props.error) }
            <button class="button small" data-testid="worker-retry" onclick={props.on_retry.clone()}>{ "Retry" }</button>
        </div>
    }
}
