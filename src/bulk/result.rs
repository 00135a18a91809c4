//! The files a run gives back: the result file (every row of the sheet with
//! its outcome) and the sheet of the rows the API refused for what they say
//! (to fix and load again). Both are written a range of rows at a time, so
//! that the page can make a file of 100,000 rows in steps, as a Blob, when it
//! is asked for (issue 17).
//!
//! Safe in any locale: a spreadsheet opens a CSV file with the list
//! separator of its locale (`;` in Danish and French, `,` in English), not
//! necessarily the file's. So every field holding `,`, `;`, a tab, a quote
//! or a line break is quoted (quotes doubled), whatever the file's
//! delimiter; and a cell that would start with `=`, `+`, `-`, `@`, a tab or
//! a carriage return, at the start of the field or after any of those
//! separators inside it (where a reader splitting on another separator
//! starts a cell), gets a `'` before it, so that no server message, device
//! id or note can become a formula. Reading a sheet back takes the leading
//! `'` off again (`sheet::as_written`).

use super::run::{cure, Cure, Run, State};
use super::sheet::{Row, Sheet};
use crate::api::dimensions::ClientType;
use crate::csv::record;
use crate::i18n::tr;
use crate::trf;
use std::ops::Range;

/// Which file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum File {
    /// Every row, with its outcome.
    Result,
    /// The rows refused for what they say (400, 404, 422), with the reason.
    Refused,
}

impl File {
    pub fn name(self) -> &'static str {
        match self {
            File::Result => "switchboard-bulk-result.csv",
            File::Refused => "switchboard-bulk-refused-rows.csv",
        }
    }

    fn columns(self) -> &'static [&'static str] {
        match self {
            File::Result => &[
                "row",
                "userId",
                "deviceId",
                "clientType",
                "action",
                "outcome",
                "detail",
            ],
            File::Refused => &[
                "row",
                "userId",
                "deviceId",
                "clientType",
                "action",
                "detail",
            ],
        }
    }
}

/// The file's start: a byte-order mark (so that spreadsheets read it as
/// UTF-8) and the header line.
pub fn header(file: File, sheet: &Sheet, out: &mut String) {
    out.push('\u{feff}');
    record(out, file.columns(), sheet.delimiter as char);
}

/// The outcome of `row` (sheet row `k`) in the result file, and why.
fn outcome(row: &Row, state: Option<&State>) -> (&'static str, String) {
    match state {
        _ if !row.is_valid() => ("excluded", row.problems_text()),
        None | Some(State::Queued { .. } | State::LeftOut) => ("not sent", String::new()),
        Some(State::InFlight) => ("in flight", String::new()),
        Some(State::Done) => ("done", String::new()),
        Some(State::Moved(from)) => (
            "moved",
            trf!(
                "It was the {client} softphone; a device serves one client type at a time.",
                client = from.label()
            ),
        ),
        Some(State::Failed(e)) => ("failed", e.to_string()),
        Some(State::NeedsCharge) => (
            "needs charge",
            tr("Not carried out: charges apply (402).").into(),
        ),
        Some(State::NotSent) => ("not sent", tr("The run was cancelled first.").into()),
    }
}

/// Appends the lines of the sheet rows in `rows` that belong to `file`.
pub fn write(file: File, sheet: &Sheet, run: Option<&Run>, rows: Range<usize>, out: &mut String) {
    let delimiter = sheet.delimiter as char;
    for k in rows {
        let row = &sheet.rows[k];
        let state = run.map(|r| r.state(k));
        let number = row.number.to_string();
        let client = row.client.map_or("", ClientType::wire);
        match file {
            File::Result => {
                let (outcome, detail) = outcome(row, state);
                record(
                    out,
                    &[
                        &number,
                        &row.user,
                        &row.device,
                        client,
                        row.action.wire(),
                        outcome,
                        &detail,
                    ],
                    delimiter,
                );
            }
            File::Refused => {
                let Some(State::Failed(e)) = state else {
                    continue;
                };
                if cure(e) != Cure::Fix {
                    continue;
                }
                record(
                    out,
                    &[
                        &number,
                        &row.user,
                        &row.device,
                        client,
                        row.action.wire(),
                        &e.to_string(),
                    ],
                    delimiter,
                );
            }
        }
    }
}

