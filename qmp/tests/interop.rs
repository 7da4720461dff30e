//! Interop with real QEMU: qemu-storage-daemon and qemu-system-x86_64
//! (`-machine none -nodefaults -display none -accel tcg`) on Unix sockets in
//! a temp dir, each stopped by its own PID. Both clients negotiate oob, run
//! every argument-less `query-*` command the server offers, get STOP/RESUME
//! or job events, pass a file descriptor, and see typed errors. File descriptors
//! are passed to qemu-system-x86_64 (`getfd`; the storage daemon has no fd
//! commands). Skipped with a
//! message when a binary is missing, unless QAPI_REQUIRE_CORPUS=1.

mod common;

use common::*;
use qmp::client::{blocking, tokio as tclient, ClientError};
use qmp::{Command, ErrorClass, Event};
use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Serialize)]
struct QueryVersion {}
#[derive(Deserialize, Debug)]
struct VersionTriple {
    major: i64,
    minor: i64,
    #[allow(dead_code)]
    micro: i64,
}
#[derive(Deserialize, Debug)]
struct VersionInfo {
    qemu: VersionTriple,
    package: String,
}
impl Command for QueryVersion {
    const NAME: &'static str = "query-version";
    type Returns = VersionInfo;
}

#[derive(Serialize)]
struct Stop {}
impl Command for Stop {
    const NAME: &'static str = "stop";
    type Returns = serde_json::Value;
}
#[derive(Serialize)]
struct Cont {}
impl Command for Cont {
    const NAME: &'static str = "cont";
    type Returns = serde_json::Value;
}
#[derive(Serialize)]
struct ObjectDel {
    id: String,
}
impl Command for ObjectDel {
    const NAME: &'static str = "object-del";
    type Returns = serde_json::Value;
}
#[derive(Deserialize, Debug)]
struct JobStatusChange {
    id: String,
    status: String,
}
impl Event for JobStatusChange {
    const NAME: &'static str = "JOB_STATUS_CHANGE";
}

fn query_commands(names: serde_json::Value) -> Vec<String> {
    names
        .as_array()
        .expect("query-commands returns a list")
        .iter()
        .filter_map(|c| c["name"].as_str().map(str::to_string))
        .filter(|n| n.starts_with("query-"))
        .collect()
}

/// Runs every argument-less query-* command; returns how many succeeded.
fn run_queries_blocking(c: &mut blocking::Client) -> usize {
    let names = query_commands(
        c.execute_raw("query-commands", None)
            .expect("query-commands"),
    );
    let mut ok = 0;
    for n in &names {
        match c.execute_raw(n, None) {
            Ok(_) => ok += 1,
            Err(ClientError::Qmp(e)) => {
                assert!(!e.desc.is_empty(), "{n}: error without desc");
            }
            Err(e) => panic!("{n}: {e}"),
        }
    }
    assert!(
        ok > 5,
        "only {ok} of {} query commands succeeded",
        names.len()
    );
    ok
}

fn typed_error_checks(c: &mut blocking::Client) {
    let e = c.execute_raw("no-such-command", None).unwrap_err();
    let q = e.qmp().expect("QMP error");
    assert_eq!(q.class, ErrorClass::CommandNotFound);
    assert_eq!(q.desc, "The command no-such-command has not been found");
    let v = c.execute(&QueryVersion {}).expect("typed query-version");
    assert_eq!((v.qemu.major, v.qemu.minor), (10, 0));
    assert!(!v.package.is_empty());
}

fn fd_passing(c: &mut blocking::Client) {
    let f = std::fs::File::open("/dev/null").expect("open /dev/null");
    use std::os::fd::AsRawFd;
    c.execute_with_fd(
        "getfd",
        Some(serde_json::json!({"fdname": "nullfd"})),
        f.as_raw_fd(),
    )
    .expect("getfd");
    c.execute_raw("closefd", Some(serde_json::json!({"fdname": "nullfd"})))
        .expect("closefd of the passed fd");
    let e = c
        .execute_raw("closefd", Some(serde_json::json!({"fdname": "nullfd"})))
        .unwrap_err();
    assert_eq!(
        e.qmp().map(|q| q.class.clone()),
        Some(ErrorClass::GenericError)
    );
}

