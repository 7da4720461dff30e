//! The wire view of an interface: what a client can see (commands, events
//! and the types they use, by structure) plus, when known, the docs of each
//! definition.  Built from a checked [`Schema`] or from a saved
//! `query-qmp-schema` reply, whose type names are masked.

use std::collections::{BTreeMap, HashMap, HashSet};

use qapi_schema::doc::SectionKind;
use qapi_schema::{EntityKind, Schema};
use serde_json::Value;

/// A member of an object type.
#[derive(Debug, Clone)]
pub struct Member {
    pub name: String,
    pub ty: String,
    pub optional: bool,
    pub features: Vec<String>,
    /// The definition whose doc comment describes the member.
    pub owner: String,
}

/// A type's shape on the wire.
#[derive(Debug, Clone)]
pub enum Shape {
    /// A built-in type; `json` is its JSON type.
    Builtin {
        json: String,
    },
    Enum {
        values: Vec<(String, Vec<String>)>,
    },
    Array {
        element: String,
    },
    Object {
        members: Vec<Member>,
        tag: Option<String>,
        variants: Vec<(String, String)>,
    },
    Alternate {
        variants: Vec<String>,
    },
}

/// A type, keyed by its name (masked in introspection replies).
#[derive(Debug, Clone)]
pub struct Type {
    /// QEMU's meta-type: `builtin`, `enum`, `array`, `object`, `alternate`
    /// (`struct`/`union` for schema types).
    pub meta: &'static str,
    /// Whether the name is visible and stable: a named schema type.
    pub named: bool,
    pub shape: Shape,
    pub features: Vec<String>,
}

/// A command or event.
#[derive(Debug, Clone, Default)]
pub struct Def {
    pub args: Option<String>,
    pub ret: Option<String>,
    pub features: Vec<String>,
    pub allow_oob: bool,
}

/// Docs of one definition, as far as the diff needs them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocInfo {
    /// The whole comment, to see whether it changed.
    pub text: String,
    /// Members and values the author described.
    pub members: HashSet<String>,
    pub features: HashSet<String>,
}

/// An interface as clients see it.
#[derive(Debug, Clone, Default)]
pub struct Wire {
    pub commands: BTreeMap<String, Def>,
    pub events: BTreeMap<String, Def>,
    pub types: HashMap<String, Type>,
    /// Docs by definition name; `None` when the source has no docs (an
    /// introspection reply).
    pub docs: Option<HashMap<String, DocInfo>>,
    /// Where each named definition is (`file:line`), when the source is a
    /// schema.
    pub locations: HashMap<String, String>,
}

fn feature_names(f: &[qapi_schema::model::Feature]) -> Vec<String> {
    f.iter().map(|f| f.name.clone()).collect()
}

/// The definition that describes members of `name`: implicit argument and
/// base types are described by the definition that made them.
fn owner_of(name: &str) -> String {
    match name.strip_prefix("q_obj_") {
        Some(rest) => rest
            .trim_end_matches("-arg")
            .trim_end_matches("-base")
            .trim_end_matches("-wrapper")
            .to_owned(),
        None => name.to_owned(),
    }
}

impl Wire {
    /// The wire view of a checked schema.
    pub fn from_schema(schema: &Schema) -> Wire {
        let mut w = Wire {
            docs: Some(HashMap::new()),
            ..Wire::default()
        };
        for e in &schema.entities {
            let named = !e.is_implicit() && e.info.is_some();
            if let (true, Some(i)) = (named || !e.is_type(), &e.info) {
                w.locations
                    .insert(e.name.clone(), format!("{}:{}", i.file, i.line));
            }
            let shape = match &e.kind {
                EntityKind::Include { .. } => continue,
                EntityKind::Command(c) => {
                    let def = Def {
                        args: c.arg_name.clone(),
                        ret: c.ret_name.clone(),
                        features: feature_names(&e.features),
                        allow_oob: c.allow_oob,
                    };
                    w.commands.insert(e.name.clone(), def);
                    w.add_doc(schema, e);
                    continue;
                }
                EntityKind::Event { arg_name, .. } => {
                    let def = Def {
                        args: arg_name.clone(),
                        features: feature_names(&e.features),
                        ..Def::default()
                    };
                    w.events.insert(e.name.clone(), def);
                    w.add_doc(schema, e);
                    continue;
                }
                EntityKind::Builtin { json_type } => Shape::Builtin {
                    json: json_type.to_string(),
                },
                EntityKind::Enum { members, .. } => Shape::Enum {
                    values: members
                        .iter()
                        .map(|m| (m.name.clone(), feature_names(&m.features)))
                        .collect(),
                },
                EntityKind::Array { element_name, .. } => Shape::Array {
                    element: element_name.clone(),
                },
                EntityKind::Object {
                    members, branches, ..
                } => Shape::Object {
                    members: members
                        .iter()
                        .map(|m| Member {
                            name: m.name.clone(),
                            ty: m.type_name.clone(),
                            optional: m.optional,
                            features: feature_names(&m.features),
                            owner: owner_of(&m.defined_in),
                        })
                        .collect(),
                    tag: branches.as_ref().map(|b| b.tag.clone()),
                    variants: branches
                        .iter()
                        .flat_map(|b| &b.variants)
                        .map(|v| (v.name.clone(), v.type_name.clone()))
                        .collect(),
                },
                EntityKind::Alternate { variants } => Shape::Alternate {
                    variants: variants.iter().map(|v| v.type_name.clone()).collect(),
                },
            };
            if named {
                w.add_doc(schema, e);
            }
            let ty = Type {
                meta: e.meta(),
                named,
                shape,
                features: feature_names(&e.features),
            };
            w.types.insert(e.name.clone(), ty);
        }
        w
    }

