//! Module `types`: structs, enums with a catch-all value, unions as enums
//! by discriminator, alternates by JSON type.
//!
//! Structs and unions implement the runtime's `codec::Members` (a line
//! per member); enums and alternates `codec::Wire`; `serde` impls go
//! through them.

use qapi_schema::model::{EntityKind, Member, Variant};
use qapi_schema::{EntityId, Schema};

use super::naming::{self, ident, into_ident, Scope};
use super::{Attrs, FxMap, Gen, Piece, Q, W};
use crate::wp;

/// The result type of generated decoders.
pub const RESULT: &str = "::std::result::Result<Self, __rt::codec::Error>";

/// Splits the types into `n` runs of entities with about as much to
/// write in each (for [`generate`]), with the [`room`](super::room) to
/// reserve for each.
pub fn chunks(g: &Gen, n: usize) -> Vec<(std::ops::Range<EntityId>, usize)> {
    // About the bytes written for a type (fitted on QEMU 10.2's schema).
    let size = |e: &qapi_schema::Entity| {
        let doc: usize = g
            .schema
            .doc_of(e)
            .map_or(0, |d| d.sections.iter().map(|s| s.text.len()).sum());
        let parts = match &e.kind {
            EntityKind::Enum { members, .. } => 150 * members.len(),
            EntityKind::Object {
                members, branches, ..
            } => 160 * members.len() + branches.as_ref().map_or(0, |b| 430 * b.variants.len()),
            EntityKind::Alternate { variants } => 430 * variants.len(),
            _ => 0,
        };
        470 + doc + doc / 5 + parts
    };
    let entities = &g.schema.entities;
    let sizes: Vec<usize> = (0..entities.len())
        .map(|id| {
            if g.names.contains_key(&id) {
                size(&entities[id])
            } else {
                0
            }
        })
        .collect();
    let total: usize = sizes.iter().sum();
    let mut out = Vec::with_capacity(n);
    let (mut start, mut sum, mut prev) = (0, 0, 0);
    for (id, c) in sizes.iter().enumerate() {
        sum += c;
        if out.len() + 1 < n && sum * n >= total * (out.len() + 1) {
            out.push((start..id + 1, super::room(sum - prev)));
            start = id + 1;
            prev = sum;
        }
    }
    out.push((start..entities.len(), super::room(sum - prev)));
    out
}

/// Module `types` for the entities in `ids` (one of the [`chunks`];
/// the first with the module's header), to be joined in order.
pub fn generate(g: &Gen, ids: std::ops::Range<EntityId>, room: usize, first: bool) -> String {
    let mut w = if first {
        W::new(room, g.rt())
    } else {
        W::bare(room)
    };
    for id in ids {
        let e = g.schema.entity(id);
        if !g.names.contains_key(&id) {
            continue;
        }
        let Some(gate) = g.entity_gate(id) else {
            continue;
        };
        // `cfg` goes on every item of the type (impls too); docs and
        // `#[deprecated]` on the type.
        let cfg = gate.cfg_only();
        w.blank();
        match &e.kind {
            EntityKind::Enum { members, .. } => {
                g.doc(&mut w, id);
                w.gate(&gate);
                enum_type(g, &mut w, id, members, &cfg)
            }
            EntityKind::Object {
                members,
                branches: None,
                ..
            } => {
                g.doc(&mut w, id);
                w.gate(&gate);
                let name = ident(&g.names[&id]);
                struct_type(g, &mut w, id, &name, members, &cfg);
            }
            EntityKind::Object {
                members,
                branches: Some(b),
                ..
            } => union_type(g, &mut w, id, members, &b.tag, &b.variants, &gate),
            EntityKind::Alternate { variants } => {
                g.doc(&mut w, id);
                w.gate(&gate);
                alternate_type(g, &mut w, id, variants, &cfg)
            }
            _ => continue,
        };
    }
    w.s
}

/// A struct's members, as generated.
pub struct Field<'m> {
    pub member: &'m Member,
    pub field: String,
    /// The field's Rust type (with `Option` and `Box`).
    pub ty: String,
    pub gate: Attrs,
}

