//! The activity journal (issue 19): every change this tab sent, in a
//! reseller's words: when, for which customer, what, how it came back,
//! and whether charges were accepted and for which send. Kept in memory
//! only (lost with the tab); it never holds a token or a secret: a request
//! is kept as it can be shown, its secrets replaced by placeholders, and
//! its token by `$TOKEN`. Pure: the request lifecycle writes it
//! (`api::client`, `api::tx`), the journal page draws it.

use super::request::{ApiRequest, Method, ACCEPT_CHARGES};
use crate::i18n::tr;
use reactive_graph::owner::StoredValue;
use reactive_graph::prelude::*;
use reactive_graph::signal::RwSignal;
use serde::Serialize;
use serde_json::Value;

/// What kind of change an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    Assign,
    Unassign,
    PbxCreate,
    PbxEnable,
    PbxDelete,
    MobileConfigCopy,
    BulkRun,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Assign,
        Kind::Unassign,
        Kind::PbxCreate,
        Kind::PbxEnable,
        Kind::PbxDelete,
        Kind::MobileConfigCopy,
        Kind::BulkRun,
    ];

    /// The kind as a person reads it, in the chosen language.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Assign => tr("Softphone assigned"),
            Kind::Unassign => tr("Softphone unassigned"),
            Kind::PbxCreate => tr("PBX created"),
            Kind::PbxEnable => tr("PBX enabled"),
            Kind::PbxDelete => tr("PBX deleted"),
            Kind::MobileConfigCopy => tr("Mobile config copied"),
            Kind::BulkRun => tr("Bulk run"),
        }
    }

    /// Its name in the exported files and the filter.
    pub fn wire(self) -> &'static str {
        match self {
            Kind::Assign => "assign",
            Kind::Unassign => "unassign",
            Kind::PbxCreate => "pbxCreate",
            Kind::PbxEnable => "pbxEnable",
            Kind::PbxDelete => "pbxDelete",
            Kind::MobileConfigCopy => "mobileConfigCopy",
            Kind::BulkRun => "bulkRun",
        }
    }

    pub fn from_wire(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.wire() == s)
    }
}

/// How an entry (or one of its sends) came back.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "state")]
pub enum Outcome {
    /// Sent, no answer yet.
    Pending,
    /// Carried out: the HTTP status (a bulk run, of many requests, has
    /// none).
    Done { status: Option<u16> },
    /// Not carried out, or not known to be: the status when there was one.
    Failed { status: Option<u16> },
}

impl Outcome {
    /// "done", "failed", "pending": the filter's and the files' word.
    pub fn wire(&self) -> &'static str {
        match self {
            Outcome::Pending => "pending",
            Outcome::Done { .. } => "done",
            Outcome::Failed { .. } => "failed",
        }
    }
}

/// One send of an entry's request.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attempt {
    /// When it left (ms since the epoch).
    pub at_ms: f64,
    /// Sent with `accept-charges: true`: the person agreed to this send.
    pub accepted_charges: bool,
    pub outcome: Outcome,
    /// How it came back, in words (the console's sentence).
    pub sentence: String,
}

/// A request as the journal keeps it: method, URL, the headers besides
/// `Authorization` (written `$TOKEN`), and the body with every secret
/// replaced by a placeholder.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Shown {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Value>,
}

/// A bulk run's counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub rows: usize,
    pub done: usize,
    pub failed: usize,
    pub not_sent: usize,
    pub needs_charge: usize,
    pub charged: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub id: u64,
    /// When it was first sent (ms since the epoch).
    pub at_ms: f64,
    pub kind: Kind,
    /// The customer, by name where known, and its id.
    pub customer: String,
    pub customer_id: String,
    /// What it does, in a reseller's words.
    pub what: String,
    pub outcome: Outcome,
    /// The last send's sentence.
    pub sentence: String,
    pub attempts: Vec<Attempt>,
    /// The request (the last send's), for "copy as curl". A bulk run has none.
    pub request: Option<Shown>,
    /// A bulk run's counts.
    pub counts: Option<Counts>,
}

impl Entry {
    /// Which send, counted from 1, was sent with the charges accepted.
    pub fn charged_send(&self) -> Option<usize> {
        self.attempts
            .iter()
            .position(|a| a.accepted_charges)
            .map(|i| i + 1)
    }
}

