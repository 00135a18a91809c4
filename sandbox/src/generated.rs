//! Generated customers for the customer picker (contract 1.3): many tenants,
//! derived deterministically from the `generatedCustomers` section of the
//! seed, so that paging and filtering have something to work on.
//!
//! The customers are numbered `1..=count` and split into consecutive blocks
//! of `per_family = ceil(count / families)`, one block per family, in the
//! seed's order: with 260 customers and 20 families, 001-013 are the first
//! family, 014-026 the second, and so on. A filter on a family's word (say
//! `freight`) narrows the list to its block. Everything else (place, date,
//! flags, users, roles) is a pure function of `n`.

use std::time::{Duration, UNIX_EPOCH};

use serde::Deserialize;

use crate::seed::{Customer, User};
use crate::time;

/// The largest `count`: names and references carry `n` in three digits.
pub const MAX_COUNT: u32 = 999;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GeneratedCustomers {
    #[serde(default, rename = "_comment")]
    pub comment: Option<String>,
    /// How many customers to generate (1..=999).
    pub count: u32,
    pub parent_tenant_id: String,
    pub families: Vec<Family>,
}

/// A family of similar customers. In `name`, `reference` and `description`,
/// `{n}` is replaced by the customer's number in three digits (`017`) and
/// `{place}` by one of `places`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Family {
    pub name: String,
    pub reference: String,
    pub description: String,
    pub country_code: String,
    #[serde(default)]
    pub places: Vec<String>,
}

/// `c0000000-0000-4000-8000-000000000017` for customer 17.
pub fn customer_id(n: u32) -> String {
    format!("c0000000-0000-4000-8000-{n:012}")
}

/// `c1000000-0000-4000-8000-000000017002` for user 2 of customer 17.
pub fn user_id(n: u32, k: u32) -> String {
    format!("c1000000-0000-4000-8000-{n:09}{k:03}")
}

/// Generated customers are disabled when `n` is a multiple of this.
pub const DISABLED_EVERY: u32 = 19;
/// Generated customers are charged when `n` is a multiple of this.
pub const CHARGED_EVERY: u32 = 50;

pub(crate) const FIRST_NAMES: [&str; 32] = [
    "Anna", "Mikkel", "Søren", "Freja", "Lukas", "Hannah", "Oliver", "Chloé", "José", "Lucía",
    "Matteo", "Giulia", "Sanne", "Daan", "Aino", "Eero", "Astrid", "Erik", "Siobhan", "Conor",
    "Maya", "Noah", "Olivia", "Liam", "Aroha", "Tane", "Émile", "Zoë", "Jonas", "Ingrid", "Mateus",
    "Beatriz",
];

pub(crate) const LAST_NAMES: [&str; 31] = [
    "Berg",
    "Østergaard",
    "Kowalski",
    "Müller",
    "García",
    "Rossi",
    "de Vries",
    "Virtanen",
    "Lindqvist",
    "O'Brien",
    "Murphy",
    "Tremblay",
    "Nguyen",
    "Smith",
    "Walker",
    "Ngata",
    "Dubois",
    "Ferreira",
    "Silva",
    "Novak",
    "Andersen",
    "Fischer",
    "Keller",
    "Moreau",
    "Bianchi",
    "Jansen",
    "Koskinen",
    "Nilsson",
    "Kelly",
    "Thompson",
    "Evans",
];

/// Role sets, in both spellings; sets 3 and 4 lack a prerequisite role.
const ROLE_SETS: [&[&str]; 6] = [
    &[
        "customer_user",
        "customer_user_uc",
        "customer_user_uc_softphone",
    ],
    &[
        "customer.user",
        "customer.user.uc",
        "customer.user.uc.softphone",
    ],
    &["customer.user.uc", "customer_user_uc_softphone"],
    // lacks customer_user_uc_softphone
    &[
        "customer.user",
        "customer.user.uc",
        "customer.user.uc.remote",
    ],
    // lacks both
    &["customer_user"],
    &[
        "customer.admin",
        "customer.user.uc",
        "customer.user.uc.softphone",
    ],
];

