//! The network and the clock, behind a small trait: the browser's is
//! `api::web` (gloo-net), the native tests' a scripted fake. The request
//! lifecycle (`api::client`, `api::tx`) only ever sends through
//! [`exchange`], which adds the timeout.

use super::error::ApiError;
use super::request::ApiRequest;
use futures::future::{select, Either};
use std::future::Future;
use std::pin::Pin;

/// A boxed future: the trait stays object-safe, and one copy of each
/// policy is compiled, not one per transport.
pub type Boxed<T> = Pin<Box<dyn Future<Output = T>>>;

/// An answer of larger size than this is refused unread.
pub const MAX_BODY_BYTES: usize = 5 * 1024 * 1024;

/// What came back, before it is given a meaning by `error::decode`.
#[derive(Clone, Debug, PartialEq)]
pub struct RawResponse {
    pub status: u16,
    pub body: String,
    pub location: Option<String>,
}

pub trait Transport {
    /// Sends `request` with `Authorization: Bearer {token}` (none without
    /// a token: a login). Network failures are `ApiError::Network`, a body
    /// over [`MAX_BODY_BYTES`] `ApiError::TooLarge`. Dropping the future
    /// aborts the request.
    fn send(
        &self,
        request: &ApiRequest,
        token: Option<&str>,
    ) -> Boxed<Result<RawResponse, ApiError>>;

    /// Resolves after `ms` milliseconds.
    fn sleep(&self, ms: u32) -> Boxed<()>;

    /// Runs `task` to its end in the background.
    fn spawn(&self, task: Boxed<()>);

    /// The time now, in milliseconds since the epoch.
    fn now_ms(&self) -> f64;
}

/// Sends `request` and gives up after `timeout_seconds`
/// (`ApiError::Timeout`; the request is aborted).
pub async fn exchange(
    transport: &dyn Transport,
    request: &ApiRequest,
    token: Option<&str>,
    timeout_seconds: u32,
) -> Result<RawResponse, ApiError> {
    let answer = transport.send(request, token);
    let timer = transport.sleep(timeout_seconds.saturating_mul(1000));
    match select(answer, timer).await {
        Either::Left((answer, _)) => answer,
        Either::Right(_) => Err(ApiError::Timeout {
            seconds: timeout_seconds,
        }),
    }
}

/// Races `work` against `stop`: `None` if `stop` came first (and `work`
/// was dropped, which aborts a request).
pub async fn unless<T>(work: impl Future<Output = T>, stop: impl Future<Output = ()>) -> Option<T> {
    match select(std::pin::pin!(work), std::pin::pin!(stop)).await {
        Either::Left((v, _)) => Some(v),
        Either::Right(_) => None,
    }
}
