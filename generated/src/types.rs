use ::qmp as __rt;

/// The enum `QType` (not documented in the schema).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
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
        Self::None,
        Self::Qnull,
        Self::Qnum,
        Self::Qstring,
        Self::Qdict,
        Self::Qlist,
        Self::Qbool,
    ];
    /// The value as on the wire.
    #[inline]
    pub fn as_str(&self) -> &str {
        match self {
            Self::None => "none",
            Self::Qnull => "qnull",
            Self::Qnum => "qnum",
            Self::Qstring => "qstring",
            Self::Qdict => "qdict",
            Self::Qlist => "qlist",
            Self::Qbool => "qbool",
            Self::Unknown(s) => s,
        }
    }
}
impl ::std::convert::From<&str> for QType {
    #[inline]
    fn from(s: &str) -> Self {
        match s {
            "none" => Self::None,
            "qnull" => Self::Qnull,
            "qnum" => Self::Qnum,
            "qstring" => Self::Qstring,
            "qdict" => Self::Qdict,
            "qlist" => Self::Qlist,
            "qbool" => Self::Qbool,
            _ => Self::Unknown(s.to_string()),
        }
    }
}
__rt::wire_enum!(QType);

/// Optional protocol features a client may switch on while the
/// session is still negotiating.
///
/// Since: 2.12
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum QMPCapability {
    /// Out-of-band execution: commands marked for it may overtake
    /// commands that are still queued.
    Oob,
    /// A value these bindings do not know (kept as sent).
    Unknown(::std::string::String),
}
impl QMPCapability {
    /// Every value these bindings know, in schema order.
    pub const ALL: &'static [QMPCapability] = &[
        Self::Oob,
    ];
    /// The value as on the wire.
    #[inline]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Oob => "oob",
            Self::Unknown(s) => s,
        }
    }
}
impl ::std::convert::From<&str> for QMPCapability {
    #[inline]
    fn from(s: &str) -> Self {
        match s {
            "oob" => Self::Oob,
            _ => Self::Unknown(s.to_string()),
        }
    }
}
__rt::wire_enum!(QMPCapability);

/// A release number in three parts.
///
/// Since: 2.4
#[derive(Clone, Debug, PartialEq)]
pub struct VersionTriple {
    /// The part that changes with each yearly series.
    pub major: i64,
    /// The release within the series.
    pub minor: i64,
    /// The stable or development revision of that release.
    pub micro: i64,
}
impl VersionTriple {
    /// A value of its members `major`, `minor`, `micro`.
    #[inline]
    #[must_use]
    pub fn new(
        major: i64,
        minor: i64,
        micro: i64,
    ) -> Self {
        Self {
            major,
            minor,
            micro,
        }
    }
}
impl __rt::codec::Members for VersionTriple {
    #[inline]
    fn decode_members(o: &mut __rt::codec::Obj<'_>) -> ::std::result::Result<Self, __rt::codec::Error> {
        Ok(Self {
            major: o.req("major")?,
            minor: o.req("minor")?,
            micro: o.req("micro")?,
        })
    }
    #[inline]
    fn encode_members(&self, o: &mut __rt::codec::Out) {
        o.req("major", &self.major);
        o.req("minor", &self.minor);
        o.req("micro", &self.micro);
    }
}
__rt::wire_members!(VersionTriple);

