use ::qmp as __rt;
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QmpCapabilities {
    /// Protocol features to switch on for this session.  Each one
    /// must have been offered in the server's greeting.  Nothing is
    /// switched on when this is absent.
    pub enable: ::std::option::Option<::std::vec::Vec<super::types::QMPCapability>>,
}
impl __rt::codec::Members for QmpCapabilities {
    #[inline]
    fn decode_members(o: &mut __rt::codec::Obj<'_>) -> ::std::result::Result<Self, __rt::codec::Error> {
        Ok(Self {
            enable: o.opt("enable")?,
        })
    }
    #[inline]
    fn encode_members(&self, o: &mut __rt::codec::Out) {
        o.opt("enable", &self.enable);
    }
}
__rt::wire_members!(QmpCapabilities);
__rt::wire_serde!(QmpCapabilities);
impl __rt::Command for QmpCapabilities {
    const NAME: &'static str = "qmp_capabilities";
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueryVersion {}
impl __rt::codec::Members for QueryVersion {
    #[inline]
    fn decode_members(_: &mut __rt::codec::Obj<'_>) -> ::std::result::Result<Self, __rt::codec::Error> {
        Ok(Self {})
    }
    #[inline]
    fn encode_members(&self, _: &mut __rt::codec::Out) {}
}
__rt::wire_members!(QueryVersion);
__rt::wire_serde!(QueryVersion);
impl __rt::Command for QueryVersion {
    const NAME: &'static str = "query-version";
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueryCommands {}
impl __rt::codec::Members for QueryCommands {
    #[inline]
    fn decode_members(_: &mut __rt::codec::Obj<'_>) -> ::std::result::Result<Self, __rt::codec::Error> {
        Ok(Self {})
    }
    #[inline]
    fn encode_members(&self, _: &mut __rt::codec::Out) {}
}
__rt::wire_members!(QueryCommands);
__rt::wire_serde!(QueryCommands);
impl __rt::Command for QueryCommands {
    const NAME: &'static str = "query-commands";
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Quit {}
impl __rt::codec::Members for Quit {
    #[inline]
    fn decode_members(_: &mut __rt::codec::Obj<'_>) -> ::std::result::Result<Self, __rt::codec::Error> {
        Ok(Self {})
    }
    #[inline]
    fn encode_members(&self, _: &mut __rt::codec::Out) {}
}
__rt::wire_members!(Quit);
__rt::wire_serde!(Quit);
impl __rt::Command for Quit {
    const NAME: &'static str = "quit";
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueryStatus {}
impl __rt::codec::Members for QueryStatus {
    #[inline]
    fn decode_members(_: &mut __rt::codec::Obj<'_>) -> ::std::result::Result<Self, __rt::codec::Error> {
        Ok(Self {})
    }
    #[inline]
    fn encode_members(&self, _: &mut __rt::codec::Out) {}
}
__rt::wire_members!(QueryStatus);
__rt::wire_serde!(QueryStatus);
impl __rt::Command for QueryStatus {
    const NAME: &'static str = "query-status";
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stop {}
impl __rt::codec::Members for Stop {
    #[inline]
    fn decode_members(_: &mut __rt::codec::Obj<'_>) -> ::std::result::Result<Self, __rt::codec::Error> {
        Ok(Self {})
    }
    #[inline]
    fn encode_members(&self, _: &mut __rt::codec::Out) {}
}
__rt::wire_members!(Stop);
__rt::wire_serde!(Stop);
impl __rt::Command for Stop {
    const NAME: &'static str = "stop";
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cont {}
impl __rt::codec::Members for Cont {
    #[inline]
    fn decode_members(_: &mut __rt::codec::Obj<'_>) -> ::std::result::Result<Self, __rt::codec::Error> {
        Ok(Self {})
    }
    #[inline]
    fn encode_members(&self, _: &mut __rt::codec::Out) {}
}
__rt::wire_members!(Cont);
__rt::wire_serde!(Cont);
impl __rt::Command for Cont {
    const NAME: &'static str = "cont";
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SystemPowerdown {}
impl __rt::codec::Members for SystemPowerdown {
    #[inline]
    fn decode_members(_: &mut __rt::codec::Obj<'_>) -> ::std::result::Result<Self, __rt::codec::Error> {
        Ok(Self {})
    }
    #[inline]
    fn encode_members(&self, _: &mut __rt::codec::Out) {}
}
__rt::wire_members!(SystemPowerdown);
__rt::wire_serde!(SystemPowerdown);
impl __rt::Command for SystemPowerdown {
    const NAME: &'static str = "system_powerdown";
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueryBalloon {}
impl __rt::codec::Members for QueryBalloon {
    #[inline]
    fn decode_members(_: &mut __rt::codec::Obj<'_>) -> ::std::result::Result<Self, __rt::codec::Error> {
        Ok(Self {})
    }
    #[inline]
    fn encode_members(&self, _: &mut __rt::codec::Out) {}
}
__rt::wire_members!(QueryBalloon);
__rt::wire_serde!(QueryBalloon);
impl __rt::Command for QueryBalloon {
    const NAME: &'static str = "query-balloon";
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
#[derive(Clone, Debug, PartialEq)]
pub struct Balloon {
    /// The memory size, in bytes, the guest should end up with.
    pub value: i64,
}
impl Balloon {
    /// A value of its members `value`.
    #[inline]
    #[must_use]
    pub fn new(
        value: i64,
    ) -> Self {
        Self {
            value,
        }
    }
}
impl __rt::codec::Members for Balloon {
    #[inline]
    fn decode_members(o: &mut __rt::codec::Obj<'_>) -> ::std::result::Result<Self, __rt::codec::Error> {
        Ok(Self {
            value: o.req("value")?,
        })
    }
    #[inline]
    fn encode_members(&self, o: &mut __rt::codec::Out) {
        o.req("value", &self.value);
    }
}
__rt::wire_members!(Balloon);
__rt::wire_serde!(Balloon);
impl __rt::Command for Balloon {
    const NAME: &'static str = "balloon";
    type Returns = super::support::Empty;
}
/// Decodes a return value of command `name` into its type and
/// encodes it again: `None` for an unknown command, an error naming
/// type and member when it does not fit.
#[inline]
pub fn reencode_return(name: &str, v: &__rt::codec::Value) -> ::std::option::Option<::std::result::Result<__rt::codec::Value, __rt::codec::Error>> {
    Some(match name {
        "qmp_capabilities" => __rt::codec::reencode_reply::<super::support::Empty>(v, &super::support::R_qmp_capabilities, "qmp_capabilities"),
        "query-version" => __rt::codec::reencode_reply::<super::types::VersionInfo>(v, &super::support::R_query_version, "query-version"),
        "query-commands" => __rt::codec::reencode_reply::<::std::vec::Vec<super::types::CommandInfo>>(v, &super::support::R_query_commands, "query-commands"),
        "quit" => __rt::codec::reencode_reply::<super::support::Empty>(v, &super::support::R_quit, "quit"),
        "query-status" => __rt::codec::reencode_reply::<super::types::StatusInfo>(v, &super::support::R_query_status, "query-status"),
        "stop" => __rt::codec::reencode_reply::<super::support::Empty>(v, &super::support::R_stop, "stop"),
        "cont" => __rt::codec::reencode_reply::<super::support::Empty>(v, &super::support::R_cont, "cont"),
        "system_powerdown" => __rt::codec::reencode_reply::<super::support::Empty>(v, &super::support::R_system_powerdown, "system_powerdown"),
        "query-balloon" => __rt::codec::reencode_reply::<super::types::BalloonInfo>(v, &super::support::R_query_balloon, "query-balloon"),
        "balloon" => __rt::codec::reencode_reply::<super::support::Empty>(v, &super::support::R_balloon, "balloon"),
        _ => return None,
    })
}
/// Decodes arguments of command `name` (checked the way QEMU checks
/// them) into its type and encodes them again: `None` for an
/// unknown command, an error naming type and member when they do
/// not fit.
#[inline]
pub fn reencode_args(name: &str, v: &__rt::codec::Value) -> ::std::option::Option<::std::result::Result<__rt::codec::Value, __rt::codec::Error>> {
    Some(match name {
        "qmp_capabilities" => __rt::codec::reencode_request::<QmpCapabilities>(v, &super::support::T_q_obj_qmp_capabilities_arg, "qmp_capabilities"),
        "query-version" => __rt::codec::reencode_request::<QueryVersion>(v, &super::support::EMPTY, "query-version"),
        "query-commands" => __rt::codec::reencode_request::<QueryCommands>(v, &super::support::EMPTY, "query-commands"),
        "quit" => __rt::codec::reencode_request::<Quit>(v, &super::support::EMPTY, "quit"),
        "query-status" => __rt::codec::reencode_request::<QueryStatus>(v, &super::support::EMPTY, "query-status"),
        "stop" => __rt::codec::reencode_request::<Stop>(v, &super::support::EMPTY, "stop"),
        "cont" => __rt::codec::reencode_request::<Cont>(v, &super::support::EMPTY, "cont"),
        "system_powerdown" => __rt::codec::reencode_request::<SystemPowerdown>(v, &super::support::EMPTY, "system_powerdown"),
        "query-balloon" => __rt::codec::reencode_request::<QueryBalloon>(v, &super::support::EMPTY, "query-balloon"),
        "balloon" => __rt::codec::reencode_request::<Balloon>(v, &super::support::T_q_obj_balloon_arg, "balloon"),
        _ => return None,
    })
}
