//! Who may overwrite whose mobile config (contract 2.1), and the ids.

use super::Login;
use crate::i18n::tr;
use crate::trf;
use serde::Deserialize;

/// A Telecom X object id: 24 hexadecimal characters. The docs print ids as
/// `ObjectId("...")`; on the wire they are plain strings.
pub fn is_object_id(s: &str) -> bool {
    let s = s.trim();
    s.len() == 24 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Access levels, lowest to highest (contract 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    NoLogin,
    Personal,
    Viewer,
    Manager,
    Owner,
    Reseller,
    ResellerAdmin,
    Admin,
}

impl Level {
    pub const ALL: [Level; 8] = [
        Level::NoLogin,
        Level::Personal,
        Level::Viewer,
        Level::Manager,
        Level::Owner,
        Level::Reseller,
        Level::ResellerAdmin,
        Level::Admin,
    ];

    pub fn wire(self) -> &'static str {
        match self {
            Level::NoLogin => "NO_LOGIN",
            Level::Personal => "PERSONAL",
            Level::Viewer => "VIEWER",
            Level::Manager => "MANAGER",
            Level::Owner => "OWNER",
            Level::Reseller => "RESELLER",
            Level::ResellerAdmin => "RESELLER_ADMIN",
            Level::Admin => "ADMIN",
        }
    }

    pub fn from_wire(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.wire() == s.trim())
    }
}

/// The level a copy onto `target` needs (contract 2.1): PERSONAL for one's
/// own config, VIEWER (or MANAGER, OWNER) for an employee of the same
/// customer, RESELLER for an employee of a customer of theirs, ADMIN for
/// anyone. Which customers are "theirs" the console cannot see, so another
/// customer's employee is said to need RESELLER; the API may still answer
/// that only ADMIN will do.
pub fn level_needed(me: &Login, target_id: &str, target_customer: &str) -> Level {
    if target_id.eq_ignore_ascii_case(&me.employee) {
        Level::Personal
    } else if target_customer.eq_ignore_ascii_case(&me.customer) {
        Level::Viewer
    } else {
        Level::Reseller
    }
}

/// Why a 403 on a copy onto `target_id` (of `target_customer`) happened, in
/// the words of contract 2.1: the level it needs and the level one has.
pub fn access_hint(me: &Login, target_id: &str, target_customer: &str) -> String {
    let needed = level_needed(me, target_id, target_customer);
    let mine = me.access_level.map_or_else(|| tr("unknown"), Level::wire);
    if needed == Level::Reseller && me.access_level >= Some(needed) {
        // Enough for one of one's own customers: so this one is not.
        return trf!("This customer is not one of yours, so only ADMIN may overwrite its employees' configs; you are logged in as {mine}.", mine = mine);
    }
    let level = needed.wire();
    match needed {
        Level::Personal => trf!("Overwriting your own config needs access level {level} or higher; you are logged in as {mine}.", level = level, mine = mine),
        Level::Viewer => trf!("Overwriting an employee of your own company needs access level {level} or higher; you are logged in as {mine}.", level = level, mine = mine),
        _ => trf!("Overwriting an employee of one of your customers (of any other customer: ADMIN) needs access level {level} or higher; you are logged in as {mine}.", level = level, mine = mine),
    }
}

/// A level as the API writes it; one we do not know reads as `None`.
pub(super) fn level<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Level>, D::Error> {
    Ok(Option::<String>::deserialize(d)?
        .as_deref()
        .and_then(Level::from_wire))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_levels() {
        assert!(is_object_id("12345678901234567890ABCD"));
        assert!(is_object_id(" 12345678901234567890abcd "));
        assert!(!is_object_id("12345678901234567890ABC"));
        assert!(!is_object_id("12345678901234567890ABCG"));
        assert!(Level::Viewer < Level::Reseller && Level::ResellerAdmin < Level::Admin);
        for l in Level::ALL {
            assert_eq!(Level::from_wire(l.wire()), Some(l));
        }
        let me = Login {
            token: "t".into(),
            expires_in_minutes: 15,
            employee: "ee0000000000000000002001".into(),
            customer: "c0ffee000000000000000001".into(),
            access_level: Some(Level::Reseller),
            name: "Rasmus".into(),
        };
        assert_eq!(
            level_needed(&me, "EE0000000000000000002001", "x"),
            Level::Personal
        );
        assert_eq!(
            level_needed(&me, "ee0000000000000000009999", "c0ffee000000000000000001"),
            Level::Viewer
        );
        assert_eq!(
            level_needed(&me, "ee0000000000000000009999", "c0ffee000000000000000002"),
            Level::Reseller
        );
        assert_eq!(
            access_hint(&me, "ee0000000000000000009999", "c0ffee000000000000000004"),
            "This customer is not one of yours, so only ADMIN may overwrite its employees' configs; you are logged in as RESELLER."
        );
        let jonas = Login {
            access_level: Some(Level::Viewer),
            ..me.clone()
        };
        assert_eq!(
            access_hint(&jonas, "ee0000000000000000009999", "c0ffee000000000000000002"),
            "Overwriting an employee of one of your customers (of any other customer: ADMIN) needs access level RESELLER or higher; you are logged in as VIEWER."
        );
        let viewer = Login {
            access_level: Some(Level::Personal),
            ..me.clone()
        };
        assert!(
            access_hint(&viewer, "ee0000000000000000009999", &me.customer)
                .contains("needs access level VIEWER or higher; you are logged in as PERSONAL")
        );
    }
}
