//! The Telecom X API of the sandbox (contract section 2), end to end: a real
//! sandbox on port 0, spoken to with the same tiny raw HTTP/1.1 client as
//! `tests/api.rs` (tests/common/mod.rs).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use sandbox::telecomx::world::{sort_key, MobileConfig};
use sandbox::{Config, Demo};
use serde_json::{json, Value};

// Demo accounts (all with the same demo password) and ids; see sandbox/README.md.
const PASSWORD: &str = "telecomx-demo";
const RESELLER: &str = "rasmus.kjaer@nordictelecom.example";
const RESELLER_ADMIN: &str = "camilla.holm@nordictelecom.example";
const PARTNER_VIEWER: &str = "jonas.berg@nordictelecom.example"; // VIEWER at the reseller company
const OWNER: &str = "mette.jensen@acme-logistics.example";
const VIEWER: &str = "sofie.hansen@acme-logistics.example";
const PERSONAL: &str = "peter.madsen@acme-logistics.example";
const NO_LOGIN: &str = "anna.larsen@acme-logistics.example";
const DISABLED: &str = "ida.kristensen@acme-logistics.example";
const TWO_FACTOR: &str = "henrik.lund@acme-logistics.example";
const SMS_CODE: &str = "424242";
const ADMIN: &str = "sigrid.sorensen@telecomx-platform.example";

const NORDIC: &str = "c0ffee000000000000000001"; // the demo reseller company
const ACME: &str = "c0ffee000000000000000002"; // the reseller's, 148 employees
const FJORDLINE: &str = "c0ffee000000000000000003"; // the reseller's
const BLUEBELL: &str = "c0ffee000000000000000004"; // another reseller's
const RASMUS: &str = "ee0000000000000000001001";
const METTE: &str = "ee0000000000000000002001";
const LARS: &str = "ee0000000000000000002002"; // config with three types: the demo source
const SOFIE: &str = "ee0000000000000000002003";
const PETER: &str = "ee0000000000000000002004"; // PERSONAL, has a config: the demo target
const HOSTILE: &str = "ee0000000000000000002006"; // <img src=x onerror=alert(1)>
const QUOTES: &str = "ee0000000000000000002007"; // "quotes" & <b>bold</b>, no config
const JORGEN: &str = "ee0000000000000000002008";
const BENT: &str = "ee0000000000000000002012"; // DELETED
const NORA: &str = "ee0000000000000000003001";
const OLE: &str = "ee0000000000000000003002"; // no config
const EMILY: &str = "ee0000000000000000004001"; // Bluebell: forbidden to the reseller
const NOBODY: &str = "ee0000000000000000009999";

const COPY: &str = "/telecomx/pbx/app/mobileconfig/";

// ------------------------------------------------------------------ helpers

mod common;
use common::{control, send, start, start_with, Resp};

