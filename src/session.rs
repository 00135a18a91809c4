//! Who we are talking to the API as: the customer's tenant id and the bearer
//! token. The only place that holds a secret. The token lives in memory only:
//! never in the URL, localStorage or a log (its `Debug` is redacted).
//!
//! Pure (reactive_graph signals, which the UI reads and binds to): the
//! request lifecycle (`api::client`) is tested natively against it.

use crate::validate;
use reactive_graph::owner::StoredValue;
use reactive_graph::prelude::*;
use reactive_graph::signal::RwSignal;
use std::future::Future;
use std::task::{Poll, Waker};

/// A secret string. No `Display`, no `Serialize`; `Debug` prints nothing of it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Option<Secret> {
        let v = value.trim();
        (!v.is_empty()).then(|| Secret(v.to_string()))
    }
    /// For the transport's `Authorization` header, and nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// What a request depended on when it left: the customer and the session's
/// epoch (bumped when the person removes the token: a log-out). Its answer
/// acts only while both are still the session's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    tenant: String,
    epoch: u64,
}

#[derive(Clone, Copy)]
pub struct Session {
    /// The customer tenant id as typed (validated where it is used).
    pub tenant: RwSignal<String>,
    /// Whether the tenant field's error should show: it was left, or a form
    /// that needs it was submitted.
    pub tenant_touched: RwSignal<bool>,
    token: RwSignal<Option<Secret>>,
    /// Typed into the token field and not the token yet: it becomes the
    /// token when typing pauses, the field is left, or a request needs it.
    typed: StoredValue<Option<String>>,
    /// Bumped when the person removes the token.
    epoch: StoredValue<u64>,
    /// Requests waiting for a (new) token.
    waiters: StoredValue<Vec<Waker>>,
    /// Why a (new) token is needed, shown next to the token field.
    pub token_problem: RwSignal<Option<String>>,
    /// Bumped whenever the person should be taken to the token field.
    pub token_wanted: RwSignal<u32>,
}

impl Session {
    pub fn new(tenant: String) -> Self {
        Session {
            tenant_touched: RwSignal::new(!tenant.is_empty()),
            tenant: RwSignal::new(tenant),
            token: RwSignal::new(None),
            typed: StoredValue::new(None),
            epoch: StoredValue::new(0),
            waiters: StoredValue::new(Vec::new()),
            token_problem: RwSignal::new(None),
            token_wanted: RwSignal::new(0),
        }
    }

    /// The tenant as requests carry it (normalised), if it is a GUID.
    pub fn tenant_id(&self) -> Option<String> {
        let t = self.tenant.get_untracked();
        validate::is_guid(&t).then(|| validate::normalize_guid(&t))
    }

    /// What a request leaving now depends on.
    pub fn stamp(&self) -> Stamp {
        Stamp {
            tenant: self.tenant_id().unwrap_or_default(),
            epoch: self.epoch.try_get_value().unwrap_or(u64::MAX),
        }
    }

    /// Whether `stamp` is still the session's: same customer, no log-out
    /// since.
    pub fn is_current(&self, stamp: &Stamp) -> bool {
        self.stamp() == *stamp
    }

    /// The customer a stamp was taken for.
    pub fn tenant_of(stamp: &Stamp) -> &str {
        &stamp.tenant
    }

    /// The token for a request: what was typed last, even if typing has
    /// not paused yet.
    pub fn token(&self) -> Option<Secret> {
        self.commit_typed();
        self.token.try_get_untracked().flatten()
    }

    /// The token field's text changed; it becomes the token later
    /// (`commit_typed`), not key by key.
    pub fn type_token(&self, raw: String) {
        // The "refused" message goes as typing starts, not when the field
        // is left: a message vanishing between a button's mouse-down and
        // mouse-up would move the button from under the click.
        if !raw.trim().is_empty() && self.token_problem.with_untracked(Option::is_some) {
            self.token_problem.set(None);
        }
        self.typed.set_value(Some(raw));
    }

    /// Makes what was typed the token.
    pub fn commit_typed(&self) {
        if let Some(t) = self.typed.try_update_value(Option::take).flatten() {
            self.set_token(t);
        }
    }

    pub fn has_token(&self) -> bool {
        self.token.with(Option::is_some)
    }

    /// A token typed, pasted or sent by the host portal. An empty one is
    /// the person removing the token: what was sent before acts no more.
    pub fn set_token(&self, raw: String) {
        let secret = Secret::new(raw);
        if secret.is_some() {
            self.token_problem.set(None);
        }
        if self.token.with_untracked(|t| *t == secret) {
            return;
        }
        if secret.is_none() {
            self.epoch.update_value(|e| *e += 1);
        }
        self.token.set(secret);
        self.wake();
    }

