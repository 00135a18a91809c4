//! A JSON value, its parser and its writers: the few things the console
//! does with JSON (read an answer, the config and host messages; write a
//! request body; show one, pretty, in the charge dialog). Pure, tested
//! natively, also against serde_json's output.
//!
//! Hand-written instead of serde_json: serde_json's generic deserializer and
//! serializer, with the `BTreeMap` behind its objects, cost about 26 KB of
//! the optimised wasm (docs/decisions.md, Size). Objects keep their keys in
//! order in a `Vec`; numbers keep their text, as nothing here computes with
//! a fractional number.

use std::fmt;

#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    /// A number as it was written (or as an integer was printed).
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// A JSON object: keys in order, each once.
#[derive(Clone, Debug, Default)]
pub struct Map(Vec<(String, Value)>);

impl Map {
    pub fn new() -> Self {
        Map(Vec::new())
    }

    /// Sets `key`, replacing an earlier value.
    pub fn insert(&mut self, key: String, value: Value) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&String, &mut Value)> {
        self.0.iter_mut().map(|(k, v)| (&*k, v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Objects are equal with the same keys and values, in any order.
impl PartialEq for Map {
    fn eq(&self, other: &Map) -> bool {
        self.len() == other.len() && self.0.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Array(a), Value::Array(b)) => a == b,
            (Value::Object(a), Value::Object(b)) => a == b,
            _ => false,
        }
    }
}

static NULL: Value = Value::Null;

impl Value {
    /// An object from key-value pairs.
    pub fn object<const N: usize>(pairs: [(&str, Value); N]) -> Value {
        let mut m = Map::new();
        for (k, v) in pairs {
            m.insert(k.to_string(), v);
        }
        Value::Object(m)
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(m) => m.get(key),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// A whole number from 0 up, as written (`12`, not `12.0` or `1e1`).
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    /// A whole number, negative ones too.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Parses JSON text. The error says what was expected and where.
    pub fn parse(text: &str) -> Result<Value, String> {
        let mut p = Parser {
            s: text.as_bytes(),
            i: 0,
            depth: 0,
        };
        let v = p.value()?;
        p.space();
        if p.i < p.s.len() {
            return Err(p.error("nothing more"));
        }
        Ok(v)
    }

    /// Indented by two spaces, for people to read.
    pub fn to_pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Some(0));
        out
    }

    fn write(&self, out: &mut String, indent: Option<usize>) {
        let newline = |out: &mut String, level: usize| {
            out.push('\n');
            for _ in 0..level {
                out.push_str("  ");
            }
        };
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(n),
            Value::String(s) => write_str(out, s),
            Value::Array(items) if items.is_empty() => out.push_str("[]"),
            Value::Object(m) if m.is_empty() => out.push_str("{}"),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    if let Some(level) = indent {
                        newline(out, level + 1);
                    }
                    item.write(out, indent.map(|l| l + 1));
                }
                if let Some(level) = indent {
                    newline(out, level);
                }
                out.push(']');
            }
            Value::Object(m) => {
                out.push('{');
                for (i, (k, v)) in m.0.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    if let Some(level) = indent {
                        newline(out, level + 1);
                    }
                    write_str(out, k);
                    out.push(':');
                    if indent.is_some() {
                        out.push(' ');
                    }
                    v.write(out, indent.map(|l| l + 1));
                }
                if let Some(level) = indent {
                    newline(out, level);
                }
                out.push('}');
            }
        }
    }
}

/// Compact JSON text, as sent in a request body.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.write(&mut out, None);
        f.write_str(&out)
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

/// `value[0]`: `null` when there is no such item.
impl std::ops::Index<usize> for Value {
    type Output = Value;
    fn index(&self, i: usize) -> &Value {
        self.as_array().and_then(|a| a.get(i)).unwrap_or(&NULL)
    }
}

/// `value["key"]`: `null` when there is no such key.
impl std::ops::Index<&str> for Value {
    type Output = Value;
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NULL)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<u64> for Value {
    fn from(n: u64) -> Value {
        Value::Number(n.to_string())
    }
}
impl From<u32> for Value {
    fn from(n: u32) -> Value {
        Value::Number(n.to_string())
    }
}

fn write_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Nesting deeper than this is refused (a hostile body must not exhaust the
/// stack); serde_json's limit too.
const MAX_DEPTH: u32 = 128;

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    depth: u32,
}

