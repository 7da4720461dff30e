//! QMP clients: [`blocking`] (std sockets, one thread) and [`tokio`] (async,
//! shareable, a background reader task). Both negotiate capabilities on
//! connect (enabling `oob` when the server offers it), number their requests
//! with `id`s, keep every event in arrival order until it is taken, and
//! return QMP errors with their class and desc.
//!
//! [`agent`] has the clients for the QEMU guest agent, which has no
//! greeting and resynchronizes instead.

pub mod agent;
pub mod blocking;
pub mod fdpass;
pub mod tokio;

use crate::command::EventMessage;
use crate::error::{ErrorClass, QmpError};
use serde_json::Value;

/// Errors from a client call.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The server answered with an error.
    #[error("{0}")]
    Qmp(#[from] QmpError),
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    #[error("timed out waiting for the server")]
    Timeout,
    #[error("connection closed by the server")]
    Closed,
    #[error("protocol error: {0}")]
    Protocol(String),
    #[error("cannot decode: {0}")]
    Decode(#[from] serde_json::Error),
}

impl ClientError {
    /// The QMP error, if the server sent one.
    pub fn qmp(&self) -> Option<&QmpError> {
        match self {
            ClientError::Qmp(e) => Some(e),
            _ => None,
        }
    }
}

/// The server's greeting.
#[derive(Clone, Debug, PartialEq)]
pub struct Greeting {
    /// `{"qemu": {"major", "minor", "micro"}, "package"}`.
    pub version: Value,
    pub capabilities: Vec<String>,
}

impl Greeting {
    pub fn offers(&self, cap: &str) -> bool {
        self.capabilities.iter().any(|c| c == cap)
    }
}

/// One message from the server.
#[derive(Clone, Debug, PartialEq)]
pub enum Incoming {
    Greeting(Greeting),
    Event(EventMessage),
    Reply {
        id: Option<Value>,
        result: Result<Value, QmpError>,
    },
}

/// A server message's members, decoded in one pass without building a map
/// for the message itself. `R`: how the return value is decoded (a `Value`,
/// or `IgnoredAny` to only check it).
#[derive(serde::Deserialize)]
#[serde(bound = "R: serde::Deserialize<'de>")]
struct Wire<R> {
    #[serde(rename = "QMP")]
    qmp: Option<WireGreeting>,
    event: Option<String>,
    #[serde(default)]
    data: Option<Value>,
    timestamp: Option<crate::command::Timestamp>,
    #[serde(default, deserialize_with = "present")]
    id: Option<Value>,
    #[serde(rename = "return", default, deserialize_with = "present")]
    ret: Option<R>,
    error: Option<WireError>,
}

#[derive(serde::Deserialize)]
struct WireGreeting {
    #[serde(default)]
    version: Value,
    #[serde(default)]
    capabilities: Vec<Value>,
}

#[derive(serde::Deserialize)]
struct WireError {
    class: Option<String>,
    #[serde(default)]
    desc: String,
}

/// A member that is present, even as `null`, is `Some`.
fn present<'de, D: serde::Deserializer<'de>, T: serde::Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// Classifies one line from the server.
pub fn parse_incoming(line: &[u8]) -> Result<Incoming, ClientError> {
    parse_with::<Value>(line, |v| v)
}

/// [`parse_incoming`], but a reply's return value is only checked (well-formed
/// JSON), not built: it is `Value::Null` in the result. Saves most of the
/// decoding of a reply whose value the caller drops.
pub(crate) fn parse_incoming_discarding(line: &[u8]) -> Result<Incoming, ClientError> {
    parse_with::<serde::de::IgnoredAny>(line, |_| Value::Null)
}

fn parse_with<R: serde::de::DeserializeOwned>(
    line: &[u8],
    keep: impl FnOnce(R) -> Value,
) -> Result<Incoming, ClientError> {
    let first = line.iter().find(|b| !b.is_ascii_whitespace());
    if first != Some(&b'{') {
        serde_json::from_slice::<serde::de::IgnoredAny>(line)?;
        return Err(ClientError::Protocol(
            "server message is not an object".into(),
        ));
    }
    let m: Wire<R> = serde_json::from_slice(line)?;
    if let Some(q) = m.qmp {
        let capabilities = q
            .capabilities
            .iter()
            .filter_map(|c| c.as_str().map(str::to_string))
            .collect();
        return Ok(Incoming::Greeting(Greeting {
            version: q.version,
            capabilities,
        }));
    }
    if let Some(event) = m.event {
        let Some(timestamp) = m.timestamp else {
            return Err(ClientError::Protocol(format!(
                "event {event} without a timestamp"
            )));
        };
        return Ok(Incoming::Event(EventMessage {
            event,
            data: m.data,
            timestamp,
        }));
    }
    if let Some(r) = m.ret {
        return Ok(Incoming::Reply {
            id: m.id,
            result: Ok(keep(r)),
        });
    }
    if let Some(e) = m.error {
        let class = e.class.as_deref().unwrap_or("GenericError");
        return Ok(Incoming::Reply {
            id: m.id,
            result: Err(QmpError::new(ErrorClass::parse(class), e.desc)),
        });
    }
    Err(ClientError::Protocol(format!(
        "unrecognized server message: {}",
        String::from_utf8_lossy(line)
    )))
}

/// `{"execute": name, "arguments": args, "id": id}` plus newline.
pub fn request_line(name: &str, args: Option<&Value>, id: u64, oob: bool) -> String {
    request_line_with(name, args, Some(id), oob)
}

/// A request line; without `id` when `id` is `None`.
pub fn request_line_with(name: &str, args: Option<&Value>, id: Option<u64>, oob: bool) -> String {
    let mut s = String::with_capacity(48 + name.len());
    s.push_str(if oob {
        "{\"exec-oob\":"
    } else {
        "{\"execute\":"
    });
    if name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
    {
        s.push('"');
        s.push_str(name);
        s.push('"');
    } else {
        s.push_str(&Value::String(name.into()).to_string());
    }
    if let Some(a) = args {
        s.push_str(",\"arguments\":");
        s.push_str(&a.to_string());
    }
    match id {
        Some(id) => {
            s.push_str(",\"id\":");
            crate::json::writer::write_u64(&mut s, id);
            s.push_str("}\n");
        }
        None => s.push_str("}\n"),
    }
    s
}

/// Options for connecting.
#[derive(Clone, Debug)]
pub struct ConnectOptions {
    /// Send `qmp_capabilities` after the greeting.
    pub negotiate: bool,
    /// Enable `oob` if offered.
    pub enable_oob: bool,
    /// Default timeout for each call (None: wait forever).
    pub timeout: Option<std::time::Duration>,
    /// Blocking client: send an in-band command without `id` when nothing
    /// else is in flight (its reply is the next one: QMP answers in-band
    /// commands in order). Saves QEMU work: qemu-storage-daemon answers
    /// id-less requests about a third faster. Off by default; pipelined
    /// and OOB requests always carry ids.
    pub omit_lone_ids: bool,
    /// Blocking client: after sending a request, poll the socket without
    /// blocking for up to this long before a blocking read, so that a reply
    /// that comes within the window is read without a wakeup from another
    /// CPU (on virtual machines that wakeup costs tens of µs, more than a
    /// whole round trip to a fast local server). Zero turns it off; longer
    /// than [`blocking::MAX_REPLY_POLL`] is cut to it.
    ///
    /// On by default ([`blocking::DEFAULT_REPLY_POLL`], 50 µs), because the
    /// CPU it can burn is bounded:
    /// - it polls only while a reply is awaited (a call, `wait_reply`,
    ///   `next_reply`), never while waiting for events;
    /// - never past the call's deadline;
    /// - a window that ends without data makes the next reads block at once,
    ///   doubling up to 63 of them after 6 misses in a row, so a server
    ///   slower than the window (QEMU answers in hundreds of µs) is polled
    ///   on at most one call in 64;
    /// - only while fewer clients of this process wait for a reply than
    ///   there are cores (one core: never), so many busy clients do not
    ///   take CPU time from each other or from the server;
    /// - it yields the CPU between tries.
    pub reply_poll: std::time::Duration,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            negotiate: true,
            enable_oob: true,
            timeout: Some(std::time::Duration::from_secs(30)),
            omit_lone_ids: false,
            reply_poll: blocking::DEFAULT_REPLY_POLL,
        }
    }
}
