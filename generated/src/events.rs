use ::qmp as __rt;

/// The machine has shut down and the server is about to exit.
///
/// .. note:: When the server was told not to exit on shutdown, a
///    `STOP` event follows this one instead.
///
/// Since: 0.12
///
/// .. qmp-example::
///
/// ```text
/// <- { "event": "SHUTDOWN",
///      "data": { "guest": false, "reason": "host-qmp-quit" },
///      "timestamp": { "seconds": 1700000000,
///                     "microseconds": 1234 } }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Shutdown {
    /// True when the guest asked for the shutdown itself, false
    /// when something on the host side caused it.  (since 2.10)
    pub guest: bool,
    /// What caused the shutdown.  (since 4.0)
    pub reason: super::types::ShutdownCause,
}
impl Shutdown {
    /// A value of its members `guest`, `reason`.
    #[inline]
    #[must_use]
    pub fn new(
        guest: bool,
        reason: super::types::ShutdownCause,
    ) -> Self {
        Self {
            guest,
            reason,
        }
    }
}
impl __rt::codec::Members for Shutdown {
    #[inline]
    fn decode_members(o: &mut __rt::codec::Obj<'_>) -> ::std::result::Result<Self, __rt::codec::Error> {
        Ok(Self {
            guest: o.req("guest")?,
            reason: o.req("reason")?,
        })
    }
    #[inline]
    fn encode_members(&self, o: &mut __rt::codec::Out) {
        o.req("guest", &self.guest);
        o.req("reason", &self.reason);
    }
}
__rt::wire_members!(Shutdown);
__rt::wire_serde!(Shutdown);
impl __rt::Event for Shutdown { const NAME: &'static str = "SHUTDOWN"; }

/// The virtual power button was pressed.  Whether the guest reacts is
/// up to the guest.
///
/// Since: 0.12
///
/// .. qmp-example::
///
/// ```text
/// <- { "event": "POWERDOWN",
///      "timestamp": { "seconds": 1700000100,
///                     "microseconds": 42 } }
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Powerdown {}
impl __rt::codec::Members for Powerdown {
    #[inline]
    fn decode_members(_: &mut __rt::codec::Obj<'_>) -> ::std::result::Result<Self, __rt::codec::Error> {
        Ok(Self {})
    }
    #[inline]
    fn encode_members(&self, _: &mut __rt::codec::Out) {}
}
__rt::wire_members!(Powerdown);
__rt::wire_serde!(Powerdown);
impl __rt::Event for Powerdown { const NAME: &'static str = "POWERDOWN"; }

/// The guest's virtual CPUs have been paused.
///
/// Since: 0.12
///
/// .. qmp-example::
///
/// ```text
/// <- { "event": "STOP",
///      "timestamp": { "seconds": 1700000200,
///                     "microseconds": 500 } }
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
impl __rt::Event for Stop { const NAME: &'static str = "STOP"; }

/// The guest's virtual CPUs are running again.
///
/// Since: 0.12
///
/// .. qmp-example::
///
/// ```text
/// <- { "event": "RESUME",
///      "timestamp": { "seconds": 1700000300,
///                     "microseconds": 77 } }
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resume {}
impl __rt::codec::Members for Resume {
    #[inline]
    fn decode_members(_: &mut __rt::codec::Obj<'_>) -> ::std::result::Result<Self, __rt::codec::Error> {
        Ok(Self {})
    }
    #[inline]
    fn encode_members(&self, _: &mut __rt::codec::Out) {}
}
__rt::wire_members!(Resume);
__rt::wire_serde!(Resume);
impl __rt::Event for Resume { const NAME: &'static str = "RESUME"; }

/// The guest's balloon driver changed the amount of memory it holds
/// back.  The value is the one `query-balloon` would report now.
///
/// .. note:: Guests may report changes often; the server may drop
///    intermediate events.
///
/// Since: 1.2
///
/// .. qmp-example::
///
/// ```text
/// <- { "event": "BALLOON_CHANGE",
///      "data": { "actual": 536870912 },
///      "timestamp": { "seconds": 1700000400,
///                     "microseconds": 9 } }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct BalloonChange {
    /// Guest memory in bytes, after subtracting what the balloon
    /// has taken.
    pub actual: i64,
}
impl BalloonChange {
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
impl __rt::codec::Members for BalloonChange {
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
__rt::wire_members!(BalloonChange);
__rt::wire_serde!(BalloonChange);
impl __rt::Event for BalloonChange { const NAME: &'static str = "BALLOON_CHANGE"; }
/// Any event of the schema, or an event these bindings do not know.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// `SHUTDOWN`: see [`Shutdown`].
    Shutdown(Shutdown),
    /// `POWERDOWN`: see [`Powerdown`].
    Powerdown(Powerdown),
    /// `STOP`: see [`Stop`].
    Stop(Stop),
    /// `RESUME`: see [`Resume`].
    Resume(Resume),
    /// `BALLOON_CHANGE`: see [`BalloonChange`].
    BalloonChange(BalloonChange),
    /// An event these bindings do not know, as received.
    Unknown {
        /// The event's name.
        name: ::std::string::String,
        /// Its data (`{}` when it had none).
        data: __rt::codec::Value,
    },
}
impl Event {
    /// The event's name on the wire.
    #[inline]
    pub fn name(&self) -> &str {
        match self {
            Event::Shutdown(_) => "SHUTDOWN",
            Event::Powerdown(_) => "POWERDOWN",
            Event::Stop(_) => "STOP",
            Event::Resume(_) => "RESUME",
            Event::BalloonChange(_) => "BALLOON_CHANGE",
            Event::Unknown { name, .. } => name,
        }
    }
}
/// Decodes the data of event `name` into its type and encodes it
/// again: `None` for an unknown event, an error naming type and
/// member when it does not fit.
#[inline]
pub fn reencode(name: &str, data: &__rt::codec::Value) -> ::std::option::Option<::std::result::Result<__rt::codec::Value, __rt::codec::Error>> {
    Some(match name {
        "SHUTDOWN" => __rt::codec::reencode_reply::<Shutdown>(data, &__rt::codec::Ty::Object(&super::support::T_q_obj_SHUTDOWN_arg), "event SHUTDOWN"),
        "POWERDOWN" => __rt::codec::reencode_reply::<Powerdown>(data, &__rt::codec::Ty::Object(&super::support::EMPTY), "event POWERDOWN"),
        "STOP" => __rt::codec::reencode_reply::<Stop>(data, &__rt::codec::Ty::Object(&super::support::EMPTY), "event STOP"),
        "RESUME" => __rt::codec::reencode_reply::<Resume>(data, &__rt::codec::Ty::Object(&super::support::EMPTY), "event RESUME"),
        "BALLOON_CHANGE" => __rt::codec::reencode_reply::<BalloonChange>(data, &__rt::codec::Ty::Object(&super::support::T_q_obj_BALLOON_CHANGE_arg), "event BALLOON_CHANGE"),
        _ => return None,
    })
}
impl __rt::EventSet for Event {
    #[inline]
    fn from_wire(name: &str, data: __rt::codec::Value) -> ::std::result::Result<Self, __rt::codec::Error> {
        Ok(match name {
            "SHUTDOWN" => Event::Shutdown(__rt::codec::decode_reply(&data, &__rt::codec::Ty::Object(&super::support::T_q_obj_SHUTDOWN_arg), "event SHUTDOWN")?),
            "POWERDOWN" => Event::Powerdown(__rt::codec::decode_reply(&data, &__rt::codec::Ty::Object(&super::support::EMPTY), "event POWERDOWN")?),
            "STOP" => Event::Stop(__rt::codec::decode_reply(&data, &__rt::codec::Ty::Object(&super::support::EMPTY), "event STOP")?),
            "RESUME" => Event::Resume(__rt::codec::decode_reply(&data, &__rt::codec::Ty::Object(&super::support::EMPTY), "event RESUME")?),
            "BALLOON_CHANGE" => Event::BalloonChange(__rt::codec::decode_reply(&data, &__rt::codec::Ty::Object(&super::support::T_q_obj_BALLOON_CHANGE_arg), "event BALLOON_CHANGE")?),
            _ => Event::Unknown { name: name.to_string(), data },
        })
    }
}
/// Typed emit helpers: `ctx.events.emit_stop(&Stop {})`.
pub trait EmitEvents {
    /// Emits an event.
    fn emit_event<E: __rt::Event + __rt::codec::__serde::Serialize>(&self, data: &E) -> ::std::result::Result<(), __rt::codec::Error>;
    /// Emits `SHUTDOWN`.
    fn emit_shutdown(&self, data: &Shutdown) -> ::std::result::Result<(), __rt::codec::Error> { self.emit_event(data) }
    /// Emits `POWERDOWN`.
    fn emit_powerdown(&self, data: &Powerdown) -> ::std::result::Result<(), __rt::codec::Error> { self.emit_event(data) }
    /// Emits `STOP`.
    fn emit_stop(&self, data: &Stop) -> ::std::result::Result<(), __rt::codec::Error> { self.emit_event(data) }
    /// Emits `RESUME`.
    fn emit_resume(&self, data: &Resume) -> ::std::result::Result<(), __rt::codec::Error> { self.emit_event(data) }
    /// Emits `BALLOON_CHANGE`.
    fn emit_balloon_change(&self, data: &BalloonChange) -> ::std::result::Result<(), __rt::codec::Error> { self.emit_event(data) }
}
impl EmitEvents for __rt::server::events::EventEmitter {
    fn emit_event<E: __rt::Event + __rt::codec::__serde::Serialize>(&self, data: &E) -> ::std::result::Result<(), __rt::codec::Error> {
        self.emit_typed(data)
    }
}
