//! The Telecom X API (contract section 2, seed 002), as plain data: the
//! requests of the mobile-config copy and its look-ups, the answers' models,
//! its own error body, and the preview of what a copy changes. A second API
//! with its own base URL, login and errors, so a module of its own beside
//! `dimensions.rs`; pure and tested natively. The page is
//! `features/telecomx`, its client `api/tx.rs`.

use super::error::truncate;
use super::json::{Fields, FromJson};
use super::request::{join, segment, ApiRequest, Method};
use super::value::Value;
use crate::i18n::tr;
use crate::trf;
use std::fmt;

/// A Telecom X object id: 24 hexadecimal characters. The docs print ids as
/// `ObjectId("...")`; on the wire they are plain strings.
pub fn is_object_id(s: &str) -> bool {
    let s = s.trim();
    s.len() == 24 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Access levels, lowest to highest (contract 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    NoLogin,
    Personal,
    Viewer,
    Manager,
    Owner,
    Reseller,
    ResellerAdmin,
    Admin,
}

impl Level {
    pub const ALL: [Level; 8] = [
        Level::NoLogin,
        Level::Personal,
        Level::Viewer,
        Level::Manager,
        Level::Owner,
        Level::Reseller,
        Level::ResellerAdmin,
        Level::Admin,
    ];

    pub fn wire(self) -> &'static str {
        match self {
            Level::NoLogin => "NO_LOGIN",
            Level::Personal => "PERSONAL",
            Level::Viewer => "VIEWER",
            Level::Manager => "MANAGER",
            Level::Owner => "OWNER",
            Level::Reseller => "RESELLER",
            Level::ResellerAdmin => "RESELLER_ADMIN",
            Level::Admin => "ADMIN",
        }
    }

    pub fn from_wire(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.wire() == s.trim())
    }
}

/// The level a copy onto `target` needs (contract 2.1): PERSONAL for one's
/// own config, VIEWER (or MANAGER, OWNER) for an employee of the same
/// customer, RESELLER for an employee of a customer of theirs, ADMIN for
/// anyone. Which customers are "theirs" the console cannot see, so another
/// customer's employee is said to need RESELLER; the API may still answer
/// that only ADMIN will do.
pub fn level_needed(me: &Login, target_id: &str, target_customer: &str) -> Level {
    if target_id.eq_ignore_ascii_case(&me.employee) {
        Level::Personal
    } else if target_customer.eq_ignore_ascii_case(&me.customer) {
        Level::Viewer
    } else {
        Level::Reseller
    }
}

/// Why a 403 on a copy onto `target_id` (of `target_customer`) happened, in
/// the words of contract 2.1: the level it needs and the level one has.
pub fn access_hint(me: &Login, target_id: &str, target_customer: &str) -> String {
    let needed = level_needed(me, target_id, target_customer);
    let mine = me.access_level.map_or_else(|| tr("unknown"), Level::wire);
    if needed == Level::Reseller && me.access_level >= Some(needed) {
        // Enough for one of one's own customers: so this one is not.
        return trf!("This customer is not one of yours, so only ADMIN may overwrite its employees' configs; you are logged in as {mine}.", mine = mine);
    }
    let level = needed.wire();
    match needed {
        Level::Personal => trf!("Overwriting your own config needs access level {level} or higher; you are logged in as {mine}.", level = level, mine = mine),
        Level::Viewer => trf!("Overwriting an employee of your own company needs access level {level} or higher; you are logged in as {mine}.", level = level, mine = mine),
        _ => trf!("Overwriting an employee of one of your customers (of any other customer: ADMIN) needs access level {level} or higher; you are logged in as {mine}.", level = level, mine = mine),
    }
}

// ---- Requests ----

