//! `ApiError`: one variant per thing a person must be told, and the pure
//! mapping from an HTTP answer (status + body text) to it. The UI turns the
//! error into words with `Display`; the cause (status, server message) is kept.

use super::wire;
use crate::i18n::tr;
use crate::trf;
use serde::Deserialize;
use serde_json::Value;
use thiserror::Error;

// Each message is looked up in the translation table (`crate::i18n`) as
// it is shown; the server's own words are quoted as they came.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum ApiError {
    #[error("{}{}", tr("The API rejected the request as malformed (400): "), or_none(.message))]
    BadRequest { message: Option<String> },

    #[error("{}", tr("No bearer token is set. Enter the customer's token in the session panel, then try again."))]
    NoToken,

    #[error("{}", tr("The bearer token was refused (401): it is missing, invalid or expired. Enter a new token in the session panel, then retry; the form keeps what you typed."))]
    Unauthorized,

    #[error("{}", tr("Your portal did not send a new token, so nothing was sent. Reload the portal page, or try again; what you typed is kept."))]
    HostToken,

    #[error("{}{}", tr("This request adds charges to your bill (402) and was not carried out."), with_message(.message))]
    ChargesApply {
        message: Option<String>,
        /// The request body the API echoed back (either shape of the docs).
        echo: Option<Value>,
    },

    #[error("{}", tr("Nothing was changed: you declined the additional charges."))]
    ChargesDeclined,

    #[error("{}", tr("Not carried out: the question about charges was withdrawn, as the customer or the token changed while it was open. Send it again to be asked again."))]
    ChargesWithdrawn,

    #[error("{}", tr("The API answered 402 (charges apply) again, although the charges were accepted: nothing was carried out."))]
    ChargedDespiteConsent,

    #[error("{}", tr("The API answered a look-up with 402 (charges apply). Look-ups are never sent again with charges accepted; nothing was changed."))]
    ChargedRead,

    #[error("{}{}", tr("This token is not allowed to do that (403)."), with_message(.message))]
    Forbidden { message: Option<String> },

    #[error("{}", tr("No such customer (404 Not Found): no customer with this tenant id is visible to your token, or the user is not one of its users."))]
    CustomerNotFound,

    #[error("{}", tr("Device not found (404): this device id is not one of the user's devices on the PBX. Assign it to the user on the PBX first, or check the id."))]
    DeviceNotFound,

    #[error("{}{}", tr("Not found (404): "), or_none(.message))]
    NotFound { message: Option<String> },

    #[error("{}{}", tr("The request conflicts with the current state (409)."), with_message(.message))]
    Conflict { message: Option<String> },

    #[error("{}{}", tr("The API could not process the request (422)."), with_message(.message))]
    Unprocessable { message: Option<String> },

    #[error("{}", server_failed(*.status, .message, *.not_json))]
    Server {
        status: u16,
        message: Option<String>,
        /// The body was not the JSON error envelope (e.g. an HTML proxy page).
        not_json: bool,
    },

    #[error("{}{}", trf!("The API answered with an unexpected status {status}.", status = .status), with_message(.message))]
    UnexpectedStatus {
        status: u16,
        message: Option<String>,
    },

    #[error("{}", tr("The API could not be reached: check your network connection and the API address. Nothing was changed by this attempt that we know of."))]
    Network,

    #[error("{}", trf!("The API did not answer within {seconds} s. The request may or may not have been carried out; check before retrying.", seconds = .seconds))]
    Timeout { seconds: u32 },

    #[error("{}", tr("The API's answer is larger than 5 MB, so it was not read. The request may or may not have been carried out; check before retrying."))]
    TooLarge,

    #[error("{}", trf!("The API answered {status} but not with the JSON it should have ({detail}). A proxy may be in the way.", status = .status, detail = .detail))]
    BadBody { status: u16, detail: String },
}

fn or_none(message: &Option<String>) -> String {
    message
        .clone()
        .unwrap_or_else(|| tr("no reason was given.").to_string())
}

