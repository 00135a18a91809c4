//! End-to-end tests: a real sandbox on port 0, spoken to with a tiny raw
//! HTTP/1.1 client over a tokio TcpStream (no HTTP client dependency).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use sandbox::{Config, Running};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const TOKEN: &str = "demo-token-7f3c9a";
const ACME: &str = "11111111-2222-4333-8444-555555555555";
const ROBOTICS: &str = "22222222-3333-4444-8555-666666666666";
const NORDLYS: &str = "99999999-8888-4777-8666-555555555555";
const METTE: &str = "11111111-0000-4000-8000-000000000001"; // both roles, underscore
const LARS: &str = "11111111-0000-4000-8000-000000000002"; // both roles, dotted
const SOFIE: &str = "11111111-0000-4000-8000-000000000003"; // both roles, mixed
const PETER: &str = "11111111-0000-4000-8000-000000000004"; // lacks softphone role
const ANNA: &str = "11111111-0000-4000-8000-000000000005"; // lacks uc role
const JONAS: &str = "11111111-0000-4000-8000-000000000006"; // lacks both
const INGRID: &str = "99999999-0000-4000-8000-000000000001"; // charged customer, both roles
const HENRIK: &str = "99999999-0000-4000-8000-000000000003"; // charged customer, lacks softphone
const KLAUS: &str = "22222222-0000-4000-8000-000000000001";
const METTE_D1: &str = "5eed0000000000000000000000001011"; // not assigned
const METTE_D2: &str = "5eed0000000000000000000000001012"; // assigned: mobile
const LARS_D1: &str = "5eed0000000000000000000000001021"; // assigned: desktop
const SOFIE_D1: &str = "5eed0000000000000000000000001031";
const PETER_D1: &str = "5eed0000000000000000000000001041";
const ANNA_D1: &str = "5eed0000000000000000000000001051";
const JONAS_D1: &str = "5eed0000000000000000000000001061";
const INGRID_D1: &str = "5eed0000000000000000000000009011"; // assigned: desktop
const INGRID_D2: &str = "5eed0000000000000000000000009012"; // not assigned
const HENRIK_D1: &str = "5eed0000000000000000000000009031";
const FJORDLINE: &str = "33333333-4444-4555-8666-777777777777";
const BULK: &str = "bbbbbbbb-0000-4000-8000-000000000001"; // Onboarding Test ApS, 1000 users
const ROBOTICS_KAZOO: &str = "b0000000-0000-4000-8000-000000000001"; // enabled, kazoo-acct-in-use-0001
const ROBOTICS_3CX: &str = "b0000000-0000-4000-8000-000000000002"; // disabled
const FJORDLINE_3CX: &str = "b0000000-0000-4000-8000-000000000003"; // 3CX-IN-USE-LICENSE-0001

// ------------------------------------------------------------------ helpers

mod common;
use common::{control, send, start, start_with, Resp};

const AUTH: (&str, &str) = ("Authorization", "Bearer demo-token-7f3c9a");

async fn get(addr: SocketAddr, path: &str) -> Resp {
    send(addr, "GET", path, &[AUTH], None).await.unwrap()
}

fn device_path(c: &str, u: &str, d: &str, action: &str) -> String {
    format!("/api/v1.0/customers/{c}/users/{u}/devices/pbx/{d}/{action}")
}

async fn assign(addr: SocketAddr, c: &str, u: &str, d: &str, client_type: &str) -> Resp {
    let body = json!({ "clientType": client_type }).to_string();
    send(
        addr,
        "PUT",
        &device_path(c, u, d, "assign"),
        &[AUTH],
        Some(&body),
    )
    .await
    .unwrap()
}

async fn unassign(addr: SocketAddr, c: &str, u: &str, d: &str, extra: &[(&str, &str)]) -> Resp {
    let mut headers = vec![AUTH];
    headers.extend_from_slice(extra);
    send(
        addr,
        "PUT",
        &device_path(c, u, d, "unassign"),
        &headers,
        None,
    )
    .await
    .unwrap()
}

/// The current assignments as `{deviceId: clientType}`.
async fn assignments(addr: SocketAddr) -> serde_json::Map<String, Value> {
    let state = control(addr, "GET", "/__sandbox/state", None).await.json();
    state["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["deviceId"].as_str().unwrap().to_owned(),
                a["clientType"].clone(),
            )
        })
        .collect()
}

fn assert_timestamp(v: &Value) {
    let s = v.as_str().expect("timestamp is a string");
    // 2019-11-29T16:03:23.9251680Z
    assert_eq!(s.len(), 28, "{s}");
    let b = s.as_bytes();
    for (i, c) in b.iter().enumerate() {
        match i {
            4 | 7 => assert_eq!(*c, b'-', "{s}"),
            10 => assert_eq!(*c, b'T', "{s}"),
            13 | 16 => assert_eq!(*c, b':', "{s}"),
            19 => assert_eq!(*c, b'.', "{s}"),
            27 => assert_eq!(*c, b'Z', "{s}"),
            _ => assert!(c.is_ascii_digit(), "{s}"),
        }
    }
}

fn assert_error(resp: &Resp, status: u16, message: &str) {
    assert_eq!(resp.status, status, "{resp:?}");
    assert!(
        resp.header("content-type")
            .unwrap()
            .starts_with("application/json"),
        "{resp:?}"
    );
    let body = resp.json();
    assert_eq!(body["error"], status, "{body}");
    assert_eq!(body["message"], message, "{body}");
    assert_eq!(body["status"], "error", "{body}");
    assert_timestamp(&body["timestamp"]);
}

// -------------------------------------------------------------------- tests

