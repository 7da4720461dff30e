//! Module `events`: a struct per event (implementing the runtime's
//! `Event`), the enum `Event` of all events with a variant for unknown
//! ones, and typed emit helpers for servers (`EmitEvents`).

use proc_macro2::TokenStream;
use qapi_schema::model::EntityKind;
use quote::quote;

use super::commands::args_struct;
use super::desc;
use super::naming::{self, ident, Scope};
use super::Gen;

pub fn generate(g: &Gen) -> TokenStream {
    let rt = &g.rt;
    let mut types = Scope::new(&["Event", "EmitEvents"]);
    let mut methods = Scope::default();
    let mut out = TokenStream::new();
    let (mut variants, mut names, mut decode, mut emit, mut emit_impl) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut reencode = Vec::new();
    for (id, e) in g.schema.entities.iter().enumerate() {
        let EntityKind::Event { arg_type, .. } = &e.kind else {
            continue;
        };
        let Some(gate) = g.entity_gate(id) else {
            continue;
        };
        let cfg = g.cfg_only(&e.ifcond, &e.features).unwrap_or_default();
        let ty = ident(&types.take(naming::camel(&e.name)));
        let docs = g.doc_attrs(id);
        let (derive, body) = args_struct(g, id, *arg_type, false);
        let name = &e.name;
        out.extend(quote! {
            #docs #gate #derive pub struct #ty #body
            #cfg impl #rt::Event for #ty { const NAME: &'static str = #name; }
        });
        let what = format!("event {name}");
        let args = desc::args_ref(g, *arg_type);
        let vdoc = format!(" `{name}`: see [`{ty}`].");
        variants.push(quote!(#[doc = #vdoc] #gate #ty(#ty),));
        names.push(quote!(#cfg Event::#ty(_) => #name,));
        reencode.push(quote!(#cfg #name => super::support::decode_reply::<#ty>(data, &super::support::Ty::Object(#args), #what).and_then(|d| ::serde_json::to_value(&d)),));
        decode.push(quote!(#cfg #name => Event::#ty(super::support::decode_reply(&data, &super::support::Ty::Object(#args), #what)?),));
        let m = ident(&methods.take(format!("emit_{}", naming::snake(&e.name))));
        let mdoc = format!(" Emits `{name}`.");
        emit.push(quote!(#[doc = #mdoc] #gate fn #m(&self, data: &#ty) -> ::std::result::Result<(), ::serde_json::Error>;));
        emit_impl.push(quote!(#cfg fn #m(&self, data: &#ty) -> ::std::result::Result<(), ::serde_json::Error> { self.emit_typed(data) }));
    }
    out.extend(quote! {
        /// Any event of the schema, or an event these bindings do not know.
        #[derive(Clone, Debug, PartialEq)]
        pub enum Event {
            #(#variants)*
            /// An event these bindings do not know, as received.
            Unknown {
                /// The event's name.
                name: ::std::string::String,
                /// Its data (`{}` when it had none).
                data: ::serde_json::Value,
            },
        }
        impl Event {
            /// The event's name on the wire.
            pub fn name(&self) -> &str {
                match self {
                    #(#names)*
                    Event::Unknown { name, .. } => name,
                }
            }
        }
        /// Decodes the data of event `name` into its type and encodes it
        /// again: `None` for an unknown event, an error naming type and
        /// member when it does not fit.
        pub fn reencode(name: &str, data: &::serde_json::Value) -> ::std::option::Option<::std::result::Result<::serde_json::Value, ::serde_json::Error>> {
            Some(match name {
                #(#reencode)*
                _ => return None,
            })
        }
        impl #rt::EventSet for Event {
            fn from_wire(name: &str, data: ::serde_json::Value) -> ::std::result::Result<Self, ::serde_json::Error> {
                Ok(match name {
                    #(#decode)*
                    _ => Event::Unknown { name: name.to_string(), data },
                })
            }
        }
    });
    if g.opts.server {
        out.extend(quote! {
            /// Typed emit helpers: `ctx.events.emit_stop(&Stop {})`.
            pub trait EmitEvents {
                #(#emit)*
            }
            impl EmitEvents for #rt::server::events::EventEmitter {
                #(#emit_impl)*
            }
        });
    }
    out
}
