//! The Dimensions reseller API routes (contract sections 1.1, 1.2 and 1.3), and the
//! gate every `/api` and `/telecomx` request passes first: request log, faults,
//! bearer auth.

use std::time::Duration;

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Path, Query, Request, State};
use axum::http::header::{CONTENT_TYPE, HOST, LOCATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::Router;
use serde_json::{json, Value};

use crate::pbx::{self, PatchOp, Pbx};
use crate::seed::{is_guid, Assignment, Customer, Data, User, CLIENT_TYPES};
use crate::serve::KillSwitch;
use crate::state::{AppState, LoggedRequest};
use crate::telecomx::{self, TxError};
use crate::time;

/// Largest request body the sandbox reads.
const MAX_BODY: usize = 1024 * 1024;
const JSON_UTF8: &str = "application/json; charset=utf-8";
const MAX_PAGE_SIZE: usize = 1000;
const DEFAULT_PAGE_SIZE: usize = 50;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1.0/customers", get(list_customers))
        .route("/api/v1.0/customers/{customer}/users", get(list_users))
        .route("/api/v1.0/customers/{customer}/users/{user}", get(get_user))
        .route(
            "/api/v1.0/customers/{customer}/users/{user}/devices/pbx/{device}/assign",
            put(assign),
        )
        .route(
            "/api/v1.0/customers/{customer}/users/{user}/devices/pbx/{device}/unassign",
            put(unassign),
        )
        .route(
            "/api/v1.0/customers/{customer}/pbxs",
            get(list_pbxs).post(create_pbx),
        )
        .route(
            "/api/v1.0/customers/{customer}/pbxs/{pbx}",
            get(get_pbx).patch(patch_pbx).delete(delete_pbx),
        )
        .route("/api/v1.0/pbxs", get(lookup_instance))
}

// ---------------------------------------------------------------- responses

pub fn json_response(status: StatusCode, value: &Value) -> Response {
    let mut resp = (status, value.to_string()).into_response();
    resp.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(JSON_UTF8));
    resp
}

/// The vendor's error envelope.
pub fn error(status: StatusCode, message: &str) -> Response {
    json_response(
        status,
        &json!({
            "error": status.as_u16(),
            "message": message,
            "status": "error",
            "timestamp": time::now(),
        }),
    )
}

/// An error answer, small enough to pass around in a `Result`.
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        error(self.status, &self.message)
    }
}

fn invalid_value(value: &str) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        format!("The value '{value}' is not valid."),
    )
}

fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "Not Found")
}

fn success(status: StatusCode, data: Option<Value>, extra: &[(&str, Value)]) -> Response {
    let mut body = serde_json::Map::new();
    if let Some(data) = data {
        body.insert("data".into(), data);
    }
    for (k, v) in extra {
        body.insert((*k).into(), v.clone());
    }
    body.insert("status".into(), "success".into());
    body.insert("timestamp".into(), time::now().into());
    json_response(status, &Value::Object(body))
}

/// 401 as the vendor sends it: no body at all.
fn unauthorized() -> Response {
    let mut resp = StatusCode::UNAUTHORIZED.into_response();
    resp.headers_mut()
        .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    resp
}

// --------------------------------------------------------------------- gate

