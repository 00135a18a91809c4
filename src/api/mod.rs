//! Everything that speaks HTTP. All of it is pure and tested natively
//! (requests, answers, models, and the request lifecycle of `client` and
//! `tx` against a scripted transport), except `web`: the browser's
//! transport (gloo-net).

pub mod charges;
pub mod client;
pub mod dimensions;
pub mod error;
pub mod journal;
pub mod request;
pub mod scope;
pub mod telecomx;
pub mod time;
pub mod transport;
pub mod tx;
pub mod wire;

#[cfg(target_arch = "wasm32")]
pub mod web;

#[cfg(test)]
mod client_tests;
#[cfg(test)]
mod fake;

pub use error::{ApiError, Success};
pub use request::ApiRequest;