#[tokio::test]
async fn health_and_ready_line() {
    let sb = start().await;
    let resp = send(sb.api_addr, "GET", "/__sandbox/health", &[], None)
        .await
        .unwrap();
    assert_eq!((resp.status, resp.body.as_str()), (200, "ok"));
    assert_eq!(
        sb.ready_line(),
        format!(
            "SANDBOX_READY api=http://127.0.0.1:{} static=- portal=-",
            sb.api_addr.port()
        )
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn unauthorized_without_or_with_a_bad_token() {
    let sb = start().await;
    let a = sb.api_addr;
    let path = format!("/api/v1.0/customers/{ACME}/users");
    for headers in [
        vec![],
        vec![("Authorization", "Bearer wrong-token")],
        vec![("Authorization", "Bearer")],
        vec![("Authorization", "Basic ZGVtbzpkZW1v")],
        vec![("Authorization", TOKEN)],
    ] {
        let resp = send(a, "GET", &path, &headers, None).await.unwrap();
        assert_eq!(resp.status, 401, "{headers:?}");
        assert_eq!(resp.body, "", "401 has no body");
    }
    // Auth comes before everything else: a malformed tenant id still says 401.
    let resp = send(
        a,
        "PUT",
        &device_path("nope", "x", "y", "assign"),
        &[],
        Some("{}"),
    )
    .await
    .unwrap();
    assert_eq!(resp.status, 401);
    // The scheme is case-insensitive; the token is not.
    let ok = send(
        a,
        "GET",
        &path,
        &[("authorization", "bearer demo-token-7f3c9a")],
        None,
    )
    .await
    .unwrap();
    assert_eq!(ok.status, 200);
    let bad = send(
        a,
        "GET",
        &path,
        &[("authorization", "Bearer DEMO-TOKEN-7F3C9A")],
        None,
    )
    .await
    .unwrap();
    assert_eq!(bad.status, 401);
    // Revoking the token simulates expiry; adding one a refresh.
    control(
        a,
        "POST",
        "/__sandbox/tokens",
        Some(json!({"revoke": TOKEN})),
    )
    .await;
    assert_eq!(get(a, &path).await.status, 401);
    control(
        a,
        "POST",
        "/__sandbox/tokens",
        Some(json!({"add": "fresh-token"})),
    )
    .await;
    let fresh = send(
        a,
        "GET",
        &path,
        &[("Authorization", "Bearer fresh-token")],
        None,
    )
    .await
    .unwrap();
    assert_eq!(fresh.status, 200);
    // Reset brings the demo token back.
    control(a, "POST", "/__sandbox/reset", None).await;
    assert_eq!(get(a, &path).await.status, 200);
    sb.shutdown().await;
}

#[tokio::test]
async fn extra_token_from_the_command_line() {
    let sb = start_with(Config {
        tokens: vec!["cli-token".into()],
        ..Config::default()
    })
    .await;
    let resp = send(
        sb.api_addr,
        "GET",
        "/api/v1.0/customers",
        &[("Authorization", "Bearer cli-token")],
        None,
    )
    .await
    .unwrap();
    assert_eq!(resp.status, 200);
    sb.shutdown().await;
}

#[tokio::test]
async fn bad_request_messages() {
    let sb = start().await;
    let a = sb.api_addr;
    let resp = assign(a, "not-a-guid", METTE, METTE_D1, "desktop").await;
    assert_error(&resp, 400, "The value 'not-a-guid' is not valid.");
    // GUIDs without dashes or with braces are not accepted either.
    let resp = assign(
        a,
        "11111111222243338444555555555555",
        METTE,
        METTE_D1,
        "desktop",
    )
    .await;
    assert_error(
        &resp,
        400,
        "The value '11111111222243338444555555555555' is not valid.",
    );
    let resp = assign(a, ACME, "mette", METTE_D1, "desktop").await;
    assert_error(&resp, 400, "The value 'mette' is not valid.");
    let resp = get(a, "/api/v1.0/customers/xyz/users").await;
    assert_error(&resp, 400, "The value 'xyz' is not valid.");
    let resp = get(a, &format!("/api/v1.0/customers/{ACME}/users/xyz")).await;
    assert_error(&resp, 400, "The value 'xyz' is not valid.");

    let must_be = "clientType must be one of desktop, mobile, webrtc, crm";
    for bad in ["bureau", "Desktop", "WebRTC", ""] {
        let resp = assign(a, ACME, METTE, METTE_D1, bad).await;
        assert_error(&resp, 400, must_be);
    }
    let path = device_path(ACME, METTE, METTE_D1, "assign");
    let resp = send(a, "PUT", &path, &[AUTH], Some(r#"{"clientType": 3}"#))
        .await
        .unwrap();
    assert_error(&resp, 400, must_be);
    let resp = send(
        a,
        "PUT",
        &path,
        &[AUTH],
        Some(r#"{"client_type": "desktop"}"#),
    )
    .await
    .unwrap();
    assert_error(&resp, 400, &format!("clientType is required; {must_be}"));
    let resp = send(a, "PUT", &path, &[AUTH], None).await.unwrap();
    assert_eq!(resp.status, 400);
    assert!(resp.json()["message"]
        .as_str()
        .unwrap()
        .contains("JSON request body is required"));
    let resp = send(a, "PUT", &path, &[AUTH], Some("{clientType: desktop}"))
        .await
        .unwrap();
    assert_eq!(resp.status, 400);
    assert!(resp.json()["message"]
        .as_str()
        .unwrap()
        .starts_with("The request body is not valid JSON"));
    // Nothing changed.
    assert!(!assignments(a).await.contains_key(METTE_D1));
    sb.shutdown().await;
}

#[tokio::test]
async fn not_found_versus_device_not_found() {
    let sb = start().await;
    let a = sb.api_addr;
    let nobody = "12345678-1234-4234-8234-123456789abc";
    assert_error(
        &assign(a, nobody, METTE, METTE_D1, "desktop").await,
        404,
        "Not Found",
    );
    assert_error(
        &get(a, &format!("/api/v1.0/customers/{nobody}/users")).await,
        404,
        "Not Found",
    );
    // Unknown user, and a user of another customer.
    assert_error(
        &assign(a, ACME, nobody, METTE_D1, "desktop").await,
        404,
        "Not Found",
    );
    assert_error(
        &assign(a, ROBOTICS, METTE, METTE_D1, "desktop").await,
        404,
        "Not Found",
    );
    assert_error(
        &get(a, &format!("/api/v1.0/customers/{ROBOTICS}/users/{METTE}")).await,
        404,
        "Not Found",
    );
    // Another user's device, an unknown device, a malformed device id.
    for device in [
        LARS_D1,
        "0123456789abcdef0123456789abcdef",
        "not-a-device",
        &METTE_D1.to_uppercase(),
    ] {
        assert_error(
            &assign(a, ACME, METTE, device, "desktop").await,
            404,
            "Device not found",
        );
        assert_error(
            &unassign(a, ACME, METTE, device, &[]).await,
            404,
            "Device not found",
        );
    }
    // The 404 beats a bad body (device checked before the body).
    let resp = assign(a, ACME, METTE, LARS_D1, "bureau").await;
    assert_error(&resp, 404, "Device not found");
    // Unknown routes under /api: enveloped 404 (after auth).
    assert_error(&get(a, "/api/v1.0/nothing").await, 404, "Not Found");
    assert_eq!(
        send(a, "GET", "/api/v1.0/nothing", &[], None)
            .await
            .unwrap()
            .status,
        401
    );
    // Upper-case GUIDs find the same customer and user.
    let resp = assign(
        a,
        &ACME.to_uppercase(),
        &METTE.to_uppercase(),
        METTE_D1,
        "crm",
    )
    .await;
    assert_eq!(resp.status, 201);
    sb.shutdown().await;
}

#[tokio::test]
async fn missing_roles_answer_422_and_both_spellings_count() {
    let sb = start().await;
    let a = sb.api_addr;
    for (user, device, role) in [
        (PETER, PETER_D1, "customer_user_uc_softphone"),
        (ANNA, ANNA_D1, "customer_user_uc"),
        (JONAS, JONAS_D1, "customer_user_uc"),
    ] {
        let resp = assign(a, ACME, user, device, "desktop").await;
        assert_error(
            &resp,
            422,
            &format!("User is missing the required role '{role}'"),
        );
        // Unassigning needs no roles.
        assert_eq!(unassign(a, ACME, user, device, &[]).await.status, 201);
    }
    // Underscore, dotted and mixed spellings all satisfy the check.
    assert_eq!(
        assign(a, ACME, METTE, METTE_D1, "desktop").await.status,
        201
    );
    assert_eq!(assign(a, ACME, LARS, LARS_D1, "mobile").await.status, 201);
    assert_eq!(assign(a, ACME, SOFIE, SOFIE_D1, "webrtc").await.status, 201);
    // The roles are reported as stored, in whichever spelling.
    let user = get(a, &format!("/api/v1.0/customers/{ACME}/users/{LARS}"))
        .await
        .json();
    assert!(user["data"]["roles"]
        .as_array()
        .unwrap()
        .contains(&json!("customer.user.uc.softphone")));
    // Roles are checked before charges.
    let resp = assign(a, NORDLYS, HENRIK, HENRIK_D1, "desktop").await;
    assert_eq!(resp.status, 422);
    sb.shutdown().await;
}

#[tokio::test]
async fn charged_customer_needs_accept_charges() {
    let sb = start().await;
    let a = sb.api_addr;
    let path = device_path(NORDLYS, INGRID, INGRID_D2, "assign");
    let body = r#"{"clientType":"mobile"}"#;

    let resp = send(a, "PUT", &path, &[AUTH], Some(body)).await.unwrap();
    assert_error(&resp, 402, "Additional charges apply");
    assert_eq!(resp.json()["data"], json!({"clientType": "mobile"}));
    assert!(
        !assignments(a).await.contains_key(INGRID_D2),
        "not carried out"
    );

    let resp = send(
        a,
        "PUT",
        &path,
        &[AUTH, ("accept-charges", "false")],
        Some(body),
    )
    .await
    .unwrap();
    assert_eq!(resp.status, 402);

    let resp = send(
        a,
        "PUT",
        &path,
        &[AUTH, ("accept-charges", "TRUE")],
        Some(body),
    )
    .await
    .unwrap();
    assert_eq!(resp.status, 201, "{resp:?}");
    assert_eq!(assignments(a).await[INGRID_D2], "mobile");

    // Unassign is charged too; its 402 echoes no body.
    let resp = unassign(a, NORDLYS, INGRID, INGRID_D1, &[]).await;
    assert_error(&resp, 402, "Additional charges apply");
    assert_eq!(resp.json()["data"], Value::Null);
    assert_eq!(assignments(a).await[INGRID_D1], "desktop");
    let resp = unassign(a, NORDLYS, INGRID, INGRID_D1, &[("accept-charges", "true")]).await;
    assert_eq!(resp.status, 201);
    assert!(!assignments(a).await.contains_key(INGRID_D1));

    // A non-charged customer ignores the header either way.
    let resp = send(
        a,
        "PUT",
        &device_path(ACME, METTE, METTE_D1, "assign"),
        &[AUTH, ("accept-charges", "true")],
        Some(body),
    )
    .await
    .unwrap();
    assert_eq!(resp.status, 201);

    // The log shows what the console sent, but never the token.
    let log = control(a, "GET", "/__sandbox/requests", None).await;
    assert!(!log.body.contains(TOKEN));
    let log = log.json();
    let entries = log.as_array().unwrap();
    assert_eq!(entries[0]["acceptCharges"], Value::Null);
    assert_eq!(entries[0]["hasAuthorization"], true);
    assert_eq!(entries[0]["method"], "PUT");
    assert_eq!(entries[0]["path"], path);
    assert_eq!(entries[0]["body"], json!({"clientType": "mobile"}));
    assert_eq!(entries[1]["acceptCharges"], "false");
    assert_eq!(entries[2]["acceptCharges"], "TRUE");
    assert!(entries
        .iter()
        .all(|e| e["path"].as_str().unwrap().starts_with("/api/")));
    control(a, "DELETE", "/__sandbox/requests", None).await;
    let log = control(a, "GET", "/__sandbox/requests", None).await.json();
    assert_eq!(log, json!([]));
    sb.shutdown().await;
}

#[tokio::test]
async fn success_shape_location_and_move_semantics() {
    let sb = start().await;
    let a = sb.api_addr;
    let before = assignments(a).await;
    assert_eq!(before[METTE_D2], "mobile");
    assert!(!before.contains_key(METTE_D1));

    let resp = assign(a, ACME, METTE, METTE_D2, "desktop").await;
    assert_eq!(resp.status, 201);
    assert_eq!(
        resp.header("location").unwrap(),
        format!("http://{a}{}", device_path(ACME, METTE, METTE_D2, "assign"))
    );
    let body = resp.json();
    assert_eq!(body["status"], "success");
    assert_timestamp(&body["timestamp"]);
    assert_eq!(body.as_object().unwrap().len(), 2, "{body}");

    // Moved, not duplicated: still one assignment for the device.
    let after = assignments(a).await;
    assert_eq!(after[METTE_D2], "desktop");
    assert_eq!(after.len(), before.len());
    let state = control(a, "GET", "/__sandbox/state", None).await.json();
    let entry = state["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["deviceId"] == METTE_D2)
        .unwrap()
        .clone();
    assert_eq!(
        entry,
        json!({"deviceId": METTE_D2, "userId": METTE, "customerId": ACME, "clientType": "desktop"})
    );

    // Same type again is fine too.
    assert_eq!(
        assign(a, ACME, METTE, METTE_D2, "desktop").await.status,
        201
    );
    assert_eq!(assign(a, ACME, METTE, METTE_D1, "crm").await.status, 201);
    assert_eq!(assignments(a).await.len(), before.len() + 1);

    // Reset restores the seed.
    control(a, "POST", "/__sandbox/reset", None).await;
    assert_eq!(assignments(a).await, before);
    sb.shutdown().await;
}

#[tokio::test]
async fn unassign_is_idempotent_and_ignores_a_body() {
    let sb = start().await;
    let a = sb.api_addr;
    let resp = unassign(a, ACME, METTE, METTE_D2, &[]).await;
    assert_eq!(resp.status, 201);
    assert_eq!(
        resp.header("location").unwrap(),
        format!(
            "http://{a}{}",
            device_path(ACME, METTE, METTE_D2, "unassign")
        )
    );
    assert_eq!(resp.json()["status"], "success");
    assert!(!assignments(a).await.contains_key(METTE_D2));
    // Not assigned any more: still 201.
    assert_eq!(unassign(a, ACME, METTE, METTE_D2, &[]).await.status, 201);
    // Never assigned, with some body: 201.
    let resp = send(
        a,
        "PUT",
        &device_path(ACME, METTE, METTE_D1, "unassign"),
        &[AUTH],
        Some(r#"{"clientType":"whatever"}"#),
    )
    .await
    .unwrap();
    assert_eq!(resp.status, 201);
    // POST (the doc examples' verb) is not accepted: the summary says PUT.
    let resp = send(
        a,
        "POST",
        &device_path(ACME, METTE, METTE_D1, "unassign"),
        &[AUTH],
        None,
    )
    .await
    .unwrap();
    assert_error(&resp, 405, "Method Not Allowed");
    sb.shutdown().await;
}

/// A sandbox on the default seed without its `generatedCustomers` and its
/// `bulkCustomer`: only the six hand-written customers.
async fn start_without_generated(name: &str) -> (Running, PathBuf) {
    let dir = temp_dir(name);
    let mut seed: Value = serde_json::from_str(sandbox::seed::DEFAULT_SEED).unwrap();
    let sections = seed.as_object_mut().unwrap();
    sections.remove("generatedCustomers");
    sections.remove("bulkCustomer");
    let file = dir.join("seed.json");
    std::fs::write(&file, seed.to_string()).unwrap();
    let sb = start_with(Config {
        seed: Some(file),
        ..Config::default()
    })
    .await;
    (sb, dir)
}

#[tokio::test]
async fn customers_paging_and_filter() {
    // The hand-written customers only; the generated ones are checked in
    // `generated_customers_paged_and_filtered`.
    let (sb, dir) = start_without_generated("hand-written").await;
    let a = sb.api_addr;
    let all = get(a, "/api/v1.0/customers").await;
    assert_eq!(all.status, 200);
    let all = all.json();
    assert_eq!(all["page_size"], 50);
    assert_eq!(all["page_index"], 0);
    assert_eq!(all["status"], "success");
    assert_timestamp(&all["timestamp"]);
    let data = all["data"].as_array().unwrap();
    assert_eq!(data.len(), 6);
    let acme = data.iter().find(|c| c["id"] == ACME).unwrap();
    let mut keys: Vec<&str> = acme
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "dateCreated",
            "description",
            "enabled",
            "id",
            "name",
            "parentTenantId",
            "reference"
        ]
    );
    assert_eq!(acme["name"], "Acme Logistics A/S");
    assert_eq!(acme["reference"], "ACME-001");

    let acmes = get(a, "/api/v1.0/customers?pageIndex=0&pageSize=50&filter=acme")
        .await
        .json();
    let names: Vec<&str> = acmes["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Acme Logistics A/S", "Acme Robotics GmbH"]);
    // By reference only, case-insensitively, URL-encoded.
    let by_ref = get(a, "/api/v1.0/customers?filter=nord-009").await.json();
    assert_eq!(by_ref["data"][0]["id"], NORDLYS);
    assert_eq!(by_ref["data"].as_array().unwrap().len(), 1);
    let spaced = get(a, "/api/v1.0/customers?filter=Dental%20Clinic")
        .await
        .json();
    assert_eq!(spaced["data"].as_array().unwrap().len(), 1);
    assert_eq!(
        get(a, "/api/v1.0/customers?filter=zzz").await.json()["data"],
        json!([])
    );

    // Paging.
    let p0 = get(a, "/api/v1.0/customers?pageIndex=0&pageSize=4")
        .await
        .json();
    let p1 = get(a, "/api/v1.0/customers?pageIndex=1&pageSize=4")
        .await
        .json();
    let p2 = get(a, "/api/v1.0/customers?pageIndex=2&pageSize=4")
        .await
        .json();
    assert_eq!(p0["data"].as_array().unwrap().len(), 4);
    assert_eq!(p1["data"].as_array().unwrap().len(), 2);
    assert_eq!(p1["page_index"], 1);
    assert_eq!(p1["page_size"], 4);
    assert_eq!(p2["data"], json!([]));
    assert_ne!(p0["data"][0], p1["data"][0]);
    assert_eq!(
        get(a, "/api/v1.0/customers?pageSize=1000").await.status,
        200
    );
    assert_error(
        &get(a, "/api/v1.0/customers?pageSize=1001").await,
        400,
        "pageSize must be between 1 and 1000",
    );
    assert_error(
        &get(a, "/api/v1.0/customers?pageSize=0").await,
        400,
        "pageSize must be between 1 and 1000",
    );
    assert_error(
        &get(a, "/api/v1.0/customers?pageIndex=x").await,
        400,
        "The value 'x' is not valid.",
    );
    sb.shutdown().await;
    let _ = std::fs::remove_dir_all(dir);
}

fn names(resp: &Value) -> Vec<String> {
    resp["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn generated_customers_paged_and_filtered() {
    let sb = start().await;
    let a = sb.api_addr;
    // All of them, in name order, the hand-written ones and the bulk test
    // customer among them (6 + 260 + 1).
    let all = get(a, "/api/v1.0/customers?pageSize=1000").await.json();
    let data = all["data"].as_array().unwrap();
    assert!(data.len() >= 250, "{}", data.len());
    assert_eq!(data.len(), 267);
    let all_names = names(&all);
    let mut sorted = all_names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(all_names, sorted);
    for id in [ACME, ROBOTICS, NORDLYS, BULK] {
        assert!(data.iter().any(|c| c["id"] == id), "{id}");
    }
    let ids: std::collections::HashSet<&str> =
        data.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), data.len(), "ids are unique");

    // Stable ids, names and references.
    let c17 = data
        .iter()
        .find(|c| c["id"] == "c0000000-0000-4000-8000-000000000017")
        .expect("customer 17");
    assert_eq!(c17["name"], "Golden Crust Bakery 017 Ltd");
    assert_eq!(c17["reference"], "GCB-017");
    assert_eq!(
        c17["parentTenantId"],
        "aaaaaaaa-0000-4000-8000-000000000000"
    );
    assert_timestamp(&c17["dateCreated"]);
    let nf1 = data
        .iter()
        .find(|c| c["id"] == "c0000000-0000-4000-8000-000000000001")
        .unwrap();
    assert_eq!(nf1["name"], "Nordic Freight 001 A/S");
    assert_eq!(nf1["reference"], "NF-001");
    // Some are disabled (every 19th).
    assert_eq!(
        data.iter()
            .find(|c| c["id"] == "c0000000-0000-4000-8000-000000000019")
            .unwrap()["enabled"],
        false
    );

    // Pages of 50: 5 full pages, then 17, then empty pages.
    let mut seen = Vec::new();
    for index in 0..6 {
        let page = get(
            a,
            &format!("/api/v1.0/customers?pageIndex={index}&pageSize=50"),
        )
        .await
        .json();
        assert_eq!(page["page_index"], index);
        assert_eq!(page["page_size"], 50);
        assert_eq!(page["status"], "success");
        let expect = if index < 5 { 50 } else { 17 };
        assert_eq!(
            page["data"].as_array().unwrap().len(),
            expect,
            "page {index}"
        );
        seen.extend(names(&page));
    }
    assert_eq!(
        seen, all_names,
        "the pages, concatenated, are the full list"
    );
    for (index, size) in [(6, 50), (99, 50), (1, 1000), (267, 1)] {
        let beyond = get(
            a,
            &format!("/api/v1.0/customers?pageIndex={index}&pageSize={size}"),
        )
        .await;
        assert_eq!(beyond.status, 200);
        let beyond = beyond.json();
        assert_eq!(beyond["data"], json!([]), "{index} x {size}");
        assert_eq!(beyond["page_index"], index);
        assert_eq!(beyond["page_size"], size);
    }
    // A huge pageIndex does not overflow.
    let huge = get(a, "/api/v1.0/customers?pageIndex=18446744073709551615").await;
    assert_eq!(huge.status, 200);
    assert_eq!(huge.json()["data"], json!([]));

    // Family words narrow the list to a dozen or so.
    let freight = get(a, "/api/v1.0/customers?filter=freight").await.json();
    let freight_names = names(&freight);
    assert_eq!(freight_names.len(), 13);
    assert_eq!(freight_names[0], "Nordic Freight 001 A/S");
    assert_eq!(freight_names[12], "Nordic Freight 013 A/S");
    assert!(freight_names
        .iter()
        .all(|n| n.starts_with("Nordic Freight ")));
    let bakery = get(a, "/api/v1.0/customers?filter=BAKERY&pageSize=5")
        .await
        .json();
    assert_eq!(names(&bakery).len(), 5);
    let bakery_p2 = get(
        a,
        "/api/v1.0/customers?filter=bakery&pageSize=5&pageIndex=2",
    )
    .await
    .json();
    assert_eq!(names(&bakery_p2).len(), 3);
    // By reference.
    let by_ref = get(a, "/api/v1.0/customers?filter=gcb-017").await.json();
    assert_eq!(names(&by_ref), ["Golden Crust Bakery 017 Ltd"]);
    let by_ref = get(a, "/api/v1.0/customers?filter=NF-0").await.json();
    assert_eq!(names(&by_ref).len(), 13);
    // The hand-written customers are still found as before.
    assert_eq!(
        names(&get(a, "/api/v1.0/customers?filter=acme").await.json()),
        ["Acme Logistics A/S", "Acme Robotics GmbH"]
    );
    let nord = get(a, "/api/v1.0/customers?filter=nord-009").await.json();
    assert_eq!(nord["data"].as_array().unwrap().len(), 1);
    assert_eq!(nord["data"][0]["id"], NORDLYS);
    assert_eq!(
        names(
            &get(a, "/api/v1.0/customers?filter=Dental%20Clinic")
                .await
                .json()
        ),
        ["Bluebell Dental Clinic Ltd"]
    );

    // Every generated customer has 1-3 users, with roles in both spellings
    // and some lacking a prerequisite role.
    let mut spellings = (false, false);
    let mut lacking = 0;
    for n in [1u32, 2, 3, 17, 100, 260] {
        let c = format!("c0000000-0000-4000-8000-{n:012}");
        let users = get(a, &format!("/api/v1.0/customers/{c}/users"))
            .await
            .json();
        let users = users["data"].as_array().unwrap().clone();
        assert_eq!(users.len() as u32, 1 + n % 3, "customer {n}");
        for (k, u) in users.iter().enumerate() {
            let id = format!("c1000000-0000-4000-8000-{n:09}{:03}", k + 1);
            assert_eq!(u["id"], id.as_str());
            assert_eq!(u["primaryTenant"], c.as_str());
            assert_eq!(u["isParent"], false);
            assert!(u["email"].as_str().unwrap().contains('@'));
            let user = get(a, &format!("/api/v1.0/customers/{c}/users/{id}"))
                .await
                .json();
            let roles: Vec<String> = user["data"]["roles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap().to_owned())
                .collect();
            spellings.0 |= roles.iter().any(|r| r.contains('.'));
            spellings.1 |= roles.iter().any(|r| r.contains('_'));
            let norm: Vec<String> = roles.iter().map(|r| r.replace('.', "_")).collect();
            if !(norm.iter().any(|r| r == "customer_user_uc")
                && norm.iter().any(|r| r == "customer_user_uc_softphone"))
            {
                lacking += 1;
            }
        }
    }
    assert_eq!(spellings, (true, true));
    assert!(lacking > 0);
    // Customer 17's users, by name (a stable example for the docs).
    let u = get(
        a,
        "/api/v1.0/customers/c0000000-0000-4000-8000-000000000017/users",
    )
    .await
    .json();
    assert_eq!(u["data"][0]["displayName"], "Émile Müller");
    assert_eq!(u["data"][0]["email"], "emile.muller@gcb-017.example");
    sb.shutdown().await;
}

#[tokio::test]
async fn users_list_and_user() {
    let sb = start().await;
    let a = sb.api_addr;
    let list = get(a, &format!("/api/v1.0/customers/{ACME}/users")).await;
    assert_eq!(list.status, 200);
    let list = list.json();
    let users = list["data"].as_array().unwrap();
    assert_eq!(list["page_size"], users.len());
    assert_eq!(users.len(), 7);
    let mette = users.iter().find(|u| u["id"] == METTE).unwrap();
    assert_eq!(
        *mette,
        json!({
            "id": METTE,
            "displayName": "Mette Jensen",
            "email": "mette.jensen@acme-logistics.dk",
            "primaryTenant": ACME,
            "isParent": false
        })
    );
    assert!(users.iter().any(|u| u["isParent"] == true));

    let user = get(a, &format!("/api/v1.0/customers/{ACME}/users/{METTE}"))
        .await
        .json();
    assert_eq!(
        user["data"],
        json!({
            "id": METTE,
            "displayName": "Mette Jensen",
            "email": "mette.jensen@acme-logistics.dk",
            "roles": ["customer_user", "customer_user_uc", "customer_user_uc_softphone"]
        })
    );
    assert_eq!(user["status"], "success");
    let klaus = get(a, &format!("/api/v1.0/customers/{ROBOTICS}/users/{KLAUS}")).await;
    assert_eq!(klaus.status, 200);
    sb.shutdown().await;
}

#[tokio::test]
async fn cors_preflight_and_headers() {
    let sb = start_with(Config {
        cors_origins: vec!["http://console.test:3000".into()],
        ..Config::default()
    })
    .await;
    let a = sb.api_addr;
    let path = device_path(ACME, METTE, METTE_D1, "assign");
    // A fault queued for everything must not touch preflights.
    control(
        a,
        "POST",
        "/__sandbox/fault",
        Some(json!({"status": 500, "times": 0})),
    )
    .await;
    for origin in [
        "http://localhost:8080",
        "http://127.0.0.1:8080",
        "http://console.test:3000",
    ] {
        let resp = send(
            a,
            "OPTIONS",
            &path,
            &[
                ("Origin", origin),
                ("Access-Control-Request-Method", "PUT"),
                (
                    "Access-Control-Request-Headers",
                    "authorization,content-type,accept-charges",
                ),
            ],
            None,
        )
        .await
        .unwrap();
        assert!(resp.status == 200 || resp.status == 204, "{resp:?}");
        assert_eq!(resp.header("access-control-allow-origin"), Some(origin));
        let methods = resp
            .header("access-control-allow-methods")
            .unwrap()
            .to_uppercase();
        for m in ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] {
            assert!(methods.contains(m), "{methods}");
        }
        let allowed = resp
            .header("access-control-allow-headers")
            .unwrap()
            .to_lowercase();
        for h in ["authorization", "content-type", "accept-charges"] {
            assert!(allowed.contains(h), "{allowed}");
        }
    }
    assert!(control(a, "GET", "/__sandbox/requests", None)
        .await
        .json()
        .as_array()
        .unwrap()
        .is_empty());
    let still_queued = control(a, "GET", "/__sandbox/fault", None).await.json();
    assert_eq!(still_queued.as_array().unwrap().len(), 1);
    control(a, "DELETE", "/__sandbox/fault", None).await;

    // Other origins get no CORS grant.
    let resp = send(
        a,
        "OPTIONS",
        &path,
        &[
            ("Origin", "http://evil.test"),
            ("Access-Control-Request-Method", "PUT"),
        ],
        None,
    )
    .await
    .unwrap();
    assert_eq!(resp.header("access-control-allow-origin"), None);

    // Actual responses carry the grant and expose Location, 401s included.
    let origin = ("Origin", "http://localhost:8080");
    let resp = send(
        a,
        "PUT",
        &path,
        &[AUTH, origin],
        Some(r#"{"clientType":"desktop"}"#),
    )
    .await
    .unwrap();
    assert_eq!(resp.status, 201);
    assert_eq!(
        resp.header("access-control-allow-origin"),
        Some("http://localhost:8080")
    );
    assert!(resp
        .header("access-control-expose-headers")
        .unwrap()
        .to_lowercase()
        .contains("location"));
    let resp = send(a, "GET", "/api/v1.0/customers", &[origin], None)
        .await
        .unwrap();
    assert_eq!(resp.status, 401);
    assert_eq!(
        resp.header("access-control-allow-origin"),
        Some("http://localhost:8080")
    );
    sb.shutdown().await;
}

/// Issue 18, part 6: a page cannot reach the control routes. Without the
/// control header a request is refused, a change needs a JSON content type
/// (a no-cors `text/plain` POST, all a page can send without a preflight,
/// does nothing), and no control route answers with CORS headers, so the
/// preflight a page would need for the header fails.
#[tokio::test]
async fn control_routes_are_the_tests_alone() {
    let sb = start().await;
    let a = sb.api_addr;
    // Something to reset: a queued fault.
    control(a, "POST", "/__sandbox/fault", Some(json!({"status": 503}))).await;
    let page = "http://127.0.0.1:8080";
    for (method, path) in [
        ("POST", "/__sandbox/reset"),
        ("POST", "/__sandbox/fault"),
        ("DELETE", "/__sandbox/fault"),
        ("GET", "/__sandbox/state"),
        ("GET", "/__sandbox/requests"),
        ("POST", "/__sandbox/tokens"),
        ("POST", "/__sandbox/telecomx"),
    ] {
        // What a page could send without a preflight: no custom header.
        let body = (method == "POST").then_some(r#"{"add":"x"}"#);
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {a}\r\nOrigin: {page}\r\nConnection: close\r\n"
        );
        if let Some(b) = body {
            req.push_str(&format!(
                "Content-Type: text/plain\r\nContent-Length: {}\r\n",
                b.len()
            ));
        }
        req.push_str("\r\n");
        req.push_str(body.unwrap_or(""));
        let resp = raw(a, &req).await;
        assert_eq!(resp.status, 403, "{method} {path}: {resp:?}");
        assert!(resp.body.contains("x-sandbox-control"), "{}", resp.body);
        assert_eq!(
            resp.header("access-control-allow-origin"),
            None,
            "{method} {path}"
        );

        // The preflight a page would need for the header gets no grant.
        let resp = send(
            a,
            "OPTIONS",
            path,
            &[
                ("Origin", page),
                ("Access-Control-Request-Method", method),
                (
                    "Access-Control-Request-Headers",
                    "x-sandbox-control,content-type",
                ),
            ],
            None,
        )
        .await
        .unwrap();
        assert_eq!(resp.header("access-control-allow-origin"), None, "{path}");
        assert!(resp.status >= 400, "OPTIONS {path}: {resp:?}");
    }
    // With the header but as text/plain: a change is refused.
    let resp = send(
        a,
        "POST",
        "/__sandbox/reset",
        &[("X-Sandbox-Control", "1"), ("Content-Type", "text/plain")],
        None,
    )
    .await
    .unwrap();
    assert_eq!(resp.status, 415, "{resp:?}");
    // A wrong value of the header is no header.
    let resp = send(
        a,
        "GET",
        "/__sandbox/state",
        &[("X-Sandbox-Control", "yes")],
        None,
    )
    .await
    .unwrap();
    assert_eq!(resp.status, 403);
    // Nothing of it was carried out: the fault is still queued.
    assert_eq!(
        control(a, "GET", "/__sandbox/fault", None)
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // The tests' way works, and answers without CORS headers either.
    let resp = control(a, "POST", "/__sandbox/reset", None).await;
    assert_eq!(resp.status, 200);
    assert_eq!(resp.header("access-control-allow-origin"), None);
    assert!(control(a, "GET", "/__sandbox/fault", None)
        .await
        .json()
        .as_array()
        .unwrap()
        .is_empty());
    // Health stays open (start-up scripts poll it), and the API keeps its CORS.
    let health = send(a, "GET", "/__sandbox/health", &[], None)
        .await
        .unwrap();
    assert_eq!((health.status, health.body.as_str()), (200, "ok"));
    let resp = send(a, "GET", "/api/v1.0/customers", &[("Origin", page)], None)
        .await
        .unwrap();
    assert_eq!(resp.header("access-control-allow-origin"), Some(page));
    sb.shutdown().await;
}

/// Sends `request` as is on a fresh connection.
async fn raw(addr: SocketAddr, request: &str) -> Resp {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    stream.read_to_end(&mut out).await.unwrap();
    common::parse(&out).unwrap()
}

#[tokio::test]
async fn fault_status_body_and_times() {
    let sb = start().await;
    let a = sb.api_addr;
    let origin = ("Origin", "http://127.0.0.1:8080");
    let r = control(
        a,
        "POST",
        "/__sandbox/fault",
        Some(json!({
            "match": "/assign",
            "method": "put",
            "status": 502,
            "body": "<html><body>Bad gateway</body></html>",
            "contentType": "text/html"
        })),
    )
    .await;
    assert_eq!(r.status, 201);
    // A GET does not match the PUT fault.
    assert_eq!(get(a, "/api/v1.0/customers").await.status, 200);
    let resp = send(
        a,
        "PUT",
        &device_path(ACME, METTE, METTE_D1, "assign"),
        &[AUTH, origin],
        Some(r#"{"clientType":"desktop"}"#),
    )
    .await
    .unwrap();
    assert_eq!(resp.status, 502);
    assert_eq!(resp.header("content-type"), Some("text/html"));
    assert_eq!(resp.body, "<html><body>Bad gateway</body></html>");
    assert_eq!(
        resp.header("access-control-allow-origin"),
        Some("http://127.0.0.1:8080")
    );
    assert!(
        !assignments(a).await.contains_key(METTE_D1),
        "faulted request not carried out"
    );
    // times: 1 -> used up.
    assert_eq!(
        assign(a, ACME, METTE, METTE_D1, "desktop").await.status,
        201
    );

    // Malformed success body; faults apply before auth.
    control(
        a,
        "POST",
        "/__sandbox/fault",
        Some(json!({"match": "/customers", "status": 200, "body": "{\"data\": [", "times": 2})),
    )
    .await;
    for _ in 0..2 {
        let resp = send(a, "GET", "/api/v1.0/customers?filter=a", &[], None)
            .await
            .unwrap();
        assert_eq!((resp.status, resp.body.as_str()), (200, "{\"data\": ["));
        assert_eq!(resp.header("content-type"), Some("application/json"));
    }
    assert_eq!(
        get(a, "/api/v1.0/customers").await.json()["status"],
        "success"
    );

    // First match wins; times 0 lasts until cleared; empty body by default.
    control(
        a,
        "POST",
        "/__sandbox/fault",
        Some(json!({"match": "users", "status": 500, "times": 0})),
    )
    .await;
    control(a, "POST", "/__sandbox/fault", Some(json!({"status": 418}))).await;
    for _ in 0..3 {
        let resp = get(a, &format!("/api/v1.0/customers/{ACME}/users")).await;
        assert_eq!((resp.status, resp.body.as_str()), (500, ""));
    }
    assert_eq!(get(a, "/api/v1.0/customers").await.status, 418);
    assert_eq!(get(a, "/api/v1.0/customers").await.status, 200);
    control(a, "DELETE", "/__sandbox/fault", None).await;
    assert_eq!(
        get(a, &format!("/api/v1.0/customers/{ACME}/users"))
            .await
            .status,
        200
    );

    // Control endpoints are never faulted, and typos in a fault are refused.
    control(
        a,
        "POST",
        "/__sandbox/fault",
        Some(json!({"status": 500, "times": 0})),
    )
    .await;
    assert_eq!(
        control(a, "GET", "/__sandbox/health", None).await.status,
        200
    );
    let typo = control(a, "POST", "/__sandbox/fault", Some(json!({"delay_ms": 5}))).await;
    assert_eq!(typo.status, 400);
    let bad = control(a, "POST", "/__sandbox/fault", Some(json!({"status": 42}))).await;
    assert_eq!(bad.status, 400);
    // Reset clears faults and the log.
    control(a, "POST", "/__sandbox/reset", None).await;
    assert_eq!(get(a, "/api/v1.0/customers").await.status, 200);
    assert_eq!(
        control(a, "GET", "/__sandbox/requests", None)
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn fault_delay() {
    let sb = start().await;
    let a = sb.api_addr;
    control(a, "POST", "/__sandbox/fault", Some(json!({"delayMs": 400}))).await;
    let t = Instant::now();
    let resp = get(a, "/api/v1.0/customers").await;
    assert!(t.elapsed() >= Duration::from_millis(400));
    assert_eq!(resp.status, 200, "handled normally after the delay");
    let t = Instant::now();
    get(a, "/api/v1.0/customers").await;
    assert!(t.elapsed() < Duration::from_millis(400));
    sb.shutdown().await;
}

#[tokio::test]
async fn fault_drop_closes_the_connection_without_a_response() {
    let sb = start().await;
    let a = sb.api_addr;
    control(
        a,
        "POST",
        "/__sandbox/fault",
        Some(json!({"match": "/assign", "drop": true, "delayMs": 50})),
    )
    .await;
    let path = device_path(ACME, METTE, METTE_D1, "assign");
    let result = send(
        a,
        "PUT",
        &path,
        &[AUTH],
        Some(r#"{"clientType":"desktop"}"#),
    )
    .await;
    assert!(result.is_err(), "expected no response, got {result:?}");
    // The request was logged and not carried out; the server carries on.
    let log = control(a, "GET", "/__sandbox/requests", None).await.json();
    assert_eq!(log[0]["path"], path);
    assert!(!assignments(a).await.contains_key(METTE_D1));
    assert_eq!(
        assign(a, ACME, METTE, METTE_D1, "desktop").await.status,
        201
    );
    sb.shutdown().await;
}

/// Sends a request and hangs up after `wait`, as a console timing out does.
async fn send_and_give_up(addr: SocketAddr, method: &str, path: &str, body: &str, wait: Duration) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut buf = [0u8; 64];
    let read = tokio::time::timeout(wait, stream.read(&mut buf)).await;
    assert!(read.is_err(), "no answer before giving up");
    drop(stream);
}

#[tokio::test]
async fn delayed_request_is_carried_out_even_if_the_client_gives_up() {
    let sb = start().await;
    let a = sb.api_addr;
    control(
        a,
        "POST",
        "/__sandbox/fault",
        Some(json!({"match": "/assign", "delayMs": 600})),
    )
    .await;
    let path = device_path(ACME, METTE, METTE_D1, "assign");
    send_and_give_up(
        a,
        "PUT",
        &path,
        r#"{"clientType":"webrtc"}"#,
        Duration::from_millis(150),
    )
    .await;
    assert!(
        !assignments(a).await.contains_key(METTE_D1),
        "still delayed"
    );
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert_eq!(
        assignments(a).await[METTE_D1],
        "webrtc",
        "carried out after the delay"
    );

    // ...unless the sandbox was reset meanwhile.
    control(a, "POST", "/__sandbox/reset", None).await;
    control(
        a,
        "POST",
        "/__sandbox/fault",
        Some(json!({"match": "/assign", "delayMs": 600})),
    )
    .await;
    send_and_give_up(
        a,
        "PUT",
        &path,
        r#"{"clientType":"crm"}"#,
        Duration::from_millis(150),
    )
    .await;
    control(a, "POST", "/__sandbox/reset", None).await;
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert!(!assignments(a).await.contains_key(METTE_D1));
    sb.shutdown().await;
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sandbox-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn static_site_config_json_and_spa_fallback() {
    let dir = temp_dir("site");
    let site = dir.join("dist");
    std::fs::create_dir_all(site.join("assets")).unwrap();
    std::fs::write(
        site.join("index.html"),
        "<!doctype html><title>console</title>",
    )
    .unwrap();
    std::fs::write(site.join("config.json"), r#"{"from":"dir"}"#).unwrap();
    std::fs::write(site.join("assets/app.js"), "console.log(1)").unwrap();
    let cfg = dir.join("config.sandbox.json");
    std::fs::write(
        &cfg,
        r#"{"dimensions":{"baseUrl":"__SANDBOX_API__/api"},"also":"__SANDBOX_API__"}"#,
    )
    .unwrap();

    let sb = start_with(Config {
        static_dir: Some(site.clone()),
        config_json: Some(cfg),
        ..Config::default()
    })
    .await;
    let s = sb.static_addr.expect("static listener");
    let api = format!("http://127.0.0.1:{}", sb.api_addr.port());
    assert_eq!(
        sb.ready_line(),
        format!(
            "SANDBOX_READY api={api} static=http://127.0.0.1:{} portal=-",
            s.port()
        )
    );

    let resp = send(s, "GET", "/config.json", &[], None).await.unwrap();
    assert_eq!(resp.status, 200);
    assert_eq!(resp.header("cache-control"), Some("no-cache"));
    assert_eq!(
        resp.json(),
        json!({"dimensions": {"baseUrl": format!("{api}/api")}, "also": api})
    );
    for path in ["/", "/index.html", "/assign/softphone", "/customers/123"] {
        let resp = send(s, "GET", path, &[], None).await.unwrap();
        assert_eq!(resp.status, 200, "{path}");
        assert_eq!(resp.body, "<!doctype html><title>console</title>", "{path}");
        assert_eq!(resp.header("cache-control"), Some("no-cache"), "{path}");
        assert!(resp
            .header("content-type")
            .unwrap()
            .starts_with("text/html"));
        let policy = resp.header("content-security-policy").expect("CSP");
        assert!(
            policy.contains("script-src 'self' 'wasm-unsafe-eval';"),
            "{policy}"
        );
        assert!(policy.contains("frame-ancestors 'none';"), "{policy}");
    }
    let js = send(s, "GET", "/assets/app.js", &[], None).await.unwrap();
    assert_eq!((js.status, js.body.as_str()), (200, "console.log(1)"));
    assert_eq!(
        send(s, "GET", "/assets/missing.js", &[], None)
            .await
            .unwrap()
            .status,
        404
    );
    // Pages with a trailing slash are the page too; a file below one is not.
    for path in ["/pbx/", "/softphones/", "/bulk//"] {
        let resp = send(s, "GET", path, &[], None).await.unwrap();
        assert_eq!(
            (resp.status, resp.body.as_str()),
            (200, "<!doctype html><title>console</title>"),
            "{path}"
        );
    }
    assert_eq!(
        send(s, "GET", "/pbx/config.json", &[], None)
            .await
            .unwrap()
            .status,
        404
    );

    // Issue 18, part 3: the hardened headers on every kind of response.
    for (method, path, status) in [
        ("GET", "/", 200),
        ("GET", "/pbx/", 200),
        ("GET", "/assets/app.js", 200),
        ("GET", "/config.json", 200),
        ("GET", "/assets/missing.js", 404),
        ("HEAD", "/index.html", 200),
        ("POST", "/index.html", 405),
    ] {
        let resp = send(s, method, path, &[], None).await.unwrap();
        assert_eq!(resp.status, status, "{method} {path}");
        assert_eq!(
            resp.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            resp.header("referrer-policy"),
            Some("no-referrer"),
            "{path}"
        );
        let policy = resp.header("content-security-policy").unwrap_or_default();
        assert!(policy.contains("form-action 'none'"), "{path}: {policy}");
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        // HSTS belongs to production over TLS, not to a loopback listener.
        assert_eq!(resp.header("strict-transport-security"), None, "{path}");
    }

    // The static listener's own origins are allowed on the API automatically.
    for origin in [
        format!("http://127.0.0.1:{}", s.port()),
        format!("http://localhost:{}", s.port()),
    ] {
        let resp = send(
            sb.api_addr,
            "OPTIONS",
            "/api/v1.0/customers",
            &[
                ("Origin", &origin),
                ("Access-Control-Request-Method", "GET"),
            ],
            None,
        )
        .await
        .unwrap();
        assert_eq!(
            resp.header("access-control-allow-origin"),
            Some(origin.as_str())
        );
    }
    sb.shutdown().await;

    // Without --config-json, the directory's own config.json is served.
    let sb = start_with(Config {
        static_dir: Some(site),
        ..Config::default()
    })
    .await;
    let resp = send(sb.static_addr.unwrap(), "GET", "/config.json", &[], None)
        .await
        .unwrap();
    assert_eq!(resp.json(), json!({"from": "dir"}));
    assert_eq!(resp.header("cache-control"), Some("no-cache"));
    sb.shutdown().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn static_site_serves_precompressed_copies_and_cache_rules() {
    let dir = temp_dir("compressed");
    let site = dir.join("dist");
    std::fs::create_dir_all(&site).unwrap();
    let wasm = "switchboard-0123456789abcdef_bg.wasm";
    // Stand-ins for the compressed bytes: the server must pick the file by
    // the request's Accept-Encoding, never decode it.
    for (name, body) in [
        ("index.html", "<!doctype html>plain"),
        ("index.html.br", "index-br"),
        ("index.html.gz", "index-gz"),
        (wasm, "wasm-plain"),
        (&format!("{wasm}.br"), "wasm-br"),
        (&format!("{wasm}.gz"), "wasm-gz"),
        ("main-fedcba9876543210.css", "css-plain"),
        ("config.json", "{}"),
        ("notes.txt", "unhashed"),
    ] {
        std::fs::write(site.join(name), body).unwrap();
    }
    let sb = start_with(Config {
        static_dir: Some(site),
        ..Config::default()
    })
    .await;
    let s = sb.static_addr.unwrap();
    let wasm_path = format!("/{wasm}");
    let get = |path: String, accept: &'static str| async move {
        send(s, "GET", &path, &[("Accept-Encoding", accept)], None)
            .await
            .unwrap()
    };

    for (accept, body, encoding) in [
        ("gzip, deflate, br, zstd", "wasm-br", Some("br")),
        ("gzip", "wasm-gz", Some("gzip")),
        ("identity", "wasm-plain", None),
    ] {
        let resp = get(wasm_path.clone(), accept).await;
        assert_eq!((resp.status, resp.body.as_str()), (200, body), "{accept}");
        assert_eq!(resp.header("content-encoding"), encoding, "{accept}");
        assert_eq!(resp.header("content-type"), Some("application/wasm"));
        assert_eq!(
            resp.header("cache-control"),
            Some("public, max-age=31536000, immutable")
        );
        if encoding.is_some() {
            assert_eq!(resp.header("vary"), Some("accept-encoding"));
        }
    }
    // No compressed copy: the plain file, still cached as a hashed asset.
    let css = get("/main-fedcba9876543210.css".into(), "br").await;
    assert_eq!((css.status, css.body.as_str()), (200, "css-plain"));
    assert_eq!(css.header("content-encoding"), None);
    assert_eq!(
        css.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );

    // index.html (and the SPA fallback) is compressed too, but never cached.
    for path in ["/", "/index.html", "/softphones"] {
        let resp = get(path.into(), "br, gzip").await;
        assert_eq!(
            (resp.status, resp.body.as_str()),
            (200, "index-br"),
            "{path}"
        );
        assert_eq!(resp.header("content-encoding"), Some("br"), "{path}");
        assert_eq!(resp.header("cache-control"), Some("no-cache"), "{path}");
        assert!(resp
            .header("content-type")
            .unwrap()
            .starts_with("text/html"));
    }
    let plain = get("/".into(), "identity").await;
    assert_eq!(plain.body, "<!doctype html>plain");
    for path in ["/config.json", "/notes.txt"] {
        let resp = get(path.into(), "br").await;
        assert_eq!(resp.status, 200, "{path}");
        assert_eq!(resp.header("cache-control"), Some("no-cache"), "{path}");
    }
    sb.shutdown().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn custom_seed_file() {
    let dir = temp_dir("seed");
    let mut seed: Value = serde_json::from_str(sandbox::seed::DEFAULT_SEED).unwrap();
    seed["tokens"] = json!(["other-token"]);
    let file = dir.join("seed.json");
    std::fs::write(&file, seed.to_string()).unwrap();
    let sb = start_with(Config {
        seed: Some(file.clone()),
        ..Config::default()
    })
    .await;
    assert_eq!(get(sb.api_addr, "/api/v1.0/customers").await.status, 401);
    sb.shutdown().await;
    std::fs::write(&file, "{").unwrap();
    let err = sandbox::run(Config {
        seed: Some(file),
        port: 0,
        ..Config::default()
    })
    .await
    .err()
    .expect("a broken seed is refused");
    assert!(err.to_string().contains("seed"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn shutdown_stops_listening() {
    let sb = start().await;
    let a = sb.api_addr;
    assert_eq!(get(a, "/api/v1.0/customers").await.status, 200);
    tokio::time::timeout(Duration::from_secs(10), sb.shutdown())
        .await
        .expect("shuts down promptly");
    assert!(TcpStream::connect(a).await.is_err());
}

/// The real binary: READY line first, banner after, clean exit on SIGTERM.
#[cfg(unix)]
#[tokio::test]
async fn binary_prints_ready_line_and_stops_on_sigterm() {
    use tokio::io::AsyncBufReadExt;

    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_switchboard-sandbox"))
        .args(["--port", "0", "--quiet"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("binary starts");
    let stdout = child.stdout.take().unwrap();
    let mut lines = tokio::io::BufReader::new(stdout).lines();
    let first = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .expect("READY in time")
        .unwrap()
        .unwrap();
    let rest = first
        .strip_prefix("SANDBOX_READY api=http://127.0.0.1:")
        .unwrap_or_else(|| panic!("{first}"));
    let (port, tail) = rest.split_once(' ').unwrap();
    assert_eq!(tail, "static=- portal=-");
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let mut banner = String::new();
    while let Ok(Ok(Some(line))) =
        tokio::time::timeout(Duration::from_secs(2), lines.next_line()).await
    {
        banner.push_str(&line);
        banner.push('\n');
        if line.contains("Ctrl-C") {
            break;
        }
    }
    for needle in [TOKEN, ACME, METTE, METTE_D1, NORDLYS] {
        assert!(banner.contains(needle), "{needle} in {banner}");
    }
    assert_eq!(get(addr, "/api/v1.0/customers").await.status, 200);

    let pid = child.id().unwrap().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .expect("exits after SIGTERM")
        .unwrap();
    assert!(status.success(), "{status:?}");
}

// --------------------------------------------------------------------- PBXs

fn pbxs_path(c: &str) -> String {
    format!("/api/v1.0/customers/{c}/pbxs")
}

fn pbx_path(c: &str, p: &str) -> String {
    format!("/api/v1.0/customers/{c}/pbxs/{p}")
}

async fn send_json(
    addr: SocketAddr,
    method: &str,
    path: &str,
    extra: &[(&str, &str)],
    body: &Value,
) -> Resp {
    let mut headers = vec![AUTH];
    headers.extend_from_slice(extra);
    send(addr, method, path, &headers, Some(&body.to_string()))
        .await
        .unwrap()
}

/// The documented Kazoo example (seed 001), with a fresh account id.
fn kazoo_body(account: &str) -> Value {
    json!({
        "name": "Clients Kazoo Pbx",
        "hostRest": "https://rest.example.com",
        "hostWebsocket": "wss://ws.example.com",
        "accountId": account,
        "apiKey": "ABCDEF",
        "_type": "KazooPbxConnectionProfile"
    })
}

/// The documented 3CX example (seed 001): `enableRecordingArchive` a string.
fn three_cx_body(license: &str) -> Value {
    json!({
        "_type": "ThreeCxConnectionProfile",
        "name": "3CX Connexion",
        "licenseKey": license,
        "username": "username-username-username",
        "password": "password password",
        "enableRecordingArchive": "true",
        "recordingArchiveFrequency": "00:20:00"
    })
}

async fn state_pbxs(addr: SocketAddr) -> Vec<Value> {
    control(addr, "GET", "/__sandbox/state", None).await.json()["pbxs"]
        .as_array()
        .unwrap()
        .clone()
}

/// Checks a 201 create answer and returns the new PBX id.
fn assert_created(
    resp: &Resp,
    addr: SocketAddr,
    tenant: &str,
    country: &str,
    sent: &Value,
) -> String {
    assert_eq!(resp.status, 201, "{resp:?}");
    let body = resp.json();
    assert_eq!(body["status"], "success");
    assert_timestamp(&body["timestamp"]);
    let data = body["data"].as_object().unwrap();
    let id = data["id"].as_str().unwrap().to_owned();
    assert!(sandbox::seed::is_guid(&id), "{id}");
    assert_eq!(data["tenantId"], tenant);
    assert_eq!(data["countryCode"], country);
    assert_eq!(data["enabled"], false);
    // Everything sent is echoed exactly (strings stay strings), and nothing
    // else besides the four server fields.
    for (k, v) in sent.as_object().unwrap() {
        assert_eq!(&data[k], v, "{k}");
    }
    assert_eq!(data.len(), sent.as_object().unwrap().len() + 4, "{data:?}");
    assert_eq!(
        resp.header("location"),
        Some(format!("http://{addr}/api/v1.0/customers/{tenant}/pbxs/{id}").as_str())
    );
    id
}

#[tokio::test]
async fn pbx_create_both_variants() {
    let sb = start().await;
    let a = sb.api_addr;
    // The demo tenant starts without PBXs.
    let list = get(a, &pbxs_path(ACME)).await.json();
    assert_eq!(list["data"], json!([]));

    let kazoo = kazoo_body("12345");
    let resp = send_json(a, "POST", &pbxs_path(ACME), &[], &kazoo).await;
    let kazoo_id = assert_created(&resp, a, ACME, "DK", &kazoo);
    let mut kazoo_sub = kazoo_body("67890");
    kazoo_sub["monitorSubAccounts"] = true.into();
    kazoo_sub["name"] = "Sub-accounts".into();
    let resp = send_json(a, "POST", &pbxs_path(ACME), &[], &kazoo_sub).await;
    assert_created(&resp, a, ACME, "DK", &kazoo_sub);

    let tcx = three_cx_body("licenseKey-licenseKey-licenseKey");
    // A tenant id in upper case works; the answer uses the stored id.
    let resp = send_json(a, "POST", &pbxs_path(&ACME.to_uppercase()), &[], &tcx).await;
    assert_eq!(resp.status, 201, "{resp:?}");
    let tcx_id = resp.json()["data"]["id"].as_str().unwrap().to_owned();
    assert_eq!(resp.json()["data"]["tenantId"], ACME);
    assert_eq!(resp.json()["data"]["enableRecordingArchive"], "true");
    // The boolean form, and the archive off without a frequency.
    let mut tcx_bool = three_cx_body("another-licence");
    tcx_bool["enableRecordingArchive"] = false.into();
    tcx_bool
        .as_object_mut()
        .unwrap()
        .remove("recordingArchiveFrequency");
    let resp = send_json(a, "POST", &pbxs_path(ROBOTICS), &[], &tcx_bool).await;
    assert_created(&resp, a, ROBOTICS, "DE", &tcx_bool);

    // Get answers the stored profile.
    let got = get(a, &pbx_path(ACME, &kazoo_id)).await;
    assert_eq!(got.status, 200);
    let got = got.json();
    assert_eq!(got["status"], "success");
    assert_eq!(got["data"]["apiKey"], "ABCDEF");
    assert_eq!(got["data"]["hostRest"], "https://rest.example.com");
    assert_eq!(got["data"]["countryCode"], "DK");
    assert_eq!(got["data"]["enabled"], false);
    let got = get(a, &pbx_path(ACME, &tcx_id)).await.json();
    assert_eq!(got["data"]["enableRecordingArchive"], "true");
    assert_eq!(got["data"]["recordingArchiveFrequency"], "00:20:00");

    // The list, in creation order.
    let list = get(a, &pbxs_path(ACME)).await.json();
    assert_eq!(list["status"], "success");
    let items = list["data"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["id"], kazoo_id.as_str());
    assert_eq!(items[0]["_type"], "KazooPbxConnectionProfile");
    assert_eq!(items[0]["name"], "Clients Kazoo Pbx");
    assert_eq!(items[2]["_type"], "ThreeCxConnectionProfile");
    // As documented: no `enabled` in the list (each PBX's own answer has it).
    assert!(items
        .iter()
        .all(|p| p.get("enabled").is_none() && p["tenantId"] == ACME));

    // The state endpoint shows them with collectorRestarts, without secrets.
    let state = state_pbxs(a).await;
    assert_eq!(state.len(), 3 + 4);
    let mine = state.iter().find(|p| p["id"] == kazoo_id.as_str()).unwrap();
    assert_eq!(mine.get("apiKey"), None);
    assert!(mine["accountId"].is_string(), "{mine}");
    assert_eq!(mine["collectorRestarts"], 0);
    assert_eq!(mine["tenantId"], ACME);
    sb.shutdown().await;
}

#[tokio::test]
async fn pbx_create_errors_name_the_field() {
    let sb = start().await;
    let a = sb.api_addr;
    let post =
        |body: Value| async move { send_json(a, "POST", &pbxs_path(ACME), &[], &body).await };

    let mut b = kazoo_body("1");
    b["hostRest"] = "http://rest.example.com".into();
    assert_error(
        &post(b).await,
        400,
        "The field 'hostRest' must be an https:// URL.",
    );
    let mut b = kazoo_body("1");
    b["hostWebsocket"] = "ws://ws.example.com".into();
    assert_error(
        &post(b).await,
        400,
        "The field 'hostWebsocket' must be a wss:// URL.",
    );
    let mut b = kazoo_body("1");
    b.as_object_mut().unwrap().remove("apiKey");
    assert_error(&post(b).await, 400, "The field 'apiKey' is required.");
    let mut b = kazoo_body("1");
    b["hostRest"] = "".into();
    assert_error(&post(b).await, 400, "The field 'hostRest' is required.");
    let mut b = kazoo_body("1");
    b["monitorSubAccounts"] = "sometimes".into();
    assert_error(
        &post(b).await,
        400,
        "The field 'monitorSubAccounts' must be true or false.",
    );
    for bad in ["25:00:00", "abc", "00:61:00", "20 min"] {
        let mut b = three_cx_body("L-1");
        b["recordingArchiveFrequency"] = bad.into();
        assert_error(
            &post(b).await,
            400,
            "The field 'recordingArchiveFrequency' must be a duration hh:mm:ss.",
        );
    }
    let mut b = three_cx_body("L-1");
    b.as_object_mut()
        .unwrap()
        .remove("recordingArchiveFrequency");
    assert_error(
        &post(b).await,
        400,
        "The field 'recordingArchiveFrequency' is required when enableRecordingArchive is true.",
    );
    let mut b = three_cx_body("L-1");
    b["enableRecordingArchive"] = "yes".into();
    assert_error(
        &post(b).await,
        400,
        "The field 'enableRecordingArchive' must be true or false.",
    );
    let mut b = three_cx_body("L-1");
    b.as_object_mut().unwrap().remove("password");
    assert_error(&post(b).await, 400, "The field 'password' is required.");
    let mut b = kazoo_body("1");
    b["_type"] = "AvayaPbxConnectionProfile".into();
    assert_error(
        &post(b).await,
        400,
        "The field '_type' must be KazooPbxConnectionProfile or ThreeCxConnectionProfile, not 'AvayaPbxConnectionProfile'.",
    );
    let mut b = kazoo_body("1");
    b.as_object_mut().unwrap().remove("_type");
    assert_error(
        &post(b).await,
        400,
        "The field '_type' is required; it must be KazooPbxConnectionProfile or ThreeCxConnectionProfile.",
    );
    // A field of the other type (or a typo) is refused, naming it.
    let mut b = kazoo_body("1");
    b["licenseKey"] = "x".into();
    let resp = post(b).await;
    assert_eq!(resp.status, 400);
    assert!(
        resp.json()["message"]
            .as_str()
            .unwrap()
            .starts_with("The field 'licenseKey' is not a field of KazooPbxConnectionProfile"),
        "{resp:?}"
    );
    let resp = post(json!([1, 2])).await;
    assert_error(&resp, 400, "The request body must be a JSON object.");
    let resp = send(a, "POST", &pbxs_path(ACME), &[AUTH], Some("{nope"))
        .await
        .unwrap();
    assert_eq!(resp.status, 400);
    let resp = send(a, "POST", &pbxs_path(ACME), &[AUTH], None)
        .await
        .unwrap();
    assert_eq!(resp.status, 400);

    // Auth, tenant format and tenant existence come first.
    let resp = send(
        a,
        "POST",
        &pbxs_path(ACME),
        &[],
        Some(&kazoo_body("1").to_string()),
    )
    .await
    .unwrap();
    assert_eq!(resp.status, 401);
    assert!(resp.body.is_empty());
    let resp = send_json(a, "POST", &pbxs_path("xyz"), &[], &json!({})).await;
    assert_error(&resp, 400, "The value 'xyz' is not valid.");
    let nobody = "12345678-1234-4234-8234-123456789012";
    let resp = send_json(a, "POST", &pbxs_path(nobody), &[], &json!({})).await;
    assert_error(&resp, 404, "Not Found");
    for path in [pbxs_path("xyz"), pbx_path("xyz", ROBOTICS_KAZOO)] {
        assert_error(&get(a, &path).await, 400, "The value 'xyz' is not valid.");
    }
    assert_error(&get(a, &pbxs_path(nobody)).await, 404, "Not Found");

    // Nothing was created.
    assert_eq!(state_pbxs(a).await.len(), 3);
    assert_eq!(get(a, &pbxs_path(ACME)).await.json()["data"], json!([]));
    sb.shutdown().await;
}

#[tokio::test]
async fn pbx_instance_ids_are_unique_across_tenants() {
    let sb = start().await;
    let a = sb.api_addr;
    // Seeded: a Kazoo account on Acme Robotics, a 3CX licence on Fjordline.
    let resp = send_json(
        a,
        "POST",
        &pbxs_path(ACME),
        &[],
        &kazoo_body("kazoo-acct-in-use-0001"),
    )
    .await;
    assert_error(
        &resp,
        409,
        &format!("This instance is already connected (tenant {ROBOTICS})."),
    );
    // Case and surrounding spaces do not make it another instance.
    let resp = send_json(
        a,
        "POST",
        &pbxs_path(ACME),
        &[],
        &three_cx_body(" 3cx-in-use-license-0001 "),
    )
    .await;
    assert_error(
        &resp,
        409,
        &format!("This instance is already connected (tenant {FJORDLINE})."),
    );
    // On its own tenant too.
    let resp = send_json(
        a,
        "POST",
        &pbxs_path(FJORDLINE),
        &[],
        &three_cx_body("3CX-IN-USE-LICENSE-0001"),
    )
    .await;
    assert_eq!(resp.status, 409);
    // Validation comes before the 409.
    let mut b = kazoo_body("kazoo-acct-in-use-0001");
    b["hostRest"] = "ftp://x".into();
    assert_eq!(
        send_json(a, "POST", &pbxs_path(ACME), &[], &b).await.status,
        400
    );

    // Look-ups.
    let found = get(a, "/api/v1.0/pbxs?instanceId=kazoo-acct-in-use-0001").await;
    assert_eq!(found.status, 200);
    assert_eq!(
        found.json(),
        json!({"exists": true, "instanceId": "kazoo-acct-in-use-0001",
               "id": ROBOTICS_KAZOO, "tenantId": ROBOTICS})
    );
    let found = get(a, "/api/v1.0/pbxs?instanceId=3CX-IN-USE-LICENSE-0001")
        .await
        .json();
    assert_eq!(found["exists"], true);
    assert_eq!(found["id"], FJORDLINE_3CX);
    assert_eq!(found["tenantId"], FJORDLINE);
    let free = get(a, "/api/v1.0/pbxs?instanceId=brand-new-0001")
        .await
        .json();
    assert_eq!(
        free,
        json!({"exists": false, "instanceId": "brand-new-0001"})
    );
    assert_error(
        &get(a, "/api/v1.0/pbxs").await,
        400,
        "The query parameter 'instanceId' is required.",
    );
    assert_eq!(get(a, "/api/v1.0/pbxs?instanceId=").await.status, 400);
    let resp = send(a, "GET", "/api/v1.0/pbxs?instanceId=x", &[], None)
        .await
        .unwrap();
    assert_eq!(resp.status, 401);
    assert!(resp.body.is_empty());

    // A new one is found from then on; deleting it frees the instance.
    let resp = send_json(
        a,
        "POST",
        &pbxs_path(ACME),
        &[],
        &kazoo_body("brand-new-0001"),
    )
    .await;
    let id = assert_created(&resp, a, ACME, "DK", &kazoo_body("brand-new-0001"));
    let found = get(a, "/api/v1.0/pbxs?instanceId=brand-new-0001")
        .await
        .json();
    assert_eq!(found["exists"], true);
    assert_eq!(found["id"], id.as_str());
    assert_eq!(found["tenantId"], ACME);
    let resp = send_json(
        a,
        "POST",
        &pbxs_path(ROBOTICS),
        &[],
        &kazoo_body("brand-new-0001"),
    )
    .await;
    assert_error(
        &resp,
        409,
        &format!("This instance is already connected (tenant {ACME})."),
    );
    let resp = send(a, "DELETE", &pbx_path(ACME, &id), &[AUTH], None)
        .await
        .unwrap();
    assert_eq!(resp.status, 200);
    assert_eq!(
        get(a, "/api/v1.0/pbxs?instanceId=brand-new-0001")
            .await
            .json()["exists"],
        false
    );
    let resp = send_json(
        a,
        "POST",
        &pbxs_path(ROBOTICS),
        &[],
        &kazoo_body("brand-new-0001"),
    )
    .await;
    assert_eq!(resp.status, 201);
    sb.shutdown().await;
}

#[tokio::test]
async fn pbx_create_on_a_charged_customer() {
    let sb = start().await;
    let a = sb.api_addr;
    let body = three_cx_body("nordlys-licence-0001");
    let resp = send_json(a, "POST", &pbxs_path(NORDLYS), &[], &body).await;
    assert_eq!(resp.status, 402, "{resp:?}");
    let err = resp.json();
    assert_eq!(err["error"], 402);
    assert_eq!(err["message"], "Additional charges apply");
    assert_eq!(err["status"], "error");
    assert_eq!(err["data"], body);
    assert_timestamp(&err["timestamp"]);
    assert_eq!(resp.header("location"), None);
    let resp = send_json(
        a,
        "POST",
        &pbxs_path(NORDLYS),
        &[("accept-charges", "false")],
        &body,
    )
    .await;
    assert_eq!(resp.status, 402);
    // Nothing was created.
    assert_eq!(get(a, &pbxs_path(NORDLYS)).await.json()["data"], json!([]));
    assert_eq!(
        get(a, "/api/v1.0/pbxs?instanceId=nordlys-licence-0001")
            .await
            .json()["exists"],
        false
    );
    // Validation and the 409 come before the charge.
    let mut bad = body.clone();
    bad["recordingArchiveFrequency"] = "abc".into();
    assert_eq!(
        send_json(a, "POST", &pbxs_path(NORDLYS), &[], &bad)
            .await
            .status,
        400
    );
    let taken = kazoo_body("kazoo-acct-in-use-0001");
    assert_eq!(
        send_json(a, "POST", &pbxs_path(NORDLYS), &[], &taken)
            .await
            .status,
        409
    );

    // Accepted: created.
    let resp = send_json(
        a,
        "POST",
        &pbxs_path(NORDLYS),
        &[("accept-charges", "TRUE")],
        &body,
    )
    .await;
    let id = assert_created(&resp, a, NORDLYS, "DK", &body);
    // Patch and delete are not charged.
    let patch = json!([{"op": "replace", "path": "/enabled", "value": "true"}]);
    let resp = send_json(a, "PATCH", &pbx_path(NORDLYS, &id), &[], &patch).await;
    assert_eq!(resp.status, 200, "{resp:?}");
    assert_eq!(
        get(a, &pbx_path(NORDLYS, &id)).await.json()["data"]["enabled"],
        true
    );
    let resp = send(a, "DELETE", &pbx_path(NORDLYS, &id), &[AUTH], None)
        .await
        .unwrap();
    assert_eq!(resp.status, 200);
    sb.shutdown().await;
}

#[tokio::test]
async fn pbx_list_get_patch_delete_and_reset() {
    let sb = start().await;
    let a = sb.api_addr;
    let list = get(a, &pbxs_path(ROBOTICS)).await;
    assert_eq!(list.status, 200);
    let list = list.json();
    assert_eq!(list["status"], "success");
    assert_timestamp(&list["timestamp"]);
    assert_eq!(
        list["data"],
        json!([
            {"id": ROBOTICS_KAZOO, "name": "Acme Robotics Kazoo", "_type": "KazooPbxConnectionProfile",
             "tenantId": ROBOTICS},
            {"id": ROBOTICS_3CX, "name": "Robotics Lab 3CX", "_type": "ThreeCxConnectionProfile",
             "tenantId": ROBOTICS}
        ])
    );
    let got = get(a, &pbx_path(ROBOTICS, ROBOTICS_KAZOO)).await.json();
    assert_eq!(got["data"]["accountId"], "kazoo-acct-in-use-0001");
    assert_eq!(got["data"]["countryCode"], "DE");
    assert_eq!(got["data"]["monitorSubAccounts"], true);
    let fjord = get(a, &pbx_path(FJORDLINE, FJORDLINE_3CX)).await.json();
    assert_eq!(fjord["data"]["licenseKey"], "3CX-IN-USE-LICENSE-0001");
    assert_eq!(fjord["data"]["countryCode"], "NO");

    // Enable with the documented string value, then with booleans.
    let path = pbx_path(ROBOTICS, ROBOTICS_3CX);
    let patch = |value: Value| json!([{"op": "replace", "path": "/enabled", "value": value}]);
    let resp = send_json(a, "PATCH", &path, &[], &patch("true".into())).await;
    assert_eq!(resp.status, 200, "{resp:?}");
    let body = resp.json();
    assert_eq!(body["status"], "success");
    assert_timestamp(&body["timestamp"]);
    assert!(body.get("data").is_none());
    assert_eq!(get(a, &path).await.json()["data"]["enabled"], true);
    let resp = send_json(a, "PATCH", &path, &[], &patch(false.into())).await;
    assert_eq!(resp.status, 200);
    assert_eq!(get(a, &path).await.json()["data"]["enabled"], false);
    let resp = send_json(a, "PATCH", &path, &[], &patch(true.into())).await;
    assert_eq!(resp.status, 200);
    // Rename (and another op in the same patch).
    let rename = json!([
        {"op": "replace", "path": "/name", "value": "Robotics Lab 3CX (renamed)"},
        {"op": "replace", "path": "/enabled", "value": "false"}
    ]);
    assert_eq!(send_json(a, "PATCH", &path, &[], &rename).await.status, 200);
    let got = get(a, &path).await.json();
    assert_eq!(got["data"]["name"], "Robotics Lab 3CX (renamed)");
    assert_eq!(got["data"]["enabled"], false);
    let list = get(a, &pbxs_path(ROBOTICS)).await.json();
    assert_eq!(list["data"][1]["name"], "Robotics Lab 3CX (renamed)");

    // Bad patches name the problem and change nothing.
    for (bad, needle) in [
        (json!([{"op": "remove", "path": "/enabled"}]), "op 'remove'"),
        (
            json!([{"op": "replace", "path": "/hostRest", "value": "https://x"}]),
            "'/hostRest'",
        ),
        (
            json!([{"op": "replace", "path": "/enabled", "value": "yes"}]),
            "/enabled must be true or false",
        ),
        (
            json!([{"op": "replace", "path": "/name", "value": ""}]),
            "/name must be a non-empty string",
        ),
        (
            json!([{"op": "replace", "path": "/name", "value": "ok"}, {"op": "test"}]),
            "Patch operation 1",
        ),
        (
            json!({"op": "replace", "path": "/enabled", "value": true}),
            "JSON Patch array",
        ),
        (json!([]), "empty"),
    ] {
        let resp = send_json(a, "PATCH", &path, &[], &bad).await;
        assert_eq!(resp.status, 400, "{bad}: {resp:?}");
        let message = resp.json()["message"].as_str().unwrap().to_owned();
        assert!(message.contains(needle), "{bad}: {message}");
    }
    let got = get(a, &path).await.json();
    assert_eq!(got["data"]["name"], "Robotics Lab 3CX (renamed)");
    // Four accepted patches: four collector restarts.
    let state = state_pbxs(a).await;
    let lab = state.iter().find(|p| p["id"] == ROBOTICS_3CX).unwrap();
    assert_eq!(lab["collectorRestarts"], 4);
    assert_eq!(lab["enabled"], false);
    assert_eq!(lab.get("password"), None);
    assert_eq!(got["data"]["password"], "lab-secret-0002");
    let kazoo = state.iter().find(|p| p["id"] == ROBOTICS_KAZOO).unwrap();
    assert_eq!(kazoo["collectorRestarts"], 0);

    // Someone else's PBX, an unknown one, a malformed id.
    let other = pbx_path(ACME, ROBOTICS_KAZOO);
    let unknown = pbx_path(ROBOTICS, "12345678-1234-4234-8234-123456789012");
    for p in [&other, &unknown] {
        assert_error(&get(a, p).await, 404, "PBX not found");
        assert_error(
            &send_json(a, "PATCH", p, &[], &patch(true.into())).await,
            404,
            "PBX not found",
        );
        let resp = send(a, "DELETE", p, &[AUTH], None).await.unwrap();
        assert_error(&resp, 404, "PBX not found");
    }
    assert_error(
        &get(a, &pbx_path(ROBOTICS, "pbx-1")).await,
        400,
        "The value 'pbx-1' is not valid.",
    );
    let resp = send(a, "DELETE", &pbx_path(ROBOTICS, "pbx-1"), &[AUTH], None)
        .await
        .unwrap();
    assert_error(&resp, 400, "The value 'pbx-1' is not valid.");
    let resp = send(a, "PATCH", &path, &[], Some("[]")).await.unwrap();
    assert_eq!(resp.status, 401);

    // Delete.
    let resp = send(
        a,
        "DELETE",
        &pbx_path(ROBOTICS, ROBOTICS_KAZOO),
        &[AUTH],
        None,
    )
    .await
    .unwrap();
    assert_eq!(resp.status, 200);
    assert_eq!(resp.json()["status"], "success");
    assert_error(
        &get(a, &pbx_path(ROBOTICS, ROBOTICS_KAZOO)).await,
        404,
        "PBX not found",
    );
    let resp = send(
        a,
        "DELETE",
        &pbx_path(ROBOTICS, ROBOTICS_KAZOO),
        &[AUTH],
        None,
    )
    .await
    .unwrap();
    assert_eq!(resp.status, 404);
    assert_eq!(
        get(a, &pbxs_path(ROBOTICS)).await.json()["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        get(a, "/api/v1.0/pbxs?instanceId=kazoo-acct-in-use-0001")
            .await
            .json()["exists"],
        false
    );
    let resp = send_json(
        a,
        "POST",
        &pbxs_path(ACME),
        &[],
        &kazoo_body("added-before-reset"),
    )
    .await;
    assert_eq!(resp.status, 201);

    // Reset restores the seeded PBXs, as they were.
    assert_eq!(
        control(a, "POST", "/__sandbox/reset", None).await.status,
        200
    );
    let state = state_pbxs(a).await;
    let ids: Vec<&str> = state.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [ROBOTICS_KAZOO, ROBOTICS_3CX, FJORDLINE_3CX]);
    assert!(state.iter().all(|p| p["collectorRestarts"] == 0));
    let lab = get(a, &path).await.json();
    assert_eq!(lab["data"]["name"], "Robotics Lab 3CX");
    assert_eq!(lab["data"]["enabled"], false);
    assert_eq!(
        get(a, &pbx_path(ROBOTICS, ROBOTICS_KAZOO)).await.status,
        200
    );
    assert_eq!(get(a, &pbxs_path(ACME)).await.json()["data"], json!([]));
    assert_eq!(
        get(a, "/api/v1.0/pbxs?instanceId=kazoo-acct-in-use-0001")
            .await
            .json()["exists"],
        true
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn pbx_cors_preflights_for_patch_and_delete() {
    let sb = start().await;
    let a = sb.api_addr;
    let path = pbx_path(ROBOTICS, ROBOTICS_3CX);
    for (method, path) in [
        ("PATCH", path.as_str()),
        ("DELETE", path.as_str()),
        (
            "POST",
            "/api/v1.0/customers/22222222-3333-4444-8555-666666666666/pbxs",
        ),
    ] {
        let resp = send(
            a,
            "OPTIONS",
            path,
            &[
                ("Origin", "http://localhost:8080"),
                ("Access-Control-Request-Method", method),
                (
                    "Access-Control-Request-Headers",
                    "authorization,content-type,accept-charges",
                ),
            ],
            None,
        )
        .await
        .unwrap();
        assert!(
            resp.status == 200 || resp.status == 204,
            "{method}: {resp:?}"
        );
        assert_eq!(
            resp.header("access-control-allow-origin"),
            Some("http://localhost:8080")
        );
        let methods = resp
            .header("access-control-allow-methods")
            .unwrap()
            .to_uppercase();
        assert!(methods.contains(method), "{methods}");
    }
    // The actual PATCH carries the grant.
    let resp = send_json(
        a,
        "PATCH",
        &path,
        &[("Origin", "http://localhost:8080")],
        &json!([{"op": "replace", "path": "/enabled", "value": true}]),
    )
    .await;
    assert_eq!(resp.status, 200);
    assert_eq!(
        resp.header("access-control-allow-origin"),
        Some("http://localhost:8080")
    );
    // Preflights are not logged.
    let log = control(a, "GET", "/__sandbox/requests", None).await.json();
    let methods: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, ["PATCH"]);
    sb.shutdown().await;
}

#[tokio::test]
async fn demo_portal_embeds_the_console_and_mints_tokens() {
    let dir = temp_dir("portal");
    let site = dir.join("dist");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(
        site.join("index.html"),
        "<!doctype html><title>console</title>",
    )
    .unwrap();
    let cfg = dir.join("config.json");
    std::fs::write(
        &cfg,
        r#"{"dimensionsApiBase":"__SANDBOX_API__/api","telecomxApiBase":"__SANDBOX_API__/telecomx","embedAllowedOrigins":["__SANDBOX_PORTAL__"]}"#,
    )
    .unwrap();

    // The placeholder without a portal to fill it is refused at start.
    let refused = sandbox::run(Config {
        port: 0,
        static_port: 0,
        static_dir: Some(site.clone()),
        config_json: Some(cfg.clone()),
        ..Config::default()
    })
    .await;
    assert!(
        matches!(&refused, Err(e) if e.0.contains("--portal-port")),
        "{:?}",
        refused.err()
    );

    let sb = start_with(Config {
        static_dir: Some(site),
        config_json: Some(cfg),
        portal_port: Some(0),
        ..Config::default()
    })
    .await;
    let (s, p) = (
        sb.static_addr.unwrap(),
        sb.portal_addr.expect("portal listener"),
    );
    let portal = format!("http://127.0.0.1:{}", p.port());
    assert!(
        sb.ready_line().ends_with(&format!(" portal={portal}")),
        "{}",
        sb.ready_line()
    );

    // The console's config and page policy name the portal as the embedder.
    let config = send(s, "GET", "/config.json", &[], None)
        .await
        .unwrap()
        .json();
    assert_eq!(config["embedAllowedOrigins"], json!([portal]));
    let page = send(s, "GET", "/", &[], None).await.unwrap();
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.contains(&format!("frame-ancestors {portal};")), "{csp}");

    // The portal page, its files, and its backend's session.
    let index = send(p, "GET", "/", &[], None).await.unwrap();
    assert_eq!(index.status, 200);
    assert!(index.body.contains("<iframe"), "{}", index.body);
    assert!(index
        .header("content-security-policy")
        .unwrap()
        .contains("script-src 'self'"));
    for (path, kind) in [
        ("/portal.js", "text/javascript"),
        ("/portal.css", "text/css"),
    ] {
        let r = send(p, "GET", path, &[], None).await.unwrap();
        assert_eq!(
            (r.status, r.header("content-type")),
            (200, Some(kind)),
            "{path}"
        );
    }
    let session = send(p, "GET", "/portal/session", &[], None)
        .await
        .unwrap()
        .json();
    assert_eq!(
        session["console"],
        json!(format!("http://127.0.0.1:{}/", s.port()))
    );
    assert_eq!(session["tenant"], json!(ACME));
    assert_eq!(session["token"], json!(TOKEN));

    // A minted token is new each time and the API accepts it.
    let users = format!("/api/v1.0/customers/{ACME}/users");
    let mut seen = Vec::new();
    for _ in 0..2 {
        let minted = send(p, "POST", "/portal/token", &[], Some(""))
            .await
            .unwrap()
            .json();
        let token = minted["token"].as_str().unwrap().to_string();
        assert!(
            token.starts_with("portal-") && !seen.contains(&token),
            "{token}"
        );
        let auth = format!("Bearer {token}");
        let r = send(
            sb.api_addr,
            "GET",
            &users,
            &[("Authorization", &auth)],
            None,
        )
        .await
        .unwrap();
        assert_eq!(r.status, 200, "{}", r.body);
        seen.push(token);
    }
    let r = send(
        sb.api_addr,
        "GET",
        &users,
        &[("Authorization", "Bearer portal-9-0")],
        None,
    )
    .await
    .unwrap();
    assert_eq!(r.status, 401);
    sb.shutdown().await;
}
