pub use super::support::Empty;
/// Leave capability negotiation mode and start accepting ordinary
/// commands.  Until a client has sent this command, every other
/// command is refused.
///
/// Since: 0.13
///
/// .. qmp-example::
///
/// ```text
/// -> { "execute": "qmp_capabilities",
///      "arguments": { "enable": [ "oob" ] } }
/// <- { "return": {} }
/// ```
#[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct QmpCapabilities {
    /// Protocol features to switch on for this session.  Each one
    /// must have been offered in the server's greeting.  Nothing is
    /// switched on when this is absent.
    #[serde(rename = "enable", default, skip_serializing_if = "Option::is_none")]
    pub enable: ::std::option::Option<::std::vec::Vec<super::types::QMPCapability>>,
}
impl ::qmp::Command for QmpCapabilities {
    const NAME: &'static str = "qmp_capabilities";
    const ALLOW_OOB: bool = false;
    type Returns = super::support::Empty;
}
/// Ask the server for its release number.
///
/// Returns: The release number and build label.
///
/// Since: 0.14
///
/// .. qmp-example::
///
/// ```text
/// -> { "execute": "query-version" }
/// <- { "return": {
///          "qemu": { "major": 10, "minor": 0, "micro": 2 },
///          "package": "" } }
/// ```
#[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct QueryVersion {}
impl ::qmp::Command for QueryVersion {
    const NAME: &'static str = "query-version";
    const ALLOW_OOB: bool = false;
    type Returns = super::types::VersionInfo;
}
/// List every command the server accepts right now.
///
/// Returns: One entry per available command.
///
/// Since: 0.14
///
/// .. qmp-example::
///
/// ```text
/// -> { "execute": "query-commands" }
/// <- { "return": [ { "name": "query-balloon" },
///                  ...
///                  { "name": "system_powerdown" } ] }
/// ```
#[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct QueryCommands {}
impl ::qmp::Command for QueryCommands {
    const NAME: &'static str = "query-commands";
    const ALLOW_OOB: bool = false;
    type Returns = ::std::vec::Vec<super::types::CommandInfo>;
}
/// Make the server exit at once, without giving the guest a chance to
/// shut down cleanly.
///
/// Since: 0.14
///
/// .. qmp-example::
///
/// ```text
/// -> { "execute": "quit" }
/// <- { "return": {} }
/// ```
#[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct Quit {}
impl ::qmp::Command for Quit {
    const NAME: &'static str = "quit";
    const ALLOW_OOB: bool = false;
    type Returns = super::support::Empty;
}
/// Report whether the guest runs and which phase it is in.
///
/// Returns: The current state of the machine.
///
/// Since: 0.14
///
/// .. qmp-example::
///
/// ```text
/// -> { "execute": "query-status" }
/// <- { "return": { "running": false,
///                  "status": "paused" } }
/// ```
#[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct QueryStatus {}
impl ::qmp::Command for QueryStatus {
    const NAME: &'static str = "query-status";
    const ALLOW_OOB: bool = false;
    type Returns = super::types::StatusInfo;
}
/// Pause every virtual CPU.  The guest keeps its state and can be
/// resumed with `cont`.
///
/// Since: 0.14
///
/// .. qmp-example::
///
/// ```text
/// -> { "execute": "stop" }
/// <- { "return": {} }
/// ```
#[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct Stop {}
impl ::qmp::Command for Stop {
    const NAME: &'static str = "stop";
    const ALLOW_OOB: bool = false;
    type Returns = super::support::Empty;
}
/// Let a paused guest run again.  Nothing happens if it is already
/// running.
///
/// Since: 0.14
///
/// .. qmp-example::
///
/// ```text
/// -> { "execute": "cont" }
/// <- { "return": {} }
/// ```
#[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct Cont {}
impl ::qmp::Command for Cont {
    const NAME: &'static str = "cont";
    const ALLOW_OOB: bool = false;
    type Returns = super::support::Empty;
}
/// Press the virtual power button.  The guest decides what to do about
/// it; an operating system without power management may ignore it.
///
/// Since: 0.14
///
/// .. qmp-example::
///
/// ```text
/// -> { "execute": "system_powerdown" }
/// <- { "return": {} }
/// ```
#[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct SystemPowerdown {}
impl ::qmp::Command for SystemPowerdown {
    const NAME: &'static str = "system_powerdown";
    const ALLOW_OOB: bool = false;
    type Returns = super::support::Empty;
}
/// Ask how much memory the guest has left once the balloon is taken
/// into account.
///
/// Returns: The guest's current memory size.
///
/// Errors: - If the machine has no balloon device, DeviceNotActive
///
/// Since: 0.14
///
/// .. qmp-example::
///
/// ```text
/// -> { "execute": "query-balloon" }
/// <- { "return": { "actual": 1073741824 } }
/// ```
#[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct QueryBalloon {}
impl ::qmp::Command for QueryBalloon {
    const NAME: &'static str = "query-balloon";
    const ALLOW_OOB: bool = false;
    type Returns = super::types::BalloonInfo;
}
/// Ask the guest to grow or shrink its balloon until the guest is left
/// with the given amount of memory.  The command returns at once; the
/// guest may take a while to comply, or may not comply at all.  Watch
/// for `BALLOON_CHANGE` to learn the outcome.
///
/// Errors: - If the machine has no balloon device, DeviceNotActive
/// - If `value` is not a positive size, GenericError
///
/// Since: 0.14
///
/// .. qmp-example::
///
/// ```text
/// -> { "execute": "balloon", "arguments": { "value": 536870912 } }
/// <- { "return": {} }
/// ```
#[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct Balloon {
    /// The memory size, in bytes, the guest should end up with.
    #[serde(rename = "value")]
    pub value: i64,
}
impl ::qmp::Command for Balloon {
    const NAME: &'static str = "balloon";
    const ALLOW_OOB: bool = false;
    type Returns = super::support::Empty;
}
/// Decodes a return value of command `name` into its type and
/// encodes it again: `None` for an unknown command, an error naming
/// type and member when it does not fit.
pub fn reencode_return(
    name: &str,
    v: &::serde_json::Value,
) -> ::std::option::Option<
    ::std::result::Result<::serde_json::Value, ::serde_json::Error>,
