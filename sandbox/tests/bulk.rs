//! The bulk test customer (README "Bulk test customer"): Onboarding Test ApS
//! with 1000 users and one PBX device each (up to 100,000 with
//! `POST /__sandbox/bulk`), for the console's bulk softphone assignment. A real sandbox on port 0, spoken to with the raw HTTP/1.1
//! client of `common/`.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

mod common;
use common::{control, send, start, Resp};

const AUTH: (&str, &str) = ("Authorization", "Bearer demo-token-7f3c9a");
const ACCEPT: (&str, &str) = ("accept-charges", "true");
const BULK: &str = "bbbbbbbb-0000-4000-8000-000000000001";
const ACME: &str = "11111111-2222-4333-8444-555555555555";
const METTE: &str = "11111111-0000-4000-8000-000000000001";
const METTE_D1: &str = "5eed0000000000000000000000001011";
const USERS: u32 = 1000;

/// User `n` of the bulk customer.
fn user(n: u32) -> String {
    format!("bb000000-0000-4000-8000-{n:012}")
}

/// User `n`'s device.
fn device(n: u32) -> String {
    format!("5eedbb00{n:024}")
}

fn device_path(c: &str, u: &str, d: &str, action: &str) -> String {
    format!("/api/v1.0/customers/{c}/users/{u}/devices/pbx/{d}/{action}")
}

async fn get(addr: SocketAddr, path: &str) -> Resp {
    send(addr, "GET", path, &[AUTH], None).await.unwrap()
}

async fn put(
    addr: SocketAddr,
    [c, u, d]: [&str; 3],
    action: &str,
    body: Option<Value>,
    extra: &[(&str, &str)],
) -> Resp {
    let mut headers = vec![AUTH];
    headers.extend_from_slice(extra);
    let body = body.map(|b| b.to_string());
    send(
        addr,
        "PUT",
        &device_path(c, u, d, action),
        &headers,
        body.as_deref(),
    )
    .await
    .unwrap()
}

/// Assigns user `n`'s device of the bulk customer.
async fn assign(addr: SocketAddr, n: u32, client_type: &str, extra: &[(&str, &str)]) -> Resp {
    let (u, d) = (user(n), device(n));
    put(
        addr,
        [BULK, &u, &d],
        "assign",
        Some(json!({ "clientType": client_type })),
        extra,
    )
    .await
}

/// Unassigns user `n`'s device of the bulk customer.
async fn unassign(addr: SocketAddr, n: u32, extra: &[(&str, &str)]) -> Resp {
    let (u, d) = (user(n), device(n));
    put(addr, [BULK, &u, &d], "unassign", None, extra).await
}

