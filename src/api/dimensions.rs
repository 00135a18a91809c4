//! Endpoints and models of the Dimensions reseller API (contract section 1).
//! Pure: every function here builds an [`ApiRequest`] value.

use super::request::{join, segment, ApiRequest, Method};
use super::wire::or_default;
use crate::i18n::tr;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The client type a softphone device is assigned to. The wire values are
/// the English ones (the French seed translated them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClientType {
    Desktop,
    Mobile,
    Webrtc,
    Crm,
}

impl ClientType {
    pub const ALL: [ClientType; 4] = [
        ClientType::Desktop,
        ClientType::Mobile,
        ClientType::Webrtc,
        ClientType::Crm,
    ];

    pub fn wire(self) -> &'static str {
        match self {
            ClientType::Desktop => "desktop",
            ClientType::Mobile => "mobile",
            ClientType::Webrtc => "webrtc",
            ClientType::Crm => "crm",
        }
    }

    pub fn from_wire(s: &str) -> Option<Self> {
        ClientType::ALL
            .into_iter()
            .find(|c| c.wire().eq_ignore_ascii_case(s.trim()))
    }

    pub fn label(self) -> &'static str {
        match self {
            ClientType::Desktop => tr("Desktop"),
            ClientType::Mobile => tr("Mobile"),
            ClientType::Webrtc => "WebRTC",
            ClientType::Crm => "CRM",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            ClientType::Desktop => tr("The desktop app on the user's Windows or Mac computer."),
            ClientType::Mobile => tr("The mobile app on the user's phone."),
            ClientType::Webrtc => tr("Calls in the browser, with no app installed."),
            ClientType::Crm => tr("Calls from inside the user's CRM integration."),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SoftphoneAction {
    Assign(ClientType),
    Unassign,
}

/// `PUT /v1.0/customers/{C}/users/{U}/devices/pbx/{D}/assign|unassign`.
/// The docs' summary says PUT, their examples POST: the contract says PUT.
pub fn softphone(
    base: &str,
    tenant: &str,
    user: &str,
    device: &str,
    action: SoftphoneAction,
) -> ApiRequest {
    let verb = match action {
        SoftphoneAction::Assign(_) => "assign",
        SoftphoneAction::Unassign => "unassign",
    };
    let url = join(
        base,
        &format!(
            "v1.0/customers/{}/users/{}/devices/pbx/{}/{verb}",
            segment(tenant.trim()),
            segment(user.trim()),
            segment(device.trim()),
        ),
    );
    let request = ApiRequest::new(Method::Put, url);
    match action {
        SoftphoneAction::Assign(client_type) => request.json(&AssignBody { client_type }),
        // The documented example sends no body.
        SoftphoneAction::Unassign => request,
    }
}

/// The assign body: `{"clientType": "desktop"}`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AssignBody {
    client_type: ClientType,
}

// ---- PBX connection profiles (contract 1.2) ----