> {
    Some(
        match name {
            "qmp_capabilities" => {
                super::support::decode_reply::<
                    super::support::Empty,
                >(v, &super::support::R_qmp_capabilities, "qmp_capabilities")
                    .and_then(|r| ::serde_json::to_value(&r))
            }
            "query-version" => {
                super::support::decode_reply::<
                    super::types::VersionInfo,
                >(v, &super::support::R_query_version, "query-version")
                    .and_then(|r| ::serde_json::to_value(&r))
            }
            "query-commands" => {
                super::support::decode_reply::<
                    ::std::vec::Vec<super::types::CommandInfo>,
                >(v, &super::support::R_query_commands, "query-commands")
                    .and_then(|r| ::serde_json::to_value(&r))
            }
            "quit" => {
                super::support::decode_reply::<
                    super::support::Empty,
                >(v, &super::support::R_quit, "quit")
                    .and_then(|r| ::serde_json::to_value(&r))
            }
            "query-status" => {
                super::support::decode_reply::<
                    super::types::StatusInfo,
                >(v, &super::support::R_query_status, "query-status")
                    .and_then(|r| ::serde_json::to_value(&r))
            }
            "stop" => {
                super::support::decode_reply::<
                    super::support::Empty,
                >(v, &super::support::R_stop, "stop")
                    .and_then(|r| ::serde_json::to_value(&r))
            }
            "cont" => {
                super::support::decode_reply::<
                    super::support::Empty,
                >(v, &super::support::R_cont, "cont")
                    .and_then(|r| ::serde_json::to_value(&r))
            }
            "system_powerdown" => {
                super::support::decode_reply::<
                    super::support::Empty,
                >(v, &super::support::R_system_powerdown, "system_powerdown")
                    .and_then(|r| ::serde_json::to_value(&r))
            }
            "query-balloon" => {
                super::support::decode_reply::<
                    super::types::BalloonInfo,
                >(v, &super::support::R_query_balloon, "query-balloon")
                    .and_then(|r| ::serde_json::to_value(&r))
            }
            "balloon" => {
                super::support::decode_reply::<
                    super::support::Empty,
                >(v, &super::support::R_balloon, "balloon")
                    .and_then(|r| ::serde_json::to_value(&r))
            }
            _ => return None,
        },
    )
}
/// Decodes arguments of command `name` (checked the way QEMU checks
/// them) into its type and encodes them again: `None` for an
/// unknown command, an error naming type and member when they do
/// not fit.
pub fn reencode_args(
    name: &str,
    v: &::serde_json::Value,
) -> ::std::option::Option<
    ::std::result::Result<::serde_json::Value, ::serde_json::Error>,
> {
    Some(
        match name {
            "qmp_capabilities" => {
                super::support::decode_request::<
                    QmpCapabilities,
                >(v, &super::support::T_q_obj_qmp_capabilities_arg, "qmp_capabilities")
                    .and_then(|a| ::serde_json::to_value(&a))
            }
            "query-version" => {
                super::support::decode_request::<
                    QueryVersion,
                >(v, &super::support::EMPTY, "query-version")
                    .and_then(|a| ::serde_json::to_value(&a))
            }
            "query-commands" => {
                super::support::decode_request::<
                    QueryCommands,
                >(v, &super::support::EMPTY, "query-commands")
                    .and_then(|a| ::serde_json::to_value(&a))
            }
            "quit" => {
                super::support::decode_request::<Quit>(v, &super::support::EMPTY, "quit")
                    .and_then(|a| ::serde_json::to_value(&a))
            }
            "query-status" => {
                super::support::decode_request::<
                    QueryStatus,
                >(v, &super::support::EMPTY, "query-status")
                    .and_then(|a| ::serde_json::to_value(&a))
            }
            "stop" => {
                super::support::decode_request::<Stop>(v, &super::support::EMPTY, "stop")
                    .and_then(|a| ::serde_json::to_value(&a))
            }
            "cont" => {
                super::support::decode_request::<Cont>(v, &super::support::EMPTY, "cont")
                    .and_then(|a| ::serde_json::to_value(&a))
            }
            "system_powerdown" => {
                super::support::decode_request::<
                    SystemPowerdown,
                >(v, &super::support::EMPTY, "system_powerdown")
                    .and_then(|a| ::serde_json::to_value(&a))
            }
            "query-balloon" => {
                super::support::decode_request::<
                    QueryBalloon,
                >(v, &super::support::EMPTY, "query-balloon")
                    .and_then(|a| ::serde_json::to_value(&a))
            }
            "balloon" => {
                super::support::decode_request::<
                    Balloon,
                >(v, &super::support::T_q_obj_balloon_arg, "balloon")
                    .and_then(|a| ::serde_json::to_value(&a))
            }
            _ => return None,
        },
    )
}
