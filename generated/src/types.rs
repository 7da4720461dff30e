/// The enum `QType` (not documented in the schema).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QType {
    /// Not documented in the schema.
    None,
    /// Not documented in the schema.
    Qnull,
    /// Not documented in the schema.
    Qnum,
    /// Not documented in the schema.
    Qstring,
    /// Not documented in the schema.
    Qdict,
    /// Not documented in the schema.
    Qlist,
    /// Not documented in the schema.
    Qbool,
    /// A value these bindings do not know (kept as sent).
    Unknown(::std::string::String),
}
impl QType {
    /// Every value these bindings know, in schema order.
    pub const ALL: &'static [QType] = &[
        QType::None,
        QType::Qnull,
        QType::Qnum,
        QType::Qstring,
        QType::Qdict,
        QType::Qlist,
        QType::Qbool,
    ];
    /// The value as on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            QType::None => "none",
            QType::Qnull => "qnull",
            QType::Qnum => "qnum",
            QType::Qstring => "qstring",
            QType::Qdict => "qdict",
            QType::Qlist => "qlist",
            QType::Qbool => "qbool",
            QType::Unknown(s) => s,
        }
    }
}
impl ::std::convert::From<&str> for QType {
    fn from(s: &str) -> Self {
        match s {
            "none" => QType::None,
            "qnull" => QType::Qnull,
            "qnum" => QType::Qnum,
            "qstring" => QType::Qstring,
            "qdict" => QType::Qdict,
            "qlist" => QType::Qlist,
            "qbool" => QType::Qbool,
            _ => QType::Unknown(s.to_string()),
        }
    }
}
impl ::std::fmt::Display for QType {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(self.as_str())
    }
}
impl ::serde::Serialize for QType {
    fn serialize<S: ::serde::Serializer>(
        &self,
        s: S,
    ) -> ::std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
impl<'de> ::serde::Deserialize<'de> for QType {
    fn deserialize<D: ::serde::Deserializer<'de>>(
        d: D,
    ) -> ::std::result::Result<Self, D::Error> {
        let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
        Ok(QType::from(&*s))
    }
}
/// Optional protocol features a client may switch on while the
/// session is still negotiating.
///
/// Since: 2.12
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QMPCapability {
    /// Out-of-band execution: commands marked for it may overtake
    /// commands that are still queued.
    Oob,
    /// A value these bindings do not know (kept as sent).
    Unknown(::std::string::String),
}
impl QMPCapability {
    /// Every value these bindings know, in schema order.
    pub const ALL: &'static [QMPCapability] = &[QMPCapability::Oob];
    /// The value as on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            QMPCapability::Oob => "oob",
            QMPCapability::Unknown(s) => s,
        }
    }
}
impl ::std::convert::From<&str> for QMPCapability {
    fn from(s: &str) -> Self {
        match s {
            "oob" => QMPCapability::Oob,
            _ => QMPCapability::Unknown(s.to_string()),
        }
    }
}
impl ::std::fmt::Display for QMPCapability {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(self.as_str())
    }
}
impl ::serde::Serialize for QMPCapability {
    fn serialize<S: ::serde::Serializer>(
        &self,
        s: S,
    ) -> ::std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
impl<'de> ::serde::Deserialize<'de> for QMPCapability {
    fn deserialize<D: ::serde::Deserializer<'de>>(
        d: D,
    ) -> ::std::result::Result<Self, D::Error> {
        let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
        Ok(QMPCapability::from(&*s))
    }
}
/// A release number in three parts.
///
/// Since: 2.4
#[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct VersionTriple {
    /// The part that changes with each yearly series.
    #[serde(rename = "major")]
    pub major: i64,
    /// The release within the series.
    #[serde(rename = "minor")]
    pub minor: i64,
    /// The stable or development revision of that release.
    #[serde(rename = "micro")]
    pub micro: i64,
}
/// Which server build is answering.
///
/// Since: 0.14
#[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct VersionInfo {
    /// The release number of the server.
    #[serde(rename = "qemu")]
    pub qemu: VersionTriple,
    /// Free-form text a distributor may add to identify its own
    /// build, or an empty string.
    #[serde(rename = "package")]
    pub package: ::std::string::String,
}
/// One entry of the command table.
///
/// Since: 0.14
#[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct CommandInfo {
    /// The name a client uses to run the command.
    #[serde(rename = "name")]
    pub name: ::std::string::String,
}
/// The phases a virtual machine goes through.
///
/// Since: 0.14
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RunState {
    /// A debugger attached to the guest has halted it.
    Debug,
    /// The machine waits for its state to arrive from an
    /// incoming migration.
    Inmigrate,
    /// The emulator hit an error it cannot recover from;
    /// only a reset gets the guest going again.
    InternalError,
    /// A disk request failed and the error policy asked for the
    /// guest to be paused.
    IoError,
    /// A client or the user paused the guest.
    Paused,
    /// Outgoing migration has finished and the guest is
    /// parked.
    Postmigrate,
    /// The machine is built but the guest has never run.
    Prelaunch,
    /// The last part of the guest state is being sent to
    /// the migration target.
    FinishMigrate,
    /// A saved snapshot is being loaded.
    RestoreVm,
    /// The guest is executing.
    Running,
    /// A snapshot of the guest is being written.
    SaveVm,
    /// The guest has powered itself off and the server was told
    /// not to exit when that happens.
    Shutdown,
    /// The guest sleeps in ACPI S3.
    Suspended,
    /// A watchdog expired and its action was to pause the
    /// guest.
    Watchdog,
    /// The guest reported a kernel panic.
    GuestPanicked,
    /// The guest is held while fault-tolerance checkpoint state is
    /// exchanged.  Only reachable with that migration feature enabled.
    Colo,
    /// A value these bindings do not know (kept as sent).
    Unknown(::std::string::String),
}
impl RunState {
    /// Every value these bindings know, in schema order.
    pub const ALL: &'static [RunState] = &[
        RunState::Debug,
        RunState::Inmigrate,
        RunState::InternalError,
        RunState::IoError,
        RunState::Paused,
        RunState::Postmigrate,
        RunState::Prelaunch,
        RunState::FinishMigrate,
        RunState::RestoreVm,
        RunState::Running,
        RunState::SaveVm,
        RunState::Shutdown,
        RunState::Suspended,
        RunState::Watchdog,
        RunState::GuestPanicked,
        RunState::Colo,
    ];
    /// The value as on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            RunState::Debug => "debug",
            RunState::Inmigrate => "inmigrate",
            RunState::InternalError => "internal-error",
            RunState::IoError => "io-error",
            RunState::Paused => "paused",
            RunState::Postmigrate => "postmigrate",
            RunState::Prelaunch => "prelaunch",
            RunState::FinishMigrate => "finish-migrate",
            RunState::RestoreVm => "restore-vm",
            RunState::Running => "running",
            RunState::SaveVm => "save-vm",
            RunState::Shutdown => "shutdown",
            RunState::Suspended => "suspended",
            RunState::Watchdog => "watchdog",
            RunState::GuestPanicked => "guest-panicked",
            RunState::Colo => "colo",
            RunState::Unknown(s) => s,
        }
    }
}
impl ::std::convert::From<&str> for RunState {
    fn from(s: &str) -> Self {
        match s {
            "debug" => RunState::Debug,
            "inmigrate" => RunState::Inmigrate,
            "internal-error" => RunState::InternalError,
            "io-error" => RunState::IoError,
            "paused" => RunState::Paused,
            "postmigrate" => RunState::Postmigrate,
            "prelaunch" => RunState::Prelaunch,
            "finish-migrate" => RunState::FinishMigrate,
            "restore-vm" => RunState::RestoreVm,
            "running" => RunState::Running,
            "save-vm" => RunState::SaveVm,
            "shutdown" => RunState::Shutdown,
            "suspended" => RunState::Suspended,
            "watchdog" => RunState::Watchdog,
            "guest-panicked" => RunState::GuestPanicked,
            "colo" => RunState::Colo,
            _ => RunState::Unknown(s.to_string()),
        }
    }
}
impl ::std::fmt::Display for RunState {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(self.as_str())
    }
}
impl ::serde::Serialize for RunState {
    fn serialize<S: ::serde::Serializer>(
        &self,
        s: S,
    ) -> ::std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
impl<'de> ::serde::Deserialize<'de> for RunState {
    fn deserialize<D: ::serde::Deserializer<'de>>(
        d: D,
    ) -> ::std::result::Result<Self, D::Error> {
        let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
        Ok(RunState::from(&*s))
    }
}
/// Why the machine is shutting down or resetting.
///
/// Since: 2.10
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ShutdownCause {
    /// No shutdown or reset is pending.
    None,
    /// The emulator itself failed, for instance while
    /// emulating a device.
    HostError,
    /// A client sent the `quit` command.
    HostQmpQuit,
    /// A client asked for a system reset.
    HostQmpSystemReset,
    /// The emulator process received a signal such as
    /// SIGTERM.
    HostSignal,
    /// The user closed the window or chose quit in the user
    /// interface.
    HostUi,
    /// The guest powered itself off, for example through
    /// ACPI.
    GuestShutdown,
    /// The guest reset itself.
    GuestReset,
    /// The guest panicked and the panic policy asked for a
    /// shutdown.
    GuestPanic,
    /// Part of the machine requested a reset of the
    /// whole system.
    SubsystemReset,
    /// Loading a snapshot reset the machine.
    SnapshotLoad,
    /// A value these bindings do not know (kept as sent).
    Unknown(::std::string::String),
}
impl ShutdownCause {
    /// Every value these bindings know, in schema order.
    pub const ALL: &'static [ShutdownCause] = &[
        ShutdownCause::None,
        ShutdownCause::HostError,
        ShutdownCause::HostQmpQuit,
        ShutdownCause::HostQmpSystemReset,
        ShutdownCause::HostSignal,
        ShutdownCause::HostUi,
        ShutdownCause::GuestShutdown,
        ShutdownCause::GuestReset,
        ShutdownCause::GuestPanic,
        ShutdownCause::SubsystemReset,
        ShutdownCause::SnapshotLoad,
    ];
    /// The value as on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            ShutdownCause::None => "none",
            ShutdownCause::HostError => "host-error",
            ShutdownCause::HostQmpQuit => "host-qmp-quit",
            ShutdownCause::HostQmpSystemReset => "host-qmp-system-reset",
            ShutdownCause::HostSignal => "host-signal",
            ShutdownCause::HostUi => "host-ui",
            ShutdownCause::GuestShutdown => "guest-shutdown",
            ShutdownCause::GuestReset => "guest-reset",
            ShutdownCause::GuestPanic => "guest-panic",
            ShutdownCause::SubsystemReset => "subsystem-reset",
            ShutdownCause::SnapshotLoad => "snapshot-load",
            ShutdownCause::Unknown(s) => s,
        }
    }
}
impl ::std::convert::From<&str> for ShutdownCause {
    fn from(s: &str) -> Self {
        match s {
            "none" => ShutdownCause::None,
            "host-error" => ShutdownCause::HostError,
            "host-qmp-quit" => ShutdownCause::HostQmpQuit,
            "host-qmp-system-reset" => ShutdownCause::HostQmpSystemReset,
            "host-signal" => ShutdownCause::HostSignal,
            "host-ui" => ShutdownCause::HostUi,
            "guest-shutdown" => ShutdownCause::GuestShutdown,
            "guest-reset" => ShutdownCause::GuestReset,
            "guest-panic" => ShutdownCause::GuestPanic,
            "subsystem-reset" => ShutdownCause::SubsystemReset,
            "snapshot-load" => ShutdownCause::SnapshotLoad,
            _ => ShutdownCause::Unknown(s.to_string()),
        }
    }
}
impl ::std::fmt::Display for ShutdownCause {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(self.as_str())
    }
}
impl ::serde::Serialize for ShutdownCause {
    fn serialize<S: ::serde::Serializer>(
        &self,
        s: S,
    ) -> ::std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
impl<'de> ::serde::Deserialize<'de> for ShutdownCause {
    fn deserialize<D: ::serde::Deserializer<'de>>(
        d: D,
    ) -> ::std::result::Result<Self, D::Error> {
        let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
        Ok(ShutdownCause::from(&*s))
    }
}
/// Where the machine stands right now.
///
/// Since: 0.14
#[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct StatusInfo {
    /// True while guest code is executing.
    #[serde(rename = "running")]
    pub running: bool,
    /// The current phase of the machine.
    #[serde(rename = "status")]
    pub status: RunState,
}
/// The memory a guest currently has, as seen through its balloon
/// driver.
///
/// Since: 0.14
#[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct BalloonInfo {
    /// Guest memory in bytes, after subtracting what the balloon
    /// has taken.
    #[serde(rename = "actual")]
    pub actual: i64,
}
