//! The Dimensions API as every page and the bulk run use it: one request
//! lifecycle, pure, tested natively against a scripted transport
//! (`client_tests.rs`).
//!
//! - A request leaves with what it depends on: the [`Want`] of the view or
//!   query that asked (superseded by a newer query or by leaving the page:
//!   the request is aborted and its answer dropped) and the session's
//!   [`Stamp`] (the customer; removing the token ends it). A read answered
//!   after its stamp ended is dropped; a change is reported as it came (it
//!   may have been carried out) but acts on nothing else.
//! - A 401 forgets only the token it was sent with; a newer token typed or
//!   sent meanwhile is used for one more try. Embedded, the host portal is
//!   asked for a token (`tokenRequest`) and the request waits for it, with
//!   a message once the request timeout has passed without one.
//! - A 402 of a change is a question in the queue (`api::charges`),
//!   describing that request; consent covers one send of it. A send with
//!   the charges accepted that got no clear answer (timeout, network, 5xx)
//!   is remembered, and the next question about the same request says that
//!   it may have been carried out. A read answered 402 is an error, never
//!   sent again with the header.

use super::charges::{Charges, Consent, Question, What};
use super::dimensions::ClientType;
use super::error::{decode, decode_plain, ApiError, Success};
use super::journal::{Journal, Outcome as JournalOutcome};
use super::request::{redacted, Answer, ApiRequest, Method};
use super::scope::Want;
use super::transport::{exchange, unless, Transport};
use crate::config::Config;
use crate::i18n::tr;
use crate::pick::Recent;
use crate::session::{Secret, Session};
use reactive_graph::owner::{LocalStorage, StoredValue};
use reactive_graph::prelude::*;
use reactive_graph::signal::RwSignal;
use rustc_hash::FxHashMap;
use serde_json::Value;
use std::cell::Cell;
use std::rc::Rc;

/// The host portal, when the console is in its iframe (`embed::host`).
pub trait Host {
    /// Posts `tokenRequest`: the portal should send a fresh token.
    fn request_token(&self);
    /// Posts `completed`: something was done.
    fn completed(&self, action: &str, detail: Value);
}

/// Where asking the host portal for a token stands (embedded only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Renewal {
    /// No token is wanted from the host.
    Idle,
    /// `tokenRequest` was posted; the request timeout has not passed.
    Asking,
    /// The request timeout passed without a token: say so, and offer to ask
    /// again. What waits goes on by itself when a token arrives.
    NoAnswer,
}

/// What to do when a change is answered 402.
#[derive(Clone, Debug)]
pub enum OnCharge {
    /// Ask the person, with these words; send once more if they agree.
    Ask(What),
    /// Answer `ChargesApply` (a bulk run asks once for all its rows).
    Report,
    /// The person agreed for one send of this request: send it with
    /// `accept-charges: true`, once.
    Accepted,
}

#[derive(Clone, Copy)]
pub struct Api {
    config: StoredValue<Config>,
    net: StoredValue<Rc<dyn Transport>, LocalStorage>,
    host: StoredValue<Option<Rc<dyn Host>>, LocalStorage>,
    session: Session,
    charges: Charges,
    /// Every change this tab sent (memory only).
    pub journal: Journal,
    /// Embedded: asking the host for a token.
    pub renewal: RwSignal<Renewal>,
    renewal_round: StoredValue<u64>,
    recent: StoredValue<Recent>,
    /// Device (tenant/user/device) -> the client type it was assigned to in
    /// this tab, so that a later assignment can say the device moved (the
    /// API does not). A hash map: a bulk run of 100,000 rows looks each of
    /// its rows up and records it (issue 17). rustc-hash's, which Leptos'
    /// reactive core already links, rather than std's (SipHash and its
    /// random keys cost the main module about 1 KB brotli more).
    assigned: StoredValue<FxHashMap<String, ClientType>>,
    /// Requests (method, URL, body) whose send with the charges accepted
    /// got no clear answer: they may have been carried out.
    uncertain: StoredValue<Vec<String>>,
    /// The language the console is drawn in; changing it draws the console
    /// again (`ui::lang::switch`).
    pub lang: RwSignal<crate::i18n::Lang>,
}

/// What the journal needs of a form's change: its words, its customer, and
/// its entry once it was first sent.
struct Log {
    what: What,
    tenant: String,
    entry: Cell<Option<u64>>,
}

impl Log {
    /// `request` leaves: the entry is made at the first send.
    fn sent(&self, api: &Api, request: &ApiRequest) {
        let now = api.net().now_ms();
        let id = match self.entry.get() {
            Some(id) => id,
            None => {
                let id = api.journal.open(
                    now,
                    self.what.kind,
                    self.what.customer.clone(),
                    self.tenant.clone(),
                    self.what.action.clone(),
                );
                self.entry.set(Some(id));
                id
            }
        };
        api.journal.sent(id, now, request);
    }
}

