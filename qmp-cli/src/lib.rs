//! The `qmp` command-line tool (`exec`, `events`, `shell`, `serve`, `bench`)
//! and the simulated VM `qmp serve` runs through the dispatcher generated
//! for our example schema.
//!
//! It is a crate of its own because the generated bindings (`qapi-example`)
//! depend on the `qmp` runtime library: the tool, which needs both, sits on
//! top of them.

pub mod cli;
pub mod sim;

#[doc(hidden)]
pub mod testing;
