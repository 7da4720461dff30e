use ::qmp as __rt;
use __rt::{CallContext, CommandInfo, QmpError};
use __rt::codec::{Map, Value};
use ::std::result::Result;
use ::std::option::Option;
use ::std::string::String;

fn not_found(name: &str) -> QmpError {
    QmpError::command_not_found(format!("The command {name} has not been found"))
}

/// Every command's name, in schema order.
pub const COMMANDS: &[&str] = &[
    "qmp_capabilities",
    "query-version",
    "query-commands",
    "quit",
    "query-status",
    "stop",
    "cont",
    "system_powerdown",
    "query-balloon",
    "balloon",
];

/// A command's options, or `None` when the schema has no such command.
#[inline]
pub fn command_info(name: &str) -> Option<CommandInfo> {
    Some(match name {
        "qmp_capabilities" => CommandInfo { allow_oob: false, allow_preconfig: true, success_response: true },
        "query-version" => CommandInfo { allow_oob: false, allow_preconfig: true, success_response: true },
        "query-commands" => CommandInfo { allow_oob: false, allow_preconfig: true, success_response: true },
        "quit" => CommandInfo { allow_oob: false, allow_preconfig: true, success_response: true },
        "query-status" => CommandInfo { allow_oob: false, allow_preconfig: true, success_response: true },
        "stop" => CommandInfo { allow_oob: false, allow_preconfig: false, success_response: true },
        "cont" => CommandInfo { allow_oob: false, allow_preconfig: false, success_response: true },
        "system_powerdown" => CommandInfo { allow_oob: false, allow_preconfig: false, success_response: true },
        "query-balloon" => CommandInfo { allow_oob: false, allow_preconfig: false, success_response: true },
        "balloon" => CommandInfo { allow_oob: false, allow_preconfig: false, success_response: true },
        _ => return None,
    })
}

/// The server side, one method per command.
pub trait Server: Send + Sync + 'static {
    /// `qmp_capabilities`: see [`QmpCapabilities`](super::commands::QmpCapabilities).
    fn qmp_capabilities(&self, _ctx: &mut CallContext, _args: super::commands::QmpCapabilities) -> Result<(), QmpError> { Err(not_found("qmp_capabilities")) }
    /// `query-version`: see [`QueryVersion`](super::commands::QueryVersion).
    fn query_version(&self, _ctx: &mut CallContext) -> Result<super::types::VersionInfo, QmpError> { Err(not_found("query-version")) }
    /// `query-commands`: see [`QueryCommands`](super::commands::QueryCommands).
    fn query_commands(&self, _ctx: &mut CallContext) -> Result<::std::vec::Vec<super::types::CommandInfo>, QmpError> { Err(not_found("query-commands")) }
    /// `quit`: see [`Quit`](super::commands::Quit).
    fn quit(&self, _ctx: &mut CallContext) -> Result<(), QmpError> { Err(not_found("quit")) }
    /// `query-status`: see [`QueryStatus`](super::commands::QueryStatus).
    fn query_status(&self, _ctx: &mut CallContext) -> Result<super::types::StatusInfo, QmpError> { Err(not_found("query-status")) }
    /// `stop`: see [`Stop`](super::commands::Stop).
    fn stop(&self, _ctx: &mut CallContext) -> Result<(), QmpError> { Err(not_found("stop")) }
    /// `cont`: see [`Cont`](super::commands::Cont).
    fn cont(&self, _ctx: &mut CallContext) -> Result<(), QmpError> { Err(not_found("cont")) }
    /// `system_powerdown`: see [`SystemPowerdown`](super::commands::SystemPowerdown).
    fn system_powerdown(&self, _ctx: &mut CallContext) -> Result<(), QmpError> { Err(not_found("system_powerdown")) }
    /// `query-balloon`: see [`QueryBalloon`](super::commands::QueryBalloon).
    fn query_balloon(&self, _ctx: &mut CallContext) -> Result<super::types::BalloonInfo, QmpError> { Err(not_found("query-balloon")) }
    /// `balloon`: see [`Balloon`](super::commands::Balloon).
    fn balloon(&self, _ctx: &mut CallContext, _args: super::commands::Balloon) -> Result<(), QmpError> { Err(not_found("balloon")) }
}

