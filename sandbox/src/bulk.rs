//! The bulk test customer: one tenant with many users, each with one PBX
//! device, for the console's bulk softphone assignment (a CSV of
//! `userId,deviceId,clientType[,action]` rows for one customer). Derived
//! deterministically from the `bulkCustomer` section of the seed.
//!
//! User `n` (`1..=count`) has the id `userIdPrefix` + `n` zero-padded to a
//! GUID's 36 characters, and one device whose id is `deviceIdPrefix` + `n`
//! zero-padded to a Kazoo id's 32 characters. Every user has both softphone
//! roles except every `missingSoftphoneRoleEvery`-th, who lacks
//! `customer_user_uc_softphone` (assigning answers 422); every
//! `chargedDeviceEvery`-th device is charged (assigning or unassigning it
//! answers 402 without `accept-charges: true`). The role check comes first,
//! so a user who is both answers 422 to an assign.

use serde::Deserialize;

use crate::generated::{ascii_slug, FIRST_NAMES, LAST_NAMES};
use crate::seed::{Customer, Device, User};

/// The most users `count` may ask for: the console's bulk page reads at
/// most 100,000 rows.
pub const MAX_COUNT: u32 = 100_000;

/// A GUID's length: user ids are padded to it.
const GUID_LEN: usize = 36;
/// A Kazoo device id's length: device ids are padded to it.
const KAZOO_LEN: usize = 32;

/// Both prerequisite roles (underscore spelling), as most bulk users have them.
const BOTH_ROLES: [&str; 3] = [
    "customer_user",
    "customer_user_uc",
    "customer_user_uc_softphone",
];
/// The roles of a user who lacks `customer_user_uc_softphone`.
const WITHOUT_SOFTPHONE: [&str; 2] = ["customer_user", "customer_user_uc"];

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BulkCustomer {
    #[serde(default, rename = "_comment")]
    pub comment: Option<String>,
    /// The customer itself, as a hand-written one (`charged` applies to all
    /// of its devices).
    pub customer: Customer,
    /// How many users (each with one device) to generate (1..=100000;
    /// `POST /__sandbox/bulk` changes it until the next reset).
    pub count: u32,
    /// User `n`'s id is this + `n` zero-padded to 36 characters.
    pub user_id_prefix: String,
    /// User `n`'s device id is this + `n` zero-padded to 32 characters.
    pub device_id_prefix: String,
    /// User `n` lacks `customer_user_uc_softphone` when `n` is a multiple
    /// of this (0: nobody).
    pub missing_softphone_role_every: u32,
    /// User `n`'s device is charged when `n` is a multiple of this (0: none).
    pub charged_device_every: u32,
}

impl BulkCustomer {
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=MAX_COUNT).contains(&self.count) {
            return Err(format!(
                "seed: bulkCustomer.count must be within 1..={MAX_COUNT}"
            ));
        }
        let digits = self.count.to_string().len();
        for (what, prefix, len) in [
            ("userIdPrefix", &self.user_id_prefix, GUID_LEN),
            ("deviceIdPrefix", &self.device_id_prefix, KAZOO_LEN),
        ] {
            if prefix.len() + digits > len {
                return Err(format!(
                    "seed: bulkCustomer.{what} {prefix:?} leaves no room for {digits} digits \
                     in an id of {len} characters"
                ));
            }
        }
        // The ids themselves (GUIDs, Kazoo ids, unique) are checked with the
        // rest of the seed once expanded.
        Ok(())
    }

    /// User `n`'s id.
    pub fn user_id(&self, n: u32) -> String {
        pad(&self.user_id_prefix, n, GUID_LEN)
    }

    /// User `n`'s device id.
    pub fn device_id(&self, n: u32) -> String {
        pad(&self.device_id_prefix, n, KAZOO_LEN)
    }

    /// Whether user `n` lacks `customer_user_uc_softphone`.
    pub fn lacks_softphone_role(&self, n: u32) -> bool {
        n.is_multiple_of(self.missing_softphone_role_every)
    }

    /// Whether user `n`'s device is charged.
    pub fn device_charged(&self, n: u32) -> bool {
        n.is_multiple_of(self.charged_device_every)
    }

    /// The customer, its users and their devices, in `n` order.
    pub fn expand(&self) -> (Customer, Vec<User>, Vec<Device>) {
        let c = &self.customer;
        let domain = format!("{}.example", c.reference.to_ascii_lowercase());
        let mut users = Vec::with_capacity(self.count as usize);
        let mut devices = Vec::with_capacity(self.count as usize);
        for n in 1..=self.count {
            let i = n as usize;
            // 7 and 32, 5 and 31 are coprime: names repeat only after 992.
            let first = FIRST_NAMES[(i * 7) % FIRST_NAMES.len()];
            let last = LAST_NAMES[(i * 5 + 11) % LAST_NAMES.len()];
            let roles: &[&str] = if self.lacks_softphone_role(n) {
                &WITHOUT_SOFTPHONE
            } else {
                &BOTH_ROLES
            };
            let user = User {
                id: self.user_id(n),
                customer_id: c.id.clone(),
                display_name: format!("{first} {last}"),
                email: format!("{}.{}.{n:04}@{domain}", ascii_slug(first), ascii_slug(last)),
                primary_tenant: c.id.clone(),
                is_parent: false,
                roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            };
            devices.push(Device {
                id: self.device_id(n),
                user_id: user.id.clone(),
                name: format!("{} - UC softphone", user.display_name),
                charged: self.device_charged(n),
            });
            users.push(user);
        }
        (c.clone(), users, devices)
    }
}

