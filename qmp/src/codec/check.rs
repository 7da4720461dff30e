//! The checker: a JSON value against a descriptor, by QEMU's rules for
//! command arguments (`Parameter 'x' is missing`, …) or leniently for
//! replies, naming the member at fault and its path.

use super::desc::{ObjDesc, Ty};
use crate::json::ghash_order::first_unexpected;
use serde_json::{Map, Value};

/// Whether values come from a client (strict, QEMU's rules) or from a
/// server (lenient: unknown members, enum values and branches are fine),
/// or are a fragment (strict, but members may be left out: a shortened
/// example).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Args,
    Reply,
    Fragment,
}

#[derive(Clone, Debug)]
enum Seg {
    Key(String),
    Index(usize),
}

/// What is wrong with a value, and where.
#[derive(Clone, Debug)]
pub struct Problem {
    path: Vec<Seg>,
    /// The innermost object or alternate type.
    pub type_name: &'static str,
    kind: ProblemKind,
}

#[derive(Clone, Debug)]
enum ProblemKind {
    Missing,
    Unexpected,
    Type(&'static str),
    AltType,
    EnumValue(String),
    Range(&'static str),
}

impl Problem {
    /// QEMU's dotted name: `a.b`, `a[0]`.
    pub fn full_name(&self) -> String {
        let mut s = String::new();
        for seg in &self.path {
            match seg {
                Seg::Key(k) if s.is_empty() => s.push_str(k),
                Seg::Key(k) => {
                    s.push('.');
                    s.push_str(k);
                }
                Seg::Index(i) => s.push_str(&format!("[{i}]")),
            }
        }
        s
    }

    /// The innermost name, `null` for a list element (as QEMU says it).
    fn bare_name(&self) -> &str {
        match self.path.last() {
            Some(Seg::Key(k)) => k,
            _ => "null",
        }
    }

    /// The innermost member name.
    pub fn member(&self) -> &str {
        self.path
            .iter()
            .rev()
            .find_map(|s| match s {
                Seg::Key(k) => Some(k.as_str()),
                Seg::Index(_) => None,
            })
            .unwrap_or("")
    }

    /// The message QEMU gives for this problem in command arguments.
    pub fn qemu_message(&self) -> String {
        let full = self.full_name();
        match &self.kind {
            ProblemKind::Missing => format!("Parameter '{full}' is missing"),
            ProblemKind::Unexpected => format!("Parameter '{full}' is unexpected"),
            ProblemKind::Type(t) => format!("Invalid parameter type for '{full}', expected: {t}"),
            ProblemKind::AltType => format!(
                "Invalid parameter type for '{}', expected: {}",
                self.bare_name(),
                self.type_name
            ),
            ProblemKind::EnumValue(v) => {
                format!(
                    "Parameter '{}' does not accept value '{v}'",
                    self.bare_name()
                )
            }
            ProblemKind::Range(t) => format!("Parameter '{}' expects {t}", self.bare_name()),
        }
    }
}

impl std::fmt::Display for Problem {
    /// Names the type and member: `QemuVersion member 'micro' is missing
    /// (at qemu.micro)`; outside any object, the value's place:
    /// `expected string (at '[1]')`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match &self.kind {
            ProblemKind::Missing => "is missing".to_string(),
            ProblemKind::Unexpected => "is unexpected".to_string(),
            ProblemKind::Type(t) => format!("expected {t}"),
            ProblemKind::AltType => "has a JSON type no branch accepts".to_string(),
            ProblemKind::EnumValue(v) => format!("does not accept '{v}'"),
            ProblemKind::Range(t) => format!("out of range for {t}"),
        };
        let at = self.full_name();
        if self.type_name.is_empty() {
            return match at.as_str() {
                "" => f.write_str(&what),
                at => write!(f, "{what} (at '{at}')"),
            };
        }
        write!(
            f,
            "{} member '{}' {what} (at '{at}')",
            self.type_name,
            self.member()
        )
    }
}

struct Checker {
    mode: Mode,
    path: Vec<Seg>,
    type_name: &'static str,
}

impl Checker {
    fn fail(&self, kind: ProblemKind) -> Result<(), Problem> {
        Err(Problem {
            path: self.path.clone(),
            type_name: self.type_name,
            kind,
        })
    }

