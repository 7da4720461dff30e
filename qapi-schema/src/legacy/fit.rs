//! The examples of a legacy bundle's docs against the model: each request,
//! reply and event shown must fit the types; those that don't become
//! warnings.

use std::collections::HashSet;

use serde_json::Value as Json;

use super::error::span_info;
use super::events_txt::EventsDoc;
use super::example::{Direction, Example};
use super::hx::CommandTable;
use crate::error::{Error, Kind};
use crate::model::{EntityId, EntityKind, Schema};

/// Whether `v` fits type `ty`; the reason when it does not.
pub fn fits(
    schema: &Schema,
    ty: EntityId,
    v: &Json,
    path: &str,
) -> std::result::Result<(), String> {
    let e = schema.entity(ty);
    let at = |what: String| {
        if path.is_empty() {
            what
        } else {
            format!("{path}: {what}")
        }
    };
    match &e.kind {
        EntityKind::Builtin { json_type } => {
            let ok = match e.name.as_str() {
                "any" => true,
                "null" => v.is_null(),
                "str" => v.is_string(),
                "bool" => v.is_boolean(),
                "number" => v.is_number(),
                "QType" => v.is_string(),
                "int" | "int64" => v.is_i64(),
                n if n.starts_with("uint") || n == "size" => v.is_u64(),
                n if n.starts_with("int") => v.is_i64(),
                _ => *json_type == "value",
            };
            if ok {
                Ok(())
            } else {
                Err(at(format!("expected {}, got {v}", e.name)))
            }
        }
        EntityKind::Enum { members, .. } => match v.as_str() {
            Some(s) if members.iter().any(|m| m.name == s) => Ok(()),
            _ => Err(at(format!("{v} is not a value of enum {}", e.name))),
        },
        EntityKind::Array { element, .. } => match v.as_array() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    fits(schema, *element, item, &format!("{path}[{i}]"))?;
                }
                Ok(())
            }
            None => Err(at(format!("expected an array, got {v}"))),
        },
        EntityKind::Alternate { variants } => {
            if variants.iter().any(|b| fits(schema, b.ty, v, path).is_ok()) {
                Ok(())
            } else {
                Err(at(format!("{v} fits no branch of alternate {}", e.name)))
            }
        }
        EntityKind::Object {
            members, branches, ..
        } => {
            let Some(obj) = v.as_object() else {
                return Err(at(format!("expected an object ({}), got {v}", e.name)));
            };
            let mut all: Vec<&crate::model::Member> = members.iter().collect();
            if let Some(b) = branches {
                if let Some(tag) = obj.get(&b.tag).and_then(Json::as_str) {
                    if let Some(var) = b.variants.iter().find(|x| x.name == tag) {
                        if let EntityKind::Object { members: vm, .. } = &schema.entity(var.ty).kind
                        {
                            all.extend(vm.iter());
                        }
                    }
                }
            }
            for m in &all {
                if !m.optional && !obj.contains_key(&m.name) {
                    return Err(at(format!("missing member '{}'", m.name)));
                }
            }
            for (k, x) in obj {
                let Some(m) = all.iter().find(|m| &m.name == k) else {
                    return Err(at(format!("unexpected member '{k}'")));
                };
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                fits(schema, m.ty, x, &p)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn misfit(ex: &Example, why: String) -> Error {
    Error::new(
        Kind::Doc,
        span_info(&ex.span),
        format!("example does not fit the schema: {why}"),
    )
}

fn check_event(schema: &Schema, v: &Json) -> std::result::Result<(), String> {
    let name = v
        .get("event")
        .and_then(Json::as_str)
        .ok_or("no \"event\" member")?;
    let e = schema
        .lookup(name)
        .filter(|e| matches!(e.kind, EntityKind::Event { .. }))
        .ok_or_else(|| format!("event '{name}' is not defined"))?;
    let EntityKind::Event { arg_type, .. } = &e.kind else {
        unreachable!()
    };
    let data = v.get("data");
    match (arg_type, data) {
        (Some(t), Some(d)) => fits(schema, *t, d, "data"),
        (Some(t), None) => fits(schema, *t, &Json::Object(Default::default()), "data"),
        (None, Some(d)) if d.as_object().is_some_and(|o| !o.is_empty()) => {
            Err(format!("event '{name}' has no data, the example shows {d}"))
        }
        _ => Ok(()),
    }
}

/// Checks every example of a bundle's docs against the model; returns a
/// warning for each one that does not fit.
pub fn check_examples(
    schema: &Schema,
    table: Option<&CommandTable>,
    events: Option<&EventsDoc>,
) -> Vec<Error> {
    let mut out = Vec::new();
    if let Some(table) = table {
        let docs = table
            .commands
            .iter()
            .filter_map(|c| c.doc.as_ref())
            .chain(&table.unlinked);
        let accepts_unknown: HashSet<&str> = table
            .commands
            .iter()
            .filter(|c| c.args.accepts_unknown_args())
            .map(|c| c.name.as_str())
            .collect();
        for d in docs {
            let mut last: Option<&str> = None;
            for ex in &d.examples {
                let r = match &ex.json {
                    Err(e) => Err(format!("not JSON ({e})")),
                    Ok(v) => match ex.direction {
                        Direction::ToServer => {
                            let r = check_request(schema, v, &accepts_unknown);
                            last = v.get("execute").and_then(Json::as_str);
                            r
                        }
                        _ => check_reply(schema, v, last),
                    },
                };
                if let Err(why) = r {
                    out.push(misfit(ex, why));
                }
            }
        }
    }
    if let Some(ev) = events {
        for e in &ev.events {
            for ex in &e.examples {
                let r = match &ex.json {
                    Err(err) => Err(format!("not JSON ({err})")),
                    Ok(v) => check_event(schema, v),
                };
                if let Err(why) = r {
                    out.push(misfit(ex, why));
                }
            }
        }
    }
    out
}

fn check_request(
    schema: &Schema,
    v: &Json,
    accepts_unknown: &HashSet<&str>,
) -> std::result::Result<(), String> {
    let name = v
        .get("execute")
        .and_then(Json::as_str)
        .ok_or("no \"execute\" member")?;
    let c = schema
        .commands()
        .find(|(e, _)| e.name == name)
        .map(|(_, c)| c)
        .ok_or_else(|| format!("command '{name}' is not defined"))?;
    let empty = Json::Object(Default::default());
    let args = v.get("arguments").unwrap_or(&empty);
    match c.arg_type {
        Some(t) if accepts_unknown.contains(name) => {
            // `O` arguments: any extra member is accepted.
            let EntityKind::Object { members, .. } = &schema.entity(t).kind else {
                return Ok(());
            };
            let obj = args.as_object().ok_or("arguments: not an object")?;
            for m in members {
                match obj.get(&m.name) {
                    Some(x) => fits(schema, m.ty, x, &format!("arguments.{}", m.name))?,
                    None if !m.optional => {
                        return Err(format!("arguments: missing member '{}'", m.name))
                    }
                    None => {}
                }
            }
            Ok(())
        }
        Some(t) => fits(schema, t, args, "arguments"),
        None if accepts_unknown.contains(name) => Ok(()),
        None => match args.as_object() {
            Some(o) if o.is_empty() => Ok(()),
            _ => Err(format!("command '{name}' takes no arguments, got {args}")),
        },
    }
}

fn check_reply(schema: &Schema, v: &Json, last: Option<&str>) -> std::result::Result<(), String> {
    if v.get("event").is_some() {
        return check_event(schema, v);
    }
    if v.get("error").is_some() || v.get("QMP").is_some() {
        return Ok(());
    }
    let Some(ret) = v.get("return") else {
        return Err("a reply with neither \"return\", \"error\" nor \"event\"".into());
    };
    let Some(name) = last else {
        return Ok(());
    };
    let Some((_, c)) = schema.commands().find(|(e, _)| e.name == name) else {
        return Ok(());
    };
    // Commands only in the .hx have no return type: nothing to check.
    match c.ret_type {
        Some(t) => fits(schema, t, ret, "return"),
        None => Ok(()),
    }
}
