//! Reading typed values out of a parsed JSON `Value`, for the API's answers
//! and the runtime config. Pure, tested natively.

use crate::api::value::{Map, Value};

/// Reading a type from a JSON value. Hand-written instead of serde's derive:
/// the derived readers cost about 4 KB of compressed wasm for these few
/// fields (docs/decisions.md, Size). A missing optional field and `null`
/// read as `None`; a field of the wrong type is an error naming it.
pub trait FromJson: Sized {
    fn from_json(v: &Value) -> Result<Self, String>;
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Value) -> Result<Self, String> {
        v.as_array()
            .ok_or_else(|| "expected a list".to_string())?
            .iter()
            .map(T::from_json)
            .collect()
    }
}

/// The fields of a JSON object, read with a message naming the bad one.
pub struct Fields<'a>(&'a Map);

impl<'a> Fields<'a> {
    pub fn of(v: &'a Value) -> Result<Self, String> {
        v.as_object()
            .map(Fields)
            .ok_or_else(|| "expected an object".to_string())
    }

    fn present(&self, key: &str) -> Option<&'a Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }

    pub fn opt_string(&self, key: &str) -> Result<Option<String>, String> {
        match self.present(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("`{key}` is not a string")),
        }
    }

    pub fn string(&self, key: &str) -> Result<String, String> {
        self.opt_string(key)?
            .ok_or_else(|| format!("missing field `{key}`"))
    }

    pub fn opt_bool(&self, key: &str) -> Result<Option<bool>, String> {
        match self.present(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(format!("`{key}` is not true or false")),
        }
    }

    pub fn opt_u64(&self, key: &str) -> Result<Option<u64>, String> {
        match self.present(key) {
            None => Ok(None),
            Some(v) => v
                .as_u64()
                .map(Some)
                .ok_or_else(|| format!("`{key}` is not a whole number")),
        }
    }

    pub fn opt_strings(&self, key: &str) -> Result<Option<Vec<String>>, String> {
        match self.present(key) {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|i| i.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .map(Some)
                .ok_or_else(|| format!("`{key}` is not a list of strings")),
            Some(_) => Err(format!("`{key}` is not a list of strings")),
        }
    }

    /// A list of `T`; a missing field or `null` is an empty list.
    pub fn opt_list<T: FromJson>(&self, key: &str) -> Result<Vec<T>, String> {
        match self.present(key) {
            None => Ok(Vec::new()),
            Some(v) => Vec::from_json(v).map_err(|e| format!("`{key}`: {e}")),
        }
    }

    /// Keys not in `known`, for configs that reject typos.
    pub fn unknown(&self, known: &[&str]) -> Option<&'a str> {
        self.0
            .keys()
            .find(|k| !known.contains(&k.as_str()))
            .map(String::as_str)
    }
}
