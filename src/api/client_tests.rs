//! The request lifecycle's policy, cell by cell, against the scripted
//! transport (`fake.rs`): late and fresh 401s, charge questions, timeouts
//! and 5xx after consent, reads answered 402, log-out and a customer change
//! with requests in flight, the Telecom X login, embedded renewal.

use super::charges::What;
use super::client::{Api, Host, Renewal};
use super::dimensions::{self, ClientType, SoftphoneAction};
use super::error::{ApiError, Success};
use super::fake::Fake;
use super::journal::{Kind, Outcome as Logged};
use super::request::{ApiRequest, Method};
use super::scope::Scope;
use super::tx::{Tx, TxState};
use crate::config::Config;
use crate::session::Session;
use futures::executor::LocalPool;
use futures::task::LocalSpawnExt;
use reactive_graph::prelude::*;
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;

const BASE: &str = "http://api.test/api";
const T1: &str = "11111111-2222-4333-8444-555555555555";
const T2: &str = "22222222-3333-4444-8555-666666666666";
const USER: &str = "11111111-0000-4000-8000-000000000001";
const DEVICE: &str = "5eed0000000000000000000000001011";
const CREATED: &str = r#"{"status":"success","timestamp":"2020-01-01T00:00:00Z"}"#;
const LIST: &str = r#"{"status":"success","timestamp":"2020-01-01T00:00:00Z","data":[]}"#;
const CHARGES: &str = r#"{"data":{"clientType":"mobile"},"error":402,"message":"additional charges apply","status":"error"}"#;

#[derive(Default)]
struct FakeHost {
    token_requests: Cell<u32>,
}

impl Host for FakeHost {
    fn request_token(&self) {
        self.token_requests.set(self.token_requests.get() + 1);
    }
    fn completed(&self, _: &str, _: Value) {}
}

struct H {
    pool: LocalPool,
    net: Rc<Fake>,
    api: Api,
    session: Session,
    host: Rc<FakeHost>,
}

type Slot<T> = Rc<RefCell<Option<T>>>;

impl H {
    fn new(embedded: bool) -> H {
        let pool = LocalPool::new();
        let net = Fake::new(pool.spawner());
        let session = Session::new(T1.into());
        let host = Rc::new(FakeHost::default());
        let config = Config {
            dimensions_api_base: BASE.into(),
            telecomx_api_base: "http://tx.test".into(),
            embed_allowed_origins: Vec::new(),
            request_timeout_seconds: 15,
        };
        let api = Api::new(
            config,
            session,
            net.clone(),
            embedded.then(|| host.clone() as Rc<dyn Host>),
        );
        H {
            pool,
            net,
            api,
            session,
            host,
        }
    }

    /// Starts `f` in the background; its result lands in the slot.
    fn start<T: 'static>(&mut self, f: impl Future<Output = T> + 'static) -> Slot<T> {
        let slot: Slot<T> = Rc::new(RefCell::new(None));
        let s = slot.clone();
        self.pool
            .spawner()
            .spawn_local(async move {
                *s.borrow_mut() = Some(f.await);
            })
            .unwrap();
        self.settle();
        slot
    }

    fn settle(&mut self) {
        self.pool.run_until_stalled();
    }

    fn token(&self) -> Option<String> {
        self.session.token().map(|t| t.expose().to_string())
    }
}

fn assign(client: ClientType) -> ApiRequest {
    dimensions::softphone(BASE, T1, USER, DEVICE, SoftphoneAction::Assign(client))
}

fn list() -> ApiRequest {
    dimensions::list_pbxs(BASE, T1)
}

fn what(action: &str) -> What {
    What {
        kind: Kind::Assign,
        action: action.into(),
        customer: "Acme".into(),
    }
}

fn done(slot: &Slot<Option<Result<Success, ApiError>>>) -> Result<Success, ApiError> {
    slot.borrow_mut()
        .take()
        .expect("finished")
        .expect("the answer is wanted")
}

// ---- 401 ----

#[test]
fn a_fresh_401_forgets_the_token_it_was_sent_with_and_asks_for_a_new_one() {
    let mut h = H::new(false);
    h.session.set_token("A".into());
    let want = Scope::new().want();
    let r = h.start(h.api.call(want, assign(ClientType::Mobile), what("assign")));
    h.net.answer(0, 401, "");
    h.settle();
    assert_eq!(done(&r), Err(ApiError::Unauthorized));
    assert_eq!(h.token(), None);
    assert!(h.session.token_problem.get_untracked().is_some());
    assert_eq!(h.net.count(), 1, "not sent again without a token");
}

