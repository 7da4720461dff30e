//! The bindings generated from QEMU 10.2's guest agent schema, through
//! both guest agent clients, against a real qemu-ga 10.0.2 (skipped with
//! a message when it is missing, unless QAPI_REQUIRE_CORPUS=1). The test
//! agents refuse the power and freeze commands (`QEMU_GA_BLOCKED`): they
//! run on this machine, not in a guest.

use qga_bindings::client::{AsyncClient, BlockingClient};
use qga_bindings::commands::*;
use qga_bindings::types::{GuestExecCaptureOutput, GuestFileWhence, QGASeek};
use qmp::client::agent::{blocking, decode_base64, encode_base64, tokio as tagent, AgentOptions};
use qmp::client::ClientError;
use qmp::Command;
use qmp_cli::testing::qemu_ga;
use std::time::Duration;

fn opts() -> AgentOptions {
    AgentOptions {
        timeout: Some(Duration::from_secs(10)),
        ..AgentOptions::default()
    }
}

#[test]
fn success_response_false_is_generated() {
    let flags = [
        GuestShutdown::SUCCESS_RESPONSE,
        GuestSuspendDisk::SUCCESS_RESPONSE,
        GuestSuspendRam::SUCCESS_RESPONSE,
        GuestSuspendHybrid::SUCCESS_RESPONSE,
        GuestPing::SUCCESS_RESPONSE,
        GuestInfo::SUCCESS_RESPONSE,
    ];
    assert_eq!(flags, [false, false, false, false, true, true]);
}

/// Exit code, stdout and stderr.
type Ran = (Option<i64>, Vec<u8>, Vec<u8>);

/// Runs a program with the typed commands: `guest-exec`, then
/// `guest-exec-status` until it exited; returns (exit code, stdout,
/// stderr), decoded.
fn exec_typed(c: &mut blocking::Client, path: &str, args: &[&str]) -> Result<Ran, ClientError> {
    let pid = c
        .guest_exec(GuestExec {
            path: path.into(),
            arg: Some(args.iter().map(|a| a.to_string()).collect()),
            env: None,
            input_data: None,
            capture_output: Some(GuestExecCaptureOutput::Flag(true)),
        })?
        .pid;
    loop {
        let st = c.guest_exec_status(GuestExecStatus { pid })?;
        if st.exited {
            let data = |d: Option<String>| d.map_or(Ok(Vec::new()), |t| decode_base64(&t));
            return Ok((st.exitcode, data(st.out_data)?, data(st.err_data)?));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn typed_blocking_client() {
    let Some(ga) = qemu_ga() else { return };
    let mut c = blocking::Client::connect_unix_with(&ga.socket, &opts()).expect("connect");
    let info = c.guest_info().expect("guest-info");
    assert_eq!(info.version, "10.0.2");
    let names: Vec<&str> = info
        .supported_commands
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert!(names.contains(&"guest-exec"), "{names:?}");
    c.guest_ping().expect("guest-ping");

    // a binary file round trip
    let path = ga.dir.path("typed.bin");
    let bytes: Vec<u8> = (0..=255u8).chain([0x00, 0xff, 0x00]).collect();
    let h = c
        .guest_file_open(GuestFileOpen {
            path: path.to_string_lossy().into_owned(),
            mode: Some("w+".into()),
        })
        .expect("open");
    let w = c
        .guest_file_write(GuestFileWrite {
            handle: h,
            buf_b64: encode_base64(&bytes),
            count: None,
        })
        .expect("write");
    assert_eq!(w.count, bytes.len() as i64);
    let s = c
        .guest_file_seek(GuestFileSeek {
            handle: h,
            offset: 1,
            whence: GuestFileWhence::Name(QGASeek::Set),
        })
        .expect("seek");
    assert_eq!(s.position, 1);
    let r = c
        .guest_file_read(GuestFileRead {
            handle: h,
            count: Some(4096),
        })
        .expect("read");
    assert!(r.eof);
    assert_eq!(decode_base64(&r.buf_b64).expect("base64"), bytes[1..]);
    c.guest_file_close(GuestFileClose { handle: h })
        .expect("close");

    let (code, out, err) = exec_typed(&mut c, "/bin/echo", &["typed", "exec"]).expect("exec");
    assert_eq!(code, Some(0));
    assert_eq!(out, b"typed exec\n");
    assert!(err.is_empty());

    // guest-shutdown returns once sent; this agent refuses it, and its
    // error reply (with the request's id) is dropped as stale
    c.guest_shutdown(GuestShutdown {
        mode: Some("powerdown".into()),
    })
    .expect("sent");
    c.guest_ping().expect("ping after shutdown");
    assert_eq!(c.dropped(), 1, "the refusal of guest-shutdown");
}

#[test]
fn typed_tokio_client() {
    let Some(ga) = qemu_ga() else { return };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt");
    rt.block_on(async {
        let c = tagent::Client::connect_unix_with(&ga.socket, &opts())
            .await
            .expect("connect");
        let info = c.guest_info().await.expect("guest-info");
        assert_eq!(info.version, "10.0.2");
        c.guest_ping().await.expect("guest-ping");
        let t = c.guest_get_time().await.expect("time");
        assert!(t > 0);
        c.guest_suspend_ram().await.expect("sent");
        let h = c.guest_get_host_name().await.expect("host name");
        assert!(!h.host_name.is_empty());
        assert_eq!(c.dropped().await, 1, "the refusal of guest-suspend-ram");
    });
}
