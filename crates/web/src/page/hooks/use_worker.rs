//! The worker, started once per page, and what its answers do.

use yew::prelude::*;

use crate::page::loading::{Batcher, Loader};
use crate::page::state::{Action, State};
use crate::page::worker_handle::{WorkerHandle, CRASH_CHANNEL, WARM_UP_AT_START_MS};
use crate::protocol::Response;

/// Starts the worker (warmed up shortly after the page opens) and listens for its loader
/// reporting that it died; returns the page's [`Loader`], which holds it.
#[hook]
pub fn use_worker(dispatcher: UseReducerDispatcher<State>) -> Loader {
    let loader = {
        let dispatcher = dispatcher.clone();
        use_memo((), move |_| {
            let batch = Batcher::new(dispatcher);
            let answers = batch.clone();
            let worker = WorkerHandle::spawn(move |response| answer(&answers, response));
            Loader::new(std::rc::Rc::new(worker), batch)
        })
    };
    {
        let worker = loader.worker().clone();
        use_effect_with((), move |_| worker.warm_up_later(WARM_UP_AT_START_MS));
    }
    use_crash_reports(dispatcher);
    (*loader).clone()
}

/// What an answer of the worker does: its side effects here (a file to save, a timing mark), then
/// its state change; a file's outcome goes with the batch of loading progress.
fn answer(batch: &Batcher, response: Response) {
    match &response {
        Response::File { name, mime, bytes } => crate::page::download::save(name, mime, bytes),
        Response::View(_) => crate::page::marks::view_ready(),
        _ => {}
    }
    match response {
        Response::Loaded(_) => batch.batched(Action::from(response)),
        _ => batch.dispatcher().dispatch(Action::from(response)),
    }
}

/// Listens for the worker's loader reporting that the worker died (see www/worker-loader.js).
#[hook]
fn use_crash_reports(dispatcher: UseReducerDispatcher<State>) {
    use_effect_with((), move |_| {
        let channel = web_sys::BroadcastChannel::new(CRASH_CHANNEL).ok();
        let listener = channel.as_ref().map(|c| {
            gloo::events::EventListener::new(c, "message", move |e| {
                let message = wasm_bindgen::JsCast::dyn_ref::<web_sys::MessageEvent>(e)
                    .and_then(|m| m.data().as_string())
                    .unwrap_or_else(|| "unknown error".into());
                dispatcher.dispatch(Action::WorkerFailed(message));
            })
        });
        move || {
            drop(listener);
            if let Some(c) = channel {
                c.close();
            }
        }
    });
}
