//! PBX connection profiles (contract 1.2): the stored model, validation of
//! create bodies (also used for the seed's `pbxs`), JSON Patch parsing, and
//! new ids. Pure functions; the routes are in `api.rs`.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

pub const KAZOO: &str = "KazooPbxConnectionProfile";
pub const THREE_CX: &str = "ThreeCxConnectionProfile";

/// The fields each `_type` accepts (besides `_type`), in the order they are
/// checked.
const KAZOO_FIELDS: [&str; 6] = [
    "name",
    "hostRest",
    "hostWebsocket",
    "accountId",
    "apiKey",
    "monitorSubAccounts",
];
const THREE_CX_FIELDS: [&str; 6] = [
    "name",
    "licenseKey",
    "username",
    "password",
    "enableRecordingArchive",
    "recordingArchiveFrequency",
];

/// A connected PBX.
#[derive(Debug, Clone)]
pub struct Pbx {
    pub id: String,
    /// The owning customer's id, as the customer stores it.
    pub tenant_id: String,
    pub enabled: bool,
    /// How many times the event collector was restarted (once per PATCH).
    pub collector_restarts: u32,
    /// The profile as sent at creation (`_type`, `name`, ... with values
    /// exactly as sent, e.g. `"enableRecordingArchive": "true"`), with
    /// later renames applied. Never holds `id`, `tenantId`, `countryCode` or
    /// `enabled`.
    pub profile: Map<String, Value>,
}

impl Pbx {
    pub fn kind(&self) -> &str {
        self.profile
            .get("_type")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    pub fn name(&self) -> &str {
        self.profile
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// The Kazoo `accountId` or the 3CX `licenseKey`.
    pub fn instance_id(&self) -> &str {
        instance_id(&self.profile).unwrap_or("")
    }

    /// The profile with `id`, `tenantId`, `countryCode` and `enabled`, as
    /// the create and get answers show it.
    pub fn to_json(&self, country_code: &str) -> Value {
        let mut out = self.profile.clone();
        out.insert("id".into(), self.id.clone().into());
        out.insert("tenantId".into(), self.tenant_id.clone().into());
        out.insert("countryCode".into(), country_code.into());
        out.insert("enabled".into(), self.enabled.into());
        Value::Object(out)
    }
}

/// The instance id of a (valid) profile: `accountId` or `licenseKey`.
pub fn instance_id(profile: &Map<String, Value>) -> Option<&str> {
    let field = match profile.get("_type").and_then(Value::as_str)? {
        KAZOO => "accountId",
        THREE_CX => "licenseKey",
        _ => return None,
    };
    profile.get(field).and_then(Value::as_str)
}

/// Instance ids compare trimmed and case-insensitively.
pub fn same_instance(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// `true`/`false`, or the strings `"true"`/`"false"` (any case), as
/// Newtonsoft-style .NET binding accepts them.
pub fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.trim().eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// `hh:mm:ss`: hours 00-23, minutes and seconds 00-59, two digits each.
pub fn is_duration(s: &str) -> bool {
    let parts: Vec<&str> = s.split(':').collect();
    let two = |p: &str, max: u32| {
        p.len() == 2 && p.bytes().all(|c| c.is_ascii_digit()) && p.parse::<u32>().unwrap() <= max
    };
    parts.len() == 3 && two(parts[0], 23) && two(parts[1], 59) && two(parts[2], 59)
}

fn is_url(s: &str, scheme: &str) -> bool {
    let s = s.trim();
    match (s.get(..scheme.len()), s.get(scheme.len()..)) {
        (Some(head), Some(rest)) => {
            head.eq_ignore_ascii_case(scheme)
                && !rest.is_empty()
                && !rest.starts_with('/')
                && !rest.contains(char::is_whitespace)
        }
        _ => false,
    }
}

fn field_error(field: &str, problem: &str) -> String {
    format!("The field '{field}' {problem}.")
}

/// A required string: present, a string, not blank.
fn required_string<'a>(body: &'a Map<String, Value>, field: &str) -> Result<&'a str, String> {
    match body.get(field) {
        None | Some(Value::Null) => Err(field_error(field, "is required")),
        Some(Value::String(s)) if s.trim().is_empty() => Err(field_error(field, "is required")),
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(field_error(field, "must be a string")),
    }
}

/// An optional boolean (or `"true"`/`"false"`); `null` counts as absent.
fn optional_bool(body: &Map<String, Value>, field: &str) -> Result<Option<bool>, String> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => as_bool(v)
            .map(Some)
            .ok_or_else(|| field_error(field, "must be true or false")),
    }
}

