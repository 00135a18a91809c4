//! The requests of the mobile-config copy, its look-ups and the login.

use crate::api::request::{join, segment, ApiRequest, Method};
use serde::Serialize;

/// The login body.
#[derive(Serialize)]
struct LoginBody<'a> {
    username: &'a str,
    password: &'a str,
    #[serde(rename = "smsKey", skip_serializing_if = "Option::is_none")]
    sms_key: Option<&'a str>,
}

/// `POST /auth/login`. `code` is the SMS code of an account with two-factor
/// login, sent as `smsKey`.
pub fn login(base: &str, email: &str, password: &str, code: Option<&str>) -> ApiRequest {
    ApiRequest::new(Method::Post, join(base, "auth/login")).json(&LoginBody {
        username: email.trim(),
        password,
        sms_key: code.map(str::trim).filter(|c| !c.is_empty()),
    })
}
/// `GET /auth/logout`: ends all of the user's tokens.
pub fn logout(base: &str) -> ApiRequest {
    ApiRequest::new(Method::Get, join(base, "auth/logout"))
}

/// `GET /employee?customer=&offset=&limit=&filter=`, one page.
pub fn employees(base: &str, customer: &str, offset: u32, limit: u32, filter: &str) -> ApiRequest {
    let mut path = format!(
        "employee?customer={}&offset={offset}&limit={}",
        segment(customer.trim()),
        limit.clamp(1, 500)
    );
    if !filter.trim().is_empty() {
        path.push_str(&format!("&filter={}", segment(filter.trim())));
    }
    ApiRequest::new(Method::Get, join(base, &path))
}

/// `GET /pbx/app/mobileconfig?customer=&employee=`: the configs one may
/// copy onto `target` from (the target itself left out).
pub fn configs(base: &str, customer: &str, target: &str) -> ApiRequest {
    ApiRequest::new(
        Method::Get,
        join(
            base,
            &format!(
                "pbx/app/mobileconfig?customer={}&employee={}",
                segment(customer.trim()),
                segment(target.trim())
            ),
        ),
    )
}

/// `GET /pbx/app/mobileconfig/{id}`: one employee's config.
pub fn config(base: &str, id: &str) -> ApiRequest {
    ApiRequest::new(
        Method::Get,
        join(
            base,
            &format!("pbx/app/mobileconfig/{}", segment(id.trim())),
        ),
    )
}

/// The copy body: `{"_id": <config to copy from>, "copyTo": <employee>}`.
#[derive(Serialize)]
struct CopyBody<'a> {
    #[serde(rename = "_id")]
    from: &'a str,
    #[serde(rename = "copyTo")]
    to: &'a str,
}

/// `POST /pbx/app/mobileconfig/` (with the trailing slash: without it, or
/// with an id after it, the API CREATES a config instead) with
/// `{"_id": from, "copyTo": to}`. It overwrites `to`'s config. The ids go
/// out as they were listed or typed (trimmed), their case kept.
pub fn copy(base: &str, from: &str, to: &str) -> ApiRequest {
    ApiRequest::new(Method::Post, join(base, "pbx/app/mobileconfig/")).json(&CopyBody {
        from: from.trim(),
        to: to.trim(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::BASE;
    use super::*;
    use serde_json::json;

    #[test]
    fn the_copy_request_is_as_documented() {
        let r = copy(
            BASE,
            " 12345678901234567890CCCC ",
            "12345678901234567890dddd",
        );
        assert_eq!(r.method, Method::Post);
        // The ids as the API listed them (the docs' own example is in
        // capitals), or as typed: never changed in case.
        // The trailing slash matters: without it the API creates a config.
        assert_eq!(r.url, "https://api.telecomx.dk/pbx/app/mobileconfig/");
        assert_eq!(
            r.body,
            Some(json!({"_id": "12345678901234567890CCCC", "copyTo": "12345678901234567890dddd"}))
        );
    }

    #[test]
    fn look_up_and_login_requests() {
        assert_eq!(
            employees(BASE, "c0ffee000000000000000002", 100, 100, " jens n ").url,
            "https://api.telecomx.dk/employee?customer=c0ffee000000000000000002&offset=100&limit=100&filter=jens%20n"
        );
        assert_eq!(
            employees(BASE, "c", 0, 9999, "").url,
            "https://api.telecomx.dk/employee?customer=c&offset=0&limit=500"
        );
        assert_eq!(
            configs(BASE, "c1", "e2").url,
            "https://api.telecomx.dk/pbx/app/mobileconfig?customer=c1&employee=e2"
        );
        assert_eq!(
            config(BASE, "e2").url,
            "https://api.telecomx.dk/pbx/app/mobileconfig/e2"
        );
        assert_eq!(logout(BASE).url, "https://api.telecomx.dk/auth/logout");
        let l = login(BASE, " rasmus@x.example ", "pw", Some(" 424242 "));
        assert_eq!(l.url, "https://api.telecomx.dk/auth/login");
        assert_eq!(
            l.body,
            Some(json!({"username": "rasmus@x.example", "password": "pw", "smsKey": "424242"}))
        );
        let l = login(BASE, "a@b", "pw", Some(" "));
        assert_eq!(l.body, Some(json!({"username": "a@b", "password": "pw"})));
    }
}
