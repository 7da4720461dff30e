//! Code generation from the checked QAPI model.
//!
//! [`rust`] turns a schema into Rust bindings for the `qmp` runtime;
//! [`Builder`] runs it from a build script, [`write_crate`] writes a
//! standalone crate (`qapi-gen rust --crate`).

pub mod builder;
pub mod cli_docs;
pub mod cli_migrate;
pub mod conditions;
pub mod conditions_cmd;
pub mod introspect_cmd;
pub mod qemu_crates;
pub mod qemu_crates_cmd;
pub mod rust;
pub mod rust_cmd;

pub use builder::{write_crate, write_if_changed, Builder, CrateOptions};
pub use rust::{Conditions, Options, Unstable};
