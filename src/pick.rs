//! The logic of the customer and user pickers (issue 5): matching typed text
//! against names, moving through a list with the keyboard, the recent
//! choices, and the softphone role check. Pure, tested natively; the
//! widgets are `ui/combobox.rs` and `ui/pickers.rs`.

use crate::validate;

/// One entry of a picker's list (read from a look-up's `Listed` entry).
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
#[serde(from = "crate::api::dimensions::Listed")]
pub struct Choice {
    /// The GUID the choice stands for.
    pub id: String,
    /// What the person reads and types: a name.
    pub label: String,
    /// A second line: a customer's reference, a user's email.
    pub detail: String,
}

/// `s` lower-cased with the accents of Western European letters removed, so
/// that "sofie" finds "Sofie", "soren" finds "Søren" and "jose" finds
/// "José". Only Latin-1 letters (and œ) are mapped: Unicode's full tables
/// would cost more wasm than they are worth for names typed in a search box.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let lower =
            if c.is_ascii_uppercase() || (('\u{c0}'..='\u{de}').contains(&c) && c != '\u{d7}') {
                char::from_u32(c as u32 + 32).unwrap_or(c)
            } else {
                c
            };
        let base = match lower {
            'à'..='å' => "a",
            'æ' => "ae",
            'ç' => "c",
            'è'..='ë' => "e",
            'ì'..='ï' => "i",
            'ð' => "d",
            'ñ' => "n",
            'ò'..='ö' | 'ø' => "o",
            'ù'..='ü' => "u",
            'ý' | 'ÿ' => "y",
            'þ' => "th",
            'ß' => "ss",
            'œ' | 'Œ' => "oe",
            _ => {
                out.push(lower);
                continue;
            }
        };
        out.push_str(base);
    }
    out
}

/// Whether every word typed appears in the label or the detail (folded).
pub fn matches(choice: &Choice, query: &str) -> bool {
    let hay = fold(&format!("{} {}", choice.label, choice.detail));
    fold(query)
        .split_whitespace()
        .all(|word| hay.contains(word))
}

/// The active entry after a key press, in a list of `len` entries (the
/// "Load more" entry, when shown, is one of them). `None` means no entry is
/// active (focus stays in the text). Down from nothing goes to the first,
/// up from nothing to the last; both wrap.
pub fn move_active(active: Option<usize>, len: usize, down: bool) -> Option<usize> {
    if len == 0 {
        return None;
    }
    Some(match (active, down) {
        (None, true) => 0,
        (None, false) => len - 1,
        (Some(i), true) => (i + 1) % len,
        (Some(i), false) => (i + len - 1) % len,
    })
}

/// How many recent choices are kept.
pub const RECENT_MAX: usize = 5;

/// The recent choices of this tab (memory only), newest first.
#[derive(Default)]
pub struct Recent {
    pub customers: Vec<Choice>,
    /// Users of any customer: those of the customer at hand are offered.
    pub users: Vec<Choice>,
}

impl Recent {
    /// The name of the customer `tenant`, if it was chosen in the picker.
    pub fn customer_name(&self, tenant: &str) -> Option<String> {
        find_label(&self.customers, tenant)
    }

    /// The name of the user `id`, if it was chosen in the picker.
    pub fn user_name(&self, id: &str) -> Option<String> {
        find_label(&self.users, id)
    }
}

fn find_label(list: &[Choice], id: &str) -> Option<String> {
    list.iter()
        .find(|c| c.id.eq_ignore_ascii_case(id.trim()))
        .map(|c| c.label.clone())
}

/// Puts `choice` first among the recent ones, once, keeping at most
/// `RECENT_MAX`.
pub fn remember(recent: &mut Vec<Choice>, choice: Choice) {
    recent.retain(|c| c.id != choice.id);
    recent.insert(0, choice);
    recent.truncate(RECENT_MAX);
}

/// The value a picker stands for: the chosen entry's id while the text is
/// still its label, else the text itself (a pasted GUID or Telecom X id, or
/// a name being typed, which the field's check then refuses).
pub fn resolve(text: &str, chosen: Option<&Choice>) -> String {
    match chosen {
        Some(c) if c.label == text => c.id.clone(),
        _ if validate::is_guid(text) => validate::normalize_guid(text),
        // A Telecom X id, as typed: ids are sent as given (and compared
        // without regard to case).
        _ if crate::api::telecomx::is_object_id(text) => text.trim().to_string(),
        _ => text.to_string(),
    }
}

