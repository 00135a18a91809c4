//! Bulk softphone assignment from a spreadsheet (issue 9), the pure part:
//! reading the rows (CSV with `,` or `;`, a header or none, a byte-order
//! mark), checking each like the single form, flagging duplicates; the run
//! (a bounded number in flight, pause, resume, cancel, a 401 that pauses,
//! the 402s asked about once, retrying the failed rows); and the result
//! file. Tested natively; the page is `features/bulk`.
//!
//! CSV is read and written with `csv-core` (the core of the `csv` crate,
//! without serde): quotes, doubled quotes and line breaks inside quotes are
//! its business, not ours.

use crate::api::dimensions::ClientType;
use crate::i18n::tr;
use crate::trf;
use crate::validate;
use csv_core::{ReadFieldResult, ReaderBuilder};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Assign,
    Unassign,
}

/// One row of the file, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The row's number in the sheet, 1 for the first, the header counted
    /// (as a spreadsheet numbers them); an empty line is not a row.
    pub number: usize,
    pub user: String,
    pub device: String,
    pub client: Option<ClientType>,
    pub action: Action,
    /// Why the row cannot be sent; empty when it can.
    pub errors: Vec<String>,
    /// Sent all the same (an odd-looking device id).
    pub warning: Option<String>,
}

impl Row {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

/// The file as read: its rows, and how it was read.
#[derive(Debug, PartialEq)]
pub struct Sheet {
    pub rows: Vec<Row>,
    pub delimiter: u8,
    pub header: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Column {
    User,
    Device,
    Client,
    Action,
}

const NO_HEADER: [Column; 4] = [Column::User, Column::Device, Column::Client, Column::Action];

fn column(name: &str) -> Option<Column> {
    let n: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    match n.as_str() {
        "userid" | "user" => Some(Column::User),
        "deviceid" | "device" => Some(Column::Device),
        "clienttype" | "client" | "type" => Some(Column::Client),
        "action" => Some(Column::Action),
        _ => None,
    }
}

/// `;` when the first line has more semicolons than commas outside quotes
/// (as spreadsheets with a decimal comma export), else `,`.
fn guess_delimiter(text: &str) -> u8 {
    let (mut semi, mut comma, mut quoted) = (0, 0, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ';' if !quoted => semi += 1,
            ',' if !quoted => comma += 1,
            _ => {}
        }
    }
    if semi > comma {
        b';'
    } else {
        b','
    }
}

/// The records of `text`, each a list of fields, with csv-core.
fn records(text: &str, delimiter: u8) -> Vec<Vec<String>> {
    let mut reader = ReaderBuilder::new().delimiter(delimiter).build();
    let mut input = text.as_bytes();
    let mut out = [0u8; 1024];
    let (mut field, mut record, mut all) = (Vec::new(), Vec::new(), Vec::new());
    loop {
        let (result, nin, nout) = reader.read_field(input, &mut out);
        input = &input[nin..];
        field.extend_from_slice(&out[..nout]);
        match result {
            // All of the text was given at once: an empty slice says so.
            ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull => {}
            ReadFieldResult::Field { record_end } => {
                record.push(String::from_utf8_lossy(&field).into_owned());
                field.clear();
                if record_end {
                    all.push(std::mem::take(&mut record));
                }
            }
            ReadFieldResult::End => return all,
        }
    }
}

/// Reads and checks a pasted or uploaded sheet: `userId,deviceId,clientType`
/// and an optional `action` (assign or unassign), with a header row (columns
/// in any order) or without (in that order). `Err` when there is nothing to
/// read or the header names an unknown column.
pub fn parse(text: &str) -> Result<Sheet, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = guess_delimiter(text);
    let mut recs = records(text, delimiter)
        .into_iter()
        .enumerate()
        .filter(|(_, r)| {
            // Blank lines (and lines of empty fields) are not rows.
            r.iter().any(|f| !f.trim().is_empty())
        });
    let Some((first_at, first)) = recs.next() else {
        return Err(
            tr("There are no rows: paste or upload userId,deviceId,clientType lines.").into(),
        );
    };
    let header = !validate::is_guid(&first[0]) && first.iter().any(|f| column(f).is_some());
    let columns: Vec<Column> = if header {
        let mut cols = Vec::new();
        for f in &first {
            match column(f) {
                Some(c) if !cols.contains(&c) => cols.push(c),
                Some(_) => {
                    return Err(trf!(
                        "The header names \u{201c}{column}\u{201d} twice.",
                        column = f.trim()
                    ))
                }
                None => {
                    return Err(trf!(
                        "The header has a column \u{201c}{column}\u{201d}; the columns are userId, deviceId, clientType and action.",
                        column = f.trim()
                    ))
                }
            }
        }
        for needed in [Column::User, Column::Device] {
            if !cols.contains(&needed) {
                return Err(tr("The header needs the columns userId and deviceId.").into());
            }
        }
        cols
    } else {
        NO_HEADER.to_vec()
    };
    let body: Vec<(usize, Vec<String>)> = if header {
        recs.collect()
    } else {
        std::iter::once((first_at, first)).chain(recs).collect()
    };
    let mut rows: Vec<Row> = Vec::new();
    for (at, fields) in body {
        let get = |c: Column| {
            columns
                .iter()
                .position(|x| *x == c)
                .and_then(|i| fields.get(i))
                .map(|f| f.trim().to_string())
                .unwrap_or_default()
        };
        let mut row = Row {
            number: at + 1,
            user: validate::normalize_guid(&get(Column::User)),
            device: get(Column::Device),
            client: None,
            action: Action::Assign,
            errors: Vec::new(),
            warning: None,
        };
        if fields.len() > columns.len() {
            row.errors.push(trf!(
                "{count} fields; expected at most {max}.",
                count = fields.len(),
                max = columns.len()
            ));
        }
        if let Err(e) = validate::guid(&row.user, tr("the user id")) {
            row.errors.push(e);
        }
        match validate::device_id(&row.device) {
            Err(e) => row.errors.push(e),
            Ok(w) => row.warning = w,
        }
        let action = get(Column::Action);
        match action.to_ascii_lowercase().as_str() {
            "" | "assign" => {}
            "unassign" => row.action = Action::Unassign,
            _ => row.errors.push(trf!(
                "The action must be assign or unassign, not \u{201c}{action}\u{201d}.",
                action = action
            )),
        }
        let client = get(Column::Client);
        row.client = ClientType::from_wire(&client);
        if row.client.is_none() && (!client.is_empty() || row.action == Action::Assign) {
            row.errors.push(if client.is_empty() {
                tr("Give the client type: desktop, mobile, webrtc or crm.").into()
            } else {
                trf!(
                    "The client type must be desktop, mobile, webrtc or crm, not \u{201c}{client}\u{201d}.",
                    client = client
                )
            });
        }
        // The same user and device twice: only the first is sent.
        if let Some(first) = rows.iter().find(|r| {
            r.user.eq_ignore_ascii_case(&row.user) && r.device.eq_ignore_ascii_case(&row.device)
        }) {
            row.errors.push(trf!(
                "The same user and device as row {row}.",
                row = first.number
            ));
        }
        rows.push(row);
    }
    Ok(Sheet {
        rows,
        delimiter,
        header,
    })
}

