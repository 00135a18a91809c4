//! Mobile config copy on Telecom X (contract 2.1): log in, pick the employee
//! to overwrite and the config to copy from, see what the copy changes, and
//! copy. The login is Telecom X's own (`api/tx.rs`), not the session panel's.
//!
//! The page is a wasm chunk of its own (docs/decisions.md, Size): `page`
//! below is the split point, and what only it reaches (this module, `api/tx.rs`,
//! most of `api/telecomx.rs`) leaves the main module. Every build splits the
//! wasm (scripts/split.mjs); the chunk is fetched when the page is first
//! shown.
//!
//! Its rooms: the login form (`login.rs`), the copy form (`copy.rs`), the
//! preview (`preview.rs`), the states and the plumbing (`state.rs`); this
//! is the page.

mod copy;
mod login;
mod preview;
mod state;

pub use preview::preview_view;

use copy::CopyForm;
use login::LoginForm;
use state::{tick, tx_of_app};

use crate::api::tx::TxState;
use crate::i18n::tr;
use crate::pick::Choice;
use crate::trf;
use crate::ui::{effect, spawn};
use leptos::prelude::*;

// The page as app.rs shows it, in a chunk with all that only it uses.
crate::chunk_page!(mobile_config_page, mobile_config, MobileConfigPage);

#[component]
pub fn MobileConfigPage() -> impl IntoView {
    let tx = tx_of_app();
    // Page-level, so a second login (expiry) finds them as they were.
    let email = RwSignal::new(String::new());
    let customer = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let source = RwSignal::new(String::new());
    // The customer's employees (names for the config list and the result).
    let names = RwSignal::new(Vec::<Choice>::new());
    let logout_note = RwSignal::new(None::<String>);
    // Logged in: start on one's own company.
    effect(move || {
        if tx.state.get() == TxState::LoggedIn {
            tick(tx);
            logout_note.set(None);
            if customer.with_untracked(String::is_empty) {
                customer.set(tx.me(|m| m.map(|m| m.customer.clone()).unwrap_or_default()));
            }
        }
    });
    let log_out = move |_| {
        spawn(async move {
            let r = tx.log_out().await;
            logout_note.set(Some(match r {
                Ok(()) => tr("Logged out of Telecom X.").to_string(),
                Err(e) => trf!(
                    "Logged out here; Telecom X could not be told. {error}",
                    error = e
                ),
            }));
        });
    };
    view! {
        <section class="card" aria-labelledby="tx-title">
            <h1 id="tx-title">{tr("Mobile config copy")}</h1>
            <p class="lead">
                {tr("Copy one employee's Communicator mobile config onto another employee on Telecom X. The copy overwrites the other employee's config.")}
            </p>
            {move || match tx.state.get() {
                TxState::LoggedIn => view! {
                    <p class="tx-session" role="status">
                        {move || tx.me(|m| m.map(|m| trf!(
                            "Logged in to Telecom X as {name} ({level}), {expiry}.",
                            name = if m.name.is_empty() { &m.employee } else { &m.name },
                            level = m.access_level.map_or_else(|| tr("level unknown"), |l| l.wire()),
                            expiry = tx.expiry().unwrap_or_else(|| tr("until you log out").into()),
                        )))}
                        " "
                        <button type="button" class="button small" on:click=log_out>{tr("Log out")}</button>
                    </p>
                }.into_any(),
                _ => view! { <LoginForm tx email /> }.into_any(),
            }}
            <p class="note" role="status" hidden=move || logout_note.with(Option::is_none)>{move || logout_note.get()}</p>
        </section>
        <CopyForm tx customer target source names />
    }
}
