//! The Telecom X API (contract section 2) under the base path `/telecomx`:
//! login/logout, employee and mobile config look-ups, mobile config copy and
//! create. Requests pass the same gate as `/api` (request log, faults; see
//! `api::gate`), then [`guard`] checks the bearer token. Errors always have
//! the Telecom X shape `{"error": {"code", "message", "status", "path"?}}`.

pub mod world;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request, State};
use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde_json::{json, Map, Value};

use crate::api::json_response;
use crate::state::AppState;
use world::{is_object_id, Employee, EmployeeState, Level, MobileConfig, TokenCheck, World};

/// Where the Telecom X API lives on the API listener (the console's
/// `telecomxApiBase` is `<api origin>/telecomx`).
pub const BASE: &str = "/telecomx";
/// The one route that needs no token.
pub const LOGIN_PATH: &str = "/telecomx/auth/login";

const DEFAULT_LIMIT: usize = 100;
const MAX_LIMIT: usize = 500;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/telecomx/auth/login", post(login))
        .route("/telecomx/auth/logout", get(logout))
        .route("/telecomx/employee", get(list_employees))
        .route(
            "/telecomx/pbx/app/mobileconfig",
            get(list_configs).post(copy_without_slash),
        )
        .route("/telecomx/pbx/app/mobileconfig/", post(copy))
        .route(
            "/telecomx/pbx/app/mobileconfig/{id}",
            get(get_config).post(create_config),
        )
}

/// Whether `path` is under [`BASE`].
pub fn is_telecomx(path: &str) -> bool {
    path == BASE || path.starts_with("/telecomx/")
}

// ------------------------------------------------------------------ errors

/// A Telecom X error answer.
#[derive(Debug)]
pub struct TxError {
    status: StatusCode,
    code: &'static str,
    message: String,
    path: Option<String>,
}

impl TxError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        TxError {
            status,
            code,
            message: message.into(),
            path: None,
        }
    }

    /// Names the request field (or query parameter) the error is about.
    pub fn at(mut self, path: &str) -> Self {
        self.path = Some(path.to_owned());
        self
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        TxError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        TxError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    fn unauthorized(code: &'static str, message: impl Into<String>) -> Self {
        TxError::new(StatusCode::UNAUTHORIZED, code, message)
    }

    /// 403 `access_denied` naming the level `action` needs and why. `of_employee`:
    /// the action is on an employee (else on a customer).
    fn denied(action: &str, relation: world::Relation, have: Level, of_employee: bool) -> Self {
        let needed = relation.needed();
        let level = if needed == Level::Admin {
            "ADMIN".to_owned()
        } else {
            format!("{needed} or higher")
        };
        let why = match relation {
            world::Relation::Own => relation.describe().to_owned(),
            _ if of_employee => format!("an employee of {}", relation.describe()),
            _ => relation.describe().to_owned(),
        };
        TxError::new(
            StatusCode::FORBIDDEN,
            "access_denied",
            format!(
                "Insufficient access level: {action} needs access level {level} ({why}); \
                 your access level is {have}."
            ),
        )
    }
}

impl IntoResponse for TxError {
    fn into_response(self) -> Response {
        let mut error = Map::new();
        error.insert("code".into(), self.code.into());
        error.insert("message".into(), self.message.into());
        error.insert("status".into(), self.status.as_u16().into());
        if let Some(path) = self.path {
            error.insert("path".into(), path.into());
        }
        let mut resp = json_response(self.status, &json!({ "error": error }));
        if self.status == StatusCode::UNAUTHORIZED {
            resp.headers_mut()
                .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        resp
    }
}

type TxResult = Result<Response, TxError>;

fn ok(value: &Value) -> TxResult {
    Ok(json_response(StatusCode::OK, value))
}

// -------------------------------------------------------------------- gate

/// Who is calling: put into the request by [`guard`].
#[derive(Debug, Clone)]
pub struct Caller {
    pub employee: String,
}

/// The Telecom X part of the gate, after the request log and faults: checks
/// the bearer token (except for login), runs the route, and turns axum's
/// bare 405 into a Telecom X error.
pub async fn guard(st: &AppState, mut parts: Parts, body: Bytes, next: Next) -> Response {
    if parts.uri.path() != LOGIN_PATH {
        match authenticate(st, &parts.headers) {
            Ok(caller) => {
                parts.extensions.insert(caller);
            }
            Err(e) => return e.into_response(),
        }
    }
    let resp = next.run(Request::from_parts(parts, Body::from(body))).await;
    if resp.status() == StatusCode::METHOD_NOT_ALLOWED {
        // axum adds the `Allow` header after this layer.
        return TxError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "This method is not allowed on this path (see the Allow header).",
        )
        .into_response();
    }
    resp
}

