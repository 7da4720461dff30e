//! Module `server`: a server trait with a method per command in sync
//! (`Server`) and async (`AsyncServer`) forms, the dispatch table
//! (`Dispatcher`, implementing the runtime's `Dispatch`; `dispatch_async`
//! for async servers), and the command table (`command_info`).
//!
//! Every method has a default that answers like QEMU for a command it
//! lacks (`CommandNotFound`), so a server implements what it offers.
//! Arguments are checked against the schema first, with QEMU's messages.

use super::commands::{link_doc, returns, Cmd};
use super::desc::write_args_ref;
use super::{Gen, Q, W};
use crate::wp;

fn bool_str(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

pub fn generate(g: &Gen, cmds: &[Cmd]) -> String {
    let mut w = W::for_module(g, 206);
    let w = &mut w;
    w.line("use __rt::{CallContext, CommandInfo, QmpError};");
    w.line("use __rt::codec::{Map, Value};");
    w.line("use ::std::result::Result;");
    w.line("use ::std::option::Option;");
    w.line("use ::std::string::String;");
    w.blank();
    w.open("fn not_found(name: &str) -> QmpError {");
    w.line("QmpError::command_not_found(format!(\"The command {name} has not been found\"))");
    w.close("}");
    w.blank();
    w.line("/// Every command's name, in schema order.");
    w.open("pub const COMMANDS: &[&str] = &[");
    for c in cmds {
        w.cfg(&c.cfg);
        wp!(w; Q(&c.entity.name), ",");
    }
    w.close("];");
    w.blank();
    w.line("/// A command's options, or `None` when the schema has no such command.");
    w.line("#[inline]");
    w.open("pub fn command_info(name: &str) -> Option<CommandInfo> {");
    w.open("Some(match name {");
    for c in cmds {
        w.cfg(&c.cfg);
        wp!(w;
            Q(&c.entity.name),
            " => CommandInfo { allow_oob: ",
            bool_str(c.cmd.allow_oob),
            ", allow_preconfig: ",
            bool_str(c.cmd.allow_preconfig),
            ", success_response: ",
            bool_str(c.cmd.success_response),
            " },"
        );
    }
    w.line("_ => return None,");
    w.close("})");
    w.close("}");
    w.blank();
    // (parameter, argument, return type) per command
    let sigs: Vec<(String, &str, String)> = cmds
        .iter()
        .map(|c| {
            let (param, arg) = match c.cmd.arg_type {
                None => (String::new(), ""),
                Some(_) => {
                    let mut p = String::with_capacity(40 + c.ty.len());
                    p.push_str(", _args: super::commands::");
                    p.push_str(&c.ty);
                    (p, "args")
                }
            };
            let ret = match c.cmd.ret_type {
                Some(_) => returns(g, c.cmd),
                None => "()".into(),
            };
            (param, arg, ret)
        })
        .collect();
    w.line("/// The server side, one method per command.");
    w.open("pub trait Server: Send + Sync + 'static {");
    for (c, (param, _, ret)) in cmds.iter().zip(&sigs) {
        link_doc(w, c);
        w.gate(&c.gate);
        wp!(w;
            "fn ",
            c.method,
            "(&self, _ctx: &mut CallContext",
            param,
            ") -> Result<",
            ret,
            ", QmpError> { Err(not_found(",
            Q(&c.entity.name),
            ")) }"
        );
    }
    w.close("}");
    w.blank();
    w.line("/// The server side in async form, one method per command.");
    w.open("pub trait AsyncServer: Send + Sync + 'static {");
    for (c, (param, _, ret)) in cmds.iter().zip(&sigs) {
        link_doc(w, c);
        w.gate(&c.gate);
        wp!(w;
            "fn ",
            c.method,
            "(&self, _ctx: CallContext",
            param,
            ") -> impl ::std::future::Future<Output = Result<",
            ret,
            ", QmpError>> + Send { ::std::future::ready(Err(not_found(",
            Q(&c.entity.name),
            "))) }"
        );
    }
    w.close("}");
    w.blank();
    w.line("/// The dispatch table: decodes arguments (QEMU's messages), calls the");
    w.line("/// server's method and encodes its return value (`{}` for none).");
    w.line("pub struct Dispatcher<S>(pub S);");
    w.blank();
    w.open("impl<S: Server> __rt::Dispatch for Dispatcher<S> {");
    w.open("fn lookup(&self, name: &str) -> Option<CommandInfo> {");
    w.line("command_info(name)");
    w.close("}");
    w.blank();
    w.open("fn call(&self, name: &str, args: Map<String, Value>, ctx: &mut CallContext) -> Result<Value, QmpError> {");
    w.open("match name {");
    for (c, (_, arg, _)) in cmds.iter().zip(&sigs) {
        call_arm(g, w, c, arg, "self.0.", "ctx", "");
    }
    w.line("_ => Err(not_found(name)),");
    w.close("}");
    w.close("}");
    w.close("}");
    w.blank();
    w.line("/// Dispatches one command to an async server.");
    w.open("pub async fn dispatch_async<S: AsyncServer>(server: &S, name: &str, args: Map<String, Value>, ctx: CallContext) -> Result<Value, QmpError> {");
    w.open("match name {");
    for (c, (_, arg, _)) in cmds.iter().zip(&sigs) {
        call_arm(g, w, c, arg, "server.", "ctx", ".await");
    }
    w.line("_ => Err(not_found(name)),");
    w.close("}");
    w.close("}");
    w.blank();
    w.line("/// The async dispatch table, for the runtime's `Server::new_async`.");
    w.line("pub struct AsyncDispatcher<S>(pub ::std::sync::Arc<S>);");
    w.blank();
    w.open("impl<S: AsyncServer> __rt::AsyncDispatch for AsyncDispatcher<S> {");
    w.open("fn lookup(&self, name: &str) -> Option<CommandInfo> {");
    w.line("command_info(name)");
    w.close("}");
    w.blank();
    w.open("fn call(&self, name: &str, args: Map<String, Value>, ctx: CallContext) -> __rt::dispatch::BoxFuture<Result<Value, QmpError>> {");
    w.line("let server = self.0.clone();");
    w.line("let name = name.to_string();");
    w.line(
        "::std::boxed::Box::pin(async move { dispatch_async(&*server, &name, args, ctx).await })",
    );
    w.close("}");
    w.close("}");
    std::mem::take(&mut w.s)
}

fn call_arm(g: &Gen, w: &mut W, c: &Cmd, arg: &str, recv: &str, ctx: &str, wait: &str) {
    w.cfg(&c.cfg);
    wp!(w; Q(&c.entity.name), " => {");
    w.ind_in();
    w.indent();
    if arg.is_empty() {
        w.p("__rt::codec::check_args(&args, ");
    } else {
        w.p("let args: super::commands::");
        w.p(&c.ty);
        w.p(" = __rt::codec::decode_args(args, ");
    }
    write_args_ref(g, &mut w.s, c.cmd.arg_type);
    w.p(")?;\n");
    wp!(w;
        "__rt::codec::encode(&",
        recv,
        c.method,
        "(",
        ctx,
        if arg.is_empty() { "" } else { ", " },
        arg,
        ")",
        wait,
        "?)"
    );
    w.close("}");
}
