//! The second listener: the built console as a static site, with SPA fallback
//! and a `/config.json` pointing the console at this sandbox.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, VARY,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// The literal in `--config-json FILE` replaced by the API server's origin.
pub const API_PLACEHOLDER: &str = "__SANDBOX_API__";

struct Site {
    dir: PathBuf,
    config_json: Option<PathBuf>,
    api_origin: String,
    portal_origin: Option<String>,
}

pub fn router(
    dir: PathBuf,
    config_json: Option<PathBuf>,
    api_origin: String,
    portal_origin: Option<String>,
) -> Router {
    Router::new().fallback(handler).with_state(Arc::new(Site {
        dir,
        config_json,
        api_origin,
        portal_origin,
    }))
}

impl Site {
    /// The config file's text with the placeholders filled in.
    fn fill(&self, text: &str) -> String {
        let text = text.replace(API_PLACEHOLDER, &self.api_origin);
        match &self.portal_origin {
            Some(o) => text.replace(crate::portal::PORTAL_PLACEHOLDER, o),
            None => text,
        }
    }
}

fn no_cache(mut resp: Response) -> Response {
    resp.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
}

/// Every response of this listener, the page, assets, `config.json`, 404s
/// and 405s alike, carries the hardened headers of docs/deploy.md: the
/// policy, `nosniff` and `no-referrer`. (HSTS is production's, over TLS.)
async fn handler(State(site): State<Arc<Site>>, req: Request) -> Response {
    let mut resp = respond(&site, req).await;
    let policy = content_security_policy(served_config(&site).await.as_deref());
    let headers = resp.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&policy) {
        headers.insert(CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    resp
}

async fn respond(site: &Site, req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed").into_response();
    }
    let path = req.uri().path().to_owned();
    if path == "/config.json" {
        if let Some(file) = &site.config_json {
            return no_cache(config_json(file, site).await);
        }
    }
    let last_segment = path.rsplit('/').next().unwrap_or_default().to_owned();
    if path == "/" || path == "/index.html" {
        return index(site, req).await;
    }
    // The release build writes `.br` and `.gz` beside each asset
    // (scripts/compress.mjs); serve them to browsers that accept them, with
    // `Content-Encoding` and `Vary: Accept-Encoding`, as docs/deploy.md asks
    // of production.
    let (parts, body) = req.into_parts();
    let resp = serve(
        ServeDir::new(&site.dir)
            .precompressed_br()
            .precompressed_gzip(),
        Request::from_parts(parts.clone(), body),
    )
    .await;
    if resp.status() == StatusCode::NOT_FOUND && !last_segment.contains('.') {
        // A client-side route, e.g. /assign/softphone: the app handles it.
        return index(site, Request::from_parts(parts, Body::empty())).await;
    }
    if is_hashed_asset(&last_segment) && resp.status().is_success() {
        let mut resp = resp;
        resp.headers_mut().insert(
            CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
        resp
    } else {
        no_cache(resp)
    }
}

async fn serve<S>(service: S, req: Request) -> Response
where
    S: tower::Service<Request, Error = std::convert::Infallible>,
    S::Response: IntoResponse,
{
    let mut resp = match service.oneshot(req).await {
        Ok(resp) => resp.into_response(),
        Err(never) => match never {},
    };
    // The body depends on Accept-Encoding: caches must key on it.
    resp.headers_mut()
        .insert(VARY, HeaderValue::from_static("accept-encoding"));
    resp
}

/// Trunk's content-hashed names (`switchboard-0123456789abcdef_bg.wasm`,
/// `main-0123456789abcdef.css`): the name changes with the content, so they
/// may be cached for a year. Everything else must be revalidated. The hash
/// is a 64-bit number in hex without leading zeros, so it is 16 digits or,
/// now and then, fewer (15 was seen); 8 to 16 are accepted.
pub fn is_hashed_asset(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    if !matches!(ext, "wasm" | "js" | "css") {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((base, hash)) => {
            !base.is_empty()
                && (8..=16).contains(&hash.len())
                && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        }
        None => false,
    }
}

async fn index(site: &Site, req: Request) -> Response {
    let dir = &site.dir;
    let file = dir.join("index.html");
    if !file.is_file() {
        return (
            StatusCode::NOT_FOUND,
            format!("index.html not found in {}", dir.display()),
        )
            .into_response();
    }
    let mut req = req;
    *req.uri_mut() = axum::http::Uri::from_static("/index.html");
    no_cache(
        serve(
            ServeFile::new(file).precompressed_br().precompressed_gzip(),
            req,
        )
        .await,
    )
}

/// The console's config.json as this listener serves it.
async fn served_config(site: &Site) -> Option<String> {
    match &site.config_json {
        Some(file) => tokio::fs::read_to_string(file)
            .await
            .ok()
            .map(|t| site.fill(&t)),
        None => tokio::fs::read_to_string(site.dir.join("config.json"))
            .await
            .ok(),
    }
}

/// The console page's Content-Security-Policy (docs/deploy.md): scripts only
/// from this origin (no inline script: the build moves Trunk's start-up
/// script into a file) plus `wasm-unsafe-eval` to compile the wasm; requests
/// only to this origin and the two API origins of `config`; framing only by
/// the `embedAllowedOrigins` of `config`, and by no one when there are none;
/// `<base href>` only to this origin (index.html names the deployment's base
/// path with it); and no form may submit anywhere (`form-action 'none'`:
/// the console's forms are handled by the wasm, a native submit would put
/// the fields in the address bar).
pub fn content_security_policy(config: Option<&str>) -> String {
    let json: Option<serde_json::Value> = config.and_then(|t| serde_json::from_str(t).ok());
    let field = |key: &str| json.as_ref().and_then(|j| j.get(key));
    let mut connect = vec!["'self'".to_string()];
    for key in ["dimensionsApiBase", "telecomxApiBase"] {
        if let Some(o) = field(key).and_then(|v| v.as_str()).and_then(origin_of) {
            if !connect.contains(&o) {
                connect.push(o);
            }
        }
    }
    let ancestors: Vec<String> = field("embedAllowedOrigins")
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|o| o.as_str().and_then(origin_of))
                .collect()
        })
        .unwrap_or_default();
    let ancestors = if ancestors.is_empty() {
        "'none'".to_string()
    } else {
        ancestors.join(" ")
    };
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src {}; frame-ancestors {ancestors}; \
         base-uri 'self'; object-src 'none'; form-action 'none'",
        connect.join(" ")
    )
}

