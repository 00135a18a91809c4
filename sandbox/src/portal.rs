//! The third listener: a fake customer portal that embeds the console in an
//! iframe (docs/embedding.md), on its own origin. Its "backend" knows the
//! demo tenant and token, and can mint a fresh token when the console asks
//! for one after a 401, as a real portal would renew its session.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use crate::state::AppState;

/// Written in the console's `--config-json` file; replaced by the portal's
/// origin (e.g. in `embedAllowedOrigins`).
pub const PORTAL_PLACEHOLDER: &str = "__SANDBOX_PORTAL__";

const INDEX: &str = include_str!("../portal/index.html");
const SCRIPT: &str = include_str!("../portal/portal.js");
const STYLE: &str = include_str!("../portal/portal.css");

struct Portal {
    state: AppState,
    /// Where the console is served: `http://127.0.0.1:PORT/`.
    console: String,
    minted: AtomicU32,
}

pub fn router(state: AppState, console_origin: String) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/portal.js", get(|| file(SCRIPT, "text/javascript")))
        .route("/portal.css", get(|| file(STYLE, "text/css")))
        .route("/portal/session", get(session))
        .route("/portal/token", post(token))
        .with_state(Arc::new(Portal {
            state,
            console: format!("{console_origin}/"),
            minted: AtomicU32::new(0),
        }))
}

async fn file(body: &'static str, kind: &'static str) -> Response {
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static(kind)),
            (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}

async fn index() -> Response {
    let mut resp = file(INDEX, "text/html; charset=utf-8").await;
    resp.headers_mut().insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("script-src 'self'; object-src 'none'; base-uri 'none'"),
    );
    resp
}

/// What the portal's own backend knows about the signed-in reseller: the
/// customer it is looking at and a token for the API.
async fn session(State(p): State<Arc<Portal>>) -> Response {
    let demo = crate::Demo::from_state(&p.state);
    Json(json!({
        "console": p.console,
        "tenant": demo.tenant.map(|(id, _)| id),
        "token": demo.token,
    }))
    .into_response()
}

/// A fresh token, accepted by the API from now on.
async fn token(State(p): State<Arc<Portal>>) -> Response {
    let n = p.minted.fetch_add(1, Ordering::Relaxed) + 1;
    let random = crate::pbx::random_u64s(1).next().unwrap_or_default();
    let token = format!("portal-{n}-{random:016x}");
    p.state.lock().data.tokens.push(token.clone());
    Json(json!({ "token": token })).into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_page_loads_its_script_and_style_from_files() {
        // The page's CSP allows no inline script.
        assert!(super::INDEX.contains(r#"<script src="/portal.js""#));
        assert!(!super::INDEX.contains("<script>"));
        assert!(super::INDEX.contains(r#"href="/portal.css""#));
    }
}