/// `Authorization: Bearer <token>` -> the caller. A missing or non-Bearer
/// header is `format_error`; an unknown token `invalid_token`; an expired
/// one `expired`.
fn authenticate(st: &AppState, headers: &HeaderMap) -> Result<Caller, TxError> {
    let how = "send the header Authorization: Bearer <token>, with the token from POST /auth/login";
    let Some(value) = headers.get(AUTHORIZATION) else {
        return Err(TxError::unauthorized(
            "format_error",
            format!("No access token: {how}."),
        ));
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim())
        .filter(|t| !t.is_empty());
    let Some(token) = token else {
        return Err(TxError::unauthorized(
            "format_error",
            format!("The Authorization header is not a bearer token: {how}."),
        ));
    };
    let inner = st.lock();
    let world = &inner.data.telecomx;
    match world.check_token(token) {
        TokenCheck::Valid(employee) if world.employee(&employee).is_some() => {
            Ok(Caller { employee })
        }
        TokenCheck::Expired => Err(TxError::unauthorized(
            "expired",
            "Your session has expired: log in again.",
        )),
        _ => Err(TxError::unauthorized(
            "invalid_token",
            "The access token is not valid (unknown, garbled or logged out): log in again.",
        )),
    }
}

/// Unknown paths under `/telecomx` (after auth).
pub fn not_found_path(method: &str, path: &str) -> Response {
    TxError::not_found(format!("There is no endpoint {method} {path}.")).into_response()
}

// ------------------------------------------------------------------- login

struct LoginBody {
    username: String,
    password: String,
    sms_key: Option<String>,
    persist: bool,
}

const LOGIN_FIELDS: [&str; 6] = [
    "username",
    "password",
    "smsKey",
    "authenticatorToken",
    "cookie",
    "persist",
];

/// A JSON object body, or a 400 that says what was expected.
fn object_body(body: &[u8], expected: &str) -> Result<Map<String, Value>, TxError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(TxError::bad_request(format!(
            "A JSON request body is required: {expected}."
        )));
    }
    match serde_json::from_slice(body) {
        Ok(Value::Object(obj)) => Ok(obj),
        Ok(_) => Err(TxError::bad_request(format!(
            "The request body must be a JSON object: {expected}."
        ))),
        Err(e) => Err(TxError::bad_request(format!(
            "The request body is not valid JSON ({e}); expected {expected}."
        ))),
    }
}

/// Refuses a field not in `known` (a typo on the client side).
fn only_fields(obj: &Map<String, Value>, known: &[&str]) -> Result<(), TxError> {
    match obj.keys().find(|k| !known.contains(&k.as_str())) {
        Some(k) => Err(TxError::bad_request(format!(
            "Unknown field '{k}' (expected {}).",
            known.join(", ")
        ))
        .at(k)),
        None => Ok(()),
    }
}

/// A code sent as a string or a number (the vendor's example sends '1563').
fn code_field(obj: &Map<String, Value>, name: &str) -> Result<Option<String>, TxError> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_owned())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(TxError::bad_request(format!("{name} must be a string.")).at(name)),
    }
}

