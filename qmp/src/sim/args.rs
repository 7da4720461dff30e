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

    /// Ends the visit: the first member not visited (in QEMU's order) is
    /// reported as unexpected.
    pub fn finish(self) -> Result<(), QmpError> {
        match self
            .map
            .keys()
            .find(|k| !self.visited.iter().any(|v| v == *k))
        {
            Some(k) => Err(QmpError::generic(format!("Parameter '{k}' is unexpected"))),
            None => Ok(()),
        }
    }
}
