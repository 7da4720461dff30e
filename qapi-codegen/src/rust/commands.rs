//! Module `commands`: a type per command, implementing the runtime's
//! `Command` trait (name, arguments, return type, allow-oob,
//! success-response).
//!
//! A command's arguments are the fields of its type; a command whose
//! `data` names a type (and every `boxed` command) wraps that type.

use qapi_schema::model::{Command, EntityKind};
use qapi_schema::{Entity, EntityId};

use super::naming::{self, into_ident, Scope};
use super::{types, Attrs, Gen, Q, W};
use crate::wp;

/// A command that is generated, with its Rust names.
pub struct Cmd<'a> {
    pub entity: &'a Entity,
    pub id: EntityId,
    pub cmd: &'a Command,
    /// The type in module `commands`.
    pub ty: String,
    /// The client and server method.
    pub method: String,
    pub gate: Attrs,
    /// The `cfg` alone.
    pub cfg: Attrs,
}

/// Method names the client traits take for themselves.
pub const RESERVED_METHODS: &[&str] = &["call_command", "call_command_unit"];

/// The commands to generate, in schema order.
pub fn list<'a>(g: &Gen<'a>) -> Vec<Cmd<'a>> {
    let mut types = Scope::new(&["Empty"]);
    let mut methods = Scope::new(RESERVED_METHODS);
    let mut out = Vec::new();
    for (id, e) in g.schema.entities.iter().enumerate() {
        let EntityKind::Command(cmd) = &e.kind else {
            continue;
        };
        let Some(gate) = g.entity_gate(id) else {
            continue;
        };
        out.push(Cmd {
            entity: e,
            id,
            cmd,
            ty: into_ident(types.take(naming::camel(&e.name))),
            method: into_ident(methods.take(naming::snake(&e.name))),
            cfg: gate.cfg_only(),
            gate,
        });
    }
    out
}

/// A one-line doc pointing at the command's type (which has the
/// schema's documentation).
pub fn link_doc(w: &mut W, c: &Cmd) {
    wp!(w; "/// `", c.entity.name, "`: see [`", c.ty, "`](super::commands::", c.ty, ").");
}

/// The type of a command's return value, from a sibling module.
pub fn returns(g: &Gen, c: &Command) -> String {
    let mut s = String::new();
    write_returns(g, &mut s, c);
    s
}

/// Writes [`returns`] into `out`.
pub fn write_returns(g: &Gen, out: &mut String, c: &Command) {
    match c.ret_type {
        Some(t) => g.write_type(out, t, false),
        None => out.push_str("super::support::Empty"),
    }
}

/// A struct for a command's or event's arguments, with its impls: fields
/// with `Members`, or a wrapper of a named type. Docs and gate are
/// written by the caller. `open`: the command takes arguments beyond its
/// schema (`'gen': false`); they are kept in a field `extra`.
pub fn args_struct(
    g: &Gen,
    w: &mut W,
    owner: EntityId,
    name: &str,
    arg: Option<EntityId>,
    open: bool,
    cfg: &Attrs,
) {
    match arg {
        None => {
            w.line("#[derive(Clone, Debug, Default, PartialEq)]");
            wp!(w; "pub struct ", name, " {}");
            types::members_impl(g, w, name, &[], false, cfg);
            w.cfg(cfg);
            wp!(w; "__rt::wire_members!(", name, ");");
            w.cfg(cfg);
            wp!(w; "__rt::wire_serde!(", name, ");");
        }
        Some(a) if g.schema.entity(a).is_implicit() => {
            let EntityKind::Object { members, .. } = &g.schema.entity(a).kind else {
                unreachable!("implicit argument types are objects")
            };
            let default = types::all_optional(g, members);
            types::derive_line(w, default);
            wp!(w; "pub struct ", name, " {");
            w.ind_in();
            let fields = types::fields(g, w, a, owner, members, false);
            if open {
                w.line("/// Arguments beyond the schema's: QEMU does not check this");
                w.line("/// command's arguments against the schema (`'gen': false`)");
                w.line("/// and passes the others on.");
                w.line("pub extra: __rt::codec::Map<::std::string::String, __rt::codec::Value>,");
            }
            w.close("}");
            if !default {
                types::constructor(w, name, &fields, open, cfg);
            }
            types::members_impl(g, w, name, &fields, open, cfg);
            w.cfg(cfg);
            wp!(w; "__rt::wire_members!(", name, ");");
            w.cfg(cfg);
            wp!(w; "__rt::wire_serde!(", name, ");");
        }
        Some(a) => {
            let inner = g.rust_type(a, false);
            let default = match &g.schema.entity(a).kind {
                EntityKind::Object {
                    members,
                    branches: None,
                    ..
                } => types::all_optional(g, members),
                _ => false,
            };
            types::derive_line(w, default);
            wp!(w; "pub struct ", name, "(pub ", inner, ");");
            w.cfg(cfg);
            wp!(w; "impl ::std::convert::From<", inner, "> for ", name, " {");
            w.ind_in();
            w.line("#[inline]");
            wp!(w; "fn from(args: ", inner, ") -> Self {");
            w.ind_in();
            w.line("Self(args)");
            w.close("}");
            w.close("}");
            w.cfg(cfg);
            wp!(w; "__rt::wire_newtype!(", name, ");");
        }
    }
}

