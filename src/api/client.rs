//! The Dimensions API as the features use it: the request value goes out with
//! the session's token; a 401 drops the token; a 402 goes through the one
//! charge dialog and, only if the person agrees, the same request is sent
//! again with `accept-charges: true`.

use super::error::{decode, decode_plain, ApiError, Success};
use super::request::{Answer, ApiRequest};
use super::transport;
use crate::config::Config;
use crate::session::Session;
use crate::ui::charge_dialog::ChargeDialog;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Api {
    config: StoredValue<Config>,
    session: Session,
    charges: ChargeDialog,
}

impl Api {
    pub fn new(config: Config, session: Session, charges: ChargeDialog) -> Self {
        Api {
            config: StoredValue::new(config),
            session,
            charges,
        }
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

    async fn send_once(&self, request: &ApiRequest) -> Result<Success, ApiError> {
        let Some(token) = self.session.token() else {
            self.session
                .ask_for_token("Enter the customer's bearer token to continue.");
            return Err(ApiError::NoToken);
        };
        let timeout = self.config.with_value(|c| c.request_timeout_seconds);
        let raw = transport::send(request, token.expose(), timeout, None).await?;
        let result = match request.answer {
            Answer::Envelope => decode(raw.status, &raw.body, raw.location),
            Answer::Plain => decode_plain(raw.status, &raw.body),
        };
        if let Err(ApiError::Unauthorized) = result {
            self.session.drop_token(
                "The API refused this token (401): it is invalid or has expired. Enter a new one.",
            );
        }
        result
    }
}

pub fn use_api() -> Api {
    expect_context::<Api>()
}
