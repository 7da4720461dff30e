//! Typed bindings for QEMU 10.2's guest agent, generated at build time
//! from `../shared/corpus/qemu-10.2/qga` with a Linux build's conditions
//! (see `build.rs`): a type per command and a method per command on both
//! guest agent clients (`qmp::client::agent`), through the generated
//! `client::BlockingClient` and `client::AsyncClient` traits.
//!
//! Running a program and reading its output takes `guest_exec` and
//! `guest_exec_status` until `exited`, with `out_data`/`err_data`
//! decoded by `qmp::client::agent::decode_base64`; the clients' own
//! `exec` does the same over the wire form (see the tests).

include!(concat!(env!("OUT_DIR"), "/qga.rs"));