/// `POST /auth/login`. `code` is the SMS code of an account with two-factor
/// login, sent as `smsKey`.
pub fn login(base: &str, email: &str, password: &str, code: Option<&str>) -> ApiRequest {
    let mut body = Value::object([
        ("username", email.trim().into()),
        ("password", password.into()),
    ]);
    if let (Some(code), Value::Object(m)) =
        (code.map(str::trim).filter(|c| !c.is_empty()), &mut body)
    {
        m.insert("smsKey".into(), code.into());
    }
    ApiRequest::new(Method::Post, join(base, "auth/login")).json(body)
}

/// `GET /auth/logout`: ends all of the user's tokens.
pub fn logout(base: &str) -> ApiRequest {
    ApiRequest::new(Method::Get, join(base, "auth/logout"))
}

/// `GET /employee?customer=&offset=&limit=&filter=`, one page.
pub fn employees(base: &str, customer: &str, offset: u32, limit: u32, filter: &str) -> ApiRequest {
    let mut path = format!(
        "employee?customer={}&offset={offset}&limit={}",
        segment(customer.trim()),
        limit.clamp(1, 500)
    );
    if !filter.trim().is_empty() {
        path.push_str(&format!("&filter={}", segment(filter.trim())));
    }
    ApiRequest::new(Method::Get, join(base, &path))
}

/// `GET /pbx/app/mobileconfig?customer=&employee=`: the configs one may
/// copy onto `target` from (the target itself left out).
pub fn configs(base: &str, customer: &str, target: &str) -> ApiRequest {
    ApiRequest::new(
        Method::Get,
        join(
            base,
            &format!(
                "pbx/app/mobileconfig?customer={}&employee={}",
                segment(customer.trim()),
                segment(target.trim())
            ),
        ),
    )
}

/// `GET /pbx/app/mobileconfig/{id}`: one employee's config.
pub fn config(base: &str, id: &str) -> ApiRequest {
    ApiRequest::new(
        Method::Get,
        join(
            base,
            &format!("pbx/app/mobileconfig/{}", segment(id.trim())),
        ),
    )
}

/// `POST /pbx/app/mobileconfig/` (with the trailing slash: without it, or
/// with an id after it, the API CREATES a config instead) with
/// `{"_id": from, "copyTo": to}`. It overwrites `to`'s config.
pub fn copy(base: &str, from: &str, to: &str) -> ApiRequest {
    ApiRequest::new(Method::Post, join(base, "pbx/app/mobileconfig/")).json(Value::object([
        ("_id", from.trim().to_ascii_lowercase().into()),
        ("copyTo", to.trim().to_ascii_lowercase().into()),
    ]))
}

// ---- Answers ----

/// A successful login.
#[derive(Clone, PartialEq)]
pub struct Login {
    pub token: String,
    /// Minutes the token lives; negative for a token that does not expire.
    pub expires_in_minutes: i64,
    pub employee: String,
    pub customer: String,
    pub access_level: Option<Level>,
    /// The employee's name, when the server gives it.
    pub name: String,
}

// Written by hand so that `{:?}` never shows the token.
impl fmt::Debug for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Login")
            .field("token", &"<redacted>")
            .field("expires_in_minutes", &self.expires_in_minutes)
            .field("employee", &self.employee)
            .field("customer", &self.customer)
            .field("access_level", &self.access_level)
            .field("name", &self.name)
            .finish()
    }
}

