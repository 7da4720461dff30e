//! `qapi!` in a library: QEMU 10.2's storage-daemon schema with the build
//! conditions of the storage daemon on our machines.

/// The storage daemon's QMP.
pub mod qsd {
    qapi_macros::qapi!(
        "../../../../shared/corpus/qemu-10.2/storage-daemon/qapi/qapi-schema.json",
        conditions = "../../../../shared/corpus/qmp-transcripts/build-conditions-qemu-storage-daemon.txt",
    );
}
