//! The session panel: the customer tenant id and the bearer token. The token
//! input is a password field bound to memory only.

use crate::api::client::{use_api, Renewal};
use crate::api::scope::Scope;
use crate::i18n::tr;
use crate::session::use_session;
use crate::ui::field::TextField;
use crate::ui::pickers::CustomerPicker;
use crate::ui::{debounce, effect};
use crate::validate;
use leptos::html;
use leptos::prelude::*;

/// DOM id of the tenant input, for features that send the person there.
pub const TENANT_INPUT: &str = "session-tenant";

/// How long typing in the token field must pause before the token is used.
const TOKEN_PAUSE_MS: i32 = 400;

#[component]
pub fn SessionPanel() -> impl IntoView {
    let session = use_session();
    let api = use_api();
    if api.embedded() {
        // Embedded: the host portal owns tenant and token; show which
        // customer this is, and no token field.
        return view! {
            <section class="session embedded-session" aria-label="Session">
                {tr("Customer")} " "
                <code>{move || session.tenant.get()}</code>
                <span class="session-state" aria-live="polite">
                    {move || (!session.has_token()).then(|| tr(" \u{2013} waiting for a token from your portal"))}
                </span>
                <RenewalNotice />
            </section>
        }
        .into_any();
    }
    let tenant_touched = session.tenant_touched;
    // Shown once the field was left or a form that needs it was submitted
    // (`tenant_touched`: the session's, as the forms are the pages').
    let tenant_error = Signal::derive(move || {
        let t = session.tenant.get();
        validate::chosen(
            &t,
            tr("Choose the customer: type part of the name to search, or paste the id."),
            tr("Choose a customer from the list, or paste its id: a GUID like 1b4e28ba-2fa1-41d2-883f-0016d3cca427."),
        )
        .err()
        .filter(|_| tenant_touched.get())
    });
    let token_text = RwSignal::new(String::new());
    let token_ref = NodeRef::<html::Input>::new();
    // The token goes into the session (memory only) once typing pauses, or
    // when a request needs it (`Session::token`): not key by key, or the
    // page's look-ups would go out with half a token, be refused, and
    // empty the field under the typing hands. Not on the first run: the
    // panel is drawn again on a language switch, with an empty field, and
    // that must not drop the token the session holds.
    let typing = Scope::new();
    let first = std::cell::Cell::new(true);
    effect(move || {
        let text = token_text.get();
        if first.replace(false) {
            return;
        }
        session.type_token(text);
        debounce(typing, TOKEN_PAUSE_MS, move || session.commit_typed());
    });
    // A panel drawn again (language switch) takes what was typed at once.
    on_cleanup(move || session.commit_typed());

    // The token was dropped (401) or is missing: clear the field, go there.
    // Not on the first run: only when it changes.
    let first = std::cell::Cell::new(true);
    effect(move || {
        session.token_wanted.track();
        if !first.replace(false) {
            untrack(|| {
                // (`token()`: what was typed and not yet the token counts.)
                if session.token().is_none() {
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
                    secret=true
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

/// Embedded: asking the host portal for a token. Once the request timeout
/// has passed without one, says so in the portal's words and offers to ask
/// again; what waits for the token goes on by itself when it arrives.
#[component]
fn RenewalNotice() -> impl IntoView {
    let api = use_api();
    view! {
        <div class="renewal" role="status">
            {move || match api.renewal.get() {
                Renewal::Idle => None,
                Renewal::Asking => Some(view! {
                    <p class="note">{tr("Asking your portal for a new token\u{2026}")}</p>
                }.into_any()),
                Renewal::NoAnswer => Some(view! {
                    <div class="message warning" role="alert">
                        <p>{tr("Your portal did not send a new token. Reload the portal page, or ask it again. What waits for the token goes on by itself when it arrives.")}</p>
                        <button type="button" class="button small" on:click=move |_| api.ask_host()>
                            {tr("Ask the portal again")}
                        </button>
                    </div>
                }.into_any()),
            }}
        </div>
    }
}
