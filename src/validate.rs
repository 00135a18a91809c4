//! Input checks shared by every form. Pure, so they run natively in tests.
//! `Err` blocks a submit; a `Warning` is shown but does not block.

use crate::i18n::tr;
use crate::trf;

/// A GUID as the Dimensions API writes tenant and user ids: 8-4-4-4-12 hex
/// digits, optionally in braces (as some tools copy them).
pub fn is_guid(s: &str) -> bool {
    let s = s.trim();
    let s = s
        .strip_prefix('{')
        .and_then(|x| x.strip_suffix('}'))
        .unwrap_or(s);
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The GUID as sent: trimmed, braces removed.
pub fn normalize_guid(s: &str) -> String {
    let s = s.trim();
    s.strip_prefix('{')
        .and_then(|x| x.strip_suffix('}'))
        .unwrap_or(s)
        .to_string()
}

// `what` below names the field with its article, translated by the caller
// (`tr("the user id")`): languages put articles and genders differently, so
// the sentences take the whole phrase.

/// "Enter the user id."
fn enter(what: &str) -> String {
    trf!("Enter {what}.", what = what)
}

/// A sentence that starts with a placeholder, its first letter capitalised
/// (ASCII and Latin-1 letters, which is what our languages start a field's
/// name with: Unicode's case tables would cost 10 KB of wasm).
fn capitalized(s: String) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => {
            let upper = match first {
                'a'..='z' => first.to_ascii_uppercase(),
                '\u{e0}'..='\u{fe}' if first != '\u{f7}' => {
                    char::from_u32(first as u32 - 32).unwrap_or(first)
                }
                _ => first,
            };
            std::iter::once(upper).chain(c).collect()
        }
        None => s,
    }
}

/// Validates a GUID field.
pub fn guid(value: &str, what: &str) -> Result<(), String> {
    let v = value.trim();
    if v.is_empty() {
        Err(enter(what))
    } else if !is_guid(v) {
        Err(capitalized(trf!(
            "{what} must be a GUID like 1b4e28ba-2fa1-41d2-883f-0016d3cca427 (8-4-4-4-12 hexadecimal digits).",
            what = what
        )))
    } else {
        Ok(())
    }
}

/// Checks a picker's value (`pick::resolve`): a chosen entry or a pasted
/// GUID. `empty` and `wrong` are the two messages, translated.
pub fn chosen(value: &str, empty: &str, wrong: &str) -> Result<(), String> {
    let v = value.trim();
    if v.is_empty() {
        Err(empty.into())
    } else if !is_guid(v) {
        Err(wrong.into())
    } else {
        Ok(())
    }
}

/// Whether more typing could still turn `s` into a GUID. Input that cannot
/// (a letter past `f`, too long, a stray space) is flagged at once.
pub fn could_become_guid(s: &str) -> bool {
    let t = s.trim_start();
    let t = t.strip_prefix('{').unwrap_or(t);
    let t = t.strip_suffix('}').unwrap_or(t).trim_end();
    t.len() <= 36 && t.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
}

/// A value that must not be blank.
pub fn required(value: &str, what: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        Err(enter(what))
    } else {
        Ok(())
    }
}

/// A URL with the given scheme (`https` or `wss`) and a host.
pub fn url_with_scheme(value: &str, scheme: &str, what: &str) -> Result<(), String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(enter(what));
    }
    let host = v
        .strip_prefix(scheme)
        .and_then(|r| r.strip_prefix("://"))
        .map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    match host {
        Some(h) if !h.is_empty() && !h.contains(' ') && !v.contains(' ') => Ok(()),
        _ => Err(capitalized(trf!(
            "{what} must be a {scheme}:// address, e.g. {scheme}://pbx.example.com.",
            what = what,
            scheme = scheme
        ))),
    }
}

/// A `hh:mm:ss` duration with hours 00-23 and minutes/seconds 00-59, not zero.
pub fn hms(value: &str, what: &str) -> Result<(), String> {
    let v = value.trim();
    let parts: Vec<&str> = v.split(':').collect();
    let ok = parts.len() == 3
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
        && {
            let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(99)).collect();
            n[0] <= 23 && n[1] <= 59 && n[2] <= 59 && n.iter().any(|x| *x > 0)
        };
    if v.is_empty() {
        Err(enter(what))
    } else if ok {
        Ok(())
    } else {
        Err(capitalized(trf!(
            "{what} must be a duration as hh:mm:ss, from 00:00:01 to 23:59:59, e.g. 00:20:00.",
            what = what
        )))
    }
}

