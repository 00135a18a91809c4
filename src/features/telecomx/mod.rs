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
use state::{tick, tx_of_app, TxPage};

use crate::api::tx::TxState;
use crate::i18n::tr;
use crate::trf;
use crate::ui::guard::use_guard;
use crate::ui::{effect, spawn};
use leptos::prelude::*;

// The page as app.rs shows it, in a chunk with all that only it uses.
crate::chunk_page!(mobile_config_page, mobile_config, MobileConfigPage);

#[component]
pub fn MobileConfigPage() -> impl IntoView {
    let tx = tx_of_app();
    let page = TxPage::of_app();
    use_guard().watch(page.has_edits());
    let TxPage {
        customer,
        logout_note,
        ..
    } = page;
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
    // What a screen reader is told of the login: who, once, then when 5
    // minutes and 1 minute are left (not at every tick of the clock).
    let announced = RwSignal::new(String::new());
    let last_mark = StoredValue::new(None::<u32>);
    effect(move || {
        if tx.state.get() != TxState::LoggedIn {
            last_mark.set_value(None);
            return;
        }
        let left = tx.left_ms();
        let mark = left.map(|ms| match ms {
            ms if ms <= 60_000.0 => 1,
            ms if ms <= 300_000.0 => 5,
            _ => 15,
        });
        if last_mark.get_value() == Some(mark.unwrap_or(0)) {
            return;
        }
        let first = last_mark.get_value().is_none();
        last_mark.set_value(Some(mark.unwrap_or(0)));
        announced.set(match (first, mark) {
            (true, _) | (_, Some(15)) => tx.me(|m| {
                m.map(|m| {
                    trf!(
                        "Telecom X: you are logged in as {name}.",
                        name = if m.name.is_empty() {
                            &m.employee
                        } else {
                            &m.name
                        }
                    )
                })
                .unwrap_or_default()
            }),
            (false, Some(n)) => crate::trn!(
                n,
                "Your Telecom X login expires in {n} minute.",
                "Your Telecom X login expires in {n} minutes."
            ),
            (false, None) => String::new(),
        });
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
                    // Not a live region: it changes every minute. The
                    // announcement below speaks at the login, and at 5 and
                    // 1 minutes left.
                    <p class="tx-session">
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
                _ => view! { <LoginForm tx page /> }.into_any(),
            }}
            <p class="visually-hidden" role="status">{move || announced.get()}</p>
            <p class="note" role="status" hidden=move || logout_note.with(Option::is_none)>{move || logout_note.get()}</p>
        </section>
        <CopyForm tx page />
    }
}