fn with_message(message: &Option<String>) -> String {
    match message {
        Some(m) => trf!(" The API said: \u{201c}{message}\u{201d}", message = m),
        None => String::new(),
    }
}

fn server_failed(status: u16, message: &Option<String>, not_json: bool) -> String {
    let detail = match (message, not_json) {
        (Some(m), _) => trf!(" The API said: \u{201c}{message}\u{201d}.", message = m),
        (None, true) => tr(" Its answer was not JSON (perhaps an error page from a proxy).").into(),
        (None, false) => String::new(),
    };
    trf!(
        "The API failed on its side ({status}).{detail} Nothing suggests your input is wrong; try again later.",
        status = status,
        detail = detail
    )
}

impl ApiError {
    /// Whether the person should be asked for a new token.
    pub fn needs_token(&self) -> bool {
        matches!(
            self,
            ApiError::Unauthorized | ApiError::NoToken | ApiError::HostToken
        )
    }

    /// The HTTP status the API answered with, if it answered.
    pub fn status(&self) -> Option<u16> {
        Some(match self {
            ApiError::BadRequest { .. } => 400,
            ApiError::Unauthorized => 401,
            ApiError::ChargesApply { .. }
            | ApiError::ChargedDespiteConsent
            | ApiError::ChargedRead => 402,
            ApiError::Forbidden { .. } => 403,
            ApiError::CustomerNotFound | ApiError::DeviceNotFound | ApiError::NotFound { .. } => {
                404
            }
            ApiError::Conflict { .. } => 409,
            ApiError::Unprocessable { .. } => 422,
            ApiError::Server { status, .. }
            | ApiError::UnexpectedStatus { status, .. }
            | ApiError::BadBody { status, .. } => *status,
            ApiError::NoToken
            | ApiError::HostToken
            | ApiError::ChargesDeclined
            | ApiError::ChargesWithdrawn
            | ApiError::Network
            | ApiError::Timeout { .. }
            | ApiError::TooLarge => return None,
        })
    }

    /// Whether sending the same request again may succeed: it was not
    /// refused for what it says (a token, the network, the API's side).
    pub fn is_retryable(&self) -> bool {
        self.needs_token()
            || matches!(
                self,
                ApiError::Network
                    | ApiError::Timeout { .. }
                    | ApiError::Server { .. }
                    | ApiError::TooLarge
                    | ApiError::ChargesWithdrawn
            )
    }
}

/// A successful answer of the Dimensions API.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Success {
    pub status: u16,
    pub timestamp: Option<String>,
    pub data: Option<Value>,
    pub location: Option<String>,
}

/// A success envelope: `{"status": "success", "timestamp": ..., "data"?: ...}`.
#[derive(Deserialize)]
struct Envelope {
    status: String,
    #[serde(default)]
    timestamp: Option<String>,
    /// An explicit `null` counts as absent.
    #[serde(default)]
    data: Option<Value>,
}

/// The error envelope: `{"error": <code>, "message": "...", "status": "error",
/// "data"?: <the request echoed>}`, each part as lenient as the docs are.
#[derive(Deserialize)]
struct Failure {
    #[serde(default)]
    error: Option<Value>,
    #[serde(default)]
    message: Option<Value>,
    #[serde(default)]
    data: Option<Value>,
}

impl Failure {
    fn is_envelope(&self) -> bool {
        self.error.is_some() || self.message.is_some()
    }
}

/// Maps an answer whose success body is NOT the envelope (the instance
/// look-up answers `{exists, instanceId, ...}` bare): a 2xx must be a JSON
/// object, which becomes `data`. Errors map as in [`decode`].
pub fn decode_plain(status: u16, body: &str) -> Result<Success, ApiError> {
    if (200..300).contains(&status) {
        return match wire::parse(body) {
            Ok(object @ Value::Object(_)) => Ok(Success {
                status,
                timestamp: None,
                data: Some(object),
                location: None,
            }),
            _ => Err(ApiError::BadBody {
                status,
                detail: describe_body(body),
            }),
        };
    }
    decode(status, body, None)
}

