//! The QObject model: what QEMU's parser builds and its writer prints.

use super::qdict_order;

/// A JSON value as QEMU holds it. Numbers keep QEMU's three kinds (signed,
/// unsigned beyond `i64::MAX`, double); doubles may be infinite (QEMU parses
/// `1e400` as infinity and prints it as `inf`).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Double(f64),
    String(String),
    List(Vec<Value>),
    Dict(Dict),
}

/// A JSON object: entries kept in insertion order; [`Dict::qemu_order`] gives
/// the order QEMU iterates (and prints) them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dict {
    entries: Vec<(String, Value)>,
}

impl Dict {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_capacity(n: usize) -> Self {
        Dict {
            entries: Vec::with_capacity(n),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Inserts or replaces (a replaced entry keeps its position, like QEMU).
    pub fn insert(&mut self, key: impl Into<String>, value: Value) {
        let key = key.into();
        if let Some(slot) = self.entries.iter_mut().find(|(k, _)| *k == key) {
            slot.1 = value;
        } else {
            self.entries.push((key, value));
        }
    }

    /// Appends without checking for an existing key (caller guarantees it).
    pub(crate) fn push_unchecked(&mut self, key: String, value: Value) {
        self.entries.push((key, value));
    }

    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let pos = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.remove(pos).1)
    }

    /// Entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Entries in QEMU's QDict iteration order.
    pub fn qemu_order(&self) -> Vec<(&str, &Value)> {
        if self.entries.len() <= 1 {
            return self.iter().collect();
        }
        qdict_order::order(self.entries.iter().map(|(k, _)| k.as_str()))
            .into_iter()
            .map(|i| (self.entries[i].0.as_str(), &self.entries[i].1))
            .collect()
    }

    pub fn into_entries(self) -> Vec<(String, Value)> {
        self.entries
    }
}

impl FromIterator<(String, Value)> for Dict {
    fn from_iter<T: IntoIterator<Item = (String, Value)>>(iter: T) -> Self {
        let mut d = Dict::new();
        for (k, v) in iter {
            d.insert(k, v);
        }
        d
    }
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_dict(&self) -> Option<&Dict> {
        match self {
            Value::Dict(d) => Some(d),
            _ => None,
        }
    }

    /// Converts to serde_json, objects in insertion order. Non-finite
    /// doubles become null.
    pub fn to_json(&self) -> serde_json::Value {
        self.convert(false)
    }

    /// [`Value::to_json`], consuming the value (strings are moved, not
    /// copied: a guest agent's reply can hold megabytes of base64).
    pub fn into_json(self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::String(s) => J::String(s),
            Value::List(l) => J::Array(l.into_iter().map(Value::into_json).collect()),
            Value::Dict(d) => J::Object(
                d.into_entries()
                    .into_iter()
                    .map(|(k, v)| (k, v.into_json()))
                    .collect(),
            ),
            other => other.to_json(),
        }
    }

    /// Converts to serde_json with objects in QEMU's iteration order, so code
    /// that walks them (e.g. to report the first unexpected argument) sees
    /// members in the order QEMU would.
    pub fn to_json_qemu_order(&self) -> serde_json::Value {
        self.convert(true)
    }

    fn convert(&self, qemu_order: bool) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::UInt(u) => J::from(*u),
            Value::Double(d) => serde_json::Number::from_f64(*d)
                .map(J::Number)
                .unwrap_or(J::Null),
            Value::String(s) => J::String(s.clone()),
            Value::List(l) => J::Array(l.iter().map(|v| v.convert(qemu_order)).collect()),
            Value::Dict(d) if qemu_order => J::Object(dict_to_json(d)),
            Value::Dict(d) => J::Object(
                d.iter()
                    .map(|(k, v)| (k.to_string(), v.to_json()))
                    .collect(),
            ),
        }
    }

    pub fn from_json(v: &serde_json::Value) -> Value {
        use serde_json::Value as J;
        match v {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => {
                if let Some(i) = n.as_i64() {
                    Value::Int(i)
                } else if let Some(u) = n.as_u64() {
                    Value::UInt(u)
                } else {
                    Value::Double(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            J::String(s) => Value::String(s.clone()),
            J::Array(a) => Value::List(a.iter().map(Value::from_json).collect()),
            J::Object(o) => Value::Dict(
                o.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }
}

/// A dict as a serde_json map, members in QEMU's iteration order.
pub fn dict_to_json(d: &Dict) -> serde_json::Map<String, serde_json::Value> {
    d.qemu_order()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_json_qemu_order()))
        .collect()
}

impl From<serde_json::Value> for Value {
    fn from(v: serde_json::Value) -> Self {
        Value::from_json(&v)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<Dict> for Value {
    fn from(d: Dict) -> Self {
        Value::Dict(d)
    }
}
