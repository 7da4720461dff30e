//! QMP runtime: the QEMU Machine Protocol on both ends.
//!
//! - [`json`]: QEMU-compatible JSON input (lexer, streamer, parser) and output.
//! - [`protocol`]: greeting, request validation, replies and events.
//! - [`server`]: Unix/TCP server over a [`dispatch::Dispatch`] command table,
//!   with event broadcast and QEMU's rate limits.
//! - [`client`]: blocking and tokio clients, for QMP and for the guest
//!   agent ([`client::agent`]).
//! - [`command`]: the traits generated bindings implement.
//!
//! The `qmp` command-line tool and the simulated VM it serves live in the
//! `qmp-cli` crate (it depends on the generated bindings, which depend on
//! this crate).

pub mod client;
pub mod codec;
pub mod command;
pub mod dispatch;
pub mod error;
pub mod events;
mod handle;
pub mod json;
pub mod protocol;
pub mod server;
mod sock;

pub use command::{Command, Event, EventMessage, EventSet, RawEvent, Timestamp};
pub use dispatch::{AsyncDispatch, CallContext, CommandInfo, Dispatch};
pub use error::{ErrorClass, QmpError};
pub use server::{Server, ServerConfig, ServerHandle};

/// The JSON library of the runtime's values ([`codec::Value`]), for
/// crates that use generated bindings and need no dependency of their own.
#[doc(no_inline)]
pub use serde_json;
