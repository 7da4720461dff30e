//! Expression checks: the context-free rules of the schema language
//! (QEMU's `expr.py`), in QEMU's order so that the first error reported is
//! QEMU's.  Checked expressions come out normalized as [`DefExpr`]s.

use std::fmt;

use std::sync::Arc;

use crate::doc::Doc;
use crate::error::{Error, Result};
use crate::ifcond::IfCond;
use crate::names::{c_name_has_q_prefix, c_name_starts_with, is_camel, valid_name_stem};
use crate::pragma::Pragma;
use crate::source::{Defn, Info};
use crate::syntax::{Node, TopExpr, Value};

/// A type as a member or return value names it.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    Name(String),
    /// `['Element']`
    Array(String),
}

#[derive(Debug, Clone)]
pub struct FeatureSpec {
    pub name: String,
    pub ifcond: Option<IfCond>,
}

#[derive(Debug, Clone)]
pub struct MemberSpec {
    /// The name without a leading `*`.
    pub name: String,
    pub optional: bool,
    pub ty: TypeRef,
    pub ifcond: Option<IfCond>,
    pub features: Vec<FeatureSpec>,
}

#[derive(Debug, Clone)]
pub struct EnumValueSpec {
    pub name: String,
    pub ifcond: Option<IfCond>,
    pub features: Vec<FeatureSpec>,
}

#[derive(Debug, Clone)]
pub struct BranchSpec {
    pub name: String,
    pub ty: TypeRef,
    pub ifcond: Option<IfCond>,
}

/// `'data'` or `'base'`: a type name or inline members.
#[derive(Debug, Clone)]
pub enum Data {
    Name(String),
    Members(Vec<MemberSpec>),
}

#[derive(Debug, Clone)]
pub enum DefSpec {
    Enum {
        values: Vec<EnumValueSpec>,
        prefix: Option<String>,
    },
    Struct {
        base: Option<String>,
        data: Data,
    },
    Union {
        base: Data,
        discriminator: String,
        branches: Vec<BranchSpec>,
    },
    Alternate {
        branches: Vec<BranchSpec>,
    },
    /// A union without discriminator (historical dialect): on the wire
    /// `{"type": BRANCH, "data": VALUE}`.
    SimpleUnion {
        base: Option<Data>,
        branches: Vec<BranchSpec>,
    },
    Command {
        data: Option<Data>,
        returns: Option<TypeRef>,
        gen: bool,
        success_response: bool,
        boxed: bool,
        allow_oob: bool,
        allow_preconfig: bool,
        coroutine: bool,
    },
    Event {
        data: Option<Data>,
        boxed: bool,
    },
}

/// A checked definition.
#[derive(Debug, Clone)]
pub struct DefExpr {
    pub meta: &'static str,
    pub name: String,
    /// The expression's location, inside its definition.
    pub info: Info,
    pub doc: Option<usize>,
    pub ifcond: Option<IfCond>,
    pub features: Vec<FeatureSpec>,
    pub spec: DefSpec,
}

/// A checked top-level expression.
#[derive(Debug, Clone)]
pub enum Checked {
    Include { file: String, info: Info },
    Def(DefExpr),
}

type Members = [(String, Node)];

fn get<'a>(m: &'a Members, key: &str) -> Option<&'a Node> {
    m.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn sem(info: &Info, msg: impl Into<String>) -> Error {
    Error::semantic(info, msg)
}

pub fn check_name_is_str<'a>(
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

fn check_name_lower(
    name: &str,
    info: &Info,
    source: &dyn fmt::Display,
    permit_upper: bool,
    permit_underscore: bool,
) -> Result<()> {
    // Nearly every name: a lower-case letter, then lower-case letters,
    // digits and '-', and not the reserved `q-`.  Such a name passes
    // every rule below, whatever is permitted.
    let b = name.as_bytes();
    if b.first().is_some_and(u8::is_ascii_lowercase)
        && b.iter()
            .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        && !b.starts_with(b"q-")
    {
        return Ok(());
    }
    check_name_lower_by_rules(name, info, source, permit_upper, permit_underscore)
}

fn check_name_lower_by_rules(
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

fn check_defn_name_str(name: &str, info: &Info, meta: &str, pragma: &Pragma) -> Result<()> {
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
fn normalized<'a>(node: &'a Node, key: &'static str) -> Norm<'a> {
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
    fn get(self, key: &str) -> Option<&'a Node> {
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
struct Src<'a> {
    outer: &'a dyn fmt::Display,
    sep: &'static str,
    name: &'a str,
}

impl fmt::Display for Src<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}'{}'", self.outer, self.sep, self.name)
    }
}

