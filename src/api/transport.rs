//! The one place that sends an HTTP request (`fetch`), with a timeout and
//! an abort handle. It knows nothing about what the answer means.

use super::error::ApiError;
use super::request::ApiRequest;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

#[wasm_bindgen]
extern "C" {
    // The global `fetch`, not `Window::fetch_with_request`: one binding less.
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_request(request: &web_sys::Request) -> js_sys::Promise;
}

/// Sends `request` and waits for the answer's status and headers. Rejects
/// (with the `DOMException`) on a network failure or an abort.
pub(crate) async fn fetch(request: &web_sys::Request) -> Result<web_sys::Response, JsValue> {
    Ok(JsFuture::from(fetch_request(request))
        .await?
        .unchecked_into())
}

/// GETs `url` (relative to the page) now, for a file the app reads at
/// start: the request is on its way before the returned future is polled.
pub(crate) fn start_get(url: &str) -> Result<JsFuture, JsValue> {
    let request = web_sys::Request::new_with_str(url)?;
    Ok(JsFuture::from(fetch_request(&request)))
}

/// Reads the body of `response` as text.
pub(crate) async fn text(response: &web_sys::Response) -> Result<String, JsValue> {
    Ok(JsFuture::from(response.text()?)
        .await?
        .as_string()
        .unwrap_or_default())
}

/// What came back, before it is given a meaning by `error::decode`.
pub struct RawResponse {
    pub status: u16,
    pub body: String,
    pub location: Option<String>,
}

/// Sends `request` with `Authorization: Bearer {token}` (none if `token` is
/// empty). Gives up after
/// `timeout_seconds` (`ApiError::Timeout`); `abort`, if given, cancels it
/// (`ApiError::Aborted`).
pub async fn send(
    request: &ApiRequest,
    token: &str,
    timeout_seconds: u32,
    abort: Option<AbortController>,
) -> Result<RawResponse, ApiError> {
    let controller = match abort {
        Some(c) => c,
        None => AbortController::new().map_err(|_| ApiError::Network)?,
    };
    let timed_out = Rc::new(Cell::new(false));
    let _timer = Timer::start(timeout_seconds, {
        let controller = controller.clone();
        let timed_out = timed_out.clone();
        move || {
            timed_out.set(true);
            controller.abort();
        }
    });
    let failed = |e: JsValue| {
        let aborted = e
            .dyn_ref::<js_sys::Error>()
            .is_some_and(|e| e.name() == "AbortError");
        if !aborted {
            ApiError::Network
        } else if timed_out.get() {
            ApiError::Timeout {
                seconds: timeout_seconds,
            }
        } else {
            ApiError::Aborted
        }
    };

    // The URL goes out exactly as `dimensions.rs` built it.
    let built = build(request, token, &controller).map_err(|_| ApiError::Network)?;
    let response = fetch(&built).await.map_err(failed)?;
    let status = response.status();
    let location = response.headers().get("location").ok().flatten();
    let body = text(&response).await.map_err(failed)?;
    Ok(RawResponse {
        status,
        body,
        location,
    })
}

fn build(
    request: &ApiRequest,
    token: &str,
    controller: &AbortController,
) -> Result<web_sys::Request, JsValue> {
    let headers = web_sys::Headers::new()?;
    // No token (a login): no `Authorization` header at all.
    if !token.is_empty() {
        headers.set("Authorization", &format!("Bearer {token}"))?;
    }
    for (name, value) in &request.headers {
        headers.set(name, value)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_signal(Some(&controller.signal()));
    if let Some(body) = &request.body {
        headers.set("Content-Type", "application/json")?;
        init.set_body(&JsValue::from_str(&body.to_string()));
    }
    init.set_headers(&headers);
    web_sys::Request::new_with_str_and_init(&request.url, &init)
}

/// A `setTimeout` that is cleared when dropped.
struct Timer {
    id: i32,
    _closure: Closure<dyn FnMut()>,
}

impl Timer {
    fn start(seconds: u32, f: impl FnOnce() + 'static) -> Option<Timer> {
        let mut f = Some(f);
        let closure = Closure::<dyn FnMut()>::new(move || {
            if let Some(f) = f.take() {
                f()
            }
        });
        let id = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                closure.as_ref().unchecked_ref(),
                (seconds.saturating_mul(1000)).min(i32::MAX as u32) as i32,
            )
            .ok()?;
        Some(Timer {
            id,
            _closure: closure,
        })
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(self.id);
        }
    }
}
