//! Introspection: the `query-qmp-schema` reply, exactly as QEMU builds it.
//!
//! QEMU's generator (`scripts/qapi/introspect.py`) works like this, and so
//! does [`introspect`]:
//!
//! * Commands and events are visited first, module by module in the
//!   schema's module order, each module's in definition order.
//! * Every type they refer to is queued on first use; the queue is then
//!   drained (growing as it goes), each type emitted when its turn comes.
//!   Integer types are all shown as `int` (arrays of them as `[int]`).
//! * Type names other than built-ins are masked as numbers, numbered in
//!   order of first use (`unmask` keeps them).  Arrays are named
//!   `[ELEMENT]`.
//! * `if` conditions only decide what the built binary contains: QEMU
//!   numbers names and queues types for everything, then the C
//!   preprocessor drops what is off.  So masked numbers may have gaps, and
//!   a type used only by a disabled command is still present (unless it
//!   has a false condition itself).  A list whose items all fall away stays
//!   as an empty list.
//! * The reply is a QEMU `QDict`, whose members come out in the order of
//!   its hash table (see [`qdict_key_order`]); the objects made here have
//!   their keys in that order.
//!
//! [`query`] answers capability questions over such a reply.

pub mod query;

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::ifcond::IfCond;
use crate::model::{EntityId, EntityKind, Feature, Member, Schema, Variant};

/// Produces the `query-qmp-schema` array for `schema`.  `cfg` says which
/// condition names are true (every `if` is evaluated with it); `unmask`
/// keeps real type names instead of numbers.
pub fn introspect(schema: &Schema, cfg: &dyn Fn(&str) -> bool, unmask: bool) -> Value {
    let mut g = Gen {
        schema,
        cfg,
        unmask,
        names: HashMap::with_capacity(schema.entities.len()),
        used: Vec::with_capacity(schema.entities.len()),
        queued: vec![false; schema.entities.len()],
        out: Vec::with_capacity(schema.entities.len()),
    };
    for module in &schema.modules {
        for &id in &module.entities {
            match &schema.entity(id).kind {
                EntityKind::Command(_) | EntityKind::Event { .. } => g.visit(id),
                _ => {}
            }
        }
    }
    let mut next = 0;
    while next < g.used.len() {
        g.visit(g.used[next]);
        next += 1;
    }
    Value::Array(g.out)
}

/// [`introspect`] with the true condition names given as a list.
pub fn introspect_with<S: AsRef<str>>(schema: &Schema, cfg: &[S], unmask: bool) -> Value {
    introspect(schema, &|n| cfg.iter().any(|c| c.as_ref() == n), unmask)
}

/// The bucket of `key` in a QEMU `QDict` (`tdb_hash(key) % 512`).
fn qdict_bucket(key: &str) -> u32 {
    let mut v = 0x238F_13AFu32.wrapping_mul(key.len() as u32);
    for (i, &c) in key.as_bytes().iter().enumerate() {
        v = v.wrapping_add(u32::from(c) << (i * 5 % 24));
    }
    1_103_515_243u32.wrapping_mul(v).wrapping_add(12345) % 512
}

/// Sorts keys into the order in which QEMU prints a `QDict` built from an
/// introspection literal: QEMU inserts the keys in sorted order, each at
/// the head of its hash bucket, and prints bucket by bucket.
pub fn qdict_key_order(keys: &mut [&str]) {
    keys.sort_by(|a, b| qdict_bucket(a).cmp(&qdict_bucket(b)).then_with(|| b.cmp(a)));
}

/// Every key a SchemaInfo object can have, in QEMU's output order (as
/// [`qdict_key_order`] sorts them; a test checks).
const KEYS: [&str; 15] = [
    "name",
    "element-type",
    "tag",
    "variants",
    "ret-type",
    "default",
    "members",
    "allow-oob",
    "case",
    "type",
    "json-type",
    "meta-type",
    "arg-type",
    "values",
    "features",
];