    fn wake(&self) {
        let waiters = self
            .waiters
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        waiters.into_iter().for_each(Waker::wake);
    }

    /// A 401 for `token`: if it is still the session's token, it is
    /// forgotten and the person asked for a new one (`why`); a newer token
    /// typed or sent meanwhile stays. `true` if it was forgotten.
    pub fn refused(&self, token: &Secret, why: &str) -> bool {
        let forgotten = self.forget(token);
        if forgotten {
            // The refusal is the reason to show, whatever was shown before.
            self.token_problem.set(Some(why.to_string()));
            self.token_wanted.update(|n| *n += 1);
        }
        forgotten
    }

    /// Forgets `token` if it is still the session's (embedded: the host is
    /// asked for another, there is no field to ask in).
    pub fn forget(&self, token: &Secret) -> bool {
        if self.token().as_ref() != Some(token) {
            return false;
        }
        self.token.set(None);
        true
    }

    /// Asks the person for a token (`why` beside the field). A reason
    /// already shown stays: "the API refused this token" says more than
    /// "a token is needed", which a later request would put in its place.
    pub fn ask_for_token(&self, why: &str) {
        if self.token_problem.with_untracked(Option::is_none) {
            self.token_problem.set(Some(why.to_string()));
        }
        self.token_wanted.update(|n| *n += 1);
    }

    /// Resolves with the session's token once it has one that is not
    /// `refused` (the one a 401 answered).
    pub fn token_after(self, refused: Option<Secret>) -> impl Future<Output = Secret> {
        std::future::poll_fn(move |cx| match self.token() {
            Some(t) if Some(&t) != refused.as_ref() => Poll::Ready(t),
            _ => {
                self.waiters.update_value(|w| {
                    if !w.iter().any(|x| x.will_wake(cx.waker())) {
                        w.push(cx.waker().clone());
                    }
                });
                Poll::Pending
            }
        })
    }
}

/// The session this tab uses, created by the app (tenant prefilled from
/// `?tenant=` when the page was opened with one).
#[cfg(target_arch = "wasm32")]
pub fn use_session() -> Session {
    crate::api::client::use_api().session()
}

/// `?tenant=<id>` from the page's own URL, if any.
#[cfg(target_arch = "wasm32")]
pub fn tenant_from_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok())
        .and_then(|p| p.get("tenant"))
        .map(|t| t.trim().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const T1: &str = "11111111-2222-4333-8444-555555555555";

    #[test]
    fn a_refusal_forgets_only_the_token_it_was_for() {
        let s = Session::new(T1.into());
        s.set_token("A".into());
        let a = s.token().unwrap();
        s.type_token("B".into());
        // B was typed, not yet committed: it counts.
        assert!(!s.refused(&a, "no"));
        assert_eq!(s.token().unwrap().expose(), "B");
        let b = s.token().unwrap();
        assert!(s.refused(&b, "no"));
        assert!(s.token().is_none());
        assert_eq!(s.token_problem.get_untracked().as_deref(), Some("no"));
    }

    #[test]
    fn removing_the_token_or_changing_the_customer_ends_the_stamp() {
        let s = Session::new(T1.into());
        s.set_token("A".into());
        let stamp = s.stamp();
        s.set_token("B".into());
        assert!(s.is_current(&stamp), "a new token is not a log-out");
        s.set_token(" ".into());
        assert!(!s.is_current(&stamp), "removing it is");
        let stamp = s.stamp();
        s.tenant.set(T1.to_uppercase());
        assert!(s.is_current(&stamp), "the same customer, typed otherwise");
        s.tenant.set("22222222-3333-4444-8555-666666666666".into());
        assert!(!s.is_current(&stamp));
        assert_eq!(Session::tenant_of(&stamp), T1);
    }

    #[test]
    fn a_waiting_request_gets_the_next_token() {
        let s = Session::new(T1.into());
        s.set_token("A".into());
        let a = s.token();
        let mut pool = futures::executor::LocalPool::new();
        let got = std::rc::Rc::new(std::cell::RefCell::new(None));
        let g = got.clone();
        futures::task::LocalSpawnExt::spawn_local(&pool.spawner(), async move {
            *g.borrow_mut() = Some(s.token_after(a).await.expose().to_string());
        })
        .unwrap();
        pool.run_until_stalled();
        assert!(got.borrow().is_none(), "A was refused: it does not count");
        s.set_token("B".into());
        pool.run_until_stalled();
        assert_eq!(got.borrow().as_deref(), Some("B"));
    }
}
