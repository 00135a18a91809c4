//! The bulk page's state: what was typed, the sheet read from it, and the
//! run. It lives on the app's root owner (`ui::app_state`), not the page's,
//! so the page can be left and come back to while a run goes on.
//!
//! The sheet is a [`Memo`] of the text that was last checked: the text as
//! typed is kept at every keystroke (nothing typed is lost), and checked
//! when typing pauses, at once for a paste or a file, and on Start (in the
//! click's own turn). A sheet of 100,000 rows is then read once per pause,
//! not once per key.
//!
//! The run is not reactive (a thousand answers a second would be a
//! thousand renders): the view follows it through [`Bulk::tick`], notified
//! at most every [`REFRESH_MS`], and writes the outcome cells only of the
//! rows on screen whose state changed ([`Screen`]).

use crate::api::charges::{Consent, What};
use crate::api::client::Api;
use crate::api::dimensions::{self, SoftphoneAction};
use crate::api::journal::{Counts, Kind, Outcome as Logged};
use crate::api::scope::{Scope, Want};
use crate::api::{ApiError, ApiRequest};
use crate::bulk::result::{self, File};
use crate::bulk::sheet::{self, Refusal, MAX_BYTES};
use crate::bulk::{Action, Answer, Pause, Phase, Progress, Row, Run, Sheet, State};
use crate::i18n::tr;
use crate::session::Stamp;
use crate::trf;
use crate::ui::session_panel::TENANT_INPUT;
use crate::ui::{debounce, focus_by_id, later, spawn};
use crate::validate;
use leptos::prelude::*;
use std::ops::Range;
use std::sync::Arc;

/// How often, at most, the progress and the table follow the answers.
const REFRESH_MS: i32 = 100;

/// How long typing must pause before the text is read again.
const CHECK_MS: i32 = 300;

/// Rows written to the result file between two yields to the browser.
const FILE_STEP: usize = 5_000;

/// Texts longer than this are held by the page instead of the text box
/// ([`Place::Held`]): Chromium takes seconds to put 100,000 lines into a
/// text area (4.5 s for a paste, measured), and once there, any change of
/// its style (read-only at Start, the page made inert by the charge
/// question's modal dialog) lays all of it out again (300 ms at 100,000
/// lines). Up to this, about 1,600 rows, those cost a few milliseconds.
pub(super) const SHOW_MAX: usize = 128 * 1024;

/// Rows listed by name in the question about charges (the others are
/// counted).
const LISTED: usize = 50;

/// The first and the longest wait between two probes of an API out of
/// reach.
const PROBE_FIRST_MS: u32 = 1_000;
const PROBE_MAX_MS: u32 = 10_000;

/// "1 row", "2 rows" (French: "0 ligne").
pub(super) fn rows(n: usize) -> String {
    crate::trn!(n, "{n} row", "{n} rows")
}

/// Where the text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Place {
    /// In the text box, as typed.
    Box,
    /// Held by the page, too long to show in the text box: a paste or a
    /// file of more than `SHOW_MAX`. It can be shown there on request.
    Held,
}

/// The text as read.
#[derive(Clone, Debug)]
pub(super) enum Read {
    /// Nothing typed.
    Empty,
    Refused(Refusal),
    Sheet(Arc<Sheet>),
}

