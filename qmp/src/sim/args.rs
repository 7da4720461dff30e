//! Argument decoding with QEMU's messages (what QEMU's QObject input visitor
//! reports), for the hand-written command table. Generated code replaces this.

use crate::error::QmpError;
use serde_json::{Map, Value};

/// Visits an `arguments` object member by member, like QEMU's input visitor.
pub struct Args {
    map: Map<String, Value>,
    visited: Vec<String>,
}

impl Args {
    pub fn new(map: Map<String, Value>) -> Self {
        Args {
            map,
            visited: Vec::new(),
        }
    }

    fn take(&mut self, name: &str) -> Option<&Value> {
        self.visited.push(name.to_string());
        self.map.get(name)
    }

    pub fn required_int(&mut self, name: &str) -> Result<i64, QmpError> {
        match self.take(name) {
            None => Err(QmpError::generic(format!("Parameter '{name}' is missing"))),
            Some(v) => v.as_i64().ok_or_else(|| {
                QmpError::generic(format!(
                    "Invalid parameter type for '{name}', expected: integer"
                ))
            }),
        }
    }

    pub fn optional_bool(&mut self, name: &str) -> Result<Option<bool>, QmpError> {
        match self.take(name) {
            None => Ok(None),
            Some(v) => v.as_bool().map(Some).ok_or_else(|| {
                QmpError::generic(format!(
                    "Invalid parameter type for '{name}', expected: boolean"
                ))
            }),
        }
    }

    /// Ends the visit: a member not visited is reported as unexpected,
    /// choosing the one QEMU would (see [`crate::json::ghash_order`]). The map
    /// must hold the members in QEMU's QDict order, as the runtime passes them.
    pub fn finish(self) -> Result<(), QmpError> {
        let keys: Vec<&str> = self.map.keys().map(String::as_str).collect();
        let visited: Vec<&str> = self.visited.iter().map(String::as_str).collect();
        match crate::json::ghash_order::first_unexpected(&keys, &visited) {
            Some(k) => Err(QmpError::generic(format!("Parameter '{k}' is unexpected"))),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{parser, Value as Q};

    #[test]
    fn unexpected_member_matches_qemu() {
        let items = crate::json::streamer::parse_one(br#"{"a": 1, "b": 2, "c": 3}"#);
        let Ok(Q::Dict(d)) = &items[0] else {
            panic!("parse")
        };
        let map = crate::json::value::dict_to_json(d);
        let keys: Vec<&String> = map.keys().collect();
        let e = Args::new(map.clone()).finish().unwrap_err();
        assert_eq!(e.desc, "Parameter 'b' is unexpected", "keys {keys:?}");
        let _ = parser::parse;
        let ks: Vec<&str> = map.keys().map(String::as_str).collect();
        assert_eq!(
            crate::json::ghash_order::first_unexpected(&ks, &[]),
            Some("b")
        );
    }
}
