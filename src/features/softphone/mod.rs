//! Softphones: assign or unassign a user's PBX device as a softphone for a
//! client type (contract 1.1). The page's state and what it sends are
//! `state.rs`; this is its view.

mod state;

pub use state::{Job, Outcome, Softphones};

use crate::api::client::use_api;
use crate::api::dimensions::{ClientType, SoftphoneAction};
use crate::api::journal::Shown;
use crate::i18n::tr;
use crate::session::use_session;
use crate::trf;
use crate::ui::curl::CopyAsCurl;
use crate::ui::effect;
use crate::ui::field::TextField;
use crate::ui::guard::use_guard;
use crate::ui::pickers::UserPicker;
use leptos::html;
use leptos::prelude::*;

#[component]
pub fn SoftphonesPage() -> impl IntoView {
    let s = Softphones::of_app(use_api());
    use_guard().watch(s.has_edits());
    let Softphones {
        user,
        device,
        chosen,
        form,
        outcome,
        ..
    } = s;
    let result_ref = NodeRef::<html::Div>::new();
    let (user_error, device_error, device_warning, client_error) = (
        s.user_error(),
        s.device_error(),
        s.device_warning(),
        s.client_error(),
    );
    let pending = move || s.pending();
    let in_flight = move || s.in_flight();
    let submit = move |action_of| s.submit(action_of);
    let retry = move |job: Job| s.dispatch(job);

    // A new outcome is where the person looks next; after a 401 the
    // session panel has taken the focus to the token field.
    effect(move || {
        if let Some(outcome) = outcome.get() {
            let token_wanted =
                matches!(&outcome, Outcome::Failed { error, .. } if error.needs_token());
            if !token_wanted {
                if let Some(el) = result_ref.get_untracked() {
                    let _ = el.focus();
                }
            }
        }
    });

    view! {
        <section class="card" aria-labelledby="sp-title">
            <h1 id="sp-title">{tr("Softphones")}</h1>
            <p class="lead">
                {tr("Assign one of a user's existing PBX devices as their softphone for a client type, or unassign it.")}
            </p>
            <form
                class="form"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    submit(|c| c.map(SoftphoneAction::Assign));
                }
            >
                <UserPicker
                    id="sp-user"
                    value=user
                    error=user_error
                    on_blur=form.on_blur("sp-user")
                />
                <TextField
                    id="sp-device"
                    label=tr("Device id")
                    value=device
                    error=device_error
                    warning=device_warning
                    hint=tr("The device's id on the PBX (a Kazoo device id has 32 hexadecimal characters). It must already be the user's device there.")
                    on_blur=form.on_blur("sp-device")
                />
                <fieldset
                    class="field radios"
                    aria-describedby=move || client_error.with(Option::is_some).then_some("sp-client-msg")
                >
                    <legend>{tr("Client type")}</legend>
                    {ClientType::ALL
                        .into_iter()
                        .map(|c| {
                            let id = format!("sp-client-{}", c.wire());
                            let desc_id = format!("{id}-desc");
                            view! {
                                <div class="radio">
                                    <input
                                        type="radio"
                                        name="clientType"
                                        id=id.clone()
                                        value=c.wire()
                                        aria-describedby=desc_id.clone()
                                        prop:checked=move || chosen.get() == Some(c)
                                        on:change=move |_| chosen.set(Some(c))
                                    />
                                    <label for=id>{c.label()}</label>
                                    <span class="radio-desc" id=desc_id>{c.description()}</span>
                                </div>
                            }
                        })
                        .collect_view()}
                    {move || client_error.get().map(|e| view! { <p class="message error" id="sp-client-msg">{e}</p> })}
                </fieldset>
                <div class="actions">
                    <button type="submit" class="button primary" disabled=pending aria-busy=move || matches!(in_flight(), Some(SoftphoneAction::Assign(_))).then_some("true")>
                        {move || match in_flight() {
                            Some(SoftphoneAction::Assign(_)) => view! { <span class="spinner" aria-hidden="true"></span> {tr("Assigning\u{2026}")} }.into_any(),
                            _ => tr("Assign").into_any(),
                        }}
                    </button>
                    <button
                        type="button"
                        class="button"
                        disabled=pending
                        on:click=move |_| submit(|_| Some(SoftphoneAction::Unassign))
                    >
                        {move || match in_flight() {
                            Some(SoftphoneAction::Unassign) => view! { <span class="spinner" aria-hidden="true"></span> {tr("Unassigning\u{2026}")} }.into_any(),
                            _ => tr("Unassign").into_any(),
                        }}
                    </button>
                </div>
            </form>
            <div class="result" id="sp-result" tabindex="-1" node_ref=result_ref aria-live="polite">
                {move || outcome.get().map(|o| view! { <OutcomeView outcome=o retry=retry pending=Signal::derive(pending) /> })}
            </div>
        </section>
    }
}

