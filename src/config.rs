//! Runtime config, read from `/config.json` at start so that one build serves
//! every deployment. Parsing and checking are pure; loading is browser-only.

use crate::i18n::tr;
use crate::trf;
use serde::Deserialize;

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Dimensions reseller API, including `/api`, e.g. `https://api.eu.myreports.cloud/api`.
    pub dimensions_api_base: String,
    /// Telecom X API, e.g. `https://api.telecomx.dk`.
    pub telecomx_api_base: String,
    /// Origins allowed to embed the console (empty: embedding is off).
    pub embed_allowed_origins: Vec<String>,
    /// How long a request may take before it is given up.
    pub request_timeout_seconds: u32,
}

pub const DEFAULT_TIMEOUT_SECONDS: u32 = 15;

/// The file as written: each key once, none unknown (a typo is said, not
/// ignored).
#[derive(Deserialize)]
#[serde(
    rename_all = "camelCase",
    deny_unknown_fields,
    expecting = "an object of settings"
)]
struct RawConfig {
    dimensions_api_base: String,
    telecomx_api_base: String,
    #[serde(default, deserialize_with = "crate::api::wire::or_default")]
    embed_allowed_origins: Vec<String>,
    #[serde(default)]
    request_timeout_seconds: Option<u64>,
}

/// Parses and checks the config file's text. The error is a sentence for the
/// start-up error page.
pub fn parse(text: &str) -> Result<Config, String> {
    let json = crate::api::wire::parse(text)
        .map_err(|e| trf!("config.json is not valid JSON: {error}.", error = e))?;
    let raw: RawConfig = crate::api::wire::read(&json)
        .map_err(|e| trf!("config.json is not valid: {error}.", error = e))?;
    let dimensions_api_base = base_url(&raw.dimensions_api_base, "dimensionsApiBase")?;
    let telecomx_api_base = base_url(&raw.telecomx_api_base, "telecomxApiBase")?;
    let mut embed_allowed_origins = Vec::new();
    for origin in &raw.embed_allowed_origins {
        embed_allowed_origins.push(self::origin(origin)?);
    }
    let request_timeout_seconds = raw
        .request_timeout_seconds
        .unwrap_or(DEFAULT_TIMEOUT_SECONDS.into());
    if !(1..=300).contains(&request_timeout_seconds) {
        return Err(tr("config.json: requestTimeoutSeconds must be between 1 and 300.").into());
    }
    Ok(Config {
        dimensions_api_base,
        telecomx_api_base,
        embed_allowed_origins,
        request_timeout_seconds: request_timeout_seconds as u32,
    })
}

fn base_url(value: &str, key: &str) -> Result<String, String> {
    let v = value.trim();
    let rest = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"))
        .ok_or_else(|| {
            trf!(
                "config.json: {key} must be an http(s) URL, not \u{201c}{value}\u{201d}.",
                key = key,
                value = v
            )
        })?;
    if rest.is_empty() || rest.starts_with('/') || v.contains(['?', '#', ' ']) {
        return Err(trf!(
            "config.json: {key} is not a usable base URL: \u{201c}{value}\u{201d}.",
            key = key,
            value = v
        ));
    }
    Ok(v.trim_end_matches('/').to_string())
}