/// The server side in async form, one method per command.
pub trait AsyncServer: Send + Sync + 'static {
    /// `qmp_capabilities`: see [`QmpCapabilities`](super::commands::QmpCapabilities).
    fn qmp_capabilities(&self, _ctx: CallContext, _args: super::commands::QmpCapabilities) -> impl ::std::future::Future<Output = Result<(), QmpError>> + Send { ::std::future::ready(Err(not_found("qmp_capabilities"))) }
    /// `query-version`: see [`QueryVersion`](super::commands::QueryVersion).
    fn query_version(&self, _ctx: CallContext) -> impl ::std::future::Future<Output = Result<super::types::VersionInfo, QmpError>> + Send { ::std::future::ready(Err(not_found("query-version"))) }
    /// `query-commands`: see [`QueryCommands`](super::commands::QueryCommands).
    fn query_commands(&self, _ctx: CallContext) -> impl ::std::future::Future<Output = Result<::std::vec::Vec<super::types::CommandInfo>, QmpError>> + Send { ::std::future::ready(Err(not_found("query-commands"))) }
    /// `quit`: see [`Quit`](super::commands::Quit).
    fn quit(&self, _ctx: CallContext) -> impl ::std::future::Future<Output = Result<(), QmpError>> + Send { ::std::future::ready(Err(not_found("quit"))) }
    /// `query-status`: see [`QueryStatus`](super::commands::QueryStatus).
    fn query_status(&self, _ctx: CallContext) -> impl ::std::future::Future<Output = Result<super::types::StatusInfo, QmpError>> + Send { ::std::future::ready(Err(not_found("query-status"))) }
    /// `stop`: see [`Stop`](super::commands::Stop).
    fn stop(&self, _ctx: CallContext) -> impl ::std::future::Future<Output = Result<(), QmpError>> + Send { ::std::future::ready(Err(not_found("stop"))) }
    /// `cont`: see [`Cont`](super::commands::Cont).
    fn cont(&self, _ctx: CallContext) -> impl ::std::future::Future<Output = Result<(), QmpError>> + Send { ::std::future::ready(Err(not_found("cont"))) }
    /// `system_powerdown`: see [`SystemPowerdown`](super::commands::SystemPowerdown).
    fn system_powerdown(&self, _ctx: CallContext) -> impl ::std::future::Future<Output = Result<(), QmpError>> + Send { ::std::future::ready(Err(not_found("system_powerdown"))) }
    /// `query-balloon`: see [`QueryBalloon`](super::commands::QueryBalloon).
    fn query_balloon(&self, _ctx: CallContext) -> impl ::std::future::Future<Output = Result<super::types::BalloonInfo, QmpError>> + Send { ::std::future::ready(Err(not_found("query-balloon"))) }
    /// `balloon`: see [`Balloon`](super::commands::Balloon).
    fn balloon(&self, _ctx: CallContext, _args: super::commands::Balloon) -> impl ::std::future::Future<Output = Result<(), QmpError>> + Send { ::std::future::ready(Err(not_found("balloon"))) }
}

/// The dispatch table: decodes arguments (QEMU's messages), calls the
/// server's method and encodes its return value (`{}` for none).
pub struct Dispatcher<S>(pub S);

impl<S: Server> __rt::Dispatch for Dispatcher<S> {
    fn lookup(&self, name: &str) -> Option<CommandInfo> {
        command_info(name)
    }

