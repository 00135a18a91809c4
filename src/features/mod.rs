//! One folder per thing a reseller does.

pub mod pbx;
pub mod softphone;
pub mod telecomx;