/// Middleware on the API listener. For `/api` and `/telecomx` requests
/// other than OPTIONS (CORS preflights are answered before this runs): log
/// the request, apply a queued fault, check the bearer token (Dimensions'
/// here, Telecom X's in [`telecomx::guard`]). Everything else passes through.
pub async fn gate(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let telecomx = telecomx::is_telecomx(path);
    if !(telecomx || path == "/api" || path.starts_with("/api/")) || req.method() == Method::OPTIONS
    {
        return next.run(req).await;
    }
    // An error of the sandbox itself, in the envelope of the API asked.
    let fail = |status: StatusCode, message: &str| {
        if telecomx {
            let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
                "bad_request"
            } else {
                "internal_error"
            };
            TxError::new(status, code, message).into_response()
        } else {
            error(status, message)
        }
    };
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return fail(StatusCode::PAYLOAD_TOO_LARGE, "Request body too large");
    };
    let line = format!("{} {}", parts.method, parts.uri);
    let fault = {
        let mut inner = st.lock();
        inner.requests.push(LoggedRequest::new(
            &parts.method,
            &parts.uri,
            &parts.headers,
            &bytes,
        ));
        inner.take_fault(&parts.method, &parts.uri)
    };
    let log = |what: &dyn std::fmt::Display| {
        if st.log_requests() {
            eprintln!("sandbox: {line} -> {what}");
        }
    };

    if let Some(fault) = fault {
        if fault.delay_ms > 0 {
            let epoch = st.epoch();
            tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
            if st.epoch() != epoch {
                // Do not let a request from before a reset change the fresh state.
                log(&"503 (reset during delay)");
                return fail(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "The sandbox was reset while this request was delayed",
                );
            }
        }
        if fault.drop {
            if let Some(kill) = parts.extensions.get::<KillSwitch>() {
                log(&"connection dropped (fault)");
                kill.fire();
                // The connection is closed before anything is written; this
                // answer goes nowhere. Wait so it cannot race the close.
                tokio::time::sleep(Duration::from_secs(30)).await;
            }
            return fail(
                StatusCode::INTERNAL_SERVER_ERROR,
                "drop fault: this connection is not served by the sandbox's accept loop",
            );
        }
        if let Some(status) = fault.status {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let body = match fault.body {
                None => String::new(),
                Some(Value::String(s)) => s,
                Some(other) => other.to_string(),
            };
            let content_type = fault
                .content_type
                .unwrap_or_else(|| "application/json".to_owned());
            let mut resp = (status, body).into_response();
            if let Ok(ct) = HeaderValue::from_str(&content_type) {
                resp.headers_mut().insert(CONTENT_TYPE, ct);
            }
            log(&format_args!("{} (fault)", status.as_u16()));
            return resp;
        }
    }

    if telecomx {
        let resp = telecomx::guard(&st, parts, bytes, next).await;
        log(&resp.status().as_u16());
        return resp;
    }
    if !st.authorized(&parts.headers) {
        log(&401);
        return unauthorized();
    }
    let resp = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let resp = if resp.status() == StatusCode::METHOD_NOT_ALLOWED {
        let allow = resp.headers().get(axum::http::header::ALLOW).cloned();
        let mut envelope = error(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed");
        if let Some(allow) = allow {
            envelope
                .headers_mut()
                .insert(axum::http::header::ALLOW, allow);
        }
        envelope
    } else {
        resp
    };
    log(&resp.status().as_u16());
    resp
}

/// Fallback of the API listener: unknown paths.
pub async fn fallback(method: Method, uri: Uri) -> Response {
    if telecomx::is_telecomx(uri.path()) {
        telecomx::not_found_path(method.as_str(), uri.path())
    } else if uri.path() == "/api" || uri.path().starts_with("/api/") {
        not_found().into_response()
    } else {
        (StatusCode::NOT_FOUND, "Not Found").into_response()
    }
}

// ------------------------------------------------------------------ look-ups

type QueryPairs = Query<Vec<(String, String)>>;

/// A query parameter by name, case-insensitively (as ASP.NET binds them).
fn param<'a>(q: &'a [(String, String)], name: &str) -> Option<&'a str> {
    q.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

struct Paging {
    index: usize,
    size: usize,
}

fn paging(q: &[(String, String)]) -> Result<Paging, ApiError> {
    let number = |name: &str, default: usize| match param(q, name) {
        None | Some("") => Ok(default),
        Some(v) => v.trim().parse::<usize>().map_err(|_| invalid_value(v)),
    };
    let index = number("pageIndex", 0)?;
    let size = number("pageSize", DEFAULT_PAGE_SIZE)?;
    if size == 0 || size > MAX_PAGE_SIZE {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("pageSize must be between 1 and {MAX_PAGE_SIZE}"),
        ));
    }
    Ok(Paging { index, size })
}

fn find_customer<'a>(data: &'a Data, customer: &str) -> Result<&'a Customer, ApiError> {
    if !is_guid(customer) {
        return Err(invalid_value(customer));
    }
    data.customer(customer).ok_or_else(not_found)
}

fn find_user<'a>(
    data: &'a Data,
    customer: &str,
    user: &str,
) -> Result<(&'a Customer, &'a User), ApiError> {
    let c = find_customer(data, customer)?;
    if !is_guid(user) {
        return Err(invalid_value(user));
    }
    let u = data.user_in(&c.id, user).ok_or_else(not_found)?;
    Ok((c, u))
}