/// The whole file at once.
pub fn csv(file: File, sheet: &Sheet, run: Option<&Run>) -> String {
    let mut out = String::new();
    header(file, sheet, &mut out);
    write(file, sheet, run, 0..sheet.rows.len(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApiError;
    use crate::bulk::run::Answer;
    use crate::bulk::sheet::{parse, Records};
    use crate::csv::push_field;
    use std::time::{Duration, Instant};

    use crate::bulk::fixtures::{D1, D2, U1, U2};

    /// What a reader splitting on `delimiter` gets: records of fields.
    fn read(text: &str, delimiter: u8) -> Vec<Vec<String>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut r = Records::new(text, delimiter);
        let mut all = Vec::new();
        while r.next_record() {
            all.push((0..r.len()).map(|i| r.field(i).to_string()).collect());
        }
        all
    }

    /// A run over `sheet` where each valid row gets the next answer.
    fn run_with(sheet: &Sheet, answers: Vec<Answer>) -> Run {
        let mut run = Run::new(sheet.rows.iter().map(Row::is_valid), 16);
        let mut answers = answers.into_iter();
        while let Some((i, _)) = run.take_next() {
            run.answer(i, answers.next().expect("an answer per row"));
        }
        run
    }

    fn field(f: &str) -> String {
        let mut out = String::new();
        push_field(&mut out, f);
        out
    }

    #[test]
    fn fields_are_quoted_and_made_inert_for_any_locale() {
        assert_eq!(field("plain text"), "plain text");
        // Any separator a locale may use, a quote, a line break: quoted.
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("a;b"), "\"a;b\"");
        assert_eq!(field("a\tb"), "\"a\tb\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        // A formula at the start, whatever the character.
        for c in ['=', '+', '-', '@'] {
            assert_eq!(field(&format!("{c}1+2")), format!("'{c}1+2"));
        }
        // (A tab or a carriage return also starts a cell in some reader.)
        assert_eq!(field("\t=1"), "\"'\t'=1\"");
        assert_eq!(field("\r=1"), "\"'\r'=1\"");
        // ... and where a reader splitting on another separator starts a
        // cell: `x;=1+2` in a comma sheet, opened in Danish or French.
        assert_eq!(field("x;=1+2"), "\"x;'=1+2\"");
        assert_eq!(field("x,@SUM(A1)"), "\"x,'@SUM(A1)\"");
        assert_eq!(field("a\n-1"), "\"a\n'-1\"");
        // Elsewhere, these characters are text.
        assert_eq!(field("1+2=3 - ok @home"), "1+2=3 - ok @home");
        assert_eq!(field("a, -1"), "\"a, -1\"");
        assert_eq!(field(""), "");
    }

    #[test]
    fn a_comma_file_opened_with_semicolons_has_no_formula_cell() {
        // The result of a comma sheet, read by a spreadsheet in a locale
        // that splits on `;` (and the other way round): no cell starts a
        // formula, in any column.
        let sheet = parse(&format!(
            "userId,deviceId,clientType\n{U1},=1+2;@x,desktop\n{U2},{D2},mobile\n"
        ))
        .unwrap();
        let run = run_with(
            &sheet,
            vec![
                Answer::Done,
                Answer::Error(ApiError::Unprocessable {
                    message: Some("x;=HYPERLINK(\"http://evil\");-2+3,+4\t@5".into()),
                }),
            ],
        );
        let csv = csv(File::Result, &sheet, Some(&run));
        for delimiter in [b',', b';', b'\t'] {
            for record in read(&csv, delimiter) {
                for cell in record {
                    assert!(
                        !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                        "{:?}: {cell:?} in {csv}",
                        delimiter as char
                    );
                }
            }
        }
        // Read with its own delimiter, the file gives the text back (with
        // the `'` before each would-be formula).
        let back = read(&csv, b',');
        assert_eq!(back[1][2], "'=1+2;'@x");
        assert!(back[2][6].contains("x;'=HYPERLINK(\"http://evil\");'-2+3,'+4\t'@5"));
        // And loaded again as a sheet, the device id is as it was typed.
        let again = parse(&csv).unwrap();
        assert_eq!(again.rows[0].device, "=1+2;'@x");
    }

    #[test]
    fn the_result_file_lists_every_row_with_its_outcome() {
        let sheet = parse(&format!(
            "{U1};{D1};desktop\n{U2};{D2};mobile\nbad;{D1};crm\n{U1};{D2};crm\n"
        ))
        .unwrap();
        let mut run = Run::new(sheet.rows.iter().map(Row::is_valid), 1);
        for answer in [
            Answer::Moved(ClientType::Mobile),
            Answer::Error(ApiError::Server {
                status: 500,
                message: Some("x;=HYPERLINK(\"x\"); \"quoted\"".into()),
                not_json: false,
            }),
        ] {
            let (i, _) = run.take_next().unwrap();
            run.answer(i, answer);
        }
        run.cancel();
        let csv = csv(File::Result, &sheet, Some(&run));
        assert!(csv.starts_with('\u{feff}'));
        let lines: Vec<&str> = csv[3..].split("\r\n").collect();
        assert_eq!(
            lines[0],
            "row;userId;deviceId;clientType;action;outcome;detail"
        );
        assert_eq!(
            lines[1],
            format!("1;{U1};{D1};desktop;assign;moved;\"It was the Mobile softphone; a device serves one client type at a time.\"")
        );
        // A message that looks like a formula is made inert, and quoted.
        assert!(
            lines[2].starts_with(&format!("2;{U2};{D2};mobile;assign;failed;\"")),
            "{}",
            lines[2]
        );
        assert!(
            lines[2].contains("\u{201c}x;'=HYPERLINK(\"\"x\"\"); \"\"quoted\"\"\u{201d}"),
            "{}",
            lines[2]
        );
        assert!(lines[3].starts_with("3;bad;"), "{}", lines[3]);
        assert!(lines[3].contains(";excluded;"), "{}", lines[3]);
        assert_eq!(
            lines[4],
            format!("4;{U1};{D2};crm;assign;not sent;The run was cancelled first.")
        );
        assert_eq!(lines.len(), 6, "a CRLF after the last line");
        // A CSV reader gets the same seven columns and the text back.
        let back = read(&csv, b';');
        assert!(back.iter().all(|r| r.len() == 7), "{back:?}");
        assert!(back[2][6].contains("x;'=HYPERLINK(\"x\"); \"quoted\""));
        // Before a run: every row is not sent, or excluded.
        let before = super::csv(File::Result, &sheet, None);
        assert!(before.contains(&format!("1;{U1};{D1};desktop;assign;not sent;\r\n")));
    }

    #[test]
    fn the_refused_rows_are_a_sheet_to_fix_and_load_again() {
        let sheet = parse(&format!(
            "userId,deviceId,clientType,action\n{U1},{D1},desktop,assign\n{U2},{D2},,unassign\n{U1},{D2},crm,\n"
        ))
        .unwrap();
        let run = run_with(
            &sheet,
            vec![
                Answer::Error(ApiError::DeviceNotFound),
                Answer::Error(ApiError::Network),
                Answer::Error(ApiError::Unprocessable {
                    message: Some("User is missing the required role".into()),
                }),
            ],
        );
        let csv = csv(File::Refused, &sheet, Some(&run));
        let back = read(&csv, b',');
        assert_eq!(
            back[0],
            [
                "row",
                "userId",
                "deviceId",
                "clientType",
                "action",
                "detail"
            ]
        );
        // Not the network failure: a resend may cure that one.
        assert_eq!(back.len(), 3, "{csv}");
        assert_eq!(back[1][..5], ["2", U1, D1, "desktop", "assign"]);
        assert!(back[1][5].contains("Device not found"), "{:?}", back[1]);
        assert_eq!(back[2][..5], ["4", U1, D2, "crm", "assign"]);
        assert!(back[2][5].contains("missing the required role"));
        // Loaded again, it is a sheet of those two rows, ready to send.
        let again = parse(&csv).unwrap();
        assert_eq!(again.rows.len(), 2);
        assert_eq!(again.invalid, 0);
        assert_eq!(
            (again.rows[1].user.as_str(), again.rows[1].device.as_str()),
            (U1, D2)
        );
    }

    #[test]
    fn a_file_of_a_hundred_thousand_rows_is_linear_in_rows() {
        // Before issue 17 each row looked its outcome up among all of them.
        let mut text = String::from("userId,deviceId,clientType\n");
        for k in 1..=100_000 {
            text.push_str(&format!(
                "bb000000-0000-4000-8000-{k:012},5eedbb00000000000000000000{k:06},desktop\n"
            ));
        }
        let sheet = parse(&text).unwrap();
        let run = run_with(
            &sheet,
            (0..100_000)
                .map(|k| {
                    if k % 25 == 0 {
                        Answer::Error(ApiError::Unprocessable { message: None })
                    } else {
                        Answer::Done
                    }
                })
                .collect(),
        );
        let started = Instant::now();
        let mut out = String::new();
        header(File::Result, &sheet, &mut out);
        for from in (0..100_000).step_by(10_000) {
            write(
                File::Result,
                &sheet,
                Some(&run),
                from..from + 10_000,
                &mut out,
            );
        }
        let took = started.elapsed();
        assert!(took < Duration::from_secs(20), "took {took:?}");
        assert_eq!(out.matches("\r\n").count(), 100_001);
        assert_eq!(
            csv(File::Refused, &sheet, Some(&run))
                .matches("\r\n")
                .count(),
            4_001
        );
    }
}
