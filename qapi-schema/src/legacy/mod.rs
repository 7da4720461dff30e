//! Readers and writers for the 2012 ("legacy") QMP interface files.
//!
//! Before QEMU described its whole interface in the QAPI schema, the QMP
//! interface lived in three places:
//!
//! * `qmp-commands.hx`: the dispatch table (C initializer entries such as
//!   `{ .name = "quit", .args_type = "", ... }`) interleaved with the
//!   reference text between `SQMP` and `EQMP` lines.  [`hx`] parses it into
//!   a syntax tree ([`HxFile`]) and links every dispatch entry to its
//!   documentation block ([`CommandTable`]).
//! * The `args_type` strings of those entries, a small language describing
//!   the arguments.  [`args_type`] parses them into [`ArgsType`] and maps
//!   each argument type to a QAPI type name.
//! * `qmp-events.txt`: hand-written event documentation.  [`events_txt`]
//!   parses it into typed [`EventDef`]s (names, members with JSON types,
//!   optionality, enumerated values, prose, examples and notes).
//!
//! [`render`] writes `qmp-commands.txt` (exactly what QEMU's build produced)
//! and `qmp-events.txt` (from the typed definitions) back out.
//!
//! Every node carries a [`Span`] (file, line, column); every problem is a
//! [`LegacyError`] naming `file:line`.  Nothing here panics on bad input.
//!
//! [`bundle`] reads a whole bundle into the common schema model
//! ([`crate::load_inputs`]): `definitions` turns the commands and events
//! of its files into definitions for the schema builder, and `fit` checks
//! the examples of its docs against the model.  [`migrate`] writes a
//! model read from a bundle in today's language.

pub mod args_type;
pub mod bundle;
mod definitions;
pub mod error;
pub mod events_txt;
pub mod example;
mod fit;
pub mod hx;
pub mod migrate;
pub mod render;
mod span;

pub use args_type::{ArgKind, ArgsType, Argument, QapiType};
pub use error::LegacyError;
pub use events_txt::{
    parse_events_txt, EnumValue, EventDef, EventsDoc, JsonType, Member, ValuesLayout,
};
pub use example::{Direction, Example};
pub use hx::{parse_hx, CommandTable, DispatchCommand, Entry, HxFile, HxItem};
pub use render::{render_qmp_commands_txt, render_qmp_events_txt};
pub use span::Span;