    fn call(&self, name: &str, args: Map<String, Value>, ctx: &mut CallContext) -> Result<Value, QmpError> {
        match name {
            "qmp_capabilities" => {
                let args: super::commands::QmpCapabilities = __rt::codec::decode_args(args, &super::support::T_q_obj_qmp_capabilities_arg)?;
                __rt::codec::encode(&self.0.qmp_capabilities(ctx, args)?)
            }
            "query-version" => {
                __rt::codec::check_args(&args, &super::support::EMPTY)?;
                __rt::codec::encode(&self.0.query_version(ctx)?)
            }
            "query-commands" => {
                __rt::codec::check_args(&args, &super::support::EMPTY)?;
                __rt::codec::encode(&self.0.query_commands(ctx)?)
            }
            "quit" => {
                __rt::codec::check_args(&args, &super::support::EMPTY)?;
                __rt::codec::encode(&self.0.quit(ctx)?)
            }
            "query-status" => {
                __rt::codec::check_args(&args, &super::support::EMPTY)?;
                __rt::codec::encode(&self.0.query_status(ctx)?)
            }
            "stop" => {
                __rt::codec::check_args(&args, &super::support::EMPTY)?;
                __rt::codec::encode(&self.0.stop(ctx)?)
            }
            "cont" => {
                __rt::codec::check_args(&args, &super::support::EMPTY)?;
                __rt::codec::encode(&self.0.cont(ctx)?)
            }
            "system_powerdown" => {
                __rt::codec::check_args(&args, &super::support::EMPTY)?;
                __rt::codec::encode(&self.0.system_powerdown(ctx)?)
            }
            "query-balloon" => {
                __rt::codec::check_args(&args, &super::support::EMPTY)?;
                __rt::codec::encode(&self.0.query_balloon(ctx)?)
            }
            "balloon" => {
                let args: super::commands::Balloon = __rt::codec::decode_args(args, &super::support::T_q_obj_balloon_arg)?;
                __rt::codec::encode(&self.0.balloon(ctx, args)?)
            }
            _ => Err(not_found(name)),
        }
    }
}

/// Dispatches one command to an async server.
pub async fn dispatch_async<S: AsyncServer>(server: &S, name: &str, args: Map<String, Value>, ctx: CallContext) -> Result<Value, QmpError> {
    match name {
        "qmp_capabilities" => {
            let args: super::commands::QmpCapabilities = __rt::codec::decode_args(args, &super::support::T_q_obj_qmp_capabilities_arg)?;
            __rt::codec::encode(&server.qmp_capabilities(ctx, args).await?)
        }
        "query-version" => {
            __rt::codec::check_args(&args, &super::support::EMPTY)?;
            __rt::codec::encode(&server.query_version(ctx).await?)
        }
        "query-commands" => {
            __rt::codec::check_args(&args, &super::support::EMPTY)?;
            __rt::codec::encode(&server.query_commands(ctx).await?)
        }
        "quit" => {
            __rt::codec::check_args(&args, &super::support::EMPTY)?;
            __rt::codec::encode(&server.quit(ctx).await?)
        }
        "query-status" => {
            __rt::codec::check_args(&args, &super::support::EMPTY)?;
            __rt::codec::encode(&server.query_status(ctx).await?)
        }
        "stop" => {
            __rt::codec::check_args(&args, &super::support::EMPTY)?;
            __rt::codec::encode(&server.stop(ctx).await?)
        }
        "cont" => {
            __rt::codec::check_args(&args, &super::support::EMPTY)?;
            __rt::codec::encode(&server.cont(ctx).await?)
        }
        "system_powerdown" => {
            __rt::codec::check_args(&args, &super::support::EMPTY)?;
            __rt::codec::encode(&server.system_powerdown(ctx).await?)
        }
        "query-balloon" => {
            __rt::codec::check_args(&args, &super::support::EMPTY)?;
            __rt::codec::encode(&server.query_balloon(ctx).await?)
        }
        "balloon" => {
            let args: super::commands::Balloon = __rt::codec::decode_args(args, &super::support::T_q_obj_balloon_arg)?;
            __rt::codec::encode(&server.balloon(ctx, args).await?)
        }
        _ => Err(not_found(name)),
    }
}

/// The async dispatch table, for the runtime's `Server::new_async`.
pub struct AsyncDispatcher<S>(pub ::std::sync::Arc<S>);

impl<S: AsyncServer> __rt::AsyncDispatch for AsyncDispatcher<S> {
    fn lookup(&self, name: &str) -> Option<CommandInfo> {
        command_info(name)
    }

    fn call(&self, name: &str, args: Map<String, Value>, ctx: CallContext) -> __rt::dispatch::BoxFuture<Result<Value, QmpError>> {
        let server = self.0.clone();
        let name = name.to_string();
        ::std::boxed::Box::pin(async move { dispatch_async(&*server, &name, args, ctx).await })
    }
}
