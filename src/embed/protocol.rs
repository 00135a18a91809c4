//! The postMessage protocol between the console in an iframe and the host
//! portal around it (docs/embedding.md). Pure: which messages are trusted,
//! what the host's messages mean, and what the console's look like; the
//! browser side is in `embed/mod.rs`.

use crate::api::wire::read;
use crate::nav::Page;
use crate::validate;
use serde::Deserialize;
use serde_json::{Map, Value};

/// Every message, both ways, carries `"protocol": "switchboard"` and this
/// version. A host speaking another version is ignored.
pub const PROTOCOL: &str = "switchboard";
pub const VERSION: u64 = 1;

/// Whether a message may be read at all: it comes from the window that
/// embeds us (`event.source === window.parent`) and from an origin listed in
/// `config.json` (`embedAllowedOrigins`). Once a host has sent `init`, its
/// origin is pinned: later messages must come from that one.
pub fn trusted(origin: &str, from_parent: bool, allowed: &[String], pinned: Option<&str>) -> bool {
    from_parent
        && match pinned {
            Some(p) => p == origin,
            None => allowed.iter().any(|a| a == origin),
        }
}

/// What the host can say.
#[derive(PartialEq)]
pub enum HostMessage {
    /// The first message: who the console acts for, and how it looks.
    Init(Init),
    /// A fresh bearer token, answering `tokenRequest` or unasked.
    Token(String),
}

#[derive(PartialEq)]
pub struct Init {
    pub tenant: String,
    pub token: String,
    /// A BCP 47 tag such as `en` or `da-DK`; only recorded until the console
    /// has translations (issue 7).
    pub locale: Option<String>,
    /// CSS custom properties and their values, already checked.
    pub theme: Vec<(&'static str, String)>,
    pub page: Page,
}

// Written by hand so that `{:?}` never shows a token.
impl std::fmt::Debug for HostMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HostMessage::Init(i) => i.fmt(f),
            HostMessage::Token(_) => f.write_str("Token(<redacted>)"),
        }
    }
}

impl std::fmt::Debug for Init {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Init")
            .field("tenant", &self.tenant)
            .field("token", &"<redacted>")
            .field("locale", &self.locale)
            .field("theme", &self.theme)
            .field("page", &self.page)
            .finish()
    }
}

/// Host theme keys and the console's custom properties they set.
pub const THEME_KEYS: [(&str, &str); 10] = [
    ("background", "--sb-bg"),
    ("surface", "--sb-surface"),
    ("text", "--sb-text"),
    ("muted", "--sb-muted"),
    ("border", "--sb-border"),
    ("accent", "--sb-accent"),
    ("accentText", "--sb-accent-text"),
    ("focus", "--sb-focus"),
    ("radius", "--sb-radius"),
    ("font", "--sb-font"),
];

/// What every message of ours starts with.
#[derive(Deserialize)]
struct Head {
    version: Option<u64>,
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Deserialize)]
struct InitWire {
    tenant: String,
    token: String,
    #[serde(default)]
    locale: Option<String>,
    #[serde(default)]
    theme: Option<Map<String, Value>>,
    #[serde(default)]
    page: Option<String>,
}

#[derive(Deserialize)]
struct TokenWire {
    token: String,
}

/// A bearer token as the host sends it, checked.
fn token(t: &str) -> Result<String, String> {
    let t = t.trim();
    if t.is_empty() || t.len() > 4096 || !t.bytes().all(|b| b.is_ascii_graphic()) {
        return Err("`token` must be a non-empty bearer token without spaces".into());
    }
    Ok(t.to_string())
}

/// Reads a message's data (already turned into JSON). `Ok(None)` for a
/// message of another protocol (a host may use postMessage for other
/// things); `Err` says, for the host's developer, what is wrong with one of
/// ours. The error never contains the token.
pub fn parse(data: &Value) -> Result<Option<HostMessage>, String> {
    if data.get("protocol").and_then(Value::as_str) != Some(PROTOCOL) {
        return Ok(None);
    }
    let head: Head = read(data)?;
    match head.version {
        Some(VERSION) => {}
        Some(v) => {
            return Err(format!(
                "version {v} is not supported; this console speaks {VERSION}"
            ))
        }
        None => return Err("missing field `version`".into()),
    }
    match head.kind.as_str() {
        "init" => {
            let w: InitWire = read(data)?;
            let tenant = w.tenant.trim().to_string();
            validate::guid(&tenant, "the tenant").map_err(|e| format!("`tenant`: {e}"))?;
            let token = token(&w.token)?;
            let locale = match w.locale {
                Some(l) if is_locale(&l) => Some(l),
                Some(_) => return Err("`locale` is not a language tag such as en or da-DK".into()),
                None => None,
            };
            let theme = match &w.theme {
                Some(t) => theme(t)?,
                None => Vec::new(),
            };
            let page = match w.page.as_deref() {
                None => Page::Softphones,
                Some(p) => match Page::NAV.into_iter().find(|n| n.key() == p) {
                    Some(page) => page,
                    None => {
                        let keys: Vec<&str> = Page::NAV.iter().map(|n| n.key()).collect();
                        return Err(format!(
                            "`page` must be one of {}, not \u{201c}{p}\u{201d}",
                            keys.join(", ")
                        ));
                    }
                },
            };
            Ok(Some(HostMessage::Init(Init {
                tenant,
                token,
                locale,
                theme,
                page,
            })))
        }
        "token" => Ok(Some(HostMessage::Token(token(
            &read::<TokenWire>(data)?.token,
        )?))),
        other => Err(format!("unknown message type \u{201c}{other}\u{201d}")),
    }
}