async fn list_customers(State(st): State<AppState>, Query(q): QueryPairs) -> Response {
    let page = match paging(&q) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let filter = param(&q, "filter")
        .map(|f| f.trim().to_lowercase())
        .filter(|f| !f.is_empty());
    let inner = st.lock();
    let mut matching: Vec<&Customer> = inner
        .data
        .customers
        .iter()
        .filter(|c| {
            filter.as_deref().is_none_or(|f| {
                c.name.to_lowercase().contains(f) || c.reference.to_lowercase().contains(f)
            })
        })
        .collect();
    matching.sort_by_key(|c| c.name.to_lowercase());
    let data: Vec<Value> = matching
        .into_iter()
        .skip(page.index.saturating_mul(page.size))
        .take(page.size)
        .map(|c| {
            json!({
                "id": c.id,
                "name": c.name,
                "description": c.description,
                "enabled": c.enabled,
                "parentTenantId": c.parent_tenant_id,
                "reference": c.reference,
                "dateCreated": c.date_created,
            })
        })
        .collect();
    success(
        StatusCode::OK,
        Some(Value::Array(data)),
        &[
            ("page_size", page.size.into()),
            ("page_index", page.index.into()),
        ],
    )
}

async fn list_users(State(st): State<AppState>, Path(customer): Path<String>) -> Response {
    let inner = st.lock();
    let c = match find_customer(&inner.data, &customer) {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let users: Vec<Value> = inner
        .data
        .users_of(&c.id)
        .map(|u| {
            json!({
                "id": u.id,
                "displayName": u.display_name,
                "email": u.email,
                "primaryTenant": u.primary_tenant,
                "isParent": u.is_parent,
            })
        })
        .collect();
    let count = users.len();
    success(
        StatusCode::OK,
        Some(Value::Array(users)),
        &[("page_size", count.into())],
    )
}

async fn get_user(
    State(st): State<AppState>,
    Path((customer, user)): Path<(String, String)>,
) -> Response {
    let inner = st.lock();
    match find_user(&inner.data, &customer, &user) {
        Ok((_, u)) => success(
            StatusCode::OK,
            Some(json!({
                "id": u.id,
                "displayName": u.display_name,
                "email": u.email,
                "roles": u.roles,
            })),
            &[],
        ),
        Err(e) => e.into_response(),
    }
}

// ------------------------------------------------------------ (un)assigning

#[derive(Clone, Copy, PartialEq)]
enum Change {
    Assign,
    Unassign,
}

type DevicePath = Path<(String, String, String)>;

async fn assign(
    State(st): State<AppState>,
    Path((c, u, d)): DevicePath,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    change(&st, Change::Assign, [&c, &u, &d], &headers, &uri, &body)
}

async fn unassign(
    State(st): State<AppState>,
    Path((c, u, d)): DevicePath,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    change(&st, Change::Unassign, [&c, &u, &d], &headers, &uri, &body)
}

/// The assign body: `{"clientType": "desktop"|"mobile"|"webrtc"|"crm"}`.
/// Returns the client type and the parsed body (echoed in a 402).
fn parse_assign_body(body: &[u8]) -> Result<(String, Value), ApiError> {
    let bad = |m: &str| ApiError::new(StatusCode::BAD_REQUEST, m);
    let must_be = format!("clientType must be one of {}", CLIENT_TYPES.join(", "));
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(bad(&format!(
            "A JSON request body is required: {{\"clientType\": \"...\"}}; {must_be}"
        )));
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| bad(&format!("The request body is not valid JSON: {e}")))?;
    let Some(obj) = value.as_object() else {
        return Err(bad("The request body must be a JSON object"));
    };
    match obj.get("clientType") {
        None | Some(Value::Null) => Err(bad(&format!("clientType is required; {must_be}"))),
        Some(Value::String(t)) if CLIENT_TYPES.contains(&t.as_str()) => Ok((t.clone(), value)),
        Some(_) => Err(bad(&must_be)),
    }
}

fn accepts_charges(headers: &HeaderMap) -> bool {
    headers.get_all("accept-charges").iter().any(|v| {
        v.to_str()
            .is_ok_and(|s| s.trim().eq_ignore_ascii_case("true"))
    })
}

