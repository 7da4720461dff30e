//! Module `support`: the fixed decoding support (`support_template.rs`)
//! and a descriptor static per object, enum and alternate type of the
//! schema (`T_<name>`), which the server's argument checks and the
//! client's error messages walk.

use proc_macro2::TokenStream;
use qapi_schema::model::EntityKind;
use qapi_schema::EntityId;
use quote::quote;

use super::naming::desc_ident;
use super::Gen;

const TEMPLATE: &str = include_str!("support_template.rs");

pub fn generate(g: &Gen) -> TokenStream {
    let rt = &g.rt;
    let template: TokenStream = TEMPLATE.parse().expect("support template parses");
    let mut out = quote! {
        use #rt as __rt;
        #template
    };
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
        let name = desc_ident(&e.name);
        let cname = &e.name;
        let item = match &e.kind {
            EntityKind::Enum { members, .. } => {
                let values = members.iter().filter_map(|m| {
                    let cfg = g.cfg_only(&m.ifcond, &m.features)?;
                    let n = &m.name;
                    Some(quote!(#cfg #n,))
                });
                quote!(pub static #name: EnumDesc = EnumDesc { name: #cname, values: &[#(#values)*] };)
            }
            EntityKind::Object {
                members, branches, ..
            } => {
                let ms = members.iter().filter_map(|m| {
                    let cfg = g.cfg_only(&m.ifcond, &m.features)?;
                    let n = &m.name;
                    let ty = ty_expr(g, m.ty);
                    let opt = m.optional;
                    Some(quote!(#cfg MemberDesc { name: #n, ty: #ty, optional: #opt },))
                });
                let (tag, bs) = match branches {
                    Some(b) => {
                        let tag = &b.tag;
                        let bs = b.variants.iter().filter_map(|v| {
                            let cfg = g.cfg_only(&v.ifcond, &[])?;
                            let n = &v.name;
                            let d = desc_ident(&g.schema.entity(v.ty).name);
                            Some(quote!(#cfg (#n, &#d),))
                        });
                        (quote!(Some(#tag)), quote!(#(#bs)*))
                    }
                    None => (quote!(None), quote!()),
                };
                let open = open.contains(cname.as_str());
                quote!(pub static #name: ObjDesc = ObjDesc { name: #cname, members: &[#(#ms)*], tag: #tag, branches: &[#bs], open: #open };)
            }
            EntityKind::Alternate { variants } => {
                let bs = variants.iter().filter_map(|v| {
                    let cfg = g.cfg_only(&v.ifcond, &[])?;
                    let ty = ty_expr(g, v.ty);
                    Some(quote!(#cfg #ty,))
                });
                quote!(pub static #name: AltDesc = AltDesc { name: #cname, branches: &[#(#bs)*] };)
            }
            _ => unreachable!(),
        };
        out.extend(quote!(#[allow(non_upper_case_globals)] #gate #item));
    }
    let mut cmd_arms = Vec::new();
    for (e, c) in g.schema.commands() {
        let Some(gate) = g.gate(&e.ifcond, &e.features) else {
            continue;
        };
        let name = ret_ident(&e.name);
        let ty = match c.ret_type {
            Some(t) => ty_expr(g, t),
            None => quote!(Ty::Object(&EMPTY)),
        };
        let gate = g.cfg_only(&e.ifcond, &e.features).unwrap_or(gate);
        out.extend(quote!(#[allow(non_upper_case_globals)] #gate pub static #name: Ty = #ty;));
        let wire = &e.name;
        let args = local_args(g, c.arg_type);
        cmd_arms.push(quote!(#gate #wire => (Ty::Object(#args), #name),));
    }
    let mut event_arms = Vec::new();
    for e in g.schema.events() {
        let EntityKind::Event { arg_type, .. } = &e.kind else {
            continue;
        };
        let Some(gate) = g.cfg_only(&e.ifcond, &e.features) else {
            continue;
        };
        let wire = &e.name;
        let args = local_args(g, *arg_type);
        event_arms.push(quote!(#gate #wire => Ty::Object(#args),));
    }
    out.extend(quote! {
        /// The descriptors of command `name`'s arguments and return value.
        pub fn command_desc(name: &str) -> ::std::option::Option<(Ty, Ty)> {
            Some(match name {
                #(#cmd_arms)*
                _ => return None,
            })
        }
        /// The descriptor of event `name`'s data.
        pub fn event_desc(name: &str) -> ::std::option::Option<Ty> {
            Some(match name {
                #(#event_arms)*
                _ => return None,
            })
        }
    });
    out
}

/// The descriptor of arguments or event data, within module `support`.
fn local_args(g: &Gen, arg: Option<EntityId>) -> TokenStream {
    match arg {
        Some(id) => {
            let d = desc_ident(&g.schema.entity(id).name);
            quote!(&#d)
        }
        None => quote!(&EMPTY),
    }
}

/// The `Ty` expression for a type, within module `support`.
pub fn ty_expr(g: &Gen, id: EntityId) -> TokenStream {
    let e = g.schema.entity(id);
    match &e.kind {
        EntityKind::Builtin { .. } => {
            let (min, max): (i128, i128) = match e.name.as_str() {
                "str" => return quote!(Ty::Str),
                "bool" => return quote!(Ty::Bool),
                "number" => return quote!(Ty::Number),
                "null" => return quote!(Ty::Null),
                "any" => return quote!(Ty::Any),
                "int" | "int64" => (i64::MIN.into(), i64::MAX.into()),
                "int8" => (i8::MIN.into(), i8::MAX.into()),
                "int16" => (i16::MIN.into(), i16::MAX.into()),
                "int32" => (i32::MIN.into(), i32::MAX.into()),
                "uint8" => (0, u8::MAX.into()),
                "uint16" => (0, u16::MAX.into()),
                "uint32" => (0, u32::MAX.into()),
                _ => (0, u64::MAX.into()),
            };
            let name = &e.name;
            let (min, max) = (int_lit(min), int_lit(max));
            quote!(Ty::Int { name: #name, min: #min, max: #max })
        }
        EntityKind::Array { element, .. } => {
            let t = ty_expr(g, *element);
            quote!(Ty::Array(&#t))
        }
        EntityKind::Enum { .. } => {
            let d = desc_ident(&e.name);
            quote!(Ty::Enum(&#d))
        }
        EntityKind::Alternate { .. } => {
            let d = desc_ident(&e.name);
            quote!(Ty::Alternate(&#d))
        }
        _ => {
            let d = desc_ident(&e.name);
            quote!(Ty::Object(&#d))
        }
    }
}

fn int_lit(n: i128) -> TokenStream {
    let abs = proc_macro2::Literal::u128_unsuffixed(n.unsigned_abs());
    if n < 0 {
        quote!(-#abs)
    } else {
        quote!(#abs)
    }
}

/// Name of the static holding a command's return type (`R_<command>`).
pub fn ret_ident(command: &str) -> proc_macro2::Ident {
    let d = desc_ident(command).to_string();
    quote::format_ident!("R{}", &d[1..])
}

/// The descriptor of a command's or event's arguments, from a sibling
/// module: `&super::support::T_x`, or the empty object.
pub fn args_ref(g: &Gen, arg: Option<EntityId>) -> TokenStream {
    match arg {
        Some(id) => {
            let d = desc_ident(&g.schema.entity(id).name);
            quote!(&super::support::#d)
        }
        None => quote!(&super::support::EMPTY),
    }
}
