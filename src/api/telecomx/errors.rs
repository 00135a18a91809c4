//! Telecom X's own error body, and what each error tells a person.

use crate::api::error::truncate;
use crate::api::wire;
use crate::i18n::tr;
use crate::trf;
use serde::Deserialize;
use serde_json::Value;
use std::fmt;

/// One thing to tell a person about a Telecom X answer. The server's own
/// message is kept and shown (as text: it may contain an employee's name).
#[derive(Clone, Debug, PartialEq)]
pub enum TxError {
    /// 401: `expired` / `invalid_token` (log in again and carry on) or
    /// `credentials_invalid` / `format_error` (the login itself failed).
    Unauthorized {
        code: String,
        message: String,
    },
    BadRequest {
        message: String,
        path: Option<String>,
    },
    Forbidden {
        message: String,
    },
    NotFound {
        message: String,
    },
    Conflict {
        message: String,
    },
    Server {
        status: u16,
        message: String,
    },
    Other {
        status: u16,
        message: String,
    },
    /// A 2xx whose body is not what the contract says.
    BadBody {
        status: u16,
    },
    /// No answer: the network failed (`None`), or none came within the
    /// timeout (its seconds).
    Unreachable {
        timeout: Option<u32>,
    },
    /// The answer was over `transport::MAX_BODY_BYTES`: not read.
    TooLarge,
}

impl TxError {
    /// The HTTP status Telecom X answered with, if it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            TxError::Unauthorized { .. } => Some(401),
            TxError::BadRequest { .. } => Some(400),
            TxError::Forbidden { .. } => Some(403),
            TxError::NotFound { .. } => Some(404),
            TxError::Conflict { .. } => Some(409),
            TxError::Server { status, .. }
            | TxError::Other { status, .. }
            | TxError::BadBody { status } => Some(*status),
            TxError::Unreachable { .. } | TxError::TooLarge => None,
        }
    }

    /// Whether logging in again (and carrying on) is the way out.
    pub fn needs_login(&self) -> bool {
        matches!(self, TxError::Unauthorized { code, .. } if code == "expired" || code == "invalid_token" || code == "format_error")
    }
}

impl fmt::Display for TxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let said = |m: &str| {
            if m.is_empty() {
                String::new()
            } else {
                trf!(" Telecom X said: \u{201c}{message}\u{201d}", message = m)
            }
        };
        let text = match self {
            TxError::Unauthorized { code, message } => match code.as_str() {
                "expired" => tr("Your Telecom X login has expired (401). Log in again; what you chose is kept.").to_string(),
                "credentials_invalid" => format!("{}{}", tr("Telecom X refused the login (401)."), said(message)),
                _ => format!("{}{}", tr("Telecom X did not accept the login token (401). Log in again; what you chose is kept."), said(message)),
            },
            TxError::BadRequest { message, path } => format!(
                "{}{}",
                match path {
                    Some(p) => trf!("Telecom X rejected the request as not valid (400), field \u{201c}{field}\u{201d}.", field = p),
                    None => tr("Telecom X rejected the request as not valid (400).").to_string(),
                },
                said(message)
            ),
            TxError::Forbidden { message } => format!("{}{}", tr("Your access level does not allow this (403)."), said(message)),
            TxError::NotFound { message } => format!("{}{}", tr("Telecom X could not find it (404): it may have been deleted."), said(message)),
            TxError::Conflict { message } => format!("{}{}", tr("Telecom X reports a conflict (409)."), said(message)),
            TxError::Server { status, message } => format!("{}{}", trf!("Telecom X failed ({status}). Try again in a moment.", status = status), said(message)),
            TxError::Other { status, message } => format!("{}{}", trf!("Telecom X answered {status}.", status = status), said(message)),
            TxError::BadBody { status } => trf!("Telecom X answered {status} with a body this console cannot read.", status = status),
            TxError::Unreachable { timeout: None } => tr("Telecom X could not be reached. Check the network connection, then try again.").to_string(),
            TxError::Unreachable { timeout: Some(s) } => trf!("Telecom X did not answer within {seconds} seconds. Try again; check the result first, as the change may have been made.", seconds = s),
            TxError::TooLarge => tr("Telecom X's answer is larger than 5 MB, so it was not read. Check the result before trying again, as the change may have been made.").to_string(),
        };
        f.write_str(&text)
    }
}