fn journal_outcome_of(result: &Result<Success, ApiError>) -> JournalOutcome {
    match result {
        Ok(s) => JournalOutcome::Done {
            status: Some(s.status),
        },
        Err(e) => JournalOutcome::Failed { status: e.status() },
    }
}

fn journal_sentence_of(result: &Result<Success, ApiError>) -> String {
    match result {
        Ok(_) => tr("Carried out.").to_string(),
        Err(e) => e.to_string(),
    }
}

/// A request as the person would name it: method, URL and body (not the
/// `accept-charges` header).
fn fingerprint(r: &ApiRequest) -> String {
    let body = r.body.as_ref().map(|b| b.to_string()).unwrap_or_default();
    format!("{} {} {body}", r.method.as_str(), r.url)
}

/// Whether a send with the charges accepted that ended so may have been
/// carried out all the same.
fn unclear(result: &Result<Success, ApiError>) -> bool {
    matches!(
        result,
        Err(ApiError::Timeout { .. }
            | ApiError::Network
            | ApiError::Server { .. }
            | ApiError::TooLarge
            | ApiError::BadBody { .. })
    )
}

impl Api {
    pub fn new(
        config: Config,
        session: Session,
        net: Rc<dyn Transport>,
        host: Option<Rc<dyn Host>>,
    ) -> Self {
        Api {
            config: StoredValue::new(config),
            net: StoredValue::new_local(net),
            host: StoredValue::new_local(host),
            session,
            charges: Charges::new(),
            journal: Journal::new(),
            renewal: RwSignal::new(Renewal::Idle),
            renewal_round: StoredValue::new(0),
            recent: StoredValue::new(Recent::default()),
            assigned: StoredValue::new(FxHashMap::default()),
            uncertain: StoredValue::new(Vec::new()),
            lang: RwSignal::new(crate::i18n::current()),
        }
    }

    fn net(&self) -> Rc<dyn Transport> {
        self.net.get_value()
    }

    fn host(&self) -> Option<Rc<dyn Host>> {
        self.host.try_get_value().flatten()
    }

    /// Whether the console is in a host portal's iframe.
    pub fn embedded(&self) -> bool {
        self.host.with_value(Option::is_some)
    }

    /// Reads this tab's recent picker choices (memory only).
    pub fn recent<T>(&self, f: impl FnOnce(&Recent) -> T) -> T {
        self.recent.with_value(f)
    }

    pub fn recent_mut(&self, f: impl FnOnce(&mut Recent)) {
        self.recent.update_value(f);
    }

    /// The customer `tenant`, by name if it was chosen in the picker.
    pub fn customer_name(&self, tenant: &str) -> String {
        self.recent
            .with_value(|r| r.customer_name(tenant))
            .unwrap_or_else(|| tenant.to_string())
    }

    /// A change of `kind`, `action` in words, for the session's customer:
    /// for a charge question and the journal.
    pub fn what(&self, kind: crate::api::journal::Kind, action: String) -> What {
        What {
            kind,
            action,
            customer: self.customer_name(&self.session.tenant_id().unwrap_or_default()),
        }
    }

    /// The client type the device of this assign or unassign `url` had from
    /// an assignment made in this tab.
    pub fn assigned_before(&self, url: &str) -> Option<ClientType> {
        self.assigned
            .with_value(|k| k.get(&device_key(url)).copied())
    }

    /// Records a done assign (`Some`) or unassign (`None`) of `url`.
    pub fn record_assignment(&self, url: &str, now: Option<ClientType>) {
        let key = device_key(url);
        self.assigned.update_value(|k| match now {
            Some(c) => {
                k.insert(key, c);
            }
            None => {
                k.remove(&key);
            }
        });
    }

    /// Tells the host portal, when embedded, that `action` was done.
    pub fn completed(&self, action: &str, detail: Value) {
        if let Some(host) = self.host() {
            host.completed(action, detail);
        }
    }

    /// Reads the runtime config.
    pub fn config<T>(&self, f: impl FnOnce(&Config) -> T) -> T {
        self.config.with_value(f)
    }

    fn timeout(&self) -> u32 {
        self.config.with_value(|c| c.request_timeout_seconds)
    }

    pub fn session(&self) -> Session {
        self.session
    }

    pub fn charges(&self) -> Charges {
        self.charges
    }

    pub fn dimensions_base(&self) -> String {
        self.config.with_value(|c| c.dimensions_api_base.clone())
    }

    /// Whether any send with the charges accepted got no clear answer (a
    /// bulk run then asks `was_unclear` of each of its charged rows).
    pub fn any_unclear(&self) -> bool {
        self.uncertain.with_value(|u| !u.is_empty())
    }