fn parse_login(body: &[u8]) -> Result<LoginBody, TxError> {
    let expected = r#"{"username": "<e-mail>", "password": "...", "smsKey"?: "..."}"#;
    let obj = object_body(body, expected)?;
    only_fields(&obj, &LOGIN_FIELDS)?;
    let username = match obj.get("username") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
        Some(Value::String(_)) | None | Some(Value::Null) => {
            return Err(TxError::bad_request(
                "username (the employee's e-mail address) is required.",
            )
            .at("username"))
        }
        Some(_) => return Err(TxError::bad_request("username must be a string.").at("username")),
    };
    let password = match obj.get("password") {
        Some(Value::String(s)) => s.clone(),
        None | Some(Value::Null) => {
            return Err(TxError::bad_request("password is required.").at("password"))
        }
        Some(_) => return Err(TxError::bad_request("password must be a string.").at("password")),
    };
    let sms_key = code_field(&obj, "smsKey")?;
    code_field(&obj, "authenticatorToken")?;
    let persist = match obj.get("persist") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|n| n != 0.0),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => true,
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => false,
        Some(_) => return Err(TxError::bad_request("persist must be true or false.").at("persist")),
    };
    Ok(LoginBody {
        username,
        password,
        sms_key,
        persist,
    })
}

/// The last two digits of a phone number, for the "code sent" message.
fn phone_hint(number: Option<&str>) -> String {
    let digits: Vec<char> = number
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    if digits.len() < 2 {
        "your phone".into()
    } else {
        format!(
            "the phone number ending in {}{}",
            digits[digits.len() - 2],
            digits[digits.len() - 1]
        )
    }
}

/// Check order: body (400) -> e-mail and password (401
/// `credentials_invalid`, one message for both) -> DISABLED or NO_LOGIN
/// (401 `credentials_invalid`) -> SMS code missing or wrong (401
/// `credentials_invalid`, `path: "smsKey"`) -> token.
async fn login(State(st): State<AppState>, body: Bytes) -> TxResult {
    let req = parse_login(&body)?;
    let mut inner = st.lock();
    let world = &mut inner.data.telecomx;
    let employee = world
        .employee_by_email(&req.username)
        .filter(|e| e.password.as_deref() == Some(req.password.as_str()))
        .cloned()
        .ok_or_else(|| {
            TxError::unauthorized(
                "credentials_invalid",
                "The e-mail address or the password is wrong.",
            )
        })?;
    if employee.state == EmployeeState::Disabled {
        return Err(TxError::unauthorized(
            "credentials_invalid",
            "This employee is disabled and cannot log in.",
        ));
    }
    if employee.access_level == Level::NoLogin {
        return Err(TxError::unauthorized(
            "credentials_invalid",
            "This employee's access level is NO_LOGIN: they cannot log in.",
        ));
    }
    if let Some(expected) = &employee.sms_key {
        match &req.sms_key {
            None => {
                return Err(TxError::unauthorized(
                    "credentials_invalid",
                    format!(
                        "A code is needed: this employee logs in with SMS validation. \
                         A code was sent to {}; send it as smsKey with the e-mail address \
                         and password.",
                        phone_hint(employee.sms_number.as_deref())
                    ),
                )
                .at("smsKey"))
            }
            Some(code) if code != expected => {
                return Err(TxError::unauthorized(
                    "credentials_invalid",
                    "The SMS code is wrong: check the code and try again.",
                )
                .at("smsKey"))
            }
            Some(_) => {}
        }
    }
    let (token, minutes) = world.issue_token(&employee.id, req.persist);
    let customer_name = world
        .customer(&employee.customer)
        .map(|c| c.name.clone())
        .unwrap_or_default();
    ok(&json!({
        "token": token,
        "expiresInMinutes": minutes,
        "employee": employee.id,
        "customer": employee.customer,
        "accessLevel": employee.access_level,
        "name": employee.name,
        "customerName": customer_name,
    }))
}

/// Ends all of the caller's tokens.
async fn logout(State(st): State<AppState>, Extension(caller): Extension<Caller>) -> TxResult {
    st.lock().data.telecomx.logout(&caller.employee);
    ok(&json!({}))
}

// ---------------------------------------------------------------- look-ups