    fn add_doc(&mut self, schema: &Schema, e: &qapi_schema::Entity) {
        let Some(d) = schema.doc_of(e) else { return };
        let written = |k: SectionKind| -> HashSet<String> {
            d.sections
                .iter()
                .filter(|s| s.kind == k && !s.stub && !s.text.is_empty())
                .filter_map(|s| s.name.clone())
                .collect()
        };
        let text: Vec<String> = d
            .sections
            .iter()
            .filter(|s| !s.stub)
            .map(|s| format!("{:?} {:?}: {}", s.kind, s.name, s.text))
            .collect();
        let info = DocInfo {
            text: text.join("\n"),
            members: written(SectionKind::Member),
            features: written(SectionKind::Feature),
        };
        if let Some(docs) = &mut self.docs {
            docs.insert(e.name.clone(), info);
        }
    }

    /// The wire view of a saved `query-qmp-schema` reply: either the whole
    /// reply (`{"return": [...]}`) or the array of SchemaInfo.
    pub fn from_introspection(reply: &Value) -> Result<Wire, String> {
        let infos = reply
            .get("return")
            .unwrap_or(reply)
            .as_array()
            .ok_or("not a query-qmp-schema reply: expected an array of SchemaInfo")?;
        let mut w = Wire::default();
        let strs = |v: Option<&Value>| -> Vec<String> {
            v.and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        for i in infos {
            let name = i["name"].as_str().ok_or("SchemaInfo without a name")?;
            let meta = i["meta-type"]
                .as_str()
                .ok_or("SchemaInfo without a meta-type")?;
            let features = strs(i.get("features"));
            let s = |k: &str| i.get(k).and_then(Value::as_str).map(str::to_owned);
            let (meta, shape) = match meta {
                "command" => {
                    let def = Def {
                        args: s("arg-type"),
                        ret: s("ret-type"),
                        features,
                        allow_oob: i.get("allow-oob").and_then(Value::as_bool).unwrap_or(false),
                    };
                    w.commands.insert(name.to_owned(), def);
                    continue;
                }
                "event" => {
                    let def = Def {
                        args: s("arg-type"),
                        features,
                        ..Def::default()
                    };
                    w.events.insert(name.to_owned(), def);
                    continue;
                }
                "builtin" => (
                    "builtin",
                    Shape::Builtin {
                        json: s("json-type").unwrap_or_default(),
                    },
                ),
                "enum" => (
                    "enum",
                    Shape::Enum {
                        // `members` (with features) since QEMU 6.2, else `values`.
                        values: match i.get("members").and_then(Value::as_array) {
                            Some(ms) => ms
                                .iter()
                                .map(|m| {
                                    let n = m["name"].as_str().unwrap_or_default().to_owned();
                                    (n, strs(m.get("features")))
                                })
                                .collect(),
                            None => strs(i.get("values"))
                                .into_iter()
                                .map(|v| (v, vec![]))
                                .collect(),
                        },
                    },
                ),
                "array" => (
                    "array",
                    Shape::Array {
                        element: s("element-type").unwrap_or_default(),
                    },
                ),
                "object" => {
                    let members = i["members"]
                        .as_array()
                        .map(|ms| {
                            ms.iter()
                                .map(|m| Member {
                                    name: m["name"].as_str().unwrap_or_default().to_owned(),
                                    ty: m["type"].as_str().unwrap_or_default().to_owned(),
                                    optional: m.get("default").is_some(),
                                    features: strs(m.get("features")),
                                    owner: name.to_owned(),
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    let variants = i
                        .get("variants")
                        .and_then(Value::as_array)
                        .map(|vs| {
                            vs.iter()
                                .map(|v| {
                                    let f = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
                                    (f("case"), f("type"))
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    (
                        "object",
                        Shape::Object {
                            members,
                            tag: s("tag"),
                            variants,
                        },
                    )
                }
                "alternate" => (
                    "alternate",
                    Shape::Alternate {
                        variants: i["members"]
                            .as_array()
                            .map(|ms| {
                                ms.iter()
                                    .filter_map(|m| m["type"].as_str().map(str::to_owned))
                                    .collect()
                            })
                            .unwrap_or_default(),
                    },
                ),
                other => return Err(format!("unknown meta-type '{other}'")),
            };
            let ty = Type {
                meta,
                named: false,
                shape,
                features,
            };
            w.types.insert(name.to_owned(), ty);
        }
        Ok(w)
    }

    /// The type behind `key`, if the interface has it.
    pub fn ty(&self, key: &str) -> Option<&Type> {
        self.types.get(key)
    }

    /// The JSON type of values of `key`: `object`, `array`, `string`, …
    /// (`value` for alternates and `any`).
    pub fn json(&self, key: &str) -> String {
        match self.ty(key).map(|t| &t.shape) {
            Some(Shape::Builtin { json }) => json.clone(),
            Some(Shape::Enum { .. }) => "string".into(),
            Some(Shape::Array { .. }) => "array".into(),
            Some(Shape::Object { .. }) => "object".into(),
            _ => "value".into(),
        }
    }

    /// A readable name for the type `key`: its name, or its JSON type when
    /// the name is masked.
    pub fn display(&self, key: &str) -> String {
        match self.ty(key) {
            Some(t)
                if t.named || t.meta == "builtin" || matches!(t.shape, Shape::Builtin { .. }) =>
            {
                key.to_owned()
            }
            Some(Type {
                shape: Shape::Array { element },
                ..
            }) => format!("[{}]", self.display(element)),
            _ => self.json(key),
        }
    }
}
