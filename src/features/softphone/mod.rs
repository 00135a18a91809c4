//! Softphones: assign or unassign a user's PBX device as a softphone for a
//! client type (contract 1.1).

use crate::api::charges::What;
use crate::api::client::use_api;
use crate::api::dimensions::{self, ClientType, SoftphoneAction};
use crate::api::scope::Scope;
use crate::api::{ApiError, ApiRequest, Success};
use crate::embed::protocol::detail;
use crate::i18n::tr;
use crate::session::use_session;
use crate::trf;
use crate::ui::field::{Form, TextField};
use crate::ui::pickers::UserPicker;
use crate::ui::session_panel::TENANT_INPUT;
use crate::ui::{effect, spawn};
use crate::validate;
use leptos::html;
use leptos::prelude::*;

/// What the person asked for, kept with the request so a retry or the result
/// text describes the same thing.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub request: ApiRequest,
    pub action: SoftphoneAction,
    pub user: String,
    pub device: String,
    /// The client type this device had from an earlier assignment in this tab.
    pub previous: Option<ClientType>,
    /// The request in words, for a question about charges.
    pub what: What,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Done { job: Job, success: Success },
    Failed { job: Job, error: ApiError },
}

#[component]
pub fn SoftphonesPage() -> impl IntoView {
    let api = use_api();
    let session = use_session();

    let user = RwSignal::new(String::new());
    let device = RwSignal::new(String::new());
    // The chosen client type, if one is.
    let chosen = RwSignal::new(None::<ClientType>);
    let client = move || chosen.get();
    let form = Form::new();
    let result_ref = NodeRef::<html::Div>::new();

    let user_error = form.error("sp-user", move || {
        let check = validate::chosen(
            &user.get(),
            tr("Choose the user: type part of the name to search, or paste the id."),
            tr("Choose a user from the list, or paste its id: a GUID like 1b4e28ba-2fa1-41d2-883f-0016d3cca427."),
        );
        (check, false)
    });
    let device_check = move || validate::device_id(&device.get());
    let device_error = form.error("sp-device", move || (device_check().map(|_| ()), false));
    let device_warning = Signal::derive(move || device_check().ok().flatten());
    let client_error = Signal::derive(move || {
        (form.submitted() && client().is_none())
            .then(|| tr("Choose the client type to assign the device to.").to_string())
    });

    // The job on its way, and the last outcome. Plain signals and `spawn`,
    // not an `Action`: the same behaviour for less wasm.
    let sending = RwSignal::new(None::<Job>);
    let outcome = RwSignal::new(None::<Outcome>);
    let pending = move || sending.with(Option::is_some);
    let in_flight = move || sending.with(|i| i.as_ref().map(|j| j.action));
    // The page's requests: leaving the page ends them.
    let scope = Scope::new();

    // Results: remember assignments for the "moved" note, then focus the panel.
    effect(move || {
        if let Some(outcome) = outcome.get() {
            if let Outcome::Done { job, .. } = &outcome {
                api.record_assignment(
                    &job.request.url,
                    match job.action {
                        SoftphoneAction::Assign(c) => Some(c),
                        SoftphoneAction::Unassign => None,
                    },
                );
            }
            // After a 401 the session panel has taken focus to the token
            // field; otherwise the result is where the person looks next.
            let token_wanted =
                matches!(&outcome, Outcome::Failed { error, .. } if error.needs_token());
            if !token_wanted {
                if let Some(el) = result_ref.get_untracked() {
                    let _ = el.focus();
                }
            }
        }
    });

    let dispatch = move |job: Job| {
        // A double click sends one request: `sending` is set synchronously,
        // before the browser can deliver the second click.
        if sending.with_untracked(Option::is_some) {
            return;
        }
        sending.set(Some(job.clone()));
        let tenant = session.tenant.get_untracked();
        spawn(async move {
            let answer = api
                .call(scope.want(), job.request.clone(), job.what.clone())
                .await;
            let Some(answer) = answer else {
                // Not wanted any more: the page was left.
                let _ = sending.try_set(None);
                return;
            };
            sending.set(None);
            if answer.is_ok() {
                let (action, client) = match job.action {
                    SoftphoneAction::Assign(c) => ("softphone.assigned", Some(c.wire())),
                    SoftphoneAction::Unassign => ("softphone.unassigned", None),
                };
                api.completed(
                    action,
                    detail(&[
                        ("customerId", Some(&tenant)),
                        ("userId", Some(&job.user)),
                        ("deviceId", Some(&job.device)),
                        ("clientType", client),
                    ]),
                );
            }
            outcome.set(Some(match answer {
                Ok(success) => Outcome::Done { job, success },
                Err(error) => Outcome::Failed { job, error },
            }));
        });
    };

    let submit = move |action_of: fn(Option<ClientType>) -> Option<SoftphoneAction>| {
        session.tenant_touched.set(true);
        let tenant = session.tenant.get_untracked();
        let action = action_of(chosen.get_untracked());
        let ready = form.submit(&[
            (
                TENANT_INPUT,
                validate::guid(&tenant, tr("the customer tenant id")).is_err(),
            ),
            (
                "sp-user",
                validate::guid(&user.get_untracked(), tr("the user id")).is_err(),
            ),
            ("sp-device", untrack(device_check).is_err()),
            ("sp-client-desktop", action.is_none()),
        ]);
        let (true, Some(action)) = (ready, action) else {
            return;
        };
        let request = dimensions::softphone(
            &api.dimensions_base(),
            &validate::normalize_guid(&tenant),
            &validate::normalize_guid(&user.get_untracked()),
            &device.get_untracked(),
            action,
        );
        let previous = api.assigned_before(&request.url);
        let user = validate::normalize_guid(&user.get_untracked());
        let device = device.get_untracked().trim().to_string();
        let who = api
            .recent(|r| r.user_name(&user))
            .unwrap_or_else(|| user.clone());
        let what = api.what(match action {
            SoftphoneAction::Assign(c) => trf!(
                "Assign device {device} to {user} as a {client} softphone",
                device = device,
                user = who,
                client = c.label()
            ),
            SoftphoneAction::Unassign => trf!(
                "Unassign device {device} from {user}",
                device = device,
                user = who
            ),
        });
        dispatch(Job {
            request,
            action,
            user,
            device,
            previous,
            what,
        });
    };

    let retry = move |job: Job| dispatch(job);

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
                    user = job.user,
                    client = c.label()
                ),
                SoftphoneAction::Unassign => trf!(
                    "Unassigned device {device} from user {user}: it is no longer a softphone.",
                    device = job.device,
                    user = job.user
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