/// Checks a create body (`_type` and the fields of that type). Returns the
/// message of the first problem, naming the field.
pub fn validate_profile(body: &Map<String, Value>) -> Result<(), String> {
    let expected = format!("{KAZOO} or {THREE_CX}");
    let (kind, fields): (&str, &[&str]) = match body.get("_type") {
        None | Some(Value::Null) => {
            return Err(format!(
                "The field '_type' is required; it must be {expected}."
            ))
        }
        Some(Value::String(t)) if t == KAZOO => (KAZOO, &KAZOO_FIELDS),
        Some(Value::String(t)) if t == THREE_CX => (THREE_CX, &THREE_CX_FIELDS),
        Some(Value::String(t)) => {
            return Err(format!("The field '_type' must be {expected}, not '{t}'."))
        }
        Some(_) => return Err(format!("The field '_type' must be {expected}.")),
    };
    required_string(body, "name")?;
    if kind == KAZOO {
        if !is_url(required_string(body, "hostRest")?, "https://") {
            return Err(field_error("hostRest", "must be an https:// URL"));
        }
        if !is_url(required_string(body, "hostWebsocket")?, "wss://") {
            return Err(field_error("hostWebsocket", "must be a wss:// URL"));
        }
        required_string(body, "accountId")?;
        required_string(body, "apiKey")?;
        optional_bool(body, "monitorSubAccounts")?;
    } else {
        required_string(body, "licenseKey")?;
        required_string(body, "username")?;
        required_string(body, "password")?;
        let archive = optional_bool(body, "enableRecordingArchive")?.unwrap_or(false);
        let frequency = "recordingArchiveFrequency";
        match body.get(frequency) {
            None | Some(Value::Null) if archive => {
                return Err(field_error(
                    frequency,
                    "is required when enableRecordingArchive is true",
                ))
            }
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if s.is_empty() && archive => {
                return Err(field_error(
                    frequency,
                    "is required when enableRecordingArchive is true",
                ))
            }
            // An empty field from a form, with the archive off: no frequency.
            Some(Value::String(s)) if s.is_empty() => {}
            Some(Value::String(s)) if !is_duration(s) => {
                return Err(field_error(frequency, "must be a duration hh:mm:ss"))
            }
            Some(Value::String(s)) if archive && s == "00:00:00" => {
                return Err(field_error(
                    frequency,
                    "must be a duration hh:mm:ss longer than 00:00:00",
                ))
            }
            Some(Value::String(_)) => {}
            Some(_) => return Err(field_error(frequency, "must be a duration hh:mm:ss")),
        }
    }
    let mut unknown: Vec<&String> = body
        .keys()
        .filter(|k| k.as_str() != "_type" && !fields.contains(&k.as_str()))
        .collect();
    unknown.sort();
    if let Some(k) = unknown.first() {
        return Err(format!(
            "The field '{k}' is not a field of {kind} (expected {}).",
            fields.join(", ")
        ));
    }
    Ok(())
}

/// One supported JSON Patch operation.
#[derive(Debug, Clone, PartialEq)]
pub enum PatchOp {
    Enabled(bool),
    Name(String),
}