#[test]
fn a_late_401_for_an_older_token_keeps_the_newer_one_and_tries_it_once() {
    let mut h = H::new(false);
    h.session.set_token("A".into());
    let want = Scope::new().want();
    let r = h.start(h.api.read(want, list()));
    // Token B is typed (not even committed) while A's request is out.
    h.session.type_token("B".into());
    h.net.answer(0, 401, "");
    h.settle();
    assert_eq!(h.token().as_deref(), Some("B"), "B stays");
    assert!(h.session.token_problem.get_untracked().is_none());
    assert_eq!(h.net.sent()[1].token.as_deref(), Some("B"));
    h.net.answer(1, 200, LIST);
    h.settle();
    assert!(done(&r).is_ok());
}

#[test]
fn a_late_401_after_the_customer_changed_acts_on_nothing() {
    let mut h = H::new(false);
    h.session.set_token("A".into());
    let want = Scope::new().want();
    let read = h.start(h.api.read(want, list()));
    let write = h.start(
        h.api
            .call(want, assign(ClientType::Desktop), what("assign")),
    );
    h.session.tenant.set(T2.into());
    h.net.answer(0, 401, "");
    h.net.answer(1, 401, "");
    h.settle();
    assert_eq!(
        *read.borrow(),
        Some(None),
        "a read for the old customer is dropped"
    );
    assert_eq!(
        done(&write),
        Err(ApiError::Unauthorized),
        "a change is reported"
    );
    assert_eq!(h.token().as_deref(), Some("A"), "the token is untouched");
    assert!(h.session.token_problem.get_untracked().is_none());
}

// ---- 402 ----

#[test]
fn a_402_asks_about_that_request_and_consent_covers_one_send() {
    let mut h = H::new(false);
    h.session.set_token("A".into());
    let want = Scope::new().want();
    let r = h.start(
        h.api
            .call(want, assign(ClientType::Mobile), what("Assign as Mobile")),
    );
    h.net.answer(0, 402, CHARGES);
    h.settle();
    let q = h.api.charges().shown().expect("asked");
    assert_eq!(q.what.action, "Assign as Mobile");
    assert!(
        q.request.starts_with("PUT /api/v1.0/customers/"),
        "{}",
        q.request
    );
    assert!(q.body.as_deref().unwrap().contains("mobile"));
    assert_eq!(q.message.as_deref(), Some("additional charges apply"));
    assert!(q.uncertain.is_empty());
    assert_eq!(h.net.count(), 1, "nothing is sent before the answer");
    h.api.charges().answer(q.id, true);
    h.settle();
    let sent = h.net.sent();
    assert_eq!(sent.len(), 2);
    assert!(!sent[0].accept_charges && sent[1].accept_charges);
    // The same request again: method, URL and body.
    assert_eq!((sent[1].method, &sent[1].url), ("PUT", &sent[0].url));
    assert_eq!(sent[0].body, sent[1].body);
    h.net.answer(1, 201, CREATED);
    h.settle();
    assert_eq!(done(&r).unwrap().status, 201);
    assert!(h.api.charges().shown().is_none());
}

#[test]
fn a_refused_charge_sends_nothing() {
    let mut h = H::new(false);
    h.session.set_token("A".into());
    let r = h.start(
        h.api
            .call(Scope::new().want(), assign(ClientType::Mobile), what("a")),
    );
    h.net.answer(0, 402, CHARGES);
    h.settle();
    let q = h.api.charges().shown().unwrap();
    h.api.charges().answer(q.id, false);
    h.settle();
    assert_eq!(done(&r), Err(ApiError::ChargesDeclined));
    assert_eq!(h.net.count(), 1);
}