/// The caller's employee record. The guard checked that it exists, but under
/// an earlier lock: a reset in between could have removed it.
fn caller_in<'a>(world: &'a World, caller: &Caller) -> Result<&'a Employee, TxError> {
    world.employee(&caller.employee).ok_or_else(|| {
        TxError::unauthorized("invalid_token", "The access token's employee is gone.")
    })
}

fn query_pairs(uri: &Uri) -> Result<Vec<(String, String)>, TxError> {
    Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map(|q| q.0)
        .map_err(|e| TxError::bad_request(format!("The query string is not valid: {e}")))
}

/// A query parameter by its exact name (the first one if repeated).
fn param<'a>(q: &'a [(String, String)], name: &str) -> Option<&'a str> {
    q.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

fn id_param<'a>(q: &'a [(String, String)], name: &str) -> Result<Option<&'a str>, TxError> {
    match param(q, name) {
        Some(v) if !is_object_id(v) => Err(bad_id(name, v)),
        other => Ok(other),
    }
}

fn bad_id(name: &str, value: &str) -> TxError {
    TxError::bad_request(format!(
        "{name} '{value}' is not an id (24 hexadecimal characters)."
    ))
    .at(name)
}

fn number_param(
    q: &[(String, String)],
    name: &str,
    default: usize,
    range: std::ops::RangeInclusive<usize>,
) -> Result<usize, TxError> {
    let Some(v) = param(q, name) else {
        return Ok(default);
    };
    match v.parse::<usize>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(TxError::bad_request(format!(
            "{name} must be a whole number from {} to {}, not '{v}'.",
            range.start(),
            range.end()
        ))
        .at(name)),
    }
}

/// The customer named by the `customer` query parameter (default: the
/// caller's), which the caller must be allowed to act on for `action`.
fn customer_for<'a>(
    world: &'a World,
    me: &Employee,
    q: &[(String, String)],
    action: &str,
) -> Result<&'a world::TxCustomer, TxError> {
    let id = id_param(q, "customer")?.unwrap_or(&me.customer);
    let customer = world
        .customer(id)
        .ok_or_else(|| TxError::not_found(format!("No customer with id {id}.")).at("customer"))?;
    let relation = world.relation_to_customer(me, &customer.id);
    if me.access_level < relation.needed() {
        return Err(TxError::denied(
            &format!("{action} of customer {}", customer.name),
            relation,
            me.access_level,
            false,
        )
        .at("customer"));
    }
    Ok(customer)
}

fn employee_json(e: &Employee) -> Value {
    json!({
        "_id": e.id,
        "name": e.name,
        "title": e.title,
        "department": e.department,
        "emailAddress": e.email_address,
        "accessLevel": e.access_level,
        "state": e.state.as_str(),
    })
}

/// `GET /employee?customer=&offset=&limit=&filter=&includeDeleted=`.
async fn list_employees(
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    uri: Uri,
) -> TxResult {
    let q = query_pairs(&uri)?;
    let offset = number_param(&q, "offset", 0, 0..=usize::MAX)?;
    let limit = number_param(&q, "limit", DEFAULT_LIMIT, 1..=MAX_LIMIT)?;
    let include_deleted = param(&q, "includeDeleted").is_some_and(|v| v == "true" || v == "1");
    let filter = param(&q, "filter").map(str::to_lowercase);
    let inner = st.lock();
    let world = &inner.data.telecomx;
    let me = caller_in(world, &caller)?;
    let customer = customer_for(world, me, &q, "listing the employees")?;
    let mut matching: Vec<&Employee> = world
        .employees
        .iter()
        .filter(|e| e.customer == customer.id)
        .filter(|e| include_deleted || e.state != EmployeeState::Deleted)
        .filter(|e| {
            filter.as_deref().is_none_or(|f| {
                e.name.to_lowercase().contains(f) || e.email_address.to_lowercase().contains(f)
            })
        })
        .collect();
    matching.sort_by_cached_key(|e| (world::sort_key(&e.name), e.id.clone()));
    let total = matching.len();
    let employees: Vec<Value> = matching
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(employee_json)
        .collect();
    ok(&json!({
        "offset": offset,
        "limit": limit,
        "total": total,
        "employees": employees,
    }))
}

