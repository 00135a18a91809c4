//! The one charge-confirmation flow. A feature never shows its own: the API
//! client asks `ChargeDialog::confirm`, which opens this modal dialog and
//! resolves when the person chooses. Confirm replays the same request with
//! `accept-charges: true`; Cancel (or Escape) sends nothing.

use crate::api::request::redacted;
use crate::api::value::Value;
use crate::api::ApiRequest;
use crate::i18n::tr;
use futures_channel::oneshot;
use leptos::html;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct ChargePrompt {
    /// `PUT /api/v1.0/...` : what will be sent again.
    pub request: String,
    pub body: Option<String>,
    pub message: Option<String>,
}

#[derive(Clone, Copy)]
pub struct ChargeDialog {
    pub prompt: RwSignal<Option<ChargePrompt>>,
    answer: StoredValue<Option<oneshot::Sender<bool>>, LocalStorage>,
}

impl Default for ChargeDialog {
    fn default() -> Self {
        Self::new()
    }
}

impl ChargeDialog {
    pub fn new() -> Self {
        ChargeDialog {
            prompt: RwSignal::new(None),
            answer: StoredValue::new_local(None),
        }
    }

    /// Asks the person whether to accept the charge for `request`.
    pub async fn confirm(
        &self,
        request: &ApiRequest,
        message: Option<String>,
        echo: Option<Value>,
    ) -> bool {
        let (tx, rx) = oneshot::channel();
        // A prompt still open (it cannot be, as forms wait for their answer)
        // is answered "no" rather than left hanging.
        if let Some(previous) = self.answer.try_update_value(|a| a.replace(tx)).flatten() {
            let _ = previous.send(false);
        }
        let body = request
            .body
            .as_ref()
            .or(echo.as_ref())
            .map(|b| redacted(b).to_pretty());
        self.prompt.set(Some(ChargePrompt {
            request: format!("{} {}", request.method.as_str(), request.path()),
            body,
            message,
        }));
        rx.await.unwrap_or(false)
    }

    pub fn answer(&self, accept: bool) {
        self.prompt.set(None);
        if let Some(tx) = self.answer.try_update_value(Option::take).flatten() {
            let _ = tx.send(accept);
        }
    }
}

#[component]
pub fn ChargeDialogView() -> impl IntoView {
    let dialog = crate::api::client::use_api().charges();
    let node = NodeRef::<html::Dialog>::new();
    super::dialog::sync_modal(node, move || dialog.prompt.with(Option::is_some));
    view! {
        <dialog
            node_ref=node
            class="dialog"
            aria-labelledby="charge-title"
            aria-describedby="charge-text"
            // Escape closes a modal dialog with a `cancel` event: that is a "no".
            on:cancel=move |ev: web_sys::Event| {
                ev.prevent_default();
                dialog.answer(false);
            }
        >
            {move || {
                dialog
                    .prompt
                    .get()
                    .map(|p| {
                        view! {
                            <h2 id="charge-title">{tr("Additional charges apply")}</h2>
                            <p id="charge-text">
                                {tr("The API says this request adds charges to your bill, so it was not carried out. Confirm to send the same request again, accepting the charges; Cancel sends nothing.")}
                            </p>
                            {p
                                .message
                                .map(|m| {
                                    view! {
                                        <p class="charge-message">
                                            {tr("The API said:")} " " <q>{m}</q>
                                        </p>
                                    }
                                })}
                            <p class="charge-request">
                                <span class="label">{tr("Request:")} " "</span>
                                <code>{p.request}</code>
                            </p>
                            {p.body.map(|b| view! { <pre class="charge-body">{b}</pre> })}
                            <div class="actions">
                                <button
                                    type="button"
                                    class="button primary"
                                    on:click=move |_| dialog.answer(true)
                                >
                                    {tr("Confirm and accept charges")}
                                </button>
                                <button
                                    type="button"
                                    class="button"
                                    autofocus
                                    on:click=move |_| dialog.answer(false)
                                >
                                    {tr("Cancel")}
                                </button>
                            </div>
                        }
                    })
            }}
        </dialog>
    }
}