#[test]
fn storage_daemon_blocking_client() {
    let Some(qsd) = qemu_storage_daemon() else {
        return;
    };
    let mut c = blocking::Client::connect_unix(&qsd.socket).expect("connect");
    assert!(c.oob_enabled(), "oob offered by QEMU must be enabled");
    run_queries_blocking(&mut c);
    typed_error_checks(&mut c);
    let e = c.execute(&ObjectDel { id: "nope".into() }).unwrap_err();
    assert_eq!(
        e.qmp().map(|q| q.class.clone()),
        Some(ErrorClass::GenericError)
    );
    // job events from blockdev-create
    let dir = TempDir::new("img");
    let img = dir.path("create.img");
    c.execute_raw(
        "blockdev-create",
        Some(serde_json::json!({"job-id": "job0", "options": {"driver": "file", "filename": img, "size": 1048576}})),
    )
    .expect("blockdev-create");
    let mut statuses = Vec::new();
    while !statuses.iter().any(|s| s == "concluded") {
        let ev = c
            .next_event(Some(Duration::from_secs(10)))
            .expect("event")
            .expect("job event in time");
        if let Some(j) = ev.as_event::<JobStatusChange>() {
            let j = j.expect("decode JOB_STATUS_CHANGE");
            assert_eq!(j.id, "job0");
            statuses.push(j.status);
        }
    }
    assert_eq!(&statuses[..2], ["created", "running"]);
    c.execute_raw("job-dismiss", Some(serde_json::json!({"id": "job0"})))
        .expect("job-dismiss");
}

#[test]
fn storage_daemon_tokio_client() {
    let Some(qsd) = qemu_storage_daemon() else {
        return;
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let c = tclient::Client::connect_unix(&qsd.socket)
            .await
            .expect("connect");
        assert!(c.oob_enabled());
        let names = query_commands(
            c.execute_raw("query-commands", None)
                .await
                .expect("query-commands"),
        );
        let mut ok = 0;
        for n in &names {
            match c.execute_raw(n, None).await {
                Ok(_) => ok += 1,
                Err(ClientError::Qmp(_)) => {}
                Err(e) => panic!("{n}: {e}"),
            }
        }
        assert!(ok > 5);
        // pipelining: many calls in flight on one connection
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..50 {
            let c = c.clone();
            set.spawn(async move { c.execute(&QueryVersion {}).await.map(|v| v.qemu.major) });
        }
        while let Some(r) = set.join_next().await {
            assert_eq!(r.expect("task").expect("query-version"), 10);
        }
        let e = c.execute_raw("no-such-command", None).await.unwrap_err();
        assert_eq!(
            e.qmp().map(|q| q.class.clone()),
            Some(ErrorClass::CommandNotFound)
        );
    });
}

#[test]
fn system_emulator_both_clients() {
    let Some(sys) = qemu_system() else { return };
    let mut c = blocking::Client::connect_unix(&sys.socket).expect("connect");
    assert!(c.oob_enabled());
    run_queries_blocking(&mut c);
    typed_error_checks(&mut c);
    fd_passing(&mut c);
    c.execute(&Stop {}).expect("stop");
    let ev = c
        .next_event(Some(Duration::from_secs(5)))
        .expect("read")
        .expect("STOP event");
    assert_eq!(ev.event, "STOP");
    c.execute(&Cont {}).expect("cont");
    let ev = c
        .next_event(Some(Duration::from_secs(5)))
        .expect("read")
        .expect("RESUME event");
    assert_eq!(ev.event, "RESUME");
    // OOB: a command that allows it
    let e = c.execute_oob_raw("migrate-pause", None).unwrap_err();
    assert_eq!(
        e.qmp().map(|q| q.class.clone()),
        Some(ErrorClass::GenericError)
    );
    drop(c);

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let c = tclient::Client::connect_unix(&sys.socket)
            .await
            .expect("connect tokio");
        assert!(c.oob_enabled());
        c.execute(&Stop {}).await.expect("stop");
        c.execute(&Cont {}).await.expect("cont");
        let a = c
            .next_event(Some(Duration::from_secs(5)))
            .await
            .expect("ev")
            .expect("STOP");
        let b = c
            .next_event(Some(Duration::from_secs(5)))
            .await
            .expect("ev")
            .expect("RESUME");
        assert_eq!((a.event.as_str(), b.event.as_str()), ("STOP", "RESUME"));
        let f = std::fs::File::open("/dev/null").expect("open");
        use std::os::fd::AsRawFd;
        c.execute_with_fd(
            "getfd",
            Some(serde_json::json!({"fdname": "n"})),
            f.as_raw_fd(),
        )
        .await
        .expect("getfd");
        c.execute_raw("closefd", Some(serde_json::json!({"fdname": "n"})))
            .await
            .expect("closefd");
        let status = c
            .execute_raw("query-status", None)
            .await
            .expect("query-status");
        assert_eq!(status["running"], true);
    });
}