/// `scheme://host[:port]` of an http(s) URL; `None` for anything that could
/// not stand in a policy as an origin.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let host = rest.split('/').next()?;
    let fine = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    fine.then(|| format!("{scheme}://{host}"))
}

async fn config_json(file: &Path, site: &Site) -> Response {
    // Read on every request, so that editing the file needs no restart.
    match tokio::fs::read_to_string(file).await {
        Ok(text) => (
            [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
            site.fill(&text),
        )
            .into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot read {}: {e}", file.display()),
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn hashed_asset_names() {
        for name in [
            "switchboard-0123456789abcdef_bg.wasm",
            "switchboard-0123456789abcdef.js",
            "main-fedcba9876543210.css",
            "switchboard-5c86e6374e7fb1c_bg.wasm",
        ] {
            assert!(is_hashed_asset(name), "{name}");
        }
        for name in [
            "index.html",
            "config.json",
            "switchboard_bg.wasm",
            "main-0123.css",
            "main-0123456789abcdef0.css",
            "-0123456789abcdef.js",
            "main-0123456789ABCDEF.css",
            "notes-0123456789abcdef.txt",
        ] {
            assert!(!is_hashed_asset(name), "{name}");
        }
    }

    #[test]
    fn the_policy_follows_the_config() {
        let p = super::content_security_policy(Some(
            r#"{"dimensionsApiBase":"http://127.0.0.1:4000/api","telecomxApiBase":"https://api.telecomx.dk",
                "embedAllowedOrigins":["https://portal.example.com","https://evil.example; script-src *"]}"#,
        ));
        assert!(p.contains("script-src 'self' 'wasm-unsafe-eval';"), "{p}");
        assert!(p.ends_with("; form-action 'none'"), "{p}");
        assert!(p.contains("; base-uri 'self';"), "{p}");
        assert!(
            !p.contains("unsafe-inline") && !p.contains("'unsafe-eval'"),
            "{p}"
        );
        assert!(
            p.contains("connect-src 'self' http://127.0.0.1:4000 https://api.telecomx.dk;"),
            "{p}"
        );
        // An entry that would smuggle a directive in is left out.
        assert!(
            p.contains("frame-ancestors https://portal.example.com;"),
            "{p}"
        );
        // No allowed origins (or no config): embedding is off.
        for config in [
            Some(r#"{"embedAllowedOrigins":[]}"#),
            Some("not json"),
            None,
        ] {
            let p = super::content_security_policy(config);
            assert!(p.contains("frame-ancestors 'none';"), "{p}");
            assert!(p.contains("connect-src 'self';"), "{p}");
        }
    }
}
