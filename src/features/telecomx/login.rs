//! The Telecom X login form.

use super::state::TxPage;
use crate::api::tx::Tx;
use crate::i18n::tr;
use crate::ui::field::TextField;
use crate::ui::{focus_by_id, spawn};
use leptos::prelude::*;

#[component]
pub(super) fn LoginForm(tx: Tx, page: TxPage) -> impl IntoView {
    let TxPage {
        email,
        password,
        code,
        logging_in: busy,
        login_failed: failed,
        // The errors show once a log-in was tried (the fields' `on_blur`
        // is not given: leaving them says nothing yet).
        login_form: form,
        ..
    } = page;
    let email_ok = move || email.with(|e| e.contains('@'));
    let password_ok = move || password.with(|p| !p.is_empty());
    let email_error = form.error("tx-email", move || {
        let check = if email_ok() {
            Ok(())
        } else {
            Err(tr("Enter the e-mail address you log in to Telecom X with.").into())
        };
        (check, false)
    });
    let password_error = form.error("tx-password", move || {
        let check = if password_ok() {
            Ok(())
        } else {
            Err(tr("Enter your Telecom X password.").into())
        };
        (check, false)
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ready = form.submit(&[
            ("tx-email", !untrack(email_ok)),
            ("tx-password", !untrack(password_ok)),
        ]);
        if !ready || busy.get_untracked() {
            return;
        }
        busy.set(true);
        failed.set(None);
        spawn(async move {
            let r = tx
                .log_in(
                    &email.get_untracked(),
                    &password.get_untracked(),
                    &code.get_untracked(),
                )
                .await;
            busy.set(false);
            match r {
                // The password is kept no longer than it is needed.
                Ok(()) => password.set(String::new()),
                Err(e) => {
                    failed.set(Some(e.to_string()));
                    focus_by_id("tx-login-result");
                }
            }
        });
    };
    view! {
        <form class="form" novalidate on:submit=submit aria-labelledby="tx-login-title">
            <h2 id="tx-login-title">{tr("Log in to Telecom X")}</h2>
            {move || tx.problem.get().map(|p| view! { <p class="message warning" role="alert">{p}</p> })}
            <TextField id="tx-email" label=tr("E-mail") value=email error=email_error input_type="email" />
            <TextField id="tx-password" label=tr("Password") value=password error=password_error secret=true />
            <TextField
                id="tx-code"
                label=tr("SMS code")
                value=code
                error=Signal::derive(|| None::<String>)
                hint=tr("Only if your account logs in with a code sent by SMS.")
            />
            <div class="actions">
                <button type="submit" class="button primary" disabled=busy aria-busy=move || busy.get().then_some("true")>
                    {move || if busy.get() { tr("Logging in\u{2026}") } else { tr("Log in") }}
                </button>
            </div>
            <div id="tx-login-result" tabindex="-1" role="alert">
                {move || failed.get().map(|f| view! { <p class="message error">{f}</p> })}
            </div>
        </form>
    }
}