/// Check order: (auth, done by the gate) -> tenant id format -> customer ->
/// user id format / user -> device -> body (assign) -> roles (assign) ->
/// charges (a charged customer, or a charged device of any customer) -> do it.
fn change(
    st: &AppState,
    kind: Change,
    [customer, user, device]: [&str; 3],
    headers: &HeaderMap,
    uri: &Uri,
    body: &[u8],
) -> Response {
    let mut inner = st.lock();
    let data = &mut inner.data;
    let (charged, user) = match find_user(data, customer, user) {
        Ok((c, u)) => (c.charged, u.clone()),
        Err(e) => return e.into_response(),
    };
    let Some(device) = data.device_of(&user.id, device).cloned() else {
        return error(StatusCode::NOT_FOUND, "Device not found");
    };
    let (client_type, echo) = match kind {
        Change::Assign => match parse_assign_body(body) {
            Ok((t, v)) => (Some(t), v),
            Err(e) => return e.into_response(),
        },
        Change::Unassign => (None, Value::Null),
    };
    if kind == Change::Assign {
        if let Some(role) = user.missing_role() {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("User is missing the required role '{role}'"),
            );
        }
    }
    if (charged || device.charged) && !accepts_charges(headers) {
        return charges_apply(echo);
    }
    match client_type {
        // One assignment per device: assigning again moves it.
        Some(client_type) => {
            data.assignments.insert(
                device.id.clone(),
                Assignment {
                    device_id: device.id,
                    user_id: user.id,
                    client_type,
                },
            );
        }
        None => {
            data.assignments.remove(&device.id);
        }
    }
    drop(inner);

    let path = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    let location = format!("{}{path}", request_origin(st, headers));
    with_location(success(StatusCode::CREATED, None, &[]), &location)
}

/// `http://HOST` from the request's `Host` header (else the listener's
/// origin), for `Location` headers.
fn request_origin(st: &AppState, headers: &HeaderMap) -> String {
    headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .map(|h| format!("http://{h}"))
        .unwrap_or_else(|| st.api_origin().to_owned())
}

fn with_location(mut resp: Response, location: &str) -> Response {
    if let Ok(location) = HeaderValue::from_str(location) {
        resp.headers_mut().insert(LOCATION, location);
    }
    resp
}

/// The 402 of a charged customer (or charged device) without
/// `accept-charges: true`: the error envelope plus `data` echoing the
/// request body (as the seed shows it).
fn charges_apply(echo: Value) -> Response {
    json_response(
        StatusCode::PAYMENT_REQUIRED,
        &json!({
            "data": echo,
            "error": 402,
            "message": "Additional charges apply",
            "status": "error",
            "timestamp": time::now(),
        }),
    )
}

// ------------------------------------------------------------------- PBXs

fn bad_request(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, message)
}

fn find_pbx<'a>(
    data: &'a Data,
    customer: &str,
    pbx_id: &str,
) -> Result<(&'a Customer, &'a Pbx), ApiError> {
    let c = find_customer(data, customer)?;
    if !is_guid(pbx_id) {
        return Err(invalid_value(pbx_id));
    }
    let p = data
        .pbx_of(&c.id, pbx_id)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "PBX not found"))?;
    Ok((c, p))
}

/// A create body: a JSON object (the tagged profile).
fn parse_profile_body(body: &[u8]) -> Result<serde_json::Map<String, Value>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(bad_request(format!(
            "A JSON request body is required: a {} or a {} (tagged by '_type').",
            pbx::KAZOO,
            pbx::THREE_CX
        )));
    }
    match serde_json::from_slice(body) {
        Ok(Value::Object(obj)) => Ok(obj),
        Ok(_) => Err(bad_request("The request body must be a JSON object.")),
        Err(e) => Err(bad_request(format!(
            "The request body is not valid JSON: {e}"
        ))),
    }
}

