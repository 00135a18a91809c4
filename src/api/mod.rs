//! Everything that speaks HTTP. `request`, `error`, `value`, `json`, `dimensions` and `telecomx` are pure
//! and tested natively; `transport` and `client` only exist in the browser.

pub mod dimensions;
pub mod error;
pub mod json;
pub mod request;
pub mod telecomx;
pub mod time;
pub mod value;

#[cfg(target_arch = "wasm32")]
pub mod client;
#[cfg(target_arch = "wasm32")]
pub mod transport;
#[cfg(target_arch = "wasm32")]
pub mod tx;

pub use error::{ApiError, Success};
pub use request::ApiRequest;