/// The bulk customer's assignments in `GET /__sandbox/state`.
async fn bulk_assignments(addr: SocketAddr) -> Vec<Value> {
    let state = control(addr, "GET", "/__sandbox/state", None).await.json();
    state["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["customerId"] == BULK)
        .cloned()
        .collect()
}

fn assert_error(resp: &Resp, status: u16, message: &str) {
    assert_eq!(resp.status, status, "{resp:?}");
    let body = resp.json();
    assert_eq!(body["error"], status, "{body}");
    assert_eq!(body["message"], message, "{body}");
    assert_eq!(body["status"], "error", "{body}");
}

fn ids(resp: &Resp) -> Vec<String> {
    resp.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_bulk_customer_and_its_1000_users() {
    let sb = start().await;
    let a = sb.api_addr;

    // Listed once among the 267 customers, found by name or reference.
    let all = get(a, "/api/v1.0/customers?pageSize=1000").await;
    assert_eq!(all.json()["data"].as_array().unwrap().len(), 267);
    let all = all.json();
    let listed: Vec<&Value> = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"] == BULK)
        .collect();
    assert_eq!(listed.len(), 1);
    let c = listed[0];
    assert_eq!(c["name"], "Onboarding Test ApS");
    assert_eq!(c["reference"], "BULK-001");
    assert_eq!(c["enabled"], true);
    assert_eq!(c["parentTenantId"], "aaaaaaaa-0000-4000-8000-000000000000");
    for filter in ["onboarding", "bulk-001", "BULK"] {
        let found = get(a, &format!("/api/v1.0/customers?filter={filter}")).await;
        assert_eq!(ids(&found), [BULK], "{filter}");
    }
    // The filters the other tests (and the browser tests) use do not find it.
    for filter in [
        "acme",
        "nord",
        "nord-009",
        "nordlys",
        "freight",
        "NF-0",
        "bakery",
        "gcb-017",
        "ltd",
        "Dental%20Clinic",
        "zzzz",
        "a%2Fs",
    ] {
        let found = get(
            a,
            &format!("/api/v1.0/customers?filter={filter}&pageSize=1000"),
        )
        .await;
        assert_eq!(found.status, 200);
        assert!(!ids(&found).iter().any(|id| id == BULK), "{filter}");
    }

    // 1000 users, in n order, quickly.
    let started = Instant::now();
    let list = get(a, &format!("/api/v1.0/customers/{BULK}/users")).await;
    let took = started.elapsed();
    assert!(took < Duration::from_secs(2), "listing took {took:?}");
    assert_eq!(list.status, 200);
    let list = list.json();
    let users = list["data"].as_array().unwrap();
    assert_eq!(users.len(), USERS as usize);
    assert_eq!(list["page_size"], USERS);
    for (k, u) in users.iter().enumerate() {
        let n = k as u32 + 1;
        assert_eq!(u["id"], user(n).as_str());
        assert_eq!(u["primaryTenant"], BULK);
        assert_eq!(u["isParent"], false);
        let email = u["email"].as_str().unwrap();
        assert!(email.is_ascii(), "{email}");
        assert!(
            email.ends_with(&format!(".{n:04}@bulk-001.example")),
            "{email}"
        );
        assert!(!u["displayName"].as_str().unwrap().is_empty());
    }
    assert_eq!(users[16]["id"], "bb000000-0000-4000-8000-000000000017");

    // Both roles, except every 25th user, who lacks the softphone role.
    let roles = |n: u32| async move {
        get(a, &format!("/api/v1.0/customers/{BULK}/users/{}", user(n)))
            .await
            .json()["data"]["roles"]
            .clone()
    };
    let both = json!([
        "customer_user",
        "customer_user_uc",
        "customer_user_uc_softphone"
    ]);
    for n in [1, 10, 17, 999] {
        assert_eq!(roles(n).await, both, "user {n}");
    }
    for n in [25, 50, 1000] {
        assert_eq!(
            roles(n).await,
            json!(["customer_user", "customer_user_uc"]),
            "user {n}"
        );
    }
    // No such user 1001; nor a bulk user under another customer.
    let resp = get(
        a,
        &format!("/api/v1.0/customers/{BULK}/users/{}", user(1001)),
    )
    .await;
    assert_error(&resp, 404, "Not Found");
    let resp = get(a, &format!("/api/v1.0/customers/{ACME}/users/{}", user(1))).await;
    assert_error(&resp, 404, "Not Found");

    // No pre-existing assignments.
    assert_eq!(bulk_assignments(a).await, Vec::<Value>::new());
    sb.shutdown().await;
}

#[tokio::test]
async fn bulk_assign_roles_charges_and_other_users_devices() {
    let sb = start().await;
    let a = sb.api_addr;

    // A plain user: 201 with Location, then a move to another client type.
    let resp = assign(a, 1, "desktop", &[]).await;
    assert_eq!(resp.status, 201, "{resp:?}");
    assert_eq!(
        resp.header("location").unwrap(),
        format!(
            "http://{a}{}",
            device_path(BULK, &user(1), &device(1), "assign")
        )
    );
    assert_eq!(resp.json()["status"], "success");
    let resp = assign(a, 17, "webrtc", &[]).await;
    assert_eq!(resp.status, 201, "{resp:?}");
    let resp = assign(a, 17, "crm", &[]).await;
    assert_eq!(resp.status, 201, "{resp:?}");

    // Every 25th user lacks the softphone role: 422, as for Peter Madsen.
    let resp = assign(a, 25, "desktop", &[]).await;
    assert_error(
        &resp,
        422,
        "User is missing the required role 'customer_user_uc_softphone'",
    );

    // Every 10th device is charged: 402 as for a charged customer...
    let resp = assign(a, 10, "mobile", &[]).await;
    assert_error(&resp, 402, "Additional charges apply");
    let body = resp.json();
    let mut keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["data", "error", "message", "status", "timestamp"]);
    assert_eq!(body["data"], json!({"clientType": "mobile"}));
    let resp = assign(a, 10, "mobile", &[("accept-charges", "false")]).await;
    assert_eq!(resp.status, 402);
    // ... and carried out with accept-charges: true (any case).
    let resp = assign(a, 10, "mobile", &[("accept-charges", "TRUE")]).await;
    assert_eq!(resp.status, 201, "{resp:?}");
    // Both rules (n = 50): the role check comes first, even when accepting.
    let resp = assign(a, 50, "desktop", &[]).await;
    assert_eq!(resp.status, 422, "{resp:?}");
    let resp = assign(a, 50, "desktop", &[ACCEPT]).await;
    assert_eq!(resp.status, 422, "{resp:?}");
    // Unassigning needs no role, but a charged device is charged.
    let resp = unassign(a, 50, &[]).await;
    assert_error(&resp, 402, "Additional charges apply");
    assert_eq!(resp.json()["data"], Value::Null);
    assert_eq!(unassign(a, 50, &[ACCEPT]).await.status, 201);
    assert_eq!(unassign(a, 25, &[]).await.status, 201);

    // Another user's device (bulk or hand-written) is not found; nor is a
    // bulk device under a hand-written user.
    let (u1, u2, d1, d2) = (user(1), user(2), device(1), device(2));
    let resp = put(
        a,
        [BULK, &u1, &d2],
        "assign",
        Some(json!({"clientType": "desktop"})),
        &[],
    )
    .await;
    assert_error(&resp, 404, "Device not found");
    let resp = put(a, [BULK, &u2, &d1], "unassign", None, &[ACCEPT]).await;
    assert_error(&resp, 404, "Device not found");
    let resp = put(
        a,
        [BULK, &u1, METTE_D1],
        "assign",
        Some(json!({"clientType": "desktop"})),
        &[],
    )
    .await;
    assert_error(&resp, 404, "Device not found");
    let resp = put(
        a,
        [ACME, METTE, &d1],
        "assign",
        Some(json!({"clientType": "desktop"})),
        &[],
    )
    .await;
    assert_error(&resp, 404, "Device not found");
    // The device is checked before the body, the body before the roles.
    let resp = put(a, [BULK, &u1, &d1], "assign", Some(json!({})), &[]).await;
    assert_eq!(resp.status, 400, "{resp:?}");

    // The state: 1 desktop, 10 mobile, 17 moved to crm; nothing else.
    let state = bulk_assignments(a).await;
    assert_eq!(
        state,
        [
            json!({"deviceId": device(1), "userId": user(1), "customerId": BULK, "clientType": "desktop"}),
            json!({"deviceId": device(10), "userId": user(10), "customerId": BULK, "clientType": "mobile"}),
            json!({"deviceId": device(17), "userId": user(17), "customerId": BULK, "clientType": "crm"}),
        ]
    );
    // Unassigning the charged device, accepted: gone.
    assert_eq!(unassign(a, 10, &[]).await.status, 402);
    assert_eq!(unassign(a, 10, &[ACCEPT]).await.status, 201);
    assert_eq!(bulk_assignments(a).await.len(), 2);

    // The request log shows what was sent, accept-charges included.
    let log = control(a, "GET", "/__sandbox/requests", None).await.json();
    let last = log.as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        last["path"],
        device_path(BULK, &user(10), &device(10), "unassign").as_str()
    );
    assert_eq!(last["acceptCharges"], "true");
    assert_eq!(last["method"], "PUT");

    // Faults apply to bulk paths as to any other.
    let fault = json!({"match": format!("/pbx/{}/assign", device(2)), "status": 503, "times": 1});
    assert_eq!(
        control(a, "POST", "/__sandbox/fault", Some(fault))
            .await
            .status,
        201
    );
    assert_eq!(assign(a, 2, "desktop", &[]).await.status, 503);
    assert_eq!(assign(a, 2, "desktop", &[]).await.status, 201);
    assert_eq!(bulk_assignments(a).await.len(), 3);

    // A reset brings back the seed: no bulk assignments.
    assert_eq!(
        control(a, "POST", "/__sandbox/reset", None).await.status,
        200
    );
    assert_eq!(bulk_assignments(a).await, Vec::<Value>::new());
    sb.shutdown().await;
}

