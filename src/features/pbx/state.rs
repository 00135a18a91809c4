//! The PBX page's states (the list, the "already in use?" check, the
//! notice) and the enable/delete changes.

use super::form::Form;
use crate::api::client::Api;
use crate::api::dimensions::{self, Pbx};
use crate::api::scope::Scope;
use crate::api::ApiError;
use crate::embed::protocol::detail;
use crate::trf;
use crate::ui::dialog::Confirmation;
use crate::ui::spawn;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum InUseCheck {
    Idle,
    Checking,
    Free,
    Taken { tenant: String },
    Failed(String),
}

/// The page's state, on the app's root owner: it outlives the page's view,
/// so a language switch (which draws the page again) or a visit to another
/// page keeps the half-filled form, the shown outcome and an open question.
#[derive(Clone, Copy)]
pub(super) struct PbxState {
    pub(super) form: Form,
    /// The form's values when it was last sent with success (at first: the
    /// empty form): it holds edits while it differs from them.
    pub(super) baseline: RwSignal<Vec<String>>,
    pub(super) list: RwSignal<ListState>,
    /// Each listed PBX's state, by id (the list does not say it).
    pub(super) enabled: RwSignal<Vec<(String, Enabled)>>,
    /// The last creation's outcome.
    pub(super) created: RwSignal<Option<Result<Pbx, ApiError>>>,
    /// The last creation's request, for "copy as curl" when it failed.
    pub(super) create_request: StoredValue<Option<crate::api::ApiRequest>>,
    pub(super) creating: RwSignal<bool>,
    pub(super) notice: RwSignal<Option<Notice>>,
    pub(super) in_use: RwSignal<InUseCheck>,
    pub(super) confirm: RwSignal<Option<Confirmation>>,
    /// What the open confirmation is about: (action, pbx id, name).
    pub(super) target: StoredValue<Option<(PbxAction, String, String)>>,
    /// The enable or delete on its way: one at a time.
    pub(super) changing: RwSignal<Option<(PbxAction, String)>>,
    /// The page's changes.
    pub(super) changes: Scope,
}

impl PbxState {
    pub(super) fn of_app() -> PbxState {
        crate::ui::app_state(|| {
            let form = Form::new();
            PbxState {
                form,
                baseline: RwSignal::new(untrack(|| form.values())),
                list: RwSignal::new(ListState::NeedSession),
                enabled: RwSignal::new(Vec::new()),
                created: RwSignal::new(None),
                create_request: StoredValue::new(None),
                creating: RwSignal::new(false),
                notice: RwSignal::new(None),
                in_use: RwSignal::new(InUseCheck::Idle),
                confirm: RwSignal::new(None),
                target: StoredValue::new(None),
                changing: RwSignal::new(None),
                changes: Scope::new(),
            }
        })
    }

    /// Whether the create form holds edits not sent.
    pub(super) fn has_edits(self) -> Signal<bool> {
        Signal::derive(move || self.baseline.with(|b| *b != self.form.values()))
    }
}

/// Whether a listed PBX is enabled: the list does not say, each PBX's own
/// answer (`GET .../pbxs/{id}`) does, when it has the field.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Enabled {
    Checking,
    Known(bool),
    /// Its answer has no `enabled`, or could not be had.
    Unknown,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum ListState {
    NeedSession,
    Loading,
    Loaded(Vec<Pbx>),
    Failed(ApiError),
}

/// The last enable/delete/create outcome, announced under the list.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Notice {
    Ok(String),
    /// What failed, and the request as a curl command.
    Err(String, String),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum PbxAction {
    Enable,
    Delete,
}

/// An enable or delete, and where its outcome goes.
pub(super) struct Change {
    pub(super) api: Api,
    pub(super) scope: Scope,
    pub(super) action: PbxAction,
    pub(super) tenant: String,
    pub(super) id: String,
    pub(super) name: String,
    pub(super) notice: RwSignal<Option<Notice>>,
    pub(super) created: RwSignal<Option<Result<Pbx, ApiError>>>,
    /// Set while it is on its way; cleared when it has come back.
    pub(super) changing: RwSignal<Option<(PbxAction, String)>>,
}

pub(super) fn run_change(c: Change, refresh: impl Fn() + 'static) {
    let Change {
        api,
        scope,
        action,
        tenant,
        id,
        name,
        notice,
        created,
        changing,
    } = c;
    let base = api.dimensions_base();
    let (req, what) = match action {
        PbxAction::Enable => (
            dimensions::enable_pbx(&base, &tenant, &id),
            trf!("Enable the PBX \u{201c}{name}\u{201d}", name = name),
        ),
        PbxAction::Delete => (
            dimensions::delete_pbx(&base, &tenant, &id),
            trf!("Delete the PBX \u{201c}{name}\u{201d}", name = name),
        ),
    };
    let what = crate::api::charges::What {
        kind: match action {
            PbxAction::Enable => crate::api::journal::Kind::PbxEnable,
            PbxAction::Delete => crate::api::journal::Kind::PbxDelete,
        },
        action: what,
        customer: api.customer_name(&tenant),
    };
    notice.set(None);
    let curl = crate::api::journal::Shown::of(&req).curl();
    spawn(async move {
        let answer = api.call(scope.want(), req, what).await;
        let _ = changing.try_set(None);
        let Some(answer) = answer else { return };
        if answer.is_ok() {
            let done = match action {
                PbxAction::Enable => "pbx.enabled",
                PbxAction::Delete => "pbx.deleted",
            };
            api.completed(
                done,
                detail(&[
                    ("customerId", Some(&tenant)),
                    ("pbxId", Some(&id)),
                    ("name", Some(&name)),
                ]),
            );
        }
        match (action, answer) {
            (PbxAction::Enable, Ok(_)) => {
                created.update(|c| {
                    if let Some(Ok(p)) = c {
                        if p.id == id {
                            p.enabled = Some(true);
                        }
                    }
                });
                notice.set(Some(Notice::Ok(trf!(
                    "\u{201c}{name}\u{201d} is enabled: its event collection has (re)started.",
                    name = name
                ))));
            }
            (PbxAction::Delete, Ok(_)) => {
                created.update(|c| {
                    if matches!(c, Some(Ok(p)) if p.id == id) {
                        *c = None;
                    }
                });
                notice.set(Some(Notice::Ok(trf!(
                    "\u{201c}{name}\u{201d} was deleted and is disconnected.",
                    name = name
                ))));
            }
            (PbxAction::Enable, Err(e)) => notice.set(Some(Notice::Err(
                trf!(
                    "\u{201c}{name}\u{201d} was not enabled. {error}",
                    name = name,
                    error = e
                ),
                curl,
            ))),
            (PbxAction::Delete, Err(e)) => notice.set(Some(Notice::Err(
                trf!(
                    "\u{201c}{name}\u{201d} was not deleted. {error}",
                    name = name,
                    error = e
                ),
                curl,
            ))),
        }
        refresh();
    });
}