/// A Telecom X request, with `Authorization: Bearer <token>` when given.
async fn tx(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> Resp {
    let auth = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth
        .as_deref()
        .map(|a| vec![("Authorization", a)])
        .unwrap_or_default();
    send(addr, method, path, &headers, body).await.unwrap()
}

async fn login_raw(addr: SocketAddr, body: Value) -> Resp {
    tx(
        addr,
        "POST",
        "/telecomx/auth/login",
        None,
        Some(&body.to_string()),
    )
    .await
}

/// Logs in with the demo password; returns the token.
async fn login(addr: SocketAddr, email: &str) -> String {
    let resp = login_raw(addr, json!({"username": email, "password": PASSWORD})).await;
    assert_eq!(resp.status, 200, "{email}: {}", resp.body);
    resp.json()["token"].as_str().unwrap().to_owned()
}

async fn copy(addr: SocketAddr, token: &str, from: &str, to: &str) -> Resp {
    let body = json!({"_id": from, "copyTo": to}).to_string();
    tx(addr, "POST", COPY, Some(token), Some(&body)).await
}

/// Checks a Telecom X error answer: JSON, exactly
/// `{"error": {"code", "message", "status", "path"?}}`; returns the inner object.
fn assert_tx_error(resp: &Resp, status: u16, code: &str) -> Value {
    assert_eq!(resp.status, status, "{resp:?}");
    assert!(
        resp.header("content-type")
            .is_some_and(|c| c.starts_with("application/json")),
        "{resp:?}"
    );
    let body = resp.json();
    let outer = body.as_object().expect("an object");
    assert_eq!(outer.len(), 1, "only `error`: {body}");
    let error = outer["error"].as_object().expect("error is an object");
    assert_eq!(error["code"], code, "{body}");
    assert_eq!(error["status"], status, "{body}");
    let message = error["message"].as_str().expect("a message");
    assert!(message.len() > 10 && message.ends_with('.'), "{message}");
    for key in error.keys() {
        assert!(
            ["code", "message", "status", "path"].contains(&key.as_str()),
            "unexpected {key} in {body}"
        );
    }
    Value::Object(error.clone())
}

fn message(error: &Value) -> &str {
    error["message"].as_str().unwrap()
}

async fn state_configs(addr: SocketAddr) -> serde_json::Map<String, Value> {
    let state = control(addr, "GET", "/__sandbox/state", None).await.json();
    state["telecomx"]["mobileConfigs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["_id"].as_str().unwrap().to_owned(), c.clone()))
        .collect()
}

async fn get_config(addr: SocketAddr, token: &str, id: &str) -> Resp {
    tx(
        addr,
        "GET",
        &format!("/telecomx/pbx/app/mobileconfig/{id}"),
        Some(token),
        None,
    )
    .await
}

fn is_id(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.len() == 24 && s.bytes().all(|b| b.is_ascii_hexdigit()))
}

// -------------------------------------------------------------------- login

#[tokio::test]
async fn login_answers_a_token_and_who_you_are() {
    let sb = start().await;
    let a = sb.api_addr;
    // The e-mail address is matched trimmed and in any case.
    let resp = login_raw(
        a,
        json!({"username": " Rasmus.Kjaer@NordicTelecom.example ", "password": PASSWORD}),
    )
    .await;
    assert_eq!(resp.status, 200, "{}", resp.body);
    assert!(resp
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    let body = resp.json();
    let token = body["token"].as_str().unwrap();
    assert!(
        token.len() >= 32 && !token.contains(char::is_whitespace),
        "{token}"
    );
    assert_eq!(body["expiresInMinutes"], 15);
    assert_eq!(body["employee"], RASMUS);
    assert_eq!(body["customer"], NORDIC);
    assert!(is_id(&body["employee"]) && is_id(&body["customer"]));
    assert_eq!(body["accessLevel"], "RESELLER");
    assert_eq!(body["name"], "Rasmus Kjær");
    assert_eq!(body["customerName"], "Nordic Telecom Partners ApS");
    // Each login is a new token.
    assert_ne!(login(a, RESELLER).await, token);
    // The vendor's own body example (cookie: 0) is accepted; persist means -1.
    let resp = login_raw(
        a,
        json!({"username": OWNER, "password": PASSWORD, "cookie": 0, "persist": true}),
    )
    .await;
    assert_eq!(resp.status, 200, "{}", resp.body);
    assert_eq!(resp.json()["expiresInMinutes"], -1);
    assert_eq!(resp.json()["accessLevel"], "OWNER");
    sb.shutdown().await;
}

#[tokio::test]
async fn login_refusals_say_why() {
    let sb = start().await;
    let a = sb.api_addr;
    for (username, password) in [
        (RESELLER, "wrong"),
        (RESELLER, ""),
        ("nobody@nowhere.example", PASSWORD),
        // An employee without a password cannot log in.
        ("lars.nielsen@acme-logistics.example", PASSWORD),
        // A DELETED employee is gone.
        ("bent.sorensen@acme-logistics.example", PASSWORD),
    ] {
        let resp = login_raw(a, json!({"username": username, "password": password})).await;
        let e = assert_tx_error(&resp, 401, "credentials_invalid");
        assert_eq!(
            message(&e),
            "The e-mail address or the password is wrong.",
            "{username}"
        );
        assert_eq!(resp.header("www-authenticate"), Some("Bearer"));
    }
    let e = assert_tx_error(
        &login_raw(a, json!({"username": NO_LOGIN, "password": PASSWORD})).await,
        401,
        "credentials_invalid",
    );
    assert!(message(&e).contains("NO_LOGIN"), "{e}");
    let e = assert_tx_error(
        &login_raw(a, json!({"username": DISABLED, "password": PASSWORD})).await,
        401,
        "credentials_invalid",
    );
    assert!(message(&e).contains("disabled"), "{e}");

    // Malformed bodies are 400 bad_request, naming the field when there is one.
    for (body, path) in [
        ("", None),
        ("not json", None),
        ("[1, 2]", None),
        (r#"{"password": "x"}"#, Some("username")),
        (r#"{"username": "  ", "password": "x"}"#, Some("username")),
        (r#"{"username": 7, "password": "x"}"#, Some("username")),
        (r#"{"username": "a@b.example"}"#, Some("password")),
        (
            r#"{"username": "a@b.example", "password": 1}"#,
            Some("password"),
        ),
        (
            r#"{"username": "a@b.example", "password": "x", "smsKey": {}}"#,
            Some("smsKey"),
        ),
        (
            r#"{"username": "a@b.example", "password": "x", "user": "typo"}"#,
            Some("user"),
        ),
    ] {
        let resp = tx(a, "POST", "/telecomx/auth/login", None, Some(body)).await;
        let e = assert_tx_error(&resp, 400, "bad_request");
        assert_eq!(e.get("path").and_then(Value::as_str), path, "{body}: {e}");
    }
    // Login is POST only (a GET would put the password in the URL).
    let resp = tx(
        a,
        "GET",
        "/telecomx/auth/login?username=x&password=y",
        None,
        None,
    )
    .await;
    assert_tx_error(&resp, 405, "method_not_allowed");
    sb.shutdown().await;
}

#[tokio::test]
async fn sms_validation_needs_the_code() {
    let sb = start().await;
    let a = sb.api_addr;
    let resp = login_raw(a, json!({"username": TWO_FACTOR, "password": PASSWORD})).await;
    let e = assert_tx_error(&resp, 401, "credentials_invalid");
    assert_eq!(e["path"], "smsKey");
    assert!(message(&e).starts_with("A code is needed"), "{e}");
    assert!(message(&e).contains("smsKey"), "{e}");
    // The code comes after the password: a wrong password says nothing of it.
    let resp = login_raw(
        a,
        json!({"username": TWO_FACTOR, "password": "nope", "smsKey": SMS_CODE}),
    )
    .await;
    let e = assert_tx_error(&resp, 401, "credentials_invalid");
    assert!(e.get("path").is_none(), "{e}");
    let resp = login_raw(
        a,
        json!({"username": TWO_FACTOR, "password": PASSWORD, "smsKey": "000000"}),
    )
    .await;
    let e = assert_tx_error(&resp, 401, "credentials_invalid");
    assert_eq!(e["path"], "smsKey");
    assert!(message(&e).contains("wrong"), "{e}");
    for code in [json!(SMS_CODE), json!(424242)] {
        let resp = login_raw(
            a,
            json!({"username": TWO_FACTOR, "password": PASSWORD, "smsKey": code}),
        )
        .await;
        assert_eq!(resp.status, 200, "{}", resp.body);
        assert_eq!(resp.json()["accessLevel"], "OWNER");
        assert_eq!(resp.json()["customer"], ACME);
    }
    // Accounts without SMS validation ignore a code.
    let resp = login_raw(
        a,
        json!({"username": RESELLER, "password": PASSWORD, "smsKey": "1563"}),
    )
    .await;
    assert_eq!(resp.status, 200);
    sb.shutdown().await;
}

// ------------------------------------------------------------------- tokens

#[tokio::test]
async fn missing_garbled_unknown_and_foreign_tokens() {
    let sb = start().await;
    let a = sb.api_addr;
    let path = "/telecomx/employee";
    let resp = tx(a, "GET", path, None, None).await;
    assert_tx_error(&resp, 401, "format_error");
    assert_eq!(resp.header("www-authenticate"), Some("Bearer"));
    for header in [
        "Basic cmFzbXVzOnB3",
        "Bearer",
        "Bearer   ",
        "token-without-scheme",
    ] {
        let resp = send(a, "GET", path, &[("Authorization", header)], None)
            .await
            .unwrap();
        assert_tx_error(&resp, 401, "format_error");
    }
    for token in [
        "nope",
        "0123456789abcdef0123456789abcdef0123456789abcdef",
        "%%%",
    ] {
        assert_tx_error(
            &tx(a, "GET", path, Some(token), None).await,
            401,
            "invalid_token",
        );
    }
    // The two APIs do not share tokens.
    assert_tx_error(
        &tx(a, "GET", path, Some("demo-token-7f3c9a"), None).await,
        401,
        "invalid_token",
    );
    let token = login(a, RESELLER).await;
    let resp = tx(a, "GET", "/api/v1.0/customers", Some(&token), None).await;
    assert_eq!((resp.status, resp.body.as_str()), (401, ""));
    // Auth comes before the 404 of an unknown path, as on /api.
    assert_tx_error(
        &tx(a, "GET", "/telecomx/no/such/thing", None, None).await,
        401,
        "format_error",
    );
    let e = assert_tx_error(
        &tx(a, "GET", "/telecomx/no/such/thing", Some(&token), None).await,
        404,
        "not_found",
    );
    assert!(message(&e).contains("/telecomx/no/such/thing"), "{e}");
    sb.shutdown().await;
}

#[tokio::test]
async fn tokens_expire_with_a_shortened_lifetime() {
    let sb = start().await;
    let a = sb.api_addr;
    let path = "/telecomx/employee";
    // Strict control bodies.
    for bad in [
        json!({}),
        json!({"tokenSeconds": 0}),
        json!({"tokenSeconds": 86401}),
        json!({"tokenSeconds": "2"}),
        json!({"token_seconds": 2}),
        json!({"tokenSeconds": 2, "extra": 1}),
    ] {
        let r = control(a, "POST", "/__sandbox/telecomx", Some(bad.clone())).await;
        assert_eq!(r.status, 400, "{bad}: {}", r.body);
    }
    let early = login(a, RESELLER).await;
    let r = control(
        a,
        "POST",
        "/__sandbox/telecomx",
        Some(json!({"tokenSeconds": 2})),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["tokenSeconds"], 2);
    let resp = login_raw(a, json!({"username": RESELLER, "password": PASSWORD})).await;
    // Minutes are rounded up: the control's seconds are the truth.
    assert_eq!(resp.json()["expiresInMinutes"], 1);
    let short = resp.json()["token"].as_str().unwrap().to_owned();
    assert_eq!(tx(a, "GET", path, Some(&short), None).await.status, 200);
    tokio::time::sleep(Duration::from_millis(2300)).await;
    let e = assert_tx_error(
        &tx(a, "GET", path, Some(&short), None).await,
        401,
        "expired",
    );
    assert!(message(&e).contains("log in again"), "{e}");
    // A token issued before the change keeps its 15 minutes.
    assert_eq!(tx(a, "GET", path, Some(&early), None).await.status, 200);
    let state = control(a, "GET", "/__sandbox/state", None).await.json();
    assert_eq!(state["telecomx"]["tokenSeconds"], 2);
    let expired: Vec<bool> = state["telecomx"]["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["expired"].as_bool().unwrap())
        .collect();
    assert_eq!(expired.len(), 2);
    assert_eq!(expired.iter().filter(|e| **e).count(), 1);

    // expireTokens ends every token at once, persistent ones too.
    let persist = login_raw(
        a,
        json!({"username": OWNER, "password": PASSWORD, "persist": true}),
    )
    .await
    .json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = control(
        a,
        "POST",
        "/__sandbox/telecomx",
        Some(json!({"expireTokens": true})),
    )
    .await;
    assert_eq!((r.status, r.json()["tokenCount"].clone()), (200, json!(3)));
    for t in [&early, &persist] {
        assert_tx_error(&tx(a, "GET", path, Some(t), None).await, 401, "expired");
    }
    // Reset: the default lifetime, and no tokens at all.
    control(a, "POST", "/__sandbox/reset", None).await;
    assert_tx_error(
        &tx(a, "GET", path, Some(&early), None).await,
        401,
        "invalid_token",
    );
    let resp = login_raw(a, json!({"username": RESELLER, "password": PASSWORD})).await;
    assert_eq!(resp.json()["expiresInMinutes"], 15);
    let state = control(a, "GET", "/__sandbox/state", None).await.json();
    assert_eq!(state["telecomx"]["tokenSeconds"], 900);
    sb.shutdown().await;
}

#[tokio::test]
async fn logout_ends_all_of_the_users_tokens() {
    let sb = start().await;
    let a = sb.api_addr;
    let path = "/telecomx/employee";
    let first = login(a, RESELLER).await;
    let second = login(a, RESELLER).await;
    let other = login(a, OWNER).await;
    let resp = tx(a, "GET", "/telecomx/auth/logout", Some(&first), None).await;
    assert_eq!(resp.status, 200, "{}", resp.body);
    assert_eq!(resp.json(), json!({}));
    for t in [&first, &second] {
        assert_tx_error(
            &tx(a, "GET", path, Some(t), None).await,
            401,
            "invalid_token",
        );
    }
    assert_eq!(tx(a, "GET", path, Some(&other), None).await.status, 200);
    let state = control(a, "GET", "/__sandbox/state", None).await.json();
    assert_eq!(
        state["telecomx"]["tokens"],
        json!([{"employee": METTE, "expired": false, "persist": false}])
    );
    // Logging out needs a valid token like any call.
    assert_tx_error(
        &tx(a, "GET", "/telecomx/auth/logout", Some(&first), None).await,
        401,
        "invalid_token",
    );
    assert_tx_error(
        &tx(a, "POST", "/telecomx/auth/logout", Some(&other), None).await,
        405,
        "method_not_allowed",
    );
    sb.shutdown().await;
}

// ---------------------------------------------------------------- employees

async fn employees(a: SocketAddr, token: &str, query: &str) -> Value {
    let resp = tx(
        a,
        "GET",
        &format!("/telecomx/employee{query}"),
        Some(token),
        None,
    )
    .await;
    assert_eq!(resp.status, 200, "{query}: {}", resp.body);
    resp.json()
}

fn names(page: &Value) -> Vec<String> {
    page["employees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn employee_paging_and_filter() {
    let sb = start().await;
    let a = sb.api_addr;
    let token = login(a, RESELLER).await;
    // limit defaults to 100: Acme's 148 employees need a second page.
    let page1 = employees(a, &token, &format!("?customer={ACME}")).await;
    assert_eq!(
        (&page1["offset"], &page1["limit"], &page1["total"]),
        (&json!(0), &json!(100), &json!(148))
    );
    assert_eq!(page1["employees"].as_array().unwrap().len(), 100);
    let first = &page1["employees"][0];
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys.len(),
        7,
        "exactly _id, name, title, department, emailAddress, accessLevel, state: {first}"
    );
    for k in [
        "_id",
        "name",
        "title",
        "department",
        "emailAddress",
        "accessLevel",
        "state",
    ] {
        assert!(first.get(k).is_some(), "{k} in {first}");
    }
    let page2 = employees(a, &token, &format!("?customer={ACME}&offset=100&limit=100")).await;
    assert_eq!(page2["offset"], 100);
    assert_eq!(page2["total"], 148);
    assert_eq!(page2["employees"].as_array().unwrap().len(), 48);
    let mut all = names(&page1);
    all.extend(names(&page2));
    let keys: Vec<String> = all.iter().map(|n| sort_key(n)).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "sorted by name");
    let ids: std::collections::HashSet<Value> = page1["employees"]
        .as_array()
        .unwrap()
        .iter()
        .chain(page2["employees"].as_array().unwrap())
        .map(|e| e["_id"].clone())
        .collect();
    assert_eq!(ids.len(), 148);
    assert!(ids.iter().all(is_id));
    assert!(
        !ids.contains(&json!(BENT)),
        "DELETED employees are left out"
    );
    // Beyond the end: an empty page; everything at once with limit=500.
    let beyond = employees(a, &token, &format!("?customer={ACME}&offset=400")).await;
    assert_eq!(
        (beyond["total"].clone(), names(&beyond).len()),
        (json!(148), 0)
    );
    let big = employees(a, &token, &format!("?customer={ACME}&limit=500")).await;
    assert_eq!(names(&big).len(), 148);
    let with_deleted = employees(
        a,
        &token,
        &format!("?customer={ACME}&limit=500&includeDeleted=true"),
    )
    .await;
    assert_eq!(with_deleted["total"], 152);

    // The hostile names come back verbatim (the console must escape them).
    let hostile = employees(a, &token, &format!("?customer={ACME}&filter=onerror")).await;
    assert_eq!(names(&hostile), ["<img src=x onerror=alert(1)>"]);
    assert_eq!(hostile["employees"][0]["_id"], HOSTILE);
    let quotes = employees(a, &token, &format!("?customer={ACME}&filter=%3Cb%3E")).await;
    assert_eq!(names(&quotes), ["\"quotes\" & <b>bold</b>"]);
    assert_eq!(quotes["employees"][0]["_id"], QUOTES);
    // Case-insensitive "contains" on name and e-mail address, accents included.
    let lars = employees(a, &token, &format!("?customer={ACME}&filter=LARS")).await;
    assert_eq!(names(&lars), ["Anna Larsen", "Lars Nielsen"]);
    let muller = employees(a, &token, &format!("?customer={ACME}&filter=M%C3%9CLLER")).await;
    assert_eq!(muller["total"], 5, "{muller}");
    assert!(names(&muller)
        .iter()
        .all(|n| n.to_lowercase().contains("müller")));
    let by_mail = employees(a, &token, &format!("?customer={ACME}&filter=zoe.muller@")).await;
    assert_eq!(names(&by_mail), ["Zoë Müller-Lüdenscheidt"]);
    let paged = employees(
        a,
        &token,
        &format!("?customer={ACME}&filter=a&limit=5&offset=5"),
    )
    .await;
    assert_eq!(names(&paged).len(), 5);
    assert!(paged["total"].as_u64().unwrap() > 10);
    // customer defaults to the caller's own.
    let own = employees(a, &token, "").await;
    assert_eq!(names(&own), ["Camilla Holm", "Jonas Berg", "Rasmus Kjær"]);
    // Fjordline belongs to the reseller too; uppercase ids are accepted.
    let fjord = employees(
        a,
        &token,
        &format!("?customer={}", FJORDLINE.to_uppercase()),
    )
    .await;
    assert_eq!(fjord["total"], 3);

    // Bad parameters: 400, naming the parameter.
    for (query, path) in [
        ("?limit=0", "limit"),
        ("?limit=501", "limit"),
        ("?limit=ten", "limit"),
        ("?offset=-1", "offset"),
        ("?customer=acme", "customer"),
        ("?customer=c0ffee00000000000000000g", "customer"),
    ] {
        let resp = tx(
            a,
            "GET",
            &format!("/telecomx/employee{query}"),
            Some(&token),
            None,
        )
        .await;
        let e = assert_tx_error(&resp, 400, "bad_request");
        assert_eq!(e["path"], path, "{query}");
    }
    let resp = tx(
        a,
        "GET",
        "/telecomx/employee?customer=c0ffee000000000000000077",
        Some(&token),
        None,
    )
    .await;
    assert_eq!(assert_tx_error(&resp, 404, "not_found")["path"], "customer");
    // Another reseller's customer: ADMIN only.
    let resp = tx(
        a,
        "GET",
        &format!("/telecomx/employee?customer={BLUEBELL}"),
        Some(&token),
        None,
    )
    .await;
    let e = assert_tx_error(&resp, 403, "access_denied");
    assert!(message(&e).contains("needs access level ADMIN"), "{e}");
    assert!(message(&e).contains("your access level is RESELLER"), "{e}");
    // PERSONAL may not list employees, not even their own customer's.
    let personal = login(a, PERSONAL).await;
    let resp = tx(a, "GET", "/telecomx/employee", Some(&personal), None).await;
    let e = assert_tx_error(&resp, 403, "access_denied");
    assert!(message(&e).contains("VIEWER or higher"), "{e}");
    // VIEWER may, for their own customer only.
    let viewer = login(a, VIEWER).await;
    assert_eq!(employees(a, &viewer, "").await["total"], 148);
    let resp = tx(
        a,
        "GET",
        &format!("/telecomx/employee?customer={FJORDLINE}"),
        Some(&viewer),
        None,
    )
    .await;
    assert_tx_error(&resp, 403, "access_denied");
    sb.shutdown().await;
}

// -------------------------------------------------------------- config look-ups

#[tokio::test]
async fn mobile_config_lookups() {
    let sb = start().await;
    let a = sb.api_addr;
    let reseller = login(a, RESELLER).await;
    // The configs one may copy from: a bare array of configs, the employee
    // (the copy target) left out, in the order of their employees' names.
    let path = format!("/telecomx/pbx/app/mobileconfig?customer={ACME}&employee={PETER}");
    let resp = tx(a, "GET", &path, Some(&reseller), None).await;
    assert_eq!(resp.status, 200, "{}", resp.body);
    let list = resp.json();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [HOSTILE, JORGEN, LARS, METTE, SOFIE]);
    for c in list.as_array().unwrap() {
        let decoded: MobileConfig = serde_json::from_value(c.clone()).unwrap();
        assert_eq!(decoded.customer, ACME);
        assert_eq!(c.as_object().unwrap().len(), 3, "{c}");
    }
    let lars = &list[2];
    let types: Vec<&str> = lars["configs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["COLLEAGUES", "QUEUES", "SPEED_DIALS"]);
    assert_eq!(
        lars["configs"][0]["items"][1],
        json!({"_id": HOSTILE, "name": "<img src=x onerror=alert(1)>"})
    );
    // Defaults: the caller's customer, the caller left out.
    let owner = login(a, OWNER).await;
    let resp = tx(
        a,
        "GET",
        "/telecomx/pbx/app/mobileconfig",
        Some(&owner),
        None,
    )
    .await;
    let ids: Vec<Value> = resp
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["_id"].clone())
        .collect();
    assert_eq!(
        ids,
        [
            json!(HOSTILE),
            json!(JORGEN),
            json!(LARS),
            json!(PETER),
            json!(SOFIE)
        ]
    );
    // The reseller's other customer; and one that is not theirs.
    let resp = tx(
        a,
        "GET",
        &format!("/telecomx/pbx/app/mobileconfig?customer={FJORDLINE}"),
        Some(&reseller),
        None,
    )
    .await;
    assert_eq!(resp.json().as_array().unwrap().len(), 2);
    let resp = tx(
        a,
        "GET",
        &format!("/telecomx/pbx/app/mobileconfig?customer={BLUEBELL}"),
        Some(&reseller),
        None,
    )
    .await;
    let e = assert_tx_error(&resp, 403, "access_denied");
    assert!(message(&e).contains("ADMIN"), "{e}");
    // PERSONAL cannot list; bad and unknown parameters.
    let personal = login(a, PERSONAL).await;
    let resp = tx(
        a,
        "GET",
        "/telecomx/pbx/app/mobileconfig",
        Some(&personal),
        None,
    )
    .await;
    assert!(message(&assert_tx_error(&resp, 403, "access_denied")).contains("VIEWER or higher"));
    let resp = tx(
        a,
        "GET",
        "/telecomx/pbx/app/mobileconfig?employee=peter",
        Some(&reseller),
        None,
    )
    .await;
    assert_eq!(
        assert_tx_error(&resp, 400, "bad_request")["path"],
        "employee"
    );
    let resp = tx(
        a,
        "GET",
        &format!("/telecomx/pbx/app/mobileconfig?employee={NOBODY}"),
        Some(&reseller),
        None,
    )
    .await;
    assert_eq!(assert_tx_error(&resp, 404, "not_found")["path"], "employee");

    // One config by id (its employee's id, in any case).
    let resp = get_config(a, &reseller, &LARS.to_uppercase()).await;
    assert_eq!(resp.status, 200, "{}", resp.body);
    assert_eq!(resp.json(), *lars);
    let resp = get_config(a, &reseller, OLE).await;
    assert_tx_error(&resp, 404, "not_found");
    assert_tx_error(&get_config(a, &reseller, NOBODY).await, 404, "not_found");
    assert_tx_error(&get_config(a, &reseller, BENT).await, 404, "not_found");
    assert_tx_error(&get_config(a, &reseller, "lars").await, 400, "bad_request");
    let e = assert_tx_error(&get_config(a, &reseller, EMILY).await, 403, "access_denied");
    assert!(message(&e).contains("Emily Clarke"), "{e}");
    // PERSONAL: their own, and nobody else's.
    assert_eq!(get_config(a, &personal, PETER).await.status, 200);
    let e = assert_tx_error(&get_config(a, &personal, LARS).await, 403, "access_denied");
    assert!(message(&e).contains("VIEWER or higher"), "{e}");
    sb.shutdown().await;
}

// --------------------------------------------------------------------- copy

#[tokio::test]
async fn copy_overwrites_the_target_end_to_end() {
    let sb = start().await;
    let a = sb.api_addr;
    let reseller = login(a, RESELLER).await;
    let before = state_configs(a).await;
    let lars = before[LARS].clone();
    assert_ne!(before[PETER]["configs"], lars["configs"]);

    let resp = copy(a, &reseller, LARS, PETER).await;
    assert_eq!(resp.status, 200, "{}", resp.body);
    let result = resp.json();
    assert_eq!(result["_id"], PETER);
    assert_eq!(result["customer"], ACME);
    assert_eq!(result["configs"], lars["configs"]);
    let _: MobileConfig = serde_json::from_value(result.clone()).unwrap();
    let after = state_configs(a).await;
    assert_eq!(after[PETER], result, "the target is overwritten");
    assert_eq!(after[LARS], lars, "the source is unchanged");
    assert_eq!(after.len(), before.len());
    assert_eq!(get_config(a, &reseller, PETER).await.json(), result);

    // Across the reseller's customers: the target keeps its own customer.
    let resp = copy(a, &reseller, LARS, &NORA.to_uppercase()).await;
    assert_eq!(resp.status, 200, "{}", resp.body);
    assert_eq!(resp.json()["_id"], NORA);
    assert_eq!(resp.json()["customer"], FJORDLINE);
    assert_eq!(resp.json()["configs"], lars["configs"]);

    // The copy was logged as the console sent it.
    let log = control(a, "GET", "/__sandbox/requests", None).await.json();
    let copies: Vec<&Value> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"] == COPY)
        .collect();
    assert_eq!(copies.len(), 2);
    assert_eq!(copies[0]["api"], "telecomx");
    assert_eq!(copies[0]["method"], "POST");
    assert_eq!(copies[0]["hasAuthorization"], true);
    assert_eq!(copies[0]["body"], json!({"_id": LARS, "copyTo": PETER}));

    // Reset restores the seeded configs.
    control(a, "POST", "/__sandbox/reset", None).await;
    assert_eq!(state_configs(a).await, before);
    sb.shutdown().await;
}

#[tokio::test]
async fn copy_access_rules_name_the_level_needed() {
    let sb = start().await;
    let a = sb.api_addr;
    let personal = login(a, PERSONAL).await;
    let viewer = login(a, VIEWER).await;
    let owner = login(a, OWNER).await;
    let partner_viewer = login(a, PARTNER_VIEWER).await;
    let reseller = login(a, RESELLER).await;
    let reseller_admin = login(a, RESELLER_ADMIN).await;
    let admin = login(a, ADMIN).await;

    // (who, from, to, refused side, level needed, level of the caller)
    let refusals = [
        // PERSONAL: only their own config ...
        (
            &personal,
            LARS,
            SOFIE,
            "copyTo",
            "VIEWER or higher",
            "PERSONAL",
        ),
        // ... and they may not read a colleague's to copy it.
        (
            &personal,
            LARS,
            PETER,
            "_id",
            "VIEWER or higher",
            "PERSONAL",
        ),
        // VIEWER/MANAGER/OWNER: their own customer only (Acme is no reseller).
        (&viewer, LARS, NORA, "copyTo", "ADMIN", "VIEWER"),
        (&owner, LARS, NORA, "copyTo", "ADMIN", "OWNER"),
        // At the reseller company, below RESELLER.
        (
            &partner_viewer,
            LARS,
            PETER,
            "copyTo",
            "RESELLER or higher",
            "VIEWER",
        ),
        // RESELLER: not another reseller's customer, either side.
        (&reseller, LARS, EMILY, "copyTo", "ADMIN", "RESELLER"),
        (&reseller, EMILY, PETER, "_id", "ADMIN", "RESELLER"),
        (
            &reseller_admin,
            LARS,
            EMILY,
            "copyTo",
            "ADMIN",
            "RESELLER_ADMIN",
        ),
    ];
    let before = state_configs(a).await;
    for (token, from, to, side, needed, have) in refusals {
        let resp = copy(a, token, from, to).await;
        let e = assert_tx_error(&resp, 403, "access_denied");
        assert_eq!(e["path"], side, "{from} -> {to}: {e}");
        let m = message(&e);
        assert!(m.starts_with("Insufficient access level"), "{m}");
        assert!(m.contains(&format!("needs access level {needed} (")), "{m}");
        assert!(m.contains(&format!("your access level is {have}.")), "{m}");
    }
    assert_eq!(state_configs(a).await, before, "nothing changed");
    let e = assert_tx_error(&copy(a, &reseller, LARS, EMILY).await, 403, "access_denied");
    assert_eq!(
        message(&e),
        "Insufficient access level: overwriting the mobile config of Emily Clarke needs \
         access level ADMIN (an employee of a customer that is neither yours nor one of \
         your reseller company's); your access level is RESELLER."
    );

    // Allowed: VIEWER and OWNER within Acme, RESELLER(_ADMIN) across their
    // customers, ADMIN anywhere.
    for (token, from, to) in [
        (&viewer, LARS, PETER),
        (&owner, SOFIE, LARS),
        (&reseller_admin, LARS, NORA),
        (&reseller, NORA, SOFIE),
        (&admin, LARS, EMILY),
        (&admin, EMILY, PETER),
    ] {
        let resp = copy(a, token, from, to).await;
        assert_eq!(resp.status, 200, "{from} -> {to}: {}", resp.body);
        assert_eq!(resp.json()["_id"], to);
    }
    // Create follows the same rules as copy's target.
    let resp = tx(
        a,
        "POST",
        &format!("/telecomx/pbx/app/mobileconfig/{SOFIE}"),
        Some(&personal),
        None,
    )
    .await;
    let e = assert_tx_error(&resp, 403, "access_denied");
    assert!(
        message(&e).contains("creating a mobile config for Sofie Hansen"),
        "{e}"
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn copy_not_found_and_bad_requests() {
    let sb = start().await;
    let a = sb.api_addr;
    let token = login(a, RESELLER).await;
    let before = state_configs(a).await;

    // 404, naming the side.
    for (from, to, side) in [
        (NOBODY, PETER, "_id"),
        (OLE, PETER, "_id"),  // Ole has no config to copy from
        (BENT, PETER, "_id"), // DELETED
        (LARS, NOBODY, "copyTo"),
        (LARS, OLE, "copyTo"), // nothing to overwrite
    ] {
        let e = assert_tx_error(&copy(a, &token, from, to).await, 404, "not_found");
        assert_eq!(e["path"], side, "{from} -> {to}");
    }
    let e = assert_tx_error(&copy(a, &token, LARS, OLE).await, 404, "not_found");
    assert!(message(&e).contains("create one first"), "{e}");

    // 400: malformed ids and bodies.
    for (body, path) in [
        (
            json!({"_id": "lars", "copyTo": PETER}).to_string(),
            Some("_id"),
        ),
        (
            json!({"_id": LARS, "copyTo": &PETER[1..]}).to_string(),
            Some("copyTo"),
        ),
        (
            json!({"_id": LARS, "copyTo": 12}).to_string(),
            Some("copyTo"),
        ),
        (
            json!({"_id": LARS, "copyTo": {"$oid": PETER}}).to_string(),
            Some("copyTo"),
        ),
        (json!({"_id": LARS}).to_string(), Some("copyTo")),
        (json!({"copyTo": PETER}).to_string(), Some("_id")),
        (
            json!({"_id": LARS, "copyto": PETER}).to_string(),
            Some("copyto"),
        ),
        (
            json!({"_id": LARS, "copyTo": PETER, "x": 1}).to_string(),
            Some("x"),
        ),
        // Copying onto itself (any case).
        (
            json!({"_id": LARS, "copyTo": LARS.to_uppercase()}).to_string(),
            Some("copyTo"),
        ),
        (
            format!(r#"{{"_id": ObjectId("{LARS}"), "copyTo": "{PETER}"}}"#),
            None,
        ),
        ("[]".to_owned(), None),
        ("".to_owned(), None),
    ] {
        let resp = tx(a, "POST", COPY, Some(&token), Some(&body)).await;
        let e = assert_tx_error(&resp, 400, "bad_request");
        assert_eq!(e.get("path").and_then(Value::as_str), path, "{body}: {e}");
    }
    // Without the trailing slash it is neither copy nor create.
    let body = json!({"_id": LARS, "copyTo": PETER}).to_string();
    let resp = tx(
        a,
        "POST",
        "/telecomx/pbx/app/mobileconfig",
        Some(&token),
        Some(&body),
    )
    .await;
    let e = assert_tx_error(&resp, 400, "bad_request");
    assert!(message(&e).contains("trailing slash"), "{e}");
    // The copy body sent to the create URL is refused, not taken as a create.
    let resp = tx(
        a,
        "POST",
        &format!("/telecomx/pbx/app/mobileconfig/{PETER}"),
        Some(&token),
        Some(&body),
    )
    .await;
    let e = assert_tx_error(&resp, 400, "bad_request");
    assert!(message(&e).contains("takes no body"), "{e}");
    assert_eq!(state_configs(a).await, before, "nothing changed");
    // Other methods on the copy URL.
    let resp = tx(a, "GET", COPY, Some(&token), None).await;
    assert_tx_error(&resp, 405, "method_not_allowed");
    assert_eq!(resp.header("allow"), Some("POST"));
    sb.shutdown().await;
}

#[tokio::test]
async fn create_makes_an_empty_config_once() {
    let sb = start().await;
    let a = sb.api_addr;
    let token = login(a, RESELLER).await;
    let path = format!("/telecomx/pbx/app/mobileconfig/{OLE}");
    for body in [None, Some("{}")] {
        let resp = tx(a, "POST", &path, Some(&token), body).await;
        if body.is_none() {
            assert_eq!(resp.status, 200, "{}", resp.body);
            assert_eq!(
                resp.json(),
                json!({"_id": OLE, "customer": FJORDLINE, "configs": []})
            );
        } else {
            let e = assert_tx_error(&resp, 409, "conflict");
            assert!(message(&e).contains("Ole Dahl already has"), "{e}");
        }
    }
    assert_eq!(state_configs(a).await[OLE]["configs"], json!([]));
    // Now it can be overwritten by a copy.
    assert_eq!(copy(a, &token, NORA, OLE).await.status, 200);
    // Bad id, unknown employee, not the reseller's.
    let create = |id: &str| format!("/telecomx/pbx/app/mobileconfig/{id}");
    assert_tx_error(
        &tx(a, "POST", &create("ole"), Some(&token), None).await,
        400,
        "bad_request",
    );
    assert_tx_error(
        &tx(a, "POST", &create(NOBODY), Some(&token), None).await,
        404,
        "not_found",
    );
    let e = assert_tx_error(
        &tx(
            a,
            "POST",
            &create("ee0000000000000000004002"),
            Some(&token),
            None,
        )
        .await,
        403,
        "access_denied",
    );
    assert!(message(&e).contains("ADMIN"), "{e}");
    // PERSONAL may create their own (Peter has one: 409, not 403); an OWNER
    // one for a colleague.
    let personal = login(a, PERSONAL).await;
    assert_tx_error(
        &tx(a, "POST", &create(PETER), Some(&personal), None).await,
        409,
        "conflict",
    );
    let owner = login(a, OWNER).await;
    let resp = tx(a, "POST", &create(QUOTES), Some(&owner), None).await;
    assert_eq!(resp.status, 200, "{}", resp.body);
    control(a, "POST", "/__sandbox/reset", None).await;
    let configs = state_configs(a).await;
    assert!(!configs.contains_key(OLE) && !configs.contains_key(QUOTES));
    sb.shutdown().await;
}

// ---------------------------------------------------------------- plumbing

#[tokio::test]
async fn faults_apply_to_telecomx_paths() {
    let sb = start().await;
    let a = sb.api_addr;
    let token = login(a, RESELLER).await;
    let r = control(
        a,
        "POST",
        "/__sandbox/fault",
        Some(json!({"match": "/telecomx/pbx/app/mobileconfig/", "method": "POST", "status": 500,
                    "body": {"error": {"code": "internal_error", "message": "boom", "status": 500}}})),
    )
    .await;
    assert_eq!(r.status, 201);
    // Other paths and methods are not touched.
    let resp = tx(a, "GET", "/telecomx/employee", Some(&token), None).await;
    assert_eq!(resp.status, 200);
    assert_eq!(
        send(
            a,
            "GET",
            "/api/v1.0/customers",
            &[("Authorization", "Bearer demo-token-7f3c9a")],
            None
        )
        .await
        .unwrap()
        .status,
        200
    );
    let before = state_configs(a).await;
    let resp = copy(a, &token, LARS, PETER).await;
    assert_eq!(resp.status, 500);
    assert_eq!(resp.json()["error"]["message"], "boom");
    assert_eq!(
        state_configs(a).await,
        before,
        "a faulted copy is not carried out"
    );
    // Used up: the next copy goes through.
    assert_eq!(copy(a, &token, LARS, PETER).await.status, 200);

    // Faults come before auth, and can drop the connection (here: login).
    control(
        a,
        "POST",
        "/__sandbox/fault",
        Some(json!({"match": "/telecomx/auth/login", "drop": true})),
    )
    .await;
    let dropped = send(
        a,
        "POST",
        "/telecomx/auth/login",
        &[],
        Some(&json!({"username": RESELLER, "password": PASSWORD}).to_string()),
    )
    .await;
    assert!(dropped.is_err(), "{dropped:?}");
    // A delay.
    control(
        a,
        "POST",
        "/__sandbox/fault",
        Some(json!({"match": "/telecomx/employee", "delayMs": 300})),
    )
    .await;
    let started = std::time::Instant::now();
    assert_eq!(
        tx(a, "GET", "/telecomx/employee", Some(&token), None)
            .await
            .status,
        200
    );
    assert!(started.elapsed() >= Duration::from_millis(300));
    sb.shutdown().await;
}

#[tokio::test]
async fn request_log_tells_the_apis_apart_and_hides_passwords() {
    let sb = start().await;
    let a = sb.api_addr;
    login_raw(
        a,
        json!({"username": TWO_FACTOR, "password": PASSWORD, "smsKey": SMS_CODE}),
    )
    .await;
    tx(
        a,
        "POST",
        "/telecomx/auth/login",
        None,
        Some("{\"password\": \"telecomx-demo\""),
    )
    .await;
    send(a, "GET", "/api/v1.0/customers?filter=x", &[], None)
        .await
        .unwrap();
    let log = control(a, "GET", "/__sandbox/requests", None).await;
    assert!(!log.body.contains(PASSWORD), "{}", log.body);
    let log = log.json();
    assert_eq!(
        log[0],
        json!({
            "api": "telecomx",
            "method": "POST",
            "path": "/telecomx/auth/login",
            "query": null,
            "acceptCharges": null,
            "hasAuthorization": false,
            "body": {"username": TWO_FACTOR, "password": "<redacted>", "smsKey": SMS_CODE}
        })
    );
    // Not JSON: not logged at all (so no password either).
    assert_eq!(log[1]["body"], Value::Null);
    assert_eq!(log[2]["api"], "dimensions");
    assert_eq!(log[2]["query"], "filter=x");
    sb.shutdown().await;
}

#[tokio::test]
async fn cors_covers_telecomx() {
    let sb = start().await;
    let a = sb.api_addr;
    let origin = "http://localhost:8080";
    for (path, method) in [
        ("/telecomx/auth/login", "POST"),
        (COPY, "POST"),
        ("/telecomx/employee", "GET"),
    ] {
        let resp = send(
            a,
            "OPTIONS",
            path,
            &[
                ("Origin", origin),
                ("Access-Control-Request-Method", method),
                (
                    "Access-Control-Request-Headers",
                    "authorization,content-type",
                ),
            ],
            None,
        )
        .await
        .unwrap();
        assert!(resp.status == 200 || resp.status == 204, "{resp:?}");
        assert_eq!(resp.header("access-control-allow-origin"), Some(origin));
        let allowed = resp
            .header("access-control-allow-headers")
            .unwrap()
            .to_lowercase();
        assert!(allowed.contains("authorization") && allowed.contains("content-type"));
    }
    // Preflights are never logged; real answers, 401s included, carry CORS.
    assert_eq!(
        control(a, "GET", "/__sandbox/requests", None).await.json(),
        json!([])
    );
    let resp = send(a, "GET", "/telecomx/employee", &[("Origin", origin)], None)
        .await
        .unwrap();
    assert_eq!(resp.status, 401);
    assert_eq!(resp.header("access-control-allow-origin"), Some(origin));
    sb.shutdown().await;
}

// ---------------------------------------------------------- seed and examples

/// The vendor's copy page (seed 002), its examples made JSON the way the
/// contract says (`ObjectId("...")` is a plain string on the wire; the
/// unquoted `_id` key quoted; the brackets the page leaves open closed).
const DOC_COPY_REQUEST: &str = r#"{
  "_id": "12345678901234567890CCCC",
  "copyTo": "12345678901234567890CCCC"
}"#;
const DOC_COPY_RESPONSE: &str = r#"{
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
          { "_id": "12345678901234567890FFFF", "name": "Vagt" } ] } ]
}"#;

#[tokio::test]
async fn the_documented_examples_decode() {
    // The answer example is a MobileConfig, as the sandbox serves it.
    let doc: MobileConfig = serde_json::from_str(DOC_COPY_RESPONSE).unwrap();
    assert_eq!(doc.configs.len(), 2);
    assert_eq!(doc.configs[1].kind, "QUEUES");
    assert_eq!(doc.configs[1].others[0].name, "Vagt");
    assert_eq!(
        serde_json::to_value(&doc).unwrap(),
        serde_json::from_str::<Value>(DOC_COPY_RESPONSE).unwrap()
    );

    let sb = start().await;
    let a = sb.api_addr;
    let token = login(a, ADMIN).await;
    // The request example parses (upper-case ids are ids); its placeholder ids
    // are one and the same, which the sandbox refuses as a copy onto itself.
    let resp = tx(a, "POST", COPY, Some(&token), Some(DOC_COPY_REQUEST)).await;
    let e = assert_tx_error(&resp, 400, "bad_request");
    assert!(message(&e).contains("same"), "{e}");
    // The same shape with two different (unknown) ids gets as far as the 404.
    let body = DOC_COPY_REQUEST.replacen("CCCC\"\n}", "DDDD\"\n}", 1);
    let resp = tx(a, "POST", COPY, Some(&token), Some(&body)).await;
    assert_eq!(assert_tx_error(&resp, 404, "not_found")["path"], "_id");
    // With seeded ids in the example's upper case, it is carried out.
    let body = DOC_COPY_REQUEST
        .replacen("12345678901234567890CCCC", &LARS.to_uppercase(), 1)
        .replacen("12345678901234567890CCCC", &PETER.to_uppercase(), 1);
    let resp = tx(a, "POST", COPY, Some(&token), Some(&body)).await;
    assert_eq!(resp.status, 200, "{}", resp.body);
    let answer: MobileConfig = serde_json::from_str(&resp.body).unwrap();
    assert_eq!(answer.id, PETER);
    sb.shutdown().await;
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sandbox-tx-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What a broken seed's error must contain, and how to break the seed.
type Breakage = (&'static str, fn(&mut Value));

#[tokio::test]
async fn seed_files_without_or_with_a_broken_telecomx_section() {
    let dir = temp_dir("seed");
    let file = dir.join("seed.json");
    let good: Value = serde_json::from_str(sandbox::seed::DEFAULT_SEED).unwrap();

    // Without the section, Telecom X is empty: nobody can log in.
    let mut seed = good.clone();
    seed.as_object_mut().unwrap().remove("telecomx");
    std::fs::write(&file, seed.to_string()).unwrap();
    let sb = start_with(Config {
        seed: Some(file.clone()),
        ..Config::default()
    })
    .await;
    let resp = login_raw(
        sb.api_addr,
        json!({"username": RESELLER, "password": PASSWORD}),
    )
    .await;
    assert_tx_error(&resp, 401, "credentials_invalid");
    sb.shutdown().await;

    // Broken sections are refused at start, saying where.
    let breakages: [Breakage; 6] = [
        ("unknown customer", |s| {
            s["telecomx"]["employees"][0]["customer"] = json!("c0ffee000000000000000077")
        }),
        ("SUPERUSER", |s| {
            s["telecomx"]["employees"][0]["accessLevel"] = json!("SUPERUSER")
        }),
        ("24 lowercase hex", |s| {
            s["telecomx"]["employees"][0]["_id"] = json!("EE0000000000000000001001")
        }),
        ("used twice", |s| {
            s["telecomx"]["employees"][1]["emailAddress"] = json!(RESELLER)
        }),
        ("not its employee's", |s| {
            s["telecomx"]["mobileConfigs"][0]["customer"] = json!(FJORDLINE)
        }),
        ("unknown field", |s| {
            s["telecomx"]["mobileConfigs"][0]["configs"][0]["colour"] = json!("red")
        }),
    ];
    for (needle, breakage) in breakages {
        let mut seed = good.clone();
        breakage(&mut seed);
        std::fs::write(&file, seed.to_string()).unwrap();
        let err = sandbox::run(Config {
            seed: Some(file.clone()),
            port: 0,
            ..Config::default()
        })
        .await
        .err()
        .unwrap_or_else(|| panic!("{needle}: a broken seed is refused"));
        assert!(err.to_string().contains(needle), "{needle}: {err}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn the_banner_names_the_telecomx_demo_logins() {
    let sb = start().await;
    let banner = Demo::from_state(&sb.state).banner(&sb);
    for needle in [
        "/telecomx",
        RESELLER,
        PASSWORD,
        "RESELLER, Nordic Telecom Partners ApS",
        TWO_FACTOR,
        &format!("smsKey {SMS_CODE}"),
        PERSONAL,
    ] {
        assert!(banner.contains(needle), "{needle} in {banner}");
    }
    // The logins printed work.
    let demo = Demo::from_state(&sb.state);
    let r = demo.telecomx_reseller.unwrap();
    let resp = login_raw(
        sb.api_addr,
        json!({"username": r.email, "password": r.password}),
    )
    .await;
    assert_eq!(resp.status, 200);
    sb.shutdown().await;
}