/// A Telecom X error body: `{"error": {...}}` or `{"error": [{...}, ...]}`.
#[derive(Deserialize)]
struct ErrorBody {
    error: OneOrMany,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    Many(Vec<ErrorItem>),
    One(ErrorItem),
}

#[derive(Default, Deserialize)]
struct ErrorItem {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    path: Option<String>,
}

/// The first error of a Telecom X error body: its code, message and path.
fn first_error(body: &str) -> (String, String, Option<String>) {
    let body = wire::parse(body).map_err(|e| e.to_string());
    let e = match body
        .and_then(|b| wire::read::<ErrorBody>(&b))
        .map(|b| b.error)
    {
        Ok(OneOrMany::Many(list)) => list.into_iter().next().unwrap_or_default(),
        Ok(OneOrMany::One(e)) => e,
        Err(_) => ErrorItem::default(),
    };
    let text = |t: Option<String>| t.as_deref().map(truncate);
    (
        text(e.code).unwrap_or_default(),
        text(e.message).unwrap_or_default(),
        text(e.path),
    )
}

/// Maps a Telecom X answer to its parsed body or a `TxError`. Answers are
/// bare JSON (no envelope). Never panics, whatever the body holds.
pub fn decode(status: u16, body: &str) -> Result<Value, TxError> {
    if (200..300).contains(&status) {
        return match wire::parse(body) {
            Ok(v @ (Value::Object(_) | Value::Array(_))) => Ok(v),
            _ => Err(TxError::BadBody { status }),
        };
    }
    let (code, message, path) = first_error(body);
    Err(match status {
        400 | 422 => TxError::BadRequest { message, path },
        401 => TxError::Unauthorized {
            code: if code.is_empty() {
                "invalid_token".into()
            } else {
                code
            },
            message,
        },
        403 => TxError::Forbidden { message },
        404 => TxError::NotFound { message },
        409 => TxError::Conflict { message },
        500..=599 => TxError::Server { status, message },
        _ => TxError::Other { status, message },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_in_the_telecom_x_shape() {
        let one = r#"{"error":{"code":"access_denied","message":"Copying onto Emily needs ADMIN","status":403}}"#;
        let e = decode(403, one).unwrap_err();
        assert_eq!(
            e,
            TxError::Forbidden {
                message: "Copying onto Emily needs ADMIN".into()
            }
        );
        assert!(e
            .to_string()
            .contains("\u{201c}Copying onto Emily needs ADMIN\u{201d}"));
        let several = r#"{"error":[{"code":"bad_request","message":"copyTo is not an id","status":400,"path":"copyTo"},
                                   {"code":"bad_request","message":"second","status":400}]}"#;
        assert_eq!(
            decode(400, several).unwrap_err(),
            TxError::BadRequest {
                message: "copyTo is not an id".into(),
                path: Some("copyTo".into())
            }
        );
        for (code, relogin) in [
            ("expired", true),
            ("invalid_token", true),
            ("format_error", true),
            ("credentials_invalid", false),
        ] {
            let body = format!(r#"{{"error":{{"code":"{code}","message":"m","status":401}}}}"#);
            let e = decode(401, &body).unwrap_err();
            assert_eq!(e.needs_login(), relogin, "{code}");
        }
        assert!(decode(401, "").unwrap_err().needs_login());
        assert_eq!(
            decode(
                404,
                r#"{"error":{"code":"not_found","message":"No such config","status":404}}"#
            )
            .unwrap_err(),
            TxError::NotFound {
                message: "No such config".into()
            }
        );
        assert_eq!(
            decode(502, "<html>bad gateway</html>").unwrap_err(),
            TxError::Server {
                status: 502,
                message: String::new()
            }
        );
        assert_eq!(
            decode(200, "").unwrap_err(),
            TxError::BadBody { status: 200 }
        );
        assert!(decode(200, "[]").is_ok(), "the config list is a bare array");
        assert!(TxError::Unreachable { timeout: Some(15) }
            .to_string()
            .contains("within 15 seconds"));
    }
}
