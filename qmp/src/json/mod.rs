//! QEMU-compatible JSON: the value model (QObject), the streaming lexer/parser
//! that QEMU's monitor uses to read its input, and the writer that formats
//! output exactly like QEMU's (member order, escapes, number formatting).
//! For clients: [`tokens`] splits a server's message into the flat
//! [`tape`] that typed values are decoded from.

pub mod ghash_order;
pub mod lexer;
pub mod parser;
pub mod qdict_order;
pub mod streamer;
pub mod tape;
pub mod tokens;
pub mod unicode;
pub mod value;
pub mod writer;

pub use streamer::{Limits, Streamer};
pub use value::{Dict, Value};
pub use writer::{to_qemu_string, write_value};
