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
#[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct Shutdown {
    /// True when the guest asked for the shutdown itself, false
    /// when something on the host side caused it.  (since 2.10)
    #[serde(rename = "guest")]
    pub guest: bool,
    /// What caused the shutdown.  (since 4.0)
    #[serde(rename = "reason")]
    pub reason: super::types::ShutdownCause,
}
impl ::qmp::Event for Shutdown {
    const NAME: &'static str = "SHUTDOWN";
}
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
#[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct Powerdown {}
impl ::qmp::Event for Powerdown {
    const NAME: &'static str = "POWERDOWN";
}
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
#[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct Stop {}
impl ::qmp::Event for Stop {
    const NAME: &'static str = "STOP";
}
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
#[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct Resume {}
impl ::qmp::Event for Resume {
    const NAME: &'static str = "RESUME";
}
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
#[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
pub struct BalloonChange {
    /// Guest memory in bytes, after subtracting what the balloon
    /// has taken.
    #[serde(rename = "actual")]
    pub actual: i64,
}
impl ::qmp::Event for BalloonChange {
    const NAME: &'static str = "BALLOON_CHANGE";
}
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
        data: ::serde_json::Value,
    },
}
impl Event {
    /// The event's name on the wire.
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
pub fn reencode(
    name: &str,
    data: &::serde_json::Value,
) -> ::std::option::Option<
    ::std::result::Result<::serde_json::Value, ::serde_json::Error>,
> {
    Some(
        match name {
            "SHUTDOWN" => {
                super::support::decode_reply::<
                    Shutdown,
                >(
                        data,
                        &super::support::Ty::Object(
                            &super::support::T_q_obj_SHUTDOWN_arg,
                        ),
                        "event SHUTDOWN",
                    )
                    .and_then(|d| ::serde_json::to_value(&d))
            }
            "POWERDOWN" => {
                super::support::decode_reply::<
                    Powerdown,
                >(
                        data,
                        &super::support::Ty::Object(&super::support::EMPTY),
                        "event POWERDOWN",
                    )
                    .and_then(|d| ::serde_json::to_value(&d))
            }
            "STOP" => {
                super::support::decode_reply::<
                    Stop,
                >(
                        data,
                        &super::support::Ty::Object(&super::support::EMPTY),
                        "event STOP",
                    )
                    .and_then(|d| ::serde_json::to_value(&d))
            }
            "RESUME" => {
                super::support::decode_reply::<
                    Resume,
                >(
                        data,
                        &super::support::Ty::Object(&super::support::EMPTY),
                        "event RESUME",
                    )
                    .and_then(|d| ::serde_json::to_value(&d))
            }
            "BALLOON_CHANGE" => {
                super::support::decode_reply::<
                    BalloonChange,
                >(
                        data,
                        &super::support::Ty::Object(
                            &super::support::T_q_obj_BALLOON_CHANGE_arg,
                        ),
                        "event BALLOON_CHANGE",
                    )
                    .and_then(|d| ::serde_json::to_value(&d))
            }
            _ => return None,
        },
    )
}
impl ::qmp::EventSet for Event {
    fn from_wire(
        name: &str,
        data: ::serde_json::Value,
    ) -> ::std::result::Result<Self, ::serde_json::Error> {
        Ok(
            match name {
                "SHUTDOWN" => {
                    Event::Shutdown(
                        super::support::decode_reply(
                            &data,
                            &super::support::Ty::Object(
                                &super::support::T_q_obj_SHUTDOWN_arg,
                            ),
                            "event SHUTDOWN",
                        )?,
                    )
                }
                "POWERDOWN" => {
                    Event::Powerdown(
                        super::support::decode_reply(
                            &data,
                            &super::support::Ty::Object(&super::support::EMPTY),
                            "event POWERDOWN",
                        )?,
                    )
                }
                "STOP" => {
                    Event::Stop(
                        super::support::decode_reply(
                            &data,
                            &super::support::Ty::Object(&super::support::EMPTY),
                            "event STOP",
                        )?,
                    )
                }
                "RESUME" => {
                    Event::Resume(
                        super::support::decode_reply(
                            &data,
                            &super::support::Ty::Object(&super::support::EMPTY),
                            "event RESUME",
                        )?,
                    )
                }
                "BALLOON_CHANGE" => {
                    Event::BalloonChange(
                        super::support::decode_reply(
                            &data,
                            &super::support::Ty::Object(
                                &super::support::T_q_obj_BALLOON_CHANGE_arg,
                            ),
                            "event BALLOON_CHANGE",
                        )?,
                    )
                }
                _ => {
                    Event::Unknown {
                        name: name.to_string(),
                        data,
                    }
                }
            },
        )
    }
}
/// Typed emit helpers: `ctx.events.emit_stop(&Stop {})`.
pub trait EmitEvents {
    /// Emits `SHUTDOWN`.
    fn emit_shutdown(
        &self,
        data: &Shutdown,
    ) -> ::std::result::Result<(), ::serde_json::Error>;
    /// Emits `POWERDOWN`.
    fn emit_powerdown(
        &self,
        data: &Powerdown,
    ) -> ::std::result::Result<(), ::serde_json::Error>;
    /// Emits `STOP`.
    fn emit_stop(&self, data: &Stop) -> ::std::result::Result<(), ::serde_json::Error>;
    /// Emits `RESUME`.
    fn emit_resume(
        &self,
        data: &Resume,
    ) -> ::std::result::Result<(), ::serde_json::Error>;
    /// Emits `BALLOON_CHANGE`.
    fn emit_balloon_change(
        &self,
        data: &BalloonChange,
    ) -> ::std::result::Result<(), ::serde_json::Error>;
}
impl EmitEvents for ::qmp::server::events::EventEmitter {
    fn emit_shutdown(
        &self,
        data: &Shutdown,
    ) -> ::std::result::Result<(), ::serde_json::Error> {
        self.emit_typed(data)
    }
    fn emit_powerdown(
        &self,
        data: &Powerdown,
    ) -> ::std::result::Result<(), ::serde_json::Error> {
        self.emit_typed(data)
    }
    fn emit_stop(&self, data: &Stop) -> ::std::result::Result<(), ::serde_json::Error> {
        self.emit_typed(data)
    }
    fn emit_resume(
        &self,
        data: &Resume,
    ) -> ::std::result::Result<(), ::serde_json::Error> {
        self.emit_typed(data)
    }
    fn emit_balloon_change(
        &self,
        data: &BalloonChange,
    ) -> ::std::result::Result<(), ::serde_json::Error> {
        self.emit_typed(data)
    }
}