fn status_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        _ => "Success",
    }
}

/// The server's ISO timestamp, in the chosen language's locale and the
/// browser's time zone.
fn local_time(ts: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(
        &crate::api::time::iso_for_js(ts),
    ));
    if date.get_time().is_nan() {
        return ts.to_string();
    }
    date.to_locale_string(
        crate::i18n::current().locale(),
        &wasm_bindgen::JsValue::UNDEFINED,
    )
    .into()
}

#[component]
fn OutcomeView(
    outcome: Outcome,
    retry: impl Fn(Job) + Copy + 'static,
    pending: Signal<bool>,
) -> impl IntoView {
    match outcome {
        Outcome::Done { job, success } => {
            let headline = match job.action {
                SoftphoneAction::Assign(c) => trf!(
                    "Assigned device {device} to user {user} as a {client} softphone.",
                    device = job.device,
                    user = job.user_name,
                    client = c.label()
                ),
                SoftphoneAction::Unassign => trf!(
                    "Unassigned device {device} from user {user}: it is no longer a softphone.",
                    device = job.device,
                    user = job.user_name
                ),
            };
            let moved = match (job.action, job.previous) {
                (SoftphoneAction::Assign(now), Some(before)) if before != now => Some(trf!(
                    "It was the {before} softphone: it has moved to {now}. A device serves one client type at a time.",
                    before = before.label(),
                    now = now.label()
                )),
                (SoftphoneAction::Assign(now), _) => Some(trf!(
                    "If this device served another client type before, it has moved to {now}: a device serves one client type at a time.",
                    now = now.label()
                )),
                _ => None,
            };
            let when = success
                .timestamp
                .as_deref()
                .map(|t| trf!("Server time: {time}.", time = local_time(t)));
            view! {
                <div class="outcome ok" role="status">
                    <p class="outcome-title">
                        <strong>{trf!("Done ({status})", status = format!("{} {}", success.status, status_phrase(success.status)))}</strong>
                    </p>
                    <p>{headline}</p>
                    {moved.map(|m| view! { <p class="moved">{m}</p> })}
                    {when.map(|w| view! { <p class="time">{w}</p> })}
                </div>
            }
            .into_any()
        }
        Outcome::Failed { job, error } => {
            let retryable = error.is_retryable();
            let session = use_session();
            let embedded = use_api().embedded();
            let needs_token = error.needs_token();
            let what = match job.action {
                SoftphoneAction::Assign(c) => trf!(
                    "Assigning device {device} as {client} did not succeed.",
                    device = job.device,
                    client = c.label()
                ),
                SoftphoneAction::Unassign => trf!(
                    "Unassigning device {device} did not succeed.",
                    device = job.device
                ),
            };
            view! {
                <div class="outcome failed" role="alert">
                    <p class="outcome-title"><strong>{what}</strong></p>
                    <p class="error-text">{error.to_string()}</p>
                    <CopyAsCurl command=Shown::of(&job.request).curl() />
                    {retryable.then(|| {
                        let job = job.clone();
                        view! {
                            <button
                                type="button"
                                class="button"
                                // Embedded, a retry without a token asks the portal again.
                                disabled=move || pending.get() || (needs_token && !embedded && !session.has_token())
                                on:click=move |_| retry(job.clone())
                            >
                                {tr("Retry")}
                            </button>
                        }
                    })}
                </div>
            }
            .into_any()
        }
    }
}