/// Which server build is answering.
///
/// Since: 0.14
#[derive(Clone, Debug, PartialEq)]
pub struct VersionInfo {
    /// The release number of the server.
    pub qemu: VersionTriple,
    /// Free-form text a distributor may add to identify its own
    /// build, or an empty string.
    pub package: ::std::string::String,
}
impl VersionInfo {
    /// A value of its members `qemu`, `package`.
    #[inline]
    #[must_use]
    pub fn new(
        qemu: VersionTriple,
        package: impl ::std::convert::Into<::std::string::String>,
    ) -> Self {
        Self {
            qemu,
            package: package.into(),
        }
    }
}
impl __rt::codec::Members for VersionInfo {
    #[inline]
    fn decode_members(o: &mut __rt::codec::Obj<'_>) -> ::std::result::Result<Self, __rt::codec::Error> {
        Ok(Self {
            qemu: o.req("qemu")?,
            package: o.req("package")?,
        })
    }
    #[inline]
    fn encode_members(&self, o: &mut __rt::codec::Out) {
        o.req("qemu", &self.qemu);
        o.req("package", &self.package);
    }
}
__rt::wire_members!(VersionInfo);
__rt::wire_serde!(VersionInfo);

/// One entry of the command table.
///
/// Since: 0.14
#[derive(Clone, Debug, PartialEq)]
pub struct CommandInfo {
    /// The name a client uses to run the command.
    pub name: ::std::string::String,
}
impl CommandInfo {
    /// A value of its members `name`.
    #[inline]
    #[must_use]
    pub fn new(
        name: impl ::std::convert::Into<::std::string::String>,
    ) -> Self {
        Self {
            name: name.into(),
        }
    }
}
impl __rt::codec::Members for CommandInfo {
    #[inline]
    fn decode_members(o: &mut __rt::codec::Obj<'_>) -> ::std::result::Result<Self, __rt::codec::Error> {
        Ok(Self {
            name: o.req("name")?,
        })
    }
    #[inline]
    fn encode_members(&self, o: &mut __rt::codec::Out) {
        o.req("name", &self.name);
    }
}
__rt::wire_members!(CommandInfo);
__rt::wire_serde!(CommandInfo);

/// The phases a virtual machine goes through.
///
/// Since: 0.14
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
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
        Self::Debug,
        Self::Inmigrate,
        Self::InternalError,
        Self::IoError,
        Self::Paused,
        Self::Postmigrate,
        Self::Prelaunch,
        Self::FinishMigrate,
        Self::RestoreVm,
        Self::Running,
        Self::SaveVm,
        Self::Shutdown,
        Self::Suspended,
        Self::Watchdog,
        Self::GuestPanicked,
        Self::Colo,
    ];
    /// The value as on the wire.
    #[inline]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Debug => "debug",
            Self::Inmigrate => "inmigrate",
            Self::InternalError => "internal-error",
            Self::IoError => "io-error",
            Self::Paused => "paused",
            Self::Postmigrate => "postmigrate",
            Self::Prelaunch => "prelaunch",
            Self::FinishMigrate => "finish-migrate",
            Self::RestoreVm => "restore-vm",
            Self::Running => "running",
            Self::SaveVm => "save-vm",
            Self::Shutdown => "shutdown",
            Self::Suspended => "suspended",
            Self::Watchdog => "watchdog",
            Self::GuestPanicked => "guest-panicked",
            Self::Colo => "colo",
            Self::Unknown(s) => s,
        }
    }
}
impl ::std::convert::From<&str> for RunState {
    #[inline]
    fn from(s: &str) -> Self {
        match s {
            "debug" => Self::Debug,
            "inmigrate" => Self::Inmigrate,
            "internal-error" => Self::InternalError,
            "io-error" => Self::IoError,
            "paused" => Self::Paused,
            "postmigrate" => Self::Postmigrate,
            "prelaunch" => Self::Prelaunch,
            "finish-migrate" => Self::FinishMigrate,
            "restore-vm" => Self::RestoreVm,
            "running" => Self::Running,
            "save-vm" => Self::SaveVm,
            "shutdown" => Self::Shutdown,
            "suspended" => Self::Suspended,
            "watchdog" => Self::Watchdog,
            "guest-panicked" => Self::GuestPanicked,
            "colo" => Self::Colo,
            _ => Self::Unknown(s.to_string()),
        }
    }
}
__rt::wire_enum!(RunState);