/// Writes struct fields for members (`Option` for optional ones, `Box`
/// where the member's type leads back to `container`; docs from
/// `doc_owner`, the definition whose comment describes the members) and
/// returns them.
pub fn fields<'m>(
    g: &Gen,
    w: &mut W,
    container: EntityId,
    doc_owner: EntityId,
    members: &'m [Member],
    from_types: bool,
) -> Vec<Field<'m>> {
    let mut scope = Scope::default();
    let mut out = Vec::new();
    for m in members {
        let Some(gate) = g.gate(&m.ifcond, &m.features) else {
            continue;
        };
        let field = into_ident(scope.take(naming::snake(&m.name)));
        g.member_doc(w, doc_owner, &m.defined_in, &m.name);
        w.gate(&gate);
        w.indent();
        w.s.push_str("pub ");
        w.s.push_str(&field);
        w.s.push_str(": ");
        let ty_start = w.s.len();
        if m.optional {
            w.s.push_str("::std::option::Option<");
        }
        let boxed = g.recursive(container, m.ty);
        if boxed {
            w.s.push_str("::std::boxed::Box<");
        }
        g.write_type(&mut w.s, m.ty, from_types);
        if boxed {
            w.s.push('>');
        }
        if m.optional {
            w.s.push('>');
        }
        let ty = w.s[ty_start..].to_owned();
        w.s.push_str(",\n");
        out.push(Field {
            member: m,
            field,
            ty,
            gate: gate.cfg_only(),
        });
    }
    out
}

/// Writes the `codec::Members` impl of a struct: `extra` (when given)
/// takes the members beyond the schema's.
pub fn members_impl(g: &Gen, w: &mut W, name: &str, fields: &[Field], extra: bool, cfg: &Attrs) {
    w.cfg(cfg);
    wp!(w; "impl __rt::codec::Members for ", name, " {");
    w.ind_in();
    if fields.is_empty() && !extra {
        w.line("#[inline]");
        wp!(w; "fn decode_members(_: &mut __rt::codec::Obj<'_>) -> ", RESULT, " {");
        w.ind_in();
        w.line("Ok(Self {})");
        w.close("}");
        w.line("#[inline]");
        w.line("fn encode_members(&self, _: &mut __rt::codec::Out) {}");
        w.close("}");
        return;
    }
    // `o` is unused when every member is compiled out.
    let all_cfg = !extra && fields.iter().all(|f| f.gate.cfg.is_some());
    let allow = if all_cfg {
        "#[allow(unused_variables)] "
    } else {
        ""
    };
    wp!(w; allow, "#[inline]");
    wp!(w; "fn decode_members(o: &mut __rt::codec::Obj<'_>) -> ", RESULT, " {");
    w.ind_in();
    w.open("Ok(Self {");
    for f in fields {
        let m = f.member;
        let how = if !m.optional {
            "req"
        } else if g.accepts_null(m.ty) {
            "opt_null"
        } else {
            "opt"
        };
        w.cfg(&f.gate);
        w.indent();
        w.p(&f.field);
        w.p(": o.");
        w.p(how);
        w.p("(");
        w.q(&m.name);
        w.p(")?,\n");
    }
    if extra {
        w.line("extra: o.rest(),");
    }
    w.close("})");
    w.close("}");
    wp!(w; allow, "#[inline]");
    wp!(w; "fn encode_members(&self, o: &mut __rt::codec::Out) {");
    w.ind_in();
    for f in fields {
        let m = f.member;
        let how = if m.optional { "opt" } else { "req" };
        w.cfg(&f.gate);
        w.indent();
        w.p("o.");
        w.p(how);
        w.p("(");
        w.q(&m.name);
        w.p(", &self.");
        w.p(&f.field);
        w.p(");\n");
    }
    if extra {
        w.line("o.extend(&self.extra);");
    }
    w.close("}");
    w.close("}");
}

/// Whether a struct of these members derives `Default`: every member
/// is optional (members compiled out by `cfg` count too, so that the
/// derive does not depend on the build).
pub fn all_optional(g: &Gen, members: &[Member]) -> bool {
    members
        .iter()
        .all(|m| m.optional || g.gate(&m.ifcond, &m.features).is_none())
}

/// The derive line of a struct: with `Default` when [`all_optional`].
pub fn derive_line(w: &mut W, default: bool) {
    w.line(if default {
        "#[derive(Clone, Debug, Default, PartialEq)]"
    } else {
        "#[derive(Clone, Debug, PartialEq)]"
    });
}

