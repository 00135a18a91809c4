//! The PBX page's states (the list, the "already in use?" check, the
//! notice) and the enable/delete changes.

use crate::api::client::Api;
use crate::api::dimensions::{self, Pbx};
use crate::api::scope::Scope;
use crate::api::ApiError;
use crate::embed::protocol::detail;
use crate::trf;
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
    Err(String),
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
        action: what,
        customer: api.customer_name(&tenant),
    };
    notice.set(None);
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
            (PbxAction::Enable, Err(e)) => notice.set(Some(Notice::Err(trf!(
                "\u{201c}{name}\u{201d} was not enabled. {error}",
                name = name,
                error = e
            )))),
            (PbxAction::Delete, Err(e)) => notice.set(Some(Notice::Err(trf!(
                "\u{201c}{name}\u{201d} was not deleted. {error}",
                name = name,
                error = e
            )))),
        }
        refresh();
    });
}
