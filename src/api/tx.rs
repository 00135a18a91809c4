//! The Telecom X API as the console uses it: its own login, kept in memory
//! only (never the Dimensions session), and its own error body. A refused
//! token (401 `expired` / `invalid_token`) does not fail the request: the
//! page asks to log in again, and the request waits for that and goes again,
//! once, so the person carries on where they were.

use super::error::ApiError;
use super::request::ApiRequest;
use super::telecomx::{self, decode, read, Login, TxError};
use super::transport;
use super::value::Value;
use futures_channel::oneshot;
use leptos::prelude::*;

/// Where the Telecom X login stands, in `Tx::state` (a plain number: a
/// signal of a type of its own costs wasm).
pub const LOGGED_OUT: u32 = 0;
pub const LOGGED_IN: u32 = 1;
/// The token was refused mid-flow: log in again, and what waits carries on.
pub const LOGIN_AGAIN: u32 = 2;

#[derive(Clone, Copy)]
pub struct Tx {
    base: StoredValue<String>,
    timeout: u32,
    /// The login, token included. Memory only; `Login`'s `Debug` hides it.
    login: StoredValue<Option<Login>>,
    /// `Date.now()` when the token expires; infinite for one that does not.
    expires_at: StoredValue<f64>,
    pub state: RwSignal<u32>,
    /// Why a login is needed (again), shown above the login form.
    pub problem: RwSignal<Option<String>>,
    /// Bumped every few seconds while logged in, so "expires in" stays true.
    pub clock: RwSignal<u32>,
    /// Requests waiting for the next login.
    waiting: StoredValue<Vec<oneshot::Sender<()>>>,
}

fn unreachable(e: ApiError) -> TxError {
    TxError::Unreachable {
        timeout: match e {
            ApiError::Timeout { seconds } => Some(seconds),
            _ => None,
        },
    }
}

impl Tx {
    /// The app's Telecom X client, made the first time the Mobile config
    /// page asks for it: the page is a wasm chunk of its own, loaded when
    /// first shown (docs/decisions.md, Size), and making the client there
    /// keeps its code out of the main module. It belongs to the app's root
    /// owner, not the page's, so the login outlives a visit to another page.
    pub fn of_app() -> Tx {
        crate::ui::app_state(|| {
            let (base, timeout) = super::client::use_api()
                .config(|c| (c.telecomx_api_base.clone(), c.request_timeout_seconds));
            Tx::new(base, timeout)
        })
    }

    fn new(base: String, timeout: u32) -> Self {
        Tx {
            base: StoredValue::new(base),
            timeout,
            login: StoredValue::new(None),
            expires_at: StoredValue::new(0.0),
            state: RwSignal::new(LOGGED_OUT),
            problem: RwSignal::new(None),
            clock: RwSignal::new(0),
            waiting: StoredValue::new(Vec::new()),
        }
    }

    pub fn base(&self) -> String {
        self.base.get_value()
    }

    /// Reads the login (without its token, for the page).
    pub fn me<T>(&self, f: impl FnOnce(Option<&Login>) -> T) -> T {
        self.login.with_value(|l| f(l.as_ref()))
    }

    /// "expires in 12 min", or nothing for a token that does not expire.
    pub fn expiry(&self) -> Option<String> {
        self.clock.track();
        let at = self.expires_at.get_value();
        at.is_finite()
            .then(|| telecomx::expires_in((at - js_sys::Date::now()) as i64))
    }

    async fn send(&self, request: &ApiRequest, token: &str) -> Result<Value, TxError> {
        let raw = transport::send(request, token, self.timeout, None)
            .await
            .map_err(unreachable)?;
        decode(raw.status, &raw.body)
    }

    /// Logs in. On success the token is kept and whatever waited for a
    /// login goes on; on failure the error says the server's reason.
    pub async fn log_in(self, email: &str, password: &str, code: &str) -> Result<(), TxError> {
        let request = telecomx::login(&self.base(), email, password, Some(code));
        let v = self.send(&request, "").await?;
        let login: Login = read(200, &v)?;
        let minutes = login.expires_in_minutes;
        self.expires_at.set_value(if minutes < 0 {
            f64::INFINITY
        } else {
            js_sys::Date::now() + (minutes as f64) * 60_000.0
        });
        self.login.set_value(Some(login));
        self.problem.set(None);
        self.state.set(LOGGED_IN);
        self.tick(self.clock.get_untracked());
        for w in self
            .waiting
            .try_update_value(std::mem::take)
            .unwrap_or_default()
        {
            let _ = w.send(());
        }
        Ok(())
    }

    /// Keeps "expires in" current while this login lasts.
    fn tick(self, at: u32) {
        crate::ui::later(15_000, move || {
            if self.state.get_untracked() == LOGGED_IN && self.clock.get_untracked() == at {
                self.clock.set(at.wrapping_add(1));
                self.tick(at.wrapping_add(1));
            }
        });
    }

    /// Ends the token at Telecom X (`GET /auth/logout`) and forgets it here
    /// whatever the answer. Requests waiting for a login give up.
    pub async fn log_out(self) -> Result<(), TxError> {
        let token = self
            .login
            .try_update_value(|l| l.take().map(|l| l.token))
            .flatten();
        self.state.set(LOGGED_OUT);
        self.problem.set(None);
        self.clock.update(|c| *c = c.wrapping_add(1));
        self.waiting.set_value(Vec::new());
        match token {
            Some(t) => self
                .send(&telecomx::logout(&self.base()), &t)
                .await
                .map(|_| ()),
            None => Ok(()),
        }
    }

    /// Sends `request` with the login's token. A refused token asks for a
    /// login and, once there is one, sends the request again (once).
    pub async fn call(self, request: ApiRequest) -> Result<Value, TxError> {
        let mut again = false;
        loop {
            let token = self
                .login
                .with_value(|l| l.as_ref().map(|l| l.token.clone()));
            let result = match &token {
                Some(t) => self.send(&request, t).await,
                None => Err(TxError::Unauthorized {
                    code: "invalid_token".into(),
                    message: String::new(),
                }),
            };
            match result {
                Err(e) if e.needs_login() && !again => {
                    again = true;
                    // Only if the token is still the one refused: a login
                    // may have happened meanwhile.
                    if self
                        .login
                        .with_value(|l| l.as_ref().map(|l| &l.token) == token.as_ref())
                    {
                        self.login.set_value(None);
                        self.problem.set(Some(e.to_string()));
                        self.state.set(LOGIN_AGAIN);
                    }
                    if token.is_none() || self.state.get_untracked() != LOGGED_IN {
                        let (tx, rx) = oneshot::channel();
                        self.waiting.update_value(|w| w.push(tx));
                        if rx.await.is_err() {
                            return Err(e);
                        }
                    }
                }
                other => return other,
            }
        }
    }

    /// `call`, read as `T`.
    pub async fn get<T: super::json::FromJson>(self, request: ApiRequest) -> Result<T, TxError> {
        let v = self.call(request).await?;
        read(200, &v)
    }
}