/// An origin is scheme://host[:port], with no path. It is compared with a
/// message's `event.origin` as a string, so it is written as a browser
/// writes that: scheme and host in lower case, no default port (`:443`,
/// `:80`). An entry that no origin could ever equal (a wildcard, a host
/// that is not ASCII, a user name) is refused with what is wrong with it.
fn origin(value: &str) -> Result<String, String> {
    let trimmed = value.trim();
    let lowered_scheme = match trimmed.split_once("://") {
        Some((scheme, rest)) => format!("{}://{rest}", scheme.to_ascii_lowercase()),
        None => trimmed.to_string(),
    };
    let v = base_url(&lowered_scheme, "embedAllowedOrigins")?;
    let (scheme, host) = v.split_once("://").unwrap_or_default();
    if host.contains('/') {
        return Err(trf!(
            "config.json: embedAllowedOrigins entries are origins (scheme://host[:port]) without a path: \u{201c}{value}\u{201d}.",
            value = v
        ));
    }
    if host.contains('*') {
        return Err(trf!(
            "config.json: the embedAllowedOrigins entry \u{201c}{value}\u{201d} is a wildcard, which never equals a portal's origin; list each origin in full.",
            value = v
        ));
    }
    if !host.is_ascii() {
        return Err(trf!(
            "config.json: the embedAllowedOrigins entry \u{201c}{value}\u{201d} has a host that is not ASCII; write it as browsers do (xn--\u{2026}).",
            value = v
        ));
    }
    let (name, port) = match host.rfind(':') {
        // Not the colons of an IPv6 address ([::1]).
        Some(i) if !host[i..].contains(']') => (&host[..i], Some(&host[i + 1..])),
        _ => (host, None),
    };
    let fine_name = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'[' | b']' | b':'));
    let port = match port.map(str::parse::<u16>) {
        None => None,
        Some(Ok(p)) if p > 0 => Some(p),
        Some(_) => {
            return Err(trf!(
                "config.json: the embedAllowedOrigins entry \u{201c}{value}\u{201d} has a port that is not a number from 1 to 65535.",
                value = v
            ))
        }
    };
    if !fine_name {
        return Err(trf!(
            "config.json: the embedAllowedOrigins entry \u{201c}{value}\u{201d} is not an origin (scheme://host[:port]).",
            value = v
        ));
    }
    let default_port = if scheme == "https" { 443 } else { 80 };
    let name = name.to_ascii_lowercase();
    Ok(match port {
        Some(p) if p != default_port => format!("{scheme}://{name}:{p}"),
        _ => format!("{scheme}://{name}"),
    })
}

#[cfg(target_arch = "wasm32")]
pub async fn fetch() -> Result<(u16, String), crate::api::ApiError> {
    // The default cache mode, so that the `<link rel="preload">` in
    // index.html is used; the server sends config.json with
    // `Cache-Control: no-cache`, so an edit is seen on the next load. The
    // timeout is the default request timeout: the file may say another.
    crate::api::web::get_file("config.json", DEFAULT_TIMEOUT_SECONDS).await
}