impl PartialEq for Read {
    fn eq(&self, other: &Read) -> bool {
        match (self, other) {
            (Read::Empty, Read::Empty) => true,
            (Read::Refused(a), Read::Refused(b)) => a == b,
            // A sheet is read anew only when the text changed: the same
            // sheet is the same value.
            (Read::Sheet(a), Read::Sheet(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

fn read(text: &str) -> Read {
    if text.trim().is_empty() {
        Read::Empty
    } else {
        match sheet::parse(text) {
            Ok(s) => Read::Sheet(Arc::new(s)),
            Err(e) => Read::Refused(e),
        }
    }
}

/// The rows of the table on screen, and those of them whose outcome
/// changed since the view last followed the run.
#[derive(Default)]
pub(super) struct Screen {
    pub shown: Range<usize>,
    pub due: Vec<usize>,
}

/// One wait of a kind (for a token, ...): the run's `Want` while it goes on.
#[derive(Clone, Copy)]
struct Busy(StoredValue<Option<Want>>);

impl Default for Busy {
    fn default() -> Self {
        Busy(StoredValue::new(None))
    }
}

impl Busy {
    /// Whether a wait of the current run goes on.
    fn is_busy(&self) -> bool {
        self.0.with_value(|w| w.is_some_and(|w| w.is_current()))
    }

    /// The `Want` of a new wait for `scope`'s current run, unless one goes
    /// on.
    fn take(&self, scope: Scope) -> Option<Want> {
        if self.is_busy() {
            return None;
        }
        let want = scope.want();
        self.0.set_value(Some(want));
        Some(want)
    }

    /// The wait of `want` ended (if it was not superseded: the slot is then
    /// another run's).
    fn done(&self, want: Want) {
        if want.is_current() {
            self.0.set_value(None);
        }
    }
}

/// A run, with what it was started with: the sheet as it was checked (it
/// is frozen while a run exists, and a run never reads the live sheet), the
/// customer and session, and when.
struct Running {
    run: Run,
    sheet: Arc<Sheet>,
    stamp: Stamp,
    tenant: String,
    started: f64,
    /// Its entry in the activity journal.
    entry: u64,
    /// Sends made with the charges accepted.
    charged_sends: usize,
}

#[derive(Clone, Copy)]
pub(super) struct Bulk {
    pub api: Api,
    /// The rows as typed, pasted or read from the file.
    pub text: RwSignal<Arc<String>>,
    pub place: RwSignal<Place>,
    /// The text the sheet is read from.
    checked: RwSignal<Arc<String>>,
    /// `checked`, read.
    pub sheet: Memo<Read>,
    /// Notified when the text is set otherwise than by typing (a file): the
    /// text area then shows it.
    pub loaded: Trigger,
    /// The check due once typing pauses.
    typing: Scope,
    /// A file being read: typing, another file or a run supersede it.
    file: Scope,
    /// A file or a paste refused by its size, before it was read.
    pub refused: RwSignal<Option<Refusal>>,
    /// Send the valid rows and leave the others out, on purpose.
    pub skip_invalid: RwSignal<bool>,
    /// Requests at a time, as typed.
    pub limit: RwSignal<String>,
    /// Why the run could not start, or how it ended.
    pub note: RwSignal<Option<String>>,
    run: StoredValue<Option<Running>>,
    /// The runs ended by New run, kept for their result files (the
    /// activity journal links to them).
    past: StoredValue<Vec<Running>>,
    /// The text the last run was started from: the same text is no edit.
    sent_text: StoredValue<Option<Arc<String>>>,
    /// Set in the click's own turn by Start, cleared by New run: the sheet
    /// is frozen from the first click on.
    pub frozen: RwSignal<bool>,
    /// The run's requests and its waits (for a token, for the charges, for
    /// the API to answer again).
    scope: Scope,
    /// Waiting for a token, asking about the charges, probing the API out of
    /// reach: one of each at a time, for the run of the `Want` (a wait of a
    /// run that was ended, whose task has not yet seen it, does not count).
    awaiting_token: Busy,
    asking: Busy,
    probing: Busy,
    /// The API's sentence about the charges, from the first 402.
    charge_said: StoredValue<Option<String>>,
    /// Notified (at most every `REFRESH_MS`) when the run changes.
    pub tick: Trigger,
    refresh_due: StoredValue<bool>,
    pub screen: StoredValue<Screen>,
    /// The file being made, if one is (its button waits meanwhile).
    pub making: RwSignal<Option<File>>,
}

/// The one bulk state of this tab, made on first use on the app's root
/// owner (`ui::app_state`), so that a run goes on while the page is left.
pub(super) fn bulk(api: Api) -> Bulk {
    let guard = crate::ui::guard::use_guard();
    crate::ui::app_state(|| {
        let b = Bulk::new(api);
        // For good (on the root owner): closing the tab ends the run.
        guard.watch_closing(Signal::derive(move || b.running()));
        b
    })
}

/// What a sheet of `n` rows does, in the journal and the charge question.
fn sheet_action(n: usize) -> String {
    crate::trn!(
        n,
        "Assign or unassign {n} softphone from the bulk sheet",
        "Assign or unassign {n} softphones from the bulk sheet"
    )
}

fn action_of(row: &Row) -> SoftphoneAction {
    match (row.action, row.client) {
        (Action::Assign, Some(c)) => SoftphoneAction::Assign(c),
        _ => SoftphoneAction::Unassign,
    }
}

fn request_of(api: &Api, tenant: &str, row: &Row) -> ApiRequest {
    dimensions::softphone(
        &api.dimensions_base(),
        tenant,
        &row.user,
        &row.device,
        action_of(row),
    )
}

/// A row in words, for the question about charges.
fn row_words(row: &Row) -> String {
    match action_of(row) {
        SoftphoneAction::Assign(c) => trf!(
            "Row {row}: assign device {device} to user {user} as a {client} softphone",
            row = row.number,
            device = row.device,
            user = row.user,
            client = c.label()
        ),
        SoftphoneAction::Unassign => trf!(
            "Row {row}: unassign device {device} from user {user}",
            row = row.number,
            device = row.device,
            user = row.user
        ),
    }
}

impl Bulk {
    fn new(api: Api) -> Self {
        let checked = RwSignal::new(Arc::new(String::new()));
        Bulk {
            api,
            text: RwSignal::new(Arc::new(String::new())),
            place: RwSignal::new(Place::Box),
            checked,
            sheet: Memo::new(move |_| checked.with(|t| read(t))),
            loaded: Trigger::new(),
            typing: Scope::new(),
            file: Scope::new(),
            refused: RwSignal::new(None),
            skip_invalid: RwSignal::new(false),
            limit: RwSignal::new("4".into()),
            note: RwSignal::new(None),
            run: StoredValue::new(None),
            past: StoredValue::new(Vec::new()),
            sent_text: StoredValue::new(None),
            frozen: RwSignal::new(false),
            scope: Scope::new(),
            awaiting_token: Busy::default(),
            asking: Busy::default(),
            probing: Busy::default(),
            charge_said: StoredValue::new(None),
            tick: Trigger::new(),
            refresh_due: StoredValue::new(false),
            screen: StoredValue::new(Screen::default()),
            making: RwSignal::new(None),
        }
    }

    // ---- the text and the sheet

    /// The text area's text changed (typed: checked when typing pauses;
    /// pasted or dropped: `at_once`). A text over the limit is refused
    /// before it is taken.
    pub fn typed(self, length: usize, value: impl FnOnce() -> String, at_once: bool) {
        if self.frozen.get_untracked() {
            return;
        }
        // A file still being read would replace what is typed now.
        self.file.supersede();
        if length > MAX_BYTES {
            self.typing.supersede();
            self.refused.set(Some(Refusal::TooLarge { bytes: length }));
            self.text.set(Arc::new(String::new()));
            self.checked.set(Arc::new(String::new()));
            return;
        }
        if self.refused.with_untracked(Option::is_some) {
            self.refused.set(None);
        }
        // (An `Arc<String>`: the text is moved in, not copied.)
        self.text.set(Arc::new(value()));
        if at_once {
            self.typing.supersede();
            self.check_now();
        } else {
            debounce(self.typing, CHECK_MS, move || self.check_now());
        }
    }

    /// A text that replaces what was there (a file, or a long paste with
    /// what it was pasted into), read at once; held by the page if it is
    /// too long to show.
    pub fn take(self, text: String) {
        if self.frozen.get_untracked() {
            return;
        }
        let held = text.len() > SHOW_MAX;
        self.typed(text.len(), || text, true);
        if self.refused.with_untracked(Option::is_none) {
            self.place.set(if held { Place::Held } else { Place::Box });
            self.loaded.notify();
        }
    }

    /// A paste too long to take: refused, and the text stays as it was.
    pub fn refuse_paste(self, length: usize) {
        if !self.frozen.get_untracked() {
            self.refused.set(Some(Refusal::TooLarge { bytes: length }));
        }
    }

    /// The held text, shown in the text box after all (to edit it).
    pub fn show_in_box(self) {
        if !self.frozen.get_untracked() {
            self.place.set(Place::Box);
            self.loaded.notify();
        }
    }

    /// Empties the text (and the text box).
    pub fn clear_text(self) {
        if self.frozen.get_untracked() {
            return;
        }
        self.file.supersede();
        self.typing.supersede();
        self.refused.set(None);
        self.text.set(Arc::new(String::new()));
        self.place.set(Place::Box);
        self.loaded.notify();
        self.check_now();
    }

    /// Reads the text as it is now, unless it was read already.
    pub fn check_now(self) {
        let text = self.text.get_untracked();
        if !self.checked.with_untracked(|c| Arc::ptr_eq(c, &text)) {
            self.checked.set(text);
        }
    }

    /// A file was chosen: read unless it is over the limit, and taken
    /// unless the rows were edited or a run started meanwhile.
    pub fn choose_file(self, file: web_sys::File) {
        let name = file.name();
        if let Err(refusal) = sheet::check_file(&name, file.size()) {
            self.file.supersede();
            self.refused.set(Some(refusal));
            return;
        }
        let want = self.file.renew();
        spawn(async move {
            let read = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            // Started meanwhile: the run's rows are the ones that were
            // checked and shown, not this file's.
            if self.frozen.get_untracked() {
                self.note.set(Some(trf!(
                    "The file \u{201c}{name}\u{201d} was not loaded: a run had started. Choose it again after the run (New run).",
                    name = name
                )));
                return;
            }
            if !want.is_current() {
                self.note.set(Some(trf!(
                    "The file \u{201c}{name}\u{201d} was not loaded: the rows were edited, or another file was chosen, while it was read. Choose it again to load it.",
                    name = name
                )));
                return;
            }
            match read.ok().and_then(|t| t.as_string()) {
                Some(t) => self.take(t),
                None => self.note.set(Some(trf!(
                    "The file \u{201c}{name}\u{201d} could not be read.",
                    name = name
                ))),
            }
        });
    }

    /// Rows typed, pasted or loaded and not yet sent: not empty, and not
    /// the text of the last run (tracked).
    pub fn has_edits(self) -> Signal<bool> {
        Signal::derive(move || {
            self.text.with(|t| {
                !t.trim().is_empty()
                    && self
                        .sent_text
                        .with_value(|s| s.as_ref().is_none_or(|s| !Arc::ptr_eq(s, t) && **s != **t))
            })
        })
    }

    // ---- the run, as the view sees it

    fn with_run<T>(&self, f: impl FnOnce(&Run) -> T) -> Option<T> {
        self.run
            .try_with_value(|r| r.as_ref().map(|r| f(&r.run)))
            .flatten()
    }

    /// Whether there is a run (tracked by `tick`).
    pub fn has_run(&self) -> bool {
        self.tick.track();
        self.with_run(|_| ()).is_some()
    }

    /// Whether a run goes on: not settled (tracked by `tick`).
    pub fn running(&self) -> bool {
        self.tick.track();
        self.with_run(|r| !r.is_settled()).unwrap_or(false)
    }

    /// The run's phase and counts (tracked by `tick`).
    pub fn status(&self) -> Option<(Phase, Progress)> {
        self.tick.track();
        self.with_run(|r| (r.phase(), r.progress()))
    }

    /// Rows finished per second since the start, and the seconds left.
    pub fn pace(&self, p: &Progress) -> (f64, Option<f64>) {
        let started = self
            .run
            .with_value(|r| r.as_ref().map_or(0.0, |r| r.started));
        crate::bulk::pace(
            p.done + p.failed,
            p.queued + p.in_flight,
            js_sys::Date::now() - started,
        )
    }

    /// The customer of the run, by name where known.
    pub fn customer(&self) -> String {
        let tenant = self
            .run
            .with_value(|r| r.as_ref().map(|r| r.tenant.clone()))
            .unwrap_or_default();
        self.api.customer_name(&tenant)
    }

    pub fn charge_said(&self) -> Option<String> {
        self.charge_said.get_value()
    }

    pub fn asking(&self) -> bool {
        self.asking.is_busy()
    }

    /// The outcome of sheet row `k`, as the table shows it.
    pub fn outcome(&self, k: usize) -> String {
        self.with_run(|r| match r.state(k) {
            State::LeftOut => tr("left out").into(),
            State::Queued { .. } => tr("waiting").into(),
            State::InFlight => tr("sending\u{2026}").into(),
            State::Done => tr("done").into(),
            State::Moved(c) => trf!("moved (was {client})", client = c.label()),
            State::Failed(e) => trf!("failed: {reason}", reason = e),
            State::NeedsCharge => tr("needs charge (402)").into(),
            State::NotSent => tr("not sent").into(),
        })
        .unwrap_or_default()
    }

    /// Changes the run and lets the view follow; sheet row `changed` is
    /// written again if it is on screen.
    fn update_run<T>(&self, changed: Option<usize>, f: impl FnOnce(&mut Run) -> T) -> Option<T> {
        let out = self
            .run
            .try_update_value(|r| r.as_mut().map(|r| f(&mut r.run)))
            .flatten();
        if let Some(k) = changed {
            self.screen.update_value(|s| {
                if s.shown.contains(&k) {
                    s.due.push(k);
                }
            });
        }
        self.refresh();
        out
    }

    /// Lets the view follow, now if nothing is left in flight, else soon:
    /// a thousand answers do not make a thousand renders.
    fn refresh(&self) {
        let b = *self;
        if self.with_run(Run::is_settled).unwrap_or(true) {
            self.log(false);
            self.tick.notify();
        } else if !self.refresh_due.get_value() {
            self.refresh_due.set_value(true);
            later(REFRESH_MS, move || {
                b.refresh_due.set_value(false);
                b.log(false);
                b.tick.notify();
            });
        }
    }

    /// Writes the run's counts and how it stands into its journal entry;
    /// `ended`: by New run.
    fn log(&self, ended: bool) {
        let Some((entry, phase, p, charged)) = self.run.with_value(|r| {
            r.as_ref()
                .map(|r| (r.entry, r.run.phase(), r.run.progress(), r.charged_sends))
        }) else {
            return;
        };
        let settled = p.in_flight == 0 && p.queued == 0;
        let (outcome, sentence) = if !settled {
            let said = match phase {
                Phase::Running => tr("Sending the rows."),
                Phase::Paused(_) => tr("Paused."),
                Phase::Cancelled => tr("Cancelled; the rows already sent are finishing."),
            };
            (Logged::Pending, said)
        } else if p.needs_charge > 0 && !ended {
            (
                Logged::Pending,
                tr("Waiting for an answer about the charges."),
            )
        } else if p.failed + p.not_sent + p.needs_charge == 0 {
            (
                Logged::Done { status: None },
                tr("Finished: every row was carried out."),
            )
        } else if phase == Phase::Cancelled {
            (Logged::Failed { status: None }, tr("Cancelled."))
        } else {
            (
                Logged::Failed { status: None },
                tr("Finished; some rows were not carried out."),
            )
        };
        let counts = Counts {
            rows: p.total,
            done: p.done,
            failed: p.failed,
            not_sent: p.not_sent,
            needs_charge: p.needs_charge,
            charged,
        };
        self.api
            .journal
            .counted(entry, counts, outcome, sentence.into());
    }

    /// Whether the session is still the one the run started with; if not,
    /// the run pauses (and says so).
    fn same_customer(&self) -> bool {
        let same = self.run.with_value(|r| {
            r.as_ref()
                .is_some_and(|r| self.api.session().is_current(&r.stamp))
        });
        if !same && self.with_run(|r| r.phase() == Phase::Running) == Some(true) {
            self.update_run(None, |r| r.pause_for(Pause::Customer));
        }
        same
    }

    /// The next row to send, marked in flight: its index, whether the
    /// charges are accepted for this send, its request and what it does.
    fn take_next(&self) -> Option<(usize, bool, ApiRequest, SoftphoneAction)> {
        self.run
            .try_update_value(|r| {
                let r = r.as_mut()?;
                let (i, accepted) = r.run.take_next()?;
                if accepted {
                    r.charged_sends += 1;
                }
                let row = &r.sheet.rows[i];
                Some((
                    i,
                    accepted,
                    request_of(&self.api, &r.tenant, row),
                    action_of(row),
                ))
            })
            .flatten()
    }

    /// Sends rows until the run's limit is in flight.
    fn pump(self) {
        if self.with_run(|r| r.phase()) != Some(Phase::Running) || !self.same_customer() {
            return;
        }
        while let Some((i, accepted, request, action)) = self.take_next() {
            self.screen.update_value(|s| {
                if s.shown.contains(&i) {
                    s.due.push(i);
                }
            });
            let b = self;
            let want = self.scope.want();
            spawn(async move {
                let answer = match b.api.send_row(want, request.clone(), accepted).await {
                    Some(Ok(_)) => {
                        let before = b.api.assigned_before(&request.url);
                        let now = match action {
                            SoftphoneAction::Assign(c) => Some(c),
                            SoftphoneAction::Unassign => None,
                        };
                        b.api.record_assignment(&request.url, now);
                        match (before, now) {
                            (Some(was), Some(c)) if was != c => Answer::Moved(was),
                            _ => Answer::Done,
                        }
                    }
                    Some(Err(e)) => {
                        if let ApiError::ChargesApply { message, .. } = &e {
                            if b.charge_said.with_value(Option::is_none) {
                                b.charge_said.set_value(message.clone());
                            }
                        }
                        Answer::Error(e)
                    }
                    // The run was ended (New run) while this row was out.
                    None => return,
                };
                b.update_run(Some(i), |r| r.answer(i, answer));
                match b.with_run(|r| r.phase()) {
                    Some(Phase::Paused(Pause::Token)) => b.wait_for_token(),
                    Some(Phase::Paused(Pause::Unreachable)) => b.probe(),
                    _ => {}
                }
                b.pump();
                // In a task of its own: the run's last refresh and the
                // question's dialog are each enough work for one.
                later(0, move || b.ask_about_charges());
            });
        }
        self.refresh();
        self.ask_about_charges();
    }

    /// Paused by a missing or refused token: asks for one (embedded, the
    /// host portal; else the session panel) and goes on by itself once
    /// there is one.
    fn wait_for_token(self) {
        self.update_run(None, |r| r.pause_for(Pause::Token));
        let Some(want) = self.awaiting_token.take(self.scope) else {
            return;
        };
        spawn(async move {
            let token = self.api.await_token(want, None).await;
            self.awaiting_token.done(want);
            if token.is_some() && self.with_run(|r| r.phase()) == Some(Phase::Paused(Pause::Token))
            {
                self.update_run(None, Run::resume);
                self.pump();
            }
        });
    }

    /// The API could not be reached for a few rows in a row: asks it
    /// something harmless (the role look-up of the next row's user) after a
    /// second, then less and less often, and goes on once it answers
    /// anything, while the run is still paused for that.
    fn probe(self) {
        let Some(want) = self.probing.take(self.scope) else {
            return;
        };
        spawn(async move {
            let mut wait = PROBE_FIRST_MS;
            loop {
                let slept = crate::api::transport::unless(
                    gloo_timers::future::TimeoutFuture::new(wait),
                    want.superseded(),
                )
                .await;
                let still =
                    || self.with_run(|r| r.phase()) == Some(Phase::Paused(Pause::Unreachable));
                if slept.is_none() || !still() {
                    break;
                }
                let Some(request) = self.run.with_value(|r| {
                    let r = r.as_ref()?;
                    let i = r.run.next_queued()?;
                    Some(dimensions::get_user(
                        &self.api.dimensions_base(),
                        &r.tenant,
                        &r.sheet.rows[i].user,
                    ))
                }) else {
                    break;
                };
                match self.api.read(want, request).await {
                    None => break,
                    Some(Err(ApiError::Network | ApiError::Timeout { .. })) => {
                        wait = (wait * 2).min(PROBE_MAX_MS);
                    }
                    // It answered: go on, unless something else paused
                    // the run meanwhile.
                    Some(_) => {
                        if still() && self.same_customer() {
                            self.update_run(None, Run::reached);
                            self.pump();
                        }
                        break;
                    }
                }
            }
            self.probing.done(want);
        });
    }

    /// Once nothing is in flight or queued, asks once (in the queue of
    /// questions) about every row answered 402, listing them (the first
    /// `LISTED` by name).
    pub fn ask_about_charges(self) {
        let Some(p) = self.with_run(|r| r.progress()) else {
            return;
        };
        if p.needs_charge == 0 || p.in_flight > 0 || p.queued > 0 || self.asking.is_busy() {
            return;
        }
        // Words for the rows listed, and for those whose earlier send with
        // the charges accepted got no clear answer (looked for only when
        // there is such a send: 8,000 charged rows of 100,000 made this the
        // run's longest task).
        let Some((tenant, n, listed, first, uncertain)) = self.run.with_value(|r| {
            let r = r.as_ref()?;
            let charged = r.run.charged();
            let row = |i: usize| &r.sheet.rows[i];
            let listed: Vec<String> = charged
                .iter()
                .take(LISTED)
                .map(|&i| row_words(row(i)))
                .collect();
            let uncertain: Vec<String> = if self.api.any_unclear() {
                charged
                    .iter()
                    .filter(|&&i| {
                        self.api
                            .was_unclear(&request_of(&self.api, &r.tenant, row(i)))
                    })
                    .map(|&i| row_words(row(i)))
                    .collect()
            } else {
                Vec::new()
            };
            let first = request_of(&self.api, &r.tenant, row(*charged.first()?));
            Some((r.tenant.clone(), charged.len(), listed, first, uncertain))
        }) else {
            return;
        };
        let what = What {
            kind: crate::api::journal::Kind::BulkRun,
            action: sheet_action(n),
            customer: self.api.customer_name(&tenant),
        };
        let mut question = self
            .api
            .question(&first, what, self.charge_said.get_value(), None);
        question.uncertain = uncertain;
        question.rows = listed;
        if n > LISTED {
            question.rows.push(trf!(
                "\u{2026} and {n} more rows, marked \u{201c}needs charge (402)\u{201d} in the table",
                n = n - LISTED
            ));
        }
        if n > 1 {
            question.request = trf!(
                "{request} (and {n} more like it)",
                request = question.request,
                n = n - 1
            );
            question.body = None;
        }
        question.confirm = crate::trn!(
            n,
            "Accept the charges and send this row",
            "Accept the charges and send these {n} rows"
        );
        let Some(want) = self.asking.take(self.scope) else {
            return;
        };
        spawn(async move {
            let consent = self.api.charges().ask(question, want.superseded()).await;
            self.asking.done(want);
            self.refresh();
            match consent {
                Consent::Accepted if self.same_customer() => {
                    self.update_run(None, |r| r.charges(true));
                    self.rows_changed();
                    self.pump();
                }
                Consent::Declined => {
                    self.update_run(None, |r| r.charges(false));
                    self.rows_changed();
                }
                // Asked again on Resume, or with the button.
                Consent::Accepted | Consent::Withdrawn => {}
            }
        });
    }

    /// Many rows changed at once (charges, retry): every row on screen is
    /// written again.
    fn rows_changed(&self) {
        self.screen.update_value(|s| {
            let shown = s.shown.clone();
            s.due.extend(shown);
        });
        self.refresh();
    }

    /// Checks and starts a run over the sheet's valid rows. The sheet is
    /// frozen from this click on: a second click, or a file read finishing
    /// later, changes nothing.
    pub fn start(self) {
        if self.frozen.get_untracked() || self.run.with_value(Option::is_some) {
            return;
        }
        // What was typed counts, read now.
        self.typing.supersede();
        self.check_now();
        let session = self.api.session();
        session.tenant_touched.set(true);
        let tenant = session.tenant.get_untracked();
        let limit = self
            .limit
            .with_untracked(|l| l.trim().parse::<usize>().ok());
        let read = self.sheet.get_untracked();
        let problem = match (&read, self.refused.get_untracked()) {
            _ if !validate::is_guid(&tenant) => {
                Some(tr("Choose the customer in the session panel first.").to_string())
            }
            (_, Some(refused)) => Some(refused.message()),
            (Read::Empty, _) => Some(tr("Paste rows or choose a CSV file first.").into()),
            (Read::Refused(e), _) => Some(e.message()),
            (Read::Sheet(s), _) => {
                if s.ready() == 0 {
                    Some(tr("No row can be sent: fix the rows marked in the table.").into())
                } else if s.invalid > 0 && !self.skip_invalid.get_untracked() {
                    Some(trf!("{rows} with errors: fix them, or tick \u{201c}Leave out the rows with errors\u{201d} to send the others.", rows = rows(s.invalid)))
                } else if !matches!(limit, Some(1..=16)) {
                    Some(tr("Requests at a time: a whole number from 1 to 16.").into())
                } else {
                    None
                }
            }
        };
        if let Some(p) = problem {
            self.note.set(Some(p));
            if !validate::is_guid(&tenant) {
                focus_by_id(TENANT_INPUT);
            }
            return;
        }
        let Read::Sheet(sheet) = read else {
            return;
        };
        self.frozen.set(true);
        self.file.supersede();
        // A long text shown in the text box on request goes back to being
        // held: laid out there, it would cost hundreds of milliseconds at
        // each change of the page's style during the run.
        if self.text.with_untracked(|t| t.len() > SHOW_MAX) {
            self.place.set(Place::Held);
        }
        let run = Run::new(sheet.rows.iter().map(Row::is_valid), limit.unwrap_or(4));
        let tenant = validate::normalize_guid(&tenant);
        let started = js_sys::Date::now();
        let entry = self.api.journal.open(
            started,
            Kind::BulkRun,
            self.api.customer_name(&tenant),
            tenant.clone(),
            sheet_action(run.progress().total),
        );
        let b = self;
        self.api
            .journal
            .attach_file(entry, Arc::new(move || b.download_of(entry, File::Result)));
        self.run.set_value(Some(Running {
            run,
            sheet,
            stamp: session.stamp(),
            tenant,
            started,
            entry,
            charged_sends: 0,
        }));
        self.sent_text.set_value(Some(self.text.get_untracked()));
        self.charge_said.set_value(None);
        self.note.set(None);
        self.rows_changed();
        // What was typed and not yet taken counts (`token()`).
        if session.token().is_none() {
            self.wait_for_token();
            if !self.api.embedded() {
                session.ask_for_token(tr("Enter the customer's bearer token to start the run."));
            }
            return;
        }
        self.pump();
    }

    /// Requests at a time changed: also for a run going on.
    pub fn set_limit(self, typed: String) {
        if let Ok(n @ 1..=16) = typed.trim().parse::<usize>() {
            self.run.update_value(|r| {
                if let Some(r) = r {
                    r.run.set_limit(n);
                }
            });
            self.pump();
        }
        self.limit.set(typed);
    }

    /// Pause, or Resume: also after a token wait (embedded, the portal is
    /// asked again), a change in the session panel (once its customer is
    /// the run's again: the run then goes on with the session as it is), or
    /// the API out of reach (it is tried again at once).
    pub fn pause_or_resume(self) {
        match self.with_run(|r| r.phase()) {
            Some(Phase::Running) => {
                self.update_run(None, Run::pause);
            }
            Some(Phase::Paused(why)) => {
                let session = self.api.session();
                if why == Pause::Token && session.token().is_none() {
                    if self.api.embedded() {
                        self.api.ask_host();
                    }
                    return;
                }
                let tenant = self
                    .run
                    .with_value(|r| r.as_ref().map(|r| r.tenant.clone()));
                if session.tenant_id() != tenant {
                    self.update_run(None, |r| r.pause_for(Pause::Customer));
                    return;
                }
                self.run.update_value(|r| {
                    if let Some(r) = r {
                        r.stamp = session.stamp();
                    }
                });
                self.update_run(None, Run::resume);
                self.note.set(None);
                self.pump();
            }
            Some(Phase::Cancelled) | None => {}
        }
    }

    pub fn cancel(self) {
        if let Some(n) = self.update_run(None, Run::cancel) {
            self.rows_changed();
            self.note.set(Some(trf!(
                "Cancelled: {rows} not sent. The rows already sent are finishing.",
                rows = rows(n)
            )));
            self.ask_about_charges();
        }
    }

    pub fn retry_failed(self) {
        if self.update_run(None, Run::retry_failed).unwrap_or(0) > 0 {
            self.rows_changed();
            self.note.set(None);
            self.pump();
        }
    }

    /// New run: the old one is forgotten (and anything it waited for) and
    /// the sheet can be edited again.
    pub fn clear(self) {
        self.scope.supersede();
        self.log(true);
        if let Some(ended) = self.run.try_update_value(Option::take).flatten() {
            self.past.update_value(|p| p.push(ended));
        }
        self.frozen.set(false);
        self.note.set(None);
        self.rows_changed();
    }

    /// Makes `file` from the page's run as it is.
    pub fn download(self, file: File) {
        if let Some(entry) = self.run.with_value(|r| r.as_ref().map(|r| r.entry)) {
            self.download_of(entry, file);
        }
    }

    /// The run of journal entry `entry` (the page's, or one ended by New
    /// run), if the page holds it.
    fn with_entry<T>(&self, entry: u64, mut f: impl FnMut(&Running) -> T) -> Option<T> {
        self.run
            .with_value(|r| r.as_ref().filter(|r| r.entry == entry).map(&mut f))
            .or_else(|| {
                self.past
                    .with_value(|p| p.iter().find(|r| r.entry == entry).map(&mut f))
            })
    }

    /// Makes `file` of the run of journal entry `entry`, as it is, a few
    /// thousand rows at a time (the page stays responsive with 100,000),
    /// as a Blob, and downloads it through an object URL that is revoked
    /// afterwards. Each step reads that run, whatever New run did meanwhile.
    pub fn download_of(self, entry: u64, file: File) {
        if self.making.get_untracked().is_some() {
            return;
        }
        let Some(sheet) = self.with_entry(entry, |r| Arc::clone(&r.sheet)) else {
            return;
        };
        self.making.set(Some(file));
        spawn(async move {
            let parts = js_sys::Array::new();
            let mut out = String::new();
            result::header(file, &sheet, &mut out);
            let n = sheet.rows.len();
            let mut from = 0;
            loop {
                let to = n.min(from + FILE_STEP);
                self.with_entry(entry, |r| {
                    result::write(file, &sheet, Some(&r.run), from..to, &mut out)
                });
                parts.push(&wasm_bindgen::JsValue::from_str(&out));
                out.clear();
                from = to;
                if from >= n {
                    break;
                }
                gloo_timers::future::TimeoutFuture::new(0).await;
            }
            save(&parts, file.name());
            self.making.set(None);
        });
    }
}

/// Downloads the text of `parts` as a CSV file called `name`.
fn save(parts: &js_sys::Array, name: &str) {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(parts, &options) {
        crate::ui::download(name, blob.into());
    }
}