fn is_locale(l: &str) -> bool {
    (2..=35).contains(&l.len())
        && l.split('-')
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The host's theme: known keys only, values that can only be a colour, a
/// length or a font list (no `url(`, no `;`, no braces, no escapes).
fn theme(t: &Map<String, Value>) -> Result<Vec<(&'static str, String)>, String> {
    let keys = THEME_KEYS.map(|(k, _)| k);
    if let Some(k) = t.keys().find(|k| !keys.contains(&k.as_str())) {
        return Err(format!(
            "`theme.{k}` is not a theme key (docs/embedding.md lists them)"
        ));
    }
    let mut out = Vec::new();
    for (key, property) in THEME_KEYS {
        let v = match t.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(v)) => Some(v),
            Some(_) => return Err(format!("`theme.{key}` is not a string")),
        };
        if let Some(v) = v {
            let v = v.trim();
            let safe = !v.is_empty()
                && v.len() <= 200
                && !v.to_ascii_lowercase().contains("url(")
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b" #%.,()-+/'\"".contains(&b));
            if !safe {
                return Err(format!("`theme.{key}` is not a plain CSS value"));
            }
            out.push((property, v.to_string()));
        }
    }
    Ok(out)
}

/// What the console tells the host.
#[derive(Clone)]
pub enum Report<'a> {
    /// The console has started and listens.
    Ready,
    /// The content's height in CSS pixels changed.
    Resize(u32),
    /// The API refused the token (401): send a `token` message.
    TokenRequest,
    /// A message from the host was ignored, and why (never with a secret).
    Rejected(&'a str),
    /// Something was done; `detail` names what, with ids only.
    Completed(&'a str, Value),
}

/// A report as it goes on the wire.
#[derive(serde::Serialize)]
struct Wire<'a> {
    protocol: &'static str,
    version: u64,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a Value>,
}

impl Report<'_> {
    pub fn to_json(&self) -> Value {
        let mut wire = Wire {
            protocol: PROTOCOL,
            version: VERSION,
            kind: "",
            height: None,
            reason: None,
            action: None,
            detail: None,
        };
        match self {
            Report::Ready => wire.kind = "ready",
            Report::Resize(h) => (wire.kind, wire.height) = ("resize", Some(*h)),
            Report::TokenRequest => {
                (wire.kind, wire.reason) = ("tokenRequest", Some("unauthorized"))
            }
            Report::Rejected(why) => (wire.kind, wire.reason) = ("rejected", Some(*why)),
            Report::Completed(action, detail) => {
                (wire.kind, wire.action, wire.detail) = ("completed", Some(*action), Some(detail))
            }
        }
        serde_json::to_value(wire).unwrap_or_default()
    }
}

