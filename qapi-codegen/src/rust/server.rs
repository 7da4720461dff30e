//! Module `server`: a server trait with a method per command in sync
//! (`Server`) and async (`AsyncServer`) forms, the dispatch table
//! (`Dispatcher`, implementing the runtime's `Dispatch`; `dispatch_async`
//! for async servers), and the command table (`command_info`).
//!
//! Every method has a default that answers like QEMU for a command it
//! lacks (`CommandNotFound`), so a server implements what it offers.
//! Arguments are checked against the schema first, with QEMU's messages.

use proc_macro2::TokenStream;
use quote::quote;

use super::commands::{list, returns};
use super::desc::args_ref;
use super::Gen;

pub fn generate(g: &Gen) -> TokenStream {
    let rt = &g.rt;
    let (mut sync, mut asyn, mut infos, mut calls, mut acalls, mut names) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    for c in list(g) {
        let (m, ty, gate, cfg) = (&c.method, &c.ty, &c.gate, &c.cfg);
        let docs = super::commands::link_doc(&c);
        let name = &c.entity.name;
        let (param, arg) = match c.cmd.arg_type {
            None => (quote!(), quote!()),
            Some(_) => (quote!(_args: super::commands::#ty), quote!(args)),
        };
        let ret = match c.cmd.ret_type {
            Some(_) => returns(g, c.cmd),
            None => quote!(()),
        };
        let result = quote!(::std::result::Result<#ret, #rt::QmpError>);
        sync.push(quote! {
            #docs #gate
            fn #m(&self, _ctx: &mut #rt::CallContext, #param) -> #result {
                Err(not_found(#name))
            }
        });
        asyn.push(quote! {
            #docs #gate
            fn #m(&self, _ctx: #rt::CallContext, #param) -> impl ::std::future::Future<Output = #result> + Send {
                async move { Err(not_found(#name)) }
            }
        });
        let (oob, pre, succ) = (
            c.cmd.allow_oob,
            c.cmd.allow_preconfig,
            c.cmd.success_response,
        );
        infos.push(quote!(#cfg #name => #rt::CommandInfo { allow_oob: #oob, allow_preconfig: #pre, success_response: #succ },));
        let desc = args_ref(g, c.cmd.arg_type);
        let decode = match c.cmd.arg_type {
            None => quote!(super::support::decode_args::<super::commands::#ty>(args, #desc)?;),
            Some(_) => {
                quote!(let args: super::commands::#ty = super::support::decode_args(args, #desc)?;)
            }
        };
        calls
            .push(quote!(#cfg #name => { #decode super::support::encode(&self.0.#m(ctx, #arg)?) }));
        acalls.push(
            quote!(#cfg #name => { #decode super::support::encode(&server.#m(ctx, #arg).await?) }),
        );
        names.push(quote!(#cfg #name,));
    }
    quote! {
        fn not_found(name: &str) -> #rt::QmpError {
            #rt::QmpError::command_not_found(format!("The command {name} has not been found"))
        }

        /// Every command's name, in schema order.
        pub const COMMANDS: &[&str] = &[#(#names)*];

        /// A command's options, or `None` when the schema has no such command.
        pub fn command_info(name: &str) -> ::std::option::Option<#rt::CommandInfo> {
            Some(match name {
                #(#infos)*
                _ => return None,
            })
        }

        /// The server side, one method per command.
        pub trait Server: Send + Sync + 'static {
            #(#sync)*
        }

        /// The server side in async form, one method per command.
        pub trait AsyncServer: Send + Sync + 'static {
            #(#asyn)*
        }

        /// The dispatch table: decodes arguments (QEMU's messages), calls the
        /// server's method and encodes its return value (`{}` for none).
        pub struct Dispatcher<S>(pub S);

        impl<S: Server> #rt::Dispatch for Dispatcher<S> {
            fn lookup(&self, name: &str) -> ::std::option::Option<#rt::CommandInfo> {
                command_info(name)
            }

            fn call(
                &self,
                name: &str,
                args: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
                ctx: &mut #rt::CallContext,
            ) -> ::std::result::Result<::serde_json::Value, #rt::QmpError> {
                match name {
                    #(#calls)*
                    _ => Err(not_found(name)),
                }
            }
        }

        /// Dispatches one command to an async server.
        pub async fn dispatch_async<S: AsyncServer>(
            server: &S,
            name: &str,
            args: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
            ctx: #rt::CallContext,
        ) -> ::std::result::Result<::serde_json::Value, #rt::QmpError> {
            match name {
                #(#acalls)*
                _ => Err(not_found(name)),
            }
        }

        /// The async dispatch table, for the runtime's `Server::new_async`.
        pub struct AsyncDispatcher<S>(pub ::std::sync::Arc<S>);

        impl<S: AsyncServer> #rt::AsyncDispatch for AsyncDispatcher<S> {
            fn lookup(&self, name: &str) -> ::std::option::Option<#rt::CommandInfo> {
                command_info(name)
            }

            fn call(
                &self,
                name: &str,
                args: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
                ctx: #rt::CallContext,
            ) -> #rt::dispatch::BoxFuture<
                ::std::result::Result<::serde_json::Value, #rt::QmpError>,
            > {
                let server = self.0.clone();
                let name = name.to_string();
                ::std::boxed::Box::pin(async move {
                    dispatch_async(&*server, &name, args, ctx).await
                })
            }
        }
    }
}
