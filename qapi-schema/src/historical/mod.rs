//! The historical dialect: what QEMU schemas from 2011 to 10.0 say
//! differently, rewritten into today's form around the expression checks
//! (`check_exprs`): old keywords before them, simple unions after.
//!
//! - `'type'` for `'struct'` (until QEMU 2.5);
//! - `'gen': 'no'` and `'success-response': 'no'` as strings (until 2.x);
//! - unions without discriminator ("simple unions", until 6.2), expanded
//!   as QEMU expanded them: an implicit enum `NAMEKind` for the tag
//!   `type`, and a wrapper type `q_obj_TYPE-wrapper` with member `data` per
//!   branch type, so the wire format is unchanged;
//! - `'discriminator': {}` unions as alternates (2.0 to 2.3);
//! - pragmas `returns-whitelist` and `name-case-whitelist` (until 6.0);
//! - conditions that are C expressions such as `defined(CONFIG_X)`;
//! - names from before the naming rules, and doc comments that predate
//!   today's doc syntax (read leniently, never checked against the
//!   definitions).

use std::collections::HashSet;

use crate::doc::Doc;
use crate::error::Result;
use crate::expr::def::{
    BranchSpec, Checked, Data, DefExpr, DefSpec, EnumValueSpec, MemberSpec, TypeRef,
};
use crate::pragma::Pragma;
use crate::syntax::{Node, TopExpr, Value};

/// The expression checks of the historical dialect: old keywords are
/// rewritten, the expressions checked with the rules older schemas
/// predate relaxed, and simple unions expanded.
pub(crate) fn check_exprs(
    exprs: &mut [TopExpr],
    docs: &[Doc],
    pragma: &Pragma,
) -> Result<Vec<Checked>> {
    for e in exprs.iter_mut() {
        e.members = normalize(&e.members);
    }
    let checked = crate::expr::check_exprs(exprs, docs, pragma, true, false)?;
    Ok(expand_simple_unions(checked))
}

/// Rewrites old keywords of a top-level expression to today's.
fn normalize(members: &[(String, Node)]) -> Vec<(String, Node)> {
    let has_struct = members.iter().any(|(k, _)| k == "struct");
    members
        .iter()
        .map(|(k, v)| {
            let key = if k == "type" && !has_struct {
                "struct"
            } else {
                k.as_str()
            };
            let value = match (key, &v.value) {
                ("gen" | "success-response", Value::Str(s)) => Node {
                    value: Value::Bool(!matches!(s.as_str(), "no" | "false")),
                    ..v.clone()
                },
                _ => v.clone(),
            };
            (key.to_owned(), value)
        })
        .collect()
}

/// Replaces simple unions by an enum, wrapper types and a flat union.
fn expand_simple_unions(exprs: Vec<Checked>) -> Vec<Checked> {
    let defined: HashSet<String> = exprs
        .iter()
        .filter_map(|c| match c {
            Checked::Def(d) => Some(d.name.clone()),
            _ => None,
        })
        .collect();
    let mut made: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(exprs.len());
    for c in exprs {
        let Checked::Def(d) = c else {
            out.push(c);
            continue;
        };
        let DefSpec::SimpleUnion { base, branches } = d.spec.clone() else {
            out.push(Checked::Def(d));
            continue;
        };
        let kind_name = format!("{}Kind", d.name);
        if !defined.contains(&kind_name) && made.insert(kind_name.clone()) {
            out.push(Checked::Def(DefExpr {
                meta: "enum",
                name: kind_name.clone(),
                info: d.info.clone(),
                doc: None,
                ifcond: d.ifcond.clone(),
                features: Vec::new(),
                spec: DefSpec::Enum {
                    values: branches
                        .iter()
                        .map(|b| EnumValueSpec {
                            name: b.name.clone(),
                            ifcond: b.ifcond.clone(),
                            features: Vec::new(),
                        })
                        .collect(),
                    prefix: None,
                },
            }));
        }
        let mut new_branches = Vec::with_capacity(branches.len());
        for b in &branches {
            let (label, member_ty) = match &b.ty {
                TypeRef::Name(n) => (n.clone(), TypeRef::Name(n.clone())),
                TypeRef::Array(e) => (format!("{e}List"), TypeRef::Array(e.clone())),
            };
            let wrapper = format!("q_obj_{label}-wrapper");
            if made.insert(wrapper.clone()) {
                out.push(Checked::Def(DefExpr {
                    meta: "struct",
                    name: wrapper.clone(),
                    info: d.info.clone(),
                    doc: None,
                    ifcond: None,
                    features: Vec::new(),
                    spec: DefSpec::Struct {
                        base: None,
                        data: Data::Members(vec![MemberSpec {
                            name: "data".into(),
                            optional: false,
                            ty: member_ty,
                            ifcond: None,
                            features: Vec::new(),
                        }]),
                    },
                }));
            }
            new_branches.push(BranchSpec {
                name: b.name.clone(),
                ty: TypeRef::Name(wrapper),
                ifcond: b.ifcond.clone(),
            });
        }
        let mut base_members = vec![MemberSpec {
            name: "type".into(),
            optional: false,
            ty: TypeRef::Name(kind_name),
            ifcond: None,
            features: Vec::new(),
        }];
        if let Some(Data::Members(extra)) = base {
            base_members.extend(extra);
        }
        out.push(Checked::Def(DefExpr {
            spec: DefSpec::Union {
                base: Data::Members(base_members),
                discriminator: "type".into(),
                branches: new_branches,
            },
            ..d
        }));
    }
    out
}
