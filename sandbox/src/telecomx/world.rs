//! Telecom X data (contract section 2): the `telecomx` section of the seed,
//! the in-memory world built from it, the access rules and the bearer tokens.
//! No HTTP here; the routes are in `telecomx/mod.rs`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::generated::{ascii_slug, FIRST_NAMES, LAST_NAMES};

/// A token's lifetime unless `POST /__sandbox/telecomx` changes it (15
/// minutes, as the vendor documents).
pub const DEFAULT_TOKEN_SECONDS: u64 = 15 * 60;
/// The longest lifetime the control accepts (a day).
pub const MAX_TOKEN_SECONDS: u64 = 24 * 3600;
/// The most employees `generatedEmployees` may create.
pub const MAX_GENERATED: u32 = 999;

/// Access levels, lowest to highest; comparing them compares rights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
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
    pub fn as_str(self) -> &'static str {
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
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An employee's state, as the vendor's employee pages name them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EmployeeState {
    #[default]
    Enabled,
    /// Cannot log in.
    Disabled,
    /// Gone: invisible everywhere except `GET /employee?includeDeleted=true`.
    Deleted,
}

impl EmployeeState {
    pub fn as_str(self) -> &'static str {
        match self {
            EmployeeState::Enabled => "ENABLED",
            EmployeeState::Disabled => "DISABLED",
            EmployeeState::Deleted => "DELETED",
        }
    }
}

