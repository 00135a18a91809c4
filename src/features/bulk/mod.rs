//! Bulk softphone assignment (issue 9): rows from a CSV file or pasted text,
//! checked before anything is sent (`crate::bulk`), then sent a few at a
//! time with progress, pause, resume and cancel; the 402s asked about once;
//! a result file. The run and what was typed live on the app's root owner,
//! not the page's (`ui::app_state`), so the page can be left and come back
//! to while a run goes on. The page is a wasm chunk of its own, fetched when
//! first shown.

use crate::api::charges::Consent;
use crate::api::client::{use_api, Api};
use crate::api::dimensions::{self, SoftphoneAction};
use crate::api::scope::Scope;
use crate::api::ApiError;
use crate::bulk::{self, Action, Answer, Row, Run, Sheet, State};
use crate::i18n::tr;
use crate::session::Stamp;
use crate::trf;
use crate::ui::session_panel::TENANT_INPUT;
use crate::ui::{effect, focus_by_id, later, spawn};
use crate::validate;
use leptos::prelude::*;

// The page as app.rs shows it, in a chunk with all that only it uses (this
// module and `crate::bulk`).
crate::chunk_page!(bulk_page, bulk, BulkPage);

/// How often, at most, the progress and the table follow the answers.
const REFRESH_MS: i32 = 100;

/// "1 row", "2 rows".
fn rows(n: usize) -> String {
    if n == 1 {
        tr("1 row").into()
    } else {
        trf!("{n} rows", n = n)
    }
}

#[derive(Clone, Copy)]
struct Bulk {
    api: Api,
    /// The rows as pasted or read from the file.
    text: RwSignal<String>,
    /// `text` read: bumped when `sheet` changes.
    sheet_v: RwSignal<u32>,
    sheet: StoredValue<Result<Sheet, String>>,
    /// Send the valid rows and leave the others out, on purpose.
    skip_invalid: RwSignal<bool>,
    /// Requests at a time, as typed.
    limit: RwSignal<String>,
    /// Why the run could not start, or how it ended.
    note: RwSignal<Option<String>>,
    /// The run, and the rows it sends: the sheet's valid rows as they were
    /// when it started (the sheet is frozen while a run exists, and a run
    /// never reads the live sheet); `run_of[k]` is the run row of sheet row
    /// `k` (`None`: left out).
    run: StoredValue<Option<Run>>,
    rows: StoredValue<Vec<Row>>,
    run_of: StoredValue<Vec<Option<usize>>>,
    /// Set in the click's own turn by Start, cleared by New run: the sheet
    /// is frozen from the first click on.
    frozen: RwSignal<bool>,
    /// The customer and session the run was started for.
    stamp: StoredValue<Option<Stamp>>,
    tenant: StoredValue<String>,
    /// The run's requests and its waits (for a token, for the charges).
    scope: Scope,
    /// Waiting for a token (one wait at a time).
    awaiting_token: StoredValue<bool>,
    /// The question about charges is asked (one at a time).
    asking: StoredValue<bool>,
    /// `Date.now()` at the start, and rows finished since.
    started: StoredValue<f64>,
    /// The API's sentence about the charges, from the first 402.
    charge_said: StoredValue<Option<String>>,
    /// Bumped (at most every `REFRESH_MS`) when the run changes.
    tick: RwSignal<u32>,
    refresh_due: StoredValue<bool>,
}

/// The one bulk state of this tab, made on first use on the app's root
/// owner (`ui::app_state`), so that a run goes on while the page is left.
fn bulk(api: Api) -> Bulk {
    crate::ui::app_state(|| Bulk::new(api))
}

