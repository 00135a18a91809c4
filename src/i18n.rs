//! Translations (issue 7): English, French and Danish.
//!
//! The English text in the code is the key (as gettext does): `tr("Assign")`
//! is "Assign" in English and the table's entry in French or Danish, and
//! `trf!("{n} rows read", n = 3)` fills named placeholders after looking the
//! template up. The French and Danish tables are data, `public/i18n/fr.json`
//! and `da.json` (`{"English template": "translation"}`), fetched when that
//! language is chosen: they cost no wasm, and English, the fallback, needs
//! no fetch. `tests::every_key_is_translated` reads every `tr("…")` and
//! `trf!("…")` in `src/` and fails on a key missing from a table, a table
//! entry no code uses, or placeholders that differ.
//!
//! Pure: the table is a thread-local the browser side fills
//! (`app.rs`); natively (tests) it stays empty, so text is English.

use std::cell::{Cell, RefCell};
use std::fmt::Display;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Fr,
    Da,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Fr, Lang::Da];

    /// The language subtag: `en`, `fr`, `da` (the table's file name).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Da => "da",
        }
    }

    /// The locale dates and times are shown in.
    pub fn locale(self) -> &'static str {
        match self {
            Lang::En => "en-GB",
            Lang::Fr => "fr-FR",
            Lang::Da => "da-DK",
        }
    }

    /// The language's name in itself, for the switcher.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Fran\u{e7}ais",
            Lang::Da => "Dansk",
        }
    }

    /// `da-DK`, `fr`, `EN_us` -> the language, if it is one of ours.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        Lang::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(primary))
    }

    /// Whether `n` takes the singular: in French 0 and 1 do, in English
    /// and Danish only 1.
    pub fn singular(self, n: u64) -> bool {
        match self {
            Lang::Fr => n <= 1,
            Lang::En | Lang::Da => n == 1,
        }
    }
}

/// The language to start in: the host portal's `init` locale when
/// embedded, else `?lang=`, else the first of the browser's languages we
/// have, else English. A value we do not have is skipped, not an error.
pub fn choose(host: Option<&str>, query: Option<&str>, browser: &[String]) -> Lang {
    host.and_then(Lang::from_tag)
        .or_else(|| query.and_then(Lang::from_tag))
        .or_else(|| browser.iter().find_map(|b| Lang::from_tag(b)))
        .unwrap_or(Lang::En)
}

/// A language's table: English template -> translation, as read from its
/// file: a JSON object, which serde_json keeps in a hash map (the same one
/// as every JSON object, so no second hash map is compiled in).
pub type Table = serde_json::Map<String, serde_json::Value>;

