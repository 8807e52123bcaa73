use yew::prelude::*;

use crate::page::url_state::{self, HashState};

/// Keeps the URL hash in step with `state`, written a moment after the last change (see
/// [`url_state::write_later`]).
#[hook]
pub fn use_url_hash(state: HashState) {
    use_effect_with(state, |state| {
        let pending = url_state::write_later(state);
        move || drop(pending)
    });
}
