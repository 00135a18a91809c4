//! The Mobile config page's states (preview, copy) and its plumbing: the
//! app's Telecom X client, the expiry clock, look-ups, names.

use crate::api::scope::Scope;
use crate::api::telecomx::{self, MobileConfig, TxError};
use crate::api::tx::{Tx, TxState};
use crate::pick::Choice;
use crate::ui::field::Form;
use crate::ui::{later, spawn};
use leptos::prelude::*;

/// Where the preview of a copy stands.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Preview {
    /// No source and target to compare.
    Nothing,
    Loading,
    /// The source's config, the target's (`None`: it has none), and a note.
    Shown {
        from: MobileConfig,
        to: Option<MobileConfig>,
        note: Option<String>,
    },
    Failed(String),
}

/// Where the copy stands.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum CopyState {
    NotYet,
    Copying,
    /// The target's config as the copy made it.
    Copied(MobileConfig),
    Failed(String),
}

/// Employees per page of the target picker ("Load more" for the next).
pub(super) const PAGE_SIZE: u32 = 100;

/// The app's Telecom X client, made the first time this page is shown:
/// the page is a wasm chunk of its own (docs/decisions.md, Size), and
/// making the client here keeps its code out of the main module. It belongs
/// to the app's root owner, not the page's, so the login outlives a visit
/// to another page.
pub(super) fn tx_of_app() -> Tx {
    crate::ui::app_state(|| {
        let (base, timeout) = crate::api::client::use_api()
            .config(|c| (c.telecomx_api_base.clone(), c.request_timeout_seconds));
        Tx::new(
            base,
            timeout,
            std::rc::Rc::new(crate::api::web::Web),
            crate::api::client::use_api().journal,
        )
    })
}

/// Keeps "expires in" current while a login lasts.
pub(super) fn tick(tx: Tx) {
    let at = tx.clock.get_untracked();
    later(15_000, move || {
        if tx.state.try_get_untracked() == Some(TxState::LoggedIn) && tx.clock.get_untracked() == at
        {
            tx.clock.set(at.wrapping_add(1));
            tick(tx);
        }
    });
}

/// Sends a Telecom X look-up for `scope` (superseding its earlier ones)
/// and hands its answer to `then`, unless the scope asks again, the page is
/// gone, or the login changed meanwhile.
pub(super) fn look_up<T: serde::de::DeserializeOwned + 'static>(
    tx: Tx,
    scope: Scope,
    request: crate::api::ApiRequest,
    then: impl FnOnce(Result<T, TxError>) + 'static,
) {
    let want = scope.renew();
    spawn(async move {
        if let Some(answer) = tx.get::<T>(want, request).await {
            then(answer);
        }
    });
}

pub(super) fn employee_choice(e: telecomx::Employee) -> Choice {
    let detail = [e.email.as_str(), e.title.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" \u{b7} ");
    Choice {
        label: if e.name.is_empty() {
            e.id.clone()
        } else {
            e.name
        },
        id: e.id,
        detail,
    }
}

/// A config's types and their entries, for the lists and the result.
pub(super) fn summary(c: &MobileConfig) -> String {
    c.configs
        .iter()
        .map(|s| format!("{} {}", s.kind, s.items.len()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The page's state, on the app's root owner: it outlives the page's view,
/// so a second login (expiry), a language switch (which draws the page
/// again) or a visit to another page finds it as it was.
#[derive(Clone, Copy)]
pub(super) struct TxPage {
    pub(super) email: RwSignal<String>,
    /// Kept only until the login succeeds.
    pub(super) password: RwSignal<String>,
    pub(super) code: RwSignal<String>,
    pub(super) logging_in: RwSignal<bool>,
    pub(super) login_failed: RwSignal<Option<String>>,
    pub(super) login_form: Form,
    pub(super) logout_note: RwSignal<Option<String>>,
    pub(super) customer: RwSignal<String>,
    pub(super) target: RwSignal<String>,
    pub(super) source: RwSignal<String>,
    /// The customer's employees (names for the config list and the result).
    pub(super) names: RwSignal<Vec<Choice>>,
    pub(super) copy_form: Form,
    pub(super) copying: RwSignal<CopyState>,
    /// The target and source last copied with success: the form holds
    /// edits while they differ.
    pub(super) copied: RwSignal<(String, String)>,
    /// The page's copies.
    pub(super) copies: Scope,
}

impl TxPage {
    pub(super) fn of_app() -> TxPage {
        crate::ui::app_state(|| {
            let s = || RwSignal::new(String::new());
            TxPage {
                email: s(),
                password: s(),
                code: s(),
                logging_in: RwSignal::new(false),
                login_failed: RwSignal::new(None),
                login_form: Form::new(),
                logout_note: RwSignal::new(None),
                customer: s(),
                target: s(),
                source: s(),
                names: RwSignal::new(Vec::new()),
                copy_form: Form::new(),
                copying: RwSignal::new(CopyState::NotYet),
                copied: RwSignal::new((String::new(), String::new())),
                copies: Scope::new(),
            }
        })
    }

    /// Whether the page holds something typed and not sent: a password for
    /// a login, or an employee to overwrite or copy from other than the
    /// ones last copied.
    pub(super) fn has_edits(self) -> Signal<bool> {
        Signal::derive(move || {
            let copy = self.copied.with(|(t, s)| {
                self.target.with(|x| x.trim() != t.trim())
                    || self.source.with(|x| x.trim() != s.trim())
            });
            copy || self.password.with(|p| !p.is_empty())
        })
    }
}