/// `new(...)` for a struct that does not derive `Default`: the required
/// members as arguments in schema order (strings as `impl Into<String>`),
/// optional ones `None`, `extra` (when given) empty.
pub fn constructor(w: &mut W, name: &str, fields: &[Field], extra: bool, cfg: &Attrs) {
    const STRING: &str = "::std::string::String";
    w.cfg(cfg);
    wp!(w; "impl ", name, " {");
    w.ind_in();
    let required: Vec<&Field> = fields.iter().filter(|f| !f.member.optional).collect();
    let names: Vec<&str> = required.iter().map(|f| f.member.name.as_str()).collect();
    let listed = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if required.len() == fields.len() {
        w.doc(&format!("A value of its members {listed}."));
    } else {
        w.doc(&format!(
            "A value with the required members {listed}; the optional ones are `None`."
        ));
    }
    w.line("#[inline]");
    w.line("#[must_use]");
    w.open("pub fn new(");
    for f in &required {
        w.cfg(&f.gate);
        if f.ty == STRING {
            wp!(w; f.field, ": impl ::std::convert::Into<", STRING, ">,");
        } else {
            wp!(w; f.field, ": ", f.ty, ",");
        }
    }
    w.close(") -> Self {");
    w.ind_in();
    w.open("Self {");
    for f in fields {
        w.cfg(&f.gate);
        if f.member.optional {
            wp!(w; f.field, ": None,");
        } else if f.ty == STRING {
            wp!(w; f.field, ": ", f.field, ".into(),");
        } else {
            wp!(w; f.field, ",");
        }
    }
    if extra {
        w.line("extra: __rt::codec::Map::new(),");
    }
    w.close("}");
    w.close("}");
    w.close("}");
}

/// A struct with its `Members`, `Wire` and serde impls (docs and gate
/// written by the caller).
pub fn struct_type(g: &Gen, w: &mut W, id: EntityId, name: &str, members: &[Member], cfg: &Attrs) {
    let default = all_optional(g, members);
    derive_line(w, default);
    wp!(w; "pub struct ", name, " {");
    w.ind_in();
    let fields = fields(g, w, id, id, members, true);
    w.close("}");
    if !default {
        constructor(w, name, &fields, false, cfg);
    }
    members_impl(g, w, name, &fields, false, cfg);
    w.cfg(cfg);
    wp!(w; "__rt::wire_members!(", name, ");");
    serde(g, w, id, name, cfg);
}

/// `serde` impls, for the types the runtime's traits need them on
/// (those of return values; commands and events have theirs).
fn serde(g: &Gen, w: &mut W, id: EntityId, name: &str, cfg: &Attrs) {
    if g.serde.contains(&id) && g.union_bases.get(&id).map(|b| ident(b)).as_deref() != Some(name) {
        w.cfg(cfg);
        wp!(w; "__rt::wire_serde!(", name, ");");
    }
}

fn enum_type(
    g: &Gen,
    w: &mut W,
    id: EntityId,
    members: &[qapi_schema::model::EnumMember],
    tcfg: &Attrs,
) {
    let name = ident(&g.names[&id]);
    let mut scope = Scope::default();
    let cname = &g.schema.entity(id).name;
    let mut vals = Vec::new();
    w.line("#[derive(Clone, Debug, PartialEq, Eq, Hash)]");
    wp!(w; "pub enum ", name, " {");
    w.ind_in();
    for m in members {
        let Some(gate) = g.gate(&m.ifcond, &m.features) else {
            continue;
        };
        let v = into_ident(scope.take(naming::camel(&m.name)));
        g.member_doc(w, id, cname, &m.name);
        w.gate(&gate);
        w.indent();
        w.p(&v);
        w.p(",\n");
        vals.push((v, &m.name, gate.cfg_only()));
    }
    let unknown = into_ident(scope.take("Unknown".into()));
    w.line("/// A value these bindings do not know (kept as sent).");
    wp!(w; unknown, "(::std::string::String),");
    w.close("}");
    w.cfg(tcfg);
    wp!(w; "impl ", name, " {");
    w.ind_in();
    w.line("/// Every value these bindings know, in schema order.");
    wp!(w; "pub const ALL: &'static [", name, "] = &[");
    w.ind_in();
    for (v, _, cfg) in &vals {
        w.cfg(cfg);
        w.indent();
        w.p("Self::");
        w.p(v);
        w.p(",\n");
    }
    w.close("];");
    w.line("/// The value as on the wire.");
    w.line("#[inline]");
    w.open("pub fn as_str(&self) -> &str {");
    w.open("match self {");
    for (v, wire, cfg) in &vals {
        w.cfg(cfg);
        w.indent();
        w.p("Self::");
        w.p(v);
        w.p(" => ");
        w.q(wire);
        w.p(",\n");
    }
    wp!(w; "Self::", unknown, "(s) => s,");
    w.close("}");
    w.close("}");
    w.close("}");
    w.cfg(tcfg);
    wp!(w; "impl ::std::convert::From<&str> for ", name, " {");
    w.ind_in();
    w.line("#[inline]");
    w.open("fn from(s: &str) -> Self {");
    w.open("match s {");
    for (v, wire, cfg) in &vals {
        w.cfg(cfg);
        w.indent();
        w.q(wire);
        w.p(" => Self::");
        w.p(v);
        w.p(",\n");
    }
    wp!(w; "_ => Self::", unknown, "(s.to_string()),");
    w.close("}");
    w.close("}");
    w.close("}");
    w.cfg(tcfg);
    wp!(w; "__rt::wire_enum!(", name, ");");
    serde(g, w, id, &name, tcfg);
}

