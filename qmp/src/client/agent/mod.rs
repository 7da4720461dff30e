//! Clients for the QEMU guest agent (`qemu-ga`), [`blocking`] and
//! [`tokio`], over the Unix socket on the host end of the agent's
//! virtio-serial port (or an agent listening on one itself).
//!
//! The agent speaks QMP's requests and replies, but has no greeting, no
//! capabilities and no events, and it keeps its parser state and its
//! unread output across clients. So the clients:
//!
//! - resynchronize before the first command, after a timeout and after any
//!   error that leaves the stream in doubt: they send a `0xFF` byte (which
//!   makes the agent drop any half-read request) and `guest-sync-delimited`
//!   with a random id, then drop everything the agent sends up to a `0xFF`
//!   sentinel followed by `{"return": ID}` -- a stale reply or garbage from
//!   an earlier client never reaches a caller;
//! - send each command with an `id` and drop replies with another one;
//! - give each call a timeout ([`AgentOptions::timeout`], per call with
//!   `execute_raw_timeout`), the sync its own ([`AgentOptions::sync_timeout`]);
//! - return as soon as it is sent from a command declared
//!   `'success-response': false` (`guest-shutdown`, `guest-suspend-*`):
//!   the typed `execute` reads [`Command::SUCCESS_RESPONSE`](crate::Command::SUCCESS_RESPONSE);
//!   untyped callers use `call_raw(name, args, false)`;
//! - reconnect to the socket path when the agent closed the connection
//!   (restarted), on the next call, and resynchronize;
//! - turn invalid JSON or a reply over [`AgentOptions::max_reply_size`]
//!   into [`ClientError::Protocol`](super::ClientError::Protocol).
//!
//! Replies are read with QEMU's JSON streamer ([`crate::json`]), which
//! needs no newline and is reset by each sentinel; `wire` holds the
//! protocol, shared by both clients, and decodes every reply in one place.
//! [`exec`] runs programs (`guest-exec`, output base64-decoded).

pub mod blocking;
pub mod exec;
pub mod tokio;
mod wire;

pub use exec::{decode_base64, encode_base64, Exec, ExecOutput};
pub use wire::SENTINEL;

use std::time::Duration;

/// Options of a guest agent client.
#[derive(Clone, Debug)]
pub struct AgentOptions {
    /// Default timeout of each call (None: wait forever).
    pub timeout: Option<Duration>,
    /// Timeout of each resynchronization. The agent runs one command at a
    /// time, so a sync after a timed-out command waits for that command.
    pub sync_timeout: Duration,
    /// Reconnect to the socket path when the agent closed the connection.
    pub reconnect: bool,
    /// The largest message accepted from the agent, in bytes of its JSON
    /// tokens (default 128 MiB: `guest-file-read` returns up to 48 MiB,
    /// 64 MiB in base64).
    pub max_reply_size: usize,
}

impl Default for AgentOptions {
    fn default() -> Self {
        AgentOptions {
            timeout: Some(Duration::from_secs(30)),
            sync_timeout: Duration::from_secs(5),
            reconnect: true,
            max_reply_size: 128 << 20,
        }
    }
}

/// `{}`: what a `success-response: false` command "returns".
fn no_reply() -> serde_json::Value {
    serde_json::Value::Object(Default::default())
}
