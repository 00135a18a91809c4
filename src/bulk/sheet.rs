//! Reading and checking a sheet of rows: CSV with `,` or `;`, a header or
//! none, a byte-order mark; each row checked like the single form, and the
//! same user and device twice flagged.
//!
//! One pass, linear in the text (issue 17): `csv-core` (the core of the
//! `csv` crate, without serde) reads one record at a time into buffers that
//! are reused, each record becomes a checked row as it is read, and the
//! duplicates are found with a hash map of the rows seen so far. Quotes,
//! doubled quotes and line breaks inside quotes are csv-core's business, not
//! ours. A text over [`MAX_BYTES`] is refused before it is read, and the
//! reading stops at the first row over [`MAX_ROWS`]: a sheet the page will
//! not hold is never built.

use crate::api::dimensions::ClientType;
use crate::i18n::tr;
use crate::trf;
use crate::validate;
use csv_core::{ReadRecordResult, Reader, ReaderBuilder};
use std::collections::HashMap;
use std::hash::Hasher;

/// The largest file, or pasted text, that is read: 20 MB.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// The most rows a sheet may have (the header not counted).
pub const MAX_ROWS: usize = 100_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Assign,
    Unassign,
}

impl Action {
    /// As the sheet spells it.
    pub fn wire(self) -> &'static str {
        match self {
            Action::Assign => "assign",
            Action::Unassign => "unassign",
        }
    }
}

/// Why a row cannot be sent.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// More fields than the sheet has columns.
    Fields { count: usize, max: usize },
    /// The user id is not a GUID (the single form's sentence).
    User(String),
    /// No device id (the single form's sentence).
    Device(String),
    /// An action other than assign or unassign, as written.
    Action(String),
    /// An assign without a client type.
    NoClient,
    /// A client type that is not one, as written.
    Client(String),
    /// The same user and device as the row with this number, which is the
    /// one sent.
    Duplicate(usize),
}

impl Problem {
    /// The problem in words, in the language shown now.
    pub fn text(&self) -> String {
        match self {
            Problem::Fields { count, max } => trf!(
                "{count} fields; expected at most {max}.",
                count = count,
                max = max
            ),
            Problem::User(s) | Problem::Device(s) => s.clone(),
            Problem::Action(action) => trf!(
                "The action must be assign or unassign, not \u{201c}{action}\u{201d}.",
                action = action
            ),
            Problem::NoClient => tr("Give the client type: desktop, mobile, webrtc or crm.").into(),
            Problem::Client(client) => trf!(
                "The client type must be desktop, mobile, webrtc or crm, not \u{201c}{client}\u{201d}.",
                client = client
            ),
            Problem::Duplicate(row) => {
                trf!("The same user and device as row {row}.", row = row)
            }
        }
    }
}

/// What the check said about a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Check {
    Ready,
    /// Sent all the same: the device id does not look like a Kazoo one.
    OddDevice,
    /// Not sent, for these reasons.
    Invalid(Vec<Problem>),
}

/// One row of the sheet, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The row's number in the sheet, 1 for the first, the header counted
    /// (as a spreadsheet numbers them); an empty line is not a row.
    pub number: usize,
    pub user: String,
    pub device: String,
    pub client: Option<ClientType>,
    pub action: Action,
    pub check: Check,
}

impl Row {
    pub fn is_valid(&self) -> bool {
        !matches!(self.check, Check::Invalid(_))
    }

    pub fn problems(&self) -> &[Problem] {
        match &self.check {
            Check::Invalid(p) => p,
            _ => &[],
        }
    }

    /// The problems in words, one after the other.
    pub fn problems_text(&self) -> String {
        let all: Vec<String> = self.problems().iter().map(Problem::text).collect();
        all.join(" ")
    }

    /// The table's Check column: OK, the warning, or the problems.
    pub fn check_text(&self) -> String {
        match &self.check {
            Check::Ready => "OK".into(),
            Check::OddDevice => validate::device_id(&self.device)
                .ok()
                .flatten()
                .unwrap_or_default(),
            Check::Invalid(_) => self.problems_text(),
        }
    }
}