    /// Whether an earlier send of `request` with the charges accepted got
    /// no clear answer (it may have been carried out).
    pub fn was_unclear(&self, request: &ApiRequest) -> bool {
        let key = fingerprint(request);
        self.uncertain.with_value(|u| u.contains(&key))
    }

    /// A request of a form: sends `request` for `want`, asking the person
    /// about charges with `what`'s words. `None`: the answer is not wanted
    /// any more (the page was left or the question superseded; a read
    /// also when the customer changed or the token was removed).
    pub async fn call(
        self,
        want: Want,
        request: ApiRequest,
        what: What,
    ) -> Option<Result<Success, ApiError>> {
        // The change goes into the journal (`api::journal`) when it is
        // first sent, each send with its answer.
        let log = Log {
            what: what.clone(),
            tenant: self.session.tenant_id().unwrap_or_default(),
            entry: Cell::new(None),
        };
        let result = self
            .send(want, request, OnCharge::Ask(what), true, Some(&log))
            .await;
        if let Some(id) = log.entry.get() {
            let (outcome, sentence) = match &result {
                Some(r) => (journal_outcome_of(r), journal_sentence_of(r)),
                None => (
                    JournalOutcome::Failed { status: None },
                    tr("No answer was awaited (the page was left while it was on its way): it may or may not have been carried out.").to_string(),
                ),
            };
            self.journal.answered(id, outcome, sentence);
        }
        result
    }

    /// A look-up for `want` (reads are never asked about charges).
    pub async fn read(self, want: Want, request: ApiRequest) -> Option<Result<Success, ApiError>> {
        self.send(want, request, OnCharge::Report, true, None).await
    }

    /// One row of a bulk run: a 402 comes back as `ChargesApply` (the run
    /// asks once for all its rows) and a missing or refused token as an
    /// error (the run pauses and `await_token`s).
    pub async fn send_row(
        self,
        want: Want,
        request: ApiRequest,
        accepted: bool,
    ) -> Option<Result<Success, ApiError>> {
        let charge = if accepted {
            OnCharge::Accepted
        } else {
            OnCharge::Report
        };
        self.send(want, request, charge, false, None).await
    }

    /// The policy. `wait`: embedded, a missing or refused token is asked of
    /// the host and the request waits for it.
    async fn send(
        self,
        want: Want,
        mut request: ApiRequest,
        mut charge: OnCharge,
        wait: bool,
        log: Option<&Log>,
    ) -> Option<Result<Success, ApiError>> {
        let stamp = self.session.stamp();
        let read = request.method == Method::Get;
        let wait = wait && self.embedded();
        if let OnCharge::Accepted = charge {
            if read {
                return Some(Err(ApiError::ChargedRead));
            }
            request = request.with_accept_charges();
        }
        // Sent again at most once for a token: after a newer one arrived,
        // or after the host sent one.
        let mut tried_again = false;
        loop {
            if !want.is_current() {
                return None;
            }
            let token = match self.session.token() {
                Some(t) => t,
                None if wait => self.await_token(want, None).await?,
                None => {
                    if self.embedded() {
                        self.ask_host();
                        return Some(Err(ApiError::HostToken));
                    }
                    self.session
                        .ask_for_token(tr("Enter the customer's bearer token to continue."));
                    return Some(Err(ApiError::NoToken));
                }
            };
            let net = self.net();
            if let Some(log) = log {
                log.sent(&self, &request);
            }
            let sent = unless(
                exchange(&*net, &request, Some(token.expose()), self.timeout()),
                want.superseded(),
            )
            .await;
            let Some(raw) = sent else {
                // Aborted: nobody wants the answer. A send with the charges
                // accepted may have been carried out all the same.
                if request.accepts_charges() {
                    self.remember_unclear(&request, true);
                }
                return None;
            };
            let result = raw.and_then(|raw| match request.answer {
                Answer::Envelope => decode(raw.status, &raw.body, raw.location),
                Answer::Plain => decode_plain(raw.status, &raw.body),
            });
            let current = want.is_current() && self.session.is_current(&stamp);
            if read && !current {
                return None;
            }
            if let Some(id) = log.and_then(|l| l.entry.get()) {
                self.journal.answered(
                    id,
                    journal_outcome_of(&result),
                    journal_sentence_of(&result),
                );
            }
            match result {
                Err(ApiError::Unauthorized) if current => {
                    let newer = self.session.token().is_some_and(|t| t != token);
                    if newer && !tried_again {
                        tried_again = true;
                        continue;
                    }
                    if self.embedded() {
                        // Forgotten without a prompt: there is no token
                        // field, the host is asked instead.
                        self.session.forget(&token);
                        if wait && !tried_again {
                            self.ask_host();
                            self.await_token(want, Some(token)).await?;
                            tried_again = true;
                            continue;
                        }
                        self.ask_host();
                        return Some(Err(ApiError::HostToken));
                    }
                    self.session.refused(
                        &token,
                        tr("The API refused this token (401): it is invalid or has expired. Enter a new one."),
                    );
                    return Some(Err(ApiError::Unauthorized));
                }
                Err(ApiError::ChargesApply { message, echo }) => {
                    if read {
                        return Some(Err(ApiError::ChargedRead));
                    }
                    let what = match charge {
                        OnCharge::Ask(what) if current => what,
                        // Not asked: the customer changed or the token was
                        // removed since it left.
                        OnCharge::Ask(_) | OnCharge::Report => {
                            return Some(Err(ApiError::ChargesApply { message, echo }))
                        }
                        OnCharge::Accepted => return Some(Err(ApiError::ChargedDespiteConsent)),
                    };
                    let question = self.question(&request, what, message, echo);
                    match self.charges.ask(question, want.superseded()).await {
                        // The answer still holds only for the customer and
                        // token it was asked for.
                        Consent::Accepted if self.session.is_current(&stamp) => {
                            request = request.with_accept_charges();
                            charge = OnCharge::Accepted;
                        }
                        Consent::Declined => return Some(Err(ApiError::ChargesDeclined)),
                        Consent::Accepted | Consent::Withdrawn => {
                            return want.is_current().then_some(Err(ApiError::ChargesWithdrawn))
                        }
                    }
                }
                other => {
                    if request.accepts_charges() {
                        self.remember_unclear(&request, unclear(&other));
                    }
                    return Some(other);
                }
            }
        }
    }

