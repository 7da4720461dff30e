//! Module `types`: structs, enums with a catch-all value, unions as enums
//! by discriminator, alternates by JSON type.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use qapi_schema::model::{EntityKind, Member, Variant};
use qapi_schema::{EntityId, Schema};
use quote::quote;

use super::naming::{self, ident, Scope};
use super::Gen;

pub fn generate(g: &Gen) -> TokenStream {
    let mut out = TokenStream::new();
    for (id, e) in g.schema.entities.iter().enumerate() {
        if !g.names.contains_key(&id) {
            continue;
        }
        let Some(gate) = g.entity_gate(id) else {
            continue;
        };
        // `cfg` goes on every item of the type (impls too); docs and
        // `#[deprecated]` on the type.
        let cfg = g.cfg_only(&e.ifcond, &e.features).unwrap_or_default();
        let item = match &e.kind {
            EntityKind::Enum { members, .. } => enum_type(g, id, members, &cfg),
            EntityKind::Object {
                members,
                branches: None,
                ..
            } => {
                let name = ident(&g.names[&id]);
                struct_type(g, id, &name, members, None)
            }
            EntityKind::Object {
                members,
                branches: Some(b),
                ..
            } => {
                let (base, item) = union_type(g, id, members, &b.tag, &b.variants, &cfg);
                out.extend(base);
                item
            }
            EntityKind::Alternate { variants } => alternate_type(g, id, variants, &cfg),
            _ => continue,
        };
        let docs = g.doc_attrs(id);
        out.extend(quote!(#docs #gate #item));
    }
    out
}

/// Struct fields for members: serde renames, `Option` for optional ones,
/// `Box` where the member's type leads back to `container`; docs from
/// `doc_owner` (the definition whose comment describes the members).
pub fn fields(
    g: &Gen,
    container: EntityId,
    doc_owner: EntityId,
    members: &[Member],
    from_types: bool,
) -> Vec<TokenStream> {
    let mut scope = Scope::default();
    let mut out = Vec::new();
    for m in members {
        let Some(gate) = g.gate(&m.ifcond, &m.features) else {
            continue;
        };
        let field = ident(&scope.take(naming::snake(&m.name)));
        let mut ty = g.rust_type(m.ty, from_types);
        if g.recursive(container, m.ty) {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        let wire = &m.name;
        let docs = g.member_doc(doc_owner, &m.defined_in, &m.name);
        let serde = if m.optional && g.accepts_null(m.ty) {
            quote!(#[serde(rename = #wire, default, skip_serializing_if = "Option::is_none", deserialize_with = "super::support::present")])
        } else if m.optional {
            quote!(#[serde(rename = #wire, default, skip_serializing_if = "Option::is_none")])
        } else {
            quote!(#[serde(rename = #wire)])
        };
        let ty = if m.optional {
            quote!(::std::option::Option<#ty>)
        } else {
            ty
        };
        out.push(quote!(#docs #gate #serde pub #field: #ty,));
    }
    out
}

/// A struct with serde derives; `doc` is added when given.
pub fn struct_type(
    g: &Gen,
    id: EntityId,
    name: &proc_macro2::Ident,
    members: &[Member],
    doc: Option<TokenStream>,
) -> TokenStream {
    let fields = fields(g, id, id, members, true);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name { #(#fields)* }
    }
}

fn enum_type(
    g: &Gen,
    id: EntityId,
    members: &[qapi_schema::model::EnumMember],
    tcfg: &TokenStream,
) -> TokenStream {
    let name = ident(&g.names[&id]);
    let mut scope = Scope::default();
    let mut variants = Vec::new();
    let mut to_str = Vec::new();
    let mut from_str = Vec::new();
    let mut all = Vec::new();
    let cname = g.schema.entity(id).name.clone();
    for m in members {
        let Some(gate) = g.gate(&m.ifcond, &m.features) else {
            continue;
        };
        let cfg = g.cfg_only(&m.ifcond, &m.features).unwrap_or_default();
        let v = ident(&scope.take(naming::camel(&m.name)));
        let wire = &m.name;
        let docs = g.member_doc(id, &cname, &m.name);
        variants.push(quote!(#docs #gate #v,));
        to_str.push(quote!(#cfg #name::#v => #wire,));
        from_str.push(quote!(#cfg #wire => #name::#v,));
        all.push(quote!(#cfg #name::#v,));
    }
    let unknown = ident(&scope.take("Unknown".into()));
    quote! {
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value these bindings do not know (kept as sent).
            #unknown(::std::string::String),
        }
        #tcfg impl #name {
            /// Every value these bindings know, in schema order.
            pub const ALL: &'static [#name] = &[#(#all)*];
            /// The value as on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    #name::#unknown(s) => s,
                }
            }
        }
        #tcfg impl ::std::convert::From<&str> for #name {
            fn from(s: &str) -> Self {
                match s {
                    #(#from_str)*
                    _ => #name::#unknown(s.to_string()),
                }
            }
        }
        #tcfg impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        #tcfg impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        #tcfg impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                Ok(#name::from(&*s))
            }
        }
    }
}

fn union_type(
    g: &Gen,
    id: EntityId,
    members: &[Member],
    tag: &str,
    variants: &[Variant],
    tcfg: &TokenStream,
) -> (TokenStream, TokenStream) {
    let name = ident(&g.names[&id]);
    let cname = &g.schema.entity(id).name;
    let base_members: Vec<Member> = members.iter().filter(|m| m.name != tag).cloned().collect();
    let mut out = TokenStream::new();
    let base = g.union_bases.get(&id).map(|b| ident(b));
    if let Some(b) = &base {
        let doc = super::docs::attrs(&format!(
            "The members of [`{}`] common to every branch (its base, less the discriminator `{tag}`).",
            g.names[&id]
        ));
        out.extend(quote!(#tcfg));
        out.extend(struct_type(g, id, b, &base_members, Some(doc)));
    }
    // The discriminator's values, in enum order, with their branches.
    let tag_member = members.iter().find(|m| m.name == tag).expect("tag member");
    let EntityKind::Enum {
        members: values, ..
    } = &g.schema.entity(tag_member.ty).kind
    else {
        panic!("union tag is not an enum");
    };
    let mut scope = Scope::default();
    let (mut vdefs, mut ser, mut de) = (Vec::new(), Vec::new(), Vec::new());
    let base_field = base
        .as_ref()
        .map(|b| quote!(#[doc = " The members common to every branch."] base: #b,));
    let base_de = base
        .as_ref()
        .map(|_| quote!(base: super::support::part(&v, #cname, "base")?,));
    let base_pat = base.as_ref().map(|_| quote!(base,));
    let base_ser = base.as_ref().map(|_| quote!(::serde_json::to_value(base),));
    for val in values {
        // A branch of type `q_empty` carries no members.
        let branch = variants
            .iter()
            .find(|v| v.name == val.name && g.names.contains_key(&v.ty));
        let ifcond = branch.and_then(|b| b.ifcond.clone()).or(val.ifcond.clone());
        let Some(gate) = g.gate(&ifcond, &val.features) else {
            continue;
        };
        let cfg = g.cfg_only(&ifcond, &val.features).unwrap_or_default();
        let v = ident(&scope.take(naming::camel(&val.name)));
        let wire = &val.name;
        let docs = g.member_doc(id, cname, &val.name);
        match branch {
            Some(b) => {
                let mut ty = g.rust_type(b.ty, true);
                if g.recursive(id, b.ty) {
                    ty = quote!(::std::boxed::Box<#ty>);
                }
                vdefs.push(quote!(#docs #gate #v { #base_field #[doc = " The branch's members."] data: #ty },));
                ser.push(quote!(#cfg #name::#v { #base_pat data } => super::support::ser_union(s, #tag, #wire, &[#base_ser ::serde_json::to_value(data)]),));
                de.push(quote!(#cfg #wire => #name::#v { #base_de data: super::support::part(&v, #cname, #wire)? },));
            }
            None => {
                vdefs.push(quote!(#docs #gate #v { #base_field },));
                ser.push(quote!(#cfg #name::#v { #base_pat } => super::support::ser_union(s, #tag, #wire, &[#base_ser]),));
                de.push(quote!(#cfg #wire => #name::#v { #base_de },));
            }
        }
    }
    let unknown = ident(&scope.take("Unknown".into()));
    let item = quote! {
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#vdefs)*
            /// A discriminator value these bindings do not know, with the
            /// other members as sent.
            #unknown {
                /// The discriminator's value.
                tag: ::std::string::String,
                /// The other members.
                data: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
            },
        }
        #tcfg impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#ser)*
                    #name::#unknown { tag, data } => super::support::ser_union(s, #tag, tag, &[Ok(::serde_json::Value::Object(data.clone()))]),
                }
            }
        }
        #tcfg impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let mut m = <::serde_json::Map<::std::string::String, ::serde_json::Value> as ::serde::Deserialize>::deserialize(d)?;
                let tag = super::support::take_tag(&mut m, #cname, #tag)?;
                let v = ::serde_json::Value::Object(m);
                Ok(match tag.as_str() {
                    #(#de)*
                    _ => {
                        let ::serde_json::Value::Object(data) = v else { unreachable!() };
                        #name::#unknown { tag, data }
                    }
                })
            }
        }
    };
    (out, item)
}

fn alternate_type(g: &Gen, id: EntityId, variants: &[Variant], tcfg: &TokenStream) -> TokenStream {
    let name = ident(&g.names[&id]);
    let cname = &g.schema.entity(id).name;
    let mut scope = Scope::default();
    let (mut vdefs, mut ser, mut de, mut expected) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for b in variants {
        let Some(gate) = g.gate(&b.ifcond, &[]) else {
            continue;
        };
        let v = ident(&scope.take(naming::camel(&b.name)));
        let docs = g.member_doc(id, cname, &b.name);
        let te = g.schema.entity(b.ty);
        let json = te.json_type();
        expected.push(json);
        let pat = match json {
            "null" => quote!(::serde_json::Value::Null),
            "string" => quote!(::serde_json::Value::String(_)),
            "boolean" => quote!(::serde_json::Value::Bool(_)),
            "int" => quote!(::serde_json::Value::Number(n) if n.is_i64() || n.is_u64()),
            "number" => quote!(::serde_json::Value::Number(_)),
            "array" => quote!(::serde_json::Value::Array(_)),
            _ => quote!(::serde_json::Value::Object(_)),
        };
        let wire = &b.name;
        if json == "null" {
            vdefs.push(quote!(#docs #gate #v,));
            ser.push(quote!(#gate #name::#v => s.serialize_unit(),));
            de.push(quote!(#gate #pat => #name::#v,));
        } else {
            let mut ty = g.rust_type(b.ty, true);
            if g.recursive(id, b.ty) {
                ty = quote!(::std::boxed::Box<#ty>);
            }
            vdefs.push(quote!(#docs #gate #v(#ty),));
            ser.push(quote!(#gate #name::#v(x) => ::serde::Serialize::serialize(x, s),));
            de.push(quote!(#gate #pat => #name::#v(super::support::part(&v, #cname, #wire)?),));
        }
    }
    let expected = expected.join(" or ");
    quote! {
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name { #(#vdefs)* }
        #tcfg impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self { #(#ser)* }
            }
        }
        #tcfg impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let v = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                Ok(match &v {
                    #(#de)*
                    _ => return Err(super::support::alt_error(#cname, #expected, &v)),
                })
            }
        }
    }
}

/// Strongly connected components of the "contains by value" graph
/// (members, base, branches; not through arrays, which allocate).
pub fn components(schema: &Schema) -> HashMap<EntityId, usize> {
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
    let mut comp = HashMap::new();
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
