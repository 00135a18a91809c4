//! The sandbox's own data model (deliberately NOT the client crate's types)
//! and the seed file it starts from (`data/seed.json`).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::bulk::BulkCustomer;
use crate::generated::GeneratedCustomers;
use crate::pbx::{self, Pbx};
use crate::telecomx::world::{TxSeed, World};

/// The checked-in default seed, embedded in the binary.
pub const DEFAULT_SEED: &str = include_str!("../data/seed.json");

/// The wire values of `clientType`.
pub const CLIENT_TYPES: [&str; 4] = ["desktop", "mobile", "webrtc", "crm"];

/// The two roles a user needs before a softphone can be assigned, in the
/// underscore spelling of the vendor's device page.
pub const REQUIRED_ROLES: [&str; 2] = ["customer_user_uc", "customer_user_uc_softphone"];

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Seed {
    #[serde(default, rename = "_comment", skip_serializing)]
    pub comment: Option<String>,
    pub tokens: Vec<String>,
    pub customers: Vec<Customer>,
    pub users: Vec<User>,
    pub devices: Vec<Device>,
    #[serde(default)]
    pub assignments: Vec<Assignment>,
    /// Many more customers (and their users) for the picker; expanded into
    /// `customers` and `users` by [`Seed::parse`]. See `generated.rs`.
    #[serde(default, skip_serializing)]
    pub generated_customers: Option<GeneratedCustomers>,
    /// One customer with many users and one device each, for bulk
    /// assignment; expanded into `customers`, `users` and `devices` by
    /// [`Seed::parse`]. See `bulk.rs`.
    #[serde(default, skip_serializing)]
    pub bulk_customer: Option<BulkCustomer>,
    /// PBX connection profiles that exist at start.
    #[serde(default, skip_serializing)]
    pub pbxs: Vec<SeedPbx>,
    /// The Telecom X API's customers, employees and mobile configs; without
    /// it nobody can log in there. See `telecomx/world.rs`.
    #[serde(default, skip_serializing)]
    pub telecomx: Option<TxSeed>,
}

/// A PBX in the seed: `id`, `tenantId`, `enabled`, and the profile's fields
/// (`_type`, `name`, ...) beside them, checked like a create body.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedPbx {
    pub id: String,
    pub tenant_id: String,
    #[serde(default)]
    pub enabled: bool,
    #[serde(flatten)]
    pub profile: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Customer {
    pub id: String,
    pub name: String,
    pub description: String,
    pub reference: String,
    pub enabled: bool,
    pub parent_tenant_id: String,
    pub date_created: String,
    pub country_code: String,
    /// On a plan whose changes are charged: changes answer 402 unless the
    /// request carries `accept-charges: true`.
    pub charged: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct User {
    pub id: String,
    pub customer_id: String,
    pub display_name: String,
    pub email: String,
    pub primary_tenant: String,
    pub is_parent: bool,
    pub roles: Vec<String>,
}

/// A device on the PBX (a Kazoo device), owned by one user.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Device {
    pub id: String,
    pub user_id: String,
    pub name: String,
    /// Changes to this device are charged, as every change of a charged
    /// customer is: assign and unassign answer 402 unless the request carries
    /// `accept-charges: true`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub charged: bool,
}

/// A current softphone assignment; at most one per device.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Assignment {
    pub device_id: String,
    pub user_id: String,
    pub client_type: String,
}

/// The mutable world the API works on.
#[derive(Debug, Clone)]
pub struct Data {
    pub tokens: Vec<String>,
    pub customers: Vec<Customer>,
    pub users: Vec<User>,
    pub devices: Vec<Device>,
    /// Keyed by device id.
    pub assignments: BTreeMap<String, Assignment>,
    /// In creation order.
    pub pbxs: Vec<Pbx>,
    /// Telecom X: its own customers, employees, configs and tokens.
    pub telecomx: World,
    /// Where each user and device is in `users` and `devices`, so that a
    /// request finds its user and device in O(1) with 100,000 bulk users.
    index: Index,
}

