use ::qmp::client::ClientError;
/// Runs a command on a blocking client (out-of-band when the command
/// allows it and `oob` was negotiated) and decodes its reply.
pub fn call_blocking<C: ::qmp::Command>(
    client: &mut ::qmp::client::blocking::Client,
    cmd: &C,
    ret: &super::support::Ty,
) -> ::std::result::Result<C::Returns, ClientError> {
    let args = ::qmp::command::command_arguments(cmd)?;
    let v = if C::ALLOW_OOB && client.oob_enabled() {
        client.execute_oob_raw(C::NAME, args)?
    } else {
        client.execute_raw(C::NAME, args)?
    };
    Ok(super::support::decode_reply(&v, ret, C::NAME)?)
}
/// Runs a command on a tokio client and decodes its reply.
pub async fn call_async<C: ::qmp::Command>(
    client: &::qmp::client::tokio::Client,
    cmd: &C,
    ret: &super::support::Ty,
) -> ::std::result::Result<C::Returns, ClientError> {
    let args = ::qmp::command::command_arguments(cmd)?;
    let v = if C::ALLOW_OOB && client.oob_enabled() {
        client.execute_oob_raw(C::NAME, args).await?
    } else {
        client.execute_raw(C::NAME, args).await?
    };
    Ok(super::support::decode_reply(&v, ret, C::NAME)?)
}
/// A typed method per command for the blocking client.
pub trait BlockingClient {
    /// `qmp_capabilities`: see [`QmpCapabilities`](super::commands::QmpCapabilities).
    fn qmp_capabilities(
        &mut self,
        args: super::commands::QmpCapabilities,
    ) -> ::std::result::Result<(), ::qmp::client::ClientError>;
    /// `query-version`: see [`QueryVersion`](super::commands::QueryVersion).
    fn query_version(
        &mut self,
    ) -> ::std::result::Result<super::types::VersionInfo, ::qmp::client::ClientError>;
    /// `query-commands`: see [`QueryCommands`](super::commands::QueryCommands).
    fn query_commands(
        &mut self,
    ) -> ::std::result::Result<
        ::std::vec::Vec<super::types::CommandInfo>,
        ::qmp::client::ClientError,
    >;
    /// `quit`: see [`Quit`](super::commands::Quit).
    fn quit(&mut self) -> ::std::result::Result<(), ::qmp::client::ClientError>;
    /// `query-status`: see [`QueryStatus`](super::commands::QueryStatus).
    fn query_status(
        &mut self,
    ) -> ::std::result::Result<super::types::StatusInfo, ::qmp::client::ClientError>;
    /// `stop`: see [`Stop`](super::commands::Stop).
    fn stop(&mut self) -> ::std::result::Result<(), ::qmp::client::ClientError>;
    /// `cont`: see [`Cont`](super::commands::Cont).
    fn cont(&mut self) -> ::std::result::Result<(), ::qmp::client::ClientError>;
    /// `system_powerdown`: see [`SystemPowerdown`](super::commands::SystemPowerdown).
    fn system_powerdown(
        &mut self,
    ) -> ::std::result::Result<(), ::qmp::client::ClientError>;
    /// `query-balloon`: see [`QueryBalloon`](super::commands::QueryBalloon).
    fn query_balloon(
        &mut self,
    ) -> ::std::result::Result<super::types::BalloonInfo, ::qmp::client::ClientError>;
    /// `balloon`: see [`Balloon`](super::commands::Balloon).
    fn balloon(
        &mut self,
        args: super::commands::Balloon,
    ) -> ::std::result::Result<(), ::qmp::client::ClientError>;
}
impl BlockingClient for ::qmp::client::blocking::Client {
    fn qmp_capabilities(
        &mut self,
        args: super::commands::QmpCapabilities,
    ) -> ::std::result::Result<(), ::qmp::client::ClientError> {
        call_blocking(self, &args, &super::support::R_qmp_capabilities).map(|_| ())
    }
    fn query_version(
        &mut self,
    ) -> ::std::result::Result<super::types::VersionInfo, ::qmp::client::ClientError> {
        call_blocking(
            self,
            &super::commands::QueryVersion {},
            &super::support::R_query_version,
        )
    }
    fn query_commands(
        &mut self,
    ) -> ::std::result::Result<
        ::std::vec::Vec<super::types::CommandInfo>,
        ::qmp::client::ClientError,
    > {
        call_blocking(
            self,
            &super::commands::QueryCommands {},
            &super::support::R_query_commands,
        )
    }
    fn quit(&mut self) -> ::std::result::Result<(), ::qmp::client::ClientError> {
        call_blocking(self, &super::commands::Quit {}, &super::support::R_quit)
            .map(|_| ())
    }
    fn query_status(
        &mut self,
    ) -> ::std::result::Result<super::types::StatusInfo, ::qmp::client::ClientError> {
        call_blocking(
            self,
            &super::commands::QueryStatus {},
            &super::support::R_query_status,
        )
    }
    fn stop(&mut self) -> ::std::result::Result<(), ::qmp::client::ClientError> {
        call_blocking(self, &super::commands::Stop {}, &super::support::R_stop)
            .map(|_| ())
    }
    fn cont(&mut self) -> ::std::result::Result<(), ::qmp::client::ClientError> {
        call_blocking(self, &super::commands::Cont {}, &super::support::R_cont)
            .map(|_| ())
    }
    fn system_powerdown(
        &mut self,
    ) -> ::std::result::Result<(), ::qmp::client::ClientError> {
        call_blocking(
                self,
                &super::commands::SystemPowerdown {
                },
                &super::support::R_system_powerdown,
            )
            .map(|_| ())
    }
    fn query_balloon(
        &mut self,
    ) -> ::std::result::Result<super::types::BalloonInfo, ::qmp::client::ClientError> {
        call_blocking(
            self,
            &super::commands::QueryBalloon {},
            &super::support::R_query_balloon,
        )
    }
    fn balloon(
        &mut self,
        args: super::commands::Balloon,
    ) -> ::std::result::Result<(), ::qmp::client::ClientError> {
        call_blocking(self, &args, &super::support::R_balloon).map(|_| ())
    }
}
/// A typed method per command for the tokio client.
pub trait AsyncClient {
    /// `qmp_capabilities`: see [`QmpCapabilities`](super::commands::QmpCapabilities).
    fn qmp_capabilities(
        &self,
        args: super::commands::QmpCapabilities,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<(), ::qmp::client::ClientError>,
    > + Send;
    /// `query-version`: see [`QueryVersion`](super::commands::QueryVersion).
    fn query_version(
        &self,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<
            super::types::VersionInfo,
            ::qmp::client::ClientError,
        >,
    > + Send;
    /// `query-commands`: see [`QueryCommands`](super::commands::QueryCommands).
    fn query_commands(
        &self,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<
            ::std::vec::Vec<super::types::CommandInfo>,
            ::qmp::client::ClientError,
        >,
    > + Send;
    /// `quit`: see [`Quit`](super::commands::Quit).
    fn quit(
        &self,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<(), ::qmp::client::ClientError>,
    > + Send;
    /// `query-status`: see [`QueryStatus`](super::commands::QueryStatus).
    fn query_status(
        &self,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<
            super::types::StatusInfo,
            ::qmp::client::ClientError,
        >,
    > + Send;
    /// `stop`: see [`Stop`](super::commands::Stop).
    fn stop(
        &self,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<(), ::qmp::client::ClientError>,
    > + Send;
    /// `cont`: see [`Cont`](super::commands::Cont).
    fn cont(
        &self,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<(), ::qmp::client::ClientError>,
    > + Send;
    /// `system_powerdown`: see [`SystemPowerdown`](super::commands::SystemPowerdown).
    fn system_powerdown(
        &self,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<(), ::qmp::client::ClientError>,
    > + Send;
    /// `query-balloon`: see [`QueryBalloon`](super::commands::QueryBalloon).
    fn query_balloon(
        &self,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<
            super::types::BalloonInfo,
            ::qmp::client::ClientError,
        >,
    > + Send;
    /// `balloon`: see [`Balloon`](super::commands::Balloon).
    fn balloon(
        &self,
        args: super::commands::Balloon,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<(), ::qmp::client::ClientError>,
    > + Send;
}
impl AsyncClient for ::qmp::client::tokio::Client {
    fn qmp_capabilities(
        &self,
        args: super::commands::QmpCapabilities,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<(), ::qmp::client::ClientError>,
    > + Send {
        async move {
            call_async(self, &args, &super::support::R_qmp_capabilities)
                .await
                .map(|_| ())
        }
    }
    fn query_version(
        &self,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<
            super::types::VersionInfo,
            ::qmp::client::ClientError,
        >,
    > + Send {
        async move {
            call_async(
                    self,
                    &super::commands::QueryVersion {},
                    &super::support::R_query_version,
                )
                .await
        }
    }
    fn query_commands(
        &self,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<
            ::std::vec::Vec<super::types::CommandInfo>,
            ::qmp::client::ClientError,
        >,
    > + Send {
        async move {
            call_async(
                    self,
                    &super::commands::QueryCommands {},
                    &super::support::R_query_commands,
                )
                .await
        }
    }
    fn quit(
        &self,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<(), ::qmp::client::ClientError>,
    > + Send {
        async move {
            call_async(self, &super::commands::Quit {}, &super::support::R_quit)
                .await
                .map(|_| ())
        }
    }
    fn query_status(
        &self,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<
            super::types::StatusInfo,
            ::qmp::client::ClientError,
        >,
    > + Send {
        async move {
            call_async(
                    self,
                    &super::commands::QueryStatus {},
                    &super::support::R_query_status,
                )
                .await
        }
    }
    fn stop(
        &self,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<(), ::qmp::client::ClientError>,
    > + Send {
        async move {
            call_async(self, &super::commands::Stop {}, &super::support::R_stop)
                .await
                .map(|_| ())
        }
    }
    fn cont(
        &self,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<(), ::qmp::client::ClientError>,
    > + Send {
        async move {
            call_async(self, &super::commands::Cont {}, &super::support::R_cont)
                .await
                .map(|_| ())
        }
    }
    fn system_powerdown(
        &self,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<(), ::qmp::client::ClientError>,
    > + Send {
        async move {
            call_async(
                    self,
                    &super::commands::SystemPowerdown {
                    },
                    &super::support::R_system_powerdown,
                )
                .await
                .map(|_| ())
        }
    }
    fn query_balloon(
        &self,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<
            super::types::BalloonInfo,
            ::qmp::client::ClientError,
        >,
    > + Send {
        async move {
            call_async(
                    self,
                    &super::commands::QueryBalloon {},
                    &super::support::R_query_balloon,
                )
                .await
        }
    }
    fn balloon(
        &self,
        args: super::commands::Balloon,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<(), ::qmp::client::ClientError>,
    > + Send {
        async move {
            call_async(self, &args, &super::support::R_balloon).await.map(|_| ())
        }
    }
}