/// `GET /pbx/app/mobileconfig?employee=&customer=`: the configs one may copy
/// from. `customer` defaults to the caller's, `employee` (the one to copy
/// TO, left out of the list) to the caller. A bare array of configs, in the
/// order of their employees' names.
async fn list_configs(
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    uri: Uri,
) -> TxResult {
    let q = query_pairs(&uri)?;
    let inner = st.lock();
    let world = &inner.data.telecomx;
    let me = caller_in(world, &caller)?;
    let excluded = match id_param(&q, "employee")? {
        Some(id) => world
            .employee(id)
            .ok_or_else(|| TxError::not_found(format!("No employee with id {id}.")).at("employee"))?
            .id
            .clone(),
        None => me.id.clone(),
    };
    let customer = customer_for(world, me, &q, "listing the mobile configs")?;
    let mut owners: Vec<&Employee> = world
        .employees
        .iter()
        .filter(|e| e.customer == customer.id && e.state != EmployeeState::Deleted)
        .filter(|e| e.id != excluded)
        .collect();
    owners.sort_by_cached_key(|e| (world::sort_key(&e.name), e.id.clone()));
    let configs: Vec<&MobileConfig> = owners
        .into_iter()
        .filter_map(|e| world.config(&e.id))
        .collect();
    ok(&serde_json::to_value(configs).unwrap_or_default())
}

/// An employee by id from a path or body field, or 400/404.
fn find_employee<'a>(world: &'a World, id: &str, field: &str) -> Result<&'a Employee, TxError> {
    if !is_object_id(id) {
        return Err(bad_id(field, id));
    }
    world
        .employee(id)
        .ok_or_else(|| TxError::not_found(format!("No employee with id {id}.")).at(field))
}

/// Refuses `action` on `target` unless the caller's level allows it.
fn check_access(
    world: &World,
    me: &Employee,
    target: &Employee,
    action: &str,
) -> Result<(), TxError> {
    let relation = world.relation_to_employee(me, target);
    if me.access_level < relation.needed() {
        return Err(TxError::denied(
            &format!("{action} {}", target.name),
            relation,
            me.access_level,
            true,
        ));
    }
    Ok(())
}