fn src<'a>(outer: &'a dyn fmt::Display, sep: &'static str, name: &'a str) -> Src<'a> {
    Src { outer, sep, name }
}

pub(crate) struct Checker<'a> {
    pub pragma: &'a Pragma,
    /// Historical dialect: older keywords and unions, conditions that are
    /// C expressions, names from before the naming rules, documentation
    /// that is not checked against definitions.
    pub historical: bool,
    /// Types made while checking (historical nested structs), defined
    /// before the expression that made them.
    pub extra: std::cell::RefCell<Vec<DefExpr>>,
}

/// An object member value that is a nested struct rather than a
/// `{'type': …}` form.
fn is_inline_struct(arg: &Node) -> bool {
    match &arg.value {
        Value::Object(m) => !m.iter().any(|(k, _)| k == "type"),
        _ => false,
    }
}

impl Checker<'_> {
    fn name_lower(
        &self,
        name: &str,
        info: &Info,
        source: &dyn fmt::Display,
        upper: bool,
        under: bool,
    ) -> Result<()> {
        if self.historical {
            return Ok(());
        }
        check_name_lower(name, info, source, upper, under)
    }

    fn check_features(&self, features: Option<&Node>, info: &Info) -> Result<Vec<FeatureSpec>> {
        let Some(features) = features else {
            return Ok(Vec::new());
        };
        let Value::List(items) = &features.value else {
            return Err(sem(info, "'features' must be an array"));
        };
        let mut out = Vec::with_capacity(items.len());
        for f in items {
            let feat = normalized(f, "name");
            let source = "'features' member";
            check_keys(feat, info, &source, &["name"], &["if"])?;
            let name = check_name_is_str(feat.get("name").expect("checked"), info, &source)?;
            let source = src(&source, " ", name);
            self.name_lower(name, info, &source, false, false)?;
            let ifcond = check_if(feat, info, &source, self.historical)?;
            out.push(FeatureSpec {
                name: name.to_owned(),
                ifcond,
            });
        }
        Ok(out)
    }

    /// `check_type_name` (or, with `allow_array`, `check_type_name_or_array`).
    fn check_type_ref(
        &self,
        value: &Node,
        info: &Info,
        source: &dyn fmt::Display,
        allow_array: bool,
    ) -> Result<TypeRef> {
        match &value.value {
            Value::Str(s) => Ok(TypeRef::Name(s.clone())),
            Value::List(items) if allow_array => match items.as_slice() {
                [Node {
                    value: Value::Str(s),
                    ..
                }] => Ok(TypeRef::Array(s.clone())),
                _ => Err(sem(
                    info,
                    format!("{source}: array type must contain single type name"),
                )),
            },
            _ if allow_array => Err(sem(
                info,
                format!("{source} should be a type name or array"),
            )),
            _ => Err(sem(info, format!("{source} should be a type name"))),
        }
    }

    /// `check_type_name_or_implicit`: a type name or inline members.
    /// `parent` names the type whose member names may break the case rules
    /// when it is in pragma `member-name-exceptions`.
    fn check_data(
        &self,
        value: &Node,
        info: &Info,
        source: &dyn fmt::Display,
        parent: &str,
    ) -> Result<Data> {
        let Value::Object(members) = &value.value else {
            if let Value::Str(s) = &value.value {
                return Ok(Data::Name(s.clone()));
            }
            return Err(sem(
                info,
                format!("{source} should be an object or type name"),
            ));
        };
        let permissive = self
            .pragma
            .member_name_exceptions
            .iter()
            .any(|e| e == parent);
        let mut out = Vec::with_capacity(members.len());
        for (key, arg) in members {
            let key_source = src(source, " member ", key);
            let (name, optional) = match key.strip_prefix('*') {
                Some(k) => (k, true),
                None => (key.as_str(), false),
            };
            self.name_lower(name, info, &key_source, permissive, permissive)?;
            if !self.historical && (name == "u" || c_name_starts_with(name, "has_")) {
                return Err(sem(info, format!("{key_source} uses reserved name")));
            }
            if self.historical && is_inline_struct(arg) {
                // A nested anonymous struct (QEMU 0.14 to 1.0).
                let tname = format!("q_obj_{parent}-{name}");
                let Data::Members(inner) = self.check_data(arg, info, &key_source, &tname)? else {
                    unreachable!("an object")
                };
                self.extra.borrow_mut().push(DefExpr {
                    meta: "struct",
                    name: tname.clone(),
                    info: info.clone(),
                    doc: None,
                    ifcond: None,
                    features: Vec::new(),
                    spec: DefSpec::Struct {
                        base: None,
                        data: Data::Members(inner),
                    },
                });
                out.push(MemberSpec {
                    name: name.to_owned(),
                    optional,
                    ty: TypeRef::Name(tname),
                    ifcond: None,
                    features: Vec::new(),
                });
                continue;
            }
            let arg = normalized(arg, "type");
            check_keys(arg, info, &key_source, &["type"], &["if", "features"])?;
            let ifcond = check_if(arg, info, &key_source, self.historical)?;
            let features = self.check_features(arg.get("features"), info)?;
            let ty =
                self.check_type_ref(arg.get("type").expect("checked"), info, &key_source, true)?;
            out.push(MemberSpec {
                name: name.to_owned(),
                optional,
                ty,
                ifcond,
                features,
            });
        }
        Ok(Data::Members(out))
    }

    fn check_enum(&self, name: &str, m: &Members, info: &Info) -> Result<DefSpec> {
        let data = get(m, "data").expect("checked");
        let Value::List(values) = &data.value else {
            return Err(sem(info, "'data' must be an array"));
        };
        let prefix = match get(m, "prefix") {
            None => None,
            Some(Node {
                value: Value::Str(s),
                ..
            }) => Some(s.clone()),
            Some(_) => return Err(sem(info, "'prefix' must be a string")),
        };
        let permissive = self.pragma.member_name_exceptions.iter().any(|e| e == name);
        let mut out = Vec::with_capacity(values.len());
        for v in values {
            let member = normalized(v, "name");
            let source = "'data' member";
            check_keys(member, info, &source, &["name"], &["if", "features"])?;
            let mname = check_name_is_str(member.get("name").expect("checked"), info, &source)?;
            let source = src(&source, " ", mname);
            // Enum values may start with a digit.
            if mname.starts_with(|c: char| c.is_ascii_digit()) {
                let checked = format!("d{mname}");
                self.name_lower(&checked, info, &source, permissive, permissive)?;
            } else {
                self.name_lower(mname, info, &source, permissive, permissive)?;
            }
            let ifcond = check_if(member, info, &source, self.historical)?;
            let features = self.check_features(member.get("features"), info)?;
            out.push(EnumValueSpec {
                name: mname.to_owned(),
                ifcond,
                features,
            });
        }
        Ok(DefSpec::Enum {
            values: out,
            prefix,
        })
    }

    fn check_branches(
        &self,
        data: &Node,
        info: &Info,
        check_names: bool,
        allow_array: bool,
    ) -> Result<Vec<BranchSpec>> {
        let Value::Object(members) = &data.value else {
            return Err(sem(info, "'data' must be an object"));
        };
        let mut out = Vec::with_capacity(members.len());
        for (key, value) in members {
            let source = src(&"'data' member", " ", key);
            if check_names {
                self.name_lower(key, info, &source, false, false)?;
            }
            let value = normalized(value, "type");
            check_keys(value, info, &source, &["type"], &["if"])?;
            let ifcond = check_if(value, info, &source, self.historical)?;
            let ty = self.check_type_ref(
                value.get("type").expect("checked"),
                info,
                &source,
                allow_array,
            )?;
            out.push(BranchSpec {
                name: key.clone(),
                ty,
                ifcond,
            });
        }
        Ok(out)
    }

    fn check_flags(&self, m: &Members, info: &Info) -> Result<()> {
        for key in ["gen", "success-response"] {
            if let Some(v) = get(m, key) {
                if v.value != Value::Bool(false) {
                    return Err(sem(info, format!("flag '{key}' may only use false value")));
                }
            }
        }
        for key in ["boxed", "allow-oob", "allow-preconfig", "coroutine"] {
            if let Some(v) = get(m, key) {
                if v.value != Value::Bool(true) {
                    return Err(sem(info, format!("flag '{key}' may only use true value")));
                }
            }
        }
        if get(m, "allow-oob").is_some() && get(m, "coroutine").is_some() {
            return Err(sem(
                info,
                "flags 'allow-oob' and 'coroutine' are incompatible",
            ));
        }
        Ok(())
    }

    /// The definitions one expression makes: the types made while
    /// checking it ([`Checker::extra`]), then its own.
    pub(crate) fn definitions(&self, expr: &TopExpr, docs: &[Doc]) -> Result<Vec<DefExpr>> {
        let def = self.check_def(expr, docs);
        let mut defs = self.extra.take();
        let def = def?;
        if defs.is_empty() {
            // Nearly always: room for exactly one.
            return Ok(vec![def]);
        }
        defs.push(def);
        Ok(defs)
    }

    /// Checks one definition expression.
    pub(crate) fn check_def(&self, expr: &TopExpr, docs: &[Doc]) -> Result<DefExpr> {
        let normalized;
        let m = if self.historical {
            normalized = crate::historical::normalize(&expr.members);
            &normalized
        } else {
            &expr.members
        };
        let metas: Vec<&'static str> = ["enum", "struct", "union", "alternate", "command", "event"]
            .into_iter()
            .filter(|k| get(m, k).is_some())
            .collect();
        if metas.len() != 1 {
            return Err(sem(
                &expr.info,
                "expression must have exactly one key 'enum', 'struct', 'union', \
                 'alternate', 'command', 'event'",
            ));
        }
        let meta = metas[0];
        let name = check_name_is_str(
            get(m, meta).expect("present"),
            &expr.info,
            &format!("'{meta}'"),
        )?
        .to_owned();
        let info = expr.info.clone().with_defn(&Some(Arc::new(Defn {
            meta: meta.to_owned(),
            name: name.clone(),
        })));
        if !self.historical {
            check_defn_name_str(&name, &info, meta, self.pragma)?;
        }

        if self.historical {
            // Older schemas predate the documentation checks.
        } else if let Some(d) = expr.doc {
            let doc = &docs[d];
            if doc.symbol.as_deref() != Some(name.as_str()) {
                return Err(sem(
                    &info,
                    format!(
                        "documentation comment is for '{}'",
                        doc.symbol.as_deref().unwrap_or_default()
                    ),
                ));
            }
            doc.check_expr(meta == "command", get(m, "returns").is_some())?;
        } else if self.pragma.doc_required {
            return Err(sem(&info, "documentation comment required"));
        }

        let spec = match meta {
            "enum" => {
                check_keys(
                    m,
                    &info,
                    &meta,
                    &["enum", "data"],
                    &["if", "features", "prefix"],
                )?;
                self.check_enum(&name, m, &info)?
            }
            "union"
                if self.historical
                    && get(m, "discriminator").is_none_or(|d| d.value.as_object().is_some()) =>
            {
                check_keys(
                    m,
                    &info,
                    &meta,
                    &["union", "data"],
                    &["base", "discriminator", "if", "features"],
                )?;
                let branches =
                    self.check_branches(get(m, "data").expect("checked"), &info, false, true)?;
                if get(m, "discriminator").is_some() {
                    // 'discriminator': {} is the alternate of QEMU 2.0 to 2.3.
                    DefSpec::Alternate { branches }
                } else {
                    let base = match get(m, "base") {
                        Some(b) => Some(self.check_data(b, &info, &"'base'", &name)?),
                        None => None,
                    };
                    DefSpec::SimpleUnion { base, branches }
                }
            }
            "union" => {
                check_keys(
                    m,
                    &info,
                    &meta,
                    &["union", "base", "discriminator", "data"],
                    &["if", "features"],
                )?;
                let base =
                    self.check_data(get(m, "base").expect("checked"), &info, &"'base'", &name)?;
                let disc = check_name_is_str(
                    get(m, "discriminator").expect("checked"),
                    &info,
                    &"'discriminator'",
                )?;
                let branches =
                    self.check_branches(get(m, "data").expect("checked"), &info, false, false)?;
                DefSpec::Union {
                    base,
                    discriminator: disc.to_owned(),
                    branches,
                }
            }
            "alternate" => {
                check_keys(m, &info, &meta, &["alternate", "data"], &["if", "features"])?;
                let data = get(m, "data").expect("checked");
                let empty = match &data.value {
                    Value::Str(s) => s.is_empty(),
                    Value::Bool(b) => !b,
                    Value::List(l) => l.is_empty(),
                    Value::Object(o) => o.is_empty(),
                };
                if empty {
                    return Err(sem(&info, "'data' must not be empty"));
                }
                DefSpec::Alternate {
                    branches: self.check_branches(data, &info, true, true)?,
                }
            }
            "struct" => {
                check_keys(
                    m,
                    &info,
                    &meta,
                    &["struct", "data"],
                    &["base", "if", "features"],
                )?;
                let data_node = get(m, "data").expect("checked");
                if !matches!(data_node.value, Value::Object(_)) {
                    return Err(sem(&info, "'data' should be an object or type name"));
                }
                let data = self.check_data(data_node, &info, &"'data'", &name)?;
                let base = match get(m, "base") {
                    None => None,
                    Some(b) => match self.check_type_ref(b, &info, &"'base'", false)? {
                        TypeRef::Name(n) => Some(n),
                        TypeRef::Array(_) => unreachable!("arrays are rejected"),
                    },
                };
                DefSpec::Struct { base, data }
            }
            "command" => {
                check_keys(
                    m,
                    &info,
                    &meta,
                    &["command"],
                    &[
                        "data",
                        "returns",
                        "boxed",
                        "if",
                        "features",
                        "gen",
                        "success-response",
                        "allow-oob",
                        "allow-preconfig",
                        "coroutine",
                    ],
                )?;
                let boxed = get(m, "boxed").is_some_and(|b| b.value.truthy());
                let data = self.check_args(m, &info, boxed, &name)?;
                let returns = match get(m, "returns") {
                    None => None,
                    Some(r) => Some(self.check_type_ref(r, &info, &"'returns'", true)?),
                };
                let flag = |k: &str, default: bool| {
                    get(m, k).map_or(default, |v| v.value == Value::Bool(true))
                };
                DefSpec::Command {
                    data,
                    returns,
                    gen: flag("gen", true),
                    success_response: flag("success-response", true),
                    boxed,
                    allow_oob: flag("allow-oob", false),
                    allow_preconfig: flag("allow-preconfig", false),
                    coroutine: flag("coroutine", false),
                }
            }
            _ => {
                check_keys(
                    m,
                    &info,
                    &meta,
                    &["event"],
                    &["data", "boxed", "if", "features"],
                )?;
                let boxed = get(m, "boxed").is_some_and(|b| b.value.truthy());
                let data = self.check_args(m, &info, boxed, &name)?;
                DefSpec::Event { data, boxed }
            }
        };
        let ifcond = check_if(m, &info, &meta, self.historical)?;
        let features = self.check_features(get(m, "features"), &info)?;
        self.check_flags(m, &info)?;
        Ok(DefExpr {
            meta,
            name,
            info,
            doc: expr.doc,
            ifcond,
            features,
            spec,
        })
    }

    /// A command's or event's `data`, with `boxed` in mind.
    fn check_args(
        &self,
        m: &Members,
        info: &Info,
        boxed: bool,
        name: &str,
    ) -> Result<Option<Data>> {
        let args = get(m, "data");
        if boxed && args.is_none() {
            return Err(sem(info, "'boxed': true requires 'data'"));
        }
        match args {
            None => Ok(None),
            Some(a) if boxed => match self.check_type_ref(a, info, &"'data'", false)? {
                TypeRef::Name(n) => Ok(Some(Data::Name(n))),
                TypeRef::Array(_) => unreachable!("arrays are rejected"),
            },
            Some(a) => self.check_data(a, info, &"'data'", name).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut for plain lower-case names agrees with the rules.
    #[test]
    fn lower_case_shortcut_agrees() {
        let info = Info::new("t.json".into(), 1, None);
        for name in [
            "a",
            "abc-def",
            "x-",
            "x-foo",
            "x-1a",
            "q-foo",
            "q",
            "qa",
            "q_x",
            "a_b",
            "aB",
            "1a",
            "-a",
            "a--b",
            "__com.r_x",
            "é",
            "a.b",
            "",
        ] {
            for (upper, underscore) in [(false, false), (true, false), (false, true), (true, true)]
            {
                assert_eq!(
                    check_name_lower(name, &info, &"'x'", upper, underscore).is_ok(),
                    check_name_lower_by_rules(name, &info, &"'x'", upper, underscore).is_ok(),
                    "{name} {upper} {underscore}"
                );
            }
        }
    }
}
