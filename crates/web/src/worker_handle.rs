//! The page's handle on the Web Worker: one bridge, replaceable when the worker dies (a panic or
//! running out of memory kills its wasm instance), so the page can restart it and reload its files.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::worker::{Spawnable, WorkerBridge};

use crate::protocol::{Request, Response};
use crate::worker::ProfileWorker;

/// The worker's loader script, copied next to index.html (see www/worker-loader.js).
const WORKER_LOADER: &str = "./worker-loader.js";

/// Name of the BroadcastChannel on which the worker's loader reports that the worker died.
pub const CRASH_CHANNEL: &str = "pgoscope-worker";

type OnResponse = Rc<dyn Fn(Response)>;

pub struct WorkerHandle {
    bridge: RefCell<WorkerBridge<ProfileWorker>>,
    on_response: OnResponse,
}

impl WorkerHandle {
    pub fn spawn(on_response: impl Fn(Response) + 'static) -> WorkerHandle {
        let on_response: OnResponse = Rc::new(on_response);
        WorkerHandle { bridge: RefCell::new(spawn(&on_response)), on_response }
    }

    pub fn send(&self, request: Request) {
        self.bridge.borrow().send(request);
    }

    /// Replaces the worker by a fresh one (the old one is terminated when its bridge drops).
    pub fn restart(&self) {
        *self.bridge.borrow_mut() = spawn(&self.on_response);
    }
}

fn spawn(on_response: &OnResponse) -> WorkerBridge<ProfileWorker> {
    let on_response = on_response.clone();
    ProfileWorker::spawner()
        .callback(move |response: Response| on_response(response))
        .spawn_with_loader(WORKER_LOADER)
}
