//! Module `client`: a typed method per command on the runtime's blocking
//! clients (trait `BlockingClient`) and tokio clients (trait
//! `AsyncClient`), for QMP and for the guest agent. The guest agent's
//! clients return from a `success-response: false` command once it is
//! sent (QEMU's QMP schemas declare none).
//! Commands without arguments take none; others take their command type.
//! Commands without a return value return `()`. Replies that do not fit
//! the bindings fail with an error naming the type and member.
//!
//! The typed methods are default methods over one required method per
//! trait (`call_command`), so they cost nothing until used.

use super::commands::{link_doc, Cmd};
use super::naming::write_desc_ident;
use super::{Gen, W};

pub fn generate(g: &Gen, cmds: &[Cmd]) -> String {
    let mut w = W::for_module(g, 97);
    let w = &mut w;
    w.line("use __rt::client::ClientError;");
    w.line("use __rt::codec::{Ty, Wire};");
    w.line("use ::std::result::Result;");
    w.line("use ::std::future::Future;");
    w.blank();
    w.line("/// A typed method per command for the blocking client.");
    w.open("pub trait BlockingClient {");
    w.line("/// Runs a command (out-of-band when the command allows it and `oob`");
    w.line("/// was negotiated) and decodes its reply, described by `ret`.");
    w.line("fn call_command<C: __rt::Command>(&mut self, cmd: &C, ret: &Ty) -> Result<C::Returns, ClientError> where C::Returns: Wire;");
    for c in cmds {
        link_doc(w, c);
        w.gate(&c.gate);
        method(g, w, c, false);
    }
    w.close("}");
    w.open("impl BlockingClient for __rt::client::blocking::Client {");
    w.open("fn call_command<C: __rt::Command>(&mut self, cmd: &C, ret: &Ty) -> Result<C::Returns, ClientError> where C::Returns: Wire {");
    w.line("let args = __rt::command::command_arguments(cmd)?;");
    w.line("self.call_typed(C::NAME, args, C::ALLOW_OOB && self.oob_enabled(), ret)");
    w.close("}");
    w.close("}");
    w.open("impl BlockingClient for __rt::client::agent::blocking::Client {");
    w.open("fn call_command<C: __rt::Command>(&mut self, cmd: &C, ret: &Ty) -> Result<C::Returns, ClientError> where C::Returns: Wire {");
    w.line("let v = self.execute_json(cmd)?;");
    w.line("Ok(__rt::codec::decode_reply(&v, ret, C::NAME)?)");
    w.close("}");
    w.close("}");
    w.blank();
    w.line("/// A typed method per command for the tokio client.");
    w.open("pub trait AsyncClient {");
    w.line("/// Runs a command and decodes its reply, described by `ret`.");
    w.line("fn call_command<C: __rt::Command + Send>(&self, cmd: C, ret: &'static Ty) -> impl Future<Output = Result<C::Returns, ClientError>> + Send where C::Returns: Wire;");
    w.line("/// Runs a command and discards its reply (`{}`).");
    w.line("fn call_command_unit<C: __rt::Command + Send>(&self, cmd: C) -> impl Future<Output = Result<(), ClientError>> + Send;");
    for c in cmds {
        link_doc(w, c);
        w.gate(&c.gate);
        method(g, w, c, true);
    }
    w.close("}");
    async_impl(
        w,
        "__rt::client::tokio::Client",
        &["self.call_typed(C::NAME, args, C::ALLOW_OOB && self.oob_enabled(), ret).await"],
        |w, binding| {
            w.open(&format!(
                "let {binding} = if C::ALLOW_OOB && self.oob_enabled() {{"
            ));
            w.line("self.execute_oob_raw(C::NAME, args).await?");
            w.close("} else {");
            w.ind_in();
            w.line("self.execute_raw(C::NAME, args).await?");
            w.close("};");
        },
    );
    async_impl(
        w,
        "__rt::client::agent::tokio::Client",
        &[
            "let v = self.call_raw(C::NAME, args, C::SUCCESS_RESPONSE).await?;",
            "Ok(__rt::codec::decode_reply(&v, ret, C::NAME)?)",
        ],
        |w, binding| {
            w.line(&format!(
                "let {binding} = self.call_raw(C::NAME, args, C::SUCCESS_RESPONSE).await?;"
            ));
        },
    );
    std::mem::take(&mut w.s)
}

/// `impl AsyncClient for TY`. `typed` are the lines that run the
/// command (`args` and `ret` in scope) and decodes its reply;
/// `send(w, binding)` writes the statement that sends the command and
/// binds its reply's value to `binding` (`_` to discard it).
fn async_impl(w: &mut W, ty: &str, typed: &[&str], send: impl Fn(&mut W, &str)) {
    w.open(&format!("impl AsyncClient for {ty} {{"));
    w.open("fn call_command<C: __rt::Command + Send>(&self, cmd: C, ret: &'static Ty) -> impl Future<Output = Result<C::Returns, ClientError>> + Send where C::Returns: Wire {");
    w.open("async move {");
    w.line("let args = __rt::command::command_arguments(&cmd)?;");
    for line in typed {
        w.line(line);
    }
    w.close("}");
    w.close("}");
    w.open("fn call_command_unit<C: __rt::Command + Send>(&self, cmd: C) -> impl Future<Output = Result<(), ClientError>> + Send {");
    w.open("async move {");
    w.line("let args = __rt::command::command_arguments(&cmd)?;");
    send(w, "_");
    w.line("Ok(())");
    w.close("}");
    w.close("}");
    w.close("}");
}

fn method(g: &Gen, w: &mut W, c: &Cmd, asyn: bool) {
    let ty = &c.ty;
    let (param, value) = match c.cmd.arg_type {
        None => ("", "super::commands::"),
        Some(_) => (", args: super::commands::", ""),
    };
    w.indent();
    w.p("fn ");
    w.p(&c.method);
    w.p(if asyn { "(&self" } else { "(&mut self" });
    if !param.is_empty() {
        w.p(param);
        w.p(ty);
    }
    w.p(if asyn {
        ") -> impl Future<Output = Result<"
    } else {
        ") -> Result<"
    });
    match c.cmd.ret_type {
        Some(t) => g.write_type(&mut w.s, t, false),
        None => w.p("()"),
    }
    w.p(if asyn {
        ", ClientError>> + Send { "
    } else {
        ", ClientError> { "
    });
    let unit = c.cmd.ret_type.is_none();
    w.p(if asyn && unit {
        "self.call_command_unit("
    } else if asyn {
        "self.call_command("
    } else {
        "self.call_command(&"
    });
    // The command value: its arguments, or the empty command type.
    if value.is_empty() {
        w.p("args");
    } else {
        w.p(value);
        w.p(ty);
        w.p(" {}");
    }
    if !(asyn && unit) {
        w.p(", &super::support::");
        write_desc_ident(&mut w.s, "R_", &c.entity.name);
    }
    w.p(")");
    if !asyn && unit {
        w.p(".map(drop)");
    }
    w.p(" }\n");
}