/// User ids (lower case) and device ids (as stored) -> their place.
#[derive(Debug, Clone, Default)]
struct Index {
    users: HashMap<String, usize>,
    devices: HashMap<String, usize>,
}

impl Index {
    fn of(users: &[User], devices: &[Device]) -> Index {
        Index {
            users: users
                .iter()
                .enumerate()
                .map(|(i, u)| (u.id.to_ascii_lowercase(), i))
                .collect(),
            devices: devices
                .iter()
                .enumerate()
                .map(|(i, d)| (d.id.clone(), i))
                .collect(),
        }
    }
}

impl Seed {
    /// Parses and validates a seed file.
    pub fn parse(text: &str) -> Result<Seed, String> {
        let mut seed: Seed = serde_json::from_str(text).map_err(|e| format!("seed: {e}"))?;
        if let Some(generated) = &seed.generated_customers {
            generated.validate()?;
            let (customers, users) = generated.expand();
            seed.customers.extend(customers);
            seed.users.extend(users);
        }
        if let Some(bulk) = &seed.bulk_customer {
            bulk.validate()?;
            let (customer, users, devices) = bulk.expand();
            seed.customers.push(customer);
            seed.users.extend(users);
            seed.devices.extend(devices);
        }
        if let Some(telecomx) = &mut seed.telecomx {
            telecomx.prepare()?;
        }
        seed.validate()?;
        Ok(seed)
    }

    /// The embedded default seed.
    pub fn default_seed() -> Seed {
        Seed::parse(DEFAULT_SEED).expect("the embedded data/seed.json is valid")
    }

    fn validate(&self) -> Result<(), String> {
        let mut ids = HashSet::new();
        for c in &self.customers {
            check_guid("customer id", &c.id)?;
            check_guid("parentTenantId", &c.parent_tenant_id)?;
            if !ids.insert(c.id.to_ascii_lowercase()) {
                return Err(format!("seed: duplicate customer id {}", c.id));
            }
        }
        let mut users = HashSet::new();
        for u in &self.users {
            check_guid("user id", &u.id)?;
            check_guid("primaryTenant", &u.primary_tenant)?;
            if !ids.contains(&u.customer_id.to_ascii_lowercase()) {
                return Err(format!(
                    "seed: user {} has unknown customerId {}",
                    u.id, u.customer_id
                ));
            }
            if !users.insert(u.id.to_ascii_lowercase()) {
                return Err(format!("seed: duplicate user id {}", u.id));
            }
        }
        let mut devices = BTreeMap::new();
        for d in &self.devices {
            if !is_kazoo_id(&d.id) {
                return Err(format!(
                    "seed: device id {:?} is not 32 lowercase hex characters",
                    d.id
                ));
            }
            if !users.contains(&d.user_id.to_ascii_lowercase()) {
                return Err(format!(
                    "seed: device {} has unknown userId {}",
                    d.id, d.user_id
                ));
            }
            if devices
                .insert(d.id.clone(), d.user_id.to_ascii_lowercase())
                .is_some()
            {
                return Err(format!("seed: duplicate device id {}", d.id));
            }
        }
        let mut assigned = HashSet::new();
        for a in &self.assignments {
            match devices.get(&a.device_id) {
                None => {
                    return Err(format!(
                        "seed: assignment of unknown device {}",
                        a.device_id
                    ))
                }
                Some(owner) if *owner != a.user_id.to_ascii_lowercase() => {
                    return Err(format!(
                        "seed: device {} does not belong to user {}",
                        a.device_id, a.user_id
                    ))
                }
                Some(_) => {}
            }
            if !CLIENT_TYPES.contains(&a.client_type.as_str()) {
                return Err(format!("seed: bad clientType {:?}", a.client_type));
            }
            if !assigned.insert(&a.device_id) {
                return Err(format!("seed: device {} assigned twice", a.device_id));
            }
        }
        let mut pbx_ids = HashSet::new();
        let mut instances: Vec<&str> = Vec::new();
        for p in &self.pbxs {
            check_guid("pbx id", &p.id)?;
            if !pbx_ids.insert(p.id.to_ascii_lowercase()) {
                return Err(format!("seed: duplicate pbx id {}", p.id));
            }
            if !ids.contains(&p.tenant_id.to_ascii_lowercase()) {
                return Err(format!(
                    "seed: pbx {} has unknown tenantId {}",
                    p.id, p.tenant_id
                ));
            }
            pbx::validate_profile(&p.profile).map_err(|e| format!("seed: pbx {}: {e}", p.id))?;
            let instance = pbx::instance_id(&p.profile).unwrap_or_default();
            if instances.iter().any(|i| pbx::same_instance(i, instance)) {
                return Err(format!(
                    "seed: pbx {}: instance {instance:?} is already used by another pbx",
                    p.id
                ));
            }
            instances.push(instance);
        }
        if self.tokens.iter().any(|t| t.is_empty()) {
            return Err("seed: empty token".into());
        }
        Ok(())
    }

