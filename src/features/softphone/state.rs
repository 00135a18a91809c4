//! The Softphones page's state: what was typed and chosen, the job on its
//! way and the last outcome, and what sends it. The view is `mod.rs`.

use crate::api::charges::What;
use crate::api::client::Api;
use crate::api::dimensions::{self, ClientType, SoftphoneAction};
use crate::api::journal::Kind;
use crate::api::scope::Scope;
use crate::api::{ApiError, ApiRequest, Success};
use crate::embed::protocol::detail;
use crate::i18n::tr;
use crate::session::Session;
use crate::trf;
use crate::ui::field::Form;
use crate::ui::session_panel::TENANT_INPUT;
use crate::ui::spawn;
use crate::validate;
use leptos::prelude::*;

/// What the person asked for, kept with the request so a retry or the result
/// text describes the same thing.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub request: ApiRequest,
    pub action: SoftphoneAction,
    pub user: String,
    /// The user's name, when chosen in the picker (else the id).
    pub user_name: String,
    pub device: String,
    /// The client type this device had from an earlier assignment in this tab.
    pub previous: Option<ClientType>,
    /// The request in words, for a question about charges.
    pub what: What,
    /// The form's fields as they were sent (user, device, client type).
    pub fields: Fields,
}

/// The form's fields: the user (as typed or chosen), the device, the
/// client type.
pub type Fields = (String, String, Option<ClientType>);

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Done { job: Job, success: Success },
    Failed { job: Job, error: ApiError },
}

#[derive(Clone, Copy)]
pub struct Softphones {
    pub api: Api,
    pub session: Session,
    pub user: RwSignal<String>,
    pub device: RwSignal<String>,
    /// The chosen client type, if one is.
    pub chosen: RwSignal<Option<ClientType>>,
    pub form: Form,
    /// The job on its way (one at a time), and the last outcome.
    pub sending: RwSignal<Option<Job>>,
    pub outcome: RwSignal<Option<Outcome>>,
    /// The fields as last sent with success (at first: empty): the form
    /// holds edits while it differs from them.
    baseline: RwSignal<Fields>,
    /// The page's requests.
    scope: Scope,
}

impl Softphones {
    pub fn new(api: Api) -> Self {
        Softphones {
            api,
            session: api.session(),
            user: RwSignal::new(String::new()),
            device: RwSignal::new(String::new()),
            chosen: RwSignal::new(None),
            form: Form::new(),
            sending: RwSignal::new(None),
            outcome: RwSignal::new(None),
            baseline: RwSignal::new((String::new(), String::new(), None)),
            scope: Scope::new(),
        }
    }

    /// The page's one state, on the app's root owner: it outlives the
    /// page's view, so a language switch (which draws the page again) or a
    /// visit to another page keeps what was typed and the last outcome.
    pub fn of_app(api: Api) -> Self {
        crate::ui::app_state(|| Softphones::new(api))
    }

    fn fields(self) -> Fields {
        (self.user.get(), self.device.get(), self.chosen.get())
    }

    /// Whether the form holds edits not sent (an edit undone is none).
    pub fn has_edits(self) -> Signal<bool> {
        Signal::derive(move || {
            let (user, device, client) = self.fields();
            self.baseline.with(|(u, d, c)| {
                user.trim() != u.trim() || device.trim() != d.trim() || client != *c
            })
        })
    }

    pub fn user_error(self) -> Signal<Option<String>> {
        self.form.error("sp-user", move || {
            let check = validate::chosen(
                &self.user.get(),
                tr("Choose the user: type part of the name to search, or paste the id."),
                tr("Choose a user from the list, or paste its id: a GUID like 1b4e28ba-2fa1-41d2-883f-0016d3cca427."),
            );
            (check, false)
        })
    }

    fn device_check(self) -> Result<Option<String>, String> {
        validate::device_id(&self.device.get())
    }

    pub fn device_error(self) -> Signal<Option<String>> {
        self.form.error("sp-device", move || {
            (self.device_check().map(|_| ()), false)
        })
    }

