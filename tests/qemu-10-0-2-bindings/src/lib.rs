//! Typed bindings for QEMU 10.0.2's QMP, generated at build time from
//! `../shared/corpus/qemu-10.0.2` with the build conditions of the
//! Debian binaries (see `build.rs`).

/// `qemu-system-x86_64`'s schema (root `qapi/qapi-schema.json`).
pub mod system {
    include!(concat!(env!("OUT_DIR"), "/system.rs"));
}

/// `qemu-storage-daemon`'s schema (root `storage-daemon/qapi/qapi-schema.json`).
pub mod qsd {
    include!(concat!(env!("OUT_DIR"), "/qsd.rs"));
}