/// `GET /pbx/app/mobileconfig/{id}`.
async fn get_config(
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> TxResult {
    let inner = st.lock();
    let world = &inner.data.telecomx;
    let me = caller_in(world, &caller)?;
    let owner = find_employee(world, &id, "id").map_err(|e| match e.status {
        StatusCode::NOT_FOUND => TxError::not_found(format!("No mobile config with id {id}.")),
        _ => e,
    })?;
    let config = world
        .config(&owner.id)
        .ok_or_else(|| TxError::not_found(format!("No mobile config with id {id}.")))?;
    check_access(world, me, owner, "reading the mobile config of")?;
    ok(&serde_json::to_value(config).unwrap_or_default())
}

// -------------------------------------------------------- copy and create

const COPY_BODY: &str =
    r#"{"_id": "<id of the config to copy from>", "copyTo": "<id of the employee to overwrite>"}"#;

/// `POST /pbx/app/mobileconfig` without the trailing slash: neither copy nor
/// create. Answered 400 so that a client that lost the slash finds out.
async fn copy_without_slash() -> TxResult {
    Err(TxError::bad_request(
        "POST /pbx/app/mobileconfig (without a trailing slash) is not an endpoint: \
         to copy a mobile config, POST /pbx/app/mobileconfig/ (with the slash) with \
         {\"_id\", \"copyTo\"}; to create one, POST /pbx/app/mobileconfig/EMPLOYEE_ID.",
    ))
}

fn id_field(obj: &Map<String, Value>, name: &str) -> Result<String, TxError> {
    match obj.get(name) {
        None | Some(Value::Null) => {
            Err(TxError::bad_request(format!("{name} is required: {COPY_BODY}.")).at(name))
        }
        Some(Value::String(s)) if is_object_id(s.trim()) => Ok(s.trim().to_ascii_lowercase()),
        Some(Value::String(s)) => Err(bad_id(name, s)),
        Some(_) => Err(TxError::bad_request(format!(
            "{name} must be an id as a string (24 hexadecimal characters)."
        ))
        .at(name)),
    }
}

/// `POST /pbx/app/mobileconfig/` `{"_id": FROM, "copyTo": TO}`: overwrites
/// TO's config with FROM's. Check order: body (400, also for FROM = TO) ->
/// FROM's config (404 `_id`) -> TO (404 `copyTo`) -> TO's config (404
/// `copyTo`) -> access to TO (403 `copyTo`) -> access to FROM (403 `_id`).
async fn copy(
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> TxResult {
    let obj = object_body(&body, COPY_BODY)?;
    only_fields(&obj, &["_id", "copyTo"])?;
    let from = id_field(&obj, "_id")?;
    let to = id_field(&obj, "copyTo")?;
    if from == to {
        return Err(TxError::bad_request(
            "_id and copyTo are the same employee: a mobile config cannot be copied onto itself.",
        )
        .at("copyTo"));
    }
    let mut inner = st.lock();
    let world = &mut inner.data.telecomx;
    let me = caller_in(world, &caller)?;
    let source = world.config(&from).ok_or_else(|| {
        TxError::not_found(format!("No mobile config with id {from} to copy from.")).at("_id")
    })?;
    let source_owner = world.employee(&from).ok_or_else(|| {
        TxError::not_found(format!("No mobile config with id {from} to copy from.")).at("_id")
    })?;
    let target = world.employee(&to).ok_or_else(|| {
        TxError::not_found(format!("No employee with id {to} to copy to.")).at("copyTo")
    })?;
    if world.config(&to).is_none() {
        return Err(TxError::not_found(format!(
            "{} has no mobile config to overwrite; create one first with \
             POST /pbx/app/mobileconfig/{}.",
            target.name, target.id
        ))
        .at("copyTo"));
    }
    check_access(world, me, target, "overwriting the mobile config of")
        .map_err(|e| e.at("copyTo"))?;
    check_access(world, me, source_owner, "copying the mobile config of")
        .map_err(|e| e.at("_id"))?;
    let result = MobileConfig {
        id: target.id.clone(),
        customer: target.customer.clone(),
        configs: source.configs.clone(),
    };
    world
        .configs
        .insert(result.id.to_ascii_lowercase(), result.clone());
    ok(&serde_json::to_value(&result).unwrap_or_default())
}

/// `POST /pbx/app/mobileconfig/{EMPLOYEE_ID}`: a new, empty config. It takes
/// no body; a copy body sent here is refused (400) rather than creating.
async fn create_config(
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    body: Bytes,
) -> TxResult {
    let empty = body.iter().all(u8::is_ascii_whitespace)
        || match serde_json::from_slice::<Value>(&body) {
            Ok(Value::Null) => true,
            Ok(Value::Object(o)) => o.is_empty(),
            _ => false,
        };
    if !empty {
        return Err(TxError::bad_request(
            "Creating a mobile config (POST /pbx/app/mobileconfig/EMPLOYEE_ID) takes no body. \
             To copy one, POST /pbx/app/mobileconfig/ (with the trailing slash and no id) \
             with {\"_id\", \"copyTo\"}.",
        ));
    }
    let mut inner = st.lock();
    let world = &mut inner.data.telecomx;
    let me = caller_in(world, &caller)?;
    let target = find_employee(world, &id, "id")?;
    check_access(world, me, target, "creating a mobile config for")?;
    if world.config(&target.id).is_some() {
        return Err(TxError::new(
            StatusCode::CONFLICT,
            "conflict",
            format!(
                "{} already has a mobile config; to overwrite it, copy another one onto it.",
                target.name
            ),
        ));
    }
    let created = MobileConfig {
        id: target.id.clone(),
        customer: target.customer.clone(),
        configs: Vec::new(),
    };
    world
        .configs
        .insert(created.id.to_ascii_lowercase(), created.clone());
    ok(&serde_json::to_value(&created).unwrap_or_default())
}
