//! Who we are talking to the API as: the customer's tenant id and the bearer
//! token. The only place that holds a secret. The token lives in memory only:
//! never in the URL, localStorage or a log (its `Debug` is redacted).

use leptos::prelude::*;

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
            token_problem: RwSignal::new(None),
            token_wanted: RwSignal::new(0),
        }
    }

    /// The token for a request: what was typed last, even if typing has
    /// not paused yet.
    pub fn token(&self) -> Option<Secret> {
        self.commit_typed();
        self.token.get_untracked()
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

    pub fn set_token(&self, raw: String) {
        let secret = Secret::new(raw);
        if secret.is_some() {
            self.token_problem.set(None);
        }
        if self.token.with_untracked(|t| *t != secret) {
            self.token.set(secret);
        }
    }

    /// Forgets `token` if it is still the session's (a newer one stays).
    pub fn forget_token_if(&self, token: &Secret) {
        if self.token.with_untracked(|t| t.as_ref() == Some(token)) {
            self.token.set(None);
        }
    }

    /// A 401: forget the token and ask for a new one. Forms keep their input.
    pub fn drop_token(&self, why: &str) {
        self.typed.set_value(None);
        self.token.set(None);
        self.ask_for_token(why);
    }

    pub fn ask_for_token(&self, why: &str) {
        self.token_problem.set(Some(why.to_string()));
        self.token_wanted.update(|n| *n += 1);
    }
}

/// The session this tab uses, created by the app (tenant prefilled from
/// `?tenant=` when the page was opened with one).
pub fn use_session() -> Session {
    crate::api::client::use_api().session()
}

/// `?tenant=<id>` from the page's own URL, if any.
pub fn tenant_from_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok())
        .and_then(|p| p.get("tenant"))
        .map(|t| t.trim().to_string())
        .unwrap_or_default()
}