/// Why the machine is shutting down or resetting.
///
/// Since: 2.10
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
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
        Self::None,
        Self::HostError,
        Self::HostQmpQuit,
        Self::HostQmpSystemReset,
        Self::HostSignal,
        Self::HostUi,
        Self::GuestShutdown,
        Self::GuestReset,
        Self::GuestPanic,
        Self::SubsystemReset,
        Self::SnapshotLoad,
    ];
    /// The value as on the wire.
    #[inline]
    pub fn as_str(&self) -> &str {
        match self {
            Self::None => "none",
            Self::HostError => "host-error",
            Self::HostQmpQuit => "host-qmp-quit",
            Self::HostQmpSystemReset => "host-qmp-system-reset",
            Self::HostSignal => "host-signal",
            Self::HostUi => "host-ui",
            Self::GuestShutdown => "guest-shutdown",
            Self::GuestReset => "guest-reset",
            Self::GuestPanic => "guest-panic",
            Self::SubsystemReset => "subsystem-reset",
            Self::SnapshotLoad => "snapshot-load",
            Self::Unknown(s) => s,
        }
    }
}
impl ::std::convert::From<&str> for ShutdownCause {
    #[inline]
    fn from(s: &str) -> Self {
        match s {
            "none" => Self::None,
            "host-error" => Self::HostError,
            "host-qmp-quit" => Self::HostQmpQuit,
            "host-qmp-system-reset" => Self::HostQmpSystemReset,
            "host-signal" => Self::HostSignal,
            "host-ui" => Self::HostUi,
            "guest-shutdown" => Self::GuestShutdown,
            "guest-reset" => Self::GuestReset,
            "guest-panic" => Self::GuestPanic,
            "subsystem-reset" => Self::SubsystemReset,
            "snapshot-load" => Self::SnapshotLoad,
            _ => Self::Unknown(s.to_string()),
        }
    }
}
__rt::wire_enum!(ShutdownCause);

/// Where the machine stands right now.
///
/// Since: 0.14
#[derive(Clone, Debug, PartialEq)]
pub struct StatusInfo {
    /// True while guest code is executing.
    pub running: bool,
    /// The current phase of the machine.
    pub status: RunState,
}
impl StatusInfo {
    /// A value of its members `running`, `status`.
    #[inline]
    #[must_use]
    pub fn new(
        running: bool,
        status: RunState,
    ) -> Self {
        Self {
            running,
            status,
        }
    }
}
impl __rt::codec::Members for StatusInfo {
    #[inline]
    fn decode_members(o: &mut __rt::codec::Obj<'_>) -> ::std::result::Result<Self, __rt::codec::Error> {
        Ok(Self {
            running: o.req("running")?,
            status: o.req("status")?,
        })
    }
    #[inline]
    fn encode_members(&self, o: &mut __rt::codec::Out) {
        o.req("running", &self.running);
        o.req("status", &self.status);
    }
}
__rt::wire_members!(StatusInfo);
__rt::wire_serde!(StatusInfo);

/// The memory a guest currently has, as seen through its balloon
/// driver.
///
/// Since: 0.14
#[derive(Clone, Debug, PartialEq)]
pub struct BalloonInfo {
    /// Guest memory in bytes, after subtracting what the balloon
    /// has taken.
    pub actual: i64,
}
impl BalloonInfo {
    /// A value of its members `actual`.
    #[inline]
    #[must_use]
    pub fn new(
        actual: i64,
    ) -> Self {
        Self {
            actual,
        }
    }
}
impl __rt::codec::Members for BalloonInfo {
    #[inline]
    fn decode_members(o: &mut __rt::codec::Obj<'_>) -> ::std::result::Result<Self, __rt::codec::Error> {
        Ok(Self {
            actual: o.req("actual")?,
        })
    }
    #[inline]
    fn encode_members(&self, o: &mut __rt::codec::Out) {
        o.req("actual", &self.actual);
    }
}
__rt::wire_members!(BalloonInfo);
__rt::wire_serde!(BalloonInfo);
