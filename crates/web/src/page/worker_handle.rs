//! The page's handle on the Web Worker: one bridge, replaceable when the worker dies (a panic or
//! running out of memory kills its wasm instance), so the page can restart it and reload its files.
//!
//! A drop of many files is shared with helper workers ([`Helper`], more instances of the same
//! worker) when the machine has cores to spare: each decodes and merges its share, and the main
//! worker adopts the merge instead of decoding those files itself. Helpers are started ahead of
//! time ([`WorkerHandle::warm_up`]): a worker takes a few hundred milliseconds to start, as long
//! as it takes to decode several files.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::worker::{Spawnable, WorkerBridge};

use crate::codec::AttachingCodec;
use crate::protocol::{FileId, Payload, Request, Response};
use crate::worker::ProfileWorker;

/// The worker's loader script, copied next to index.html (see www/worker-loader.js).
const WORKER_LOADER: &str = "./worker-loader.js";

/// Name of the BroadcastChannel on which the worker's loader reports that the worker died.
pub const CRASH_CHANNEL: &str = "pgoscope-worker";

/// Fewer files than this are decoded by the main worker alone.
const MIN_FILES_TO_SHARE: usize = 4;

/// At most this many helpers for one drop.
const MAX_HELPERS: usize = 3;

/// Helpers are started this long after the page opens, and after a drop ends, not to slow the
/// page's start or the drop's view.
pub const WARM_UP_AT_START_MS: u32 = 500;
const WARM_UP_AFTER_DROP_MS: u32 = 2_000;

type OnResponse = Rc<dyn Fn(Response)>;

pub struct WorkerHandle {
    bridge: RefCell<WorkerBridge<ProfileWorker>>,
    on_response: OnResponse,
    /// Helpers still working on a share of a drop.
    helpers: RefCell<Vec<Rc<Helper>>>,
    /// Started helpers waiting for a drop.
    spares: RefCell<Vec<Rc<Helper>>>,
}

impl WorkerHandle {
    pub fn spawn(on_response: impl Fn(Response) + 'static) -> WorkerHandle {
        let on_response: OnResponse = Rc::new(on_response);
        WorkerHandle {
            bridge: RefCell::new(spawn(on_response.clone())),
            on_response,
            helpers: RefCell::default(),
            spares: RefCell::default(),
        }
    }

    /// How many helpers this machine runs beside the main worker: one per spare core, at most
    /// [`MAX_HELPERS`].
    fn helper_count() -> usize {
        let cores = web_sys::window().map_or(1, |w| w.navigator().hardware_concurrency() as usize);
        cores.saturating_sub(1).min(MAX_HELPERS)
    }

    /// [`WorkerHandle::warm_up`] after `delay_ms`, once the work at hand is done.
    pub fn warm_up_later(self: &Rc<Self>, delay_ms: u32) {
        let me = Rc::downgrade(self);
        gloo::timers::callback::Timeout::new(delay_ms, move || {
            if let Some(me) = me.upgrade() {
                me.warm_up();
            }
        })
        .forget();
    }

    /// Starts the helpers a drop can use, unless they are running already.
    pub fn warm_up(self: &Rc<Self>) {
        let missing = Self::helper_count().saturating_sub(self.spares.borrow().len());
        let new: Vec<Rc<Helper>> = (0..missing).map(|_| self.helper()).collect();
        self.spares.borrow_mut().extend(new);
    }

    pub fn send(&self, request: Request) {
        self.bridge.borrow().send(request);
    }

    /// Replaces the worker by a fresh one (the old one is terminated when its bridge drops), and
    /// stops the helpers.
    pub fn restart(&self) {
        self.helpers.borrow_mut().clear();
        self.spares.borrow_mut().clear();
        *self.bridge.borrow_mut() = spawn(self.on_response.clone());
    }

    /// Where each of `files` files of a drop goes: `None` for the main worker, else a helper. The
    /// main worker also keeps the helpers' files and adopts their merges, so it takes one file
    /// fewer than an even share (spread over the drop: every worker starts on the first files).
    pub fn share(self: &Rc<Self>, files: usize) -> Vec<Option<Rc<Helper>>> {
        let count =
            if files < MIN_FILES_TO_SHARE { 0 } else { Self::helper_count().min(files / 2) };
        if count == 0 {
            return vec![None; files];
        }
        let helpers: Vec<Rc<Helper>> = (0..count)
            .map(|_| self.spares.borrow_mut().pop().unwrap_or_else(|| self.helper()))
            .collect();
        let routes: Vec<Option<Rc<Helper>>> =
            spread(files, count).into_iter().map(|k| k.map(|k| helpers[k].clone())).collect();
        for helper in &helpers {
            let share = routes.iter().flatten().filter(|h| Rc::ptr_eq(h, helper)).count();
            helper.waiting.set(share);
        }
        self.helpers.borrow_mut().extend(helpers);
        crate::page::marks::shared_with(count);
        routes
    }

