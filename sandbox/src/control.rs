//! Test-only control endpoints under `/__sandbox/` (no auth; the console never
//! calls them). They are the tests' alone: every one but `health` needs the
//! [`CONTROL_HEADER`], every one that changes something a JSON content type,
//! and they get no CORS headers (`api_router` in lib.rs leaves them outside
//! the API's CORS layer). So a page in a browser cannot reach them: a custom
//! header makes any cross-origin request one that needs a preflight, which
//! fails without CORS, and a no-cors `text/plain` POST is refused.

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::api::json_response;
use crate::state::{AppState, Fault, FaultSpec};
use crate::telecomx::world::{TokenCheck, World, MAX_TOKEN_SECONDS};

/// The header (with the value `1`) every control request but
/// `GET /__sandbox/health` must carry.
pub const CONTROL_HEADER: &str = "x-sandbox-control";

/// The control routes, behind [`guard`].
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/__sandbox/health", get(|| async { "ok" }))
        .route(
            "/__sandbox/fault",
            post(add_fault).get(list_faults).delete(clear_faults),
        )
        .route(
            "/__sandbox/requests",
            get(list_requests).delete(clear_requests),
        )
        .route("/__sandbox/reset", post(reset))
        .route("/__sandbox/state", get(state))
        .route("/__sandbox/tokens", post(tokens))
        .route("/__sandbox/telecomx", post(telecomx))
        .route("/__sandbox/bulk", post(bulk))
        .layer(axum::middleware::from_fn(guard))
}

/// Refuses a control request without the [`CONTROL_HEADER`] (`403`) or, for
/// anything but GET and HEAD, without `Content-Type: application/json`
/// (`415`). `GET /__sandbox/health` is open: start-up scripts poll it.
pub async fn guard(req: Request, next: Next) -> Response {
    if req.uri().path() == "/__sandbox/health" {
        return next.run(req).await;
    }
    let headers = req.headers();
    if headers.get(CONTROL_HEADER).map(|v| v.as_bytes()) != Some(b"1") {
        return json_response(
            StatusCode::FORBIDDEN,
            &json!({"status": "error", "message": format!(
                "control routes need the header `{CONTROL_HEADER}: 1` (sandbox/README.md)"
            )}),
        );
    }
    if req.method() != Method::GET && req.method() != Method::HEAD && !is_json(headers) {
        return json_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            &json!({"status": "error", "message":
                "control requests that change something need `Content-Type: application/json`"}),
        );
    }
    next.run(req).await
}

/// `application/json`, with or without parameters (`; charset=utf-8`).
fn is_json(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
}

fn ok(extra: Value) -> Response {
    let mut body = json!({"status": "ok"});
    if let (Some(b), Value::Object(extra)) = (body.as_object_mut(), extra) {
        b.extend(extra);
    }
    json_response(StatusCode::OK, &body)
}

fn bad_request(message: String) -> Response {
    json_response(
        StatusCode::BAD_REQUEST,
        &json!({"status": "error", "message": message}),
    )
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    serde_json::from_slice(body).map_err(|e| format!("bad control request: {e}"))
}

async fn add_fault(State(st): State<AppState>, body: Bytes) -> Response {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        &body
    };
    let spec: FaultSpec = match parse(body) {
        Ok(s) => s,
        Err(e) => return bad_request(e),
    };
    if let Some(status) = spec.status {
        if !(200..=599).contains(&status) {
            return bad_request(format!("status {status} must be within 200..=599"));
        }
    }
    if let Some(ct) = &spec.content_type {
        if axum::http::HeaderValue::from_str(ct).is_err() {
            return bad_request(format!("contentType {ct:?} is not a valid header value"));
        }
    }
    let mut inner = st.lock();
    inner.faults.push(Fault { spec, used: 0 });
    let queued = inner.faults.len();
    drop(inner);
    (StatusCode::CREATED, ok(json!({"queued": queued}))).into_response()
}

async fn list_faults(State(st): State<AppState>) -> Response {
    let faults = serde_json::to_value(&st.lock().faults).unwrap_or_default();
    json_response(StatusCode::OK, &faults)
}

async fn clear_faults(State(st): State<AppState>) -> Response {
    st.lock().faults.clear();
    ok(json!({}))
}

async fn list_requests(State(st): State<AppState>) -> Response {
    let requests = serde_json::to_value(&st.lock().requests).unwrap_or_default();
    json_response(StatusCode::OK, &requests)
}

async fn clear_requests(State(st): State<AppState>) -> Response {
    st.lock().requests.clear();
    ok(json!({}))
}

async fn reset(State(st): State<AppState>) -> Response {
    st.reset();
    ok(json!({}))
}