/// Keys whose values are secrets: replaced by a placeholder in what the
/// journal keeps, and so in "copy as curl".
const SECRET_KEYS: [&str; 5] = ["password", "apikey", "api_key", "secret", "token"];

/// `body` with each secret-looking field (`apiKey`, `password`, anything
/// naming a token or secret) replaced by `<apiKey>`, `<password>`...
pub fn placeholders(body: &Value) -> Value {
    let mut shown = body.clone();
    fn walk(v: &mut Value) {
        match v {
            Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    let key = k.to_ascii_lowercase();
                    if SECRET_KEYS.iter().any(|s| key.contains(s)) {
                        *v = Value::String(format!("<{k}>"));
                    } else {
                        walk(v);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut shown);
    shown
}

impl Shown {
    pub fn of(request: &ApiRequest) -> Shown {
        Shown {
            method: request.method.as_str(),
            url: request.url.clone(),
            headers: request.headers.clone(),
            body: request.body.as_ref().map(placeholders),
        }
    }

    /// The request as a curl command for a POSIX shell: the token is read
    /// from `$TOKEN`, secrets are placeholders to fill in.
    pub fn curl(&self) -> String {
        let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
        let mut out = String::from("curl");
        if self.method != Method::Get.as_str() {
            out.push_str(&format!(" -X {}", self.method));
        }
        out.push_str(&format!(" {}", quote(&self.url)));
        out.push_str(" -H \"Authorization: Bearer $TOKEN\"");
        for (k, v) in &self.headers {
            out.push_str(&format!(" -H {}", quote(&format!("{k}: {v}"))));
        }
        if let Some(body) = &self.body {
            out.push_str(" -H 'Content-Type: application/json'");
            out.push_str(&format!(" --data-raw {}", quote(&body.to_string())));
        }
        out
    }

    fn accepts_charges(&self) -> bool {
        self.headers
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case(ACCEPT_CHARGES) && v == "true")
    }
}

/// The journal: entries in the order they were made.
#[derive(Clone, Copy)]
pub struct Journal {
    pub entries: RwSignal<Vec<Entry>>,
    next_id: StoredValue<u64>,
    /// What makes a bulk run's result file, by entry (made when asked, by
    /// the Bulk page's code).
    files: StoredValue<Vec<(u64, MakeFile)>>,
}

/// Makes and downloads an entry's file.
pub type MakeFile = std::sync::Arc<dyn Fn() + Send + Sync>;

impl Default for Journal {
    fn default() -> Self {
        Self::new()
    }
}

impl Journal {
    pub fn new() -> Self {
        Journal {
            entries: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(1),
            files: StoredValue::new(Vec::new()),
        }
    }

    /// Entry `id` (a bulk run) has a result file, made by `make`.
    pub fn attach_file(&self, id: u64, make: MakeFile) {
        self.files.update_value(|f| f.push((id, make)));
    }

    /// What makes entry `id`'s result file, if it has one.
    pub fn file(&self, id: u64) -> Option<MakeFile> {
        self.files
            .with_value(|f| f.iter().find(|(k, _)| *k == id).map(|(_, m)| m.clone()))
    }

    /// A new entry for a change about to be sent; its id.
    pub fn open(
        &self,
        at_ms: f64,
        kind: Kind,
        customer: String,
        customer_id: String,
        what: String,
    ) -> u64 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.entries.update(|e| {
            e.push(Entry {
                id,
                at_ms,
                kind,
                customer,
                customer_id,
                what,
                outcome: Outcome::Pending,
                sentence: tr("Sent; no answer yet.").into(),
                attempts: Vec::new(),
                request: None,
                counts: None,
            })
        });
        id
    }

    fn update(&self, id: u64, f: impl FnOnce(&mut Entry)) {
        self.entries.update(|e| {
            if let Some(entry) = e.iter_mut().find(|x| x.id == id) {
                f(entry);
            }
        });
    }

    /// Entry `id` sends `request` (again): a new attempt, pending.
    pub fn sent(&self, id: u64, at_ms: f64, request: &ApiRequest) {
        let shown = Shown::of(request);
        self.update(id, |e| {
            e.attempts.push(Attempt {
                at_ms,
                accepted_charges: shown.accepts_charges(),
                outcome: Outcome::Pending,
                sentence: tr("Sent; no answer yet.").into(),
            });
            e.outcome = Outcome::Pending;
            e.request = Some(shown);
        });
    }

    /// The last send of entry `id` came back so.
    pub fn answered(&self, id: u64, outcome: Outcome, sentence: String) {
        self.update(id, |e| {
            if let Some(a) = e.attempts.last_mut() {
                a.outcome = outcome.clone();
                a.sentence = sentence.clone();
            }
            e.outcome = outcome;
            e.sentence = sentence;
        });
    }

    /// A bulk run's counts and how it stands.
    pub fn counted(&self, id: u64, counts: Counts, outcome: Outcome, sentence: String) {
        self.update(id, |e| {
            e.counts = Some(counts);
            e.outcome = outcome;
            e.sentence = sentence;
        });
    }

    /// The entries as JSON, for the export.
    pub fn to_json(entries: &[Entry]) -> String {
        serde_json::to_string_pretty(entries).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::dimensions::{self, ClientType, KazooProfile, PbxProfile, SoftphoneAction};
    use serde_json::json;

    const BASE: &str = "http://127.0.0.1:8787/api";
    const T: &str = "11111111-2222-4333-8444-555555555555";

    #[test]
    fn curl_reads_the_token_from_the_environment_and_keeps_no_secret() {
        let req = dimensions::create_pbx(
            BASE,
            T,
            &PbxProfile::Kazoo(KazooProfile {
                name: "HQ's PBX".into(),
                host_rest: "https://rest.example.com".into(),
                host_websocket: "wss://ws.example.com".into(),
                account_id: "acct-1".into(),
                api_key: "S3CRET-KEY".into(),
                monitor_sub_accounts: false,
            }),
        );
        let shown = Shown::of(&req.with_accept_charges());
        let curl = shown.curl();
        assert!(!curl.contains("S3CRET-KEY"), "{curl}");
        assert!(
            curl.starts_with(&format!("curl -X POST '{BASE}/v1.0/customers/{T}/pbxs'")),
            "{curl}"
        );
        assert!(
            curl.contains(r#"-H "Authorization: Bearer $TOKEN""#),
            "{curl}"
        );
        assert!(curl.contains("-H 'accept-charges: true'"), "{curl}");
        // A quote in the body is closed, escaped and reopened for the shell.
        assert!(curl.contains(r#""name":"HQ'\''s PBX""#), "{curl}");
        assert!(curl.contains(r#""apiKey":"<apiKey>""#), "{curl}");
        assert_eq!(shown.body.as_ref().unwrap()["accountId"], "acct-1");
    }

    #[test]
    fn a_get_has_no_method_flag_and_no_body() {
        let req = dimensions::list_pbxs(BASE, T);
        assert_eq!(
            Shown::of(&req).curl(),
            format!("curl '{BASE}/v1.0/customers/{T}/pbxs' -H \"Authorization: Bearer $TOKEN\"")
        );
    }

    #[test]
    fn an_entry_keeps_each_send_and_which_one_was_charged() {
        let j = Journal::new();
        let req = dimensions::softphone(
            BASE,
            T,
            "u",
            "d",
            SoftphoneAction::Assign(ClientType::Mobile),
        );
        let id = j.open(
            1.0,
            Kind::Assign,
            "Acme".into(),
            T.into(),
            "Assign d".into(),
        );
        j.sent(id, 2.0, &req);
        j.answered(id, Outcome::Failed { status: Some(402) }, "charges".into());
        j.sent(id, 3.0, &req.with_accept_charges());
        j.answered(id, Outcome::Done { status: Some(201) }, "done".into());
        let e = j.entries.get_untracked()[0].clone();
        assert_eq!(e.attempts.len(), 2);
        assert_eq!(e.charged_send(), Some(2));
        assert_eq!(e.outcome, Outcome::Done { status: Some(201) });
        let exported = Journal::to_json(&[e]);
        assert!(exported.contains("\"acceptedCharges\": true"), "{exported}");
        assert!(
            !exported.to_ascii_lowercase().contains("bearer"),
            "{exported}"
        );
        assert_eq!(json!(Kind::PbxCreate), json!("pbxCreate"));
        assert_eq!(Kind::from_wire("bulkRun"), Some(Kind::BulkRun));
    }
}
