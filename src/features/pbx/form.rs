//! The create form's fields, both variants side by side, and their checks.

use crate::api::dimensions::{KazooProfile, PbxProfile, ThreeCxProfile};
use crate::i18n::tr;
use crate::ui::field::Form as Checks;
use crate::validate;
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Variant {
    Kazoo,
    ThreeCx,
}

/// The create form: both variants' fields live side by side, so switching
/// back and forth loses nothing.
#[derive(Clone, Copy)]
pub(super) struct Form {
    pub(super) variant: RwSignal<Variant>,
    pub(super) k_name: RwSignal<String>,
    pub(super) k_rest: RwSignal<String>,
    pub(super) k_ws: RwSignal<String>,
    pub(super) k_account: RwSignal<String>,
    pub(super) k_key: RwSignal<String>,
    pub(super) k_monitor: RwSignal<bool>,
    pub(super) t_name: RwSignal<String>,
    pub(super) t_license: RwSignal<String>,
    pub(super) t_user: RwSignal<String>,
    pub(super) t_password: RwSignal<String>,
    pub(super) t_archive: RwSignal<bool>,
    pub(super) t_frequency: RwSignal<String>,
    /// Which fields were left, and whether a submit was tried.
    pub(super) marks: Checks,
}

impl Form {
    pub(super) fn variant(&self) -> Variant {
        self.variant.get()
    }

    /// Every field's value (tracked), both variants: what the unsaved-
    /// changes guard compares with the values last sent. The variant alone
    /// is not an edit.
    pub(super) fn values(&self) -> Vec<String> {
        let b = |s: RwSignal<bool>| s.get().to_string();
        vec![
            self.k_name.get(),
            self.k_rest.get(),
            self.k_ws.get(),
            self.k_account.get(),
            self.k_key.get(),
            b(self.k_monitor),
            self.t_name.get(),
            self.t_license.get(),
            self.t_user.get(),
            self.t_password.get(),
            b(self.t_archive),
            self.t_frequency.get(),
        ]
    }

    pub(super) fn new() -> Self {
        let s = || RwSignal::new(String::new());
        Form {
            variant: RwSignal::new(Variant::Kazoo),
            k_name: s(),
            k_rest: s(),
            k_ws: s(),
            k_account: s(),
            k_key: s(),
            k_monitor: RwSignal::new(false),
            t_name: s(),
            t_license: s(),
            t_user: s(),
            t_password: s(),
            t_archive: RwSignal::new(false),
            t_frequency: RwSignal::new("00:20:00".to_string()),
            marks: Checks::new(),
        }
    }

    /// Every field's check, in display order: (DOM id, result).
    pub(super) fn checks(&self) -> Vec<(&'static str, Result<(), String>)> {
        match self.variant() {
            Variant::Kazoo => vec![
                (
                    "pbx-k-name",
                    validate::required(&self.k_name.get(), tr("the PBX name")),
                ),
                (
                    "pbx-k-rest",
                    validate::url_with_scheme(&self.k_rest.get(), "https", tr("the REST host")),
                ),
                (
                    "pbx-k-ws",
                    validate::url_with_scheme(&self.k_ws.get(), "wss", tr("the websocket host")),
                ),
                (
                    "pbx-k-account",
                    validate::required(&self.k_account.get(), tr("the Kazoo account id")),
                ),
                (
                    "pbx-k-key",
                    validate::required(&self.k_key.get(), tr("the API key")),
                ),
            ],
            Variant::ThreeCx => {
                let mut c = vec![
                    (
                        "pbx-t-name",
                        validate::required(&self.t_name.get(), tr("the PBX name")),
                    ),
                    (
                        "pbx-t-license",
                        validate::required(&self.t_license.get(), tr("the 3CX licence key")),
                    ),
                    (
                        "pbx-t-user",
                        validate::required(&self.t_user.get(), tr("the username")),
                    ),
                    (
                        "pbx-t-password",
                        validate::required(&self.t_password.get(), tr("the password")),
                    ),
                ];
                if self.t_archive.get() {
                    c.push((
                        "pbx-t-frequency",
                        validate::hms(&self.t_frequency.get(), tr("the archive frequency")),
                    ));
                }
                c
            }
        }
    }

    /// The message to show next to field `id`, once it was left or a submit tried.
    pub(super) fn error(self, id: &'static str) -> Signal<Option<String>> {
        self.marks.error(id, move || {
            let check = self
                .checks()
                .into_iter()
                .find(|(i, _)| *i == id)
                .map_or(Ok(()), |(_, r)| r);
            (check, false)
        })
    }

    pub(super) fn profile(&self) -> PbxProfile {
        match self.variant.get_untracked() {
            Variant::Kazoo => PbxProfile::Kazoo(KazooProfile {
                name: self.k_name.get_untracked(),
                host_rest: self.k_rest.get_untracked(),
                host_websocket: self.k_ws.get_untracked(),
                account_id: self.k_account.get_untracked(),
                api_key: self.k_key.get_untracked(),
                monitor_sub_accounts: self.k_monitor.get_untracked(),
            }),
            Variant::ThreeCx => PbxProfile::ThreeCx(ThreeCxProfile {
                name: self.t_name.get_untracked(),
                license_key: self.t_license.get_untracked(),
                username: self.t_user.get_untracked(),
                password: self.t_password.get_untracked(),
                enable_recording_archive: self.t_archive.get_untracked(),
                recording_archive_frequency: self.t_frequency.get_untracked(),
            }),
        }
    }

    pub(super) fn instance_id(&self) -> String {
        match self.variant() {
            Variant::Kazoo => self.k_account.get(),
            Variant::ThreeCx => self.t_license.get(),
        }
        .trim()
        .to_string()
    }
}
