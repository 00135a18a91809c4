//! The second listener: the built console as a static site, with SPA fallback
//! and a `/config.json` pointing the console at this sandbox.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// The literal in `--config-json FILE` replaced by the API server's origin.
pub const API_PLACEHOLDER: &str = "__SANDBOX_API__";

struct Site {
    dir: PathBuf,
    config_json: Option<PathBuf>,
    api_origin: String,
}

pub fn router(dir: PathBuf, config_json: Option<PathBuf>, api_origin: String) -> Router {
    Router::new().fallback(handler).with_state(Arc::new(Site {
        dir,
        config_json,
        api_origin,
    }))
}

fn no_cache(mut resp: Response) -> Response {
    resp.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
}

async fn handler(State(site): State<Arc<Site>>, req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed").into_response();
    }
    let path = req.uri().path().to_owned();
    if path == "/config.json" {
        if let Some(file) = &site.config_json {
            return no_cache(config_json(file, &site.api_origin).await);
        }
    }
    if path == "/" || path == "/index.html" {
        return index(&site.dir).await;
    }
    let resp = match ServeDir::new(&site.dir).oneshot(req).await {
        Ok(resp) => resp.map(Body::new),
        Err(never) => match never {},
    };
    let last_segment = path.rsplit('/').next().unwrap_or_default();
    if resp.status() == StatusCode::NOT_FOUND && !last_segment.contains('.') {
        // A client-side route, e.g. /assign/softphone: the app handles it.
        return index(&site.dir).await;
    }
    if path.ends_with('/') || path.ends_with("/index.html") || path.ends_with("/config.json") {
        no_cache(resp)
    } else {
        resp
    }
}

async fn index(dir: &Path) -> Response {
    match tokio::fs::read(dir.join("index.html")).await {
        Ok(bytes) => no_cache(
            (
                [(
                    CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                )],
                bytes,
            )
                .into_response(),
        ),
        Err(e) => (
            StatusCode::NOT_FOUND,
            format!("index.html not found in {}: {e}", dir.display()),
        )
            .into_response(),
    }
}

async fn config_json(file: &Path, api_origin: &str) -> Response {
    // Read on every request, so that editing the file needs no restart.
    match tokio::fs::read_to_string(file).await {
        Ok(text) => (
            [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
            text.replace(API_PLACEHOLDER, api_origin),
        )
            .into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot read {}: {e}", file.display()),
        )
            .into_response(),
    }
}