    /// A fresh copy of the world, with `extra_tokens` (from `--token`) accepted too.
    pub fn to_data(&self, extra_tokens: &[String]) -> Data {
        let mut tokens = self.tokens.clone();
        for t in extra_tokens {
            if !tokens.contains(t) {
                tokens.push(t.clone());
            }
        }
        Data {
            tokens,
            customers: self.customers.clone(),
            users: self.users.clone(),
            devices: self.devices.clone(),
            index: Index::of(&self.users, &self.devices),
            assignments: self
                .assignments
                .iter()
                .map(|a| (a.device_id.clone(), a.clone()))
                .collect(),
            pbxs: self
                .pbxs
                .iter()
                .map(|p| Pbx {
                    id: p.id.clone(),
                    tenant_id: self
                        .customers
                        .iter()
                        .find(|c| c.id.eq_ignore_ascii_case(&p.tenant_id))
                        .map_or_else(|| p.tenant_id.clone(), |c| c.id.clone()),
                    enabled: p.enabled,
                    collector_restarts: 0,
                    profile: p.profile.clone(),
                })
                .collect(),
            telecomx: World::from_seed(self.telecomx.as_ref()),
        }
    }
}

fn check_guid(what: &str, s: &str) -> Result<(), String> {
    if is_guid(s) {
        Ok(())
    } else {
        Err(format!("seed: {what} {s:?} is not a GUID"))
    }
}

/// `8-4-4-4-12` hexadecimal digits (either case), nothing else.
pub fn is_guid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// A Kazoo device id: 32 lowercase hexadecimal characters.
pub fn is_kazoo_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
}

/// A role name in the underscore spelling: `customer.user.uc` and
/// `customer_user_uc` are the same role.
pub fn normalize_role(role: &str) -> String {
    role.trim().to_ascii_lowercase().replace('.', "_")
}

impl Data {
    pub fn customer(&self, id: &str) -> Option<&Customer> {
        self.customers
            .iter()
            .find(|c| c.id.eq_ignore_ascii_case(id))
    }

    pub fn user_in(&self, customer_id: &str, user_id: &str) -> Option<&User> {
        self.user(user_id)
            .filter(|u| u.customer_id.eq_ignore_ascii_case(customer_id))
    }

    /// The user `user_id` (any case), of any customer.
    pub fn user(&self, user_id: &str) -> Option<&User> {
        let i = *self.index.users.get(&user_id.to_ascii_lowercase())?;
        self.users.get(i)
    }