/// Maps an HTTP answer to a success or an `ApiError`. Never panics, whatever
/// the body holds.
pub fn decode(status: u16, body: &str, location: Option<String>) -> Result<Success, ApiError> {
    if (200..300).contains(&status) {
        let bad_body = || ApiError::BadBody {
            status,
            detail: describe_body(body),
        };
        let json = wire::parse(body).map_err(|_| bad_body())?;
        if !json.is_object() {
            return Err(bad_body());
        }
        let envelope: Envelope = wire::read(&json).map_err(|_| bad_body())?;
        if envelope.status != "success" {
            return Err(ApiError::BadBody {
                status,
                detail: format!(
                    "its status was \u{201c}{}\u{201d}",
                    truncate(&envelope.status)
                ),
            });
        }
        return Ok(Success {
            status,
            timestamp: envelope.timestamp,
            data: envelope.data,
            location,
        });
    }

    let json: Option<Value> = wire::parse(body).ok();
    // The error envelope: `{status, message, error, data}`.
    let envelope: Option<Failure> = json
        .as_ref()
        .filter(|v| v.is_object())
        .and_then(|v| wire::read::<Failure>(v).ok())
        .filter(Failure::is_envelope);
    let message = envelope
        .as_ref()
        .and_then(|e| e.message.as_ref())
        .and_then(Value::as_str)
        .map(truncate)
        .filter(|m| !m.is_empty());

    Err(match status {
        400 => ApiError::BadRequest { message },
        401 => ApiError::Unauthorized,
        402 => {
            // The seed: the error envelope with `data` echoing the request.
            // The vendor's Charges page: the bare request echo.
            let echo = match (envelope, json) {
                (Some(e), _) => e.data.filter(|d| !d.is_null()),
                (None, Some(bare)) => Some(bare),
                (None, None) => None,
            };
            ApiError::ChargesApply { message, echo }
        }
        403 => ApiError::Forbidden { message },
        404 => match message.as_deref() {
            Some(m) if m.to_ascii_lowercase().contains("device") => ApiError::DeviceNotFound,
            Some(m) if m.eq_ignore_ascii_case("not found") => ApiError::CustomerNotFound,
            None => ApiError::CustomerNotFound,
            Some(_) => ApiError::NotFound { message },
        },
        409 => ApiError::Conflict { message },
        422 => ApiError::Unprocessable { message },
        500..=599 => ApiError::Server {
            status,
            not_json: json.is_none() && !body.trim().is_empty(),
            message,
        },
        _ => ApiError::UnexpectedStatus { status, message },
    })
}

/// Server text is shown to a person: keep it to a sane length.
pub(crate) fn truncate(s: &str) -> String {
    const MAX: usize = 300;
    let trimmed = s.trim();
    if trimmed.chars().count() <= MAX {
        trimmed.to_string()
    } else {
        let cut: String = trimmed.chars().take(MAX).collect();
        format!("{cut}\u{2026}")
    }
}