// ---- The run ----

/// Where a row of a run stands.
#[derive(Clone, Debug, PartialEq)]
pub enum State {
    Queued,
    InFlight,
    Done,
    /// Done, and the device left the client type it served before (known
    /// from an assignment made earlier in this tab: the API does not say).
    Moved(ClientType),
    Failed(String),
    /// Answered 402: waits for the one question about charges.
    NeedsCharge,
    /// Cancelled before it was sent.
    NotSent,
}

/// How a sent row came back.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    Done,
    Moved(ClientType),
    Failed(String),
    /// 402: not carried out.
    Charge,
    /// 401: not carried out; the run pauses until there is a token.
    Unauthorized,
}

/// A run over the valid rows of a sheet: at most `limit` in flight.
#[derive(Clone, Debug)]
pub struct Run {
    pub states: Vec<State>,
    /// Rows the person agreed to be charged for: their next send goes with
    /// `accept-charges: true`, and only that one (consent is for one send).
    pub consent: Vec<bool>,
    pub limit: usize,
    pub paused: bool,
    /// Paused by a 401: resumes when a token is there.
    pub waiting_for_token: bool,
    pub cancelled: bool,
}

/// Counts for the progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Progress {
    pub total: usize,
    pub done: usize,
    pub failed: usize,
    pub in_flight: usize,
    pub queued: usize,
    pub needs_charge: usize,
    pub not_sent: usize,
}