/// An object id on the wire: 24 hexadecimal characters, either case (the
/// vendor's examples print them in upper case).
pub fn is_object_id(s: &str) -> bool {
    s.len() == 24 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// An id in the seed: 24 lowercase hexadecimal characters.
fn is_seed_id(s: &str) -> bool {
    s.len() == 24 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// How names are sorted: case-insensitively, with accented Latin letters
/// next to their base letter (`Østergaard` among the O's, `Ærø` among the
/// A's), then by id.
pub fn sort_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for ch in name.chars().flat_map(char::to_lowercase) {
        match ch {
            'å' | 'ä' | 'á' | 'à' | 'â' | 'ã' => out.push('a'),
            'æ' => out.push_str("ae"),
            'ø' | 'ö' | 'ó' | 'ò' | 'ô' | 'õ' => out.push('o'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'ú' | 'ù' | 'û' | 'ü' => out.push('u'),
            'ñ' => out.push('n'),
            'ç' => out.push('c'),
            'ß' => out.push_str("ss"),
            other => out.push(other),
        }
    }
    out
}

// --------------------------------------------------------------- the seed

/// The `telecomx` section of `data/seed.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TxSeed {
    #[serde(default, rename = "_comment")]
    pub comment: Option<String>,
    pub customers: Vec<TxCustomer>,
    pub employees: Vec<Employee>,
    /// Many more employees of one customer, so that paging matters;
    /// expanded into `employees` by [`TxSeed::prepare`].
    #[serde(default)]
    pub generated_employees: Option<GeneratedEmployees>,
    #[serde(default)]
    pub mobile_configs: Vec<MobileConfig>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TxCustomer {
    #[serde(rename = "_id")]
    pub id: String,
    pub name: String,
    /// The customer (a reseller company) this customer belongs to; `null`
    /// for a customer of the platform itself.
    #[serde(default)]
    pub reseller: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Employee {
    #[serde(rename = "_id")]
    pub id: String,
    pub customer: String,
    pub name: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub department: String,
    /// Also the login name.
    pub email_address: String,
    pub access_level: Level,
    #[serde(default)]
    pub state: EmployeeState,
    /// The demo password; an employee without one cannot log in.
    #[serde(default)]
    pub password: Option<String>,
    /// SMS validation: the code this employee must send as `smsKey`.
    #[serde(default)]
    pub sms_key: Option<String>,
    /// Where the SMS "goes" (only its last digits are shown).
    #[serde(default)]
    pub sms_number: Option<String>,
}

/// A mobile config exactly as the API shows it. Its `_id` is its employee's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MobileConfig {
    #[serde(rename = "_id")]
    pub id: String,
    pub customer: String,
    pub configs: Vec<ConfigEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigEntry {
    #[serde(rename = "type")]
    pub kind: String,
    /// The entries shown in the app.
    pub items: Vec<ConfigItem>,
    /// The remaining ones.
    pub others: Vec<ConfigItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigItem {
    #[serde(rename = "_id")]
    pub id: String,
    pub name: String,
}

/// `count` employees of `customer`, numbered `1..=count`, derived from `n`
/// only (see [`generated_employee`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GeneratedEmployees {
    #[serde(default, rename = "_comment")]
    pub comment: Option<String>,
    pub customer: String,
    pub count: u32,
    pub email_domain: String,
    pub titles: Vec<String>,
    pub departments: Vec<String>,
}

/// `e60000000000000000000017` for generated employee 17.
pub fn generated_employee_id(n: u32) -> String {
    format!("e6{n:022}")
}

/// Generated employees' access level: MANAGER every 25th, VIEWER every
/// 10th, NO_LOGIN every 9th, PERSONAL otherwise.
pub fn generated_level(n: u32) -> Level {
    if n.is_multiple_of(25) {
        Level::Manager
    } else if n.is_multiple_of(10) {
        Level::Viewer
    } else if n.is_multiple_of(9) {
        Level::NoLogin
    } else {
        Level::Personal
    }
}

/// Generated employees' state: DELETED every 40th, DISABLED every 17th.
pub fn generated_state(n: u32) -> EmployeeState {
    if n.is_multiple_of(40) {
        EmployeeState::Deleted
    } else if n.is_multiple_of(17) {
        EmployeeState::Disabled
    } else {
        EmployeeState::Enabled
    }
}

impl GeneratedEmployees {
    fn validate(&self) -> Result<(), String> {
        if !(1..=MAX_GENERATED).contains(&self.count) {
            return Err(format!(
                "seed: telecomx.generatedEmployees.count must be within 1..={MAX_GENERATED}"
            ));
        }
        if self.titles.is_empty() || self.departments.is_empty() {
            return Err("seed: telecomx.generatedEmployees needs titles and departments".into());
        }
        if self.email_domain.trim().is_empty() {
            return Err("seed: telecomx.generatedEmployees.emailDomain is empty".into());
        }
        Ok(())
    }

    fn generated_employee(&self, n: u32) -> Employee {
        let i = n as usize;
        // 7 and 32, 5 and 31 are coprime: names repeat only after 992.
        let first = FIRST_NAMES[(i * 7) % FIRST_NAMES.len()];
        let last = LAST_NAMES[(i * 5 + 3) % LAST_NAMES.len()];
        Employee {
            id: generated_employee_id(n),
            customer: self.customer.clone(),
            name: format!("{first} {last}"),
            title: self.titles[i % self.titles.len()].clone(),
            department: self.departments[(i / 3) % self.departments.len()].clone(),
            email_address: format!(
                "{}.{}@{}",
                ascii_slug(first),
                ascii_slug(last),
                self.email_domain
            ),
            access_level: generated_level(n),
            state: generated_state(n),
            password: None,
            sms_key: None,
            sms_number: None,
        }
    }
}

impl TxSeed {
    /// Expands the generated employees and checks the whole section.
    pub fn prepare(&mut self) -> Result<(), String> {
        if let Some(generated) = &self.generated_employees {
            generated.validate()?;
            let more: Vec<Employee> = (1..=generated.count)
                .map(|n| generated.generated_employee(n))
                .collect();
            self.employees.extend(more);
        }
        self.validate()
    }

    fn validate(&self) -> Result<(), String> {
        let err = |m: String| Err(format!("seed: telecomx: {m}"));
        let mut customers = HashSet::new();
        for c in &self.customers {
            if !is_seed_id(&c.id) {
                return err(format!(
                    "customer id {:?} is not 24 lowercase hex characters",
                    c.id
                ));
            }
            if !customers.insert(c.id.as_str()) {
                return err(format!("duplicate customer id {}", c.id));
            }
        }
        for c in &self.customers {
            if let Some(r) = &c.reseller {
                if !customers.contains(r.as_str()) || *r == c.id {
                    return err(format!("customer {} has a bad reseller {r}", c.id));
                }
            }
        }
        // No reseller cycles: every chain ends within customers.len() steps.
        for c in &self.customers {
            let mut current = c.reseller.as_deref();
            let mut steps = 0;
            while let Some(r) = current {
                steps += 1;
                if steps > self.customers.len() {
                    return err(format!("customer {}: the resellers form a cycle", c.id));
                }
                current = self
                    .customers
                    .iter()
                    .find(|x| x.id == r)
                    .and_then(|x| x.reseller.as_deref());
            }
        }
        let mut employees: HashMap<&str, &Employee> = HashMap::new();
        let mut emails = HashSet::new();
        for e in &self.employees {
            if !is_seed_id(&e.id) {
                return err(format!(
                    "employee id {:?} is not 24 lowercase hex characters",
                    e.id
                ));
            }
            if employees.insert(e.id.as_str(), e).is_some() {
                return err(format!("duplicate employee id {}", e.id));
            }
            if !customers.contains(e.customer.as_str()) {
                return err(format!(
                    "employee {} has unknown customer {}",
                    e.id, e.customer
                ));
            }
            let email = e.email_address.trim().to_lowercase();
            if email.is_empty() || !emails.insert(email) {
                return err(format!(
                    "employee {}: emailAddress {:?} is empty or used twice",
                    e.id, e.email_address
                ));
            }
            if e.password.as_deref().is_some_and(str::is_empty)
                || e.sms_key.as_deref().is_some_and(str::is_empty)
            {
                return err(format!("employee {}: empty password or smsKey", e.id));
            }
        }
        let mut configs = HashSet::new();
        for m in &self.mobile_configs {
            let Some(owner) = employees.get(m.id.as_str()) else {
                return err(format!(
                    "mobile config {} is not an employee's id (a config's _id is its employee's)",
                    m.id
                ));
            };
            if owner.customer != m.customer {
                return err(format!(
                    "mobile config {}: customer {} is not its employee's ({})",
                    m.id, m.customer, owner.customer
                ));
            }
            if !configs.insert(m.id.as_str()) {
                return err(format!("two mobile configs for employee {}", m.id));
            }
            for entry in &m.configs {
                if entry.kind.trim().is_empty() {
                    return err(format!("mobile config {}: a config without type", m.id));
                }
                for item in entry.items.iter().chain(&entry.others) {
                    if !is_seed_id(&item.id) {
                        return err(format!(
                            "mobile config {}: item id {:?} is not 24 lowercase hex characters",
                            m.id, item.id
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}

// -------------------------------------------------------------- the world

/// Telecom X's mutable state: seeded data, configs and tokens.
#[derive(Debug, Clone)]
pub struct World {
    pub customers: Vec<TxCustomer>,
    /// Seed order (hand-written, then generated).
    pub employees: Vec<Employee>,
    /// By employee id (lowercase).
    pub configs: BTreeMap<String, MobileConfig>,
    /// By token.
    pub tokens: HashMap<String, Token>,
    /// Lifetime of tokens issued from now on.
    pub token_seconds: u64,
}

#[derive(Debug, Clone)]
pub struct Token {
    /// The employee's id.
    pub employee: String,
    /// `None`: issued with `persist`, valid until logout.
    pub expires: Option<Instant>,
}

/// What a bearer token is worth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenCheck {
    Valid(String),
    Expired,
    Unknown,
}

/// How a caller relates to a customer or an employee: this decides the
/// access level an action on it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// The caller themself.
    Own,
    /// The caller's own customer (or an employee of it).
    SameCustomer,
    /// A customer that belongs to the caller's customer as reseller,
    /// directly or through sub-resellers (or an employee of one).
    ResellerCustomer,
    /// Anything else.
    Other,
}

impl Relation {
    /// The lowest access level that may act on it.
    pub fn needed(self) -> Level {
        match self {
            Relation::Own => Level::Personal,
            Relation::SameCustomer => Level::Viewer,
            Relation::ResellerCustomer => Level::Reseller,
            Relation::Other => Level::Admin,
        }
    }

    /// For messages: "(...)" after the needed level.
    pub fn describe(self) -> &'static str {
        match self {
            Relation::Own => "yourself",
            Relation::SameCustomer => "your own customer",
            Relation::ResellerCustomer => "a customer of your reseller company",
            Relation::Other => {
                "a customer that is neither yours nor one of your reseller company's"
            }
        }
    }
}

impl World {
    pub fn from_seed(seed: Option<&TxSeed>) -> World {
        let Some(seed) = seed else {
            return World {
                customers: Vec::new(),
                employees: Vec::new(),
                configs: BTreeMap::new(),
                tokens: HashMap::new(),
                token_seconds: DEFAULT_TOKEN_SECONDS,
            };
        };
        World {
            customers: seed.customers.clone(),
            employees: seed.employees.clone(),
            configs: seed
                .mobile_configs
                .iter()
                .map(|m| (m.id.to_ascii_lowercase(), m.clone()))
                .collect(),
            tokens: HashMap::new(),
            token_seconds: DEFAULT_TOKEN_SECONDS,
        }
    }

    pub fn customer(&self, id: &str) -> Option<&TxCustomer> {
        self.customers
            .iter()
            .find(|c| c.id.eq_ignore_ascii_case(id))
    }

    /// An employee that is not DELETED.
    pub fn employee(&self, id: &str) -> Option<&Employee> {
        self.employees
            .iter()
            .find(|e| e.id.eq_ignore_ascii_case(id) && e.state != EmployeeState::Deleted)
    }

    /// The employee who logs in with this e-mail address (trimmed, any case),
    /// unless DELETED.
    pub fn employee_by_email(&self, email: &str) -> Option<&Employee> {
        let email = email.trim().to_lowercase();
        self.employees.iter().find(|e| {
            e.state != EmployeeState::Deleted && e.email_address.trim().to_lowercase() == email
        })
    }

    /// The mobile config of a (not DELETED) employee.
    pub fn config(&self, employee_id: &str) -> Option<&MobileConfig> {
        self.employee(employee_id)?;
        self.configs.get(&employee_id.to_ascii_lowercase())
    }

    /// Whether `customer` belongs to the reseller company `reseller`,
    /// directly or through a chain of sub-resellers.
    pub fn belongs_to_reseller(&self, customer: &str, reseller: &str) -> bool {
        let mut current = self.customer(customer).and_then(|c| c.reseller.as_deref());
        for _ in 0..=self.customers.len() {
            match current {
                None => return false,
                Some(r) if r.eq_ignore_ascii_case(reseller) => return true,
                Some(r) => current = self.customer(r).and_then(|c| c.reseller.as_deref()),
            }
        }
        false
    }

    /// How `caller` relates to the customer `customer`.
    pub fn relation_to_customer(&self, caller: &Employee, customer: &str) -> Relation {
        if caller.customer.eq_ignore_ascii_case(customer) {
            Relation::SameCustomer
        } else if self.belongs_to_reseller(customer, &caller.customer) {
            Relation::ResellerCustomer
        } else {
            Relation::Other
        }
    }

    /// How `caller` relates to the employee `target`.
    pub fn relation_to_employee(&self, caller: &Employee, target: &Employee) -> Relation {
        if caller.id.eq_ignore_ascii_case(&target.id) {
            Relation::Own
        } else {
            self.relation_to_customer(caller, &target.customer)
        }
    }

    /// Issues a token for `employee`; returns it and `expiresInMinutes`
    /// (the lifetime in minutes, rounded up; `-1` with `persist`).
    pub fn issue_token(&mut self, employee: &str, persist: bool) -> (String, i64) {
        let token = loop {
            let t = new_token();
            if !self.tokens.contains_key(&t) {
                break t;
            }
        };
        let (expires, minutes) = if persist {
            (None, -1)
        } else {
            let secs = self.token_seconds;
            (
                Some(Instant::now() + Duration::from_secs(secs)),
                secs.div_ceil(60) as i64,
            )
        };
        self.tokens.insert(
            token.clone(),
            Token {
                employee: employee.to_owned(),
                expires,
            },
        );
        (token, minutes)
    }

    pub fn check_token(&self, token: &str) -> TokenCheck {
        match self.tokens.get(token) {
            None => TokenCheck::Unknown,
            Some(t) if t.expires.is_some_and(|at| Instant::now() >= at) => TokenCheck::Expired,
            Some(t) => TokenCheck::Valid(t.employee.clone()),
        }
    }

    /// Ends every token of `employee` (expired ones too); returns how many.
    pub fn logout(&mut self, employee: &str) -> usize {
        let before = self.tokens.len();
        self.tokens
            .retain(|_, t| !t.employee.eq_ignore_ascii_case(employee));
        before - self.tokens.len()
    }

    /// Makes every token (persistent ones too) expired from now on.
    pub fn expire_all(&mut self) {
        let now = Instant::now();
        for t in self.tokens.values_mut() {
            t.expires = Some(now);
        }
    }
}

/// 48 random hexadecimal characters.
fn new_token() -> String {
    crate::pbx::random_u64s(3)
        .map(|p| format!("{p:016x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn employee(id: &str, customer: &str, level: Level) -> Employee {
        Employee {
            id: id.into(),
            customer: customer.into(),
            name: id.into(),
            title: String::new(),
            department: String::new(),
            email_address: format!("{id}@x.example"),
            access_level: level,
            state: EmployeeState::Enabled,
            password: None,
            sms_key: None,
            sms_number: None,
        }
    }

    fn customer(id: &str, reseller: Option<&str>) -> TxCustomer {
        TxCustomer {
            id: id.into(),
            name: id.into(),
            reseller: reseller.map(Into::into),
        }
    }

    #[test]
    fn levels_are_ordered_and_spelt_like_the_vendor() {
        assert!(Level::NoLogin < Level::Personal);
        assert!(Level::Owner < Level::Reseller);
        assert!(Level::ResellerAdmin < Level::Admin);
        assert_eq!(
            serde_json::to_string(&Level::ResellerAdmin).unwrap(),
            "\"RESELLER_ADMIN\""
        );
        let l: Level = serde_json::from_str("\"NO_LOGIN\"").unwrap();
        assert_eq!(l, Level::NoLogin);
        assert!(serde_json::from_str::<Level>("\"viewer\"").is_err());
    }

    #[test]
    fn relations_follow_the_reseller_chain() {
        // r1 resells to r2 (a sub-reseller), which resells to c; o is elsewhere.
        let ids = [
            "a1".repeat(12),
            "a2".repeat(12),
            "a3".repeat(12),
            "a4".repeat(12),
        ];
        let [r1, r2, c, o] = ids.each_ref().map(String::as_str);
        let seed = TxSeed {
            comment: None,
            customers: vec![
                customer(r1, None),
                customer(r2, Some(r1)),
                customer(c, Some(r2)),
                customer(o, None),
            ],
            employees: vec![
                employee(&"e1".repeat(12), r1, Level::Reseller),
                employee(&"e2".repeat(12), c, Level::Personal),
            ],
            generated_employees: None,
            mobile_configs: vec![],
        };
        seed.validate().unwrap();
        let w = World::from_seed(Some(&seed));
        let reseller = &w.employees[0];
        let personal = &w.employees[1];
        assert!(w.belongs_to_reseller(c, r1));
        assert!(w.belongs_to_reseller(c, r2));
        assert!(!w.belongs_to_reseller(r1, c));
        assert_eq!(
            w.relation_to_customer(reseller, c),
            Relation::ResellerCustomer
        );
        assert_eq!(w.relation_to_customer(reseller, r1), Relation::SameCustomer);
        assert_eq!(w.relation_to_customer(reseller, o), Relation::Other);
        assert_eq!(w.relation_to_employee(personal, personal), Relation::Own);
        assert_eq!(w.relation_to_employee(personal, reseller), Relation::Other);
        assert_eq!(Relation::ResellerCustomer.needed(), Level::Reseller);

        let mut cyclic = seed.clone();
        cyclic.customers[0].reseller = Some(c.into());
        assert!(cyclic.validate().unwrap_err().contains("cycle"));
    }

    #[test]
    fn tokens_expire_and_logout_ends_them_all() {
        let mut w = World::from_seed(None);
        let (a, minutes) = w.issue_token("x", false);
        assert_eq!(minutes, 15);
        let (b, _) = w.issue_token("x", false);
        let (p, persist) = w.issue_token("x", true);
        assert_eq!(persist, -1);
        let (other, _) = w.issue_token("y", false);
        assert_ne!(a, b);
        assert_eq!(a.len(), 48);
        assert_eq!(w.check_token(&a), TokenCheck::Valid("x".into()));
        assert_eq!(w.check_token("nope"), TokenCheck::Unknown);
        w.token_seconds = 61;
        assert_eq!(w.issue_token("z", false).1, 2);
        w.expire_all();
        assert_eq!(w.check_token(&p), TokenCheck::Expired);
        assert_eq!(w.logout("X"), 3);
        assert_eq!(w.check_token(&b), TokenCheck::Unknown);
        assert_eq!(w.check_token(&other), TokenCheck::Expired);
    }

    #[test]
    fn generated_employees_are_a_function_of_n() {
        assert_eq!(generated_employee_id(17), "e60000000000000000000017");
        assert!(is_seed_id(&generated_employee_id(999)));
        assert_eq!(generated_level(50), Level::Manager);
        assert_eq!(generated_level(20), Level::Viewer);
        assert_eq!(generated_level(9), Level::NoLogin);
        assert_eq!(generated_level(1), Level::Personal);
        assert_eq!(generated_state(80), EmployeeState::Deleted);
        assert_eq!(generated_state(34), EmployeeState::Disabled);
        assert_eq!(sort_key("Jørgen Ærø"), "jorgen aero");
        assert!(sort_key("Maya Østergaard") < sort_key("Maya Tremblay"));
        assert!(is_object_id("12345678901234567890ABCD"));
        assert!(!is_object_id("12345678901234567890ABCG"));
        assert!(!is_object_id("12345678901234567890ABC"));
    }
}
