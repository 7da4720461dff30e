//! The rules every check applies: names (QEMU's `check_name_*`), the keys
//! of an object (`check_keys`), and `'if'` conditions (`check_if`).
//! Messages say what is checked lazily ([`Src`]), as most checks pass.

use std::fmt;

use crate::error::{Error, Result};
use crate::ifcond::IfCond;
use crate::names::{c_name_has_q_prefix, is_camel, valid_name_stem};
use crate::pragma::Pragma;
use crate::source::Info;
use crate::syntax::{Node, Value};

pub(super) type Members = [(String, Node)];

pub(super) fn get<'a>(m: &'a Members, key: &str) -> Option<&'a Node> {
    m.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

pub(super) fn sem(info: &Info, msg: impl Into<String>) -> Error {
    Error::semantic(info, msg)
}

pub(crate) fn check_name_is_str<'a>(
    name: &'a Node,
    info: &Info,
    source: &dyn fmt::Display,
) -> Result<&'a str> {
    name.value
        .as_str()
        .ok_or_else(|| sem(info, format!("{source} requires a string name")))
}

/// Checks a name is valid; returns its stem.
fn check_name_str<'a>(name: &'a str, info: &Info, source: &dyn fmt::Display) -> Result<&'a str> {
    match valid_name_stem(name) {
        Some(stem) if !c_name_has_q_prefix(name) => Ok(stem),
        _ => Err(sem(info, format!("{source} has an invalid name"))),
    }
}

fn check_name_upper(name: &str, info: &Info, source: &dyn fmt::Display) -> Result<()> {
    let stem = check_name_str(name, info, source)?;
    if stem.chars().any(|c| c.is_ascii_lowercase() || c == '-') {
        return Err(sem(
            info,
            format!("name of {source} must not use lowercase or '-'"),
        ));
    }
    Ok(())
}

pub(super) fn check_name_lower(
    name: &str,
    info: &Info,
    source: &dyn fmt::Display,
    permit_upper: bool,
    permit_underscore: bool,
) -> Result<()> {
    let stem = check_name_str(name, info, source)?;
    if (!permit_upper && stem.chars().any(|c| c.is_ascii_uppercase()))
        || (!permit_underscore && stem.contains('_'))
    {
        return Err(sem(
            info,
            format!("name of {source} must not use uppercase or '_'"),
        ));
    }
    Ok(())
}

fn check_name_camel(name: &str, info: &Info, source: &dyn fmt::Display) -> Result<()> {
    let stem = check_name_str(name, info, source)?;
    if !is_camel(stem) {
        return Err(sem(info, format!("name of {source} must use CamelCase")));
    }
    Ok(())
}

pub(super) fn check_defn_name_str(
    name: &str,
    info: &Info,
    meta: &str,
    pragma: &Pragma,
) -> Result<()> {
    match meta {
        "event" => check_name_upper(name, info, &meta),
        "command" => check_name_lower(
            name,
            info,
            &meta,
            false,
            pragma.command_name_exceptions.iter().any(|n| n == name),
        ),
        _ => {
            check_name_camel(name, info, &meta)?;
            if name.ends_with("List") {
                return Err(sem(info, format!("{meta} name should not end in 'List'")));
            }
            Ok(())
        }
    }
}

fn pprint(mut elems: Vec<&str>) -> String {
    elems.sort_unstable();
    elems.dedup();
    elems
        .iter()
        .map(|e| format!("'{e}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn check_keys<'a>(
    value: impl Into<Norm<'a>>,
    info: &Info,
    source: &dyn fmt::Display,
    required: &[&str],
    optional: &[&str],
) -> Result<()> {
    let value = value.into();
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|k| value.get(k).is_none())
        .collect();
    if !missing.is_empty() {
        let s = if missing.len() > 1 { "s" } else { "" };
        return Err(sem(
            info,
            format!("{source} misses key{s} {}", pprint(missing)),
        ));
    }
    let unknown: Vec<&str> = value
        .keys()
        .filter(|k| !required.contains(k) && !optional.contains(k))
        .collect();
    if !unknown.is_empty() {
        let s = if unknown.len() > 1 { "s" } else { "" };
        let allowed: Vec<&str> = required.iter().chain(optional).copied().collect();
        return Err(sem(
            info,
            format!(
                "{source} has unknown key{s} {}\nValid keys are {}.",
                pprint(unknown),
                pprint(allowed)
            ),
        ));
    }
    Ok(())
}

/// Checks an `if` member, if present, and returns the condition.
pub(crate) fn check_if<'a>(
    expr: impl Into<Norm<'a>>,
    info: &Info,
    source: &dyn fmt::Display,
    string_conditions: bool,
) -> Result<Option<IfCond>> {
    let Some(cond) = expr.into().get("if") else {
        return Ok(None);
    };
    check_if_cond(cond, info, source, string_conditions).map(Some)
}