impl Run {
    pub fn new(rows: usize, limit: usize) -> Run {
        Run {
            states: vec![State::Queued; rows],
            consent: vec![false; rows],
            limit: limit.clamp(1, 16),
            paused: false,
            waiting_for_token: false,
            cancelled: false,
        }
    }

    /// The next row to send now, marked in flight, and whether the person
    /// agreed to its charges for this send (the agreement is used up);
    /// `None` when paused, cancelled, at the limit, or nothing is queued.
    pub fn take_next(&mut self) -> Option<(usize, bool)> {
        if self.paused || self.cancelled || self.progress().in_flight >= self.limit {
            return None;
        }
        let i = self.states.iter().position(|s| *s == State::Queued)?;
        self.states[i] = State::InFlight;
        Some((i, std::mem::take(&mut self.consent[i])))
    }

    /// Records a row's answer. A 401 puts it back in the queue (it was not
    /// carried out) and pauses the run: nothing is sent twice, nothing lost.
    pub fn answer(&mut self, i: usize, answer: Answer) {
        self.states[i] = match answer {
            Answer::Done => State::Done,
            Answer::Moved(from) => State::Moved(from),
            Answer::Failed(why) => State::Failed(why),
            Answer::Charge => State::NeedsCharge,
            Answer::Unauthorized => {
                self.paused = true;
                self.waiting_for_token = true;
                State::Queued
            }
        };
    }

    pub fn pause(&mut self) {
        self.paused = true;
    }

    /// Waits for a token, as after a 401 (a run started without one).
    pub fn wait_for_token(&mut self) {
        self.paused = true;
        self.waiting_for_token = true;
    }

    /// Goes on (also after a 401, once a token was entered).
    pub fn resume(&mut self) {
        self.paused = false;
        self.waiting_for_token = false;
    }

    /// Sends nothing new; the rows in flight finish, and the 402 rows stay
    /// not carried out. Returns how many rows were not sent.
    pub fn cancel(&mut self) -> usize {
        self.cancelled = true;
        let mut n = 0;
        for s in &mut self.states {
            if *s == State::Queued {
                *s = State::NotSent;
                n += 1;
            }
        }
        n
    }

    /// The rows waiting for the question about charges.
    pub fn charged(&self) -> Vec<usize> {
        (0..self.states.len())
            .filter(|&i| self.states[i] == State::NeedsCharge)
            .collect()
    }

    /// The person agreed to the charges: the 402 rows go again, once, with
    /// `accept-charges: true`; or declined: they fail with that reason.
    pub fn charges(&mut self, accept: bool) {
        for (s, acc) in self.states.iter_mut().zip(&mut self.consent) {
            if *s == State::NeedsCharge {
                if accept {
                    *s = State::Queued;
                    *acc = true;
                } else {
                    *s = State::Failed(tr("You declined the additional charges.").into());
                }
            }
        }
    }

    /// Queues the failed rows again, without consent to charges: a row
    /// answered 402 again is asked about again. Returns how many.
    pub fn retry_failed(&mut self) -> usize {
        self.cancelled = false;
        let mut n = 0;
        for s in &mut self.states {
            if matches!(s, State::Failed(_)) {
                *s = State::Queued;
                n += 1;
            }
        }
        n
    }

    pub fn progress(&self) -> Progress {
        let mut p = Progress {
            total: self.states.len(),
            ..Progress::default()
        };
        for s in &self.states {
            match s {
                State::Queued => p.queued += 1,
                State::InFlight => p.in_flight += 1,
                State::Done | State::Moved(_) => p.done += 1,
                State::Failed(_) => p.failed += 1,
                State::NeedsCharge => p.needs_charge += 1,
                State::NotSent => p.not_sent += 1,
            }
        }
        p
    }

    /// Nothing in flight and nothing more will be sent without a question
    /// (charges) or a decision (retry).
    pub fn is_settled(&self) -> bool {
        let p = self.progress();
        p.in_flight == 0 && (p.queued == 0 || self.cancelled)
    }
}

/// Rows per second so far, and the time left in seconds at that pace.
pub fn pace(finished: usize, left: usize, elapsed_ms: f64) -> (f64, Option<f64>) {
    if finished == 0 || elapsed_ms <= 0.0 {
        return (0.0, None);
    }
    let rate = finished as f64 * 1000.0 / elapsed_ms;
    (rate, Some(left as f64 / rate))
}

// ---- The result file ----

