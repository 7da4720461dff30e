//! Generates bindings for QEMU 10.2's guest agent schema with the build
//! conditions of a Linux qemu-ga (what `qga/meson.build` and QEMU's
//! `configure` set on a glibc system); `CONFIG_WIN32` items are left out.

use qapi_codegen::Builder;

const ROOT: &str = "../../../shared/corpus/qemu-10.2/qga/qapi-schema.json";

/// The conditions the schema uses that hold for a Linux build.
const LINUX: &[&str] = &[
    "CONFIG_LINUX",
    "CONFIG_POSIX",
    "CONFIG_FSFREEZE",
    "CONFIG_FSTRIM",
    "CONFIG_LIBUDEV",
    "CONFIG_GETLOADAVG",
    "HAVE_GETIFADDRS",
    "HAVE_UTMPX",
];

fn main() {
    let r = Builder::new()
        .true_conditions(LINUX.iter().copied())
        .server(false)
        .file_name("qga.rs")
        .compile(ROOT);
    if let Err(e) = r {
        panic!("{e}");
    }
}