    /// A new helper; its merge goes to whichever main worker runs when it is done.
    fn helper(self: &Rc<Self>) -> Rc<Helper> {
        let main = Rc::downgrade(self);
        Rc::new_cyclic(|me: &std::rc::Weak<Helper>| {
            let me = me.clone();
            let on_response: OnResponse = Rc::new(move |response| {
                let (Response::PartMerged(part), Some(main)) = (response, main.upgrade()) else {
                    return;
                };
                main.send(Request::Adopt(*part));
                main.warm_up_later(WARM_UP_AFTER_DROP_MS);
                // Dropped (and terminated) after this callback returns, not inside it.
                let me = me.clone();
                yew::platform::spawn_local(async move {
                    if let Some(me) = me.upgrade() {
                        main.helpers.borrow_mut().retain(|h| !Rc::ptr_eq(h, &me));
                    }
                });
            });
            Helper { bridge: spawn(on_response), waiting: Cell::new(0) }
        })
    }
}

/// A helper worker for one share of a drop; terminated when the last handle on it drops.
pub struct Helper {
    bridge: WorkerBridge<ProfileWorker>,
    /// Files of its share not yet read (or failed).
    waiting: Cell<usize>,
}

impl Helper {
    /// Sends a file to the helper, and to the main worker to keep.
    pub fn send_file(&self, main: &WorkerHandle, file_id: FileId, name: String, payload: Payload) {
        main.send(Request::Keep { file_id, payload: payload.clone() });
        self.bridge.send(Request::MergePart { file_id, name, payload });
        self.one_done();
    }

    /// A file of its share could not be read.
    pub fn skip_file(&self) {
        self.one_done();
    }

    fn one_done(&self) {
        let waiting = self.waiting.get().saturating_sub(1);
        self.waiting.set(waiting);
        if waiting == 0 {
            self.bridge.send(Request::FinishPart);
        }
    }
}

/// For each of `files` files, `None` (the main worker) or the helper (`0..helpers`) it goes to: the
/// main worker's files, one fewer than an even share, are spread evenly over the drop, and the
/// helpers take the others in turn.
fn spread(files: usize, helpers: usize) -> Vec<Option<usize>> {
    let main_files = files.div_ceil(helpers + 1).saturating_sub(1).max(1);
    let mut next_helper = (0..helpers).cycle();
    (0..files)
        .map(|i| {
            let main = (i + 1) * main_files / files > i * main_files / files;
            if main {
                None
            } else {
                next_helper.next()
            }
        })
        .collect()
}

fn spawn(on_response: OnResponse) -> WorkerBridge<ProfileWorker> {
    ProfileWorker::spawner()
        .encoding::<AttachingCodec>()
        .callback(move |response: Response| on_response(response))
        .spawn_with_loader(WORKER_LOADER)
}

#[cfg(test)]
mod tests {
    use super::spread;

    fn shares(files: usize, helpers: usize) -> Vec<usize> {
        let routes = spread(files, helpers);
        let main = routes.iter().filter(|r| r.is_none()).count();
        let helper = |k| routes.iter().filter(|r| **r == Some(k)).count();
        std::iter::once(main).chain((0..helpers).map(helper)).collect()
    }

    #[test]
    fn the_main_worker_takes_one_file_fewer_than_an_even_share() {
        assert_eq!(shares(50, 1), vec![24, 26]);
        assert_eq!(shares(50, 3), vec![12, 13, 13, 12]);
        assert_eq!(shares(4, 1), vec![1, 3]);
        assert_eq!(shares(4, 2), vec![1, 2, 1]);
    }

    #[test]
    fn every_worker_starts_on_the_first_files() {
        let routes = spread(50, 1);
        assert!(routes[..3].contains(&None) && routes[..3].contains(&Some(0)), "{routes:?}");
    }
}
