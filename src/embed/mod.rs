//! Embedding in a customer portal's iframe (docs/embedding.md): the
//! protocol is pure and tested natively; the bridge to the parent window is
//! browser-only.

pub mod protocol;

#[cfg(target_arch = "wasm32")]
mod host;
#[cfg(target_arch = "wasm32")]
pub use host::{Embed, Phase};