    pub fn users_of<'a>(&'a self, customer_id: &'a str) -> impl Iterator<Item = &'a User> + 'a {
        self.users
            .iter()
            .filter(move |u| u.customer_id.eq_ignore_ascii_case(customer_id))
    }

    /// The PBX `pbx_id` of customer `customer_id`.
    pub fn pbx_of(&self, customer_id: &str, pbx_id: &str) -> Option<&Pbx> {
        self.pbxs.iter().find(|p| {
            p.id.eq_ignore_ascii_case(pbx_id) && p.tenant_id.eq_ignore_ascii_case(customer_id)
        })
    }

    /// The PBX (of any tenant) connected to instance `instance_id`.
    pub fn pbx_by_instance(&self, instance_id: &str) -> Option<&Pbx> {
        self.pbxs
            .iter()
            .find(|p| pbx::same_instance(p.instance_id(), instance_id))
    }

    /// The device `device_id` if it belongs to `user_id` on the PBX.
    pub fn device_of(&self, user_id: &str, device_id: &str) -> Option<&Device> {
        let i = *self.index.devices.get(device_id)?;
        self.devices
            .get(i)
            .filter(|d| d.user_id.eq_ignore_ascii_case(user_id))
    }

    /// Makes the bulk test customer `bulk` (already in the data, at any
    /// size) one of `count` users, each with a device, none assigned: the
    /// others' data stays as it is.
    pub fn resize_bulk(&mut self, bulk: &BulkCustomer, count: u32) -> Result<(), String> {
        let bulk = BulkCustomer {
            count,
            ..bulk.clone()
        };
        bulk.validate()?;
        let (customer, users, devices) = bulk.expand();
        let theirs = |id: &str| id.eq_ignore_ascii_case(&customer.id);
        let gone: HashSet<String> = self
            .users
            .iter()
            .filter(|u| theirs(&u.customer_id))
            .map(|u| u.id.to_ascii_lowercase())
            .collect();
        self.users.retain(|u| !theirs(&u.customer_id));
        self.devices
            .retain(|d| !gone.contains(&d.user_id.to_ascii_lowercase()));
        self.assignments
            .retain(|_, a| !gone.contains(&a.user_id.to_ascii_lowercase()));
        let index = Index::of(&self.users, &self.devices);
        if let Some(u) = users
            .iter()
            .find(|u| index.users.contains_key(&u.id.to_ascii_lowercase()))
        {
            return Err(format!("bulk user {} is another customer's", u.id));
        }
        if let Some(d) = devices.iter().find(|d| index.devices.contains_key(&d.id)) {
            return Err(format!("bulk device {} is another user's", d.id));
        }
        self.users.extend(users);
        self.devices.extend(devices);
        self.index = Index::of(&self.users, &self.devices);
        Ok(())
    }
}