#[derive(Clone, Debug, PartialEq, Default)]
pub struct KazooProfile {
    pub name: String,
    pub host_rest: String,
    pub host_websocket: String,
    pub account_id: String,
    pub api_key: String,
    pub monitor_sub_accounts: bool,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct ThreeCxProfile {
    pub name: String,
    pub license_key: String,
    pub username: String,
    pub password: String,
    pub enable_recording_archive: bool,
    /// `hh:mm:ss`; sent only when the archive is on.
    pub recording_archive_frequency: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PbxProfile {
    Kazoo(KazooProfile),
    ThreeCx(ThreeCxProfile),
}

pub const KAZOO_TYPE: &str = "KazooPbxConnectionProfile";
pub const THREECX_TYPE: &str = "ThreeCxConnectionProfile";

/// The create body as the docs send it: tagged by `_type`.
#[derive(Serialize)]
#[serde(tag = "_type")]
enum ProfileBody<'a> {
    #[serde(rename = "KazooPbxConnectionProfile", rename_all = "camelCase")]
    Kazoo {
        name: &'a str,
        host_rest: &'a str,
        host_websocket: &'a str,
        account_id: &'a str,
        api_key: &'a str,
        /// Optional; the documented example leaves it out.
        #[serde(skip_serializing_if = "is_false")]
        monitor_sub_accounts: bool,
    },
    #[serde(rename = "ThreeCxConnectionProfile", rename_all = "camelCase")]
    ThreeCx {
        name: &'a str,
        license_key: &'a str,
        username: &'a str,
        password: &'a str,
        /// The documented example sends the boolean as a string.
        enable_recording_archive: &'static str,
        /// Sent only when the archive is on.
        #[serde(skip_serializing_if = "Option::is_none")]
        recording_archive_frequency: Option<&'a str>,
    },
}

fn is_false(b: &bool) -> bool {
    !b
}

impl PbxProfile {
    /// The create body, field names and value shapes as the docs send them.
    pub fn body(&self) -> Value {
        let body = match self {
            PbxProfile::Kazoo(k) => ProfileBody::Kazoo {
                name: k.name.trim(),
                host_rest: k.host_rest.trim(),
                host_websocket: k.host_websocket.trim(),
                account_id: k.account_id.trim(),
                api_key: &k.api_key,
                monitor_sub_accounts: k.monitor_sub_accounts,
            },
            PbxProfile::ThreeCx(t) => ProfileBody::ThreeCx {
                name: t.name.trim(),
                license_key: t.license_key.trim(),
                username: t.username.trim(),
                password: &t.password,
                enable_recording_archive: if t.enable_recording_archive {
                    "true"
                } else {
                    "false"
                },
                recording_archive_frequency: t
                    .enable_recording_archive
                    .then(|| t.recording_archive_frequency.trim()),
            },
        };
        serde_json::to_value(body).unwrap_or_default()
    }

    /// The Kazoo account id or the 3CX licence key: what must be unique.
    pub fn instance_id(&self) -> &str {
        match self {
            PbxProfile::Kazoo(k) => k.account_id.trim(),
            PbxProfile::ThreeCx(t) => t.license_key.trim(),
        }
    }
}

fn pbxs_url(base: &str, tenant: &str) -> String {
    join(
        base,
        &format!("v1.0/customers/{}/pbxs", segment(tenant.trim())),
    )
}

fn pbx_url(base: &str, tenant: &str, pbx: &str) -> String {
    format!("{}/{}", pbxs_url(base, tenant), segment(pbx.trim()))
}

/// `POST /v1.0/customers/{C}/pbxs` (may be charged: 402).
pub fn create_pbx(base: &str, tenant: &str, profile: &PbxProfile) -> ApiRequest {
    ApiRequest::new(Method::Post, pbxs_url(base, tenant)).json(&profile.body())
}

/// `GET /v1.0/customers/{C}/pbxs/{P}`: one PBX, with its state.
pub fn get_pbx(base: &str, tenant: &str, pbx: &str) -> ApiRequest {
    ApiRequest::new(Method::Get, pbx_url(base, tenant, pbx))
}

/// `GET /v1.0/customers/{C}/pbxs`
pub fn list_pbxs(base: &str, tenant: &str) -> ApiRequest {
    ApiRequest::new(Method::Get, pbxs_url(base, tenant))
}

/// `PATCH /v1.0/customers/{C}/pbxs/{P}` turning the PBX on. The example
/// sends the boolean as a string. Any patch restarts the event collector.
pub fn enable_pbx(base: &str, tenant: &str, pbx: &str) -> ApiRequest {
    ApiRequest::new(Method::Patch, pbx_url(base, tenant, pbx)).json(&[PatchOp {
        op: "replace",
        path: "/enabled",
        value: "true",
    }])
}

/// One operation of a JSON Patch.
#[derive(Serialize)]
struct PatchOp {
    op: &'static str,
    path: &'static str,
    value: &'static str,
}

/// `DELETE /v1.0/customers/{C}/pbxs/{P}`: disconnects the PBX.
pub fn delete_pbx(base: &str, tenant: &str, pbx: &str) -> ApiRequest {
    ApiRequest::new(Method::Delete, pbx_url(base, tenant, pbx))
}

/// `GET /v1.0/pbxs?instanceId=X`: is this account / licence connected anywhere?
/// Answers a bare object, not the envelope.
pub fn pbx_in_use(base: &str, instance_id: &str) -> ApiRequest {
    ApiRequest::new(
        Method::Get,
        join(
            base,
            &format!("v1.0/pbxs?instanceId={}", segment(instance_id.trim())),
        ),
    )
    .plain_answer()
}

/// A PBX as listed (`data` of the list), or as created (`data` of a 201,
/// which also echoes the profile, secrets included: they are not read).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pbx {
    pub id: String,
    #[serde(default, deserialize_with = "or_default")]
    pub name: String,
    /// `_type`.
    #[serde(rename = "_type", default, deserialize_with = "or_default")]
    pub kind: String,
    #[serde(default, deserialize_with = "or_default")]
    pub tenant_id: String,
    #[serde(default)]
    pub country_code: Option<String>,
    /// Not in the documented list item; `None` when the API leaves it out.
    #[serde(default)]
    pub enabled: Option<bool>,
    /// Echoed by create (Kazoo).
    #[serde(default)]
    pub account_id: Option<String>,
    /// Echoed by create (3CX).
    #[serde(default)]
    pub license_key: Option<String>,
}

