//! Module `client`: a typed method per command on the runtime's blocking
//! client (trait `BlockingClient`) and tokio client (trait `AsyncClient`).
//! Commands without arguments take none; others take their command type.
//! Commands without a return value return `()`. Replies that do not fit
//! the bindings fail with an error naming the type and member.

use proc_macro2::TokenStream;
use quote::quote;

use super::commands::{list, returns};
use super::desc::ret_ident;
use super::Gen;

pub fn generate(g: &Gen) -> TokenStream {
    let rt = &g.rt;
    let (mut sync_decl, mut sync_impl, mut async_decl, mut async_impl) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for c in list(g) {
        let (m, ty, gate, cfg) = (&c.method, &c.ty, &c.gate, &c.cfg);
        let docs = super::commands::link_doc(&c);
        let (param, value) = match c.cmd.arg_type {
            None => (quote!(), quote!(super::commands::#ty {})),
            Some(_) => (quote!(args: super::commands::#ty), quote!(args)),
        };
        let (ret, map) = match c.cmd.ret_type {
            Some(_) => (returns(g, c.cmd), quote!()),
            None => (quote!(()), quote!(.map(|_| ()))),
        };
        let r = ret_ident(&c.entity.name);
        let result = quote!(::std::result::Result<#ret, #rt::client::ClientError>);
        sync_decl.push(quote!(#docs #gate fn #m(&mut self, #param) -> #result;));
        sync_impl.push(quote!(#cfg fn #m(&mut self, #param) -> #result {
            call_blocking(self, &#value, &super::support::#r) #map
        }));
        async_decl.push(quote!(#docs #gate fn #m(&self, #param) -> impl ::std::future::Future<Output = #result> + Send;));
        async_impl.push(quote!(#cfg fn #m(&self, #param) -> impl ::std::future::Future<Output = #result> + Send {
            async move { call_async(self, &#value, &super::support::#r).await #map }
        }));
    }
    quote! {
        use #rt::client::ClientError;

        /// Runs a command on a blocking client (out-of-band when the command
        /// allows it and `oob` was negotiated) and decodes its reply.
        pub fn call_blocking<C: #rt::Command>(
            client: &mut #rt::client::blocking::Client,
            cmd: &C,
            ret: &super::support::Ty,
        ) -> ::std::result::Result<C::Returns, ClientError> {
            let args = #rt::command::command_arguments(cmd)?;
            let v = if C::ALLOW_OOB && client.oob_enabled() {
                client.execute_oob_raw(C::NAME, args)?
            } else {
                client.execute_raw(C::NAME, args)?
            };
            Ok(super::support::decode_reply(&v, ret, C::NAME)?)
        }

        /// Runs a command on a tokio client and decodes its reply.
        pub async fn call_async<C: #rt::Command>(
            client: &#rt::client::tokio::Client,
            cmd: &C,
            ret: &super::support::Ty,
        ) -> ::std::result::Result<C::Returns, ClientError> {
            let args = #rt::command::command_arguments(cmd)?;
            let v = if C::ALLOW_OOB && client.oob_enabled() {
                client.execute_oob_raw(C::NAME, args).await?
            } else {
                client.execute_raw(C::NAME, args).await?
            };
            Ok(super::support::decode_reply(&v, ret, C::NAME)?)
        }

        /// A typed method per command for the blocking client.
        pub trait BlockingClient {
            #(#sync_decl)*
        }
        impl BlockingClient for #rt::client::blocking::Client {
            #(#sync_impl)*
        }

        /// A typed method per command for the tokio client.
        pub trait AsyncClient {
            #(#async_decl)*
        }
        impl AsyncClient for #rt::client::tokio::Client {
            #(#async_impl)*
        }
    }
}