pub fn generate(g: &Gen, cmds: &[Cmd]) -> String {
    let mut w = W::for_module(g, 351);
    let w = &mut w;
    w.line("pub use super::support::Empty;");
    for c in cmds {
        w.blank();
        g.doc(w, c.id);
        w.gate(&c.gate);
        args_struct(g, w, c.id, &c.ty, c.cmd.arg_type, !c.cmd.gen, &c.cfg);
        w.cfg(&c.cfg);
        wp!(w; "impl __rt::Command for ", c.ty, " {");
        w.ind_in();
        wp!(w; "const NAME: &'static str = ", Q(&c.entity.name), ";");
        if c.cmd.allow_oob {
            w.line("const ALLOW_OOB: bool = true;");
        }
        if !c.cmd.success_response {
            w.line("const SUCCESS_RESPONSE: bool = false;");
        }
        w.indent();
        w.p("type Returns = ");
        write_returns(g, &mut w.s, c.cmd);
        w.p(";\n");
        w.close("}");
    }
    w.line("/// Decodes a return value of command `name` into its type and");
    w.line("/// encodes it again: `None` for an unknown command, an error naming");
    w.line("/// type and member when it does not fit.");
    w.line("#[inline]");
    w.open("pub fn reencode_return(name: &str, v: &__rt::codec::Value) -> ::std::option::Option<::std::result::Result<__rt::codec::Value, __rt::codec::Error>> {");
    w.open("Some(match name {");
    for c in cmds {
        w.cfg(&c.cfg);
        let name = &c.entity.name;
        w.indent();
        w.q(name);
        w.p(" => __rt::codec::reencode_reply::<");
        write_returns(g, &mut w.s, c.cmd);
        w.p(">(v, &super::support::");
        naming::write_desc_ident(&mut w.s, "R_", name);
        w.p(", ");
        w.q(name);
        w.p("),\n");
    }
    w.line("_ => return None,");
    w.close("})");
    w.close("}");
    w.line("/// Decodes arguments of command `name` (checked the way QEMU checks");
    w.line("/// them) into its type and encodes them again: `None` for an");
    w.line("/// unknown command, an error naming type and member when they do");
    w.line("/// not fit.");
    w.line("#[inline]");
    w.open("pub fn reencode_args(name: &str, v: &__rt::codec::Value) -> ::std::option::Option<::std::result::Result<__rt::codec::Value, __rt::codec::Error>> {");
    w.open("Some(match name {");
    for c in cmds {
        w.cfg(&c.cfg);
        let name = &c.entity.name;
        w.indent();
        w.q(name);
        w.p(" => __rt::codec::reencode_request::<");
        w.p(&c.ty);
        w.p(">(v, ");
        super::desc::write_args_ref(g, &mut w.s, c.cmd.arg_type);
        w.p(", ");
        w.q(name);
        w.p("),\n");
    }
    w.line("_ => return None,");
    w.close("})");
    w.close("}");
    std::mem::take(&mut w.s)
}
