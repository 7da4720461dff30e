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

use crate::codec::{Obj, Wire};
use crate::command::{EventMessage, Timestamp};
use crate::error::{ErrorClass, QmpError};
use crate::json::tape::{Tape, Val};
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

/// One message from the server, classified from its tape; a reply's
/// return value stays on the tape, to be decoded into what the caller
/// wants (a typed value, a JSON value, or nothing).
pub(crate) enum Msg<'t> {
    Greeting(Greeting),
    Event(EventMessage),
    Reply {
        id: Option<Value>,
        result: Result<Val<'t>, QmpError>,
    },
}

/// A reply's return value as a JSON value (what untyped calls return).
pub(crate) fn to_value(v: Val<'_>) -> Result<Value, ClientError> {
    Ok(v.to_value())
}

/// Classifies one line from the server.
pub fn parse_incoming(line: &[u8]) -> Result<Incoming, ClientError> {
    let tape = Tape::parse(line)?;
    Ok(match classify(&tape, line)? {
        Msg::Greeting(g) => Incoming::Greeting(g),
        Msg::Event(e) => Incoming::Event(e),
        Msg::Reply { id, result } => Incoming::Reply {
            id,
            result: result.map(Val::to_value),
        },
    })
}

/// What the message on `tape` (parsed from `line`) is. Its members are
/// those of QMP: `QMP` (greeting), `event` (with `timestamp` and maybe
/// `data`), `return` or `error` (with maybe `id`); a member sent as
/// `null` counts as absent, except `return` and `id`.
pub(crate) fn classify<'t>(tape: &'t Tape, line: &[u8]) -> Result<Msg<'t>, ClientError> {
    let root = tape.root();
    if root.json_type() != "object" {
        return Err(ClientError::Protocol(
            "server message is not an object".into(),
        ));
    }
    let mut m: [Option<Val<'t>>; 7] = [None; 7];
    const KEYS: [&str; 7] = ["QMP", "event", "data", "timestamp", "id", "return", "error"];
    for (k, v) in root.members() {
        if let Some(i) = KEYS.iter().position(|key| *key == k) {
            m[i].get_or_insert(v);
        }
    }
    let [qmp, event, data, timestamp, id, ret, error] = m;
    let given = |v: Option<Val<'t>>| v.filter(|v| v.json_type() != "null");
    let decode = |what: &str, e: serde_json::Error| {
        ClientError::Decode(serde::de::Error::custom(format!("{what}: {e}")))
    };
    if let Some(q) = given(qmp) {
        let mut o = Obj::new(q).map_err(|e| decode("QMP", e))?;
        let version = o
            .opt_null::<Value>("version")
            .map_err(|e| decode("QMP", e))?;
        let caps: Option<Vec<Value>> = o.opt("capabilities").map_err(|e| decode("QMP", e))?;
        return Ok(Msg::Greeting(Greeting {
            version: version.unwrap_or(Value::Null),
            capabilities: caps
                .unwrap_or_default()
                .iter()
                .filter_map(|c| c.as_str().map(str::to_string))
                .collect(),
        }));
    }
    if let Some(e) = given(event) {
        let event = String::read(e).map_err(|e| decode("event", e))?;
        let Some(t) = given(timestamp) else {
            return Err(ClientError::Protocol(format!(
                "event {event} without a timestamp"
            )));
        };
        let timestamp = (|| {
            let mut o = Obj::new(t)?;
            Ok(Timestamp {
                seconds: o.req("seconds")?,
                microseconds: o.req("microseconds")?,
            })
        })()
        .map_err(|e| decode("timestamp", e))?;
        return Ok(Msg::Event(EventMessage {
            event,
            data: given(data).map(Val::to_value),
            timestamp,
        }));
    }
    let id = id.map(Val::to_value);
    if let Some(r) = ret {
        return Ok(Msg::Reply { id, result: Ok(r) });
    }
    if let Some(e) = given(error) {
        let (class, desc) = (|| {
            let mut o = Obj::new(e)?;
            let class = o.opt::<String>("class")?;
            Ok((class, o.opt::<String>("desc")?.unwrap_or_default()))
        })()
        .map_err(|e| decode("error", e))?;
        let class = class.as_deref().unwrap_or("GenericError");
        return Ok(Msg::Reply {
            id,
            result: Err(QmpError::new(ErrorClass::parse(class), desc)),
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