fn describe_body(body: &str) -> String {
    let t = body.trim_start();
    if t.is_empty() {
        "the body was empty".into()
    } else if t.starts_with('<') {
        "it sent an HTML page".into()
    } else {
        "the body was not valid JSON".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    // The seed's 400, 404 and 402 bodies (English wording of the contract).
    const BAD_TENANT: &str = r#"{"error":400,"message":"The value 'abc' is not valid.","status":"error","timestamp":"2020-02-06T12:45:27.5903465Z"}"#;
    const NOT_FOUND: &str = r#"{"error":404,"message":"Not Found","status":"error","timestamp":"2020-02-06T12:46:58.7669535Z"}"#;
    const DEVICE_NOT_FOUND: &str = r#"{"error":404,"message":"Device not found","status":"error","timestamp":"2020-02-06T12:46:58.7669535Z"}"#;
    const CHARGES: &str = r#"{"data":{"clientType":"desktop"},"error":402,"message":"additional charges apply","status":"error","timestamp":"2020-02-06T13:01:01.1302340Z"}"#;
    const CREATED: &str = r#"{"status":"success","timestamp":"2019-11-29T16:03:23.9251680Z"}"#;

    #[test]
    fn documented_success_decodes() {
        let ok = decode(201, CREATED, Some("https://x/assign".into())).unwrap();
        assert_eq!(ok.status, 201);
        assert_eq!(
            ok.timestamp.as_deref(),
            Some("2019-11-29T16:03:23.9251680Z")
        );
        assert_eq!(ok.data, None);
        assert_eq!(ok.location.as_deref(), Some("https://x/assign"));
    }

    #[test]
    fn bad_request_keeps_the_server_message() {
        let err = decode(400, BAD_TENANT, None).unwrap_err();
        assert_eq!(
            err,
            ApiError::BadRequest {
                message: Some("The value 'abc' is not valid.".into())
            }
        );
        assert!(err.to_string().contains("The value 'abc' is not valid."));
    }

    #[test]
    fn the_two_404s_are_told_apart() {
        assert_eq!(
            decode(404, NOT_FOUND, None).unwrap_err(),
            ApiError::CustomerNotFound
        );
        assert_eq!(
            decode(404, DEVICE_NOT_FOUND, None).unwrap_err(),
            ApiError::DeviceNotFound
        );
        assert_eq!(
            decode(404, "", None).unwrap_err(),
            ApiError::CustomerNotFound
        );
        assert_eq!(
            decode(404, r#"{"error":404,"message":"PBX not found"}"#, None).unwrap_err(),
            ApiError::NotFound {
                message: Some("PBX not found".into())
            }
        );
    }

    #[test]
    fn a_401_may_have_no_body() {
        assert_eq!(decode(401, "", None).unwrap_err(), ApiError::Unauthorized);
        assert!(ApiError::Unauthorized.needs_token());
    }

    #[test]
    fn charges_accept_both_documented_shapes() {
        assert_eq!(
            decode(402, CHARGES, None).unwrap_err(),
            ApiError::ChargesApply {
                message: Some("additional charges apply".into()),
                echo: Some(json!({"clientType": "desktop"}))
            }
        );
        assert_eq!(
            decode(402, r#"{"clientType":"mobile"}"#, None).unwrap_err(),
            ApiError::ChargesApply {
                message: None,
                echo: Some(json!({"clientType": "mobile"}))
            }
        );
        assert_eq!(
            decode(402, "", None).unwrap_err(),
            ApiError::ChargesApply {
                message: None,
                echo: None
            }
        );
    }

    #[test]
    fn other_statuses_map_to_their_variant() {
        let m = |s| Some(String::from(s));
        assert_eq!(
            decode(403, r#"{"error":403,"message":"no"}"#, None).unwrap_err(),
            ApiError::Forbidden { message: m("no") }
        );
        assert_eq!(
            decode(409, r#"{"error":409,"message":"busy"}"#, None).unwrap_err(),
            ApiError::Conflict { message: m("busy") }
        );
        assert_eq!(
            decode(422, r#"{"error":422,"message":"role"}"#, None).unwrap_err(),
            ApiError::Unprocessable { message: m("role") }
        );
        assert_eq!(
            decode(500, r#"{"error":500,"message":"boom"}"#, None).unwrap_err(),
            ApiError::Server {
                status: 500,
                message: m("boom"),
                not_json: false
            }
        );
        assert_eq!(
            decode(418, "", None).unwrap_err(),
            ApiError::UnexpectedStatus {
                status: 418,
                message: None
            }
        );
    }

    #[test]
    fn an_html_proxy_page_is_not_mistaken_for_json() {
        let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        let err = decode(502, html, None).unwrap_err();
        assert_eq!(
            err,
            ApiError::Server {
                status: 502,
                message: None,
                not_json: true
            }
        );
        assert!(err.to_string().contains("not JSON"));
        let err = decode(200, html, None).unwrap_err();
        assert!(matches!(err, ApiError::BadBody { status: 200, .. }));
        assert!(err.to_string().contains("HTML"));
    }

    #[test]
    fn malformed_success_bodies_are_errors_not_panics() {
        for body in [
            "",
            "{",
            "null",
            "[]",
            r#"{"status":"error"}"#,
            r#"{"status":5}"#,
            "\u{0}",
        ] {
            assert!(
                matches!(decode(201, body, None), Err(ApiError::BadBody { .. })),
                "{body:?}"
            );
        }
    }

    #[test]
    fn plain_answers_are_objects_and_share_the_error_mapping() {
        let ok = decode_plain(200, r#"{"exists":false,"instanceId":"12345"}"#).unwrap();
        assert_eq!(
            ok.data,
            Some(json!({"exists": false, "instanceId": "12345"}))
        );
        for body in ["", "[]", "null", "<html>"] {
            assert!(
                matches!(decode_plain(200, body), Err(ApiError::BadBody { .. })),
                "{body:?}"
            );
        }
        assert_eq!(decode_plain(401, "").unwrap_err(), ApiError::Unauthorized);
    }

    #[test]
    fn an_answer_with_an_object_of_100000_keys_decodes_in_linear_time() {
        // 1.2 MB: one object of 100,000 keys (it froze the tab for 28 s when
        // objects were a list searched key by key). serde_json's index map
        // inserts in constant time; the bound is generous for a loaded
        // machine and a debug build.
        let mut body = String::from(r#"{"status":"success","data":{"#);
        for i in 0..100_000 {
            if i > 0 {
                body.push(',');
            }
            body.push_str(&format!(r#""key{i:06}":{i}"#));
        }
        body.push_str("}}");
        assert!(body.len() > 1_200_000);
        let started = std::time::Instant::now();
        let ok = decode(200, &body, None).unwrap();
        let elapsed = started.elapsed();
        let data = ok.data.unwrap();
        assert_eq!(data.as_object().unwrap().len(), 100_000);
        assert_eq!(data["key099999"], 99_999);
        assert!(elapsed.as_secs_f64() < 5.0, "{elapsed:?}");
    }

    #[test]
    fn long_server_messages_are_cut() {
        let long = "x".repeat(1000);
        let body = format!(r#"{{"error":400,"message":"{long}"}}"#);
        let ApiError::BadRequest { message: Some(m) } = decode(400, &body, None).unwrap_err()
        else {
            panic!("expected BadRequest")
        };
        assert_eq!(m.chars().count(), 301);
    }

    #[test]
    fn every_error_has_a_sentence() {
        let all = [
            ApiError::BadRequest { message: None },
            ApiError::NoToken,
            ApiError::Unauthorized,
            ApiError::HostToken,
            ApiError::ChargesApply {
                message: None,
                echo: None,
            },
            ApiError::ChargesDeclined,
            ApiError::ChargesWithdrawn,
            ApiError::ChargedDespiteConsent,
            ApiError::ChargedRead,
            ApiError::Forbidden { message: None },
            ApiError::CustomerNotFound,
            ApiError::DeviceNotFound,
            ApiError::NotFound { message: None },
            ApiError::Conflict { message: None },
            ApiError::Unprocessable { message: None },
            ApiError::Server {
                status: 503,
                message: None,
                not_json: false,
            },
            ApiError::UnexpectedStatus {
                status: 418,
                message: None,
            },
            ApiError::Network,
            ApiError::Timeout { seconds: 15 },
            ApiError::TooLarge,
            ApiError::BadBody {
                status: 200,
                detail: "x".into(),
            },
        ];
        for e in all {
            let s = e.to_string();
            assert!(s.len() > 20 && s.ends_with(['.', ')', '\u{201d}']), "{s}");
        }
    }
}