impl Parser<'_> {
    fn error(&self, expected: &str) -> String {
        let before = &self.s[..self.i.min(self.s.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        let what = if self.i >= self.s.len() {
            "the end"
        } else {
            "something else"
        };
        format!("expected {expected} at line {line}, column {column}, found {what}")
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.s.get(self.i) == Some(&b) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Result<Value, String> {
        self.space();
        let Some(&b) = self.s.get(self.i) else {
            return Err(self.error("a value"));
        };
        match b {
            b'{' | b'[' => {
                if self.depth >= MAX_DEPTH {
                    return Err(self.error("less nesting"));
                }
                self.depth += 1;
                self.i += 1;
                let v = if b == b'{' {
                    self.object()
                } else {
                    self.array()
                };
                self.depth -= 1;
                v
            }
            b'"' => self.string().map(Value::String),
            b't' => self.word("true", Value::Bool(true)),
            b'f' => self.word("false", Value::Bool(false)),
            b'n' => self.word("null", Value::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(self.error("a value")),
        }
    }

    fn word(&mut self, word: &str, v: Value) -> Result<Value, String> {
        if self.s[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.error("a value"))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.s.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.i;
        self.eat(b'-');
        if self.eat(b'0') {
            // No leading zeros.
        } else if self.digits() == 0 {
            return Err(self.error("a digit"));
        }
        if self.eat(b'.') && self.digits() == 0 {
            return Err(self.error("a digit"));
        }
        if self.eat(b'e') || self.eat(b'E') {
            let _ = self.eat(b'+') || self.eat(b'-');
            if self.digits() == 0 {
                return Err(self.error("a digit"));
            }
        }
        // Only ASCII was consumed.
        let text = String::from_utf8_lossy(&self.s[start..self.i]).into_owned();
        Ok(Value::Number(text))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let mut n = 0;
        for _ in 0..4 {
            let d = self
                .s
                .get(self.i)
                .and_then(|&b| (b as char).to_digit(16))
                .ok_or_else(|| self.error("a hex digit"))?;
            n = n * 16 + d;
            self.i += 1;
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<String, String> {
        self.i += 1; // the opening quote
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(&b) = self.s.get(self.i) else {
                return Err(self.error("a closing quote"));
            };
            self.i += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let Some(&e) = self.s.get(self.i) else {
                        return Err(self.error("an escape"));
                    };
                    self.i += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                // A surrogate pair: the low half must follow.
                                if !(self.eat(b'\\') && self.eat(b'u')) {
                                    return Err(self.error("the second half of a surrogate pair"));
                                }
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.error("the second half of a surrogate pair"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(code).ok_or_else(|| self.error("a valid \\u escape"))?
                        }
                        _ => {
                            self.i -= 1;
                            return Err(self.error("an escape"));
                        }
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1f => {
                    self.i -= 1;
                    return Err(self.error("no control character in a string"));
                }
                _ => out.push(b),
            }
        }
        // The input was a `str` and escapes were written as UTF-8.
        String::from_utf8(out).map_err(|_| self.error("UTF-8 text"))
    }

    fn array(&mut self) -> Result<Value, String> {
        let mut items = Vec::new();
        self.space();
        if self.eat(b']') {
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.space();
            if self.eat(b']') {
                return Ok(Value::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.error("`,` or `]`"));
            }
        }
    }

    fn object(&mut self) -> Result<Value, String> {
        let mut m = Map::new();
        self.space();
        if self.eat(b'}') {
            return Ok(Value::Object(m));
        }
        loop {
            self.space();
            if self.s.get(self.i) != Some(&b'"') {
                return Err(self.error("a key in quotes"));
            }
            let key = self.string()?;
            self.space();
            if !self.eat(b':') {
                return Err(self.error("`:`"));
            }
            let v = self.value()?;
            m.insert(key, v);
            self.space();
            if self.eat(b'}') {
                return Ok(Value::Object(m));
            }
            if !self.eat(b',') {
                return Err(self.error("`,` or `}`"));
            }
        }
    }
}

/// For tests across the crate: serde_json's `json!` value as ours.
#[cfg(test)]
pub fn from_serde(v: serde_json::Value) -> Value {
    Value::parse(&v.to_string()).expect("serde_json writes valid JSON")
}

/// For tests: `json!` as serde_json has it, giving our `Value`.
#[cfg(test)]
macro_rules! json {
    ($($t:tt)+) => {
        $crate::api::value::from_serde(serde_json::json!($($t)+))
    };
}
#[cfg(test)]
pub(crate) use json;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_serde_json_writes_and_writes_what_it_reads() {
        let v = serde_json::json!({
            "s": "quote \" backslash \\ slash / tab \t nl \n ctl \u{1} \u{7f} é 😀 \u{2028}",
            "n": [0, -1, 12, 1.5, -2.5e-3, 1E10, 18446744073709551615u64],
            "b": [true, false, null],
            "o": {"nested": {"deep": [[], {}]}},
            "empty": ""
        });
        let text = v.to_string();
        let ours = Value::parse(&text).unwrap();
        assert_eq!(ours["s"].as_str(), v["s"].as_str());
        assert_eq!(ours["n"].as_array().unwrap().len(), 7);
        assert_eq!(ours["n"].as_array().unwrap()[2].as_u64(), Some(12));
        assert_eq!(ours["n"].as_array().unwrap()[6].as_u64(), Some(u64::MAX));
        assert_eq!(ours["n"].as_array().unwrap()[1].as_u64(), None);
        assert_eq!(ours["n"].as_array().unwrap()[3].as_u64(), None);
        assert_eq!(ours["b"].as_array().unwrap()[0].as_bool(), Some(true));
        assert!(ours["b"].as_array().unwrap()[2].is_null());
        assert!(ours["missing"].is_null());
        // Round trip through our writers, compact and pretty, and serde_json's reader.
        for written in [ours.to_string(), ours.to_pretty()] {
            let back: serde_json::Value = serde_json::from_str(&written).unwrap();
            assert_eq!(back, v, "{written}");
        }
    }

    #[test]
    fn pretty_is_two_space_indented_like_serde_json() {
        let v = serde_json::json!({"clientType": "desktop", "list": [1, {"a": []}], "o": {}});
        let ours = from_serde(v.clone());
        assert_eq!(ours.to_pretty(), serde_json::to_string_pretty(&v).unwrap());
        assert_eq!(
            ours.to_string(),
            r#"{"clientType":"desktop","list":[1,{"a":[]}],"o":{}}"#
        );
    }

    #[test]
    fn whitespace_and_order() {
        let v = Value::parse(" \r\n\t{ \"b\" : 1 , \"a\" : [ ] } \n").unwrap();
        // Keys keep their order; equality does not depend on it.
        assert_eq!(v.to_string(), r#"{"b":1,"a":[]}"#);
        assert_eq!(v, Value::parse(r#"{"a":[],"b":1}"#).unwrap());
        assert_ne!(v, Value::parse(r#"{"a":[],"b":2}"#).unwrap());
        assert_ne!(v, Value::parse(r#"{"a":[]}"#).unwrap());
        // A repeated key: the last one counts, as in serde_json.
        assert_eq!(
            Value::parse(r#"{"a":1,"a":2}"#).unwrap()["a"].as_u64(),
            Some(2)
        );
    }

    #[test]
    fn bad_json_is_refused_with_where_and_what() {
        for (text, expected) in [
            ("", "expected a value at line 1, column 1, found the end"),
            (
                "{",
                "expected a key in quotes at line 1, column 2, found the end",
            ),
            ("{\"a\" 1}", "expected `:` at line 1, column 6"),
            ("[1 2]", "expected `,` or `]` at line 1, column 4"),
            ("{\"a\":1,}", "expected a key in quotes at line 1, column 8"),
            ("[1,]", "expected a value at line 1, column 4"),
            ("tru", "expected a value"),
            ("01", "expected nothing more at line 1, column 2"),
            ("-", "expected a digit"),
            ("1.", "expected a digit"),
            ("1e", "expected a digit"),
            ("\"abc", "expected a closing quote"),
            ("\"a\\x\"", "expected an escape at line 1, column 4"),
            ("\"\\ud800\"", "surrogate pair"),
            ("\"\\ud800\\u0041\"", "surrogate pair"),
            ("\"\\udc00\"", "a valid \\u escape"),
            ("\"a\nb\"", "no control character"),
            ("{}\n x", "expected nothing more at line 2, column 2"),
            ("<html>", "expected a value"),
        ] {
            let e = Value::parse(text).unwrap_err();
            assert!(e.contains(expected), "{text:?}: {e}");
            assert!(
                serde_json::from_str::<serde_json::Value>(text).is_err(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = "[".repeat(100_000);
        assert!(Value::parse(&deep).unwrap_err().contains("less nesting"));
        let ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(Value::parse(&ok).is_ok());
    }

    #[test]
    fn building_values() {
        let v = Value::object([("a", "x".into()), ("n", 3u32.into()), ("t", true.into())]);
        assert_eq!(v.to_string(), r#"{"a":"x","n":3,"t":true}"#);
        let mut m = Map::new();
        m.insert("k".into(), Value::Null);
        m.insert("k".into(), 1u64.into());
        assert_eq!(Value::Object(m).to_string(), r#"{"k":1}"#);
    }
}
