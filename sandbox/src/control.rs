//! Test-only control endpoints under `/__sandbox/` (no auth; the console never
//! calls them).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::api::json_response;
use crate::state::{AppState, Fault, FaultSpec};

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
            let customer = data
                .users
                .iter()
                .find(|u| u.id == a.user_id)
                .map(|u| u.customer_id.clone());
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
            v
        })
        .collect();
    json_response(
        StatusCode::OK,
        &json!({"assignments": assignments, "pbxs": pbxs}),
    )
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