async fn state(State(st): State<AppState>) -> Response {
    let inner = st.lock();
    let data = &inner.data;
    let assignments: Vec<Value> = data
        .assignments
        .values()
        .map(|a| {
            let customer = data.user(&a.user_id).map(|u| u.customer_id.clone());
            json!({
                "deviceId": a.device_id,
                "userId": a.user_id,
                "customerId": customer,
                "clientType": a.client_type,
            })
        })
        .collect();
    let pbxs: Vec<Value> = data
        .pbxs
        .iter()
        .map(|p| {
            let country = data
                .customer(&p.tenant_id)
                .map_or("", |c| c.country_code.as_str());
            let mut v = p.to_json(country);
            v["collectorRestarts"] = p.collector_restarts.into();
            // The PBX's secrets stay out of the dump: the API's own GET shows
            // them to whoever holds the token, the dump to anyone who asks.
            if let Some(o) = v.as_object_mut() {
                for secret in PBX_SECRETS {
                    o.remove(*secret);
                }
            }
            v
        })
        .collect();
    json_response(
        StatusCode::OK,
        &json!({
            "assignments": assignments,
            "pbxs": pbxs,
            "telecomx": telecomx_state(&data.telecomx),
        }),
    )
}

/// Profile fields left out of `GET /__sandbox/state`.
pub const PBX_SECRETS: &[&str] = &["apiKey", "password"];

/// `telecomx` in `GET /__sandbox/state`: the token lifetime, the tokens
/// (whose, not their values) and every mobile config.
fn telecomx_state(world: &World) -> Value {
    let mut tokens: Vec<(String, bool, bool)> = world
        .tokens
        .keys()
        .map(|t| {
            let token = &world.tokens[t];
            (
                token.employee.clone(),
                world.check_token(t) == TokenCheck::Expired,
                token.expires.is_none(),
            )
        })
        .collect();
    tokens.sort();
    let tokens: Vec<Value> = tokens
        .into_iter()
        .map(|(employee, expired, persist)| {
            json!({"employee": employee, "expired": expired, "persist": persist})
        })
        .collect();
    json!({
        "tokenSeconds": world.token_seconds,
        "tokens": tokens,
        "mobileConfigs": world.configs.values().collect::<Vec<_>>(),
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct TelecomxChange {
    #[serde(default)]
    token_seconds: Option<u64>,
    #[serde(default)]
    expire_tokens: Option<bool>,
}

/// `{"tokenSeconds": N}` (lifetime of tokens issued from now on) and/or
/// `{"expireTokens": true}` (every current token is expired at once).
async fn telecomx(State(st): State<AppState>, body: Bytes) -> Response {
    let change: TelecomxChange = match parse(&body) {
        Ok(c) => c,
        Err(e) => return bad_request(e),
    };
    if change.token_seconds.is_none() && change.expire_tokens.is_none() {
        return bad_request(
            "expected {\"tokenSeconds\": N} and/or {\"expireTokens\": true}".into(),
        );
    }
    if let Some(secs) = change.token_seconds {
        if !(1..=MAX_TOKEN_SECONDS).contains(&secs) {
            return bad_request(format!(
                "tokenSeconds must be within 1..={MAX_TOKEN_SECONDS}"
            ));
        }
    }
    let mut inner = st.lock();
    let world = &mut inner.data.telecomx;
    if let Some(secs) = change.token_seconds {
        world.token_seconds = secs;
    }
    if change.expire_tokens == Some(true) {
        world.expire_all();
    }
    ok(json!({"tokenSeconds": world.token_seconds, "tokenCount": world.tokens.len()}))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenChange {
    #[serde(default)]
    add: Option<String>,
    #[serde(default)]
    revoke: Option<String>,
}

async fn tokens(State(st): State<AppState>, body: Bytes) -> Response {
    let change: TokenChange = match parse(&body) {
        Ok(c) => c,
        Err(e) => return bad_request(e),
    };
    if change.add.is_none() && change.revoke.is_none() {
        return bad_request("expected {\"add\": \"<token>\"} or {\"revoke\": \"<token>\"}".into());
    }
    let mut inner = st.lock();
    let tokens = &mut inner.data.tokens;
    if let Some(t) = change.revoke {
        tokens.retain(|x| *x != t);
    }
    if let Some(t) = change.add {
        if t.trim().is_empty() || t.contains(char::is_whitespace) {
            return bad_request("a token must be non-empty and without spaces".into());
        }
        if !tokens.contains(&t) {
            tokens.push(t);
        }
    }
    let count = tokens.len();
    ok(json!({"tokenCount": count}))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct BulkSize {
    users: u32,
}

/// `{"users": N}`: the bulk test customer has N users (1..=100000), each
/// with a device, none assigned, until the next reset.
async fn bulk(State(st): State<AppState>, body: Bytes) -> Response {
    let size: BulkSize = match parse(&body) {
        Ok(s) => s,
        Err(e) => return bad_request(e),
    };
    match st.resize_bulk(size.users) {
        Ok(()) => ok(json!({"users": size.users})),
        Err(e) => bad_request(e),
    }
}