impl User {
    /// The first of [`REQUIRED_ROLES`] the user lacks, in underscore spelling.
    pub fn missing_role(&self) -> Option<&'static str> {
        let have: Vec<String> = self.roles.iter().map(|r| normalize_role(r)).collect();
        REQUIRED_ROLES
            .into_iter()
            .find(|needed| !have.iter().any(|h| h == needed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_seed_is_valid_and_has_what_the_docs_promise() {
        let seed = Seed::default_seed();
        assert!(seed.tokens.iter().any(|t| t == "demo-token-7f3c9a"));
        assert!(seed.customers.len() >= 250);
        assert!(seed.users.len() >= 250 + 15);
        assert!(seed.customers.iter().any(|c| c.charged));
        let data = seed.to_data(&["extra".into()]);
        let acme = data
            .customer("11111111-2222-4333-8444-555555555555")
            .unwrap();
        assert!(!acme.charged);
        assert!(
            data.customer("99999999-8888-4777-8666-555555555555")
                .unwrap()
                .charged
        );
        assert!(data.tokens.contains(&"extra".to_string()));
        // The seeded PBXs: instance ids in use on two tenants, none on Acme.
        assert_eq!(data.pbxs.len(), 3);
        let kazoo = data.pbx_by_instance("kazoo-acct-in-use-0001").unwrap();
        assert_eq!(kazoo.tenant_id, "22222222-3333-4444-8555-666666666666");
        assert!(kazoo.enabled);
        let three_cx = data.pbx_by_instance("3CX-IN-USE-LICENSE-0001").unwrap();
        assert_eq!(three_cx.tenant_id, "33333333-4444-4555-8666-777777777777");
        assert!(!data
            .pbxs
            .iter()
            .any(|p| p.tenant_id == "11111111-2222-4333-8444-555555555555"));
        // Both spellings of both roles occur.
        let all: Vec<&str> = seed
            .users
            .iter()
            .flat_map(|u| u.roles.iter().map(String::as_str))
            .collect();
        for r in [
            "customer_user_uc",
            "customer.user.uc",
            "customer_user_uc_softphone",
            "customer.user.uc.softphone",
        ] {
            assert!(all.contains(&r), "{r}");
        }
        // Users missing each role.
        let missing: Vec<Option<&str>> = seed.users.iter().map(User::missing_role).collect();
        assert!(missing.contains(&Some("customer_user_uc")));
        assert!(missing.contains(&Some("customer_user_uc_softphone")));
    }

    #[test]
    fn guid_and_device_formats() {
        assert!(is_guid("11111111-2222-4333-8444-555555555555"));
        assert!(is_guid("ABCDEF01-2222-4333-8444-555555555555"));
        assert!(!is_guid("11111111222243338444555555555555"));
        assert!(!is_guid("{11111111-2222-4333-8444-555555555555}"));
        assert!(!is_guid("1111111g-2222-4333-8444-555555555555"));
        assert!(is_kazoo_id("5eed0000000000000000000000001011"));
        assert!(!is_kazoo_id("5EED0000000000000000000000001011"));
        assert!(!is_kazoo_id("5eed000000000000000000000000101"));
    }

    #[test]
    fn roles_in_both_spellings() {
        let mut u = User {
            id: String::new(),
            customer_id: String::new(),
            display_name: String::new(),
            email: String::new(),
            primary_tenant: String::new(),
            is_parent: false,
            roles: vec![
                "customer.user.uc".into(),
                "customer_user_uc_softphone".into(),
            ],
        };
        assert_eq!(u.missing_role(), None);
        u.roles = vec!["customer.user.uc".into(), "customer.user.uc.remote".into()];
        assert_eq!(u.missing_role(), Some("customer_user_uc_softphone"));
        u.roles = vec![];
        assert_eq!(u.missing_role(), Some("customer_user_uc"));
    }

    #[test]
    fn bad_seeds_are_rejected() {
        let good: serde_json::Value = serde_json::from_str(DEFAULT_SEED).unwrap();
        let mut bad = good.clone();
        bad["devices"][0]["id"] = "XYZ".into();
        assert!(Seed::parse(&bad.to_string()).is_err());
        let mut bad = good.clone();
        bad["assignments"][0]["clientType"] = "bureau".into();
        assert!(Seed::parse(&bad.to_string()).is_err());
        let mut bad = good.clone();
        bad["customers"][0]["nmae"] = "typo".into();
        assert!(Seed::parse(&bad.to_string()).is_err());
        let mut bad = good.clone();
        bad["generatedCustomers"]["count"] = 0.into();
        assert!(Seed::parse(&bad.to_string()).is_err());
        let mut bad = good.clone();
        bad["generatedCustomers"]["families"][0]["name"] = "No Number".into();
        assert!(Seed::parse(&bad.to_string()).is_err());
        let mut bad = good.clone();
        bad["generatedCustomers"]["families"][0]["colour"] = "red".into();
        assert!(Seed::parse(&bad.to_string()).is_err());
        // PBXs: checked like create bodies, known tenant, unique instance.
        let mut bad = good.clone();
        bad["pbxs"][0]["hostRest"] = "http://x".into();
        let err = Seed::parse(&bad.to_string()).unwrap_err();
        assert!(err.contains("hostRest"), "{err}");
        let mut bad = good.clone();
        bad["pbxs"][0]["tenantId"] = "12345678-1234-4234-8234-123456789012".into();
        assert!(Seed::parse(&bad.to_string()).is_err());
        let mut bad = good.clone();
        bad["pbxs"][1]["licenseKey"] = "3cx-in-use-license-0001".into();
        let err = Seed::parse(&bad.to_string()).unwrap_err();
        assert!(err.contains("already used"), "{err}");
        let mut bad = good;
        bad["pbxs"][0]["collectorRestarts"] = 3.into();
        assert!(Seed::parse(&bad.to_string()).is_err());
    }
}
