//! Widgets shared by every feature.

pub mod charge_dialog;
pub mod combobox;
pub mod dialog;
pub mod field;
pub mod pickers;
pub mod session_panel;

use leptos::prelude::{GetValue, StoredValue, UpdateValue};
use std::future::Future;
use std::pin::Pin;

/// Runs `f` now and again whenever a signal it reads changes. This is
/// `Effect::new` with the closure boxed: the effect machinery is then
/// compiled once for the whole app instead of once per call site, about
/// 2.5 KB of wasm each (docs/decisions.md, Size). Use it instead of
/// `Effect::new`.
pub fn effect(f: impl Fn() + 'static) {
    let f: Box<dyn Fn()> = Box::new(f);
    leptos::prelude::Effect::new(move |_| f());
}

/// `leptos::task::spawn_local` with the future boxed, for the same reason.
pub fn spawn(task: impl Future<Output = ()> + 'static) {
    let task: Pin<Box<dyn Future<Output = ()>>> = Box::pin(task);
    leptos::task::spawn_local(task);
}

/// Bumps a ticket: the answers of look-ups started before it are dropped.
pub fn bump(ticket: StoredValue<u32>) {
    ticket.update_value(|t| *t = t.wrapping_add(1));
}

/// Sends a look-up (a picker's search, a role check, "already in use?")
/// and hands its answer to `then`, unless the ticket was bumped meanwhile:
/// a newer question was asked, so this answer is stale.
pub fn look_up<T: crate::api::json::FromJson + 'static>(
    api: crate::api::client::Api,
    request: crate::api::ApiRequest,
    ticket: StoredValue<u32>,
    then: impl FnOnce(Result<T, crate::api::ApiError>) + 'static,
) {
    let mine = ticket.get_value();
    spawn(async move {
        let answer = api
            .call(request)
            .await
            .and_then(|s| crate::api::dimensions::data_as::<T>(&s));
        // `try_`: the page may be gone (navigated away), and the ticket
        // with it; then the answer is dropped too.
        if ticket.try_get_value() == Some(mine) {
            then(answer);
        }
    });
}

/// Runs `f` after `ms` milliseconds.
pub fn later(ms: i32, f: impl FnOnce() + 'static) {
    use wasm_bindgen::JsCast;
    let f = wasm_bindgen::closure::Closure::once_into_js(f);
    let _ = leptos::prelude::window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(f.unchecked_ref(), ms);
}

/// Moves keyboard focus to the element with this DOM id, if there is one.
pub fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = leptos::prelude::document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