fn action_of(row: &Row) -> SoftphoneAction {
    match (row.action, row.client) {
        (Action::Assign, Some(c)) => SoftphoneAction::Assign(c),
        _ => SoftphoneAction::Unassign,
    }
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
        let b = Bulk {
            api,
            text: RwSignal::new(String::new()),
            sheet_v: RwSignal::new(0),
            sheet: StoredValue::new(Err(String::new())),
            skip_invalid: RwSignal::new(false),
            limit: RwSignal::new("4".into()),
            note: RwSignal::new(None),
            run: StoredValue::new(None),
            rows: StoredValue::new(Vec::new()),
            run_of: StoredValue::new(Vec::new()),
            frozen: RwSignal::new(false),
            stamp: StoredValue::new(None),
            tenant: StoredValue::new(String::new()),
            scope: Scope::new(),
            awaiting_token: StoredValue::new(false),
            asking: StoredValue::new(false),
            started: StoredValue::new(0.0),
            charge_said: StoredValue::new(None),
            tick: RwSignal::new(0),
            refresh_due: StoredValue::new(false),
        };
        // Read the rows as they are typed (a run keeps the text as it was).
        effect(move || {
            let parsed = b.text.with(|t| {
                if t.trim().is_empty() {
                    Err(String::new())
                } else {
                    bulk::parse(t)
                }
            });
            b.sheet.set_value(parsed);
            b.sheet_v.update(|v| *v = v.wrapping_add(1));
        });
        b
    }

    fn with_run<T>(&self, f: impl FnOnce(&Run) -> T) -> Option<T> {
        self.run.with_value(|r| r.as_ref().map(f))
    }

    fn update_run<T>(&self, f: impl FnOnce(&mut Run) -> T) -> Option<T> {
        let out = self.run.try_update_value(|r| r.as_mut().map(f)).flatten();
        self.refresh();
        out
    }

    /// Lets the view follow, now if nothing is left in flight, else soon:
    /// a thousand answers do not make a thousand renders.
    fn refresh(&self) {
        let b = *self;
        if self.with_run(Run::is_settled).unwrap_or(true) {
            self.tick.update(|t| *t = t.wrapping_add(1));
        } else if !self.refresh_due.get_value() {
            self.refresh_due.set_value(true);
            later(REFRESH_MS, move || {
                b.refresh_due.set_value(false);
                b.tick.update(|t| *t = t.wrapping_add(1));
            });
        }
    }

    /// Whether the session is still the one the run started with; if not,
    /// the run pauses and says so.
    fn same_customer(&self) -> bool {
        let same = self
            .stamp
            .with_value(|s| s.as_ref().is_some_and(|s| self.api.session().is_current(s)));
        if !same && self.with_run(|r| !r.paused) == Some(true) {
            self.update_run(Run::pause);
            self.note.set(Some(trf!(
                "The customer or the token in the session panel changed: the run for {customer} is paused, and nothing more is sent. Choose that customer again and resume, or cancel the run.",
                customer = self.api.customer_name(&self.tenant.get_value())
            )));
        }
        same
    }

    /// Sends rows until the run's limit is in flight.
    fn pump(self) {
        if self.with_run(|r| r.paused) != Some(false) || !self.same_customer() {
            return;
        }
        while let Some((i, accepted)) = self
            .run
            .try_update_value(|r| r.as_mut().and_then(Run::take_next))
            .flatten()
        {
            let Some(row) = self.rows.with_value(|rows| rows.get(i).cloned()) else {
                return;
            };
            let action = action_of(&row);
            let request = dimensions::softphone(
                &self.api.dimensions_base(),
                &self.tenant.get_value(),
                &row.user,
                &row.device,
                action,
            );
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
                    Some(Err(ApiError::ChargesApply { message, .. })) => {
                        if b.charge_said.with_value(Option::is_none) {
                            b.charge_said.set_value(message);
                        }
                        Answer::Charge
                    }
                    Some(Err(e)) if e.needs_token() => Answer::Unauthorized,
                    Some(Err(e)) => Answer::Failed(e.to_string()),
                    // The run was ended (New run) while this row was out.
                    None => return,
                };
                let paused_for_token = answer == Answer::Unauthorized;
                b.update_run(|r| r.answer(i, answer));
                if paused_for_token {
                    b.wait_for_token();
                }
                b.pump();
                b.ask_about_charges();
            });
        }
        self.ask_about_charges();
    }

    /// Paused by a missing or refused token: asks for one (embedded, the
    /// host portal; else the session panel) and goes on by itself once
    /// there is one.
    fn wait_for_token(self) {
        self.update_run(Run::wait_for_token);
        self.note.set(Some(if self.api.embedded() {
            tr("The portal's token was refused or is missing: the run is paused, and your portal was asked for a new one. The run goes on by itself when it arrives; nothing is sent twice.").into()
        } else {
            tr("The API refused the token (401): the run is paused. Enter a new token in the session panel and it goes on by itself; nothing is sent twice.").into()
        }));
        if self.awaiting_token.get_value() {
            return;
        }
        self.awaiting_token.set_value(true);
        let want = self.scope.want();
        spawn(async move {
            let token = self.api.await_token(want, None).await;
            self.awaiting_token.set_value(false);
            if token.is_some() && self.with_run(|r| r.waiting_for_token) == Some(true) {
                self.update_run(Run::resume);
                self.note.set(None);
                self.pump();
            }
        });
    }

    /// Once nothing is in flight or queued, asks once (in the queue of
    /// questions) about every row answered 402, listing them.
    fn ask_about_charges(self) {
        let Some((p, cancelled, charged)) =
            self.with_run(|r| (r.progress(), r.cancelled, r.charged()))
        else {
            return;
        };
        if p.needs_charge == 0
            || p.in_flight > 0
            || (p.queued > 0 && !cancelled)
            || self.asking.get_value()
        {
            return;
        }
        let tenant = self.tenant.get_value();
        let base = self.api.dimensions_base();
        let (words, requests): (Vec<String>, Vec<_>) = self.rows.with_value(|rows| {
            charged
                .iter()
                .map(|&i| {
                    let r = &rows[i];
                    (
                        row_words(r),
                        dimensions::softphone(&base, &tenant, &r.user, &r.device, action_of(r)),
                    )
                })
                .unzip()
        });
        let n = words.len();
        let what = crate::api::charges::What {
            kind: crate::api::journal::Kind::BulkRun,
            action: if n == 1 {
                tr("Assign or unassign 1 softphone from the bulk sheet").into()
            } else {
                trf!(
                    "Assign or unassign {n} softphones from the bulk sheet",
                    n = n
                )
            },
            customer: self.api.customer_name(&tenant),
        };
        let mut question =
            self.api
                .question(&requests[0], what, self.charge_said.get_value(), None);
        question.uncertain = words
            .iter()
            .zip(&requests)
            .filter(|(_, r)| self.api.was_unclear(r))
            .map(|(w, _)| w.clone())
            .collect();
        question.rows = words;
        if n > 1 {
            question.request = trf!(
                "{request} (and {n} more like it)",
                request = question.request,
                n = n - 1
            );
            question.body = None;
        }
        question.confirm = if n == 1 {
            tr("Accept the charges and send this row").into()
        } else {
            trf!("Accept the charges and send these {n} rows", n = n)
        };
        self.asking.set_value(true);
        let want = self.scope.want();
        spawn(async move {
            let consent = self.api.charges().ask(question, want.superseded()).await;
            self.asking.set_value(false);
            self.refresh();
            match consent {
                Consent::Accepted if self.same_customer() => {
                    self.update_run(|r| r.charges(true));
                    self.pump();
                }
                Consent::Declined => {
                    self.update_run(|r| r.charges(false));
                }
                // Asked again on Resume.
                Consent::Accepted | Consent::Withdrawn => {}
            }
        });
    }

    /// Checks and starts a run over the sheet's valid rows. The sheet is
    /// frozen from this click on: a second click, or a file read finishing
    /// later, changes nothing.
    fn start(self) {
        if self.frozen.get_untracked() || self.run.with_value(Option::is_some) {
            return;
        }
        let session = self.api.session();
        session.tenant_touched.set(true);
        let tenant = session.tenant.get_untracked();
        let limit = self
            .limit
            .with_untracked(|l| l.trim().parse::<usize>().ok());
        let problem = self.sheet.with_value(|s| match s {
            _ if !validate::is_guid(&tenant) => {
                Some(tr("Choose the customer in the session panel first.").to_string())
            }
            Err(e) if e.is_empty() => Some(tr("Paste rows or choose a CSV file first.").into()),
            Err(e) => Some(e.clone()),
            Ok(s) => {
                let bad = s.rows.iter().filter(|r| !r.is_valid()).count();
                if bad == s.rows.len() {
                    Some(tr("No row can be sent: fix the rows marked in the table.").into())
                } else if bad > 0 && !self.skip_invalid.get_untracked() {
                    Some(trf!("{rows} with errors: fix them, or tick \u{201c}Leave out the rows with errors\u{201d} to send the others.", rows = rows(bad)))
                } else if !matches!(limit, Some(1..=16)) {
                    Some(tr("Requests at a time: a whole number from 1 to 16.").into())
                } else {
                    None
                }
            }
        });
        if let Some(p) = problem {
            self.note.set(Some(p));
            if !validate::is_guid(&tenant) {
                focus_by_id(TENANT_INPUT);
            }
            return;
        }
        self.frozen.set(true);
        let (rows, run_of) = self.sheet.with_value(|s| {
            let s = s.as_ref().expect("checked above");
            let mut rows = Vec::new();
            let run_of = s
                .rows
                .iter()
                .map(|r| {
                    r.is_valid().then(|| {
                        rows.push(r.clone());
                        rows.len() - 1
                    })
                })
                .collect();
            (rows, run_of)
        });
        self.tenant.set_value(validate::normalize_guid(&tenant));
        self.stamp.set_value(Some(session.stamp()));
        self.run
            .set_value(Some(Run::new(rows.len(), limit.unwrap_or(4))));
        self.rows.set_value(rows);
        self.run_of.set_value(run_of);
        self.started.set_value(js_sys::Date::now());
        self.charge_said.set_value(None);
        self.note.set(None);
        self.refresh();
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

    /// Pause, or Resume: also after a token wait (embedded, the portal is
    /// asked again) or a change in the session panel (once its customer is
    /// the run's again: the run then goes on with the session as it is).
    fn pause_or_resume(self) {
        match self.with_run(|r| (r.paused, r.waiting_for_token)) {
            Some((false, _)) => {
                self.update_run(Run::pause);
            }
            Some((true, waiting)) => {
                let session = self.api.session();
                if waiting && session.token().is_none() {
                    if self.api.embedded() {
                        self.api.ask_host();
                    }
                    return;
                }
                if session.tenant_id().as_deref() != Some(self.tenant.get_value().as_str()) {
                    self.same_customer();
                    return;
                }
                self.stamp.set_value(Some(session.stamp()));
                self.update_run(Run::resume);
                self.note.set(None);
                self.pump();
            }
            None => {}
        }
    }

    /// New run: the old one is forgotten (and anything it waited for) and
    /// the sheet can be edited again.
    fn clear(self) {
        self.scope.supersede();
        self.run.set_value(None);
        self.rows.set_value(Vec::new());
        self.run_of.set_value(Vec::new());
        self.stamp.set_value(None);
        self.frozen.set(false);
        self.note.set(None);
        self.refresh();
    }

    /// The outcome of sheet row `k`, as the table shows it.
    fn outcome(&self, k: usize) -> String {
        let i = self.run_of.with_value(|r| r.get(k).copied());
        match i {
            None => String::new(),
            Some(None) => tr("left out").into(),
            Some(Some(i)) => self
                .with_run(|r| match &r.states[i] {
                    State::Queued => tr("waiting").into(),
                    State::InFlight => tr("sending\u{2026}").into(),
                    State::Done => tr("done").into(),
                    State::Moved(c) => trf!("moved (was {client})", client = c.label()),
                    State::Failed(why) => trf!("failed: {reason}", reason = why),
                    State::NeedsCharge => tr("needs charge (402)").into(),
                    State::NotSent => tr("not sent").into(),
                })
                .unwrap_or_default(),
        }
    }

    /// The result file, as a `data:` URL for a download link.
    fn result_url(&self) -> String {
        let csv = self.sheet.with_value(|s| {
            let Ok(s) = s else { return String::new() };
            let outcomes: Vec<(usize, State)> = self.rows.with_value(|rows| {
                self.with_run(|r| {
                    rows.iter()
                        .zip(&r.states)
                        .map(|(row, st)| (row.number, st.clone()))
                        .collect()
                })
                .unwrap_or_default()
            });
            bulk::result_csv(s, &outcomes)
        });
        // A byte-order mark, so that spreadsheets read it as UTF-8.
        format!(
            "data:text/csv;charset=utf-8,{}",
            js_sys::encode_uri_component(&format!("\u{feff}{csv}"))
        )
    }
}

