//! "Copy as curl": a request as a command a person can paste into a shell
//! to replay it (support asks for it), the token read from `$TOKEN` and
//! the body's secrets as placeholders (`api::journal::Shown::curl`).

use crate::i18n::tr;
use leptos::prelude::*;

#[component]
pub fn CopyAsCurl(command: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    let text = command.clone();
    view! {
        <details class="curl">
            <summary>{tr("Copy as curl")}</summary>
            <p class="hint">
                {tr("The exact request, for a shell: first set TOKEN to the bearer token (export TOKEN=…); a secret in the body is a placeholder to fill in.")}
            </p>
            <pre class="curl-command">{command}</pre>
            <button
                type="button"
                class="button small"
                on:click=move |_| {
                    // Where the clipboard is refused, the command above can
                    // still be selected and copied.
                    let _ = window().navigator().clipboard().write_text(&text);
                    copied.set(true);
                }
            >
                {move || if copied.get() { tr("Copied to the clipboard") } else { tr("Copy the command") }}
            </button>
        </details>
    }
}