/// What `fetch` got, checked: the config, or a sentence for the start-up
/// error page (in the language chosen by then).
pub fn read(fetched: Result<(u16, String), crate::api::ApiError>) -> Result<Config, String> {
    use crate::api::ApiError;
    let (status, text) = fetched.map_err(|e| match e {
        ApiError::Timeout { seconds } => trf!(
            "config.json could not be loaded: the server did not answer within {seconds} s.",
            seconds = seconds
        ),
        ApiError::TooLarge => {
            tr("config.json could not be loaded: it is larger than 5 MB.").to_string()
        }
        _ => tr("config.json could not be loaded: the server did not answer.").to_string(),
    })?;
    if !(200..300).contains(&status) {
        return Err(trf!(
            "config.json could not be loaded: the server answered {status}.",
            status = status
        ));
    }
    parse(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../public/config.json");

    #[test]
    fn the_shipped_config_parses() {
        let c = parse(SHIPPED).unwrap();
        assert!(c.dimensions_api_base.ends_with("/api"));
        assert_eq!(c.request_timeout_seconds, DEFAULT_TIMEOUT_SECONDS);
    }

    #[test]
    fn a_full_config() {
        let c = parse(
            r#"{"dimensionsApiBase":"https://api.eu.myreports.cloud/api/","telecomxApiBase":"https://api.telecomx.dk",
                "embedAllowedOrigins":["https://portal.example.com"],"requestTimeoutSeconds":5}"#,
        )
        .unwrap();
        assert_eq!(c.dimensions_api_base, "https://api.eu.myreports.cloud/api");
        assert_eq!(c.embed_allowed_origins, ["https://portal.example.com"]);
        assert_eq!(c.request_timeout_seconds, 5);
    }

    fn origins(list: &str) -> Result<Vec<String>, String> {
        parse(&format!(
            r#"{{"dimensionsApiBase":"https://x","telecomxApiBase":"https://x","embedAllowedOrigins":{list}}}"#
        ))
        .map(|c| c.embed_allowed_origins)
    }

    /// Issue 18, part 5: entries are written as `event.origin` is, so that
    /// the portal they name is trusted.
    #[test]
    fn allowed_origins_are_written_as_browsers_write_them() {
        assert_eq!(
            origins(
                r#"["HTTPS://Portal.Example.COM", "https://portal.example.com:443", "http://LocalHost:80/",
                    "http://127.0.0.1:8081", "https://portal.example.com:8443", " https://a.example ", "http://[::1]:9000", "https://[::1]"]"#
            )
            .unwrap(),
            [
                "https://portal.example.com",
                "https://portal.example.com",
                "http://localhost",
                "http://127.0.0.1:8081",
                "https://portal.example.com:8443",
                "https://a.example",
                "http://[::1]:9000",
                "https://[::1]",
            ]
        );
        // :80 is only http's default, :443 only https's.
        assert_eq!(
            origins(r#"["https://a.example:80", "http://a.example:443"]"#).unwrap(),
            ["https://a.example:80", "http://a.example:443"]
        );
    }

    #[test]
    fn allowed_origins_that_never_match_are_refused_by_name() {
        for (entry, why) in [
            ("https://*.example.com", "is a wildcard"),
            ("https://portal.*", "is a wildcard"),
            ("https://pörtal.example", "not ASCII"),
            ("https://portal.example:0", "port that is not a number"),
            ("https://portal.example:99999", "port that is not a number"),
            ("https://portal.example:44x", "port that is not a number"),
            ("https://user@portal.example", "is not an origin"),
            ("https://portal.example/app", "without a path"),
            ("*", "must be an http(s) URL"),
            ("null", "must be an http(s) URL"),
        ] {
            let e = origins(&format!("[\"https://ok.example\", \"{entry}\"]")).unwrap_err();
            assert!(e.contains(why), "{entry}: {e}");
            assert!(e.contains(entry.trim_end_matches("/app")), "{entry}: {e}");
        }
    }

    #[test]
    fn broken_configs_say_what_is_wrong() {
        assert!(parse("").unwrap_err().contains("not valid"));
        assert!(parse("<html>").unwrap_err().contains("not valid"));
        assert!(parse(r#"{"telecomxApiBase":"https://x"}"#)
            .unwrap_err()
            .contains("dimensionsApiBase"));
        assert!(
            parse(r#"{"dimensionsApiBase":"ftp://x","telecomxApiBase":"https://x"}"#)
                .unwrap_err()
                .contains("must be an http(s) URL")
        );
        assert!(parse(r#"{"dimensionsApiBase":"https://x","telecomxApiBase":"https://x","embedAllowedOrigins":["https://a/b"]}"#)
            .unwrap_err()
            .contains("without a path"));
        assert!(parse(r#"{"dimensionsApiBase":"https://x","telecomxApiBase":"https://x","requestTimeoutSeconds":0}"#)
            .unwrap_err()
            .contains("between 1 and 300"));
        assert!(parse(
            r#"{"dimensionsApiBase":"https://x","telecomxApiBase":"https://x","typo":1}"#
        )
        .unwrap_err()
        .contains("unknown field `typo`"));
        assert!(parse(r#"{"dimensionsApiBase":"https://x","telecomxApiBase":"https://x","requestTimeoutSeconds":"5"}"#)
            .unwrap_err()
            .contains("`requestTimeoutSeconds`: invalid type: string \"5\""));
        assert!(parse(r#"{"dimensionsApiBase":"https://x","telecomxApiBase":"https://x","embedAllowedOrigins":"https://a"}"#)
            .unwrap_err()
            .contains("`embedAllowedOrigins`: invalid type: string \"https://a\", expected a sequence"));
        assert!(parse(r#"{"dimensionsApiBase":"https://x","telecomxApiBase":"https://x","requestTimeoutSeconds":99999999999}"#)
            .unwrap_err()
            .contains("between 1 and 300"));
        assert!(parse("[]")
            .unwrap_err()
            .contains("expected an object of settings"));
    }
}