#[component]
pub fn BulkPage() -> impl IntoView {
    let b = bulk(use_api());
    let running = move || {
        b.tick.track();
        b.with_run(|r| !r.is_settled()).unwrap_or(false)
    };
    let has_run = move || {
        b.tick.track();
        b.with_run(|_| ()).is_some()
    };
    // The outcome column: one effect writes the cells whose text is not
    // the row's outcome (compared with the cell itself, so rows drawn
    // again after an edit are filled whenever they appear), rather than a
    // reactive closure per row. A thousand closures on the run's tick cost
    // a thousand calls per refresh, and rows drawn again after each edit
    // of the text kept theirs alive: after 100 edits a refresh took 330 ms.
    effect(move || {
        b.tick.track();
        b.sheet_v.track();
        // After the rows of this version are drawn.
        later(0, move || {
            let rows = b
                .sheet
                .with_value(|s| s.as_ref().map_or(0, |s| s.rows.len()));
            let doc = document();
            for k in 0..rows {
                let Some(cell) = doc.get_element_by_id(&format!("bulk-o-{k}")) else {
                    continue;
                };
                let now = b.outcome(k);
                if cell.text_content().as_deref() != Some(now.as_str()) {
                    cell.set_text_content(Some(&now));
                }
            }
        });
    });
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        spawn(async move {
            let read = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            // Started meanwhile: the run's rows are the ones that were
            // checked and shown, not this file's.
            if b.frozen.get_untracked() {
                b.note.set(Some(trf!(
                    "The file \u{201c}{name}\u{201d} was not loaded: a run had started. Choose it again after the run (New run).",
                    name = file.name()
                )));
                return;
            }
            match read {
                Ok(t) => b.text.set(t.as_string().unwrap_or_default()),
                Err(_) => b.note.set(Some(trf!(
                    "The file \u{201c}{name}\u{201d} could not be read.",
                    name = file.name()
                ))),
            }
        });
    };

    view! {
        <section class="card" aria-labelledby="bulk-title">
            <h1 id="bulk-title">{tr("Bulk assignment")}</h1>
            <p class="lead">
                {tr("Assign or unassign many softphones at once for the customer in the session panel. Nothing is sent until you start the run.")}
            </p>
            <div class="form">
                <div class="field">
                    <label for="bulk-file">{tr("CSV file")}</label>
                    <p class="hint" id="bulk-file-hint">{tr("Columns userId, deviceId, clientType and, optionally, action (assign or unassign); a header row is optional; separated by , or ;.")}</p>
                    <input id="bulk-file" type="file" accept=".csv,text/csv,text/plain" aria-describedby="bulk-file-hint" disabled=move || b.frozen.get() on:change=on_file />
                </div>
                <div class="field">
                    <label for="bulk-text">{tr("Or paste the rows")}</label>
                    <textarea
                        id="bulk-text"
                        rows="6"
                        spellcheck="false"
                        readonly=move || b.frozen.get()
                        prop:value=move || b.text.get()
                        on:input=move |ev| {
                            if !b.frozen.get_untracked() {
                                b.text.set(event_target_value(&ev));
                            }
                        }
                    ></textarea>
                </div>
                {move || {
                    b.sheet_v.track();
                    b.sheet.with_value(|s| match s {
                        Err(e) if !e.is_empty() => Some(view! { <p class="message error" role="alert">{e.clone()}</p> }.into_any()),
                        Ok(s) => {
                            let bad = s.rows.iter().filter(|r| !r.is_valid()).count();
                            Some(view! {
                                <p class="note" role="status">{trf!(
                                    "{rows} read: {ready} ready, {bad} with errors.",
                                    rows = rows(s.rows.len()),
                                    ready = s.rows.len() - bad,
                                    bad = bad
                                )}</p>
                                <label class="check" hidden=bad == 0>
                                    <input type="checkbox" prop:checked=move || b.skip_invalid.get() on:change=move |ev| b.skip_invalid.set(event_target_checked(&ev)) />
                                    {tr(" Leave out the rows with errors")}
                                </label>
                            }.into_any())
                        }
                        _ => None,
                    })
                }}
                <div class="field narrow">
                    <label for="bulk-limit">{tr("Requests at a time")}</label>
                    <input id="bulk-limit" type="number" min="1" max="16" inputmode="numeric"
                        prop:value=move || b.limit.get()
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            // Also for a run going on.
                            if let Ok(n @ 1..=16) = v.trim().parse::<usize>() {
                                b.run.update_value(|r| if let Some(r) = r { r.limit = n });
                                b.pump();
                            }
                            b.limit.set(v);
                        } />
                </div>
                <div class="actions">
                    {move || if has_run() {
                        view! {
                            <button type="button" class="button" hidden=move || !running()
                                on:click=move |_| b.pause_or_resume()>
                                {move || { b.tick.track(); if b.with_run(|r| r.paused) == Some(true) { tr("Resume") } else { tr("Pause") } }}
                            </button>
                            <button type="button" class="button danger" hidden=move || !running()
                                on:click=move |_| {
                                    if let Some(n) = b.update_run(Run::cancel) {
                                        b.note.set(Some(trf!("Cancelled: {rows} not sent. The rows already sent are finishing.", rows = rows(n))));
                                    }
                                }>{tr("Cancel")}</button>
                            <button type="button" class="button" hidden=move || running() || b.with_run(|r| r.progress().failed == 0).unwrap_or(true)
                                on:click=move |_| {
                                    if b.update_run(Run::retry_failed).unwrap_or(0) > 0 {
                                        b.note.set(None);
                                        b.pump();
                                    }
                                }>{tr("Retry failed rows")}</button>
                            <a class="button" hidden=running download="switchboard-bulk-result.csv" href=move || { b.tick.track(); b.result_url() }>{tr("Download the result (CSV)")}</a>
                            <button type="button" class="button" hidden=running
                                on:click=move |_| b.clear()>{tr("New run")}</button>
                        }.into_any()
                    } else {
                        view! { <button type="button" class="button primary" disabled=move || b.frozen.get() on:click=move |_| b.start()>{tr("Start the run")}</button> }.into_any()
                    }}
                </div>
                <p class="message" role="status" hidden=move || b.note.with(Option::is_none)>{move || b.note.get()}</p>
                {move || progress_view(b)}
            </div>
        </section>
        {move || {
            b.sheet_v.track();
            b.sheet.with_value(|s| s.as_ref().ok().map(rows_view))
        }}
    }
}

