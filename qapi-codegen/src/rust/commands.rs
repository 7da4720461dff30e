//! Module `commands`: a type per command, implementing the runtime's
//! `Command` trait (name, arguments, return type, allow-oob).
//!
//! A command's arguments are the fields of its type; a command whose
//! `data` names a type (and every `boxed` command) wraps that type.

use proc_macro2::{Ident, TokenStream};
use qapi_schema::model::{Command, EntityKind};
use qapi_schema::{Entity, EntityId};
use quote::quote;

use super::naming::{self, ident, Scope};
use super::{types, Gen};

/// A command that is generated, with its Rust names.
pub struct Cmd<'a> {
    pub entity: &'a Entity,
    pub id: EntityId,
    pub cmd: &'a Command,
    /// The type in module `commands`.
    pub ty: Ident,
    /// The client and server method.
    pub method: Ident,
    pub gate: TokenStream,
    /// The `cfg` alone.
    pub cfg: TokenStream,
}

/// The commands to generate, in schema order.
pub fn list<'a>(g: &Gen<'a>) -> Vec<Cmd<'a>> {
    let mut types = Scope::new(&["Empty"]);
    let mut methods = Scope::default();
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
            ty: ident(&types.take(naming::camel(&e.name))),
            method: ident(&methods.take(naming::snake(&e.name))),
            gate,
            cfg: g.cfg_only(&e.ifcond, &e.features).unwrap_or_default(),
        });
    }
    out
}

/// A one-line doc pointing at the command's type (which has the
/// schema's documentation).
pub fn link_doc(c: &Cmd) -> TokenStream {
    let text = format!(
        " `{}`: see [`{}`](super::commands::{}).",
        c.entity.name, c.ty, c.ty
    );
    quote!(#[doc = #text])
}

/// The type of a command's return value, from a sibling module.
pub fn returns(g: &Gen, c: &Command) -> TokenStream {
    match c.ret_type {
        Some(t) => g.rust_type(t, false),
        None => quote!(super::support::Empty),
    }
}

/// Struct body for a command's or event's arguments: fields, or a
/// transparent wrapper of a named type.  Returns (attributes, body).
/// `open`: the command takes arguments beyond its schema (`'gen':
/// false`); they are kept in a field `extra`.
pub fn args_struct(
    g: &Gen,
    owner: EntityId,
    arg: Option<EntityId>,
    open: bool,
) -> (TokenStream, TokenStream) {
    let derive =
        quote!(#[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]);
    match arg {
        None => (
            quote!(#[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]),
            quote!({}),
        ),
        Some(a) if g.schema.entity(a).is_implicit() => {
            let EntityKind::Object { members, .. } = &g.schema.entity(a).kind else {
                unreachable!("implicit argument types are objects")
            };
            let mut fields = types::fields(g, a, owner, members, false);
            if open {
                fields.push(quote! {
                    /// Arguments beyond the schema's: QEMU does not check this
                    /// command's arguments against the schema (`'gen': false`)
                    /// and passes the others on.
                    #[serde(flatten)]
                    pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
                });
            }
            (derive, quote!({ #(#fields)* }))
        }
        Some(a) => {
            let t = g.rust_type(a, false);
            (quote!(#derive #[serde(transparent)]), quote!((pub #t);))
        }
    }
}

pub fn generate(g: &Gen) -> TokenStream {
    let rt = &g.rt;
    let mut out = quote!(
        pub use super::support::Empty;
    );
    let (mut arms, mut arg_arms) = (Vec::new(), Vec::new());
    for c in list(g) {
        let Cmd {
            ty, gate, entity, ..
        } = &c;
        let docs = g.doc_attrs(c.id);
        let (derive, body) = args_struct(g, c.id, c.cmd.arg_type, !c.cmd.gen);
        let name = &entity.name;
        let oob = c.cmd.allow_oob;
        let ret = returns(g, c.cmd);
        let cfg = &c.cfg;
        let r = super::desc::ret_ident(name);
        let args = super::desc::args_ref(g, c.cmd.arg_type);
        arg_arms.push(quote!(#cfg #name => super::support::decode_request::<#ty>(v, #args, #name).and_then(|a| ::serde_json::to_value(&a)),));
        arms.push(quote!(#cfg #name => super::support::decode_reply::<#ret>(v, &super::support::#r, #name).and_then(|r| ::serde_json::to_value(&r)),));
        out.extend(quote! {
            #docs
            #gate
            #derive
            pub struct #ty #body
            #cfg
            impl #rt::Command for #ty {
                const NAME: &'static str = #name;
                const ALLOW_OOB: bool = #oob;
                type Returns = #ret;
            }
        });
    }
    out.extend(quote! {
        /// Decodes a return value of command `name` into its type and
        /// encodes it again: `None` for an unknown command, an error naming
        /// type and member when it does not fit.
        pub fn reencode_return(name: &str, v: &::serde_json::Value) -> ::std::option::Option<::std::result::Result<::serde_json::Value, ::serde_json::Error>> {
            Some(match name {
                #(#arms)*
                _ => return None,
            })
        }
        /// Decodes arguments of command `name` (checked the way QEMU checks
        /// them) into its type and encodes them again: `None` for an
        /// unknown command, an error naming type and member when they do
        /// not fit.
        pub fn reencode_args(name: &str, v: &::serde_json::Value) -> ::std::option::Option<::std::result::Result<::serde_json::Value, ::serde_json::Error>> {
            Some(match name {
                #(#arg_arms)*
                _ => return None,
            })
        }
    });
    out
}
