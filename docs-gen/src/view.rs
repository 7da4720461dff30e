//! What every renderer needs from the model: the definitions a reference
//! shows, their members with descriptions, type names as readers see them,
//! and the badges (since, deprecated, unstable, condition).

use qapi_schema::doc::{Doc, SectionKind};
use qapi_schema::model::{Feature, Member};
use qapi_schema::{Entity, EntityKind, Schema};

/// Whether a reference shows `e`: not built-in, not implicit, not an
/// include.
/// The heading over a definition's members: what they are to a reader.
pub fn members_title(e: &Entity) -> &'static str {
    match e.meta() {
        "command" => "Arguments",
        "event" => "Data",
        "enum" => "Values",
        "alternate" => "One of",
        _ => "Members",
    }
}

pub fn is_shown(e: &Entity) -> bool {
    e.info.is_some()
        && !e.is_implicit()
        && !matches!(
            e.kind,
            EntityKind::Builtin { .. } | EntityKind::Include { .. }
        )
}

/// The definitions a reference shows, in definition order.
pub fn shown(schema: &Schema) -> impl Iterator<Item = &Entity> {
    schema.entities.iter().filter(|e| is_shown(e))
}

/// Whether the reference has a section (and an anchor) for `name`.
pub fn has_section(schema: &Schema, name: &str) -> bool {
    schema.lookup(name).is_some_and(is_shown)
}

/// A type as a reader sees it: its text and the definition to link to.
pub struct TypeRef {
    /// `str`, `BlockdevOptions`, `[BlockdevOptions]`.
    pub text: String,
    /// The definition with a section, if any.
    pub link: Option<String>,
}

/// How `type_name` (as written in a member) reads.
pub fn type_ref(schema: &Schema, type_name: &str) -> TypeRef {
    let (elem, array) = match type_name.strip_suffix("List") {
        Some(e)
            if schema
                .lookup(type_name)
                .is_some_and(|t| t.meta() == "array") =>
        {
            (e, true)
        }
        _ => (type_name, false),
    };
    let link = has_section(schema, elem).then(|| elem.to_owned());
    let text = if array {
        format!("[{elem}]")
    } else {
        elem.to_owned()
    };
    TypeRef { text, link }
}

/// The JSON type in the 2012 text layout: `json-string`, `json-int`, … or
/// the type's name.
pub fn json_type_text(schema: &Schema, type_name: &str) -> String {
    let r = type_ref(schema, type_name);
    match schema.lookup(type_name).map(|t| &t.kind) {
        Some(EntityKind::Builtin { json_type }) => match *json_type {
            "boolean" => "json-bool".into(),
            "value" => "json-value".into(),
            j => format!("json-{j}"),
        },
        Some(EntityKind::Array { .. }) => format!("json-array of {}", &r.text[1..r.text.len() - 1]),
        _ => r.text,
    }
}

/// A member with the description a reader needs.
pub struct MemberView<'a> {
    pub member: &'a Member,
    pub description: Option<&'a str>,
}

/// The doc comment describing members defined in `name`: an implicit
/// argument or base type is described by the definition that made it.
fn doc_for<'a>(schema: &'a Schema, name: &str) -> Option<&'a Doc> {
    let e = schema.lookup(name)?;
    if let Some(d) = schema.doc_of(e) {
        return Some(d);
    }
    let owner = name
        .strip_prefix("q_obj_")?
        .trim_end_matches("-arg")
        .trim_end_matches("-base");
    schema.lookup(owner).and_then(|o| schema.doc_of(o))
}

/// A description from `doc` for `name` (`kind` Member or Feature) that
/// the author wrote (not a stub).
pub fn described<'a>(doc: Option<&'a Doc>, kind: SectionKind, name: &str) -> Option<&'a str> {
    let d = doc?;
    let s = match kind {
        SectionKind::Feature => d.feature(name),
        _ => d.arg(name),
    }?;
    (!s.stub && !s.text.is_empty()).then_some(s.text.as_str())
}