    fn remember_unclear(&self, request: &ApiRequest, unclear: bool) {
        let key = fingerprint(request);
        self.uncertain.update_value(|u| {
            u.retain(|k| *k != key);
            if unclear {
                u.push(key);
            }
        });
    }

    /// The charge question about `request`, in `what`'s words.
    pub fn question(
        &self,
        request: &ApiRequest,
        what: What,
        message: Option<String>,
        echo: Option<Value>,
    ) -> Question {
        let body = request
            .body
            .as_ref()
            .or(echo.as_ref())
            .and_then(|b| serde_json::to_string_pretty(&redacted(b)).ok());
        Question {
            id: 0,
            uncertain: if self.was_unclear(request) {
                vec![what.action.clone()]
            } else {
                Vec::new()
            },
            what,
            request: format!("{} {}", request.method.as_str(), request.path()),
            body,
            message,
            rows: Vec::new(),
            confirm: tr("Confirm and accept charges").into(),
        }
    }

    /// Embedded: posts `tokenRequest`, unless one is out already; after the
    /// request timeout without a token, `renewal` says so.
    pub fn ask_host(self) {
        let Some(host) = self.host() else { return };
        if self.renewal.get_untracked() == Renewal::Asking {
            return;
        }
        let round = self.renewal_round.get_value() + 1;
        self.renewal_round.set_value(round);
        self.renewal.set(Renewal::Asking);
        host.request_token();
        let net = self.net();
        let wait = net.sleep(self.timeout().saturating_mul(1000));
        net.spawn(Box::pin(async move {
            wait.await;
            if self.renewal_round.try_get_value() == Some(round)
                && self.renewal.try_get_untracked() == Some(Renewal::Asking)
            {
                self.renewal.set(Renewal::NoAnswer);
            }
        }));
    }

    /// A token from the host portal (`init` or `token`): what waits for one
    /// goes on.
    pub fn host_token(&self, token: String) {
        self.renewal_round.update_value(|r| *r += 1);
        if self.renewal.get_untracked() != Renewal::Idle {
            self.renewal.set(Renewal::Idle);
        }
        self.session.set_token(token);
    }

    /// Waits for a usable token for `want` (not `refused`): embedded, the
    /// host is asked; standalone, the session panel asks the person.
    /// `None` if `want` is superseded first.
    pub async fn await_token(self, want: Want, refused: Option<Secret>) -> Option<Secret> {
        if self.embedded() {
            self.ask_host();
        }
        unless(self.session.token_after(refused), want.superseded()).await
    }
}

/// The device part of an assign/unassign URL (tenant/user/device), without
/// the action.
fn device_key(url: &str) -> String {
    url.rsplit_once('/')
        .map(|(k, _)| k)
        .unwrap_or(url)
        .to_string()
}

/// The API client, and through it the session and the charge questions:
/// one context for all of them.
#[cfg(target_arch = "wasm32")]
pub fn use_api() -> Api {
    leptos::prelude::expect_context::<Api>()
}
