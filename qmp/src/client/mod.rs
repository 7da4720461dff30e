//! QMP clients: [`blocking`] (std sockets, one thread) and [`tokio`] (async,
//! shareable, a background reader task). Both negotiate capabilities on
//! connect (enabling `oob` when the server offers it), number their requests
//! with `id`s, keep every event in arrival order until it is taken, and
//! return QMP errors with their class and desc.

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

/// Classifies one line from the server.
pub fn parse_incoming(line: &[u8]) -> Result<Incoming, ClientError> {
    let v: Value = serde_json::from_slice(line)?;
    let Value::Object(mut m) = v else {
        return Err(ClientError::Protocol(
            "server message is not an object".into(),
        ));
    };
    if let Some(q) = m.remove("QMP") {
        let version = q.get("version").cloned().unwrap_or(Value::Null);
        let capabilities = q
            .get("capabilities")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|c| c.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        return Ok(Incoming::Greeting(Greeting {
            version,
            capabilities,
        }));
    }
    if m.contains_key("event") {
        return Ok(Incoming::Event(serde_json::from_value(Value::Object(m))?));
    }
    let id = m.remove("id");
    if let Some(r) = m.remove("return") {
        return Ok(Incoming::Reply { id, result: Ok(r) });
    }
    if let Some(e) = m.remove("error") {
        let class = e
            .get("class")
            .and_then(Value::as_str)
            .unwrap_or("GenericError");
        let desc = e.get("desc").and_then(Value::as_str).unwrap_or("");
        return Ok(Incoming::Reply {
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
    let mut m = serde_json::Map::new();
    m.insert(
        if oob { "exec-oob" } else { "execute" }.into(),
        Value::String(name.into()),
    );
    if let Some(a) = args {
        m.insert("arguments".into(), a.clone());
    }
    m.insert("id".into(), Value::from(id));
    let mut s = Value::Object(m).to_string();
    s.push('\n');
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
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            negotiate: true,
            enable_oob: true,
            timeout: Some(std::time::Duration::from_secs(30)),
        }
    }
}
