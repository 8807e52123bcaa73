//! Batching of loading actions, so that many files loading at once render a few times a second.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use yew::UseReducerDispatcher;

use crate::page::state::{Action, FilesAction, State};

/// Progress of many files is shown at most this often: each change renders the page, and with 50
/// files at once those renders took a core's worth of time from the workers.
const PROGRESS_BATCH_MS: u32 = 100;

/// Loading actions waiting for the next batch, and how many files are still unfinished. One per
/// page (made by `hooks::use_loader`); clones share it.
#[derive(Clone)]
pub struct Batcher {
    dispatcher: UseReducerDispatcher<State>,
    pending: Rc<RefCell<Vec<Action>>>,
    /// Files started and not yet finished (a hint: if it is off, a view comes a batch's delay
    /// later, or the page renders once more).
    unfinished: Rc<Cell<usize>>,
}

impl Batcher {
    pub fn new(dispatcher: UseReducerDispatcher<State>) -> Self {
        Batcher { dispatcher, pending: Rc::default(), unfinished: Rc::default() }
    }

    pub fn dispatcher(&self) -> &UseReducerDispatcher<State> {
        &self.dispatcher
    }

    /// A file started loading.
    pub fn started(&self) {
        self.unfinished.set(self.unfinished.get() + 1);
    }

    /// The files being loaded are forgotten (a dead worker's files are started again).
    pub fn forget_unfinished(&self) {
        self.unfinished.set(0);
    }

    /// Dispatches a loading action (progress, a file's outcome) with the others of the next
    /// [`PROGRESS_BATCH_MS`], in order, as one state change. The outcome of the last file being
    /// loaded goes at once (with the batch): the view waits for it.
    pub fn batched(&self, action: Action) {
        let last = matches!(action, Action::Files(FilesAction::Finished(_))) && {
            self.unfinished.set(self.unfinished.get().saturating_sub(1));
            self.unfinished.get() == 0
        };
        let first = {
            let mut pending = self.pending.borrow_mut();
            pending.push(action);
            pending.len() == 1
        };
        if last {
            self.flush();
        } else if first {
            let this = self.clone();
            gloo::timers::callback::Timeout::new(PROGRESS_BATCH_MS, move || this.flush()).forget();
        }
    }

    /// Dispatches the batched actions, if any.
    fn flush(&self) {
        let actions = std::mem::take(&mut *self.pending.borrow_mut());
        if !actions.is_empty() {
            self.dispatcher.dispatch(Action::Many(actions));
        }
    }
}