    fn check(&mut self, v: &Value, ty: &Ty) -> Result<(), Problem> {
        match (ty, v) {
            (Ty::Any, _)
            | (Ty::Null, Value::Null)
            | (Ty::Str, Value::String(_))
            | (Ty::Bool, Value::Bool(_))
            | (Ty::Number, Value::Number(_)) => Ok(()),
            (Ty::Null, _) => self.fail(ProblemKind::Type("null")),
            (Ty::Str, _) => self.fail(ProblemKind::Type("string")),
            (Ty::Bool, _) => self.fail(ProblemKind::Type("boolean")),
            (Ty::Number, _) => self.fail(ProblemKind::Type("number")),
            (Ty::Int { name, min, max }, v) => {
                let n = match v {
                    Value::Number(n) => n
                        .as_i64()
                        .map(i128::from)
                        .or_else(|| n.as_u64().map(i128::from)),
                    _ => None,
                };
                match n {
                    None if *name == "size" => self.fail(ProblemKind::Type("size")),
                    None => self.fail(ProblemKind::Type("integer")),
                    Some(n) if n < *min || n > *max => self.fail(ProblemKind::Range(name)),
                    Some(_) => Ok(()),
                }
            }
            (Ty::Enum(e), Value::String(s)) => {
                if self.mode != Mode::Reply && !e.values.contains(&s.as_str()) {
                    return self.fail(ProblemKind::EnumValue(s.clone()));
                }
                Ok(())
            }
            (Ty::Enum(_), _) => self.fail(ProblemKind::Type("string")),
            (Ty::Array(t), Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    self.path.push(Seg::Index(i));
                    self.check(item, t)?;
                    self.path.pop();
                }
                Ok(())
            }
            (Ty::Array(_), _) => self.fail(ProblemKind::Type("array")),
            (Ty::Object(o), Value::Object(map)) => {
                let outer = std::mem::replace(&mut self.type_name, o.name);
                let mut seen = Vec::new();
                self.members(o, map, &mut seen)?;
                if self.mode != Mode::Reply && !o.open {
                    // the member QEMU names: the first left in its GLib
                    // hash table of unvisited keys
                    let keys: Vec<&str> = map.keys().map(String::as_str).collect();
                    if let Some(k) = first_unexpected(&keys, &seen) {
                        self.path.push(Seg::Key(k.to_string()));
                        return self.fail(ProblemKind::Unexpected);
                    }
                }
                self.type_name = outer;
                Ok(())
            }
            (Ty::Object(_), _) => self.fail(ProblemKind::Type("object")),
            (Ty::Alternate(a), v) => {
                let branch = a.branches.iter().find(|b| {
                    matches!(
                        (b, v),
                        (Ty::Null, Value::Null)
                            | (Ty::Str | Ty::Enum(_), Value::String(_))
                            | (Ty::Bool, Value::Bool(_))
                            | (Ty::Number | Ty::Int { .. }, Value::Number(_))
                            | (Ty::Object(_), Value::Object(_))
                            | (Ty::Array(_), Value::Array(_))
                    )
                });
                let outer = std::mem::replace(&mut self.type_name, a.name);
                match branch {
                    Some(b) => self.check(v, b)?,
                    None => return self.fail(ProblemKind::AltType),
                }
                self.type_name = outer;
                Ok(())
            }
        }
    }

    fn members(
        &mut self,
        o: &'static ObjDesc,
        map: &Map<String, Value>,
        seen: &mut Vec<&'static str>,
    ) -> Result<(), Problem> {
        for m in o.members {
            seen.push(m.name);
            self.path.push(Seg::Key(m.name.to_string()));
            match map.get(m.name) {
                None if m.optional || self.mode == Mode::Fragment => {}
                None => return self.fail(ProblemKind::Missing),
                Some(v) => self.check(v, &m.ty)?,
            }
            self.path.pop();
        }
        if let Some(tag) = o.tag {
            if let Some(Value::String(t)) = map.get(tag) {
                if let Some((_, b)) = o.branches.iter().find(|(n, _)| n == t) {
                    let outer = std::mem::replace(&mut self.type_name, b.name);
                    self.members(b, map, seen)?;
                    self.type_name = outer;
                }
            }
        }
        Ok(())
    }
}

/// Checks `v` against `ty`.
pub fn check(v: &Value, ty: &Ty, mode: Mode) -> Result<(), Problem> {
    let mut c = Checker {
        mode,
        path: Vec::new(),
        type_name: "",
    };
    c.check(v, ty)
}
