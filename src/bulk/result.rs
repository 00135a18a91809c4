//! The result file.

use super::run::State;
use super::sheet::{Action, Sheet};
use crate::api::dimensions::ClientType;
use crate::i18n::tr;
use crate::trf;

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
    use crate::bulk::sheet::{parse, records};

    const U1: &str = "11111111-0000-4000-8000-000000000001";
    const U2: &str = "11111111-0000-4000-8000-000000000002";
    const D1: &str = "5eed0000000000000000000000001011";
    const D2: &str = "5eed0000000000000000000000001021";

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
