//! JSON as the console reads it: one way to read text (into a
//! `serde_json::Value`) and one way to read a model out of a value (its
//! serde derive, through `serde_path_to_error`, so that an error names the
//! field at fault). Every reader (answers, config.json, the host's
//! messages, the translation tables) goes through these two, so serde's
//! code is compiled once per model rather than once per way of reading it
//! (docs/decisions.md, Size).

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// Parses JSON text.
pub fn parse(text: &str) -> Result<Value, serde_json::Error> {
    serde_json::from_str(text)
}

/// Reads `T` out of `v`; the error names the field at fault, then what is
/// wrong with it.
pub fn read<T: DeserializeOwned>(v: &Value) -> Result<T, String> {
    serde_path_to_error::deserialize(v).map_err(|e| {
        let path = e.path().to_string();
        if path == "." {
            e.inner().to_string()
        } else {
            format!("`{path}`: {}", e.inner())
        }
    })
}

/// A field that reads `null` as its default, as a missing one (with
/// `#[serde(default, deserialize_with = "or_default")]`): the APIs leave
/// out and null fields alike.
pub fn or_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}
