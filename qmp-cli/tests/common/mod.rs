//! Helpers shared by the integration tests (see `qmp_cli::testing`), and
//! starting this package's `qmp serve`.
#![allow(dead_code, unused_imports)]

use std::process::{Command, Stdio};

pub use qmp_cli::testing::*;

/// Starts `qmp serve` with extra arguments.
pub fn qmp_serve(extra: &[&str]) -> Proc {
    let dir = TempDir::new("serve");
    let socket = dir.path("qmp.sock");
    let mut child = Command::new(env!("CARGO_BIN_EXE_qmp"))
        .arg("serve")
        .arg("--socket")
        .arg(&socket)
        .args(extra)
        .stdin(Stdio::null())
        .spawn()
        .expect("start qmp serve");
    wait_for_socket(&socket, &mut child);
    Proc { child, socket, dir }
}

/// `qmp serve` reporting the same version as the captured QEMU.
pub fn qmp_serve_like_qemu() -> Proc {
    qmp_serve(&[
        "--qemu-version",
        "10.0.2",
        "--package",
        "Debian 1:10.0.2+ds-2+deb13u1~bpo12+1",
    ])
}
