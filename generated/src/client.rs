use ::qmp as __rt;
use __rt::client::ClientError;
use __rt::codec::{Ty, Wire};
use ::std::result::Result;
use ::std::future::Future;

/// A typed method per command for the blocking client.
pub trait BlockingClient {
    /// Runs a command (out-of-band when the command allows it and `oob`
    /// was negotiated) and decodes its reply, described by `ret`.
    fn call_command<C: __rt::Command>(&mut self, cmd: &C, ret: &Ty) -> Result<C::Returns, ClientError> where C::Returns: Wire;
    /// `qmp_capabilities`: see [`QmpCapabilities`](super::commands::QmpCapabilities).
    fn qmp_capabilities(&mut self, args: super::commands::QmpCapabilities) -> Result<(), ClientError> { self.call_command(&args, &super::support::R_qmp_capabilities).map(drop) }
    /// `query-version`: see [`QueryVersion`](super::commands::QueryVersion).
    fn query_version(&mut self) -> Result<super::types::VersionInfo, ClientError> { self.call_command(&super::commands::QueryVersion {}, &super::support::R_query_version) }
    /// `query-commands`: see [`QueryCommands`](super::commands::QueryCommands).
    fn query_commands(&mut self) -> Result<::std::vec::Vec<super::types::CommandInfo>, ClientError> { self.call_command(&super::commands::QueryCommands {}, &super::support::R_query_commands) }
    /// `quit`: see [`Quit`](super::commands::Quit).
    fn quit(&mut self) -> Result<(), ClientError> { self.call_command(&super::commands::Quit {}, &super::support::R_quit).map(drop) }
    /// `query-status`: see [`QueryStatus`](super::commands::QueryStatus).
    fn query_status(&mut self) -> Result<super::types::StatusInfo, ClientError> { self.call_command(&super::commands::QueryStatus {}, &super::support::R_query_status) }
    /// `stop`: see [`Stop`](super::commands::Stop).
    fn stop(&mut self) -> Result<(), ClientError> { self.call_command(&super::commands::Stop {}, &super::support::R_stop).map(drop) }
    /// `cont`: see [`Cont`](super::commands::Cont).
    fn cont(&mut self) -> Result<(), ClientError> { self.call_command(&super::commands::Cont {}, &super::support::R_cont).map(drop) }
    /// `system_powerdown`: see [`SystemPowerdown`](super::commands::SystemPowerdown).
    fn system_powerdown(&mut self) -> Result<(), ClientError> { self.call_command(&super::commands::SystemPowerdown {}, &super::support::R_system_powerdown).map(drop) }
    /// `query-balloon`: see [`QueryBalloon`](super::commands::QueryBalloon).
    fn query_balloon(&mut self) -> Result<super::types::BalloonInfo, ClientError> { self.call_command(&super::commands::QueryBalloon {}, &super::support::R_query_balloon) }
    /// `balloon`: see [`Balloon`](super::commands::Balloon).
    fn balloon(&mut self, args: super::commands::Balloon) -> Result<(), ClientError> { self.call_command(&args, &super::support::R_balloon).map(drop) }
}
impl BlockingClient for __rt::client::blocking::Client {
    fn call_command<C: __rt::Command>(&mut self, cmd: &C, ret: &Ty) -> Result<C::Returns, ClientError> where C::Returns: Wire {
        let args = __rt::command::command_arguments(cmd)?;
        self.call_typed(C::NAME, args, C::ALLOW_OOB && self.oob_enabled(), ret)
    }
}
impl BlockingClient for __rt::client::agent::blocking::Client {
    fn call_command<C: __rt::Command>(&mut self, cmd: &C, ret: &Ty) -> Result<C::Returns, ClientError> where C::Returns: Wire {
        let v = self.execute_json(cmd)?;
        Ok(__rt::codec::decode_reply(&v, ret, C::NAME)?)
    }
}