#[test]
fn a_second_402_waits_its_turn_and_never_takes_the_first_ones_consent() {
    let mut h = H::new(false);
    h.session.set_token("A".into());
    let want = Scope::new().want();
    let mobile = h.start(h.api.call(want, assign(ClientType::Mobile), what("Mobile")));
    let webrtc = h.start(h.api.call(want, assign(ClientType::Webrtc), what("WebRTC")));
    h.net.answer(0, 402, CHARGES);
    h.settle();
    let first = h.api.charges().shown().unwrap();
    h.net.answer(1, 402, CHARGES);
    h.settle();
    assert_eq!(
        h.api.charges().shown().unwrap(),
        first,
        "the open question is unchanged"
    );
    assert_eq!(h.api.charges().waiting(), 1);
    assert!(
        mobile.borrow().is_none(),
        "the first is not answered by the second"
    );
    h.api.charges().answer(first.id, true);
    h.settle();
    let sent = h.net.sent();
    assert_eq!(sent.len(), 3);
    assert!(sent[2].accept_charges);
    assert!(
        sent[2].body.as_deref().unwrap().contains("mobile"),
        "{:?}",
        sent[2].body
    );
    let second = h.api.charges().shown().unwrap();
    assert_eq!(second.what.action, "WebRTC");
    h.api.charges().answer(second.id, false);
    h.settle();
    assert_eq!(done(&webrtc), Err(ApiError::ChargesDeclined));
    assert_eq!(h.net.count(), 3, "WebRTC was never sent with the header");
    h.net.answer(2, 201, CREATED);
    h.settle();
    assert!(done(&mobile).is_ok());
}