fn progress_view(b: Bulk) -> Option<impl IntoView> {
    b.tick.track();
    let (p, cancelled) = b.with_run(|r| (r.progress(), r.cancelled))?;
    let finished = p.done + p.failed + p.not_sent;
    let (rate, left) = bulk::pace(
        p.done + p.failed,
        p.queued + p.in_flight,
        js_sys::Date::now() - b.started.get_value(),
    );
    let mut line = trf!(
        "{finished} of {total} finished: {done} done, {failed} failed",
        finished = finished,
        total = rows(p.total),
        done = p.done,
        failed = p.failed
    );
    if p.not_sent > 0 {
        line.push_str(&trf!(", {n} not sent", n = p.not_sent));
    }
    if p.needs_charge > 0 {
        line.push_str(&trf!(
            ", {n} not carried out because of charges",
            n = p.needs_charge
        ));
    }
    if p.queued + p.in_flight > 0 && rate > 0.0 {
        // Whole numbers: formatting a float would add its own code.
        line.push_str(&trf!(
            "; {rate} rows/s, about {left} s left",
            rate = rate.round() as u64,
            left = left.unwrap_or(0.0).ceil() as u64
        ));
    }
    let ask = p.needs_charge > 0 && p.in_flight == 0 && p.queued == 0 && !cancelled;
    let said = b.charge_said.get_value().unwrap_or_default();
    let asking = b.asking.get_value();
    Some(view! {
        <div class="progress">
            <progress id="bulk-progress" max=p.total value=finished aria-label=tr("Rows finished")></progress>
            <p role="status">{line}</p>
            {ask.then(|| view! {
                <div class="outcome warning" role="alert">
                    <p><strong>{if p.needs_charge == 1 {
                        tr("1 row not carried out: the API says it adds charges to the bill (402).").to_string()
                    } else {
                        trf!("{n} rows not carried out: the API says they add charges to the bill (402).", n = p.needs_charge)
                    }}</strong></p>
                    <p hidden=said.is_empty()>{said.clone()}</p>
                    <p>{tr("You are asked about them in one question, which lists them.")}</p>
                    <div class="actions" hidden=asking>
                        <button type="button" class="button" on:click=move |_| b.ask_about_charges()>
                            {tr("Ask about the charges again")}
                        </button>
                    </div>
                </div>
            })}
        </div>
    })
}

