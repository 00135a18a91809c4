//! Shared mutable state: the world (from the seed, Telecom X included), the
//! fault queue and the request log.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::http::{HeaderMap, Method, Uri};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::seed::{Data, Seed};

#[derive(Clone)]
pub struct AppState {
    shared: Arc<Shared>,
}

struct Shared {
    seed: Seed,
    extra_tokens: Vec<String>,
    /// The API listener's origin, e.g. `http://127.0.0.1:8787`; used for the
    /// `Location` header when a request carries no `Host`.
    api_origin: String,
    log_requests: bool,
    /// Bumped by every reset.
    epoch: AtomicU64,
    inner: Mutex<Inner>,
}

pub struct Inner {
    pub data: Data,
    pub faults: Vec<Fault>,
    pub requests: Vec<LoggedRequest>,
}

/// A queued fault, as posted to `POST /__sandbox/fault`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultSpec {
    /// Substring of `path` (or of `path?query`) the request must contain.
    #[serde(rename = "match", default, skip_serializing_if = "Option::is_none")]
    pub path_match: Option<String>,
    /// HTTP method the request must have (case-insensitive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(default)]
    pub delay_ms: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Raw body text; a non-string JSON value is sent serialised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(default)]
    pub drop: bool,
    /// How many requests it applies to; 0 = until cleared.
    #[serde(default = "one")]
    pub times: u32,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fault {
    #[serde(flatten)]
    pub spec: FaultSpec,
    /// Requests it has been applied to so far.
    pub used: u32,
}

/// One `/api` or `/telecomx` request as the tests see it. Never holds a
/// token, nor a Telecom X password (its value is replaced by `"<redacted>"`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoggedRequest {
    /// `"dimensions"` (`/api`) or `"telecomx"` (`/telecomx`).
    pub api: &'static str,
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub accept_charges: Option<String>,
    pub has_authorization: bool,
    pub body: Option<Value>,
}

/// What replaces a password in the request log.
pub const REDACTED: &str = "<redacted>";

impl LoggedRequest {
    pub fn new(method: &Method, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Self {
        let telecomx = crate::telecomx::is_telecomx(uri.path());
        let mut body: Option<Value> = serde_json::from_slice(body).ok();
        if telecomx {
            if let Some(Value::Object(obj)) = &mut body {
                if let Some(password) = obj.get_mut("password") {
                    *password = Value::String(REDACTED.into());
                }
            }
        }
        LoggedRequest {
            api: if telecomx { "telecomx" } else { "dimensions" },
            method: method.as_str().to_owned(),
            path: uri.path().to_owned(),
            query: uri.query().map(str::to_owned),
            accept_charges: headers
                .get("accept-charges")
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
            has_authorization: headers.contains_key(axum::http::header::AUTHORIZATION),
            body,
        }
    }
}

impl AppState {
    pub fn new(
        seed: Seed,
        extra_tokens: Vec<String>,
        api_origin: String,
        log_requests: bool,
    ) -> Self {
        let data = seed.to_data(&extra_tokens);
        AppState {
            shared: Arc::new(Shared {
                seed,
                extra_tokens,
                api_origin,
                log_requests,
                epoch: AtomicU64::new(0),
                inner: Mutex::new(Inner {
                    data,
                    faults: Vec::new(),
                    requests: Vec::new(),
                }),
            }),
        }
    }

    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave the data half-changed in
        // a way that matters for a test double; keep serving.
        self.shared.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn api_origin(&self) -> &str {
        &self.shared.api_origin
    }

    pub fn log_requests(&self) -> bool {
        self.shared.log_requests
    }

    /// Back to the seed: data, tokens (plus `--token`s), no faults, empty log.
    pub fn reset(&self) {
        let data = self.shared.seed.to_data(&self.shared.extra_tokens);
        let mut inner = self.lock();
        inner.data = data;
        inner.faults.clear();
        inner.requests.clear();
        self.shared.epoch.fetch_add(1, Ordering::SeqCst);
    }

    /// Makes the bulk test customer one of `users` users (each with a
    /// device, none assigned) until the next reset, which brings back the
    /// seed's size.
    pub fn resize_bulk(&self, users: u32) -> Result<(), String> {
        let Some(bulk) = &self.shared.seed.bulk_customer else {
            return Err("the seed has no bulkCustomer section".into());
        };
        self.lock().data.resize_bulk(bulk, users)
    }

    /// Changes with every reset.
    pub fn epoch(&self) -> u64 {
        self.shared.epoch.load(Ordering::SeqCst)
    }

    /// Whether `Authorization: Bearer <token>` names an accepted token.
    pub fn authorized(&self, headers: &HeaderMap) -> bool {
        let Some(value) = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
        else {
            return false;
        };
        let Some((scheme, token)) = value.trim().split_once(' ') else {
            return false;
        };
        let token = token.trim();
        scheme.eq_ignore_ascii_case("bearer")
            && !token.is_empty()
            && self.lock().data.tokens.iter().any(|t| t == token)
    }
}

impl Inner {
    /// The first queued fault matching this request, consuming one use.
    pub fn take_fault(&mut self, method: &Method, uri: &Uri) -> Option<FaultSpec> {
        let target = match uri.query() {
            Some(q) => format!("{}?{}", uri.path(), q),
            None => uri.path().to_owned(),
        };
        let index = self.faults.iter().position(|f| {
            f.spec
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method.as_str()))
                && f.spec
                    .path_match
                    .as_deref()
                    .is_none_or(|m| target.contains(m))
        })?;
        let fault = &mut self.faults[index];
        fault.used += 1;
        let spec = fault.spec.clone();
        if spec.times != 0 && fault.used >= spec.times {
            self.faults.remove(index);
        }
        Some(spec)
    }
}
