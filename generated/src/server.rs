fn not_found(name: &str) -> ::qmp::QmpError {
    ::qmp::QmpError::command_not_found(format!("The command {name} has not been found"))
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
pub fn command_info(name: &str) -> ::std::option::Option<::qmp::CommandInfo> {
    Some(
        match name {
            "qmp_capabilities" => {
                ::qmp::CommandInfo {
                    allow_oob: false,
                    allow_preconfig: true,
                    success_response: true,
                }
            }
            "query-version" => {
                ::qmp::CommandInfo {
                    allow_oob: false,
                    allow_preconfig: true,
                    success_response: true,
                }
            }
            "query-commands" => {
                ::qmp::CommandInfo {
                    allow_oob: false,
                    allow_preconfig: true,
                    success_response: true,
                }
            }
            "quit" => {
                ::qmp::CommandInfo {
                    allow_oob: false,
                    allow_preconfig: true,
                    success_response: true,
                }
            }
            "query-status" => {
                ::qmp::CommandInfo {
                    allow_oob: false,
                    allow_preconfig: true,
                    success_response: true,
                }
            }
            "stop" => {
                ::qmp::CommandInfo {
                    allow_oob: false,
                    allow_preconfig: false,
                    success_response: true,
                }
            }
            "cont" => {
                ::qmp::CommandInfo {
                    allow_oob: false,
                    allow_preconfig: false,
                    success_response: true,
                }
            }
            "system_powerdown" => {
                ::qmp::CommandInfo {
                    allow_oob: false,
                    allow_preconfig: false,
                    success_response: true,
                }
            }
            "query-balloon" => {
                ::qmp::CommandInfo {
                    allow_oob: false,
                    allow_preconfig: false,
                    success_response: true,
                }
            }
            "balloon" => {
                ::qmp::CommandInfo {
                    allow_oob: false,
                    allow_preconfig: false,
                    success_response: true,
                }
            }
            _ => return None,
        },
    )
}
/// The server side, one method per command.
pub trait Server: Send + Sync + 'static {
    /// `qmp_capabilities`: see [`QmpCapabilities`](super::commands::QmpCapabilities).
    fn qmp_capabilities(
        &self,
        _ctx: &mut ::qmp::CallContext,
        _args: super::commands::QmpCapabilities,
    ) -> ::std::result::Result<(), ::qmp::QmpError> {
        Err(not_found("qmp_capabilities"))
    }
    /// `query-version`: see [`QueryVersion`](super::commands::QueryVersion).
    fn query_version(
        &self,
        _ctx: &mut ::qmp::CallContext,
    ) -> ::std::result::Result<super::types::VersionInfo, ::qmp::QmpError> {
        Err(not_found("query-version"))
    }
    /// `query-commands`: see [`QueryCommands`](super::commands::QueryCommands).
    fn query_commands(
        &self,
        _ctx: &mut ::qmp::CallContext,
    ) -> ::std::result::Result<
        ::std::vec::Vec<super::types::CommandInfo>,
        ::qmp::QmpError,
    > {
        Err(not_found("query-commands"))
    }
    /// `quit`: see [`Quit`](super::commands::Quit).
    fn quit(
        &self,
        _ctx: &mut ::qmp::CallContext,
    ) -> ::std::result::Result<(), ::qmp::QmpError> {
        Err(not_found("quit"))
    }
    /// `query-status`: see [`QueryStatus`](super::commands::QueryStatus).
    fn query_status(
        &self,
        _ctx: &mut ::qmp::CallContext,
    ) -> ::std::result::Result<super::types::StatusInfo, ::qmp::QmpError> {
        Err(not_found("query-status"))
    }
    /// `stop`: see [`Stop`](super::commands::Stop).
    fn stop(
        &self,
        _ctx: &mut ::qmp::CallContext,
    ) -> ::std::result::Result<(), ::qmp::QmpError> {
        Err(not_found("stop"))
    }
    /// `cont`: see [`Cont`](super::commands::Cont).
    fn cont(
        &self,
        _ctx: &mut ::qmp::CallContext,
    ) -> ::std::result::Result<(), ::qmp::QmpError> {
        Err(not_found("cont"))
    }
    /// `system_powerdown`: see [`SystemPowerdown`](super::commands::SystemPowerdown).
    fn system_powerdown(
        &self,
        _ctx: &mut ::qmp::CallContext,
    ) -> ::std::result::Result<(), ::qmp::QmpError> {
        Err(not_found("system_powerdown"))
    }
    /// `query-balloon`: see [`QueryBalloon`](super::commands::QueryBalloon).
    fn query_balloon(
        &self,
        _ctx: &mut ::qmp::CallContext,
    ) -> ::std::result::Result<super::types::BalloonInfo, ::qmp::QmpError> {
        Err(not_found("query-balloon"))
    }
    /// `balloon`: see [`Balloon`](super::commands::Balloon).
    fn balloon(
        &self,
        _ctx: &mut ::qmp::CallContext,
        _args: super::commands::Balloon,
    ) -> ::std::result::Result<(), ::qmp::QmpError> {
        Err(not_found("balloon"))
    }
}
/// The server side in async form, one method per command.
pub trait AsyncServer: Send + Sync + 'static {
    /// `qmp_capabilities`: see [`QmpCapabilities`](super::commands::QmpCapabilities).
    fn qmp_capabilities(
        &self,
        _ctx: ::qmp::CallContext,
        _args: super::commands::QmpCapabilities,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<(), ::qmp::QmpError>,
    > + Send {
        async move { Err(not_found("qmp_capabilities")) }
    }
    /// `query-version`: see [`QueryVersion`](super::commands::QueryVersion).
    fn query_version(
        &self,
        _ctx: ::qmp::CallContext,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<super::types::VersionInfo, ::qmp::QmpError>,
    > + Send {
        async move { Err(not_found("query-version")) }
    }
    /// `query-commands`: see [`QueryCommands`](super::commands::QueryCommands).
    fn query_commands(
        &self,
        _ctx: ::qmp::CallContext,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<
            ::std::vec::Vec<super::types::CommandInfo>,
            ::qmp::QmpError,
        >,
    > + Send {
        async move { Err(not_found("query-commands")) }
    }
    /// `quit`: see [`Quit`](super::commands::Quit).
    fn quit(
        &self,
        _ctx: ::qmp::CallContext,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<(), ::qmp::QmpError>,
    > + Send {
        async move { Err(not_found("quit")) }
    }
    /// `query-status`: see [`QueryStatus`](super::commands::QueryStatus).
    fn query_status(
        &self,
        _ctx: ::qmp::CallContext,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<super::types::StatusInfo, ::qmp::QmpError>,
    > + Send {
        async move { Err(not_found("query-status")) }
    }
    /// `stop`: see [`Stop`](super::commands::Stop).
    fn stop(
        &self,
        _ctx: ::qmp::CallContext,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<(), ::qmp::QmpError>,
    > + Send {
        async move { Err(not_found("stop")) }
    }
    /// `cont`: see [`Cont`](super::commands::Cont).
    fn cont(
        &self,
        _ctx: ::qmp::CallContext,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<(), ::qmp::QmpError>,
    > + Send {
        async move { Err(not_found("cont")) }
    }
    /// `system_powerdown`: see [`SystemPowerdown`](super::commands::SystemPowerdown).
    fn system_powerdown(
        &self,
        _ctx: ::qmp::CallContext,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<(), ::qmp::QmpError>,
    > + Send {
        async move { Err(not_found("system_powerdown")) }
    }
    /// `query-balloon`: see [`QueryBalloon`](super::commands::QueryBalloon).
    fn query_balloon(
        &self,
        _ctx: ::qmp::CallContext,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<super::types::BalloonInfo, ::qmp::QmpError>,
    > + Send {
        async move { Err(not_found("query-balloon")) }
    }
    /// `balloon`: see [`Balloon`](super::commands::Balloon).
    fn balloon(
        &self,
        _ctx: ::qmp::CallContext,
        _args: super::commands::Balloon,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<(), ::qmp::QmpError>,
    > + Send {
        async move { Err(not_found("balloon")) }
    }
}
/// The dispatch table: decodes arguments (QEMU's messages), calls the
/// server's method and encodes its return value (`{}` for none).
pub struct Dispatcher<S>(pub S);
impl<S: Server> ::qmp::Dispatch for Dispatcher<S> {
    fn lookup(&self, name: &str) -> ::std::option::Option<::qmp::CommandInfo> {
        command_info(name)
    }
    fn call(
        &self,
        name: &str,
        args: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
        ctx: &mut ::qmp::CallContext,
    ) -> ::std::result::Result<::serde_json::Value, ::qmp::QmpError> {
        match name {
            "qmp_capabilities" => {
                let args: super::commands::QmpCapabilities = super::support::decode_args(
                    args,
                    &super::support::T_q_obj_qmp_capabilities_arg,
                )?;
                super::support::encode(&self.0.qmp_capabilities(ctx, args)?)
            }
            "query-version" => {
                super::support::decode_args::<
                    super::commands::QueryVersion,
                >(args, &super::support::EMPTY)?;
                super::support::encode(&self.0.query_version(ctx)?)
            }
            "query-commands" => {
                super::support::decode_args::<
                    super::commands::QueryCommands,
                >(args, &super::support::EMPTY)?;
                super::support::encode(&self.0.query_commands(ctx)?)
            }
            "quit" => {
                super::support::decode_args::<
                    super::commands::Quit,
                >(args, &super::support::EMPTY)?;
                super::support::encode(&self.0.quit(ctx)?)
            }
            "query-status" => {
                super::support::decode_args::<
                    super::commands::QueryStatus,
                >(args, &super::support::EMPTY)?;
                super::support::encode(&self.0.query_status(ctx)?)
            }
            "stop" => {
                super::support::decode_args::<
                    super::commands::Stop,
                >(args, &super::support::EMPTY)?;
                super::support::encode(&self.0.stop(ctx)?)
            }
            "cont" => {
                super::support::decode_args::<
                    super::commands::Cont,
                >(args, &super::support::EMPTY)?;
                super::support::encode(&self.0.cont(ctx)?)
            }
            "system_powerdown" => {
                super::support::decode_args::<
                    super::commands::SystemPowerdown,
                >(args, &super::support::EMPTY)?;
                super::support::encode(&self.0.system_powerdown(ctx)?)
            }
            "query-balloon" => {
                super::support::decode_args::<
                    super::commands::QueryBalloon,
                >(args, &super::support::EMPTY)?;
                super::support::encode(&self.0.query_balloon(ctx)?)
            }
            "balloon" => {
                let args: super::commands::Balloon = super::support::decode_args(
                    args,
                    &super::support::T_q_obj_balloon_arg,
                )?;
                super::support::encode(&self.0.balloon(ctx, args)?)
            }
            _ => Err(not_found(name)),
        }
    }
}
/// Dispatches one command to an async server.
pub async fn dispatch_async<S: AsyncServer>(
    server: &S,
    name: &str,
    args: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    ctx: ::qmp::CallContext,
) -> ::std::result::Result<::serde_json::Value, ::qmp::QmpError> {
    match name {
        "qmp_capabilities" => {
            let args: super::commands::QmpCapabilities = super::support::decode_args(
                args,
                &super::support::T_q_obj_qmp_capabilities_arg,
            )?;
            super::support::encode(&server.qmp_capabilities(ctx, args).await?)
        }
        "query-version" => {
            super::support::decode_args::<
                super::commands::QueryVersion,
            >(args, &super::support::EMPTY)?;
            super::support::encode(&server.query_version(ctx).await?)
        }
        "query-commands" => {
            super::support::decode_args::<
                super::commands::QueryCommands,
            >(args, &super::support::EMPTY)?;
            super::support::encode(&server.query_commands(ctx).await?)
        }
        "quit" => {
            super::support::decode_args::<
                super::commands::Quit,
            >(args, &super::support::EMPTY)?;
            super::support::encode(&server.quit(ctx).await?)
        }
        "query-status" => {
            super::support::decode_args::<
                super::commands::QueryStatus,
            >(args, &super::support::EMPTY)?;
            super::support::encode(&server.query_status(ctx).await?)
        }
        "stop" => {
            super::support::decode_args::<
                super::commands::Stop,
            >(args, &super::support::EMPTY)?;
            super::support::encode(&server.stop(ctx).await?)
        }
        "cont" => {
            super::support::decode_args::<
                super::commands::Cont,
            >(args, &super::support::EMPTY)?;
            super::support::encode(&server.cont(ctx).await?)
        }
        "system_powerdown" => {
            super::support::decode_args::<
                super::commands::SystemPowerdown,
            >(args, &super::support::EMPTY)?;
            super::support::encode(&server.system_powerdown(ctx).await?)
        }
        "query-balloon" => {
            super::support::decode_args::<
                super::commands::QueryBalloon,
            >(args, &super::support::EMPTY)?;
            super::support::encode(&server.query_balloon(ctx).await?)
        }
        "balloon" => {
            let args: super::commands::Balloon = super::support::decode_args(
                args,
                &super::support::T_q_obj_balloon_arg,
            )?;
            super::support::encode(&server.balloon(ctx, args).await?)
        }
        _ => Err(not_found(name)),
    }
}
/// The async dispatch table, for the runtime's `Server::new_async`.
pub struct AsyncDispatcher<S>(pub ::std::sync::Arc<S>);
impl<S: AsyncServer> ::qmp::AsyncDispatch for AsyncDispatcher<S> {
    fn lookup(&self, name: &str) -> ::std::option::Option<::qmp::CommandInfo> {
        command_info(name)
    }
    fn call(
        &self,
        name: &str,
        args: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
        ctx: ::qmp::CallContext,
    ) -> ::qmp::dispatch::BoxFuture<
        ::std::result::Result<::serde_json::Value, ::qmp::QmpError>,
    > {
        let server = self.0.clone();
        let name = name.to_string();
        ::std::boxed::Box::pin(async move {
            dispatch_async(&*server, &name, args, ctx).await
        })
    }
}