/// Check order: (auth) -> tenant id format -> customer -> body (`_type`,
/// then the fields, naming the first bad one) -> instance already connected
/// (409) -> charges (402) -> created (201).
async fn create_pbx(
    State(st): State<AppState>,
    Path(customer): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let mut inner = st.lock();
    let data = &mut inner.data;
    let c = match find_customer(data, &customer) {
        Ok(c) => c.clone(),
        Err(e) => return e.into_response(),
    };
    let profile = match parse_profile_body(&body) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    if let Err(message) = pbx::validate_profile(&profile) {
        return bad_request(message).into_response();
    }
    let instance = pbx::instance_id(&profile).unwrap_or_default();
    if let Some(other) = data.pbx_by_instance(instance) {
        return error(
            StatusCode::CONFLICT,
            &format!(
                "This instance is already connected (tenant {}).",
                other.tenant_id
            ),
        );
    }
    if c.charged && !accepts_charges(&headers) {
        return charges_apply(Value::Object(profile));
    }
    let id = loop {
        let id = pbx::new_guid();
        if !data.pbxs.iter().any(|p| p.id.eq_ignore_ascii_case(&id)) {
            break id;
        }
    };
    let created = Pbx {
        id: id.clone(),
        tenant_id: c.id.clone(),
        enabled: false,
        collector_restarts: 0,
        profile,
    };
    let answer = created.to_json(&c.country_code);
    data.pbxs.push(created);
    drop(inner);

    let location = format!(
        "{}{}/{id}",
        request_origin(&st, &headers),
        uri.path().trim_end_matches('/')
    );
    with_location(success(StatusCode::CREATED, Some(answer), &[]), &location)
}

async fn list_pbxs(State(st): State<AppState>, Path(customer): Path<String>) -> Response {
    let inner = st.lock();
    let c = match find_customer(&inner.data, &customer) {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let pbxs: Vec<Value> = inner
        .data
        .pbxs
        .iter()
        .filter(|p| p.tenant_id.eq_ignore_ascii_case(&c.id))
        .map(|p| {
            json!({
                "id": p.id,
                "name": p.name(),
                "_type": p.kind(),
                "tenantId": p.tenant_id,
            })
        })
        .collect();
    let count = pbxs.len();
    success(
        StatusCode::OK,
        Some(Value::Array(pbxs)),
        &[("page_size", count.into())],
    )
}

async fn get_pbx(
    State(st): State<AppState>,
    Path((customer, pbx_id)): Path<(String, String)>,
) -> Response {
    let inner = st.lock();
    match find_pbx(&inner.data, &customer, &pbx_id) {
        Ok((c, p)) => success(StatusCode::OK, Some(p.to_json(&c.country_code)), &[]),
        Err(e) => e.into_response(),
    }
}

/// Check order: (auth) -> tenant id -> customer -> PBX id -> PBX -> patch
/// body -> applied (all operations or none). Not charged. Every accepted
/// patch restarts the PBX's event collector (counted in `collectorRestarts`).
async fn patch_pbx(
    State(st): State<AppState>,
    Path((customer, pbx_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let mut inner = st.lock();
    let data = &mut inner.data;
    let id = match find_pbx(data, &customer, &pbx_id) {
        Ok((_, p)) => p.id.clone(),
        Err(e) => return e.into_response(),
    };
    let ops = match pbx::parse_patch(&body) {
        Ok(ops) => ops,
        Err(message) => return bad_request(message).into_response(),
    };
    let Some(target) = data.pbxs.iter_mut().find(|p| p.id == id) else {
        return error(StatusCode::NOT_FOUND, "PBX not found");
    };
    for op in ops {
        match op {
            PatchOp::Enabled(on) => target.enabled = on,
            PatchOp::Name(name) => {
                target.profile.insert("name".into(), name.into());
            }
        }
    }
    target.collector_restarts += 1;
    success(StatusCode::OK, None, &[])
}

/// Disconnects the PBX. Not charged.
async fn delete_pbx(
    State(st): State<AppState>,
    Path((customer, pbx_id)): Path<(String, String)>,
) -> Response {
    let mut inner = st.lock();
    let data = &mut inner.data;
    let id = match find_pbx(data, &customer, &pbx_id) {
        Ok((_, p)) => p.id.clone(),
        Err(e) => return e.into_response(),
    };
    data.pbxs.retain(|p| p.id != id);
    success(StatusCode::OK, None, &[])
}

/// `GET /api/v1.0/pbxs?instanceId=X`: is this Kazoo account / 3CX licence
/// connected to any tenant? Answers the bare object the contract shows.
async fn lookup_instance(State(st): State<AppState>, Query(q): QueryPairs) -> Response {
    let Some(instance) = param(&q, "instanceId").filter(|v| !v.trim().is_empty()) else {
        return bad_request("The query parameter 'instanceId' is required.").into_response();
    };
    let inner = st.lock();
    let body = match inner.data.pbx_by_instance(instance) {
        Some(p) => json!({
            "exists": true,
            "instanceId": instance,
            "id": p.id,
            "tenantId": p.tenant_id,
        }),
        None => json!({"exists": false, "instanceId": instance}),
    };
    json_response(StatusCode::OK, &body)
}