/// The two roles a user needs for a softphone (contract 1.1).
pub const SOFTPHONE_ROLES: [&str; 2] = ["customer_user_uc", "customer_user_uc_softphone"];

/// Each prerequisite role and whether the user has it. The API writes roles
/// with underscores on one page and dots on another: both count.
pub fn role_check(roles: &[String]) -> [(&'static str, bool); 2] {
    SOFTPHONE_ROLES.map(|needed| {
        let has = roles
            .iter()
            .any(|r| r.trim().replace('.', "_").eq_ignore_ascii_case(needed));
        (needed, has)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: &str, label: &str, detail: &str) -> Choice {
        Choice {
            id: id.into(),
            label: label.into(),
            detail: detail.into(),
        }
    }

    #[test]
    fn folding_ignores_case_and_western_accents() {
        assert_eq!(fold("Søren Æbeltoft"), "soren aebeltoft");
        assert_eq!(fold("JOSÉ Müller-Lüdenscheidt"), "jose muller-ludenscheidt");
        assert_eq!(fold("François Œuvre Straße"), "francois oeuvre strasse");
        assert_eq!(fold("ÅSA ÖBERG ÑANDÚ"), "asa oberg nandu");
        // The multiplication sign is not a letter; non-Latin text is kept.
        assert_eq!(fold("2×3 Ωmega 東京"), "2×3 Ωmega 東京");
    }

    #[test]
    fn every_typed_word_must_match_name_or_detail() {
        let soren = c("1", "Søren Kierkegaard", "soren@example.dk");
        assert!(matches(&soren, "søren"));
        assert!(matches(&soren, "SOREN kier"));
        assert!(matches(&soren, "example.dk"));
        assert!(matches(&soren, "  "));
        assert!(!matches(&soren, "soren hansen"));
    }

    #[test]
    fn arrows_move_and_wrap() {
        assert_eq!(move_active(None, 3, true), Some(0));
        assert_eq!(move_active(None, 3, false), Some(2));
        assert_eq!(move_active(Some(0), 3, true), Some(1));
        assert_eq!(move_active(Some(2), 3, true), Some(0));
        assert_eq!(move_active(Some(0), 3, false), Some(2));
        assert_eq!(move_active(Some(1), 0, true), None);
    }

    #[test]
    fn recent_choices_are_few_newest_first_and_unique() {
        let mut recent = Vec::new();
        for i in 0..7 {
            remember(&mut recent, c(&i.to_string(), "n", ""));
        }
        remember(&mut recent, c("4", "n", ""));
        let ids: Vec<&str> = recent.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["4", "6", "5", "3", "2"]);
    }

    #[test]
    fn the_value_is_the_chosen_id_a_pasted_guid_or_the_text() {
        let acme = c("11111111-2222-4333-8444-555555555555", "Acme", "ACME-001");
        assert_eq!(resolve("Acme", Some(&acme)), acme.id);
        // Edited after choosing: no longer the choice.
        assert_eq!(resolve("Acme L", Some(&acme)), "Acme L");
        assert_eq!(
            resolve(" {1B4E28BA-2FA1-41D2-883F-0016D3CCA427} ", None),
            "1B4E28BA-2FA1-41D2-883F-0016D3CCA427"
        );
        assert_eq!(resolve("acme", None), "acme");
        // A Telecom X id is kept as typed, capitals and all.
        assert_eq!(
            resolve(" EE0000000000000000002004 ", None),
            "EE0000000000000000002004"
        );
    }

    #[test]
    fn both_role_spellings_count() {
        let roles = |r: &[&str]| r.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            role_check(&roles(&[
                "customer_user",
                "customer_user_uc",
                "customer_user_uc_softphone"
            ])),
            [
                ("customer_user_uc", true),
                ("customer_user_uc_softphone", true)
            ]
        );
        assert_eq!(
            role_check(&roles(&["customer.user.uc", "customer.user.uc.softphone"])),
            [
                ("customer_user_uc", true),
                ("customer_user_uc_softphone", true)
            ]
        );
        // Peter in the sandbox: no softphone role.
        assert_eq!(
            role_check(&roles(&[
                "customer.user",
                "customer.user.uc",
                "customer.user.uc.remote"
            ])),
            [
                ("customer_user_uc", true),
                ("customer_user_uc_softphone", false)
            ]
        );
        assert_eq!(
            role_check(&[]),
            [
                ("customer_user_uc", false),
                ("customer_user_uc_softphone", false)
            ]
        );
    }
}