fn union_type(
    g: &Gen,
    w: &mut W,
    id: EntityId,
    members: &[Member],
    tag: &str,
    variants: &[Variant],
    gate: &Attrs,
) {
    let tcfg = &gate.cfg_only();
    let name = ident(&g.names[&id]);
    let base_members: Vec<Member> = members.iter().filter(|m| m.name != tag).cloned().collect();
    let base = g.union_bases.get(&id).map(|b| ident(b));
    if let Some(b) = &base {
        w.doc(&format!(
            "The members of [`{}`] common to every branch (its base, less the discriminator `{tag}`).",
            g.names[&id]
        ));
        w.cfg(tcfg);
        struct_type(g, w, id, b, &base_members, tcfg);
    }
    g.doc(w, id);
    w.gate(gate);
    // The discriminator's values, in enum order, with their branches.
    let tag_member = members.iter().find(|m| m.name == tag).expect("tag member");
    let EntityKind::Enum {
        members: values, ..
    } = &g.schema.entity(tag_member.ty).kind
    else {
        panic!("union tag is not an enum");
    };
    let mut scope = Scope::default();
    // (variant, wire name, has a branch type, cfg)
    let mut arms = Vec::new();
    w.line("#[derive(Clone, Debug, PartialEq)]");
    wp!(w; "pub enum ", name, " {");
    w.ind_in();
    for val in values {
        // A branch of type `q_empty` carries no members.
        let branch = variants
            .iter()
            .find(|v| v.name == val.name && g.names.contains_key(&v.ty));
        let ifcond = branch.and_then(|b| b.ifcond.clone()).or(val.ifcond.clone());
        let Some(vgate) = g.gate(&ifcond, &val.features) else {
            continue;
        };
        let v = into_ident(scope.take(naming::camel(&val.name)));
        branch_doc(g, w, tag_member.ty, tag, &val.name, branch.map(|b| b.ty));
        w.gate(&vgate);
        wp!(w; v, " {");
        w.ind_in();
        if let Some(b) = &base {
            w.line("/// The members common to every branch.");
            wp!(w; "base: ", b, ",");
        }
        if let Some(br) = branch {
            w.line("/// The branch's members.");
            w.indent();
            w.s.push_str("data: ");
            let boxed = g.recursive(id, br.ty);
            if boxed {
                w.s.push_str("::std::boxed::Box<");
            }
            g.write_type(&mut w.s, br.ty, true);
            w.s.push_str(if boxed { ">,\n" } else { ",\n" });
        }
        w.close("},");
        arms.push((v, &val.name, branch.is_some(), vgate.cfg_only()));
    }
    let unknown = into_ident(scope.take("Unknown".into()));
    w.line("/// A discriminator value these bindings do not know, with the");
    w.line("/// other members as sent.");
    wp!(w; unknown, " {");
    w.ind_in();
    w.line("/// The discriminator's value.");
    w.line("tag: ::std::string::String,");
    w.line("/// The other members.");
    w.line("data: __rt::codec::Map<::std::string::String, __rt::codec::Value>,");
    w.close("},");
    w.close("}");

    union_impl(g, w, id, tag, &arms, &unknown, tcfg);
    w.cfg(tcfg);
    wp!(w; "__rt::wire_members!(", name, ");");
    serde(g, w, id, &name, tcfg);
}