#[test]
fn a_timeout_or_a_5xx_after_consent_asks_again_and_says_it_may_have_been_done() {
    for failure in ["timeout", "503"] {
        let mut h = H::new(false);
        h.session.set_token("A".into());
        let want = Scope::new().want();
        let r = h.start(h.api.call(want, assign(ClientType::Mobile), what("Mobile")));
        h.net.answer(0, 402, CHARGES);
        h.settle();
        let q = h.api.charges().shown().unwrap();
        h.api.charges().answer(q.id, true);
        h.settle();
        if failure == "timeout" {
            h.net.fire_timers();
        } else {
            h.net.answer(1, 503, r#"{"error":503,"message":"busy"}"#);
        }
        h.settle();
        let e = done(&r).unwrap_err();
        assert!(e.is_retryable(), "{failure}: {e:?}");
        // The person retries: the same request goes without the header,
        // is answered 402, and the question says the first may be done.
        let again = h.start(h.api.call(want, assign(ClientType::Mobile), what("Mobile")));
        let sent = h.net.sent();
        assert!(!sent[2].accept_charges, "{failure}: consent is not reused");
        h.net.answer(2, 402, CHARGES);
        h.settle();
        let q = h.api.charges().shown().unwrap();
        assert_eq!(q.uncertain, ["Mobile"], "{failure}");
        h.api.charges().answer(q.id, true);
        h.settle();
        h.net.answer(3, 201, CREATED);
        h.settle();
        assert!(done(&again).is_ok());
        assert!(
            !h.api.was_unclear(&assign(ClientType::Mobile)),
            "a success clears it"
        );
    }
}

#[test]
fn a_read_answered_402_is_an_error_and_never_sent_with_the_header() {
    let mut h = H::new(false);
    h.session.set_token("A".into());
    let r = h.start(h.api.read(Scope::new().want(), list()));
    h.net.answer(0, 402, CHARGES);
    h.settle();
    assert_eq!(done(&r), Err(ApiError::ChargedRead));
    assert!(h.api.charges().shown().is_none());
    assert_eq!(h.net.count(), 1);
    // A GET given "consent" is refused before it is sent.
    let r = h.start(h.api.send_row(Scope::new().want(), list(), true));
    assert_eq!(done(&r), Err(ApiError::ChargedRead));
    assert_eq!(h.net.count(), 1);
}

#[test]
fn a_402_from_before_the_customer_changed_is_not_asked() {
    let mut h = H::new(false);
    h.session.set_token("A".into());
    let r = h.start(
        h.api
            .call(Scope::new().want(), assign(ClientType::Mobile), what("a")),
    );
    h.session.tenant.set(T2.into());
    h.net.answer(0, 402, CHARGES);
    h.settle();
    assert!(h.api.charges().shown().is_none());
    assert!(matches!(done(&r), Err(ApiError::ChargesApply { .. })));
}

#[test]
fn consent_given_after_the_token_was_removed_sends_nothing() {
    let mut h = H::new(false);
    h.session.set_token("A".into());
    let r = h.start(
        h.api
            .call(Scope::new().want(), assign(ClientType::Mobile), what("a")),
    );
    h.net.answer(0, 402, CHARGES);
    h.settle();
    let q = h.api.charges().shown().unwrap();
    h.session.set_token(String::new());
    h.session.set_token("B".into());
    h.api.charges().answer(q.id, true);
    h.settle();
    assert_eq!(done(&r), Err(ApiError::ChargesWithdrawn));
    assert_eq!(h.net.count(), 1);
}

// ---- The journal ----

#[test]
fn a_change_is_journaled_with_each_send_and_its_charges() {
    let mut h = H::new(false);
    h.session.set_token("A".into());
    let r = h.start(h.api.call(
        Scope::new().want(),
        assign(ClientType::Mobile),
        what("Mobile"),
    ));
    h.net.answer(0, 402, CHARGES);
    h.settle();
    let q = h.api.charges().shown().unwrap();
    h.api.charges().answer(q.id, true);
    h.settle();
    h.net.answer(1, 201, CREATED);
    h.settle();
    assert!(done(&r).is_ok());
    let entries = h.api.journal.entries.get_untracked();
    assert_eq!(entries.len(), 1);
    let e = &entries[0];
    assert_eq!(
        (e.kind, e.what.as_str(), e.customer_id.as_str()),
        (Kind::Assign, "Mobile", T1)
    );
    assert_eq!(e.outcome, Logged::Done { status: Some(201) });
    assert_eq!(e.attempts.len(), 2);
    assert_eq!(e.attempts[0].outcome, Logged::Failed { status: Some(402) });
    assert_eq!(e.charged_send(), Some(2));
    assert!(e
        .request
        .as_ref()
        .unwrap()
        .curl()
        .contains("accept-charges: true"));
}

#[test]
fn reads_and_what_was_never_sent_are_not_journaled_a_refusal_is() {
    let mut h = H::new(false);
    // No token: nothing is sent, nothing journaled.
    let r = h.start(
        h.api
            .call(Scope::new().want(), assign(ClientType::Mobile), what("a")),
    );
    assert_eq!(done(&r), Err(ApiError::NoToken));
    h.session.set_token("A".into());
    let r = h.start(h.api.read(Scope::new().want(), list()));
    h.net.answer(0, 200, LIST);
    h.settle();
    assert!(done(&r).is_ok());
    assert!(h.api.journal.entries.get_untracked().is_empty());
    let r = h.start(
        h.api
            .call(Scope::new().want(), assign(ClientType::Mobile), what("b")),
    );
    h.net.answer(1, 402, CHARGES);
    h.settle();
    let q = h.api.charges().shown().unwrap();
    h.api.charges().answer(q.id, false);
    h.settle();
    assert_eq!(done(&r), Err(ApiError::ChargesDeclined));
    let e = h.api.journal.entries.get_untracked()[0].clone();
    assert_eq!(e.outcome, Logged::Failed { status: None });
    assert!(e.sentence.contains("declined"), "{}", e.sentence);
    assert_eq!(e.charged_send(), None);
}

// ---- Who still wants the answer ----

#[test]
fn a_superseded_look_up_is_aborted_and_its_answer_dropped() {
    let mut h = H::new(false);
    h.session.set_token("A".into());
    let scope = Scope::new();
    let old = h.start(h.api.read(scope.renew(), list()));
    let new = h.start(h.api.read(scope.renew(), list()));
    h.settle();
    assert_eq!(*old.borrow(), Some(None));
    assert!(
        h.net.sent()[0].aborted.get(),
        "the stale request was aborted"
    );
    h.net.answer(1, 200, LIST);
    h.settle();
    assert!(done(&new).is_ok());
}

#[test]
fn removing_the_token_drops_the_reads_in_flight_and_keeps_the_changes() {
    let mut h = H::new(false);
    h.session.set_token("A".into());
    let want = Scope::new().want();
    let read = h.start(h.api.read(want, list()));
    let write = h.start(h.api.call(want, assign(ClientType::Crm), what("a")));
    h.session.set_token(String::new());
    h.net.answer(0, 200, LIST);
    h.net.answer(1, 201, CREATED);
    h.settle();
    assert_eq!(*read.borrow(), Some(None));
    assert_eq!(
        done(&write).unwrap().status,
        201,
        "a carried-out change is reported"
    );
}

#[test]
fn a_question_is_withdrawn_when_nobody_waits_for_its_request() {
    let mut h = H::new(false);
    h.session.set_token("A".into());
    let scope = Scope::new();
    let r = h.start(
        h.api
            .call(scope.want(), assign(ClientType::Mobile), what("a")),
    );
    h.net.answer(0, 402, CHARGES);
    h.settle();
    assert!(h.api.charges().shown().is_some());
    scope.supersede(); // the page was left
    h.settle();
    assert!(h.api.charges().shown().is_none());
    assert_eq!(*r.borrow(), Some(None));
}

#[test]
fn no_token_asks_for_one_and_sends_nothing() {
    let mut h = H::new(false);
    let r = h.start(
        h.api
            .call(Scope::new().want(), assign(ClientType::Mobile), what("a")),
    );
    assert_eq!(done(&r), Err(ApiError::NoToken));
    assert_eq!(h.net.count(), 0);
    assert!(h.session.token_problem.get_untracked().is_some());
}

// ---- Embedded renewal ----

#[test]
fn embedded_a_401_asks_the_host_and_the_request_goes_on_with_its_token() {
    let mut h = H::new(true);
    h.api.host_token("A".into());
    let r = h.start(
        h.api
            .call(Scope::new().want(), assign(ClientType::Mobile), what("a")),
    );
    h.net.answer(0, 401, "");
    h.settle();
    assert_eq!(h.host.token_requests.get(), 1);
    assert_eq!(h.api.renewal.get_untracked(), Renewal::Asking);
    assert!(r.borrow().is_none(), "it waits");
    h.api.host_token("B".into());
    h.settle();
    assert_eq!(h.api.renewal.get_untracked(), Renewal::Idle);
    assert_eq!(h.net.sent()[1].token.as_deref(), Some("B"));
    h.net.answer(1, 201, CREATED);
    h.settle();
    assert!(done(&r).is_ok());
}

#[test]
fn embedded_no_answer_from_the_host_is_said_and_a_late_token_carries_on() {
    let mut h = H::new(true);
    let r = h.start(
        h.api
            .call(Scope::new().want(), assign(ClientType::Mobile), what("a")),
    );
    assert_eq!(
        h.host.token_requests.get(),
        1,
        "a form with no token asks the host"
    );
    assert_eq!(
        h.net.timers(),
        [15_000],
        "for as long as a request may take"
    );
    h.net.fire_timers();
    h.settle();
    assert_eq!(h.api.renewal.get_untracked(), Renewal::NoAnswer);
    assert!(r.borrow().is_none(), "still waiting");
    // Asked again (Retry): another tokenRequest, another deadline.
    h.api.ask_host();
    assert_eq!(h.host.token_requests.get(), 2);
    assert_eq!(h.api.renewal.get_untracked(), Renewal::Asking);
    h.net.fire_timers();
    h.settle();
    assert_eq!(h.api.renewal.get_untracked(), Renewal::NoAnswer);
    // The token arrives late: the request goes on by itself.
    h.api.host_token("late".into());
    h.settle();
    assert_eq!(h.net.sent()[0].token.as_deref(), Some("late"));
    h.net.answer(0, 201, CREATED);
    h.settle();
    assert!(done(&r).is_ok());
}

#[test]
fn embedded_a_run_without_a_token_asks_the_host_and_pauses() {
    let mut h = H::new(true);
    let r = h.start(
        h.api
            .send_row(Scope::new().want(), assign(ClientType::Mobile), false),
    );
    assert_eq!(done(&r), Err(ApiError::HostToken));
    assert_eq!(h.host.token_requests.get(), 1);
    let want = Scope::new().want();
    let waiting = h.start(h.api.await_token(want, None));
    assert_eq!(h.host.token_requests.get(), 1, "one tokenRequest at a time");
    h.api.host_token("B".into());
    h.settle();
    assert_eq!(
        waiting
            .borrow()
            .as_ref()
            .unwrap()
            .as_ref()
            .map(|t| t.expose().to_string()),
        Some("B".into())
    );
}

#[test]
fn embedded_a_second_refusal_after_renewal_is_an_error_not_a_loop() {
    let mut h = H::new(true);
    h.api.host_token("A".into());
    let r = h.start(
        h.api
            .call(Scope::new().want(), assign(ClientType::Mobile), what("a")),
    );
    h.net.answer(0, 401, "");
    h.settle();
    h.api.host_token("B".into());
    h.settle();
    h.net.answer(1, 401, "");
    h.settle();
    assert_eq!(done(&r), Err(ApiError::HostToken));
    assert_eq!(h.net.count(), 2);
    assert_eq!(
        h.host.token_requests.get(),
        2,
        "asked again for the next try"
    );
}

// ---- Telecom X ----

const LOGIN: &str = r#"{"token":"tx-1","expiresInMinutes":15,"employee":"12345678901234567890aaaa","customer":"12345678901234567890bbbb","accessLevel":"RESELLER"}"#;
const LOGIN2: &str = r#"{"token":"tx-2","expiresInMinutes":15,"employee":"12345678901234567890aaaa","customer":"12345678901234567890bbbb","accessLevel":"RESELLER"}"#;
const EXPIRED: &str = r#"{"error":{"code":"expired","message":"Token expired","status":401}}"#;

fn tx(h: &H) -> Tx {
    Tx::new("http://tx.test".into(), 15, h.net.clone(), h.api.journal)
}

fn employees() -> ApiRequest {
    ApiRequest::new(Method::Get, "http://tx.test/employee".into())
}

#[test]
fn telecomx_an_expired_login_waits_for_the_next_one_and_goes_on() {
    let mut h = H::new(false);
    let tx = tx(&h);
    let login = h.start(tx.log_in("a@b.dk", "pw", ""));
    h.net.answer(0, 200, LOGIN);
    h.settle();
    assert_eq!(login.borrow_mut().take(), Some(Ok(())));
    assert_eq!(tx.state.get_untracked(), TxState::LoggedIn);
    let r = h.start(tx.call(Scope::new().want(), employees()));
    h.net.answer(1, 401, EXPIRED);
    h.settle();
    assert_eq!(tx.state.get_untracked(), TxState::LoginAgain);
    assert!(tx.problem.get_untracked().unwrap().contains("expired"));
    h.start(tx.log_in("a@b.dk", "pw", ""));
    h.net.answer(2, 200, LOGIN2);
    h.settle();
    assert_eq!(h.net.sent()[3].token.as_deref(), Some("tx-2"));
    h.net.answer(3, 200, r#"{"employees":[]}"#);
    h.settle();
    assert!(r.borrow_mut().take().unwrap().unwrap().is_ok());
}

#[test]
fn telecomx_after_a_log_out_nothing_is_sent_and_nothing_from_before_acts() {
    let mut h = H::new(false);
    let tx = tx(&h);
    h.start(tx.log_in("a@b.dk", "pw", ""));
    h.net.answer(0, 200, LOGIN);
    h.settle();
    let in_flight = h.start(tx.call(Scope::new().want(), employees()));
    h.start(tx.log_out());
    // The search answers 401 after the log-out: the page is not flipped
    // to "log in again".
    h.net.answer(1, 401, EXPIRED);
    h.net.answer(2, 200, "{}");
    h.settle();
    assert_eq!(*in_flight.borrow(), Some(None));
    assert_eq!(tx.state.get_untracked(), TxState::LoggedOut);
    assert!(tx.problem.get_untracked().is_none());
    // A debounced search firing after the log-out sends nothing.
    let late = h.start(tx.call(Scope::new().want(), employees()));
    assert_eq!(*late.borrow(), Some(None));
    assert_eq!(h.net.count(), 3);
    assert_eq!(tx.state.get_untracked(), TxState::LoggedOut);
}

#[test]
fn telecomx_a_log_out_while_waiting_for_a_login_drops_the_request() {
    let mut h = H::new(false);
    let tx = tx(&h);
    h.start(tx.log_in("a@b.dk", "pw", ""));
    h.net.answer(0, 200, LOGIN);
    h.settle();
    let r = h.start(tx.call(Scope::new().want(), employees()));
    h.net.answer(1, 401, EXPIRED);
    h.settle();
    assert_eq!(tx.state.get_untracked(), TxState::LoginAgain);
    h.start(tx.log_out());
    h.settle();
    assert_eq!(*r.borrow(), Some(None));
    assert_eq!(
        h.net.count(),
        2,
        "nothing more is sent: the refused token was already forgotten"
    );
}
