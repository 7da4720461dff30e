//! The strict documentation rules of `qapi-gen check --strict`, on top of
//! QEMU's own checks.  Each rule has a name; `--allow NAME` relaxes it.

mod examples;
mod markup;

use qapi_schema::doc::SectionKind;
use qapi_schema::model::Feature;
use qapi_schema::source::Info;
use qapi_schema::{Entity, EntityKind, Schema};

use crate::view;

/// The rules: name and what it asks.
pub const RULES: &[(&str, &str)] = &[
    (
        "undocumented-definition",
        "every definition has a doc comment with a description",
    ),
    (
        "undocumented-member",
        "every member, enum value and branch is described, whatever the pragmas say",
    ),
    ("undocumented-feature", "every feature is described"),
    ("missing-since", "every definition has a 'Since:' section"),
    (
        "example-type",
        "every example's messages parse and fit the schema's types",
    ),
    (
        "deprecated-replacement",
        "a 'deprecated' feature's description names what replaces it",
    ),
    (
        "doc-markup",
        "doc comments parse as reStructuredText: titles adorned at least as long as their text, no unknown directive",
    ),
];

/// A rule broken at a place.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: &'static str,
    pub file: String,
    pub line: u32,
    pub message: String,
}

impl Finding {
    fn new(rule: &'static str, info: Option<&Info>, message: String) -> Finding {
        Finding {
            rule,
            file: info.map_or_else(String::new, |i| i.file.to_string()),
            line: info.map_or(0, |i| i.line),
            message,
        }
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {} [{}]",
            self.file, self.line, self.message, self.rule
        )
    }
}

/// Whether `name` is a rule.
pub fn is_rule(name: &str) -> bool {
    RULES.iter().any(|(r, _)| *r == name)
}

/// Checks every rule not in `allow`.
pub fn check(schema: &Schema, allow: &[String]) -> Vec<Finding> {
    let mut out = Vec::new();
    for e in view::shown(schema) {
        definition(schema, e, &mut out);
    }
    out.extend(examples::check(schema));
    out.extend(markup::check(schema));
    out.retain(|f| !allow.iter().any(|a| a == f.rule));
    out
}

fn definition(schema: &Schema, e: &Entity, out: &mut Vec<Finding>) {
    let what = e.describe();
    let doc = schema.doc_of(e);
    let at = doc.map(|d| &d.info).or(e.info.as_ref());
    if doc.is_none_or(|d| d.body().text.trim().is_empty()) {
        out.push(Finding::new(
            "undocumented-definition",
            at,
            format!("{what} has no description"),
        ));
    }
    if doc.is_none_or(|d| d.tagged(SectionKind::Since).is_none()) {
        out.push(Finding::new(
            "missing-since",
            at,
            format!("{what} has no 'Since:' section"),
        ));
    }
    let mut items: Vec<(&str, &str, Option<&Info>)> = Vec::new(); // (role, name, info)
    let mut features: Vec<&Feature> = e.features.iter().collect();
    match &e.kind {
        EntityKind::Enum { members, .. } => {
            for m in members {
                items.push(("value", &m.name, m.info.as_ref()));
                features.extend(&m.features);
            }
        }
        EntityKind::Alternate { .. } => {
            for (v, _) in view::branches(schema, e) {
                items.push(("branch", &v.name, v.info.as_ref()));
            }
        }
        _ => {
            for m in view::members(schema, e) {
                // Members of a named base are the base's to describe.
                if schema
                    .lookup(&m.member.defined_in)
                    .is_some_and(view::is_shown)
                    && m.member.defined_in != e.name
                {
                    continue;
                }
                items.push(("member", &m.member.name, m.member.info.as_ref()));
                features.extend(&m.member.features);
            }
        }
    }
    let desc = |k: SectionKind, n: &str| view::described(doc, k, n);
    let implicit_owner_doc = |n: &str| {
        // Command and event arguments are described in their doc.
        view::members(schema, e)
            .iter()
            .any(|m| m.member.name == n && m.description.is_some())
    };
    for (role, name, info) in items {
        if desc(SectionKind::Member, name).is_none() && !implicit_owner_doc(name) {
            out.push(Finding::new(
                "undocumented-member",
                info.or(at),
                format!("{role} '{name}' of {what} is not described"),
            ));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for f in features {
        if !seen.insert(&f.name) {
            continue;
        }
        match desc(SectionKind::Feature, &f.name) {
            None => out.push(Finding::new(
                "undocumented-feature",
                f.info.as_ref().or(at),
                format!("feature '{}' of {what} is not described", f.name),
            )),
            Some(text) if f.name == "deprecated" && !names_replacement(text) => {
                out.push(Finding::new(
                    "deprecated-replacement",
                    f.info.as_ref().or(at),
                    format!("deprecation of {what} does not say what replaces it"),
                ))
            }
            Some(_) => {}
        }
    }
}

/// The findings of rule `doc-markup`, which generators print as
/// warnings: the reference renders the text anyway (a title with a short
/// adornment as a title, an unknown directive's body verbatim).
pub fn markup(schema: &Schema) -> Vec<Finding> {
    markup::check(schema)
}

/// Whether a deprecation note names a replacement (or says there is none).
fn names_replacement(text: &str) -> bool {
    let t = text.to_lowercase();
    text.contains('@')
        || text.contains("``")
        || [
            "instead",
            "replace",
            "supersede",
            "in favor",
            "in favour",
            "use ",
            "no replacement",
            "not needed",
        ]
        .iter()
        .any(|w| t.contains(w))
}
