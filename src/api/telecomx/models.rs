//! The answers' models, read with serde: a field the API leaves out or
//! sends as `null` reads as its default; ids are `_id`.

use super::access::level;
use super::errors::TxError;
use super::Level;
use crate::api::wire::or_default;
use crate::i18n::tr;
use crate::trf;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::fmt;

/// A successful login.
#[derive(Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Login {
    pub token: String,
    /// Minutes the token lives (15 when not said); negative for a token that
    /// does not expire.
    #[serde(default = "fifteen", deserialize_with = "minutes")]
    pub expires_in_minutes: i64,
    pub employee: String,
    pub customer: String,
    #[serde(default, deserialize_with = "level")]
    pub access_level: Option<Level>,
    /// The employee's name, when the server gives it.
    #[serde(default, deserialize_with = "or_default")]
    pub name: String,
}

fn fifteen() -> i64 {
    15
}

fn minutes<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(Option::<i64>::deserialize(d)?.unwrap_or(15))
}

// Written by hand so that `{:?}` never shows the token.
impl fmt::Debug for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Login")
            .field("token", &"<redacted>")
            .field("expires_in_minutes", &self.expires_in_minutes)
            .field("employee", &self.employee)
            .field("customer", &self.customer)
            .field("access_level", &self.access_level)
            .field("name", &self.name)
            .finish()
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Employee {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(default, deserialize_with = "or_default")]
    pub name: String,
    #[serde(default, deserialize_with = "or_default")]
    pub title: String,
    #[serde(default, deserialize_with = "or_default")]
    pub department: String,
    #[serde(rename = "emailAddress", default, deserialize_with = "or_default")]
    pub email: String,
    #[serde(default, deserialize_with = "level")]
    pub access_level: Option<Level>,
}

/// One page of `GET /employee`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct EmployeePage {
    #[serde(default, deserialize_with = "or_default")]
    pub offset: u64,
    #[serde(default, deserialize_with = "or_default")]
    pub total: u64,
    pub employees: Vec<Employee>,
}

impl EmployeePage {
    /// Whether a "Load more" would find more.
    pub fn more(&self) -> bool {
        self.offset + (self.employees.len() as u64) < self.total
    }
}

/// An entry of a mobile config.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Item {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(default, deserialize_with = "or_default")]
    pub name: String,
}

/// One type of a config: `COLLEAGUES`, `QUEUES`, or whatever else the
/// server sends. `items` are shown in the app, `others` are the rest.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ConfigSet {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, deserialize_with = "or_default")]
    pub items: Vec<Item>,
    #[serde(default, deserialize_with = "or_default")]
    pub others: Vec<Item>,
}

/// An employee's Communicator mobile config; its id is the employee's.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct MobileConfig {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(default, deserialize_with = "or_default")]
    pub customer: String,
    #[serde(default, deserialize_with = "or_default")]
    pub configs: Vec<ConfigSet>,
}

/// Reads a decoded answer as `T`.
pub fn read<T: DeserializeOwned>(status: u16, v: &Value) -> Result<T, TxError> {
    crate::api::wire::read(v).map_err(|_| TxError::BadBody { status })
}

/// "expires in 12 min", from the time left in milliseconds.
pub fn expires_in(left_ms: i64) -> String {
    match left_ms {
        l if l <= 0 => tr("expired").into(),
        l if l < 60_000 => tr("expires in less than a minute").into(),
        l => trf!("expires in {minutes} min", minutes = l / 60_000),
    }
}

#[cfg(test)]
mod tests {
    use super::super::decode;
    use super::*;
    use serde_json::json;

    /// The seed's example answer, as it is on the wire: `ObjectId("…")`
    /// printed as plain strings, the unquoted `_id` key quoted, and the
    /// brackets the page leaves out closed.
    const DOCUMENTED_ANSWER: &str = r#"{
      "_id": "12345678901234567890ABCD",
      "customer": "12345678901234567890AAAA",
      "configs": [
         {  "type": "COLLEAGUES",
            "items": [
               { "_id": "12345678901234567890EEEE", "name": "Joakim" } ],
            "others": [
               { "_id": "12345678901234567890FFFF", "name": "Per" } ] },
         { "type": "QUEUES",
           "items": [
              { "_id": "12345678901234567890EEEE", "name": "Support" } ],
           "others": [
              { "_id": "12345678901234567890FFFF", "name": "Vagt" } ] } ] }"#;

    #[test]
    fn the_documented_answer_decodes() {
        let v = decode(200, DOCUMENTED_ANSWER).unwrap();
        let c: MobileConfig = read(200, &v).unwrap();
        assert_eq!(c.id, "12345678901234567890ABCD");
        assert_eq!(c.customer, "12345678901234567890AAAA");
        assert_eq!(c.configs.len(), 2);
        assert_eq!(c.configs[0].kind, "COLLEAGUES");
        assert_eq!(
            c.configs[0].items,
            [Item {
                id: "12345678901234567890EEEE".into(),
                name: "Joakim".into()
            }]
        );
        assert_eq!(c.configs[1].others[0].name, "Vagt");
        // As the page prints it (ObjectId(...), an unquoted key) it is not JSON.
        let printed = DOCUMENTED_ANSWER.replace(
            "\"12345678901234567890ABCD\"",
            "ObjectId(\"12345678901234567890ABCD\")",
        );
        assert_eq!(decode(200, &printed), Err(TxError::BadBody { status: 200 }));
    }

    #[test]
    fn login_employees_and_pages_decode() {
        let v = decode(
            200,
            r#"{"token":"t0k","expiresInMinutes":15,"employee":"ee0000000000000000002001",
                "customer":"c0ffee000000000000000001","accessLevel":"RESELLER","name":"Rasmus"}"#,
        )
        .unwrap();
        let l: Login = read(200, &v).unwrap();
        assert_eq!(
            (l.expires_in_minutes, l.access_level, l.name.as_str()),
            (15, Some(Level::Reseller), "Rasmus")
        );
        assert!(
            !format!("{l:?}").contains("t0k"),
            "the token stays out of Debug"
        );
        let persist: Login = read(
            200,
            &json!({"token": "t", "expiresInMinutes": -1, "employee": "e", "customer": "c"}),
        )
        .unwrap();
        assert_eq!(persist.expires_in_minutes, -1);

        let page: EmployeePage = read(
            200,
            &json!({"offset": 100, "limit": 100, "total": 148, "employees": [
                {"_id": "ee0000000000000000002006", "name": "<img src=x onerror=alert(1)>", "title": "t",
                 "department": "d", "emailAddress": "x@y", "accessLevel": "VIEWER", "state": "ENABLED"}]}),
        )
        .unwrap();
        assert_eq!(page.employees[0].name, "<img src=x onerror=alert(1)>");
        assert_eq!(page.employees[0].access_level, Some(Level::Viewer));
        assert!(page.more(), "101 of 148");
        let last = EmployeePage {
            offset: 147,
            total: 148,
            employees: page.employees.clone(),
        };
        assert!(!last.more());
        assert!(read::<EmployeePage>(200, &json!({"employees": [{"name": "no id"}]})).is_err());
    }

    #[test]
    fn expiry() {
        assert_eq!(expires_in(12 * 60_000 + 5_000), "expires in 12 min");
        assert_eq!(expires_in(30_000), "expires in less than a minute");
        assert_eq!(expires_in(0), "expired");
    }
}
