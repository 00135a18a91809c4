//! One folder per thing a reseller does.

pub mod softphone;
