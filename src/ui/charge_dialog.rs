//! The charge question, drawn: a modal dialog showing the first question
//! of the queue (`api::charges`). It describes its own request in words;
//! Confirm answers that question (by its id) and so sends only that request
//! again, with `accept-charges: true`; Cancel (or Escape) sends nothing. A
//! question that comes next is drawn anew, and its Confirm is enabled only
//! after a moment, so that a double click or a held key meant for one
//! question cannot agree to the next one unseen.

use crate::api::charges::Question;
use crate::i18n::tr;
use crate::ui::later;
use leptos::html;
use leptos::prelude::*;

/// How long a newly shown question's Confirm stays disabled.
const ARM_MS: i32 = 600;

#[component]
pub fn ChargeDialogView() -> impl IntoView {
    let charges = crate::api::client::use_api().charges();
    let node = NodeRef::<html::Dialog>::new();
    let shown = Memo::new(move |_| charges.shown());
    // The question whose Confirm may be clicked (shown for `ARM_MS`).
    let armed = RwSignal::new(None::<u64>);
    crate::ui::effect(move || {
        let id = shown.with(|q| q.as_ref().map(|q| q.id));
        let Some(el) = node.get() else { return };
        match id {
            Some(id) => {
                // A new question: the dialog is opened anew, so that it is
                // announced as one.
                if el.open() {
                    el.close();
                }
                let _ = el.show_modal();
                later(ARM_MS, move || {
                    if shown.try_with_untracked(|q| q.as_ref().map(|q| q.id)) == Some(Some(id)) {
                        armed.set(Some(id));
                    }
                });
            }
            None => {
                if el.open() {
                    el.close();
                }
            }
        }
    });
    view! {
        <dialog
            node_ref=node
            id="charge-dialog"
            class="dialog"
            aria-labelledby="charge-title"
            aria-describedby="charge-text"
            // Escape closes a modal dialog with a `cancel` event: that is a "no".
            on:cancel=move |ev: web_sys::Event| {
                ev.prevent_default();
                if let Some(q) = shown.get_untracked() {
                    charges.answer(q.id, false);
                }
            }
        >
            {move || shown.get().map(|q| question_view(q, charges.waiting(), armed))}
        </dialog>
    }
}

fn question_view(q: Question, waiting: usize, armed: RwSignal<Option<u64>>) -> impl IntoView {
    let charges = crate::api::client::use_api().charges();
    let id = q.id;
    let rows = (!q.rows.is_empty()).then(|| {
        view! {
            <p class="label">{tr("Rows:")}</p>
            <ul class="charge-rows">
                {q.rows.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}
            </ul>
        }
    });
    let uncertain = (!q.uncertain.is_empty()).then(|| {
        view! {
            <div class="message warning charge-uncertain" role="alert">
                <p>
                    {tr("An earlier attempt, sent with the charges accepted, got no clear answer: it may have been carried out, and charged. Check before you accept again:")}
                </p>
                <ul>{q.uncertain.iter().map(|u| view! { <li>{u.clone()}</li> }).collect_view()}</ul>
            </div>
        }
    });
    view! {
        <h2 id="charge-title">{tr("Additional charges apply")}</h2>
        <p id="charge-text">
            {tr("The API says this request adds charges to your bill, so it was not carried out. Confirm to send the same request again, accepting the charges; Cancel sends nothing.")}
        </p>
        <dl class="facts charge-what">
            <dt>{tr("What")}</dt>
            <dd>{q.what.action.clone()}</dd>
            <dt>{tr("Customer")}</dt>
            <dd>{q.what.customer.clone()}</dd>
        </dl>
        {rows}
        {uncertain}
        {q.message.clone().map(|m| {
            view! {
                <p class="charge-message">
                    {tr("The API said:")} " " <q>{m}</q>
                </p>
            }
        })}
        <p class="charge-request">
            <span class="label">{tr("Request:")} " "</span>
            <code>{q.request.clone()}</code>
        </p>
        {q.body.clone().map(|b| view! { <pre class="charge-body">{b}</pre> })}
        {(waiting > 0).then(|| view! {
            <p class="note">{crate::trn!(
                waiting,
                "{n} more question about charges waits after this one.",
                "{n} more questions about charges wait after this one."
            )}</p>
        })}
        <div class="actions">
            <button
                type="button"
                class="button primary"
                disabled=move || armed.get() != Some(id)
                on:click=move |_| charges.answer(id, true)
            >
                {q.confirm.clone()}
            </button>
            <button
                type="button"
                class="button"
                autofocus
                on:click=move |_| charges.answer(id, false)
            >
                {tr("Cancel")}
            </button>
        </div>
    }
}