/// A typed method per command for the tokio client.
pub trait AsyncClient {
    /// Runs a command and decodes its reply, described by `ret`.
    fn call_command<C: __rt::Command + Send>(&self, cmd: C, ret: &'static Ty) -> impl Future<Output = Result<C::Returns, ClientError>> + Send where C::Returns: Wire;
    /// Runs a command and discards its reply (`{}`).
    fn call_command_unit<C: __rt::Command + Send>(&self, cmd: C) -> impl Future<Output = Result<(), ClientError>> + Send;
    /// `qmp_capabilities`: see [`QmpCapabilities`](super::commands::QmpCapabilities).
    fn qmp_capabilities(&self, args: super::commands::QmpCapabilities) -> impl Future<Output = Result<(), ClientError>> + Send { self.call_command_unit(args) }
    /// `query-version`: see [`QueryVersion`](super::commands::QueryVersion).
    fn query_version(&self) -> impl Future<Output = Result<super::types::VersionInfo, ClientError>> + Send { self.call_command(super::commands::QueryVersion {}, &super::support::R_query_version) }
    /// `query-commands`: see [`QueryCommands`](super::commands::QueryCommands).
    fn query_commands(&self) -> impl Future<Output = Result<::std::vec::Vec<super::types::CommandInfo>, ClientError>> + Send { self.call_command(super::commands::QueryCommands {}, &super::support::R_query_commands) }
    /// `quit`: see [`Quit`](super::commands::Quit).
    fn quit(&self) -> impl Future<Output = Result<(), ClientError>> + Send { self.call_command_unit(super::commands::Quit {}) }
    /// `query-status`: see [`QueryStatus`](super::commands::QueryStatus).
    fn query_status(&self) -> impl Future<Output = Result<super::types::StatusInfo, ClientError>> + Send { self.call_command(super::commands::QueryStatus {}, &super::support::R_query_status) }
    /// `stop`: see [`Stop`](super::commands::Stop).
    fn stop(&self) -> impl Future<Output = Result<(), ClientError>> + Send { self.call_command_unit(super::commands::Stop {}) }
    /// `cont`: see [`Cont`](super::commands::Cont).
    fn cont(&self) -> impl Future<Output = Result<(), ClientError>> + Send { self.call_command_unit(super::commands::Cont {}) }
    /// `system_powerdown`: see [`SystemPowerdown`](super::commands::SystemPowerdown).
    fn system_powerdown(&self) -> impl Future<Output = Result<(), ClientError>> + Send { self.call_command_unit(super::commands::SystemPowerdown {}) }
    /// `query-balloon`: see [`QueryBalloon`](super::commands::QueryBalloon).
    fn query_balloon(&self) -> impl Future<Output = Result<super::types::BalloonInfo, ClientError>> + Send { self.call_command(super::commands::QueryBalloon {}, &super::support::R_query_balloon) }
    /// `balloon`: see [`Balloon`](super::commands::Balloon).
    fn balloon(&self, args: super::commands::Balloon) -> impl Future<Output = Result<(), ClientError>> + Send { self.call_command_unit(args) }
}
impl AsyncClient for __rt::client::tokio::Client {
    fn call_command<C: __rt::Command + Send>(&self, cmd: C, ret: &'static Ty) -> impl Future<Output = Result<C::Returns, ClientError>> + Send where C::Returns: Wire {
        async move {
            let args = __rt::command::command_arguments(&cmd)?;
            self.call_typed(C::NAME, args, C::ALLOW_OOB && self.oob_enabled(), ret).await
        }
    }
    fn call_command_unit<C: __rt::Command + Send>(&self, cmd: C) -> impl Future<Output = Result<(), ClientError>> + Send {
        async move {
            let args = __rt::command::command_arguments(&cmd)?;
            let _ = if C::ALLOW_OOB && self.oob_enabled() {
                self.execute_oob_raw(C::NAME, args).await?
            } else {
                self.execute_raw(C::NAME, args).await?
            };
            Ok(())
        }
    }
}
impl AsyncClient for __rt::client::agent::tokio::Client {
    fn call_command<C: __rt::Command + Send>(&self, cmd: C, ret: &'static Ty) -> impl Future<Output = Result<C::Returns, ClientError>> + Send where C::Returns: Wire {
        async move {
            let args = __rt::command::command_arguments(&cmd)?;
            let v = self.call_raw(C::NAME, args, C::SUCCESS_RESPONSE).await?;
            Ok(__rt::codec::decode_reply(&v, ret, C::NAME)?)
        }
    }
    fn call_command_unit<C: __rt::Command + Send>(&self, cmd: C) -> impl Future<Output = Result<(), ClientError>> + Send {
        async move {
            let args = __rt::command::command_arguments(&cmd)?;
            let _ = self.call_raw(C::NAME, args, C::SUCCESS_RESPONSE).await?;
            Ok(())
        }
    }
}