/// The rows and their outcomes. Not a `<table>`: a table lays itself out
/// again whole when one cell's text changes, which during a 1000-row run
/// (outcomes changing every 100 ms) took 100 ms and more a time. Each row
/// is a grid of its own, so a change lays out one row, and rows off screen
/// are skipped (`content-visibility`); the ARIA roles keep it a table.
fn rows_view(s: &Sheet) -> impl IntoView {
    view! {
        <section class="card">
            <h2 id="bulk-rows-title">{tr("Rows")}</h2>
            // Focusable, so that a keyboard can scroll rows wider than the
            // screen.
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="bulk-rows-title">
                <div class="rows" role="table" aria-labelledby="bulk-rows-title">
                    <div role="rowgroup">
                        <div class="row head" role="row">
                            <span role="columnheader">{tr("Row")}</span>
                            <span role="columnheader">{tr("User")}</span>
                            <span role="columnheader">{tr("Device")}</span>
                            <span role="columnheader">{tr("Client type")}</span>
                            <span role="columnheader">{tr("Action")}</span>
                            <span role="columnheader">{tr("Check")}</span>
                            <span role="columnheader">{tr("Outcome")}</span>
                        </div>
                    </div>
                    <div role="rowgroup" class="body">
                        {s.rows.iter().enumerate().map(|(k, r)| {
                            let check = if r.is_valid() {
                                r.warning.clone().unwrap_or_else(|| "OK".into())
                            } else {
                                r.errors.join(" ")
                            };
                            view! {
                                <div class="row" role="row" class:invalid=!r.is_valid()>
                                    <span role="cell">{r.number}</span>
                                    <span role="cell">{r.user.clone()}</span>
                                    <span role="cell">{r.device.clone()}</span>
                                    <span role="cell">{r.client.map_or("", |c| c.wire())}</span>
                                    <span role="cell">{if r.action == Action::Assign { tr("assign") } else { tr("unassign") }}</span>
                                    <span role="cell">{check}</span>
                                    <span role="cell" id=format!("bulk-o-{k}")></span>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </div>
            </div>
        </section>
    }
}