/// What the browser test will do: 1000 assignments, 4 at a time, well
/// within 10 s; then the same with `accept-charges: true`.
#[tokio::test]
async fn a_thousand_assignments_four_at_a_time() {
    let sb = start().await;
    let a = sb.api_addr;
    const TYPES: [&str; 4] = ["desktop", "mobile", "webrtc", "crm"];

    let run = |accept: bool| async move {
        let started = Instant::now();
        let workers: Vec<_> = (0..4u32)
            .map(|w| {
                tokio::spawn(async move {
                    let mut statuses = Vec::new();
                    for n in (1..=USERS).filter(|n| n % 4 == w) {
                        let extra: &[(&str, &str)] = if accept { &[ACCEPT] } else { &[] };
                        let resp = assign(a, n, TYPES[(n % 4) as usize], extra).await;
                        statuses.push((n, resp.status));
                    }
                    statuses
                })
            })
            .collect();
        let mut statuses = Vec::new();
        for w in workers {
            statuses.extend(w.await.unwrap());
        }
        statuses.sort_unstable();
        (started.elapsed(), statuses)
    };

    let (took, statuses) = run(false).await;
    assert!(
        took < Duration::from_secs(10),
        "1000 assignments took {took:?}"
    );
    assert_eq!(statuses.len(), USERS as usize);
    for (n, status) in &statuses {
        let expected = if n % 25 == 0 {
            422
        } else if n % 10 == 0 {
            402
        } else {
            201
        };
        assert_eq!(*status, expected, "user {n}");
    }
    let count = |s: u16| statuses.iter().filter(|(_, st)| *st == s).count();
    assert_eq!((count(201), count(402), count(422)), (880, 80, 40));
    assert_eq!(bulk_assignments(a).await.len(), 880);

    // Again, accepting the charges: all but the 40 without the role.
    let (took, statuses) = run(true).await;
    assert!(
        took < Duration::from_secs(10),
        "1000 assignments took {took:?}"
    );
    assert_eq!(statuses.iter().filter(|(_, s)| *s == 201).count(), 960);
    let state = bulk_assignments(a).await;
    assert_eq!(state.len(), 960);
    assert_eq!(state[16]["deviceId"], device(17).as_str());
    assert_eq!(state[16]["clientType"], "mobile");
    let log = control(a, "GET", "/__sandbox/requests", None).await.json();
    assert_eq!(log.as_array().unwrap().len(), 2000);
    sb.shutdown().await;
}