/// A spreadsheet cell that starts like a formula (`=`, `+`, `-`, `@`) is
/// prefixed with `'`, so that a server's message cannot become a formula
/// when the result is opened.
fn inert(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// The result file: every row of the sheet with its outcome, as CSV with
/// the sheet's delimiter (`outcome` is done, moved, failed, needs charge,
/// not sent or excluded; `detail` says why).
pub fn result_csv(sheet: &Sheet, outcomes: &[(usize, State)]) -> String {
    // Written here rather than with csv-core's writer: that one decides
    // whether to quote by trying to read a field as a number, which links
    // the float parser (measured: +5 KB brotli of wasm). The rule is
    // RFC 4180's: a field with the delimiter, a quote or a line break is
    // quoted, its quotes doubled; lines end with CRLF.
    let delimiter = sheet.delimiter as char;
    let mut out = String::new();
    let record = |fields: &[&str], out: &mut String| {
        for (k, f) in fields.iter().enumerate() {
            if k > 0 {
                out.push(delimiter);
            }
            if f.contains([delimiter, '"', '\n', '\r']) {
                out.push('"');
                out.push_str(&f.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(f);
            }
        }
        out.push_str("\r\n");
    };
    record(
        &[
            "row",
            "userId",
            "deviceId",
            "clientType",
            "action",
            "outcome",
            "detail",
        ],
        &mut out,
    );
    for row in &sheet.rows {
        let state = outcomes
            .iter()
            .find(|(n, _)| *n == row.number)
            .map(|(_, s)| s);
        let (outcome, detail) = match (row.is_valid(), state) {
            (false, _) => ("excluded", row.errors.join(" ")),
            (true, Some(State::Done)) => ("done", String::new()),
            (true, Some(State::Moved(from))) => (
                "moved",
                trf!(
                    "It was the {client} softphone; a device serves one client type at a time.",
                    client = from.label()
                ),
            ),
            (true, Some(State::Failed(why))) => ("failed", why.clone()),
            (true, Some(State::NeedsCharge)) => (
                "needs charge",
                tr("Not carried out: charges apply (402).").into(),
            ),
            (true, Some(State::NotSent)) => ("not sent", tr("The run was cancelled first.").into()),
            (true, _) => ("not sent", String::new()),
        };
        let number = row.number.to_string();
        let action = match row.action {
            Action::Assign => "assign",
            Action::Unassign => "unassign",
        };
        let detail = inert(&detail);
        record(
            &[
                &number,
                &inert(&row.user),
                &inert(&row.device),
                row.client.map_or("", ClientType::wire),
                action,
                outcome,
                &detail,
            ],
            &mut out,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const U1: &str = "11111111-0000-4000-8000-000000000001";
    const U2: &str = "11111111-0000-4000-8000-000000000002";
    const D1: &str = "5eed0000000000000000000000001011";
    const D2: &str = "5eed0000000000000000000000001021";

    fn ok(sheet: &Sheet) -> Vec<(&str, &str, Option<ClientType>, Action)> {
        sheet
            .rows
            .iter()
            .map(|r| {
                assert!(r.is_valid(), "row {}: {:?}", r.number, r.errors);
                (r.user.as_str(), r.device.as_str(), r.client, r.action)
            })
            .collect()
    }

    #[test]
    fn commas_without_a_header() {
        let s = parse(&format!("{U1},{D1},desktop\n{U2},{D2},Mobile,unassign\n")).unwrap();
        assert_eq!((s.delimiter, s.header), (b',', false));
        assert_eq!(
            ok(&s),
            [
                (U1, D1, Some(ClientType::Desktop), Action::Assign),
                (U2, D2, Some(ClientType::Mobile), Action::Unassign)
            ]
        );
        assert_eq!((s.rows[0].number, s.rows[1].number), (1, 2));
    }

    #[test]
    fn semicolons_a_header_in_any_order_a_bom_and_crlf() {
        let text = format!(
            "\u{feff}Action;Client Type;Device ID;User ID\r\nassign;webrtc;{D1};{U1}\r\n\r\nUNASSIGN;;{D2};{{{U2}}}\r\n"
        );
        let s = parse(&text).unwrap();
        assert_eq!((s.delimiter, s.header), (b';', true));
        assert_eq!(
            ok(&s),
            [
                (U1, D1, Some(ClientType::Webrtc), Action::Assign),
                (U2, D2, None, Action::Unassign)
            ]
        );
        // Numbers count the header, not the empty line.
        assert_eq!((s.rows[0].number, s.rows[1].number), (2, 3));
    }

    #[test]
    fn quotes_as_spreadsheets_write_them() {
        let text = format!("userId,deviceId,clientType\n\"{U1}\",\"{D1}\",\"crm\"\n{U2},\"desk, \"\"blue\"\"\nphone\",desktop\n");
        let s = parse(&text).unwrap();
        assert!(s.rows[0].is_valid());
        assert_eq!(s.rows[1].device, "desk, \"blue\"\nphone");
        // An odd device id warns, as in the single form, but is sent.
        assert!(s.rows[1].is_valid());
        assert!(s.rows[1]
            .warning
            .as_deref()
            .unwrap()
            .contains("does not look like a Kazoo device id"));
    }

    #[test]
    fn bad_rows_say_what_is_wrong_and_duplicates_are_flagged() {
        let text = format!(
            "{U1},{D1},desktop\nnot-a-guid,,laptop\n{U2},{D2}\n{U2},{D2},mobile,assign,extra\n{U1},{D1},mobile\n{U1},{D2},crm,remove\n"
        );
        let s = parse(&text).unwrap();
        let errors: Vec<String> = s.rows.iter().map(|r| r.errors.join(" | ")).collect();
        assert_eq!(errors[0], "");
        assert!(
            errors[1].contains("user id must be a GUID"),
            "{}",
            errors[1]
        );
        assert!(errors[1].contains("Enter the device id"), "{}", errors[1]);
        assert!(
            errors[1].contains("not \u{201c}laptop\u{201d}"),
            "{}",
            errors[1]
        );
        assert!(errors[2].contains("Give the client type"), "{}", errors[2]);
        assert!(
            errors[3].contains("5 fields; expected at most 4"),
            "{}",
            errors[3]
        );
        assert!(
            errors[3].contains("same user and device as row 3"),
            "{}",
            errors[3]
        );
        assert!(
            errors[4].contains("same user and device as row 1"),
            "{}",
            errors[4]
        );
        assert!(
            errors[5].contains("assign or unassign, not \u{201c}remove\u{201d}"),
            "{}",
            errors[5]
        );
    }

    #[test]
    fn files_that_cannot_be_read() {
        assert!(parse("").unwrap_err().contains("no rows"));
        assert!(parse("\u{feff}\n \n,,\n").unwrap_err().contains("no rows"));
        assert!(parse("userId,deviceId,colour\n")
            .unwrap_err()
            .contains("\u{201c}colour\u{201d}"));
        assert!(parse("userId,clientType\n")
            .unwrap_err()
            .contains("userId and deviceId"));
        assert!(parse("userId,user,deviceId\n")
            .unwrap_err()
            .contains("twice"));
    }

    #[test]
    fn a_run_keeps_its_limit_pauses_resumes_and_cancels() {
        let mut run = Run::new(6, 2);
        assert_eq!(
            (run.take_next(), run.take_next(), run.take_next()),
            (Some((0, false)), Some((1, false)), None)
        );
        run.answer(0, Answer::Moved(ClientType::Crm));
        assert_eq!(run.take_next(), Some((2, false)));
        run.pause();
        run.answer(1, Answer::Failed("Device not found".into()));
        assert_eq!(run.take_next(), None, "paused");
        run.resume();
        assert_eq!(run.take_next(), Some((3, false)));
        let p = run.progress();
        assert_eq!((p.done, p.failed, p.in_flight, p.queued), (1, 1, 2, 2));
        // Cancel: nothing new; the two in flight finish; two were not sent.
        assert_eq!(run.cancel(), 2);
        assert_eq!(run.take_next(), None);
        assert!(!run.is_settled());
        run.answer(2, Answer::Done);
        run.answer(3, Answer::Done);
        assert!(run.is_settled());
        assert_eq!(run.progress().not_sent, 2);
        // Retry the failed row.
        assert_eq!(run.retry_failed(), 1);
        assert_eq!(run.take_next(), Some((1, false)));
    }

    #[test]
    fn a_cancel_leaves_the_402_rows_not_carried_out_and_counts_the_unsent() {
        let mut run = Run::new(3, 1);
        run.take_next();
        run.answer(0, Answer::Charge);
        assert_eq!(run.cancel(), 2);
        assert_eq!(run.states[0], State::NeedsCharge);
        assert_eq!(run.progress().not_sent, 2);
    }

    #[test]
    fn a_401_pauses_and_nothing_is_sent_twice() {
        let mut run = Run::new(3, 3);
        let sent: Vec<usize> = std::iter::from_fn(|| run.take_next().map(|t| t.0)).collect();
        assert_eq!(sent, [0, 1, 2]);
        run.answer(0, Answer::Done);
        run.answer(1, Answer::Unauthorized);
        run.answer(2, Answer::Unauthorized);
        assert!(run.paused && run.waiting_for_token);
        assert_eq!(run.take_next(), None);
        run.resume();
        let again: Vec<usize> = std::iter::from_fn(|| run.take_next().map(|t| t.0)).collect();
        assert_eq!(again, [1, 2], "the done row is not sent again");
    }

    #[test]
    fn charges_are_asked_once_for_all_the_402_rows() {
        let mut run = Run::new(4, 4);
        while run.take_next().is_some() {}
        run.answer(0, Answer::Charge);
        run.answer(1, Answer::Done);
        run.answer(2, Answer::Charge);
        run.answer(3, Answer::Failed("x".into()));
        assert!(run.is_settled());
        assert_eq!(run.progress().needs_charge, 2);
        assert_eq!(run.charged(), [0, 2]);
        run.charges(true);
        let again: Vec<(usize, bool)> = std::iter::from_fn(|| run.take_next()).collect();
        assert_eq!(
            again,
            [(0, true), (2, true)],
            "sent with the charges accepted"
        );
        assert!(
            run.consent.iter().all(|c| !c),
            "consent is used up by the send"
        );
        run.answer(0, Answer::Done);
        // The charged send timed out: retrying it goes without consent, so
        // a 402 asks again.
        run.answer(2, Answer::Failed("timeout".into()));
        assert_eq!(run.retry_failed(), 2);
        let retried: Vec<(usize, bool)> = std::iter::from_fn(|| run.take_next()).collect();
        assert_eq!(retried, [(2, false), (3, false)]);
        run.answer(2, Answer::Charge);
        assert_eq!(run.states[2], State::NeedsCharge);
        let mut declined = Run::new(1, 1);
        // (the 402 rows of the run above wait for their question again)
        declined.take_next();
        declined.answer(0, Answer::Charge);
        declined.charges(false);
        assert_eq!(
            declined.states[0],
            State::Failed("You declined the additional charges.".into())
        );
    }

    #[test]
    fn pace_and_time_left() {
        assert_eq!(pace(0, 10, 1000.0), (0.0, None));
        let (rate, left) = pace(50, 150, 2000.0);
        assert_eq!(rate, 25.0);
        assert_eq!(left, Some(6.0));
    }

    #[test]
    fn the_result_file_lists_every_row_with_its_outcome() {
        let sheet = parse(&format!(
            "{U1};{D1};desktop\n{U2};{D2};mobile\nbad;{D1};crm\n{U1};{D2};crm\n"
        ))
        .unwrap();
        let outcomes = [
            (1, State::Moved(ClientType::Mobile)),
            (2, State::Failed("=HYPERLINK(\"x\"); \"quoted\"".into())),
            (4, State::NotSent),
        ];
        let csv = result_csv(&sheet, &outcomes);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "row;userId;deviceId;clientType;action;outcome;detail"
        );
        assert_eq!(
            lines[1],
            format!("1;{U1};{D1};desktop;assign;moved;\"It was the Mobile softphone; a device serves one client type at a time.\"")
        );
        // A message that looks like a formula is made inert, and quoted.
        assert_eq!(
            lines[2],
            format!("2;{U2};{D2};mobile;assign;failed;\"'=HYPERLINK(\"\"x\"\"); \"\"quoted\"\"\"")
        );
        assert!(lines[3].starts_with("3;bad;"), "{}", lines[3]);
        assert!(lines[3].contains(";excluded;"), "{}", lines[3]);
        assert_eq!(
            lines[4],
            format!("4;{U1};{D2};crm;assign;not sent;The run was cancelled first.")
        );
        // A CSV reader gets the same seven columns and the text back.
        let back = records(&csv, b';');
        assert!(back.iter().all(|r| r.len() == 7), "{back:?}");
        assert_eq!(back[2][6], "'=HYPERLINK(\"x\"); \"quoted\"");
    }
}