/// A union's `codec::Members` impl: the discriminator picks the branch;
/// base and branch members come from the same object. `arms`: (variant,
/// wire name, has a branch type, cfg).
fn union_impl(
    g: &Gen,
    w: &mut W,
    id: EntityId,
    tag: &str,
    arms: &[(String, &String, bool, Attrs)],
    unknown: &str,
    cfg: &Attrs,
) {
    let name = ident(&g.names[&id]);
    let cname = &g.schema.entity(id).name;
    let base = g.union_bases.contains_key(&id);
    w.cfg(cfg);
    wp!(w; "impl __rt::codec::Members for ", &name, " {");
    w.ind_in();
    w.line("#[inline]");
    wp!(w; "fn decode_members(o: &mut __rt::codec::Obj<'_>) -> ", RESULT, " {");
    w.ind_in();
    wp!(w; "let tag = o.tag(", Q(cname), ", ", Q(tag), ")?;");
    w.open("Ok(match tag {");
    let de = "__rt::codec::Members::decode_members(o)?";
    for (v, wire, has_data, cfg) in arms {
        w.cfg(cfg);
        match (base, *has_data) {
            (false, false) => wp!(w; Q(wire), " => Self::", v, " {},"),
            (true, true) => {
                wp!(w; Q(wire), " => Self::", v, " { base: ", de, ", data: ", de, " },")
            }
            (true, false) => wp!(w; Q(wire), " => Self::", v, " { base: ", de, " },"),
            (false, true) => wp!(w; Q(wire), " => Self::", v, " { data: ", de, " },"),
        }
    }
    wp!(w; "_ => Self::", unknown, " { tag: tag.to_string(), data: o.rest() },");
    w.close("})");
    w.close("}");
    w.line("#[inline]");
    w.open("fn encode_members(&self, o: &mut __rt::codec::Out) {");
    w.open("match self {");
    let en = "__rt::codec::Members::encode_members";
    for (v, wire, has_data, cfg) in arms {
        w.cfg(cfg);
        let mut pat = Vec::new();
        if base {
            pat.push("base");
        }
        if *has_data {
            pat.push("data");
        }
        let pats = match pat.len() {
            0 => "",
            1 => pat[0],
            _ => "base, data",
        };
        wp!(w; "Self::", v, " { ", pats, " } => {");
        w.ind_in();
        wp!(w; "o.tag(", Q(tag), ", ", Q(wire), ");");
        for p in pat {
            wp!(w; en, "(", p, ", o);");
        }
        w.close("}");
    }
    wp!(w; "Self::", unknown, " { tag, data } => {");
    w.ind_in();
    wp!(w; "o.tag(", Q(tag), ", tag);");
    w.line("o.extend(data);");
    w.close("}");
    w.close("}");
    w.close("}");
    w.close("}");
}

/// The rustdoc of a union branch: the discriminator value's description,
/// if the enum has one, and which value selects the branch.
fn branch_doc(
    g: &Gen,
    w: &mut W,
    tag_enum: EntityId,
    tag: &str,
    value: &str,
    data: Option<EntityId>,
) {
    let described = g
        .schema
        .doc_of(g.schema.entity(tag_enum))
        .and_then(|d| d.arg(value))
        .map(|s| s.text.trim())
        .filter(|t| !t.is_empty());
    if let Some(text) = described {
        w.doc_qapi(text);
        w.doc("\n");
    }
    w.doc(&match data.and_then(|t| g.names.get(&t)) {
        Some(t) => format!("Selected by `{tag}` = `\"{value}\"`, with the members of [`{t}`]."),
        None => format!("Selected by `{tag}` = `\"{value}\"` (no members of its own)."),
    });
}