/// All members of the object type `ty` (base members first), described.
pub fn members_of<'a>(schema: &'a Schema, owner: &'a Entity, ty: &str) -> Vec<MemberView<'a>> {
    let Some(EntityKind::Object { members, .. }) = schema.lookup(ty).map(|e| &e.kind) else {
        return Vec::new();
    };
    let own = schema.doc_of(owner);
    members
        .iter()
        .map(|m| MemberView {
            member: m,
            description: described(own, SectionKind::Member, &m.name).or_else(|| {
                described(doc_for(schema, &m.defined_in), SectionKind::Member, &m.name)
            }),
        })
        .collect()
}

/// The members a definition's reference lists: a command's or event's
/// arguments, an object's members.
pub fn members<'a>(schema: &'a Schema, e: &'a Entity) -> Vec<MemberView<'a>> {
    match &e.kind {
        EntityKind::Command(c) => c
            .arg_name
            .as_deref()
            .map_or_else(Vec::new, |a| members_of(schema, e, a)),
        EntityKind::Event { arg_name, .. } => arg_name
            .as_deref()
            .map_or_else(Vec::new, |a| members_of(schema, e, a)),
        EntityKind::Object { .. } => members_of(schema, e, &e.name),
        _ => Vec::new(),
    }
}

/// Badges of a definition, member or value.
#[derive(Debug, Default, PartialEq)]
pub struct Badges {
    pub since: Option<String>,
    pub deprecated: bool,
    pub unstable: bool,
    /// The `if` condition, as text.
    pub ifcond: Option<String>,
}

impl Badges {
    pub fn of(schema: &Schema, e: &Entity) -> Badges {
        let since = schema
            .doc_of(e)
            .and_then(|d| d.tagged(SectionKind::Since))
            .map(|s| s.text.clone());
        Badges {
            since,
            ..Badges::features(&e.features, e.ifcond.as_ref())
        }
    }

    pub fn features(f: &[Feature], ifcond: Option<&qapi_schema::ifcond::IfCond>) -> Badges {
        Badges {
            since: None,
            deprecated: f.iter().any(|f| f.name == "deprecated"),
            unstable: f.iter().any(|f| f.name == "unstable"),
            ifcond: ifcond.map(|c| c.to_string()),
        }
    }
}

/// Replaces `@name` references with `f(name)`.
pub fn map_refs(text: &str, f: &dyn Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('@') {
        out.push_str(&rest[..i]);
        match crate::rst::inline::ref_at(rest, i) {
            Some(name) => {
                out.push_str(&f(name));
                rest = &rest[i + 1 + name.len()..];
            }
            None => {
                out.push('@');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Enum values with their descriptions.
pub fn enum_values<'a>(
    schema: &'a Schema,
    e: &'a Entity,
) -> Vec<(&'a qapi_schema::model::EnumMember, Option<&'a str>)> {
    let EntityKind::Enum { members, .. } = &e.kind else {
        return Vec::new();
    };
    let doc = schema.doc_of(e);
    members
        .iter()
        .map(|m| (m, described(doc, SectionKind::Member, &m.name)))
        .collect()
}

/// Branches of a union or alternate, with descriptions.
pub fn branches<'a>(
    schema: &'a Schema,
    e: &'a Entity,
) -> Vec<(&'a qapi_schema::model::Variant, Option<&'a str>)> {
    let doc = schema.doc_of(e);
    let vs = match &e.kind {
        EntityKind::Object {
            branches: Some(b), ..
        } => &b.variants,
        EntityKind::Alternate { variants } => variants,
        _ => return Vec::new(),
    };
    vs.iter()
        .map(|v| (v, described(doc, SectionKind::Member, &v.name)))
        .collect()
}

/// The section title of a module: its file name without `.json`.
pub fn module_title(schema: &Schema, module: usize) -> &str {
    let n = &schema.modules[module].name;
    let n = n.rsplit('/').next().unwrap_or(n);
    n.strip_suffix(".json").unwrap_or(n)
}
