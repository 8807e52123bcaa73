use yew::prelude::*;

/// A callback created once per component: children see the same callback on every render, so
/// their props compare equal and they skip re-rendering.
#[hook]
pub fn use_stable<T: 'static>(make: impl FnOnce() -> Callback<T>) -> Callback<T> {
    (*use_memo((), move |_| make())).clone()
}
