//! Writing CSV that is safe to open in a spreadsheet in any locale: every
//! field holding a `,`, a `;`, a tab, a quote or a line break is quoted
//! (quotes doubled), whatever the file's delimiter, since Excel in Danish
//! and French splits on `;`; and every cell whose text starts with `=`,
//! `+`, `-`, `@`, a tab or a carriage return is made inert with a leading
//! `'`, whatever column it is in, so that text from a server cannot become
//! a formula. Lines end with CRLF. Pure, tested natively.

/// A cell made inert: a formula-like start gets a leading `'`.
fn inert(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

/// Appends one record of `fields` to `out`, separated by `delimiter`.
pub fn record(out: &mut String, fields: &[&str], delimiter: char) {
    for (k, f) in fields.iter().enumerate() {
        if k > 0 {
            out.push(delimiter);
        }
        let f = inert(f);
        if f.contains([',', ';', '\t', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&f);
        }
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
        assert_eq!(line(&["x;=1+2", "y"], ','), "\"x;=1+2\",y\r\n");
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
