//! The Telecom X API (contract section 2, seed 002), as plain data: a
//! second API with its own base URL, login and errors, so a module of its
//! own beside `dimensions.rs`; pure and tested natively. Its rooms: who may
//! copy onto whom (`access`), the requests (`requests`), the answers' models
//! (`models`), what a copy changes (`preview`) and its own error body
//! (`errors`). The page is `features/telecomx`, its client `api/tx.rs`.

mod access;
mod errors;
mod models;
mod preview;
mod requests;

pub use access::{access_hint, is_object_id, level_needed, Level};
pub use errors::{decode, TxError};
pub use models::{expires_in, read, ConfigSet, Employee, EmployeePage, Item, Login, MobileConfig};
pub use preview::{preview, Change};
pub use requests::{config, configs, copy, employees, login, logout};

#[cfg(test)]
const BASE: &str = "https://api.telecomx.dk";
