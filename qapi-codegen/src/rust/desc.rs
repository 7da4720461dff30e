//! Module `support`: a descriptor static per object, enum and alternate
//! type of the schema (`T_<name>`) and per command return value
//! (`R_<command>`), which the runtime's checker (`qmp::codec::check`)
//! walks for the server's argument checks and the client's error
//! messages; the runtime's decoding support is re-exported.

use qapi_schema::model::EntityKind;
use qapi_schema::EntityId;

use super::naming::write_desc_ident;
use super::{push_q, Gen, W};

pub fn generate(g: &Gen) -> String {
    let mut w = W::for_module(g, 173);
    let w = &mut w;
    w.line("pub use __rt::codec::*;");
    // Argument types of commands QEMU does not generate take more.
    let open: std::collections::HashSet<&str> = g
        .schema
        .commands()
        .filter(|(_, c)| !c.gen)
        .filter_map(|(_, c)| c.arg_type)
        .map(|t| g.schema.entity(t).name.as_str())
        .collect();
    for e in &g.schema.entities {
        if !matches!(
            e.kind,
            EntityKind::Object { .. } | EntityKind::Enum { .. } | EntityKind::Alternate { .. }
        ) {
            continue;
        }
        // Descriptors are data: conditions apply, `unstable` does not
        // hide them (a member refers to its type's descriptor either way).
        let Some(gate) = g.gate(&e.ifcond, &[]) else {
            continue;
        };
        w.cfg(&gate);
        let s = &mut w.s;
        s.push_str("pub static ");
        write_desc_ident(s, "T_", &e.name);
        let cname = &e.name;
        match &e.kind {
            EntityKind::Enum { members, .. } => {
                s.push_str(": EnumDesc = EnumDesc { name: ");
                push_q(s, cname);
                s.push_str(", values: &[");
                for m in members {
                    let Some(cfg) = g.cfg_only(&m.ifcond, &m.features) else {
                        continue;
                    };
                    inline_cfg(s, &cfg);
                    push_q(s, &m.name);
                    s.push_str(", ");
                }
                s.push_str("] };\n");
            }
            EntityKind::Object {
                members, branches, ..
            } => {
                let ctor = match branches {
                    Some(_) => "union",
                    None if open.contains(cname.as_str()) => "open_obj",
                    None => "obj",
                };
                s.push_str(": ObjDesc = ");
                s.push_str(ctor);
                s.push('(');
                push_q(s, cname);
                s.push_str(", &[");
                for m in members {
                    let Some(cfg) = g.cfg_only(&m.ifcond, &m.features) else {
                        continue;
                    };
                    inline_cfg(s, &cfg);
                    let f = if m.optional { "opt" } else { "req" };
                    s.push_str(f);
                    s.push('(');
                    push_q(s, &m.name);
                    s.push_str(", ");
                    ty_expr(g, s, m.ty);
                    s.push_str("), ");
                }
                s.push(']');
                if let Some(b) = branches {
                    s.push_str(", ");
                    push_q(s, &b.tag);
                    s.push_str(", &[");
                    for v in &b.variants {
                        let Some(cfg) = g.cfg_only(&v.ifcond, &[]) else {
                            continue;
                        };
                        inline_cfg(s, &cfg);
                        s.push('(');
                        push_q(s, &v.name);
                        s.push_str(", &");
                        write_desc_ident(s, "T_", &g.schema.entity(v.ty).name);
                        s.push_str("), ");
                    }
                    s.push(']');
                }
                s.push_str(");\n");
            }
            EntityKind::Alternate { variants } => {
                s.push_str(": AltDesc = AltDesc { name: ");
                push_q(s, cname);
                s.push_str(", branches: &[");
                for v in variants {
                    let Some(cfg) = g.cfg_only(&v.ifcond, &[]) else {
                        continue;
                    };
                    inline_cfg(s, &cfg);
                    ty_expr(g, s, v.ty);
                    s.push_str(", ");
                }
                s.push_str("] };\n");
            }
            _ => unreachable!(),
        }
    }
    let mut cmd_arms = Vec::new();
    for (e, c) in g.schema.commands() {
        let Some(gate) = g.cfg_only(&e.ifcond, &e.features) else {
            continue;
        };
        w.cfg(&gate);
        let s = &mut w.s;
        s.push_str("pub static ");
        write_desc_ident(s, "R_", &e.name);
        s.push_str(": Ty = ");
        match c.ret_type {
            Some(t) => ty_expr(g, s, t),
            None => s.push_str("Ty::Object(&EMPTY)"),
        }
        s.push_str(";\n");
        cmd_arms.push((gate, &e.name, c.arg_type));
    }
    w.line("/// The descriptors of command `name`'s arguments and return value.");
    w.line("#[inline]");
    w.open("pub fn command_desc(name: &str) -> ::std::option::Option<(Ty, Ty)> {");
    w.open("Some(match name {");
    for (gate, name, arg) in cmd_arms {
        w.cfg(&gate);
        w.indent();
        push_q(&mut w.s, name);
        w.s.push_str(" => (Ty::Object(");
        local_args(g, &mut w.s, arg);
        w.s.push_str("), ");
        write_desc_ident(&mut w.s, "R_", name);
        w.s.push_str("),\n");
    }
    w.line("_ => return None,");
    w.close("})");
    w.close("}");
    w.line("/// The descriptor of event `name`'s data.");
    w.line("#[inline]");
    w.open("pub fn event_desc(name: &str) -> ::std::option::Option<Ty> {");
    if g.schema.events().next().is_none() {
        // a schema without events (the guest agent's)
        w.line("let _ = name;");
        w.line("None");
        w.close("}");
        return std::mem::take(&mut w.s);
    }
    w.open("Some(match name {");
    for e in g.schema.events() {
        let EntityKind::Event { arg_type, .. } = &e.kind else {
            continue;
        };
        let Some(gate) = g.cfg_only(&e.ifcond, &e.features) else {
            continue;
        };
        w.cfg(&gate);
        w.indent();
        push_q(&mut w.s, &e.name);
        w.s.push_str(" => Ty::Object(");
        local_args(g, &mut w.s, *arg_type);
        w.s.push_str("),\n");
    }
    w.line("_ => return None,");
    w.close("})");
    w.close("}");
    std::mem::take(&mut w.s)
}

