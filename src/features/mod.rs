//! One folder per thing a reseller does.

pub mod bulk;
pub mod journal;
pub mod pbx;
pub mod softphone;
pub mod telecomx;