/// Parses a JSON Patch array of `replace` operations on `/enabled` (a
/// boolean or `"true"`/`"false"`) and `/name` (a non-blank string). `op` and
/// `path` are matched case-insensitively, as ASP.NET's JsonPatch does. The
/// message names the first problem.
pub fn parse_patch(body: &[u8]) -> Result<Vec<PatchOp>, String> {
    let example = r#"e.g. [{"op":"replace","path":"/enabled","value":true}]"#;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(format!("A JSON Patch array is required, {example}."));
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| format!("The request body is not valid JSON: {e}"))?;
    let Value::Array(ops) = value else {
        return Err(format!(
            "The request body must be a JSON Patch array, {example}."
        ));
    };
    if ops.is_empty() {
        return Err(format!("The JSON Patch array is empty, {example}."));
    }
    ops.iter()
        .enumerate()
        .map(|(i, op)| {
            let Some(op) = op.as_object() else {
                return Err(format!("Patch operation {i} must be a JSON object."));
            };
            let verb = op.get("op").and_then(Value::as_str).unwrap_or_default();
            if !verb.eq_ignore_ascii_case("replace") {
                return Err(format!(
                    "Patch operation {i}: op '{verb}' is not supported; only 'replace' is."
                ));
            }
            let path = op.get("path").and_then(Value::as_str).unwrap_or_default();
            let value = op.get("value").unwrap_or(&Value::Null);
            if path.eq_ignore_ascii_case("/enabled") {
                as_bool(value).map(PatchOp::Enabled).ok_or_else(|| {
                    format!("Patch operation {i}: the value of /enabled must be true or false.")
                })
            } else if path.eq_ignore_ascii_case("/name") {
                match value {
                    Value::String(s) if !s.trim().is_empty() => Ok(PatchOp::Name(s.clone())),
                    _ => Err(format!(
                        "Patch operation {i}: the value of /name must be a non-empty string."
                    )),
                }
            } else {
                Err(format!(
                    "Patch operation {i}: path '{path}' cannot be patched; only /enabled and /name can."
                ))
            }
        })
        .collect()
}

/// `n` random numbers. No extra dependency: the standard library's randomly
/// keyed hasher, fed the clock and a counter; plenty for a sandbox's ids and
/// tokens.
pub fn random_u64s(n: u64) -> impl Iterator<Item = u64> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    (0..n).map(move |part| {
        let mut h = RandomState::new().build_hasher();
        h.write_u128(nanos);
        h.write_u64(count);
        h.write_u64(part);
        h.finish()
    })
}

