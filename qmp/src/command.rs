//! The seam with generated code: commands, events and event sets.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A QMP command. Its `Serialize` impl produces the `arguments` object; a
/// command without arguments may serialize to `null`/unit or `{}` (then no
/// `arguments` member is sent).
pub trait Command: Serialize {
    const NAME: &'static str;
    const ALLOW_OOB: bool = false;
    /// False for a command declared `'success-response': false` (the
    /// guest agent's `guest-shutdown`, `guest-suspend-*`): it sends no
    /// reply when it succeeds, so a client returns once it is sent.
    const SUCCESS_RESPONSE: bool = true;
    type Returns: DeserializeOwned;
}

/// One event type; `Self` decodes the event's `data` (events without data
/// decode from an empty object).
pub trait Event: DeserializeOwned {
    const NAME: &'static str;
}

/// A set of events (a generated enum): decodes a wire event by name.
pub trait EventSet: Sized {
    fn from_wire(name: &str, data: serde_json::Value) -> Result<Self, serde_json::Error>;
}

/// `timestamp` of an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timestamp {
    pub seconds: i64,
    pub microseconds: i64,
}

/// An event as received: `{"event", "data", "timestamp"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventMessage {
    pub event: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<serde_json::Value>,
    pub timestamp: Timestamp,
}

impl EventMessage {
    /// The data, `{}` when the event has none.
    pub fn data_or_empty(&self) -> serde_json::Value {
        self.data
            .clone()
            .unwrap_or_else(|| serde_json::Value::Object(Default::default()))
    }

    /// Decodes into an event set.
    pub fn decode<S: EventSet>(&self) -> Result<S, serde_json::Error> {
        S::from_wire(&self.event, self.data_or_empty())
    }

    /// Decodes as one event type if the name matches.
    pub fn as_event<E: Event>(&self) -> Option<Result<E, serde_json::Error>> {
        (self.event == E::NAME).then(|| serde_json::from_value(self.data_or_empty()))
    }
}

/// The untyped event set: any event, data as JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct RawEvent {
    pub name: String,
    pub data: serde_json::Value,
}

impl EventSet for RawEvent {
    fn from_wire(name: &str, data: serde_json::Value) -> Result<Self, serde_json::Error> {
        Ok(RawEvent {
            name: name.to_string(),
            data,
        })
    }
}

/// The `arguments` member for a command, or `None` when it has none.
pub fn command_arguments<C: Command>(
    cmd: &C,
) -> Result<Option<serde_json::Value>, serde_json::Error> {
    let v = serde_json::to_value(cmd)?;
    Ok(match &v {
        serde_json::Value::Null => None,
        serde_json::Value::Object(m) if m.is_empty() => None,
        _ => Some(v),
    })
}
