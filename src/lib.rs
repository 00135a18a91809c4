//! Switchboard: a browser admin console for telecom resellers.
//!
//! Pure modules (`api` models and builders, `config` parsing, `validate`)
//! compile natively and are tested with `cargo test`; the UI exists only on
//! `wasm32`.

pub mod api;
pub mod bulk;
pub mod config;
pub mod csv;
pub mod embed;
pub mod i18n;
pub mod nav;
pub mod pick;
pub mod session;
pub mod validate;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
pub mod features;
#[cfg(target_arch = "wasm32")]
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub use app::{provide_app_context, start, use_embed, App};
