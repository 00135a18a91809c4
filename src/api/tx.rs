//! The Telecom X API as the console uses it: its own login, kept in memory
//! only (never the Dimensions session), and the same request lifecycle as
//! `api::client`. Each login and each log-out starts a new generation; a
//! request leaves with its generation and its [`Want`], and its answer acts
//! only while both are current. A refused token (401 `expired`,
//! `invalid_token`, `format_error`) of the current login asks to log in
//! again, and the request waits for that login and goes again, once. After
//! a log-out nothing is sent and nothing from before acts. Pure, tested
//! natively.

use super::charges::What;
use super::error::ApiError;
use super::journal::{Journal, Outcome};
use super::request::{ApiRequest, Method};
use super::scope::Want;
use super::telecomx::{self, decode, read, Login, TxError};
use super::transport::{exchange, unless, Transport};
use crate::i18n::tr;
use reactive_graph::owner::{LocalStorage, StoredValue};
use reactive_graph::prelude::*;
use reactive_graph::signal::RwSignal;
use serde_json::Value;
use std::cell::Cell;
use std::rc::Rc;
use std::task::{Poll, Waker};

/// Where the Telecom X login stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxState {
    LoggedOut,
    LoggedIn,
    /// The token was refused mid-flow: log in again, and what waits
    /// carries on.
    LoginAgain,
}

#[derive(Clone, Copy)]
pub struct Tx {
    base: StoredValue<String>,
    timeout: u32,
    net: StoredValue<Rc<dyn Transport>, LocalStorage>,
    /// The login, token included. Memory only; `Login`'s `Debug` hides it.
    login: StoredValue<Option<Login>>,
    /// Bumped by every login and log-out.
    generation: StoredValue<u64>,
    /// When the token expires (the transport's clock, ms); `None` for one
    /// that does not.
    expires_at: StoredValue<Option<f64>>,
    pub state: RwSignal<TxState>,
    /// Why a login is needed (again), shown above the login form.
    pub problem: RwSignal<Option<String>>,
    /// Bumped every few seconds while logged in, so "expires in" stays true.
    pub clock: RwSignal<u32>,
    /// Requests waiting for the next login (or the log-out).
    waiting: StoredValue<Vec<Waker>>,
    /// The app's journal: the copies go into it.
    journal: Journal,
}

fn unreachable(e: ApiError) -> TxError {
    match e {
        ApiError::Timeout { seconds } => TxError::Unreachable {
            timeout: Some(seconds),
        },
        ApiError::TooLarge => TxError::TooLarge,
        _ => TxError::Unreachable { timeout: None },
    }
}

impl Tx {
    pub fn new(base: String, timeout: u32, net: Rc<dyn Transport>, journal: Journal) -> Self {
        Tx {
            base: StoredValue::new(base),
            timeout,
            net: StoredValue::new_local(net),
            login: StoredValue::new(None),
            generation: StoredValue::new(0),
            expires_at: StoredValue::new(None),
            state: RwSignal::new(TxState::LoggedOut),
            problem: RwSignal::new(None),
            clock: RwSignal::new(0),
            waiting: StoredValue::new(Vec::new()),
            journal,
        }
    }

    pub fn base(&self) -> String {
        self.base.get_value()
    }

    /// Reads the login (without its token, for the page).
    pub fn me<T>(&self, f: impl FnOnce(Option<&Login>) -> T) -> T {
        self.login.with_value(|l| f(l.as_ref()))
    }

    /// Milliseconds the token has left (tracked on the clock), `None` for
    /// one that does not expire.
    pub fn left_ms(&self) -> Option<f64> {
        self.clock.track();
        let at = self.expires_at.get_value()?;
        Some(at - self.net.get_value().now_ms())
    }

    /// "expires in 12 min", or nothing for a token that does not expire.
    pub fn expiry(&self) -> Option<String> {
        self.clock.track();
        let at = self.expires_at.get_value()?;
        Some(telecomx::expires_in(
            (at - self.net.get_value().now_ms()) as i64,
        ))
    }

    async fn send(&self, request: &ApiRequest, token: &str) -> Result<Value, TxError> {
        let net = self.net.get_value();
        let token = (!token.is_empty()).then_some(token);
        let raw = exchange(&*net, request, token, self.timeout)
            .await
            .map_err(unreachable)?;
        decode(raw.status, &raw.body)
    }

    fn new_generation(&self) {
        self.generation.update_value(|g| *g += 1);
        let waiting = self
            .waiting
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        waiting.into_iter().for_each(Waker::wake);
    }

    /// Logs in. On success the token is kept and whatever waited for a
    /// login goes on; on failure the error says the server's reason.
    pub async fn log_in(self, email: &str, password: &str, code: &str) -> Result<(), TxError> {
        let request = telecomx::login(&self.base(), email, password, Some(code));
        let v = self.send(&request, "").await?;
        let login: Login = read(200, &v)?;
        let minutes = login.expires_in_minutes;
        let now = self.net.get_value().now_ms();
        self.expires_at
            .set_value((minutes >= 0).then_some(now + (minutes as f64) * 60_000.0));
        self.login.set_value(Some(login));
        self.problem.set(None);
        self.state.set(TxState::LoggedIn);
        self.clock.update(|c| *c = c.wrapping_add(1));
        self.new_generation();
        Ok(())
    }