/// `'if' condition of SOURCE`.
struct IfOf<'a>(&'a dyn fmt::Display);

impl fmt::Display for IfOf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'if' condition of {}", self.0)
    }
}

fn check_if_cond(
    cond: &Node,
    info: &Info,
    source: &dyn fmt::Display,
    free: bool,
) -> Result<IfCond> {
    match &cond.value {
        Value::Str(s) => {
            let valid = free
                || (s.starts_with(|c: char| c.is_ascii_uppercase())
                    && s.chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'));
            if !valid {
                return Err(sem(
                    info,
                    format!("'if' condition '{s}' of {source} is not a valid identifier"),
                ));
            }
            Ok(IfCond::Name(s.clone()))
        }
        Value::Object(m) => {
            let what = IfOf(source);
            check_keys(m, info, &what, &[], &["all", "any", "not"])?;
            if m.len() != 1 {
                return Err(sem(
                    info,
                    format!("'if' condition of {source} has conflicting keys"),
                ));
            }
            let (op, operand) = &m[0];
            if op == "not" {
                return Ok(IfCond::Not(Box::new(check_if_cond(
                    operand, info, source, free,
                )?)));
            }
            let Value::List(items) = &operand.value else {
                return Err(sem(
                    info,
                    format!("'{op}' condition of {source} must be an array"),
                ));
            };
            if items.is_empty() {
                return Err(sem(
                    info,
                    format!("'if' condition [] of {source} is useless"),
                ));
            }
            let conds = items
                .iter()
                .map(|c| check_if_cond(c, info, source, free))
                .collect::<Result<Vec<_>>>()?;
            Ok(if op == "all" {
                IfCond::All(conds)
            } else {
                IfCond::Any(conds)
            })
        }
        // A list form (historical) is the union of its conditions.
        Value::List(items) if free => Ok(IfCond::All(
            items
                .iter()
                .map(|c| check_if_cond(c, info, source, free))
                .collect::<Result<Vec<_>>>()?,
        )),
        _ => Err(sem(
            info,
            format!("'if' condition of {source} must be a string or an object"),
        )),
    }
}

/// A value normalized to an object: non-objects read as `{KEY: value}`.
pub(super) fn normalized<'a>(node: &'a Node, key: &'static str) -> Norm<'a> {
    match &node.value {
        Value::Object(m) => Norm::Object(m),
        _ => Norm::Short(key, node),
    }
}

/// An object's members, or the one member of a short form (`'T'` for
/// `{'type': 'T'}`), read without copying.
#[derive(Clone, Copy)]
pub(crate) enum Norm<'a> {
    Object(&'a Members),
    Short(&'static str, &'a Node),
}

impl<'a> Norm<'a> {
    pub(super) fn get(self, key: &str) -> Option<&'a Node> {
        match self {
            Norm::Object(m) => get(m, key),
            Norm::Short(k, v) => (k == key).then_some(v),
        }
    }

    fn keys(self) -> impl Iterator<Item = &'a str> {
        let (obj, short) = match self {
            Norm::Object(m) => (m, None),
            Norm::Short(k, _) => (&[][..], Some(k)),
        };
        obj.iter().map(|(k, _)| k.as_str()).chain(short)
    }
}

impl<'a> From<&'a Members> for Norm<'a> {
    fn from(m: &'a Members) -> Self {
        Norm::Object(m)
    }
}

impl<'a> From<&'a Vec<(String, Node)>> for Norm<'a> {
    fn from(m: &'a Vec<(String, Node)>) -> Self {
        Norm::Object(m)
    }
}

/// What an error message calls the thing being checked, e.g. `'data'
/// member 'x'`: formatted only when a message needs it.
pub(super) struct Src<'a> {
    outer: &'a dyn fmt::Display,
    sep: &'static str,
    name: &'a str,
}

impl fmt::Display for Src<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}'{}'", self.outer, self.sep, self.name)
    }
}

pub(super) fn src<'a>(outer: &'a dyn fmt::Display, sep: &'static str, name: &'a str) -> Src<'a> {
    Src { outer, sep, name }
}
