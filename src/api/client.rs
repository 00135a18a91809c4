//! The Dimensions API as the features use it: the request value goes out with
//! the session's token; a 401 drops the token (or, embedded, asks the host
//! portal for a fresh one and sends the request again once it arrives); a
//! 402 goes through the one charge dialog and, only if the person agrees,
//! the same request is sent again with `accept-charges: true`.

use super::dimensions::ClientType;
use super::error::{decode, decode_plain, ApiError, Success};
use super::request::{Answer, ApiRequest};
use super::transport;
use crate::config::Config;
use crate::embed::Embed;
use crate::i18n::tr;
use crate::session::Session;
use crate::ui::charge_dialog::ChargeDialog;
use crate::ui::pickers::Recent;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Api {
    config: StoredValue<Config>,
    session: Session,
    charges: ChargeDialog,
    embed: Option<Embed>,
    recent: StoredValue<Recent>,
    /// Device (tenant/user/device) -> the client type it was assigned to in
    /// this tab, so that a later assignment can say the device moved (the
    /// API does not). A few entries: a list, not a HashMap (less wasm).
    assigned: StoredValue<Vec<(String, ClientType)>>,
    /// The language the console is drawn in (`Lang::index`); changing it
    /// draws the console again (`ui::lang::switch`).
    pub lang: RwSignal<u32>,
}

impl Api {
    pub fn new(
        config: Config,
        session: Session,
        charges: ChargeDialog,
        embed: Option<Embed>,
    ) -> Self {
        Api {
            config: StoredValue::new(config),
            session,
            charges,
            embed,
            recent: StoredValue::new(Recent::default()),
            assigned: StoredValue::new(Vec::new()),
            lang: RwSignal::new(crate::i18n::current().index()),
        }
    }

    /// Reads this tab's recent picker choices (memory only).
    pub fn recent<T>(&self, f: impl FnOnce(&Recent) -> T) -> T {
        self.recent.with_value(f)
    }

    pub fn recent_mut(&self, f: impl FnOnce(&mut Recent)) {
        self.recent.update_value(f);
    }

    /// The client type the device of this assign or unassign `url` had from
    /// an assignment made in this tab.
    pub fn assigned_before(&self, url: &str) -> Option<ClientType> {
        let key = device_key(url);
        self.assigned
            .with_value(|k| k.iter().find(|(d, _)| *d == key).map(|(_, c)| *c))
    }

    /// Records a done assign (`Some`) or unassign (`None`) of `url`.
    pub fn record_assignment(&self, url: &str, now: Option<ClientType>) {
        let key = device_key(url);
        self.assigned.update_value(|k| {
            k.retain(|(d, _)| *d != key);
            if let Some(c) = now {
                k.push((key, c));
            }
        });
    }

    /// Tells the host portal, when embedded, that `action` was done.
    pub fn completed(&self, action: &str, detail: crate::api::value::Value) {
        if let Some(embed) = self.embed {
            embed.post(crate::embed::protocol::Report::Completed(action, detail));
        }
    }

    /// Reads the runtime config.
    pub fn config<T>(&self, f: impl FnOnce(&Config) -> T) -> T {
        self.config.with_value(f)
    }

    pub fn session(&self) -> Session {
        self.session
    }

    pub fn charges(&self) -> ChargeDialog {
        self.charges
    }

    /// The embedding bridge, when the console is in a host portal's iframe.
    pub fn embed(&self) -> Option<Embed> {
        self.embed
    }

    pub fn dimensions_base(&self) -> String {
        self.config.with_value(|c| c.dimensions_api_base.clone())
    }

    /// Sends `request`, handling 401 and 402 as the console always does.
    pub async fn call(self, request: ApiRequest) -> Result<Success, ApiError> {
        match self.send_once(&request).await {
            Err(ApiError::ChargesApply { message, echo }) => {
                if self.charges.confirm(&request, message, echo).await {
                    self.send_once(&request.with_accept_charges()).await
                } else {
                    Err(ApiError::ChargesDeclined)
                }
            }
            other => other,
        }
    }

    /// Sends `request` once, with the session's token (and, embedded, one
    /// fresh token from the host after a 401): a 402 comes back as
    /// `ChargesApply`, with no dialog. The bulk run asks about charges once
    /// for all its rows.
    pub async fn send_once(&self, request: &ApiRequest) -> Result<Success, ApiError> {
        // Embedded, the host portal owns the token: a missing or refused one
        // is asked of it, once per request, and the request goes again.
        let mut asked_host = false;
        loop {
            let Some(token) = self.session.token() else {
                match self.embed {
                    Some(embed) if !asked_host => {
                        asked_host = true;
                        if embed.fresh_token().await {
                            continue;
                        }
                        return Err(ApiError::HostToken);
                    }
                    Some(_) => return Err(ApiError::HostToken),
                    None => {
                        self.session
                            .ask_for_token(tr("Enter the customer's bearer token to continue."));
                        return Err(ApiError::NoToken);
                    }
                }
            };
            let timeout = self.config.with_value(|c| c.request_timeout_seconds);
            let raw = transport::send(request, token.expose(), timeout, None).await?;
            let result = match request.answer {
                Answer::Envelope => decode(raw.status, &raw.body, raw.location),
                Answer::Plain => decode_plain(raw.status, &raw.body),
            };
            if let Err(ApiError::Unauthorized) = result {
                let Some(embed) = self.embed else {
                    self.session.drop_token(
                        tr("The API refused this token (401): it is invalid or has expired. Enter a new one."),
                    );
                    return result;
                };
                // A newer token may have arrived while this one was out.
                let newer = self.session.token().is_some_and(|t| t != token);
                self.session.forget_token_if(&token);
                if !asked_host && (newer || embed.fresh_token().await) {
                    asked_host = true;
                    continue;
                }
                return Err(ApiError::HostToken);
            }
            return result;
        }
    }
}

/// The device part of an assign/unassign URL (tenant/user/device), without
/// the action.
fn device_key(url: &str) -> String {
    url.rsplit_once('/')
        .map(|(k, _)| k)
        .unwrap_or(url)
        .to_string()
}

/// The API client, and through it the session, the charge dialog and the
/// embedding bridge: one context for all of them, as each context type
/// costs its own copy of Leptos' context look-up in the wasm.
pub fn use_api() -> Api {
    expect_context::<Api>()
}