    /// Ends the token at Telecom X (`GET /auth/logout`) and forgets it here
    /// whatever the answer. Requests in flight or waiting for a login are
    /// dropped: nothing from before the log-out acts after it.
    pub async fn log_out(self) -> Result<(), TxError> {
        let token = self
            .login
            .try_update_value(|l| l.take().map(|l| l.token))
            .flatten();
        self.state.set(TxState::LoggedOut);
        self.problem.set(None);
        self.expires_at.set_value(None);
        self.clock.update(|c| *c = c.wrapping_add(1));
        self.new_generation();
        match token {
            Some(t) => self
                .send(&telecomx::logout(&self.base()), &t)
                .await
                .map(|_| ()),
            None => Ok(()),
        }
    }

    /// The current generation and its token, if logged in.
    fn current(&self) -> (u64, Option<String>) {
        (
            self.generation.get_value(),
            self.login
                .with_value(|l| l.as_ref().map(|l| l.token.clone())),
        )
    }

    /// Waits until the generation moves on from `generation`: `true` for a
    /// login, `false` for a log-out.
    async fn next_login(self, generation: u64) -> bool {
        std::future::poll_fn(move |cx| {
            if self.generation.try_get_value() != Some(generation) {
                return Poll::Ready(self.state.try_get_untracked() == Some(TxState::LoggedIn));
            }
            self.waiting.update_value(|w| {
                if !w.iter().any(|x| x.will_wake(cx.waker())) {
                    w.push(cx.waker().clone());
                }
            });
            Poll::Pending
        })
        .await
    }

    /// Sends `request` for `want` with the login's token. `None`: the answer
    /// is not wanted any more (superseded, logged out, or, for a read, a
    /// new login since it left). A refused token asks for a login and, once
    /// there is one, sends the request again (once).
    pub async fn call(self, want: Want, request: ApiRequest) -> Option<Result<Value, TxError>> {
        self.call_in(want, request, None).await
    }

    /// A change (the copy): `call`, journaled with `what`'s words for the
    /// Telecom X customer `customer_id`, each send with its answer.
    pub async fn change(
        self,
        want: Want,
        request: ApiRequest,
        what: What,
        customer_id: String,
    ) -> Option<Result<Value, TxError>> {
        let entry = Cell::new(None);
        let log = (&what, customer_id.as_str(), &entry);
        let result = self.call_in(want, request, Some(log)).await;
        if let Some(id) = entry.get() {
            let (outcome, sentence) = match &result {
                Some(Ok(_)) => (Outcome::Done { status: Some(200) }, tr("Carried out.").to_string()),
                Some(Err(e)) => (Outcome::Failed { status: e.status() }, e.to_string()),
                None => (
                    Outcome::Failed { status: None },
                    tr("No answer was awaited (logged out, or the page was left): it may or may not have been carried out.").to_string(),
                ),
            };
            self.journal.answered(id, outcome, sentence);
        }
        result
    }

    async fn call_in(
        self,
        want: Want,
        request: ApiRequest,
        log: Option<(&What, &str, &Cell<Option<u64>>)>,
    ) -> Option<Result<Value, TxError>> {
        let read = request.method == Method::Get;
        let mut again = false;
        loop {
            let (generation, token) = self.current();
            let Some(token) = token else {
                // Logged out: nothing is sent. A login asked for again: wait.
                if self.state.get_untracked() != TxState::LoginAgain
                    || !unless(self.next_login(generation), want.superseded()).await?
                {
                    return None;
                }
                continue;
            };
            if let Some((what, customer, entry)) = log {
                let now = self.net.get_value().now_ms();
                let id = entry.get().unwrap_or_else(|| {
                    let id = self.journal.open(
                        now,
                        what.kind,
                        what.customer.clone(),
                        customer.to_string(),
                        what.action.clone(),
                    );
                    entry.set(Some(id));
                    id
                });
                self.journal.sent(id, now, &request);
            }
            let result = unless(self.send(&request, &token), want.superseded()).await?;
            let now = self.generation.get_value();
            if now != generation {
                // Logged out or in again since it left.
                let logged_in = self.state.get_untracked() == TxState::LoggedIn;
                match result {
                    Err(e) if e.needs_login() && logged_in && !again => {
                        again = true;
                        continue;
                    }
                    _ if read || self.state.get_untracked() == TxState::LoggedOut => return None,
                    other => return Some(other),
                }
            }
            match result {
                Err(e) if e.needs_login() && !again => {
                    again = true;
                    self.login.set_value(None);
                    self.problem.set(Some(e.to_string()));
                    self.state.set(TxState::LoginAgain);
                    if !unless(self.next_login(generation), want.superseded()).await? {
                        return None;
                    }
                }
                other => return Some(other),
            }
        }
    }

    /// `call`, read as `T`.
    pub async fn get<T: serde::de::DeserializeOwned>(
        self,
        want: Want,
        request: ApiRequest,
    ) -> Option<Result<T, TxError>> {
        Some(self.call(want, request).await?.and_then(|v| read(200, &v)))
    }
}