/// `prefix` + `n` zero-padded so that the whole is `len` characters.
fn pad(prefix: &str, n: u32, len: usize) -> String {
    let width = len.saturating_sub(prefix.len());
    format!("{prefix}{n:0width$}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{is_guid, is_kazoo_id, Seed, DEFAULT_SEED};

    fn section() -> BulkCustomer {
        let seed: serde_json::Value = serde_json::from_str(DEFAULT_SEED).unwrap();
        serde_json::from_value(seed["bulkCustomer"].clone()).unwrap()
    }

    #[test]
    fn ids_and_rules_of_the_default_seed() {
        let b = section();
        assert_eq!(b.customer.id, "bbbbbbbb-0000-4000-8000-000000000001");
        assert_eq!(b.customer.name, "Onboarding Test ApS");
        assert_eq!(b.customer.reference, "BULK-001");
        assert!(!b.customer.charged);
        assert_eq!(b.count, 1000);
        assert_eq!(b.user_id(17), "bb000000-0000-4000-8000-000000000017");
        assert_eq!(b.device_id(17), "5eedbb00000000000000000000000017");
        assert_eq!(b.device_id(1000), "5eedbb00000000000000000000001000");
        assert!(is_guid(&b.user_id(1000)));
        assert!(is_kazoo_id(&b.device_id(1000)));

        let (c, users, devices) = b.expand();
        assert_eq!(c.id, b.customer.id);
        assert_eq!((users.len(), devices.len()), (1000, 1000));
        for (k, (u, d)) in users.iter().zip(&devices).enumerate() {
            let n = k as u32 + 1;
            assert_eq!(u.id, b.user_id(n));
            assert_eq!(d.id, b.device_id(n));
            assert_eq!(d.user_id, u.id);
            assert!(u.email.is_ascii(), "{}", u.email);
            let missing = u.missing_role();
            assert_eq!(
                missing,
                n.is_multiple_of(25).then_some("customer_user_uc_softphone"),
                "user {n}"
            );
            assert_eq!(d.charged, n.is_multiple_of(10), "device {n}");
        }
        let e = &users[16].email;
        assert!(e.ends_with(".0017@bulk-001.example"), "{e}");
        let names: std::collections::HashSet<&str> =
            users.iter().map(|u| u.display_name.as_str()).collect();
        assert!(names.len() >= 992, "{}", names.len());
    }

    #[test]
    fn bad_sections_are_rejected() {
        let good: serde_json::Value = serde_json::from_str(DEFAULT_SEED).unwrap();
        let bad_with = |f: &dyn Fn(&mut serde_json::Value)| {
            let mut bad = good.clone();
            f(&mut bad["bulkCustomer"]);
            match Seed::parse(&bad.to_string()) {
                Ok(_) => panic!("accepted: {}", bad["bulkCustomer"]),
                Err(e) => e,
            }
        };
        assert!(bad_with(&|b| b["count"] = 0.into()).contains("count"));
        assert!(bad_with(&|b| b["count"] = 100_001.into()).contains("count"));
        assert!(bad_with(&|b| b["colour"] = "red".into()).contains("colour"));
        let err = bad_with(&|b| b["userIdPrefix"] = "bb000000-0000-4000-8000-0000000000".into());
        assert!(err.contains("userIdPrefix"), "{err}");
        let err = bad_with(&|b| b["userIdPrefix"] = "bb000000-0000-4000-8000".into());
        assert!(err.contains("not a GUID"), "{err}");
        let err = bad_with(&|b| b["deviceIdPrefix"] = "5EEDBB00".into());
        assert!(err.contains("32 lowercase hex"), "{err}");
        // Clashing with hand-written ids is caught by the seed's checks.
        let err =
            bad_with(&|b| b["customer"]["id"] = "11111111-2222-4333-8444-555555555555".into());
        assert!(err.contains("duplicate customer"), "{err}");
        let err = bad_with(&|b| {
            // Device 1011 would be Mette Jensen's.
            b["deviceIdPrefix"] = "5eed000000000000000000000000".into();
            b["count"] = 1100.into();
        });
        assert!(err.contains("duplicate device"), "{err}");
    }
}
