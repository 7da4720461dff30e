//! Module `events`: a struct per event (implementing the runtime's
//! `Event`), the enum `Event` of all events with a variant for unknown
//! ones, and typed emit helpers for servers (`EmitEvents`).

use qapi_schema::model::EntityKind;

use super::commands::args_struct;
use super::desc;
use super::naming::{self, into_ident, Scope};
use super::{Attrs, Gen, Piece, Q, W};
use crate::wp;

/// The literal `"event NAME"` (event names need no escapes).
struct EventQ<'a>(&'a str);

impl Piece for EventQ<'_> {
    fn put(&self, out: &mut String) {
        out.push_str("\"event ");
        out.push_str(self.0);
        out.push('"');
    }
}

pub fn generate(g: &Gen) -> String {
    let mut w = W::for_module(g, 93);
    let w = &mut w;
    let mut types = Scope::new(&["Event", "EmitEvents"]);
    let mut methods = Scope::new(&["emit_event"]);
    // (type, wire name, descriptor of its data, gate, cfg)
    let mut evs: Vec<(String, &str, String, Attrs, Attrs)> = Vec::new();
    for (id, e) in g.schema.entities.iter().enumerate() {
        let EntityKind::Event { arg_type, .. } = &e.kind else {
            continue;
        };
        let Some(gate) = g.entity_gate(id) else {
            continue;
        };
        let cfg = gate.cfg_only();
        let ty = into_ident(types.take(naming::camel(&e.name)));
        w.blank();
        g.doc(w, id);
        w.gate(&gate);
        args_struct(g, w, id, &ty, *arg_type, false, &cfg);
        w.cfg(&cfg);
        wp!(w; "impl __rt::Event for ", ty, " { const NAME: &'static str = ", Q(&e.name), "; }");
        evs.push((ty, &e.name, desc::args_ref(g, *arg_type), gate, cfg));
    }
    w.line("/// Any event of the schema, or an event these bindings do not know.");
    w.line("#[derive(Clone, Debug, PartialEq)]");
    w.open("pub enum Event {");
    for (ty, name, _, gate, _) in &evs {
        wp!(w; "/// `", name, "`: see [`", ty, "`].");
        w.gate(gate);
        wp!(w; ty, "(", ty, "),");
    }
    w.line("/// An event these bindings do not know, as received.");
    w.open("Unknown {");
    w.line("/// The event's name.");
    w.line("name: ::std::string::String,");
    w.line("/// Its data (`{}` when it had none).");
    w.line("data: __rt::codec::Value,");
    w.close("},");
    w.close("}");
    w.open("impl Event {");
    w.line("/// The event's name on the wire.");
    w.line("#[inline]");
    w.open("pub fn name(&self) -> &str {");
    w.open("match self {");
    for (ty, name, _, _, cfg) in &evs {
        w.cfg(cfg);
        wp!(w; "Event::", ty, "(_) => ", Q(name), ",");
    }
    w.line("Event::Unknown { name, .. } => name,");
    w.close("}");
    w.close("}");
    w.close("}");
    w.line("/// Decodes the data of event `name` into its type and encodes it");
    w.line("/// again: `None` for an unknown event, an error naming type and");
    w.line("/// member when it does not fit.");
    w.line("#[inline]");
    w.open("pub fn reencode(name: &str, data: &__rt::codec::Value) -> ::std::option::Option<::std::result::Result<__rt::codec::Value, __rt::codec::Error>> {");
    if evs.is_empty() {
        // a schema without events (the guest agent's): nothing to match
        w.line("let _ = (name, data);");
        w.line("None");
        w.close("}");
    } else {
        reencode_arms(w, &evs);
    }
    w.open("impl __rt::EventSet for Event {");
    w.line("#[inline]");
    w.open("fn from_wire(name: &str, data: __rt::codec::Value) -> ::std::result::Result<Self, __rt::codec::Error> {");
    w.open("Ok(match name {");
    for (ty, name, args, _, cfg) in &evs {
        w.cfg(cfg);
        wp!(w;
            Q(name),
            " => Event::",
            ty,
            "(__rt::codec::decode_reply(&data, &__rt::codec::Ty::Object(",
            args,
            "), ",
            EventQ(name),
            ")?),"
        );
    }
    w.line("_ => Event::Unknown { name: name.to_string(), data },");
    w.close("})");
    w.close("}");
    w.close("}");
    if g.opts.server {
        w.line("/// Typed emit helpers: `ctx.events.emit_stop(&Stop {})`.");
        w.open("pub trait EmitEvents {");
        w.line("/// Emits an event.");
        w.line("fn emit_event<E: __rt::Event + __rt::codec::__serde::Serialize>(&self, data: &E) -> ::std::result::Result<(), __rt::codec::Error>;");
        for (ty, name, _, gate, _) in &evs {
            let mut m = String::with_capacity(name.len() + 5);
            m.push_str("emit_");
            m.push_str(&naming::snake(name));
            let m = into_ident(methods.take(m));
            wp!(w; "/// Emits `", name, "`.");
            w.gate(gate);
            wp!(w;
                "fn ",
                m,
                "(&self, data: &",
                ty,
                ") -> ::std::result::Result<(), __rt::codec::Error> { self.emit_event(data) }"
            );
        }
        w.close("}");
        w.open("impl EmitEvents for __rt::server::events::EventEmitter {");
        w.open("fn emit_event<E: __rt::Event + __rt::codec::__serde::Serialize>(&self, data: &E) -> ::std::result::Result<(), __rt::codec::Error> {");
        w.line("self.emit_typed(data)");
        w.close("}");
        w.close("}");
    }
    std::mem::take(&mut w.s)
}

/// The body of `reencode` for a schema with events.
fn reencode_arms(w: &mut W, evs: &[(String, &str, String, Attrs, Attrs)]) {
    w.open("Some(match name {");
    for (ty, name, args, _, cfg) in evs {
        w.cfg(cfg);
        wp!(w;
            Q(name),
            " => __rt::codec::reencode_reply::<",
            ty,
            ">(data, &__rt::codec::Ty::Object(",
            args,
            "), ",
            EventQ(name),
            "),"
        );
    }
    w.line("_ => return None,");
    w.close("})");
    w.close("}");
}