/// A JSON object with its members in QEMU's output order.
fn qdict(mut entries: Vec<(&'static str, Value)>) -> Value {
    let rank = |k: &str| KEYS.iter().position(|&x| x == k).expect("a SchemaInfo key");
    entries.sort_unstable_by_key(|&(k, _)| rank(k));
    let mut map = Map::with_capacity(entries.len());
    for (k, v) in entries {
        map.insert(k.to_owned(), v);
    }
    Value::Object(map)
}

struct Gen<'a> {
    schema: &'a Schema,
    cfg: &'a dyn Fn(&str) -> bool,
    unmask: bool,
    /// Masked names given so far.
    names: HashMap<&'a str, String>,
    /// Types queued for output, in order of first use.
    used: Vec<EntityId>,
    queued: Vec<bool>,
    out: Vec<Value>,
}

impl<'a> Gen<'a> {
    fn on(&self, ifcond: &Option<IfCond>) -> bool {
        match ifcond {
            None => true,
            Some(c) => c.eval(self.cfg),
        }
    }

    /// The name shown for a type: its number (given on first use) or,
    /// with `unmask`, itself.
    fn name(&mut self, name: &'a str) -> String {
        if self.unmask {
            return name.to_owned();
        }
        let n = self.names.len();
        self.names
            .entry(name)
            .or_insert_with(|| n.to_string())
            .clone()
    }

    /// Queues a type for output and returns how it is referred to.
    fn use_type(&mut self, mut id: EntityId) -> String {
        let s = self.schema;
        let int_like = |id: EntityId| s.entity(id).json_type() == "int";
        let element = match &s.entity(id).kind {
            EntityKind::Array { element, .. } => Some(*element),
            _ => None,
        };
        if int_like(id) {
            id = s.lookup_id("int").expect("built-in int");
        } else if element.is_some_and(int_like) {
            id = s.lookup_id("intList").expect("built-in intList");
        }
        if !self.queued[id] {
            self.queued[id] = true;
            self.used.push(id);
        }
        let e = s.entity(id);
        match &e.kind {
            EntityKind::Builtin { .. } => e.name.clone(),
            EntityKind::Array { element, .. } => format!("[{}]", self.use_type(*element)),
            _ => self.name(&e.name),
        }
    }

    fn empty_object(&self) -> EntityId {
        self.schema.lookup_id("q_empty").expect("built-in q_empty")
    }

    /// A list of the items whose condition is true.
    fn list(&self, items: Vec<(Value, &Option<IfCond>)>) -> Value {
        Value::Array(
            items
                .into_iter()
                .filter(|(_, c)| self.on(c))
                .map(|(v, _)| v)
                .collect(),
        )
    }

    fn features(&self, features: &[Feature]) -> Value {
        self.list(
            features
                .iter()
                .map(|f| (Value::String(f.name.clone()), &f.ifcond))
                .collect(),
        )
    }

    fn member(&mut self, m: &'a Member) -> (Value, &'a Option<IfCond>) {
        let mut obj = vec![
            ("name", Value::String(m.name.clone())),
            ("type", Value::String(self.use_type(m.ty))),
        ];
        if m.optional {
            obj.push(("default", Value::Null));
        }
        if !m.features.is_empty() {
            obj.push(("features", self.features(&m.features)));
        }
        (qdict(obj), &m.ifcond)
    }

    fn variant(&mut self, v: &'a Variant) -> (Value, &'a Option<IfCond>) {
        let obj = vec![
            ("case", Value::String(v.name.clone())),
            ("type", Value::String(self.use_type(v.ty))),
        ];
        (qdict(obj), &v.ifcond)
    }