/// The sheet as read: its rows, and how it was read.
#[derive(Debug, PartialEq)]
pub struct Sheet {
    pub rows: Vec<Row>,
    pub delimiter: u8,
    pub header: bool,
    /// How many rows cannot be sent.
    pub invalid: usize,
}

impl Sheet {
    /// How many rows can be sent.
    pub fn ready(&self) -> usize {
        self.rows.len() - self.invalid
    }
}

/// Why a sheet (or a file) is not read.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// Nothing but blank lines.
    NoRows,
    /// The header names a column that is not one of ours.
    UnknownColumn(String),
    /// The header names a column twice.
    Twice(String),
    /// The header lacks userId or deviceId.
    NeedsColumns,
    /// More than [`MAX_ROWS`] rows (reading stopped there).
    TooManyRows,
    /// A pasted text over [`MAX_BYTES`].
    TooLarge { bytes: usize },
    /// A file over [`MAX_BYTES`] (not read at all).
    FileTooLarge { name: String, bytes: f64 },
}

/// Megabytes, rounded up: whole numbers (a float's formatting would add its
/// own code to the wasm).
fn megabytes(bytes: f64) -> u64 {
    (bytes / (1024.0 * 1024.0)).ceil() as u64
}

impl Refusal {
    /// The refusal in words, naming the limit where there is one.
    pub fn message(&self) -> String {
        match self {
            Refusal::NoRows => {
                tr("There are no rows: paste or upload userId,deviceId,clientType lines.").into()
            }
            Refusal::UnknownColumn(column) => trf!(
                "The header has a column \u{201c}{column}\u{201d}; the columns are userId, deviceId, clientType and action.",
                column = column
            ),
            Refusal::Twice(column) => trf!(
                "The header names \u{201c}{column}\u{201d} twice.",
                column = column
            ),
            Refusal::NeedsColumns => tr("The header needs the columns userId and deviceId.").into(),
            Refusal::TooManyRows => tr("The sheet has more than 100,000 rows: the limit is 100,000 rows. Split it into smaller sheets.").into(),
            Refusal::TooLarge { bytes } => trf!(
                "The pasted text is {size} MB: the limit is 20 MB. Split it into smaller sheets.",
                size = megabytes(*bytes as f64)
            ),
            Refusal::FileTooLarge { name, bytes } => trf!(
                "The file \u{201c}{name}\u{201d} is {size} MB: the limit is 20 MB, so it was not read. Split it into smaller files.",
                name = name,
                size = megabytes(*bytes)
            ),
        }
    }
}

