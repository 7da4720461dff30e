//! Expression checks: the context-free rules of the schema language
//! (QEMU's `expr.py`), in QEMU's order so that the first error reported is
//! QEMU's.  Checked expressions come out as definitions ([`def`]).
//!
//! The historical dialect's older keywords are rewritten before these
//! checks (`crate::historical`); `historical` here relaxes the rules that
//! older schemas predate.

pub mod def;
mod rules;

use std::fmt;
use std::sync::Arc;

use crate::doc::Doc;
use crate::error::Result;
use crate::names::c_name_starts_with;
use crate::pragma::Pragma;
use crate::source::{Defn, Info};
use crate::syntax::{Node, TopExpr, Value};
use def::*;
use rules::*;

/// Checks every top-level expression, in order, as QEMU does before it
/// builds anything: the first error is reported.  `docs` are the parsed
/// doc comments the expressions index.
pub(crate) fn check_exprs(
    exprs: &[TopExpr],
    docs: &[Doc],
    pragma: &Pragma,
    historical: bool,
    parallel: bool,
) -> Result<Vec<Checked>> {
    // Each expression is checked on its own: the second half can be
    // checked on a pool thread, and the first error in order is still the
    // one reported.  A few dozen are not worth handing over.
    if !parallel || exprs.len() < 64 {
        return check_in_turn(exprs, docs, pragma, historical);
    }
    let (first, second) = exprs.split_at(exprs.len() / 2);
    let (first, second) = crate::pool::beside(
        || check_in_turn(first, docs, pragma, historical),
        || check_in_turn(second, docs, pragma, historical),
    );
    let mut checked = first?;
    checked.extend(second?);
    Ok(checked)
}

fn check_in_turn(
    exprs: &[TopExpr],
    docs: &[Doc],
    pragma: &Pragma,
    historical: bool,
) -> Result<Vec<Checked>> {
    let checker = Checker {
        pragma,
        historical,
        extra: Default::default(),
    };
    let mut checked = Vec::with_capacity(exprs.len() + exprs.len() / 8);
    for e in exprs {
        match &e.include {
            Some(file) => checked.push(Checked::Include {
                file: file.clone(),
                info: e.info.clone(),
            }),
            None => checked.extend(checker.definitions(e, docs)?.into_iter().map(Checked::Def)),
        }
    }
    Ok(checked)
}

struct Checker<'a> {
    pragma: &'a Pragma,
    /// Historical dialect: older keywords and unions, conditions that are
    /// C expressions, names from before the naming rules, documentation
    /// that is not checked against definitions.
    historical: bool,
    /// Types made while checking (historical nested structs), defined
    /// before the expression that made them.
    extra: std::cell::RefCell<Vec<DefExpr>>,
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
    fn definitions(&self, expr: &TopExpr, docs: &[Doc]) -> Result<Vec<DefExpr>> {
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
    fn check_def(&self, expr: &TopExpr, docs: &[Doc]) -> Result<DefExpr> {
        let m = &expr.members;
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
