//! Reading and checking a sheet of rows.
//!
//! CSV is read with `csv-core` (the core of the `csv` crate, without
//! serde): quotes, doubled quotes and line breaks inside quotes are its
//! business, not ours.

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
pub(crate) fn records(text: &str, delimiter: u8) -> Vec<Vec<String>> {
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
}
