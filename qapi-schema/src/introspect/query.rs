//! Capability questions over a live `query-qmp-schema` reply.
//!
//! A question is a path through the schema, in the query-string language
//! libvirt uses for the same purpose: elements separated by `/`, the first
//! naming a command, event or type, each next one stepping further.
//!
//! | element     | applies to        | meaning                                       |
//! |-------------|-------------------|-----------------------------------------------|
//! | `arg-type`, `ret-type` | command, event | the argument / return type          |
//! | `name`      | object            | the member `name`; continue at its type       |
//! | `*name`     | object            | the same, and the member must be optional     |
//! | `+case`     | object (union)    | the branch `case`; continue at its type       |
//! | `^value`    | enum              | yes if the enum has `value`                   |
//! | `!json`     | built-in          | yes if its JSON type is `json` (`int`, `string`, …) |
//! | `$feature`  | anything          | yes if it has `feature`                        |
//!
//! Arrays are looked through (a step applies to the element type), and a
//! step into an alternate is tried on each of its alternatives in turn.  A
//! name starting with a character other than a letter is written after one
//! space (`" 0day"`), since its first character would read as a modifier.
//!
//! Two extensions over libvirt ask about features that libvirt's strings
//! cannot reach: `$feature` right after a member step is also true when the
//! member itself has the feature (members can be `deprecated` while their
//! type is not), and `^value/$feature` is true when the enum value has it.
//!
//! ```
//! use qapi_schema::introspect::query::Introspection;
//! let reply = serde_json::json!([
//!     {"name": "query-x", "meta-type": "command", "arg-type": "0", "ret-type": "1",
//!      "features": ["deprecated"]},
//!     {"name": "0", "meta-type": "object", "members": []},
//!     {"name": "1", "meta-type": "object",
//!      "members": [{"name": "mode", "type": "2", "default": null}]},
//!     {"name": "2", "meta-type": "enum", "values": ["on", "off"],
//!      "members": [{"name": "on"}, {"name": "off"}]},
//! ]);
//! let schema = Introspection::new(&reply).unwrap();
//! assert!(schema.has("query-x"));
//! assert!(schema.has("query-x/$deprecated"));
//! assert!(schema.has("query-x/ret-type/*mode/^off"));
//! assert!(!schema.has("query-x/ret-type/mode/^auto"));
//! ```

use std::collections::HashMap;
use std::fmt;

use serde_json::Value;

/// An introspection reply indexed by entry name.
#[derive(Debug, Clone)]
pub struct Introspection<'a> {
    entries: HashMap<&'a str, &'a Value>,
}

/// What a question found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Found<'a> {
    /// The path ends at this SchemaInfo entry.
    Entry(&'a Value),
    /// A yes/no step (`^value`, `!json`, `$feature`) said yes.
    Yes,
}

/// A malformed reply or question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError(pub String);

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QueryError {}

fn err<T>(msg: impl Into<String>) -> Result<T, QueryError> {
    Err(QueryError(msg.into()))
}

/// The string `key` of `v`, if any.
fn string<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// The items of the array `key` of `v` (none if absent).
fn items<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn has_feature(v: &Value, feature: &str) -> bool {
    items(v, "features")
        .iter()
        .any(|f| f.as_str() == Some(feature))
}

impl<'a> Introspection<'a> {
    /// Indexes a reply: the SchemaInfo array, or the whole
    /// `{"return": [...]}` response.
    pub fn new(reply: &'a Value) -> Result<Self, QueryError> {
        let list = match reply.get("return").unwrap_or(reply).as_array() {
            Some(l) => l,
            None => return err("introspection reply is not an array"),
        };
        let mut entries = HashMap::with_capacity(list.len());
        for e in list {
            match string(e, "name") {
                Some(n) => entries.insert(n, e),
                None => return err(format!("SchemaInfo without a name: {e}")),
            };
        }
        Ok(Introspection { entries })
    }

    /// The SchemaInfo entry called `name` (a command, an event, or a type
    /// by its masked name).
    pub fn entry(&self, name: &str) -> Option<&'a Value> {
        self.entries.get(name).copied()
    }

    /// Whether the command `name` exists.
    pub fn has_command(&self, name: &str) -> bool {
        self.meta_is(name, "command")
    }

    /// Whether the event `name` exists.
    pub fn has_event(&self, name: &str) -> bool {
        self.meta_is(name, "event")
    }

    fn meta_is(&self, name: &str, meta: &str) -> bool {
        self.entry(name)
            .is_some_and(|e| string(e, "meta-type") == Some(meta))
    }

    /// Answers `query`: `Ok(None)` when the path leads nowhere.
    pub fn get(&self, query: &str) -> Result<Option<Found<'a>>, QueryError> {
        let mut steps = query.split('/');
        let first = steps.next().unwrap_or_default();
        let steps: Vec<&str> = steps.collect();
        if first.is_empty() || steps.iter().any(|s| s.is_empty()) {
            return err(format!("malformed query string '{query}'"));
        }
        Ok(self.walk(first, &steps, None))
    }

    /// Whether `query` finds something; malformed queries find nothing.
    pub fn has(&self, query: &str) -> bool {
        matches!(self.get(query), Ok(Some(_)))
    }

    /// Continues at the entry `name` with `steps` left; `member` is the
    /// member stepped through to get here, if any.
    fn walk(&self, name: &str, steps: &[&str], member: Option<&Value>) -> Option<Found<'a>> {
        let cur = self.entry(name)?;
        let Some((&step, rest)) = steps.split_first() else {
            return Some(Found::Entry(cur));
        };
        let meta = string(cur, "meta-type")?;
        let (modifier, arg) = match step.chars().next() {
            Some(c) if !c.is_ascii_alphabetic() => (c, &step[c.len_utf8()..]),
            _ => (' ', step),
        };
        // Arrays are looked through; alternates tried branch by branch.
        match meta {
            "array" => return self.walk(string(cur, "element-type")?, steps, member),
            "alternate" => {
                return items(cur, "members")
                    .iter()
                    .filter_map(|m| string(m, "type"))
                    .find_map(|t| self.walk(t, steps, member));
            }
            _ => {}
        }
        if modifier == '$' {
            let yes = has_feature(cur, arg) || member.is_some_and(|m| has_feature(m, arg));
            return yes.then_some(Found::Yes);
        }
        match (meta, modifier) {
            ("command" | "event", ' ') => self.walk(string(cur, arg)?, rest, None),
            ("enum", '^') => {
                let yes = items(cur, "values").iter().any(|v| v.as_str() == Some(arg));
                // Extension: `^value/$feature` asks about the value's features.
                match rest.first().and_then(|r| r.strip_prefix('$')) {
                    Some(feature) if yes => items(cur, "members")
                        .iter()
                        .find(|m| string(m, "name") == Some(arg))
                        .filter(|m| has_feature(m, feature))
                        .map(|_| Found::Yes),
                    _ => yes.then_some(Found::Yes),
                }
            }
            ("builtin", '!') => (string(cur, "json-type") == Some(arg)).then_some(Found::Yes),
            ("object", '+') => {
                let v = items(cur, "variants")
                    .iter()
                    .find(|v| string(v, "case") == Some(arg))?;
                self.walk(string(v, "type")?, rest, None)
            }
            ("object", ' ' | '*') => {
                let m = items(cur, "members")
                    .iter()
                    .find(|m| string(m, "name") == Some(arg))?;
                if modifier == '*' && m.get("default").is_none() {
                    return None;
                }
                self.walk(string(m, "type")?, rest, Some(m))
            }
            _ => None,
        }
    }
}