/// A file of `bytes` may be read: checked before reading it.
pub fn check_file(name: &str, bytes: f64) -> Result<(), Refusal> {
    if bytes > MAX_BYTES as f64 {
        Err(Refusal::FileTooLarge {
            name: name.to_string(),
            bytes,
        })
    } else {
        Ok(())
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Column {
    User,
    Device,
    Client,
    Action,
    /// Read and left alone: the result file's and the refused sheet's
    /// columns (`row`, `outcome`, `detail`), so that they can be loaded
    /// again.
    Ignored,
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
        "row" | "outcome" | "detail" => Some(Column::Ignored),
        _ => None,
    }
}

/// `;` when the first line has more semicolons than commas outside quotes
/// (as spreadsheets with a decimal comma export), else `,`.
fn guess_delimiter(text: &str) -> u8 {
    let (mut semi, mut comma, mut quoted) = (0, 0, false);
    for c in text.bytes() {
        match c {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b';' if !quoted => semi += 1,
            b',' if !quoted => comma += 1,
            _ => {}
        }
    }
    if semi > comma {
        b';'
    } else {
        b','
    }
}

/// A field as the result file wrote it (`result::inert`): a leading `'`
/// before `=`, `+`, `-`, `@`, a tab or a carriage return is taken off.
fn as_written(field: &str) -> &str {
    match field.as_bytes() {
        [b'\'', b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r', ..] => &field[1..],
        _ => field,
    }
}

/// The records of a text, one at a time, into buffers that are reused.
pub(crate) struct Records<'a> {
    reader: Reader,
    input: &'a [u8],
    out: Vec<u8>,
    ends: Vec<usize>,
    fields: usize,
    done: bool,
}

impl<'a> Records<'a> {
    pub(crate) fn new(text: &'a str, delimiter: u8) -> Self {
        Records {
            reader: ReaderBuilder::new().delimiter(delimiter).build(),
            input: text.as_bytes(),
            out: vec![0; 1024],
            ends: vec![0; 16],
            fields: 0,
            done: false,
        }
    }

    /// Reads the next record; `false` at the end.
    pub(crate) fn next_record(&mut self) -> bool {
        if self.done {
            return false;
        }
        let (mut nout, mut nends) = (0, 0);
        loop {
            let (result, i, o, e) =
                self.reader
                    .read_record(self.input, &mut self.out[nout..], &mut self.ends[nends..]);
            self.input = &self.input[i..];
            nout += o;
            nends += e;
            match result {
                // All of the text is given at once: the next call, with an
                // empty input, ends the last record.
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record => {
                    self.fields = nends;
                    return true;
                }
                ReadRecordResult::End => {
                    self.done = true;
                    return false;
                }
            }
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.fields
    }

    /// Field `i` of the record read last ("" past its end).
    pub(crate) fn field(&self, i: usize) -> &str {
        if i >= self.fields {
            return "";
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        // The text is UTF-8 and fields end at ASCII bytes: always valid.
        std::str::from_utf8(&self.out[start..self.ends[i]]).unwrap_or("")
    }

    fn blank(&self) -> bool {
        (0..self.fields).all(|i| self.field(i).trim().is_empty())
    }
}

/// The duplicate check's key of a user and device: a hash of both, without
/// regard to case. Two rows with the same key are compared in full.
fn key(buffer: &mut Vec<u8>, user: &str, device: &str) -> u64 {
    buffer.clear();
    buffer.extend(user.bytes().map(|b| b.to_ascii_lowercase()));
    buffer.push(0);
    buffer.extend(device.bytes().map(|b| b.to_ascii_lowercase()));
    let mut h = std::hash::DefaultHasher::new();
    h.write(buffer);
    h.finish()
}

fn same(a: &Row, user: &str, device: &str) -> bool {
    a.user.eq_ignore_ascii_case(user) && a.device.eq_ignore_ascii_case(device)
}

/// Reads and checks a pasted or uploaded sheet: `userId,deviceId,clientType`
/// and an optional `action` (assign or unassign), with a header row (columns
/// in any order) or without (in that order). Refused when there is nothing to
/// read, the header names an unknown column, or the sheet is over a limit.
pub fn parse(text: &str) -> Result<Sheet, Refusal> {
    if text.len() > MAX_BYTES {
        return Err(Refusal::TooLarge { bytes: text.len() });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = guess_delimiter(text);
    let mut records = Records::new(text, delimiter);
    // The records read so far, blank ones included (for the row numbers).
    let mut at = 0;
    let header = loop {
        if !records.next_record() {
            return Err(Refusal::NoRows);
        }
        at += 1;
        if !records.blank() {
            break !validate::is_guid(records.field(0))
                && (0..records.len()).any(|i| column(records.field(i)).is_some());
        }
    };
    let columns: Vec<Column> = if header {
        let mut cols = Vec::new();
        for i in 0..records.len() {
            let f = records.field(i).trim();
            match column(f) {
                Some(Column::Ignored) => cols.push(Column::Ignored),
                Some(c) if !cols.contains(&c) => cols.push(c),
                Some(_) => return Err(Refusal::Twice(f.to_string())),
                None => return Err(Refusal::UnknownColumn(f.to_string())),
            }
        }
        if !cols.contains(&Column::User) || !cols.contains(&Column::Device) {
            return Err(Refusal::NeedsColumns);
        }
        cols
    } else {
        NO_HEADER.to_vec()
    };
    let place = |c: Column| columns.iter().position(|x| *x == c);
    let (user_at, device_at, client_at, action_at) = (
        place(Column::User),
        place(Column::Device),
        place(Column::Client),
        place(Column::Action),
    );
    // Room for every line at once: the rows are not copied as they grow
    // (and the wasm memory keeps its largest size).
    let lines = text.bytes().filter(|&b| b == b'\n').count().min(MAX_ROWS) + 1;
    let mut rows: Vec<Row> = Vec::with_capacity(lines);
    let mut invalid = 0;
    let mut seen: HashMap<u64, usize> = HashMap::with_capacity(lines);
    let mut buffer = Vec::new();
    // Without a header, the first record is a row: it is read already.
    let mut pending = !header;
    loop {
        if !pending {
            if !records.next_record() {
                break;
            }
            at += 1;
            if records.blank() {
                continue;
            }
        }
        pending = false;
        if rows.len() == MAX_ROWS {
            return Err(Refusal::TooManyRows);
        }
        let get = |i: Option<usize>| i.map_or("", |i| as_written(records.field(i).trim()));
        let mut problems = Vec::new();
        if records.len() > columns.len() {
            problems.push(Problem::Fields {
                count: records.len(),
                max: columns.len(),
            });
        }
        let user = validate::normalize_guid(get(user_at));
        if let Err(e) = validate::guid(&user, tr("the user id")) {
            problems.push(Problem::User(e));
        }
        let device = get(device_at).to_string();
        let odd = match validate::device_id(&device) {
            Err(e) => {
                problems.push(Problem::Device(e));
                false
            }
            Ok(warning) => warning.is_some(),
        };
        let written = get(action_at);
        let action = match written.to_ascii_lowercase().as_str() {
            "" | "assign" => Action::Assign,
            "unassign" => Action::Unassign,
            _ => {
                problems.push(Problem::Action(written.to_string()));
                Action::Assign
            }
        };
        let written = get(client_at);
        let client = ClientType::from_wire(written);
        if client.is_none() && (!written.is_empty() || action == Action::Assign) {
            problems.push(if written.is_empty() {
                Problem::NoClient
            } else {
                Problem::Client(written.to_string())
            });
        }
        // The same user and device twice: only the first is sent.
        let k = key(&mut buffer, &user, &device);
        match seen.get(&k) {
            Some(&first) if same(&rows[first], &user, &device) => {
                problems.push(Problem::Duplicate(rows[first].number));
            }
            // Another pair with the same hash (about one sheet in 10^9 at
            // 100,000 rows): compared with every earlier row.
            Some(_) => {
                if let Some(first) = rows.iter().find(|r| same(r, &user, &device)) {
                    problems.push(Problem::Duplicate(first.number));
                }
            }
            None => {
                seen.insert(k, rows.len());
            }
        }
        let check = if !problems.is_empty() {
            invalid += 1;
            Check::Invalid(problems)
        } else if odd {
            Check::OddDevice
        } else {
            Check::Ready
        };
        rows.push(Row {
            number: at,
            user,
            device,
            client,
            action,
            check,
        });
    }
    Ok(Sheet {
        rows,
        delimiter,
        header,
        invalid,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    use crate::bulk::fixtures::{D1, D2, U1, U2};

    fn ok(sheet: &Sheet) -> Vec<(&str, &str, Option<ClientType>, Action)> {
        sheet
            .rows
            .iter()
            .map(|r| {
                assert!(r.is_valid(), "row {}: {:?}", r.number, r.check);
                (r.user.as_str(), r.device.as_str(), r.client, r.action)
            })
            .collect()
    }

    /// `n` rows of distinct users and devices, with a header.
    fn many(n: usize) -> String {
        let mut text = String::from("userId,deviceId,clientType\n");
        for k in 1..=n {
            text.push_str(&format!(
                "bb000000-0000-4000-8000-{k:012},5eedbb00000000000000000000{k:06},desktop\n"
            ));
        }
        text
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
        assert_eq!((s.ready(), s.invalid), (2, 0));
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
        assert_eq!(s.rows[1].check, Check::OddDevice);
        assert!(s.rows[1]
            .check_text()
            .contains("does not look like a Kazoo device id"));
        assert_eq!(s.rows[0].check_text(), "OK");
    }

    #[test]
    fn bad_rows_say_what_is_wrong_and_duplicates_are_flagged() {
        let text = format!(
            "{U1},{D1},desktop\nnot-a-guid,,laptop\n{U2},{D2}\n{U2},{D2},mobile,assign,extra\n{U1},{}, mobile\n{U1},{D2},crm,remove\n",
            D1.to_uppercase()
        );
        let s = parse(&text).unwrap();
        let errors: Vec<String> = s.rows.iter().map(Row::problems_text).collect();
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
        // Device ids are compared without regard to case.
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
        assert_eq!(s.invalid, 5);
        assert_eq!(s.rows[4].problems(), [Problem::Duplicate(1)]);
    }

    #[test]
    fn files_that_cannot_be_read() {
        assert_eq!(parse(""), Err(Refusal::NoRows));
        assert_eq!(parse("\u{feff}\n \n,,\n"), Err(Refusal::NoRows));
        assert!(parse("\n").unwrap_err().message().contains("no rows"));
        let e = parse("userId,deviceId,colour\n").unwrap_err();
        assert_eq!(e, Refusal::UnknownColumn("colour".into()));
        assert!(e.message().contains("\u{201c}colour\u{201d}"));
        assert!(parse("userId,clientType\n")
            .unwrap_err()
            .message()
            .contains("userId and deviceId"));
        assert!(parse("userId,user,deviceId\n")
            .unwrap_err()
            .message()
            .contains("twice"));
    }

    #[test]
    fn the_result_file_and_the_refused_sheet_can_be_loaded_again() {
        // Their own columns are read and left alone; cells made inert are
        // read as they were.
        let text = format!(
            "row;userId;deviceId;clientType;action;outcome;detail\r\n2;{U1};'-{D1};desktop;assign;failed;\"'=x; y\"\r\n"
        );
        let s = parse(&text).unwrap();
        assert!(s.header);
        assert_eq!(s.rows[0].user, U1);
        assert_eq!(s.rows[0].device, format!("-{D1}"));
        assert_eq!(s.rows[0].check, Check::OddDevice);
    }

    #[test]
    fn the_limits_are_said_before_the_rows_are_held() {
        // 100,000 rows are read; one more is refused, naming the limit.
        let at_limit = many(MAX_ROWS);
        let s = parse(&at_limit).unwrap();
        assert_eq!((s.rows.len(), s.invalid), (MAX_ROWS, 0));
        assert_eq!(s.rows[MAX_ROWS - 1].number, MAX_ROWS + 1);
        let over = format!(
            "{at_limit}\n\nbb000000-0000-4000-8000-999999999999,5eedbb00000000000000000000999999,crm\n"
        );
        let e = parse(&over).unwrap_err();
        assert_eq!(e, Refusal::TooManyRows);
        assert!(e.message().contains("100,000 rows"), "{}", e.message());
        // Blank lines are not rows: they do not count.
        assert!(parse(&format!("{at_limit}\n,,\n\n")).is_ok());
        // A text over 20 MB is not read at all.
        let big = "x".repeat(MAX_BYTES + 1);
        let e = parse(&big).unwrap_err();
        assert_eq!(
            e,
            Refusal::TooLarge {
                bytes: MAX_BYTES + 1
            }
        );
        assert!(e.message().contains("21 MB"), "{}", e.message());
        assert!(
            e.message().contains("the limit is 20 MB"),
            "{}",
            e.message()
        );
        // A file: by its size, before it is read.
        assert_eq!(check_file("a.csv", MAX_BYTES as f64), Ok(()));
        let e = check_file("big.csv", 25.5 * 1024.0 * 1024.0).unwrap_err();
        let m = e.message();
        assert!(m.contains("\u{201c}big.csv\u{201d} is 26 MB"), "{m}");
        assert!(m.contains("the limit is 20 MB"), "{m}");
    }

    #[test]
    fn a_hundred_thousand_rows_are_read_in_linear_time() {
        // With every row compared with the earlier ones (as before issue
        // 17), this took minutes; it takes well under a second natively in a
        // debug build. The bound is generous for a loaded machine.
        let mut text = many(MAX_ROWS - 1);
        // The last row repeats the first, in upper case.
        text.push_str(
            "BB000000-0000-4000-8000-000000000001,5EEDBB00000000000000000000000001,crm\n",
        );
        let started = Instant::now();
        let s = parse(&text).unwrap();
        let took = started.elapsed();
        assert!(took < Duration::from_secs(20), "took {took:?}");
        assert_eq!(s.rows.len(), MAX_ROWS);
        assert_eq!(s.invalid, 1);
        assert_eq!(s.rows[MAX_ROWS - 1].problems(), [Problem::Duplicate(2)]);
    }
}