impl GeneratedCustomers {
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=MAX_COUNT).contains(&self.count) {
            return Err(format!(
                "seed: generatedCustomers.count must be within 1..={MAX_COUNT}"
            ));
        }
        if self.families.is_empty() {
            return Err("seed: generatedCustomers.families is empty".into());
        }
        for f in &self.families {
            if !f.name.contains("{n}") || !f.reference.contains("{n}") {
                return Err(format!(
                    "seed: generated family {:?}: name and reference must contain {{n}}",
                    f.name
                ));
            }
            let uses_place = [&f.name, &f.reference, &f.description]
                .iter()
                .any(|s| s.contains("{place}"));
            if uses_place && f.places.is_empty() {
                return Err(format!(
                    "seed: generated family {:?} uses {{place}} but has no places",
                    f.name
                ));
            }
        }
        Ok(())
    }

    /// The generated customers and their users, in `n` order.
    pub fn expand(&self) -> (Vec<Customer>, Vec<User>) {
        let mut customers = Vec::new();
        let mut users = Vec::new();
        for n in 1..=self.count {
            let c = self.customer(n);
            // 1 to 3 users.
            for k in 1..=(1 + n % 3) {
                users.push(user(&c, n, k));
            }
            customers.push(c);
        }
        (customers, users)
    }

    /// Customers per family: `count / families`, rounded up; the last
    /// family may have fewer.
    pub fn per_family(&self) -> u32 {
        self.count.div_ceil(self.families.len() as u32)
    }

    fn customer(&self, n: u32) -> Customer {
        let per_family = self.per_family();
        let family = &self.families[((n - 1) / per_family) as usize];
        let place = if family.places.is_empty() {
            ""
        } else {
            let i = ((n - 1) % per_family) as usize % family.places.len();
            family.places[i].as_str()
        };
        let fill = |s: &str| {
            s.replace("{n}", &format!("{n:03}"))
                .replace("{place}", place)
        };
        // From 2018-01-01, about every five days, at varied times.
        let secs = 1_514_764_800 + u64::from(n) * 5 * 86_400 + u64::from(n) * 37_831 % 86_400;
        let ticks = u64::from(n) * 1_234_567 % 10_000_000;
        let created = UNIX_EPOCH + Duration::from_secs(secs) + Duration::from_nanos(ticks * 100);
        Customer {
            id: customer_id(n),
            name: fill(&family.name),
            description: fill(&family.description),
            reference: fill(&family.reference),
            enabled: !n.is_multiple_of(DISABLED_EVERY),
            parent_tenant_id: self.parent_tenant_id.clone(),
            date_created: time::format(created),
            country_code: family.country_code.clone(),
            charged: n.is_multiple_of(CHARGED_EVERY),
        }
    }
}

fn user(c: &Customer, n: u32, k: u32) -> User {
    let first = FIRST_NAMES[((n * 7 + k * 3) as usize) % FIRST_NAMES.len()];
    let last = LAST_NAMES[((n * 5 + k * 11) as usize) % LAST_NAMES.len()];
    let domain = format!("{}.example", c.reference.to_ascii_lowercase());
    User {
        id: user_id(n, k),
        customer_id: c.id.clone(),
        display_name: format!("{first} {last}"),
        email: format!("{}.{}@{domain}", ascii_slug(first), ascii_slug(last)),
        primary_tenant: c.id.clone(),
        is_parent: false,
        roles: ROLE_SETS[((n + k) as usize) % ROLE_SETS.len()]
            .iter()
            .map(|r| (*r).to_owned())
            .collect(),
    }
}

/// `Østergaard` -> `ostergaard`, `O'Brien` -> `obrien`, `de Vries` -> `devries`.
pub(crate) fn ascii_slug(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars().flat_map(char::to_lowercase) {
        match ch {
            'a'..='z' | '0'..='9' => out.push(ch),
            'å' | 'ä' | 'á' | 'à' | 'â' => out.push('a'),
            'æ' => out.push_str("ae"),
            'ø' | 'ö' | 'ó' | 'ò' | 'ô' => out.push('o'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'ú' | 'ù' | 'û' | 'ü' => out.push('u'),
            'ñ' => out.push('n'),
            'ç' => out.push('c'),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_slugs() {
        assert_eq!(customer_id(17), "c0000000-0000-4000-8000-000000000017");
        assert_eq!(user_id(17, 2), "c1000000-0000-4000-8000-000000017002");
        assert!(crate::seed::is_guid(&customer_id(999)));
        assert!(crate::seed::is_guid(&user_id(999, 3)));
        assert_eq!(ascii_slug("Østergaard"), "ostergaard");
        assert_eq!(ascii_slug("O'Brien"), "obrien");
        assert_eq!(ascii_slug("de Vries"), "devries");
        assert_eq!(ascii_slug("Zoë"), "zoe");
    }
}
