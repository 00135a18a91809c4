//! Widgets shared by every feature.

pub mod charge_dialog;
pub mod combobox;
pub mod curl;
pub mod dialog;
pub mod field;
pub mod guard;
pub mod lang;
pub mod pickers;
pub mod session_panel;

use crate::api::scope::Scope;
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

/// The app's one `T`, made by `make` the first time a page asks for it, on
/// the app's root owner and as a context there: state that outlives a visit
/// to another page (the Telecom X login, a bulk run), made by the page's
/// chunk rather than at start-up.
pub fn app_state<T: Clone + Send + Sync + 'static>(make: impl FnOnce() -> T) -> T {
    use leptos::prelude::{provide_context, use_context, Owner};
    if let Some(t) = use_context::<T>() {
        return t;
    }
    let Some(mut root) = Owner::current() else {
        return make();
    };
    while let Some(parent) = root.parent() {
        root = parent;
    }
    root.with(|| {
        let t = make();
        provide_context(t.clone());
        t
    })
}

/// Sends a look-up (a picker's search, a role check, "already in use?")
/// for `scope`, superseding its earlier look-ups (they are aborted), and
/// hands its answer to `then`, unless the scope asks again or is gone
/// meanwhile: then this answer is stale, and dropped.
pub fn look_up<T: serde::de::DeserializeOwned + 'static>(
    api: crate::api::client::Api,
    scope: Scope,
    request: crate::api::ApiRequest,
    then: impl FnOnce(Result<T, crate::api::ApiError>) + 'static,
) {
    let want = scope.renew();
    spawn(async move {
        if let Some(answer) = api.read(want, request).await {
            then(answer.and_then(|s| crate::api::dimensions::data_as::<T>(&s)));
        }
    });
}

/// Runs `f` after `ms` milliseconds unless `scope` asks again (or is gone)
/// meanwhile: a search sent once typing pauses.
pub fn debounce(scope: Scope, ms: i32, f: impl FnOnce() + 'static) {
    let want = scope.renew();
    later(ms, move || {
        if want.is_current() {
            f();
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

/// Hands `blob` to the browser as a download named `name`, through an
/// object URL revoked once the browser has taken the file (the download
/// holds the Blob from the click on; 30 s leaves a slow machine room).
pub fn download(name: &str, blob: gloo_file::Blob) {
    use wasm_bindgen::JsCast;
    let url = gloo_file::ObjectUrl::from(blob);
    if let Some(a) = leptos::prelude::document()
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    later(30_000, move || drop(url));
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

/// A page that lives in a wasm chunk of its own (docs/decisions.md, Size),
/// as app.rs shows it: a status line until the chunk is loaded (`load`, the
/// split point's preload), then the page (`page`, the split point); a chunk
/// that failed to load (network) says so, and opening the page again tries
/// again. `loaded` remembers a loaded chunk, so later visits show the page
/// at once.
pub fn chunk_page<L, P>(
    loaded: &'static std::sync::atomic::AtomicBool,
    load: fn() -> L,
    page: fn() -> P,
) -> leptos::prelude::AnyView
where
    L: Future<Output = Result<(), wasm_split_helpers::SplitLoaderError>> + 'static,
    P: Future<Output = Result<leptos::prelude::AnyView, wasm_split_helpers::SplitLoaderError>>
        + 'static,
{
    use leptos::prelude::*;
    use std::sync::atomic::Ordering;
    // 0 loading, 1 loaded, 2 failed: a plain number, as a signal of a type
    // of its own costs wasm in the main module.
    let state = RwSignal::new(u32::from(loaded.load(Ordering::Relaxed)));
    if state.get_untracked() == 0 {
        spawn(async move {
            let ok = load().await.is_ok();
            loaded.store(ok, Ordering::Relaxed);
            // The page may be gone (navigated away) and the signal with it.
            let _ = state.try_set(if ok { 1 } else { 2 });
        });
    }
    let failed = || {
        view! {
            <p class="message error" role="alert">
                {crate::i18n::tr("This page could not be loaded. Check the connection, then open it again.")}
            </p>
        }
        .into_any()
    };
    (move || match state.get() {
        0 => view! { <p class="boot" role="status">{crate::i18n::tr("Loading\u{2026}")}</p> }
            .into_any(),
        // Loaded: the split point runs at once, here, under this view's
        // owner (its future is ready on the first poll).
        1 => match ready(page()) {
            Some(Ok(view)) => view,
            _ => failed(),
        },
        _ => failed(),
    })
    .into_any()
}

/// `chunk_page!(bulk_page, bulk, BulkPage)` makes `pub fn bulk_page()`, the
/// page `BulkPage` as app.rs shows it (`chunk_page`), and its split point:
/// the component and all that only it uses become the wasm chunk `bulk`.
#[macro_export]
macro_rules! chunk_page {
    ($name:ident, $chunk:ident, $component:ident) => {
        pub fn $name() -> leptos::prelude::AnyView {
            static LOADED: std::sync::atomic::AtomicBool =
                std::sync::atomic::AtomicBool::new(false);
            $crate::ui::chunk_page(&LOADED, load_page, page)
        }

        /// The split point: called (through `load_page` first) from the
        /// main module, it lives in the chunk.
        #[wasm_split_helpers::wasm_split($chunk, preload(load_page), fallible)]
        fn page() -> Result<leptos::prelude::AnyView, wasm_split_helpers::SplitLoaderError> {
            use leptos::prelude::IntoAny;
            Ok(leptos::prelude::view! { <$component /> }.into_any())
        }
    };
}

/// Polls `f` once: its value if it is ready.
fn ready<T>(f: impl Future<Output = T>) -> Option<T> {
    use std::task::{Context, Poll, Waker};
    match std::pin::pin!(f).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => Some(v),
        Poll::Pending => None,
    }
}