fn alternate_type(g: &Gen, w: &mut W, id: EntityId, variants: &[Variant], tcfg: &Attrs) {
    let name = ident(&g.names[&id]);
    let cname = &g.schema.entity(id).name;
    let mut scope = Scope::default();
    // (variant, wire name, JSON type, cfg)
    let mut arms = Vec::new();
    let mut expected = Vec::new();
    w.line("#[derive(Clone, Debug, PartialEq)]");
    wp!(w; "pub enum ", name, " {");
    w.ind_in();
    for b in variants {
        let Some(gate) = g.gate(&b.ifcond, &[]) else {
            continue;
        };
        let v = into_ident(scope.take(naming::camel(&b.name)));
        g.member_doc(w, id, cname, &b.name);
        w.gate(&gate);
        let json = g.schema.entity(b.ty).json_type();
        expected.push(json);
        if json == "null" {
            wp!(w; v, ",");
        } else {
            w.indent();
            w.s.push_str(&v);
            w.s.push('(');
            let boxed = g.recursive(id, b.ty);
            if boxed {
                w.s.push_str("::std::boxed::Box<");
            }
            g.write_type(&mut w.s, b.ty, true);
            w.s.push_str(if boxed { ">),\n" } else { "),\n" });
        }
        arms.push((v, &b.name, json, gate.cfg_only()));
    }
    w.close("}");
    alternate_impl(w, &name, cname, &arms, &expected.join(" or "), tcfg);
    serde(g, w, id, &name, tcfg);
}

/// An alternate's `codec::Wire` impl: the branch by JSON type.
/// `arms`: (variant, wire name, JSON type, cfg); `expected`: the JSON
/// types, for errors.
fn alternate_impl(
    w: &mut W,
    name: &str,
    cname: &str,
    arms: &[(String, &String, &str, Attrs)],
    expected: &str,
    cfg: &Attrs,
) {
    w.cfg(cfg);
    wp!(w; "impl __rt::codec::Wire for ", name, " {");
    w.ind_in();
    w.line("#[inline]");
    wp!(w; "fn read(v: __rt::codec::Val<'_>) -> ", RESULT, " {");
    w.ind_in();
    w.open("Ok(match v.json_type() {");
    for (v, wire, json, cfg) in arms {
        w.cfg(cfg);
        let pat: &dyn Piece = match *json {
            "number" => &"\"int\" | \"number\"",
            j => &Q(j),
        };
        if *json == "null" {
            wp!(w; pat, " => Self::", v, ",");
        } else {
            wp!(w; pat, " => Self::", v, "(__rt::codec::branch(v, ", Q(cname), ", ", Q(wire), ")?),");
        }
    }
    wp!(w; "_ => return Err(__rt::codec::alt_error(", Q(cname), ", ", Q(expected), ", v)),");
    w.close("})");
    w.close("}");
    w.line("#[inline]");
    w.open("fn encode(&self) -> __rt::codec::Value {");
    w.open("match self {");
    for (v, _, json, cfg) in arms {
        w.cfg(cfg);
        if *json == "null" {
            wp!(w; "Self::", v, " => __rt::codec::Value::Null,");
        } else {
            wp!(w; "Self::", v, "(x) => __rt::codec::Wire::encode(x),");
        }
    }
    w.close("}");
    w.close("}");
    w.close("}");
}

/// Strongly connected components of the "contains by value" graph
/// (members, base, branches; not through arrays, which allocate).
pub fn components(schema: &Schema) -> FxMap<EntityId, usize> {
    let n = schema.entities.len();
    let mut edges: Vec<Vec<EntityId>> = vec![Vec::new(); n];
    for (id, e) in schema.entities.iter().enumerate() {
        match &e.kind {
            EntityKind::Object {
                members, branches, ..
            } => {
                edges[id].extend(members.iter().map(|m| m.ty));
                if let Some(b) = branches {
                    edges[id].extend(b.variants.iter().map(|v| v.ty));
                }
            }
            EntityKind::Alternate { variants } => edges[id].extend(variants.iter().map(|v| v.ty)),
            _ => {}
        }
    }
    // Tarjan's algorithm, iteratively.
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comp = FxMap::default();
    let mut next = 0;
    let mut ncomp = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut ei)) = work.last_mut() {
            if *ei == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*ei) {
                *ei += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(p, _)) = work.last() {
                low[p] = low[p].min(low[v]);
            }
            if low[v] == index[v] {
                let mut group = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    group.push(w);
                    if w == v {
                        break;
                    }
                }
                // Only components with a cycle need boxes.
                if group.len() > 1 || edges[v].contains(&v) {
                    for w in group {
                        comp.insert(w, ncomp);
                    }
                    ncomp += 1;
                }
            }
        }
    }
    comp
}