/// A Kazoo device id is 32 hexadecimal characters.
pub fn looks_like_kazoo_device_id(s: &str) -> bool {
    let s = s.trim();
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Device id: required; a shape that is not a Kazoo id only warns.
pub fn device_id(value: &str) -> Result<Option<String>, String> {
    let v = value.trim();
    if v.is_empty() {
        Err(tr("Enter the device id (the device's id on the PBX).").into())
    } else if !looks_like_kazoo_device_id(v) {
        Ok(Some(trf!(
            "This does not look like a Kazoo device id (32 hexadecimal characters; this one has {count}). You can still send it.",
            count = v.chars().count()
        )))
    } else {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids() {
        assert!(is_guid("1b4e28ba-2fa1-41d2-883f-0016d3cca427"));
        assert!(is_guid(" 1B4E28BA-2FA1-41D2-883F-0016D3CCA427 "));
        assert!(is_guid("{1b4e28ba-2fa1-41d2-883f-0016d3cca427}"));
        for bad in [
            "",
            "1b4e28ba2fa141d2883f0016d3cca427",
            "1b4e28ba-2fa1-41d2-883f-0016d3cca42",
            "1b4e28ba-2fa1-41d2-883f-0016d3cca4277",
            "1b4e28ba-2fa1-41d2-883f-0016d3cca42g",
            "1b4e28ba-2fa1-41d2-883f0-016d3cca427",
            "{1b4e28ba-2fa1-41d2-883f-0016d3cca427",
            "<img src=x onerror=alert(1)>",
            "é4e28ba-2fa1-41d2-883f-0016d3cca427",
        ] {
            assert!(!is_guid(bad), "{bad}");
        }
        assert_eq!(
            normalize_guid(" {1b4e28ba-2fa1-41d2-883f-0016d3cca427} "),
            "1b4e28ba-2fa1-41d2-883f-0016d3cca427"
        );
    }

    #[test]
    fn hopeless_input_is_spotted_while_typing() {
        assert!(could_become_guid(""));
        assert!(could_become_guid("1b4e28ba-2f"));
        assert!(could_become_guid("{1b4e28ba-2fa1-41d2-883f-0016d3cca427}"));
        assert!(!could_become_guid("1b4e28ba-2fx"));
        assert!(!could_become_guid("1b4e 28ba"));
        assert!(!could_become_guid("1b4e28ba-2fa1-41d2-883f-0016d3cca4270"));
    }

    #[test]
    fn guid_messages() {
        assert_eq!(guid("", "the user id"), Err("Enter the user id.".into()));
        assert!(guid("nope", "the user id")
            .unwrap_err()
            .starts_with("The user id must be a GUID"));
        assert_eq!(capitalized("\u{e6}ble".into()), "\u{c6}ble");
        assert_eq!(
            capitalized("l\u{2019}h\u{f4}te".into()),
            "L\u{2019}h\u{f4}te"
        );
        assert_eq!(capitalized(String::new()), "");
        assert_eq!(
            guid("1b4e28ba-2fa1-41d2-883f-0016d3cca427", "the user id"),
            Ok(())
        );
    }

    #[test]
    fn device_ids_warn_but_do_not_block() {
        assert!(device_id("  ").is_err());
        assert_eq!(device_id("0123456789abcdef0123456789ABCDEF"), Ok(None));
        let warn = device_id("my-phone").unwrap().unwrap();
        assert!(warn.contains("this one has 8"));
        assert!(device_id("0123456789abcdef0123456789abcdeg")
            .unwrap()
            .is_some());
    }

    #[test]
    fn urls_need_their_scheme_and_a_host() {
        assert_eq!(
            url_with_scheme("https://rest.example.com", "https", "the REST host"),
            Ok(())
        );
        assert_eq!(
            url_with_scheme("https://rest.example.com:8443/v2", "https", "the REST host"),
            Ok(())
        );
        assert_eq!(
            url_with_scheme("wss://ws.example.com", "wss", "the websocket host"),
            Ok(())
        );
        assert!(url_with_scheme("", "https", "the REST host")
            .unwrap_err()
            .starts_with("Enter"));
        for bad in [
            "http://rest.example.com",
            "rest.example.com",
            "https://",
            "https:///x",
            "wss://ws.example.com",
            "https://a b",
        ] {
            assert!(
                url_with_scheme(bad, "https", "the REST host")
                    .unwrap_err()
                    .contains("https://"),
                "{bad}"
            );
        }
    }

    #[test]
    fn durations() {
        for good in ["00:20:00", "23:59:59", "00:00:01", " 01:00:00 "] {
            assert_eq!(hms(good, "the frequency"), Ok(()), "{good}");
        }
        for bad in [
            "25:00:00", "abc", "00:60:00", "00:00:60", "1:00:00", "00:20", "00:00:00", "00:2a:00",
            "-1:00:00",
        ] {
            assert!(
                hms(bad, "the frequency").unwrap_err().contains("hh:mm:ss"),
                "{bad}"
            );
        }
        assert!(hms("", "the frequency").unwrap_err().starts_with("Enter"));
        assert_eq!(required("  ", "the name"), Err("Enter the name.".into()));
        assert_eq!(required("x", "the name"), Ok(()));
    }
}
