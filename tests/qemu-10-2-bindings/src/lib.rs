//! Typed bindings for QEMU 10.2's QMP, generated at build time from
//! `../shared/corpus/qemu-10.2` with every build condition true (all
//! targets' commands; definitions under `not(...)` are left out), and
//! `unstable` items included (see `build.rs`).

include!(concat!(env!("OUT_DIR"), "/qemu_10_2.rs"));