impl Pbx {
    pub fn kind_label(&self) -> &str {
        match self.kind.as_str() {
            KAZOO_TYPE => "Kazoo",
            THREECX_TYPE => "3CX",
            other => other,
        }
    }
}

/// The instance look-up's bare answer.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InUse {
    pub exists: bool,
    #[serde(default, deserialize_with = "or_default")]
    pub instance_id: String,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub tenant_id: Option<String>,
}

// ---- Look-ups for the pickers (contract 1.3) ----

/// How many customers a picker asks for at a time.
pub const CUSTOMER_PAGE_SIZE: u32 = 20;

/// `GET /v1.0/customers?filter=&pageIndex=&pageSize=`: customers whose name
/// or reference contains `filter`, one page.
pub fn search_customers(base: &str, filter: &str, page_index: u32) -> ApiRequest {
    ApiRequest::new(
        Method::Get,
        join(
            base,
            &format!(
                "v1.0/customers?filter={}&pageIndex={page_index}&pageSize={CUSTOMER_PAGE_SIZE}",
                segment(filter.trim())
            ),
        ),
    )
}

/// `GET /v1.0/customers/{C}/users`
pub fn list_users(base: &str, tenant: &str) -> ApiRequest {
    ApiRequest::new(
        Method::Get,
        join(
            base,
            &format!("v1.0/customers/{}/users", segment(tenant.trim())),
        ),
    )
}

/// `GET /v1.0/customers/{C}/users/{U}`, for the user's roles.
pub fn get_user(base: &str, tenant: &str, user: &str) -> ApiRequest {
    ApiRequest::new(
        Method::Get,
        join(
            base,
            &format!(
                "v1.0/customers/{}/users/{}",
                segment(tenant.trim()),
                segment(user.trim())
            ),
        ),
    )
}

/// A customer (`name`, `reference`) or a user (`displayName`, `email`) as
/// the look-ups list them; a picker shows it as a `Choice`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Listed {
    id: String,
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    reference: Option<String>,
}

impl From<Listed> for crate::pick::Choice {
    fn from(l: Listed) -> Self {
        // Customers have `name` and `reference`, users `displayName` and `email`.
        let (label, detail) = match l.display_name {
            Some(name) => (name, l.email),
            None => (l.name.unwrap_or_default(), l.reference),
        };
        crate::pick::Choice {
            id: l.id,
            label,
            detail: detail.unwrap_or_default(),
        }
    }
}

/// A user's roles (`data.roles` of the user).
#[derive(Deserialize)]
pub struct Roles {
    #[serde(default, deserialize_with = "or_default")]
    pub roles: Vec<String>,
}