/// `POST /__sandbox/bulk {"users": N}`: the customer has N users until the
/// next reset; with 100,000 a request still finds its user and device at
/// once (they are looked up in a hash map, not a list).
#[tokio::test]
async fn the_bulk_customer_grows_to_a_hundred_thousand_users_until_a_reset() {
    let sb = start().await;
    let a = sb.api_addr;
    // Something assigned before: the resize leaves no bulk assignment.
    assert_eq!(assign(a, 1, "desktop", &[]).await.status, 201);
    let started = Instant::now();
    let resp = control(
        a,
        "POST",
        "/__sandbox/bulk",
        Some(json!({"users": 100_000})),
    )
    .await;
    assert_eq!(resp.status, 200, "{resp:?}");
    assert_eq!(resp.json(), json!({"status": "ok", "users": 100_000}));
    let took = started.elapsed();
    assert!(took < Duration::from_secs(20), "resizing took {took:?}");
    assert_eq!(bulk_assignments(a).await, Vec::<Value>::new());
    assert_eq!(device(100_000), "5eedbb00000000000000000000100000");

    // The last user exists, with both roles (100,000 is a multiple of 25:
    // not those), the one after it does not.
    let resp = get(
        a,
        &format!("/api/v1.0/customers/{BULK}/users/{}", user(99_999)),
    )
    .await;
    assert_eq!(resp.status, 200, "{resp:?}");
    assert_eq!(resp.json()["data"]["roles"].as_array().unwrap().len(), 3);
    let resp = get(
        a,
        &format!("/api/v1.0/customers/{BULK}/users/{}", user(100_001)),
    )
    .await;
    assert_error(&resp, 404, "Not Found");
    // The rules hold at any n: 422 for every 25th user, 402 for every
    // 10th device, 201 otherwise; in O(1) each.
    let started = Instant::now();
    for (n, status) in [
        (99_999, 201),
        (99_990, 402),
        (99_975, 422),
        (100_000, 422),
        (12_345, 201),
    ] {
        assert_eq!(assign(a, n, "mobile", &[]).await.status, status, "user {n}");
    }
    assert_eq!(assign(a, 99_990, "mobile", &[ACCEPT]).await.status, 201);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(10), "six requests took {took:?}");
    // Another user's device is still not found.
    let (u, d) = (user(50_000), device(50_001));
    let resp = put(
        a,
        [BULK, &u, &d],
        "assign",
        Some(json!({"clientType": "crm"})),
        &[],
    )
    .await;
    assert_error(&resp, 404, "Device not found");
    // The hand-written customers are untouched.
    let resp = put(
        a,
        [ACME, METTE, METTE_D1],
        "assign",
        Some(json!({"clientType": "desktop"})),
        &[],
    )
    .await;
    assert_eq!(resp.status, 201, "{resp:?}");
    assert_eq!(bulk_assignments(a).await.len(), 3);
    let state = control(a, "GET", "/__sandbox/state", None).await.json();
    let mette = state["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["deviceId"] == METTE_D1)
        .unwrap()
        .clone();
    assert_eq!(mette["customerId"], ACME);

    // Smaller again, and bad sizes.
    let resp = control(a, "POST", "/__sandbox/bulk", Some(json!({"users": 10}))).await;
    assert_eq!(resp.status, 200, "{resp:?}");
    let resp = get(a, &format!("/api/v1.0/customers/{BULK}/users/{}", user(11))).await;
    assert_error(&resp, 404, "Not Found");
    for bad in [
        json!({"users": 0}),
        json!({"users": 100_001}),
        json!({"count": 5}),
        json!({}),
    ] {
        let resp = control(a, "POST", "/__sandbox/bulk", Some(bad.clone())).await;
        assert_eq!(resp.status, 400, "{bad}: {resp:?}");
    }

    // A reset brings back the seed's 1000.
    assert_eq!(
        control(a, "POST", "/__sandbox/reset", None).await.status,
        200
    );
    let list = get(a, &format!("/api/v1.0/customers/{BULK}/users"))
        .await
        .json();
    assert_eq!(list["data"].as_array().unwrap().len(), USERS as usize);
    let resp = get(
        a,
        &format!("/api/v1.0/customers/{BULK}/users/{}", user(1001)),
    )
    .await;
    assert_error(&resp, 404, "Not Found");
    sb.shutdown().await;
}
