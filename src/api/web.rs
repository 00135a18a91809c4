//! The browser's transport: requests sent with gloo-net (`fetch`), aborted
//! when the future is dropped (a timeout, a superseded look-up, a page
//! left), bodies read up to `MAX_BODY_BYTES`; the clock is gloo-timers.
//! It knows nothing about what an answer means.

use super::error::ApiError;
use super::request::{ApiRequest, Method};
use super::transport::{exchange, Boxed, RawResponse, Transport, MAX_BODY_BYTES};
use gloo_net::http::{Request, Response};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

#[derive(Clone, Copy, Default)]
pub struct Web;

/// Aborts the request when dropped (harmless once it is answered).
struct AbortOnDrop(AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The request as `fetch` takes it, its URL exactly as `dimensions.rs`
/// and `telecomx.rs` built it. Built here rather than with gloo-net's
/// `RequestBuilder`, which rebuilds the URL and adds a `&` to an existing
/// query string (gloo-net 0.6.0, rustwasm/gloo#498); gloo-net sends it.
fn build(
    request: &ApiRequest,
    token: Option<&str>,
    signal: Option<&web_sys::AbortSignal>,
) -> Option<Request> {
    let headers = web_sys::Headers::new().ok()?;
    // No token (a login): no `Authorization` header at all.
    if let Some(token) = token {
        headers
            .set("Authorization", &format!("Bearer {token}"))
            .ok()?;
    }
    for (name, value) in &request.headers {
        headers.set(name, value).ok()?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_signal(signal);
    if let Some(body) = &request.body {
        headers.set("Content-Type", "application/json").ok()?;
        init.set_body(&body.to_string().into());
    }
    init.set_headers(&headers);
    web_sys::Request::new_with_str_and_init(&request.url, &init)
        .ok()
        .map(Request::from)
}

impl Transport for Web {
    fn send(
        &self,
        request: &ApiRequest,
        token: Option<&str>,
    ) -> Boxed<Result<RawResponse, ApiError>> {
        let controller = AbortController::new().ok();
        let built = build(
            request,
            token,
            controller.as_ref().map(|c| c.signal()).as_ref(),
        );
        Box::pin(async move {
            let _abort = controller.map(AbortOnDrop);
            let response = built
                .ok_or(ApiError::Network)?
                .send()
                .await
                .map_err(|_| ApiError::Network)?;
            let status = response.status();
            let location = response.headers().get("location");
            let body = read_capped(&response).await?;
            Ok(RawResponse {
                status,
                body,
                location,
            })
        })
    }

    fn sleep(&self, ms: u32) -> Boxed<()> {
        Box::pin(gloo_timers::future::TimeoutFuture::new(ms))
    }

    fn spawn(&self, task: Boxed<()>) {
        wasm_bindgen_futures::spawn_local(task);
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }
}

/// The body as text, refused (`TooLarge`) past `MAX_BODY_BYTES`: a
/// `Content-Length` over it is not read at all, and a longer stream is
/// cancelled as soon as it passes the limit.
async fn read_capped(response: &Response) -> Result<String, ApiError> {
    let declared = response
        .headers()
        .get("content-length")
        .and_then(|l| l.trim().parse::<usize>().ok());
    if declared.is_some_and(|l| l > MAX_BODY_BYTES) {
        return Err(ApiError::TooLarge);
    }
    let Some(stream) = response.body() else {
        return Ok(String::new());
    };
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut bytes: Vec<u8> = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|_| ApiError::Network)?;
        let done = js_sys::Reflect::get(&chunk, &"done".into()).is_ok_and(|d| d.is_truthy());
        if done {
            break;
        }
        let value: js_sys::Uint8Array = js_sys::Reflect::get(&chunk, &"value".into())
            .map_err(|_| ApiError::Network)?
            .unchecked_into();
        let at = bytes.len();
        let n = value.length() as usize;
        if at + n > MAX_BODY_BYTES {
            let _ = reader.cancel();
            return Err(ApiError::TooLarge);
        }
        bytes.resize(at + n, 0);
        value.copy_to(&mut bytes[at..]);
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// GETs a file of the console's own (`config.json`, a translation table)
/// with the request timeout: its status and text.
pub async fn get_file(url: &str, timeout_seconds: u32) -> Result<(u16, String), ApiError> {
    let raw = exchange(
        &Web,
        &ApiRequest::new(Method::Get, url.to_string()),
        None,
        timeout_seconds,
    )
    .await?;
    Ok((raw.status, raw.body))
}
