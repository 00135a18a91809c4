//! The session panel: the customer tenant id and the bearer token. The token
//! input is a password field bound to memory only.

use crate::i18n::tr;
use crate::session::use_session;
use crate::ui::effect;
use crate::ui::field::{shown_error, TextField};
use crate::ui::pickers::CustomerPicker;
use crate::validate;
use leptos::html;
use leptos::prelude::*;

/// DOM id of the tenant input, for features that send the person there.
pub const TENANT_INPUT: &str = "session-tenant";

#[component]
pub fn SessionPanel() -> impl IntoView {
    let session = use_session();
    if crate::api::client::use_api().embed().is_some() {
        // Embedded: the host portal owns tenant and token; show which
        // customer this is, and no token field.
        return view! {
            <section class="session embedded-session" aria-label="Session">
                {tr("Customer")} " "
                <code>{move || session.tenant.get()}</code>
                <span class="session-state" aria-live="polite">
                    {move || (!session.has_token()).then(|| tr(" \u{2013} waiting for a token from your portal"))}
                </span>
            </section>
        }
        .into_any();
    }
    let tenant_touched = session.tenant_touched;
    let tenant_error = Signal::derive(move || {
        let t = session.tenant.get();
        shown_error(
            tenant_touched.get(),
            validate::chosen(
                &t,
                tr("Choose the customer: type part of the name to search, or paste the id."),
                tr("Choose a customer from the list, or paste its id: a GUID like 1b4e28ba-2fa1-41d2-883f-0016d3cca427."),
            ),
            false,
        )
    });
    let token_text = RwSignal::new(String::new());
    let token_ref = NodeRef::<html::Input>::new();
    // Typing a token puts it in the session (memory only). Not on the
    // first run: the panel is drawn again on a language switch, with an
    // empty field, and that must not drop the token the session holds.
    let typed = std::cell::Cell::new(false);
    effect(move || {
        let t = token_text.get();
        if typed.replace(true) {
            session.set_token(t);
        }
    });
    // The token was dropped (401) or is missing: clear the field, go there.
    // Not on the first run: only when it changes.
    let first = std::cell::Cell::new(true);
    effect(move || {
        session.token_wanted.track();
        if !first.replace(false) {
            untrack(|| {
                if !session.has_token() {
                    token_text.set(String::new());
                }
            });
            if let Some(el) = token_ref.get_untracked() {
                let _ = el.focus();
            }
        }
    });
    let token_problem = Signal::derive(move || session.token_problem.get());

    view! {
        <section class="card session" aria-labelledby="session-title">
            <h2 id="session-title">"Session"</h2>
            <div class="session-fields">
                <CustomerPicker
                    id=TENANT_INPUT
                    error=tenant_error
                    on_blur=Callback::new(move |_| tenant_touched.set(true))
                />
                <TextField
                    id="session-token"
                    label=tr("Bearer token")
                    input_type="password"
                    value=token_text
                    error=token_problem
                    hint=tr("Kept in this tab's memory only; never stored or put in the address.")
                    node_ref=token_ref
                />
            </div>
            <p class="session-state" aria-live="polite">
                {move || {
                    if session.has_token() { tr("A token is set.") } else { tr("No token set.") }
                }}
            </p>
        </section>
    }
    .into_any()
}
