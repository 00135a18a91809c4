//! Widgets shared by every feature.

pub mod charge_dialog;
pub mod field;
pub mod session_panel;