/// A new random (version 4) GUID, lowercase.
pub fn new_guid() -> String {
    let mut b = [0u8; 16];
    for (chunk, part) in b.chunks_mut(8).zip(random_u64s(2)) {
        chunk.copy_from_slice(&part.to_le_bytes());
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(v: Value) -> Result<(), String> {
        validate_profile(v.as_object().unwrap())
    }

    fn kazoo() -> Value {
        json!({"_type": KAZOO, "name": "Clients Pbx", "hostRest": "https://rest.example.com",
               "hostWebsocket": "wss://ws.example.com", "accountId": "12345", "apiKey": "ABCDEF"})
    }

    fn three_cx() -> Value {
        json!({"_type": THREE_CX, "name": "3CX Connexion", "licenseKey": "lk", "username": "u",
               "password": "p", "enableRecordingArchive": "true", "recordingArchiveFrequency": "00:20:00"})
    }

    #[test]
    fn the_documented_examples_are_valid() {
        assert_eq!(check(kazoo()), Ok(()));
        assert_eq!(check(three_cx()), Ok(()));
        let mut k = kazoo();
        k["monitorSubAccounts"] = true.into();
        assert_eq!(check(k), Ok(()));
        let mut t = three_cx();
        t["enableRecordingArchive"] = true.into();
        assert_eq!(check(t.clone()), Ok(()));
        t["enableRecordingArchive"] = false.into();
        t.as_object_mut()
            .unwrap()
            .remove("recordingArchiveFrequency");
        assert_eq!(check(t.clone()), Ok(()));
        t["recordingArchiveFrequency"] = "".into();
        assert_eq!(check(t), Ok(()));
    }

    #[test]
    fn errors_name_the_field() {
        let msg = |v: Value| check(v).unwrap_err();
        let mut k = kazoo();
        k["hostRest"] = "http://rest.example.com".into();
        assert_eq!(msg(k), "The field 'hostRest' must be an https:// URL.");
        let mut k = kazoo();
        k["hostWebsocket"] = "https://ws.example.com".into();
        assert_eq!(msg(k), "The field 'hostWebsocket' must be a wss:// URL.");
        let mut k = kazoo();
        k.as_object_mut().unwrap().remove("apiKey");
        assert_eq!(msg(k), "The field 'apiKey' is required.");
        let mut k = kazoo();
        k["name"] = "  ".into();
        assert_eq!(msg(k), "The field 'name' is required.");
        let mut k = kazoo();
        k["accountId"] = 12345.into();
        assert_eq!(msg(k), "The field 'accountId' must be a string.");
        let mut k = kazoo();
        k["monitorSubAccounts"] = "yes".into();
        assert_eq!(
            msg(k),
            "The field 'monitorSubAccounts' must be true or false."
        );
        let mut k = kazoo();
        k["enabled"] = false.into();
        assert!(
            msg(k).starts_with("The field 'enabled' is not a field of KazooPbxConnectionProfile")
        );
        for bad in ["25:00:00", "abc", "0:20:00", "00:60:00", "00:20", ""] {
            let mut t = three_cx();
            t["recordingArchiveFrequency"] = bad.into();
            let m = msg(t);
            assert!(
                m.starts_with("The field 'recordingArchiveFrequency' "),
                "{bad}: {m}"
            );
        }
        let mut t = three_cx();
        t.as_object_mut()
            .unwrap()
            .remove("recordingArchiveFrequency");
        assert_eq!(
            msg(t),
            "The field 'recordingArchiveFrequency' is required when enableRecordingArchive is true."
        );
        let mut t = three_cx();
        t["enableRecordingArchive"] = "on".into();
        assert_eq!(
            msg(t),
            "The field 'enableRecordingArchive' must be true or false."
        );
        assert!(msg(json!({"name": "x"})).starts_with("The field '_type' is required"));
        assert!(msg(json!({"_type": "Avaya"})).starts_with("The field '_type' must be"));
    }

    #[test]
    fn durations() {
        for ok in ["00:00:00", "00:20:00", "23:59:59"] {
            assert!(is_duration(ok), "{ok}");
        }
        for bad in [
            "24:00:00", "25:00:00", "00:60:00", "00:00:60", "1:00:00", "abc", "00:20", "+1:00:00",
        ] {
            assert!(!is_duration(bad), "{bad}");
        }
    }

    #[test]
    fn patches() {
        assert_eq!(
            parse_patch(br#"[{"op":"replace","path":"/enabled","value":"true"}]"#),
            Ok(vec![PatchOp::Enabled(true)])
        );
        assert_eq!(
            parse_patch(br#"[{"op":"Replace","path":"/Enabled","value":false},{"op":"replace","path":"/name","value":"N"}]"#),
            Ok(vec![PatchOp::Enabled(false), PatchOp::Name("N".into())])
        );
        for bad in [
            &br#"[]"#[..],
            br#"{"op":"replace"}"#,
            br#"[{"op":"add","path":"/enabled","value":true}]"#,
            br#"[{"op":"replace","path":"/hostRest","value":"x"}]"#,
            br#"[{"op":"replace","path":"/enabled","value":"yes"}]"#,
            br#"[{"op":"replace","path":"/name","value":""}]"#,
            b"",
            b"nope",
        ] {
            assert!(
                parse_patch(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn guids_are_fresh_v4() {
        let a = new_guid();
        let b = new_guid();
        assert_ne!(a, b);
        assert!(crate::seed::is_guid(&a), "{a}");
        assert_eq!(&a[14..15], "4");
        assert!("89ab".contains(&a[19..20]), "{a}");
    }
}
