//! Endpoints and models of the Dimensions reseller API (contract section 1).
//! Pure: every function here builds an [`ApiRequest`] value.

use super::request::{join, segment, ApiRequest, Method};
use serde_json::json;

/// The client type a softphone device is assigned to. The wire values are
/// the English ones (the French seed translated them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
            ClientType::Desktop => "Desktop",
            ClientType::Mobile => "Mobile",
            ClientType::Webrtc => "WebRTC",
            ClientType::Crm => "CRM",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            ClientType::Desktop => "The desktop app on the user's Windows or Mac computer.",
            ClientType::Mobile => "The mobile app on the user's phone.",
            ClientType::Webrtc => "Calls in the browser, with no app installed.",
            ClientType::Crm => "Calls from inside the user's CRM integration.",
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
        SoftphoneAction::Assign(client) => request.json(json!({ "clientType": client.wire() })),
        // The documented example sends no body.
        SoftphoneAction::Unassign => request,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::request::ACCEPT_CHARGES;

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
        assert_eq!(req.body, Some(serde_json::json!({"clientType": "desktop"})));
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
}