    pub fn device_warning(self) -> Signal<Option<String>> {
        Signal::derive(move || self.device_check().ok().flatten())
    }

    pub fn client_error(self) -> Signal<Option<String>> {
        Signal::derive(move || {
            (self.form.submitted() && self.chosen.get().is_none())
                .then(|| tr("Choose the client type to assign the device to.").to_string())
        })
    }

    pub fn pending(self) -> bool {
        self.sending.with(Option::is_some)
    }

    pub fn in_flight(self) -> Option<SoftphoneAction> {
        self.sending.with(|i| i.as_ref().map(|j| j.action))
    }

    /// Sends `job`, unless one is on its way: a double click sends one
    /// request, as `sending` is set before the browser can deliver the
    /// second click.
    pub fn dispatch(self, job: Job) {
        if self.sending.with_untracked(Option::is_some) {
            return;
        }
        self.sending.set(Some(job.clone()));
        let api = self.api;
        let tenant = self.session.tenant.get_untracked();
        spawn(async move {
            let answer = api
                .call(self.scope.want(), job.request.clone(), job.what.clone())
                .await;
            let Some(answer) = answer else {
                // Not wanted any more: the page was left.
                let _ = self.sending.try_set(None);
                return;
            };
            self.sending.set(None);
            if answer.is_ok() {
                // What was sent is no longer an edit.
                self.baseline.set(job.fields.clone());
                // Remembered for the "moved" note of a later assignment.
                api.record_assignment(
                    &job.request.url,
                    match job.action {
                        SoftphoneAction::Assign(c) => Some(c),
                        SoftphoneAction::Unassign => None,
                    },
                );
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
            self.outcome.set(Some(match answer {
                Ok(success) => Outcome::Done { job, success },
                Err(error) => Outcome::Failed { job, error },
            }));
        });
    }

    /// Assign (`action_of` gives the chosen client type's assignment) or
    /// Unassign: every field checked, the first wrong one focused; else the
    /// job goes.
    pub fn submit(self, action_of: fn(Option<ClientType>) -> Option<SoftphoneAction>) {
        let (api, session) = (self.api, self.session);
        session.tenant_touched.set(true);
        let tenant = session.tenant.get_untracked();
        let action = action_of(self.chosen.get_untracked());
        let ready = self.form.submit(&[
            (
                TENANT_INPUT,
                validate::guid(&tenant, tr("the customer tenant id")).is_err(),
            ),
            (
                "sp-user",
                validate::guid(&self.user.get_untracked(), tr("the user id")).is_err(),
            ),
            ("sp-device", untrack(|| self.device_check()).is_err()),
            ("sp-client-desktop", action.is_none()),
        ]);
        let (true, Some(action)) = (ready, action) else {
            return;
        };
        let request = dimensions::softphone(
            &api.dimensions_base(),
            &validate::normalize_guid(&tenant),
            &validate::normalize_guid(&self.user.get_untracked()),
            &self.device.get_untracked(),
            action,
        );
        let previous = api.assigned_before(&request.url);
        let user = validate::normalize_guid(&self.user.get_untracked());
        let device = self.device.get_untracked().trim().to_string();
        let who = api
            .recent(|r| r.user_name(&user))
            .unwrap_or_else(|| user.clone());
        let what = match action {
            SoftphoneAction::Assign(c) => api.what(
                Kind::Assign,
                trf!(
                    "Assign device {device} to {user} as a {client} softphone",
                    device = device,
                    user = who,
                    client = c.label()
                ),
            ),
            SoftphoneAction::Unassign => api.what(
                Kind::Unassign,
                trf!(
                    "Unassign device {device} from {user}",
                    device = device,
                    user = who
                ),
            ),
        };
        let fields = untrack(|| self.fields());
        self.dispatch(Job {
            request,
            action,
            fields,
            user_name: who,
            user,
            device,
            previous,
            what,
        });
    }
}