thread_local! {
    /// The tables loaded so far, one per language: each is made once and
    /// kept for the page's life (so that `tr` can hand out `&'static str`),
    /// and switching back to a language uses it again.
    static LOADED: RefCell<Vec<(Lang, &'static Table)>> = const { RefCell::new(Vec::new()) };
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// The language the text is in now.
pub fn current() -> Lang {
    CURRENT.with(|c| c.get())
}

/// Reads a table file (`{"English template": "translation", ...}`).
pub fn parse_table(json: &str) -> Result<Table, String> {
    match crate::api::wire::parse(json).map_err(|e| e.to_string())? {
        serde_json::Value::Object(table) => match table.iter().find(|(_, v)| !v.is_string()) {
            Some((k, _)) => Err(format!("the entry for \u{201c}{k}\u{201d} is not text")),
            None => Ok(table),
        },
        _ => Err("a table is a JSON object".into()),
    }
}

/// Whether `lang`'s text is at hand (English always is).
pub fn has_table(lang: Lang) -> bool {
    lang == Lang::En || LOADED.with(|l| l.borrow().iter().any(|(x, _)| *x == lang))
}

/// Keeps `table` as `lang`'s (the first one given for it stays) and makes
/// `lang` the current language.
pub fn set_table(lang: Lang, table: Table) {
    if lang != Lang::En && !has_table(lang) {
        let kept: &'static Table = Box::leak(Box::new(table));
        LOADED.with(|l| l.borrow_mut().push((lang, kept)));
    }
    use_language(lang);
}

/// Makes `lang` the current language, if its table is at hand.
pub fn use_language(lang: Lang) -> bool {
    let ok = has_table(lang);
    if ok {
        CURRENT.with(|c| c.set(lang));
    }
    ok
}

/// `en` in the current language (`en` itself when the table lacks it): a
/// hash look-up.
pub fn tr(en: &'static str) -> &'static str {
    let lang = current();
    if lang == Lang::En {
        return en;
    }
    LOADED.with(|l| {
        l.borrow()
            .iter()
            .find(|(x, _)| *x == lang)
            .and_then(|(_, t)| t.get(en))
            .and_then(serde_json::Value::as_str)
            .unwrap_or(en)
    })
}

/// `template` with each `{name}` replaced by its value; `{{` and `}}` are
/// braces. An unknown name is left as it is.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        let close = tail.find('}').filter(|_| tail.starts_with('{'));
        match close.and_then(|c| {
            let name = &tail[1..c];
            args.iter().find(|(n, _)| *n == name).map(|(_, v)| (c, v))
        }) {
            Some((c, v)) => {
                out.push_str(&v.to_string());
                rest = &tail[c + 1..];
            }
            None => {
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `trf!("Assigned device {device}.", device = d)`: the template
/// translated (`tr`), then filled (`fill`).
#[macro_export]
macro_rules! trf {
    ($template:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::fill(
            $crate::i18n::tr($template),
            &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*],
        )
    };
}

/// `trn!(n, "{n} row", "{n} rows", more = …)`: the singular or the plural
/// template by the current language's rule for `n` (`Lang::singular`),
/// translated, then filled with `n` and the other values.
#[macro_export]
macro_rules! trn {
    ($n:expr, $one:literal, $other:literal $(, $name:ident = $value:expr)* $(,)?) => {{
        let n: u64 = $n as u64;
        let template = if $crate::i18n::current().singular(n) {
            $crate::i18n::tr($one)
        } else {
            $crate::i18n::tr($other)
        };
        $crate::i18n::fill(
            template,
            &[("n", &n as &dyn ::std::fmt::Display) $(, (stringify!($name), &$value as &dyn ::std::fmt::Display))*],
        )
    }};
}

/// The placeholders of a template, sorted.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{") {
            rest = after;
            continue;
        }
        match tail.find('}') {
            Some(c) => {
                out.push(&tail[1..c]);
                rest = &tail[c + 1..];
            }
            None => break,
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    #[test]
    fn the_language_comes_from_the_host_then_the_address_then_the_browser() {
        let browser = vec!["de-DE".to_string(), "da".to_string(), "fr".to_string()];
        assert_eq!(choose(Some("fr-CA"), Some("da"), &browser), Lang::Fr);
        assert_eq!(choose(Some("klingon"), Some("DA"), &browser), Lang::Da);
        assert_eq!(
            choose(None, Some("xx"), &browser),
            Lang::Da,
            "de is skipped"
        );
        assert_eq!(choose(None, None, &["nb-NO".into()]), Lang::En);
        assert_eq!(Lang::from_tag(" fr_FR "), Some(Lang::Fr));
        for l in Lang::ALL {
            assert_eq!(Lang::from_tag(l.tag()), Some(l));
        }
    }

    #[test]
    fn plurals_follow_each_language() {
        assert!(Lang::Fr.singular(0) && Lang::Fr.singular(1) && !Lang::Fr.singular(2));
        for l in [Lang::En, Lang::Da] {
            assert!(!l.singular(0) && l.singular(1) && !l.singular(2), "{l:?}");
        }
        assert_eq!(trn!(1, "{n} row", "{n} rows"), "1 row");
        assert_eq!(trn!(0, "{n} row", "{n} rows"), "0 rows");
        assert_eq!(
            trn!(3, "{n} row of {total}", "{n} rows of {total}", total = 9),
            "3 rows of 9"
        );
    }

    #[test]
    fn placeholders_are_filled_by_name() {
        assert_eq!(
            fill(
                "{n} of {total} rows, {{literally}}",
                &[("total", &40), ("n", &"3")]
            ),
            "3 of 40 rows, {literally}"
        );
        assert_eq!(fill("{unknown} stays", &[]), "{unknown} stays");
        assert_eq!(fill("a } alone { and", &[]), "a } alone { and");
        assert_eq!(placeholders("{b} and {a} {{x}}"), ["a", "b"]);
        assert_eq!(trf!("Plain {x}.", x = 5), "Plain 5.");
    }

    /// Every Rust string literal given to `tr(` or `trf!(` in `src/`.
    fn keys_in_code() -> BTreeSet<String> {
        fn walk(dir: &Path, out: &mut BTreeSet<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs")
                    // This file's examples are not UI text.
                    && !path.ends_with("i18n.rs")
                {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for marker in ["tr(", "trf!(", "trn!("] {
                        let mut rest = text.as_str();
                        while let Some(i) = rest.find(marker) {
                            // `tr(` as a whole word only (not `attr(`),
                            // and its first argument a string literal,
                            // perhaps on the next line.
                            let before = rest[..i].chars().next_back();
                            rest = &rest[i + marker.len()..];
                            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                                continue;
                            }
                            // `trn!(n, "one", "other", …)`: two literals
                            // after the count.
                            let (count, literals) = if marker == "trn!(" {
                                (rest.find(',').map_or(rest.len(), |c| c + 1), 2)
                            } else {
                                (0, 1)
                            };
                            let mut arg = rest[count..].trim_start();
                            for _ in 0..literals {
                                if !arg.starts_with('"') {
                                    break;
                                }
                                let (literal, after) = rust_string(&arg[1..]);
                                out.insert(literal);
                                rest = after;
                                arg = after.trim_start_matches([',', ' ', '\n']).trim_start();
                            }
                        }
                    }
                }
            }
        }
        let mut out = BTreeSet::new();
        walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
        out
    }

    /// Reads the body of a Rust string literal up to its closing quote.
    fn rust_string(s: &str) -> (String, &str) {
        let mut out = String::new();
        let mut chars = s.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return (out, &s[i + 1..]),
                '\\' => match chars.next().map(|(_, c)| c) {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('\\') => out.push('\\'),
                    Some('"') => out.push('"'),
                    Some('\'') => out.push('\''),
                    Some('u') => {
                        let hex: String = chars
                            .by_ref()
                            .map(|(_, c)| c)
                            .skip(1)
                            .take_while(|c| *c != '}')
                            .collect();
                        out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
                    }
                    // A line continuation: the line break and the next
                    // line's leading white space are not part of it.
                    Some('\n') => {
                        let rest = chars.as_str();
                        let skip = rest.len() - rest.trim_start().len();
                        for _ in 0..rest[..skip].chars().count() {
                            chars.next();
                        }
                    }
                    other => panic!("unexpected escape {other:?} in {s:.40}"),
                },
                c => out.push(c),
            }
        }
        panic!("unterminated string literal: {s:.40}")
    }

    fn table(lang: &str) -> Table {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("public/i18n/{lang}.json"));
        parse_table(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    #[test]
    fn every_key_is_translated() {
        let keys = keys_in_code();
        assert!(keys.len() > 100, "found only {} keys", keys.len());
        let mut problems = Vec::new();
        for lang in ["fr", "da"] {
            let t = table(lang);
            let known: BTreeSet<&str> = t.keys().map(String::as_str).collect();
            for k in &keys {
                if !known.contains(k.as_str()) {
                    problems.push(format!("{lang}: missing {k:?}"));
                }
            }
            for (k, v) in &t {
                let v = v.as_str().unwrap_or_default();
                if !keys.contains(k) {
                    problems.push(format!("{lang}: unused {k:?}"));
                } else if placeholders(k) != placeholders(v) {
                    problems.push(format!("{lang}: placeholders differ in {k:?}: {v:?}"));
                } else if v.trim().is_empty() {
                    problems.push(format!("{lang}: empty translation of {k:?}"));
                }
            }
        }
        assert!(
            problems.is_empty(),
            "{} problems:\n{}",
            problems.len(),
            problems.join("\n")
        );
    }

    #[test]
    fn a_table_translates_falls_back_to_english_and_is_made_once() {
        set_table(Lang::Da, parse_table(r#"{"Assign": "Tildel"}"#).unwrap());
        assert_eq!((tr("Assign"), current()), ("Tildel", Lang::Da));
        assert_eq!(tr("Not in the table"), "Not in the table");
        set_table(Lang::En, Table::new());
        assert_eq!(tr("Assign"), "Assign");
        // Back to Danish: its table is at hand, nothing new is kept.
        assert!(use_language(Lang::Da));
        assert_eq!(tr("Assign"), "Tildel");
        set_table(Lang::Da, parse_table(r#"{"Assign": "Other"}"#).unwrap());
        assert_eq!(tr("Assign"), "Tildel", "the first table stays");
        assert_eq!(LOADED.with(|l| l.borrow().len()), 1);
        assert!(!use_language(Lang::Fr), "French was never loaded");
        assert_eq!(current(), Lang::Da);
        use_language(Lang::En);
        assert!(parse_table("[1]").is_err());
        assert!(parse_table(r#"{"a": 1}"#).unwrap_err().contains("not text"));
    }

    #[test]
    fn a_look_up_is_a_hash_look_up() {
        let table: Table = (0..20_000)
            .map(|i| (format!("key {i}"), format!("v {i}").into()))
            .collect();
        set_table(Lang::Fr, table);
        let started = std::time::Instant::now();
        for _ in 0..20_000 {
            assert_eq!(tr("key 19999"), "v 19999");
        }
        // A linear scan: 20,000 x 20,000 comparisons; a hash: 20,000.
        assert!(
            started.elapsed().as_millis() < 2_000,
            "{:?}",
            started.elapsed()
        );
        use_language(Lang::En);
    }
}
