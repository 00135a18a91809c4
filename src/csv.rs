//! Writing CSV that is safe to open in a spreadsheet in any locale: every
//! field holding a `,`, a `;`, a tab, a quote or a line break is quoted
//! (quotes doubled), whatever the file's delimiter, since Excel in Danish
//! and French splits on `;`; and every cell whose text starts with `=`,
//! `+`, `-`, `@`, a tab or a carriage return, at the field's start or
//! after a separator inside it, is made inert with a leading `'`, whatever
//! column it is in, so that text from a server cannot become a formula.
//! Lines end with CRLF. One writer for every file the console makes (the
//! bulk result files, the activity journal). Pure, tested natively.

fn starts_a_formula(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

fn separates(c: char) -> bool {
    matches!(c, ',' | ';' | '\t' | '\n' | '\r')
}

/// Appends one field: quoted if it holds a separator of any locale, a
/// quote or a line break; with a `'` before each would-be formula, at the
/// start and after every separator inside it (where a reader splitting on
/// another separator starts a cell).
pub fn push_field(out: &mut String, field: &str) {
    let quoted = field.contains([',', ';', '\t', '"', '\n', '\r']);
    if quoted {
        out.push('"');
    }
    let mut cell_starts = true;
    for c in field.chars() {
        if cell_starts && starts_a_formula(c) {
            out.push('\'');
        }
        if c == '"' {
            out.push('"');
        }
        out.push(c);
        cell_starts = separates(c);
    }
    if quoted {
        out.push('"');
    }
}

/// Appends one record of `fields` to `out`, separated by `delimiter`.
pub fn record(out: &mut String, fields: &[&str], delimiter: char) {
    for (k, f) in fields.iter().enumerate() {
        if k > 0 {
            out.push(delimiter);
        }
        push_field(out, f);
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(fields: &[&str], d: char) -> String {
        let mut out = String::new();
        record(&mut out, fields, d);
        out
    }

    #[test]
    fn separators_of_every_locale_are_quoted() {
        assert_eq!(line(&["a", "b"], ','), "a,b\r\n");
        // A comma sheet opened where `;` separates: still one cell.
        assert_eq!(line(&["x;=1+2", "y"], ','), "\"x;'=1+2\",y\r\n");
        assert_eq!(
            line(&["a,b", "tab\there"], ';'),
            "\"a,b\";\"tab\there\"\r\n"
        );
        assert_eq!(
            line(&["say \"hi\"", "two\nlines"], ','),
            "\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
    }

    #[test]
    fn formula_like_cells_are_inert_in_any_column() {
        for start in ["=", "+", "-", "@", "\t", "\r"] {
            let cell = format!("{start}HYPERLINK(1)");
            let out = line(&["ok", &cell], ',');
            assert!(out.contains(&format!("'{start}HYPERLINK(1)")), "{out:?}");
        }
        assert_eq!(line(&["=1+2"], ','), "'=1+2\r\n");
        assert_eq!(line(&["a=1"], ','), "a=1\r\n", "only a formula-like start");
    }
}