/// A `completed` report's detail: ids and names only, `null` for a field
/// that does not apply.
pub fn detail(fields: &[(&str, Option<&str>)]) -> Value {
    Value::Object(
        fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.map_or(Value::Null, |v| v.trim().into())))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TENANT: &str = "11111111-2222-4333-8444-555555555555";

    fn init(extra: Value) -> Value {
        let mut m = json!({"protocol": "switchboard", "version": 1, "type": "init",
                           "tenant": TENANT, "token": "tok-1"});
        let into = m.as_object_mut().unwrap();
        for (k, v) in extra.as_object().unwrap().iter() {
            into.insert(k.clone(), v.clone());
        }
        m
    }

    #[test]
    fn only_the_parent_on_an_allowed_or_pinned_origin_is_trusted() {
        let allowed = vec![
            "https://portal.example".to_string(),
            "http://127.0.0.1:9000".into(),
        ];
        assert!(trusted("https://portal.example", true, &allowed, None));
        assert!(trusted("http://127.0.0.1:9000", true, &allowed, None));
        // Not the parent (a sibling frame or a popup), even on an allowed origin.
        assert!(!trusted("https://portal.example", false, &allowed, None));
        assert!(!trusted("https://evil.example", true, &allowed, None));
        assert!(!trusted(
            "https://portal.example.evil",
            true,
            &allowed,
            None
        ));
        assert!(!trusted("null", true, &allowed, None));
        // No allowed origins: embedding is off.
        assert!(!trusted("https://portal.example", true, &[], None));
        // After init, only the pinned origin.
        let pinned = Some("https://portal.example");
        assert!(trusted("https://portal.example", true, &allowed, pinned));
        assert!(!trusted("http://127.0.0.1:9000", true, &allowed, pinned));
    }

    #[test]
    fn a_full_init() {
        let m = init(json!({"locale": "da-DK", "page": "pbx",
                            "theme": {"accent": "#c0ffee", "radius": "12px", "font": "\"Inter\", sans-serif"}}));
        let Ok(Some(HostMessage::Init(i))) = parse(&m) else {
            panic!("{:?}", parse(&m))
        };
        assert_eq!(i.tenant, TENANT);
        assert_eq!(i.token, "tok-1");
        assert_eq!(i.locale.as_deref(), Some("da-DK"));
        assert_eq!(i.page, Page::Pbx);
        assert_eq!(
            i.theme,
            vec![
                ("--sb-accent", "#c0ffee".to_string()),
                ("--sb-radius", "12px".to_string()),
                ("--sb-font", "\"Inter\", sans-serif".to_string()),
            ]
        );
    }

    #[test]
    fn a_minimal_init_starts_on_softphones() {
        let Ok(Some(HostMessage::Init(i))) = parse(&init(json!({}))) else {
            panic!()
        };
        assert_eq!(i.page, Page::Softphones);
        assert!(i.theme.is_empty() && i.locale.is_none());
    }

    #[test]
    fn other_protocols_are_not_ours() {
        for data in [
            json!("hello"),
            json!(null),
            json!({"type": "init"}),
            json!({"protocol": "other", "version": 1}),
        ] {
            assert_eq!(parse(&data), Ok(None), "{data}");
        }
    }

    #[test]
    fn bad_messages_say_what_is_wrong_without_the_token() {
        let cases = [
            (init(json!({"version": 2})), "version 2"),
            (
                json!({"protocol": "switchboard", "type": "init"}),
                "version",
            ),
            (init(json!({"type": "shout"})), "unknown message type"),
            (init(json!({"tenant": "acme"})), "tenant"),
            (init(json!({"token": "secret with spaces"})), "token"),
            (init(json!({"token": 42})), "token"),
            (init(json!({"locale": "en_GB; drop"})), "locale"),
            (init(json!({"page": "admin"})), "page"),
            (
                init(json!({"theme": {"accent": "red; background: url(x)"}})),
                "theme.accent",
            ),
            (
                init(json!({"theme": {"accent": "url(https://evil.example/x)"}})),
                "theme.accent",
            ),
            (
                init(json!({"theme": {"accent": "}body{display:none"}})),
                "theme.accent",
            ),
            (
                init(json!({"theme": {"shadow": "0 0 1px"}})),
                "theme.shadow",
            ),
            (init(json!({"theme": "dark"})), "theme"),
        ];
        for (m, expected) in cases {
            let e = parse(&m).expect_err(&m.to_string());
            assert!(e.contains(expected), "{m}: {e}");
            assert!(!e.contains("secret") && !e.contains("tok-1"), "{e}");
        }
    }

    #[test]
    fn a_token_message() {
        let m =
            json!({"protocol": "switchboard", "version": 1, "type": "token", "token": " tok-2 "});
        assert_eq!(parse(&m), Ok(Some(HostMessage::Token("tok-2".into()))));
        let m = json!({"protocol": "switchboard", "version": 1, "type": "token"});
        assert!(parse(&m).is_err());
        // Neither message shows its token when debug-printed.
        for m in [m, init(json!({}))] {
            let shown = format!("{:?}", parse(&m));
            assert!(!shown.contains("tok-"), "{shown}");
        }
        let shown = format!("{:?}", HostMessage::Token("tok-3".into()));
        assert!(!shown.contains("tok-3"), "{shown}");
    }

    #[test]
    fn reports_carry_protocol_and_version() {
        assert_eq!(
            Report::Resize(412).to_json(),
            json!({"protocol": "switchboard", "version": 1, "type": "resize", "height": 412})
        );
        assert_eq!(
            Report::Completed("softphone.assigned", json!({"userId": "u"})).to_json(),
            json!({"protocol": "switchboard", "version": 1, "type": "completed",
                   "action": "softphone.assigned", "detail": {"userId": "u"}})
        );
        assert_eq!(
            Report::Completed(
                "softphone.unassigned",
                detail(&[("deviceId", Some(" d1 ")), ("clientType", None)])
            )
            .to_json()["detail"],
            json!({"deviceId": "d1", "clientType": null})
        );
        assert_eq!(Report::Ready.to_json()["type"], "ready");
        assert_eq!(Report::TokenRequest.to_json()["type"], "tokenRequest");
    }
}