impl FromJson for Login {
    fn from_json(v: &Value) -> Result<Self, String> {
        let o = Fields::of(v)?;
        let level = o.opt_string("accessLevel")?;
        Ok(Login {
            token: o.string("token")?,
            expires_in_minutes: match v.get("expiresInMinutes") {
                None | Some(Value::Null) => 15,
                Some(n) => n
                    .as_i64()
                    .ok_or("`expiresInMinutes` is not a whole number")?,
            },
            employee: o.string("employee")?,
            customer: o.string("customer")?,
            access_level: level.as_deref().and_then(Level::from_wire),
            name: o.opt_string("name")?.unwrap_or_default(),
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Employee {
    pub id: String,
    pub name: String,
    pub title: String,
    pub department: String,
    pub email: String,
    pub access_level: Option<Level>,
}

impl FromJson for Employee {
    fn from_json(v: &Value) -> Result<Self, String> {
        let o = Fields::of(v)?;
        let text = |k: &str| o.opt_string(k).map(Option::unwrap_or_default);
        Ok(Employee {
            id: o.string("_id")?,
            name: text("name")?,
            title: text("title")?,
            department: text("department")?,
            email: text("emailAddress")?,
            access_level: o
                .opt_string("accessLevel")?
                .as_deref()
                .and_then(Level::from_wire),
        })
    }
}

/// One page of `GET /employee`.
#[derive(Clone, Debug, PartialEq)]
pub struct EmployeePage {
    pub offset: u64,
    pub total: u64,
    pub employees: Vec<Employee>,
}

impl EmployeePage {
    /// Whether a "Load more" would find more.
    pub fn more(&self) -> bool {
        self.offset + (self.employees.len() as u64) < self.total
    }
}

impl FromJson for EmployeePage {
    fn from_json(v: &Value) -> Result<Self, String> {
        let o = Fields::of(v)?;
        Ok(EmployeePage {
            offset: o.opt_u64("offset")?.unwrap_or(0),
            total: o.opt_u64("total")?.unwrap_or(0),
            employees: Vec::from_json(v.get("employees").unwrap_or(&Value::Null))
                .map_err(|e| format!("`employees`: {e}"))?,
        })
    }
}

/// An entry of a mobile config.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub id: String,
    pub name: String,
}

impl FromJson for Item {
    fn from_json(v: &Value) -> Result<Self, String> {
        let o = Fields::of(v)?;
        Ok(Item {
            id: o.string("_id")?,
            name: o.opt_string("name")?.unwrap_or_default(),
        })
    }
}

/// One type of a config: `COLLEAGUES`, `QUEUES`, or whatever else the
/// server sends. `items` are shown in the app, `others` are the rest.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigSet {
    pub kind: String,
    pub items: Vec<Item>,
    pub others: Vec<Item>,
}

impl FromJson for ConfigSet {
    fn from_json(v: &Value) -> Result<Self, String> {
        let o = Fields::of(v)?;
        Ok(ConfigSet {
            kind: o.string("type")?,
            items: o.opt_list("items")?,
            others: o.opt_list("others")?,
        })
    }
}

/// An employee's Communicator mobile config; its id is the employee's.
#[derive(Clone, Debug, PartialEq)]
pub struct MobileConfig {
    pub id: String,
    pub customer: String,
    pub configs: Vec<ConfigSet>,
}

impl FromJson for MobileConfig {
    fn from_json(v: &Value) -> Result<Self, String> {
        let o = Fields::of(v)?;
        Ok(MobileConfig {
            id: o.string("_id")?,
            customer: o.opt_string("customer")?.unwrap_or_default(),
            configs: o.opt_list("configs")?,
        })
    }
}

/// What a copy does to one type of the target's config.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub kind: String,
    /// The source's entries: the target's after the copy.
    pub after: Vec<Item>,
    /// The target's entries now.
    pub before: Vec<Item>,
    /// In `after`, not in `before`.
    pub added: Vec<Item>,
    /// In `before`, not in `after`.
    pub removed: Vec<Item>,
}

/// Side by side, per type (the source's types first, then any only the
/// target has, which the copy empties), what the copy will add and remove.
/// Entries are compared by id. `target` is `None` when it has no config.
pub fn preview(source: &MobileConfig, target: Option<&MobileConfig>) -> Vec<Change> {
    let empty = Vec::new();
    let target_sets = target.map_or(&empty, |t| &t.configs);
    let mut kinds: Vec<&str> = source.configs.iter().map(|c| c.kind.as_str()).collect();
    for t in target_sets {
        if !kinds.contains(&t.kind.as_str()) {
            kinds.push(&t.kind);
        }
    }
    let items_of = |sets: &Vec<ConfigSet>, kind: &str| -> Vec<Item> {
        sets.iter()
            .filter(|c| c.kind == kind)
            .flat_map(|c| c.items.iter().cloned())
            .collect()
    };
    kinds
        .into_iter()
        .map(|kind| {
            let after = items_of(&source.configs, kind);
            let before = items_of(target_sets, kind);
            let missing_from =
                |list: &Vec<Item>, i: &Item| !list.iter().any(|x| x.id.eq_ignore_ascii_case(&i.id));
            Change {
                kind: kind.to_string(),
                added: after
                    .iter()
                    .filter(|i| missing_from(&before, i))
                    .cloned()
                    .collect(),
                removed: before
                    .iter()
                    .filter(|i| missing_from(&after, i))
                    .cloned()
                    .collect(),
                after,
                before,
            }
        })
        .collect()
}

// ---- Errors ----

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

/// The first error of a Telecom X error body, `{"error": {...}}` or
/// `{"error": [{...}, ...]}`: its code, message and path.
fn first_error(body: &str) -> (String, String, Option<String>) {
    let v = Value::parse(body).unwrap_or_default();
    let e = match v.get("error") {
        Some(Value::Array(list)) => list.first().cloned().unwrap_or_default(),
        Some(e) => e.clone(),
        None => Value::Null,
    };
    let text = |k: &str| e.get(k).and_then(Value::as_str).map(truncate);
    (
        text("code").unwrap_or_default(),
        text("message").unwrap_or_default(),
        text("path"),
    )
}

/// Maps a Telecom X answer to its parsed body or a `TxError`. Answers are
/// bare JSON (no envelope). Never panics, whatever the body holds.
pub fn decode(status: u16, body: &str) -> Result<Value, TxError> {
    if (200..300).contains(&status) {
        return match Value::parse(body) {
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

/// Reads a decoded answer as `T`.
pub fn read<T: FromJson>(status: u16, v: &Value) -> Result<T, TxError> {
    T::from_json(v).map_err(|_| TxError::BadBody { status })
}

/// "expires in 12 min", from the time left in milliseconds.
pub fn expires_in(left_ms: i64) -> String {
    match left_ms {
        l if l <= 0 => tr("expired").into(),
        l if l < 60_000 => tr("expires in less than a minute").into(),
        l => trf!("expires in {minutes} min", minutes = l / 60_000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::value::json;

    const BASE: &str = "https://api.telecomx.dk";

    /// The seed's example answer, as it is on the wire: `ObjectId("…")`
    /// printed as plain strings, the unquoted `_id` key quoted, and the
    /// brackets the page leaves out closed.
    const DOCUMENTED_ANSWER: &str = r#"{
      "_id": "12345678901234567890ABCD",
      "customer": "12345678901234567890AAAA",
      "configs": [
         {  "type": "COLLEAGUES",
            "items": [
               { "_id": "12345678901234567890EEEE", "name": "Joakim" } ],
            "others": [
               { "_id": "12345678901234567890FFFF", "name": "Per" } ] },
         { "type": "QUEUES",
           "items": [
              { "_id": "12345678901234567890EEEE", "name": "Support" } ],
           "others": [
              { "_id": "12345678901234567890FFFF", "name": "Vagt" } ] } ] }"#;

    #[test]
    fn the_copy_request_is_as_documented() {
        let r = copy(
            BASE,
            " 12345678901234567890CCCC ",
            "12345678901234567890dddd",
        );
        assert_eq!(r.method, Method::Post);
        // The trailing slash matters: without it the API creates a config.
        assert_eq!(r.url, "https://api.telecomx.dk/pbx/app/mobileconfig/");
        assert_eq!(
            r.body,
            Some(json!({"_id": "12345678901234567890cccc", "copyTo": "12345678901234567890dddd"}))
        );
    }

    #[test]
    fn look_up_and_login_requests() {
        assert_eq!(
            employees(BASE, "c0ffee000000000000000002", 100, 100, " jens n ").url,
            "https://api.telecomx.dk/employee?customer=c0ffee000000000000000002&offset=100&limit=100&filter=jens%20n"
        );
        assert_eq!(
            employees(BASE, "c", 0, 9999, "").url,
            "https://api.telecomx.dk/employee?customer=c&offset=0&limit=500"
        );
        assert_eq!(
            configs(BASE, "c1", "e2").url,
            "https://api.telecomx.dk/pbx/app/mobileconfig?customer=c1&employee=e2"
        );
        assert_eq!(
            config(BASE, "e2").url,
            "https://api.telecomx.dk/pbx/app/mobileconfig/e2"
        );
        assert_eq!(logout(BASE).url, "https://api.telecomx.dk/auth/logout");
        let l = login(BASE, " rasmus@x.example ", "pw", Some(" 424242 "));
        assert_eq!(l.url, "https://api.telecomx.dk/auth/login");
        assert_eq!(
            l.body,
            Some(json!({"username": "rasmus@x.example", "password": "pw", "smsKey": "424242"}))
        );
        let l = login(BASE, "a@b", "pw", Some(" "));
        assert_eq!(l.body, Some(json!({"username": "a@b", "password": "pw"})));
    }

    #[test]
    fn the_documented_answer_decodes() {
        let v = decode(200, DOCUMENTED_ANSWER).unwrap();
        let c: MobileConfig = read(200, &v).unwrap();
        assert_eq!(c.id, "12345678901234567890ABCD");
        assert_eq!(c.customer, "12345678901234567890AAAA");
        assert_eq!(c.configs.len(), 2);
        assert_eq!(c.configs[0].kind, "COLLEAGUES");
        assert_eq!(
            c.configs[0].items,
            [Item {
                id: "12345678901234567890EEEE".into(),
                name: "Joakim".into()
            }]
        );
        assert_eq!(c.configs[1].others[0].name, "Vagt");
        // As the page prints it (ObjectId(...), an unquoted key) it is not JSON.
        let printed = DOCUMENTED_ANSWER.replace(
            "\"12345678901234567890ABCD\"",
            "ObjectId(\"12345678901234567890ABCD\")",
        );
        assert_eq!(decode(200, &printed), Err(TxError::BadBody { status: 200 }));
    }

    #[test]
    fn login_employees_and_pages_decode() {
        let v = decode(
            200,
            r#"{"token":"t0k","expiresInMinutes":15,"employee":"ee0000000000000000002001",
                "customer":"c0ffee000000000000000001","accessLevel":"RESELLER","name":"Rasmus"}"#,
        )
        .unwrap();
        let l: Login = read(200, &v).unwrap();
        assert_eq!(
            (l.expires_in_minutes, l.access_level, l.name.as_str()),
            (15, Some(Level::Reseller), "Rasmus")
        );
        assert!(
            !format!("{l:?}").contains("t0k"),
            "the token stays out of Debug"
        );
        let persist: Login = read(
            200,
            &json!({"token": "t", "expiresInMinutes": -1, "employee": "e", "customer": "c"}),
        )
        .unwrap();
        assert_eq!(persist.expires_in_minutes, -1);

        let page: EmployeePage = read(
            200,
            &json!({"offset": 100, "limit": 100, "total": 148, "employees": [
                {"_id": "ee0000000000000000002006", "name": "<img src=x onerror=alert(1)>", "title": "t",
                 "department": "d", "emailAddress": "x@y", "accessLevel": "VIEWER", "state": "ENABLED"}]}),
        )
        .unwrap();
        assert_eq!(page.employees[0].name, "<img src=x onerror=alert(1)>");
        assert_eq!(page.employees[0].access_level, Some(Level::Viewer));
        assert!(page.more(), "101 of 148");
        let last = EmployeePage {
            offset: 147,
            total: 148,
            employees: page.employees.clone(),
        };
        assert!(!last.more());
        assert!(read::<EmployeePage>(200, &json!({"employees": [{"name": "no id"}]})).is_err());
    }

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

    #[test]
    fn the_preview_shows_each_type_with_what_is_added_and_removed() {
        let item = |id: &str, name: &str| Item {
            id: id.into(),
            name: name.into(),
        };
        let set = |kind: &str, items: Vec<Item>| ConfigSet {
            kind: kind.into(),
            items,
            others: Vec::new(),
        };
        let source = MobileConfig {
            id: "s".into(),
            customer: "c".into(),
            configs: vec![
                set("COLLEAGUES", vec![item("a", "Ann"), item("b", "Bo")]),
                set("SPEED_DIALS", vec![item("x", "Home")]),
            ],
        };
        let target = MobileConfig {
            id: "t".into(),
            customer: "c".into(),
            configs: vec![
                set("QUEUES", vec![item("q", "Support")]),
                set("COLLEAGUES", vec![item("B", "Bo"), item("c", "Cy")]),
            ],
        };
        let p = preview(&source, Some(&target));
        let kinds: Vec<&str> = p.iter().map(|c| c.kind.as_str()).collect();
        assert_eq!(kinds, ["COLLEAGUES", "SPEED_DIALS", "QUEUES"]);
        assert_eq!(p[0].added, [item("a", "Ann")]);
        assert_eq!(p[0].removed, [item("c", "Cy")]);
        assert_eq!(p[1].added, [item("x", "Home")]);
        assert!(p[1].before.is_empty());
        // A type only the target has is emptied by the copy.
        assert_eq!(p[2].removed, [item("q", "Support")]);
        assert!(p[2].after.is_empty());
        // No config yet: everything is added.
        let fresh = preview(&source, None);
        assert_eq!(fresh[0].added.len(), 2);
        assert!(fresh.iter().all(|c| c.removed.is_empty()));
    }

    #[test]
    fn ids_levels_and_expiry() {
        assert!(is_object_id("12345678901234567890ABCD"));
        assert!(is_object_id(" 12345678901234567890abcd "));
        assert!(!is_object_id("12345678901234567890ABC"));
        assert!(!is_object_id("12345678901234567890ABCG"));
        assert!(Level::Viewer < Level::Reseller && Level::ResellerAdmin < Level::Admin);
        for l in Level::ALL {
            assert_eq!(Level::from_wire(l.wire()), Some(l));
        }
        let me = Login {
            token: "t".into(),
            expires_in_minutes: 15,
            employee: "ee0000000000000000002001".into(),
            customer: "c0ffee000000000000000001".into(),
            access_level: Some(Level::Reseller),
            name: "Rasmus".into(),
        };
        assert_eq!(
            level_needed(&me, "EE0000000000000000002001", "x"),
            Level::Personal
        );
        assert_eq!(
            level_needed(&me, "ee0000000000000000009999", "c0ffee000000000000000001"),
            Level::Viewer
        );
        assert_eq!(
            level_needed(&me, "ee0000000000000000009999", "c0ffee000000000000000002"),
            Level::Reseller
        );
        assert_eq!(
            access_hint(&me, "ee0000000000000000009999", "c0ffee000000000000000004"),
            "This customer is not one of yours, so only ADMIN may overwrite its employees' configs; you are logged in as RESELLER."
        );
        let jonas = Login {
            access_level: Some(Level::Viewer),
            ..me.clone()
        };
        assert_eq!(
            access_hint(&jonas, "ee0000000000000000009999", "c0ffee000000000000000002"),
            "Overwriting an employee of one of your customers (of any other customer: ADMIN) needs access level RESELLER or higher; you are logged in as VIEWER."
        );
        let viewer = Login {
            access_level: Some(Level::Personal),
            ..me.clone()
        };
        assert!(
            access_hint(&viewer, "ee0000000000000000009999", &me.customer)
                .contains("needs access level VIEWER or higher; you are logged in as PERSONAL")
        );
        assert_eq!(expires_in(12 * 60_000 + 5_000), "expires in 12 min");
        assert_eq!(expires_in(30_000), "expires in less than a minute");
        assert_eq!(expires_in(0), "expired");
    }
}
