//! An API request as plain data. Builders in `dimensions.rs` return these;
//! the transport sends them; the charge flow replays them with one more header;
//! a preview shows them with secrets left out (the token is never part of the
//! value: the transport adds it at send time).

use serde::Serialize;
use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// The header that tells the Dimensions API that the reseller accepts the
/// charge for this request. Only ever added by [`ApiRequest::with_accept_charges`].
pub const ACCEPT_CHARGES: &str = "accept-charges";

/// The shape of a successful answer's body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Answer {
    /// `{"status": "success", "timestamp": ..., "data"?: ...}`
    #[default]
    Envelope,
    /// A bare JSON object (the instance look-up).
    Plain,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ApiRequest {
    pub method: Method,
    /// Absolute URL, base included.
    pub url: String,
    /// Extra headers besides `Authorization` (added by the transport) and
    /// `Content-Type` (added when there is a body).
    pub headers: Vec<(String, String)>,
    pub body: Option<Value>,
    pub answer: Answer,
}

impl ApiRequest {
    pub fn new(method: Method, url: String) -> Self {
        ApiRequest {
            method,
            url,
            headers: Vec::new(),
            body: None,
            answer: Answer::Envelope,
        }
    }

    /// The request with `body` (a derived `Serialize` model) as its JSON
    /// body.
    pub fn json(mut self, body: &impl Serialize) -> Self {
        // A derived model of strings, booleans and lists always serialises.
        self.body = serde_json::to_value(body).ok();
        self
    }

    pub fn plain_answer(mut self) -> Self {
        self.answer = Answer::Plain;
        self
    }

    /// The same request, plus `accept-charges: true`. Used only after the
    /// person agreed to the charge for this very request.
    pub fn with_accept_charges(&self) -> Self {
        let mut replay = self.clone();
        if !replay.accepts_charges() {
            replay
                .headers
                .push((ACCEPT_CHARGES.to_string(), "true".to_string()));
        }
        replay
    }

    pub fn accepts_charges(&self) -> bool {
        self.headers
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case(ACCEPT_CHARGES) && v == "true")
    }

    /// The path and query after the host, for showing a person what the
    /// request is (`PUT /api/v1.0/customers/...`).
    pub fn path(&self) -> &str {
        let after_scheme = self
            .url
            .find("://")
            .map(|i| &self.url[i + 3..])
            .unwrap_or(&self.url);
        match after_scheme.find('/') {
            Some(i) => &after_scheme[i..],
            None => "/",
        }
    }
}

/// A JSON value with every secret-looking field (`apiKey`, `password`,
/// anything naming a token or secret) replaced by a mask: for showing a request
/// to a person, e.g. in the charge dialog.
pub fn redacted(value: &Value) -> Value {
    let mut shown = value.clone();
    redact(&mut shown);
    shown
}

fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                let key = k.to_ascii_lowercase();
                if ["password", "apikey", "api_key", "secret", "token"]
                    .iter()
                    .any(|s| key.contains(s))
                {
                    *v = Value::String("\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}".into());
                } else {
                    redact(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

/// Joins a base URL and a path without doubling or dropping the slash.
pub fn join(base: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

/// Percent-encodes one path segment (RFC 3986 unreserved characters pass).
/// A device id typed with a slash or a space must not change the route.
pub fn segment(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn join_handles_slashes() {
        assert_eq!(join("http://h/api/", "/v1.0/x"), "http://h/api/v1.0/x");
        assert_eq!(join("http://h/api", "v1.0/x"), "http://h/api/v1.0/x");
    }

    #[test]
    fn segment_escapes_route_changing_characters() {
        assert_eq!(segment("abc-DEF_1.2~"), "abc-DEF_1.2~");
        assert_eq!(segment("a/b c?d#"), "a%2Fb%20c%3Fd%23");
        assert_eq!(segment("é"), "%C3%A9");
    }

    #[test]
    fn accept_charges_is_added_once_and_only_on_the_replay() {
        let req = ApiRequest::new(Method::Put, "http://h/api/x".into()).json(&json!({"a": 1}));
        assert!(!req.accepts_charges());
        let replay = req.with_accept_charges();
        assert!(replay.accepts_charges());
        assert_eq!(replay.with_accept_charges().headers.len(), 1);
        // Everything else is the same request.
        assert_eq!(replay.method, req.method);
        assert_eq!(replay.url, req.url);
        assert_eq!(replay.body, req.body);
        assert!(!req.accepts_charges(), "the original is untouched");
    }

    #[test]
    fn path_is_what_follows_the_host() {
        let req = ApiRequest::new(
            Method::Put,
            "https://api.na.myreports.cloud/api/v1.0/a?b=c".into(),
        );
        assert_eq!(req.path(), "/api/v1.0/a?b=c");
        assert_eq!(ApiRequest::new(Method::Get, "http://h".into()).path(), "/");
    }

    #[test]
    fn secrets_are_masked_in_previews() {
        let body = json!({"name": "HQ", "apiKey": "ABCDEF", "nested": [{"password": "p", "username": "u"}], "accessToken": "t"});
        let shown = redacted(&body);
        let text = shown.to_string();
        for secret in ["ABCDEF", "\"p\"", "\"t\""] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert_eq!(shown["name"], "HQ");
        assert_eq!(shown["nested"][0]["username"], "u");
        assert_eq!(
            redacted(&json!({"clientType": "desktop"})),
            json!({"clientType": "desktop"})
        );
    }
}