fn inline_cfg(s: &mut String, a: &super::Attrs) {
    if let Some(c) = &a.cfg {
        s.push_str("#[cfg(");
        s.push_str(c);
        s.push_str(")] ");
    }
}

/// Writes the descriptor of arguments or event data, within module
/// `support`.
fn local_args(g: &Gen, out: &mut String, arg: Option<EntityId>) {
    match arg {
        Some(id) => {
            out.push('&');
            write_desc_ident(out, "T_", &g.schema.entity(id).name);
        }
        None => out.push_str("&EMPTY"),
    }
}

/// Writes the `Ty` expression for a type, within module `support`.
pub fn ty_expr(g: &Gen, s: &mut String, id: EntityId) {
    let e = g.schema.entity(id);
    match &e.kind {
        EntityKind::Builtin { .. } => s.push_str(match e.name.as_str() {
            "str" => "Ty::Str",
            "bool" => "Ty::Bool",
            "number" => "Ty::Number",
            "null" => "Ty::Null",
            "any" => "Ty::Any",
            "int" => "INT",
            "int64" => "INT64",
            "int8" => "INT8",
            "int16" => "INT16",
            "int32" => "INT32",
            "uint8" => "UINT8",
            "uint16" => "UINT16",
            "uint32" => "UINT32",
            "uint64" => "UINT64",
            "size" => "SIZE",
            other => panic!("unknown built-in type {other}"),
        }),
        EntityKind::Array { element, .. } => {
            s.push_str("Ty::Array(&");
            ty_expr(g, s, *element);
            s.push(')');
        }
        EntityKind::Enum { .. } => {
            s.push_str("Ty::Enum(&");
            write_desc_ident(s, "T_", &e.name);
            s.push(')');
        }
        EntityKind::Alternate { .. } => {
            s.push_str("Ty::Alternate(&");
            write_desc_ident(s, "T_", &e.name);
            s.push(')');
        }
        _ => {
            s.push_str("Ty::Object(&");
            write_desc_ident(s, "T_", &e.name);
            s.push(')');
        }
    }
}

/// The descriptor of a command's or event's arguments, from a sibling
/// module: `&super::support::T_x`, or the empty object.
pub fn args_ref(g: &Gen, arg: Option<EntityId>) -> String {
    let mut s = String::new();
    write_args_ref(g, &mut s, arg);
    s
}

/// Writes [`args_ref`] into `out`.
pub fn write_args_ref(g: &Gen, out: &mut String, arg: Option<EntityId>) {
    match arg {
        Some(id) => {
            out.push_str("&super::support::");
            write_desc_ident(out, "T_", &g.schema.entity(id).name);
        }
        None => out.push_str("&super::support::EMPTY"),
    }
}
