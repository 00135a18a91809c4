//! The Telecom X API (contract section 2), served under `/telecomx`.

pub mod world;