    /// Emits the SchemaInfo of one command, event or type.
    fn visit(&mut self, id: EntityId) {
        let e = self.schema.entity(id);
        let (meta, mut obj): (&str, Vec<(&'static str, Value)>) = match &e.kind {
            EntityKind::Builtin { json_type } => {
                ("builtin", vec![("json-type", (*json_type).into())])
            }
            EntityKind::Enum { members, .. } => {
                let infos = members
                    .iter()
                    .map(|m| {
                        let mut obj = vec![("name", Value::String(m.name.clone()))];
                        if !m.features.is_empty() {
                            obj.push(("features", self.features(&m.features)));
                        }
                        (qdict(obj), &m.ifcond)
                    })
                    .collect();
                let values = members
                    .iter()
                    .map(|m| (Value::String(m.name.clone()), &m.ifcond))
                    .collect();
                let fields = vec![("members", self.list(infos)), ("values", self.list(values))];
                ("enum", fields)
            }
            EntityKind::Array { element, .. } => {
                let el = self.use_type(*element);
                let obj = vec![
                    ("name", Value::String(format!("[{el}]"))),
                    ("meta-type", "array".into()),
                    ("element-type", Value::String(el)),
                ];
                // An array is as conditional as its element type.
                if self.on(&self.schema.entity(*element).ifcond) {
                    self.out.push(qdict(obj));
                }
                return;
            }
            EntityKind::Object {
                members, branches, ..
            } => {
                let ms = members.iter().map(|m| self.member(m)).collect();
                let mut fields = vec![("members", self.list(ms))];
                if let Some(b) = branches {
                    let vs = b.variants.iter().map(|v| self.variant(v)).collect();
                    fields.push(("tag", Value::String(b.tag.clone())));
                    fields.push(("variants", self.list(vs)));
                }
                ("object", fields)
            }
            EntityKind::Alternate { variants } => {
                let ms = variants
                    .iter()
                    .map(|v| {
                        let ty = Value::String(self.use_type(v.ty));
                        (qdict(vec![("type", ty)]), &v.ifcond)
                    })
                    .collect();
                ("alternate", vec![("members", self.list(ms))])
            }
            EntityKind::Command(c) => {
                let empty = self.empty_object();
                let mut fields = vec![
                    (
                        "arg-type",
                        self.use_type(c.arg_type.unwrap_or(empty)).into(),
                    ),
                    (
                        "ret-type",
                        self.use_type(c.ret_type.unwrap_or(empty)).into(),
                    ),
                ];
                if c.allow_oob {
                    fields.push(("allow-oob", true.into()));
                }
                ("command", fields)
            }
            EntityKind::Event { arg_type, .. } => {
                let arg = arg_type.unwrap_or(self.empty_object());
                ("event", vec![("arg-type", self.use_type(arg).into())])
            }
            EntityKind::Include { .. } => return,
        };
        let name = match meta {
            "command" | "event" | "builtin" => e.name.clone(),
            _ => self.name(&e.name),
        };
        obj.push(("name", name.into()));
        obj.push(("meta-type", meta.into()));
        if !e.features.is_empty() {
            obj.push(("features", self.features(&e.features)));
        }
        if self.on(&e.ifcond) {
            self.out.push(qdict(obj));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_table_is_in_qdict_order() {
        let mut keys = KEYS;
        qdict_key_order(&mut keys);
        assert_eq!(keys, KEYS);
    }

    #[test]
    fn qdict_order_matches_qemu_output() {
        let mut keys = ["arg-type", "meta-type", "name", "ret-type", "allow-oob"];
        qdict_key_order(&mut keys);
        assert_eq!(
            keys,
            ["name", "ret-type", "allow-oob", "meta-type", "arg-type"]
        );
        let mut keys = ["members", "meta-type", "name", "tag", "variants"];
        qdict_key_order(&mut keys);
        assert_eq!(keys, ["name", "tag", "variants", "members", "meta-type"]);
    }

    #[test]
    fn masks_in_order_of_first_use() {
        let schema = crate::load_str(
            "t.json",
            "{ 'command': 'a', 'data': { 'x': 'Thing', '*n': 'uint8' }, 'returns': ['Thing'] }\n\
             { 'struct': 'Thing', 'data': { 'e': 'Mode' }, 'if': 'HAVE_T' }\n\
             { 'enum': 'Mode', 'data': [ 'p', { 'name': 'q', 'if': 'Q' } ] }\n\
             { 'event': 'EV', 'features': [ 'deprecated' ] }\n",
            &Default::default(),
        )
        .unwrap();
        let v = introspect_with(&schema, &["HAVE_T"], false);
        let names: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["a", "EV", "0", "[1]", "1", "2", "int", "3"]);
        assert_eq!(v[7]["values"], serde_json::json!(["p"]));
        assert_eq!(v[1]["features"], serde_json::json!(["deprecated"]));
        // Without HAVE_T, Thing and its array are gone but numbers stay.
        let v = introspect_with(&schema, &[] as &[&str], false);
        assert_eq!(v.as_array().unwrap().len(), 6);
        let v = introspect_with(&schema, &["HAVE_T"], true);
        assert_eq!(v[0]["arg-type"], "q_obj_a-arg");
        assert_eq!(v[0]["ret-type"], "[Thing]");
    }
}