/// Reads `data` as `T`; a shape we cannot read is an error naming the field
/// at fault, not a panic.
pub fn data_as<T: DeserializeOwned>(success: &super::Success) -> Result<T, super::ApiError> {
    super::wire::read(success.data.as_ref().unwrap_or(&Value::Null)).map_err(|e| {
        super::ApiError::BadBody {
            status: success.status,
            detail: format!("unexpected data: {e}"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::request::ACCEPT_CHARGES;
    use serde_json::json;

    const BASE: &str = "https://api.na.myreports.cloud/api";
    const C: &str = "11111111-2222-4333-8444-555555555555";
    const U: &str = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    const D: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn assign_matches_the_documented_example() {
        let req = softphone(BASE, C, U, D, SoftphoneAction::Assign(ClientType::Desktop));
        assert_eq!(req.method, Method::Put);
        assert_eq!(
            req.url,
            format!("{BASE}/v1.0/customers/{C}/users/{U}/devices/pbx/{D}/assign")
        );
        assert_eq!(req.body, Some(json!({"clientType": "desktop"})));
        assert!(req.headers.is_empty(), "no accept-charges unless asked");
    }

    #[test]
    fn every_client_type_goes_out_in_english() {
        let wires: Vec<_> = ClientType::ALL
            .iter()
            .map(|c| {
                softphone(BASE, C, U, D, SoftphoneAction::Assign(*c))
                    .body
                    .unwrap()["clientType"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(wires, ["desktop", "mobile", "webrtc", "crm"]);
        for c in ClientType::ALL {
            assert_eq!(ClientType::from_wire(c.wire()), Some(c));
        }
        assert_eq!(ClientType::from_wire(" WebRTC "), Some(ClientType::Webrtc));
        assert_eq!(ClientType::from_wire("bureau"), None);
    }

    #[test]
    fn unassign_matches_the_documented_example() {
        let req = softphone(BASE, C, U, D, SoftphoneAction::Unassign);
        assert_eq!(req.method, Method::Put);
        assert_eq!(
            req.url,
            format!("{BASE}/v1.0/customers/{C}/users/{U}/devices/pbx/{D}/unassign")
        );
        assert_eq!(req.body, None);
    }

    #[test]
    fn the_charge_replay_is_the_same_request_plus_the_header() {
        let req = softphone(BASE, C, U, D, SoftphoneAction::Assign(ClientType::Crm));
        let replay = req.with_accept_charges();
        assert_eq!(
            replay.headers,
            vec![(ACCEPT_CHARGES.to_string(), "true".to_string())]
        );
        assert_eq!(
            (replay.method, &replay.url, &replay.body),
            (req.method, &req.url, &req.body)
        );
    }

    #[test]
    fn ids_are_trimmed_and_escaped_in_the_path() {
        let req = softphone(
            BASE,
            &format!(" {C} "),
            U,
            "dev/../x",
            SoftphoneAction::Unassign,
        );
        assert!(req.url.contains(&format!("/customers/{C}/users/")));
        assert!(req.url.contains("/pbx/dev%2F..%2Fx/unassign"));
    }

    // The seed's two create examples (001), as JSON.
    const SEED_KAZOO: &str = r#"{"name":"Customers Kazoo Pbx","hostRest":"https://rest.example.com","hostWebsocket":"wss://ws.example.com","accountId":"12345","apiKey":"ABCDEF","_type":"KazooPbxConnectionProfile"}"#;
    const SEED_3CX: &str = r#"{"_type":"ThreeCxConnectionProfile","name":"3CX Connection","licenseKey":"licenseKey-licenseKey-licenseKey","username":"username-username-username","password":"password password","enableRecordingArchive":"true","recordingArchiveFrequency":"00:20:00"}"#;

    fn seed_kazoo() -> PbxProfile {
        PbxProfile::Kazoo(KazooProfile {
            name: "Customers Kazoo Pbx".into(),
            host_rest: "https://rest.example.com".into(),
            host_websocket: "wss://ws.example.com".into(),
            account_id: "12345".into(),
            api_key: "ABCDEF".into(),
            monitor_sub_accounts: false,
        })
    }

    fn seed_3cx() -> PbxProfile {
        PbxProfile::ThreeCx(ThreeCxProfile {
            name: "3CX Connection".into(),
            license_key: "licenseKey-licenseKey-licenseKey".into(),
            username: "username-username-username".into(),
            password: "password password".into(),
            enable_recording_archive: true,
            recording_archive_frequency: "00:20:00".into(),
        })
    }

    /// Field by field, so a failure names the field.
    fn same_fields(built: &Value, documented: &str) {
        let doc: Value = serde_json::from_str(documented).unwrap();
        let (b, d) = (built.as_object().unwrap(), doc.as_object().unwrap());
        for (k, v) in d.iter() {
            assert_eq!(b.get(k), Some(v), "field {k}");
        }
        for k in b.keys() {
            assert!(d.contains_key(k), "extra field {k}");
        }
    }

    #[test]
    fn create_bodies_match_the_documented_examples() {
        let req = create_pbx(BASE, C, &seed_kazoo());
        assert_eq!(req.method, Method::Post);
        assert_eq!(req.url, format!("{BASE}/v1.0/customers/{C}/pbxs"));
        same_fields(req.body.as_ref().unwrap(), SEED_KAZOO);
        same_fields(&seed_3cx().body(), SEED_3CX);
    }

    #[test]
    fn optional_fields_go_out_only_when_set() {
        let PbxProfile::Kazoo(mut k) = seed_kazoo() else {
            unreachable!()
        };
        k.monitor_sub_accounts = true;
        assert_eq!(
            PbxProfile::Kazoo(k).body()["monitorSubAccounts"],
            json!(true)
        );
        let PbxProfile::ThreeCx(mut t) = seed_3cx() else {
            unreachable!()
        };
        t.enable_recording_archive = false;
        let body = PbxProfile::ThreeCx(t).body();
        assert_eq!(body["enableRecordingArchive"], json!("false"));
        assert!(body.get("recordingArchiveFrequency").is_none());
    }

    #[test]
    fn enable_list_delete_and_look_up() {
        let p = "aaaaaaaa-bbbb-4ccc-8ddd-000000000001";
        let req = enable_pbx(BASE, C, p);
        assert_eq!(req.method, Method::Patch);
        assert_eq!(req.url, format!("{BASE}/v1.0/customers/{C}/pbxs/{p}"));
        assert_eq!(
            req.body,
            Some(json!([{"op": "replace", "path": "/enabled", "value": "true"}]))
        );
        let req = list_pbxs(BASE, C);
        assert_eq!(
            (req.method, req.url.as_str()),
            (
                Method::Get,
                format!("{BASE}/v1.0/customers/{C}/pbxs").as_str()
            )
        );
        let req = delete_pbx(BASE, C, p);
        assert_eq!((req.method, req.body.is_none()), (Method::Delete, true));
        let req = pbx_in_use(BASE, "3CX key/with space");
        assert_eq!(
            req.url,
            format!("{BASE}/v1.0/pbxs?instanceId=3CX%20key%2Fwith%20space")
        );
        assert_eq!(req.answer, crate::api::request::Answer::Plain);
    }

    #[test]
    fn documented_pbx_answers_decode() {
        use crate::api::error::{decode, decode_plain};
        let created = r#"{"data":{"hostRest":"https://rest.example.com","hostWebsocket":"wss://ws.example.com","accountId":"12345","apiKey":"ABCDEF","_type":"KazooPbxConnectionProfile","id":"5f2b...","name":"Customers Kazoo Pbx","tenantId":"11111111-2222-4333-8444-555555555555","countryCode":"US","enabled":false},"status":"success","timestamp":"2019-11-29T16:03:23.9251680Z"}"#;
        let ok = decode(201, created, None).unwrap();
        let pbx: Pbx = data_as(&ok).unwrap();
        assert_eq!(pbx.kind_label(), "Kazoo");
        assert_eq!(pbx.country_code.as_deref(), Some("US"));
        assert_eq!(pbx.enabled, Some(false));
        assert_eq!(pbx.tenant_id, C);
        assert_eq!(pbx.account_id.as_deref(), Some("12345"));

        let list = r#"{"data":[{"id":"p1","name":"HQ","_type":"ThreeCxConnectionProfile","tenantId":"t"}],"status":"success","timestamp":"2019-11-29T16:03:23.9251680Z"}"#;
        let pbxs: Vec<Pbx> = data_as(&decode(200, list, None).unwrap()).unwrap();
        assert_eq!((pbxs[0].kind_label(), pbxs[0].enabled), ("3CX", None));

        let used: InUse = data_as(
            &decode_plain(
                200,
                r#"{"exists":true,"instanceId":"12345","id":"p1","tenantId":"t2"}"#,
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!((used.exists, used.tenant_id.as_deref()), (true, Some("t2")));
        let free: InUse =
            data_as(&decode_plain(200, r#"{"exists":false,"instanceId":"x"}"#).unwrap()).unwrap();
        assert!(!free.exists);

        for (data, why) in [
            (
                r#"{"id":"p1","name":5}"#,
                "`name`: invalid type: integer `5`, expected a string",
            ),
            (r#"{"name":"HQ"}"#, "missing field `id`"),
            (
                r#"{"id":"p1","enabled":"yes"}"#,
                "`enabled`: invalid type: string \"yes\", expected a boolean",
            ),
            // serde reads a list as the struct's fields in order.
            (
                r#"[1]"#,
                "`[0]`: invalid type: integer `1`, expected a string",
            ),
        ] {
            let wrong = decode(
                200,
                &format!(r#"{{"data":{data},"status":"success"}}"#),
                None,
            );
            match data_as::<Pbx>(&wrong.unwrap()) {
                Err(crate::api::ApiError::BadBody { detail, .. }) => {
                    assert_eq!(detail, format!("unexpected data: {why}"), "{data}")
                }
                other => panic!("{data}: {other:?}"),
            }
        }
        assert!(data_as::<Vec<Pbx>>(
            &decode(200, r#"{"data":{},"status":"success"}"#, None).unwrap()
        )
        .is_err());
        // null and missing optional fields read alike.
        let sparse = decode(
            200,
            r#"{"data":{"id":"p","countryCode":null},"status":"success"}"#,
            None,
        );
        let pbx: Pbx = data_as(&sparse.unwrap()).unwrap();
        assert_eq!(
            (pbx.name.as_str(), pbx.country_code, pbx.enabled),
            ("", None, None)
        );
        assert!(data_as::<InUse>(&decode_plain(200, r#"{"instanceId":"x"}"#).unwrap()).is_err());
    }

    #[test]
    fn look_up_requests_are_as_documented() {
        let r = search_customers("https://api.eu.myreports.cloud/api/", " acme & co ", 2);
        assert_eq!(r.method, Method::Get);
        assert_eq!(
            r.url,
            "https://api.eu.myreports.cloud/api/v1.0/customers?filter=acme%20%26%20co&pageIndex=2&pageSize=20"
        );
        assert_eq!(r.body, None);
        assert_eq!(
            list_users("http://h/api", C).url,
            format!("http://h/api/v1.0/customers/{C}/users")
        );
        assert_eq!(
            get_user("http://h/api", C, "u/1").url,
            format!("http://h/api/v1.0/customers/{C}/users/u%2F1")
        );
    }

    #[test]
    fn customers_users_and_roles_decode_from_the_documented_shapes() {
        use crate::api::error::decode;
        let customers = decode(
            200,
            r#"{"page_size":20,"page_index":0,"status":"success","timestamp":"2024-01-01T00:00:00Z",
                "data":[{"id":"c1","name":"Acme Logistics A/S","description":"d","enabled":true,
                         "parentTenantId":"p","reference":"ACME-001","dateCreated":"2020-01-01T00:00:00Z"}]}"#,
            None,
        )
        .unwrap();
        let list: Vec<crate::pick::Choice> = data_as(&customers).unwrap();
        assert_eq!(
            list,
            [crate::pick::Choice {
                id: "c1".into(),
                label: "Acme Logistics A/S".into(),
                detail: "ACME-001".into()
            }]
        );
        let users = decode(
            200,
            r#"{"status":"success","data":[{"id":"u1","displayName":"Mette Jensen",
                "email":"mette@acme.dk","primaryTenant":"c1","isParent":false}]}"#,
            None,
        )
        .unwrap();
        let list: Vec<crate::pick::Choice> = data_as(&users).unwrap();
        assert_eq!(
            (list[0].label.as_str(), list[0].detail.as_str()),
            ("Mette Jensen", "mette@acme.dk")
        );
        let user = decode(
            200,
            r#"{"status":"success","data":{"id":"u1","displayName":"M","email":"e",
                "roles":["customer.user.uc","customer_user_uc_softphone"]}}"#,
            None,
        )
        .unwrap();
        let Roles { roles } = data_as(&user).unwrap();
        assert_eq!(roles, ["customer.user.uc", "customer_user_uc_softphone"]);
        // A user without `roles` has none; an entry without an id is refused.
        let bare = decode(200, r#"{"status":"success","data":{"id":"u1"}}"#, None).unwrap();
        assert!(data_as::<Roles>(&bare).unwrap().roles.is_empty());
        let no_id = decode(200, r#"{"status":"success","data":[{"name":"x"}]}"#, None).unwrap();
        assert!(data_as::<Vec<crate::pick::Choice>>(&no_id).is_err());
    }
}
