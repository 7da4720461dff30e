//! The guest agent clients against a real qemu-ga 10.0.2 (listening on a
//! Unix socket in a temp dir, stopped by its own PID) and against scripted
//! agents that send what a real one sends only on a dirty channel: stale
//! replies, garbage, invalid JSON, a huge line, no reply to a
//! `success-response: false` command. The qemu-ga tests skip with a
//! message when it is missing, unless QAPI_REQUIRE_CORPUS=1.

mod common;

use common::*;
use qmp::client::agent::{self, blocking, tokio as tagent, AgentOptions, Exec};
use qmp::client::ClientError;
use qmp::{Command, ErrorClass};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::time::Duration;

#[derive(Serialize)]
struct GuestInfo {}
#[derive(Deserialize, Debug)]
struct CommandInfo {
    name: String,
    #[serde(rename = "success-response")]
    success_response: bool,
}
#[derive(Deserialize, Debug)]
struct AgentInfo {
    version: String,
    supported_commands: Vec<CommandInfo>,
}
impl Command for GuestInfo {
    const NAME: &'static str = "guest-info";
    type Returns = AgentInfo;
}

#[derive(Serialize)]
struct GuestShutdown {
    mode: &'static str,
}
impl Command for GuestShutdown {
    const NAME: &'static str = "guest-shutdown";
    const SUCCESS_RESPONSE: bool = false;
    type Returns = Value;
}

fn opts(timeout: Duration) -> AgentOptions {
    AgentOptions {
        timeout: Some(timeout),
        sync_timeout: Duration::from_secs(10),
        ..AgentOptions::default()
    }
}

// ---------------------------------------------------------------------
// A real qemu-ga.

/// guest-info, guest-ping, a misspelled command, a binary file round trip
/// and guest-exec of /bin/echo, through one blocking client.
#[test]
fn blocking_client_against_qemu_ga() {
    let Some(ga) = qemu_ga() else { return };
    let mut c = blocking::Client::connect_unix_with(&ga.socket, &opts(Duration::from_secs(10)))
        .expect("connect");
    let info = c.execute(&GuestInfo {}).expect("guest-info");
    assert_eq!(info.version, "10.0.2");
    let shutdown = info
        .supported_commands
        .iter()
        .find(|c| c.name == "guest-shutdown")
        .expect("guest-shutdown listed");
    assert!(!shutdown.success_response);
    assert_eq!(c.execute_raw("guest-ping", None).expect("ping"), json!({}));

    let e = c.execute_raw("guest-pnig", None).expect_err("misspelled");
    let q = e.qmp().expect("a QMP error");
    assert_eq!(q.class, ErrorClass::CommandNotFound);
    assert_eq!(q.desc, "The command guest-pnig has not been found");

    file_round_trip(&mut c, &ga.dir.path("data.bin"));

    let out = c
        .exec(&Exec::new("/bin/echo").args(["hello", "agent"]))
        .expect("guest-exec");
    assert!(out.success(), "{out:?}");
    assert_eq!(out.stdout, b"hello agent\n");
    assert!(out.stderr.is_empty());
    // a failing program: exit code and stderr
    let out = c
        .exec(&Exec::new("/bin/sh").args(["-c", "printf 'x\\0\\377' >&2; exit 3"]))
        .expect("guest-exec");
    assert_eq!(out.exit_code, Some(3));
    assert_eq!(out.stderr, b"x\0\xff");
    // a path that does not exist is the agent's error
    let e = c
        .exec(&Exec::new("/nonexistent/program"))
        .expect_err("no such program");
    assert!(e.qmp().is_some(), "{e}");
    assert_eq!(c.dropped(), 0, "nothing stale on a fresh agent");
}

fn file_round_trip(c: &mut blocking::Client, path: &std::path::Path) {
    let bytes: Vec<u8> = [0x00, 0xff, b'\n', 0x00, b'"', 0xff, 0xfe, 0x80]
        .iter()
        .copied()
        .cycle()
        .take(4096 + 3)
        .collect();
    let h = c
        .execute_raw("guest-file-open", Some(json!({"path": path, "mode": "w+"})))
        .expect("open");
    let handle = h.as_i64().expect("handle");
    let w = c
        .execute_raw(
            "guest-file-write",
            Some(json!({"handle": handle, "buf-b64": agent::encode_base64(&bytes)})),
        )
        .expect("write");
    assert_eq!(w["count"], bytes.len());
    let s = c
        .execute_raw(
            "guest-file-seek",
            Some(json!({"handle": handle, "offset": 0, "whence": "set"})),
        )
        .expect("seek");
    assert_eq!(s["position"], 0);
    let r = c
        .execute_raw(
            "guest-file-read",
            Some(json!({"handle": handle, "count": bytes.len() + 100})),
        )
        .expect("read");
    assert_eq!(r["count"], bytes.len());
    let got = agent::decode_base64(r["buf-b64"].as_str().expect("buf-b64")).expect("base64");
    assert_eq!(got, bytes);
    c.execute_raw("guest-file-close", Some(json!({"handle": handle})))
        .expect("close");
    assert_eq!(std::fs::read(path).expect("file on disk"), bytes);
}

/// Another client left half a request in the agent's parser: the sync's
/// sentinel flushes it, and the next command works.
#[test]
fn a_half_written_request_of_another_client() {
    let Some(ga) = qemu_ga() else { return };
    {
        let mut other = UnixStream::connect(&ga.socket).expect("connect");
        other
            .write_all(b"{\"execute\": \"guest-file-open\", \"arguments\": {\"path\": \"/x")
            .expect("half a request");
    }
    let mut c = blocking::Client::connect_unix_with(&ga.socket, &opts(Duration::from_secs(10)))
        .expect("connect");
    assert_eq!(c.execute_raw("guest-ping", None).expect("ping"), json!({}));
    let v = c.execute_raw("guest-get-time", None).expect("time");
    assert!(v.as_i64().is_some_and(|t| t > 0), "{v}");
    // without the sync, the same leftover swallows a plain request
    drop(c);
    {
        let mut other = UnixStream::connect(&ga.socket).expect("connect");
        other
            .write_all(b"{\"execute\": \"guest-ping\"")
            .expect("half");
    }
    let mut raw = Raw::connect(&ga.socket);
    raw.send(b"{\"execute\": \"guest-ping\"}\n");
    let lines = raw.lines(1, Duration::ZERO, Duration::from_millis(300));
    assert!(
        lines.is_empty(),
        "the agent was still inside the old request: {lines:?}"
    );
}

/// The agent is killed and started again between two calls: the client
/// reconnects and resynchronizes by itself.
#[test]
fn agent_restarted_mid_session() {
    let Some(mut ga) = qemu_ga() else { return };
    let mut c = blocking::Client::connect_unix_with(&ga.socket, &opts(Duration::from_secs(10)))
        .expect("connect");
    c.execute_raw("guest-ping", None).expect("ping");
    restart_qemu_ga(&mut ga);
    assert_eq!(
        c.execute_raw("guest-ping", None).expect("after restart"),
        json!({})
    );
    let info = c.execute(&GuestInfo {}).expect("guest-info");
    assert_eq!(info.version, "10.0.2");

    // the same with the tokio client (qemu-ga serves one client at a time)
    drop(c);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt");
    rt.block_on(async {
        let c = tagent::Client::connect_unix_with(&ga.socket, &opts(Duration::from_secs(10)))
            .await
            .expect("connect");
        c.execute_raw("guest-ping", None).await.expect("ping");
        restart_qemu_ga(&mut ga);
        assert_eq!(
            c.execute_raw("guest-ping", None)
                .await
                .expect("after restart"),
            json!({})
        );
        let out = c
            .exec(&Exec::new("/bin/echo").arg("tokio"))
            .await
            .expect("exec");
        assert_eq!(out.stdout_lossy(), "tokio\n");
        let e = c
            .execute_raw("guest-pnig", None)
            .await
            .expect_err("misspelled");
        assert_eq!(
            e.qmp().map(|q| q.desc.as_str()),
            Some("The command guest-pnig has not been found")
        );
    });
    // killed between calls: the next call fails to reconnect while no
    // agent listens, then works once one does
    let mut c = blocking::Client::connect_unix_with(&ga.socket, &opts(Duration::from_secs(10)))
        .expect("connect");
    let _ = ga.child.kill();
    let _ = ga.child.wait();
    let e = c.execute_raw("guest-ping", None).expect_err("no agent");
    assert!(matches!(e, ClientError::Io(_)), "{e:?}");
    restart_qemu_ga(&mut ga);
    assert_eq!(c.execute_raw("guest-ping", None).expect("back"), json!({}));
}

// ---------------------------------------------------------------------
// Scripted agents.

/// One scripted agent connection: reads requests (a leading sentinel is
/// noted), writes raw bytes.
struct Peer {
    r: BufReader<UnixStream>,
    w: UnixStream,
}

impl Peer {
    /// The next request, and whether a sentinel came before it.
    fn request(&mut self) -> Option<(bool, Value)> {
        let mut line = Vec::new();
        if self.r.read_until(b'\n', &mut line).ok()? == 0 {
            return None;
        }
        let start = line.iter().position(|&b| b != 0xFF).unwrap_or(line.len());
        let v = serde_json::from_slice(&line[start..]).expect("request json");
        Some((start > 0, v))
    }

    fn send(&mut self, b: &[u8]) {
        self.w.write_all(b).expect("send");
    }

    /// Answers a sync as qemu-ga does (the error for the sentinel first),
    /// after `before`.
    fn answer_sync(&mut self, before: &[u8]) {
        let (sentinel, req) = self.request().expect("sync request");
        assert!(sentinel, "a sync starts with 0xFF");
        assert_eq!(req["execute"], "guest-sync-delimited");
        let id = &req["arguments"]["id"];
        self.send(before);
        self.send(b"{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error, stray '\\uFFFD'\"}}\n");
        self.send(&[&[0xFFu8][..], format!("{{\"return\": {id}}}\n").as_bytes()].concat());
    }

    /// Reads a request for `name`; returns its id.
    fn expect(&mut self, name: &str) -> Value {
        let (_, req) = self.request().expect("request");
        assert_eq!(req["execute"], name, "{req}");
        req["id"].clone()
    }

    fn reply(&mut self, ret: Value, id: &Value) {
        let line = json!({"return": ret, "id": id});
        self.send(format!("{line}\n").as_bytes());
    }
}

/// A scripted agent on a Unix socket in a temp dir: `script` serves one
/// connection.
fn scripted(
    script: impl FnOnce(Peer) + Send + 'static,
) -> (TempDir, std::path::PathBuf, std::thread::JoinHandle<()>) {
    let dir = TempDir::new("qga-script");
    let path = dir.path("agent.sock");
    let l = UnixListener::bind(&path).expect("bind");
    let t = std::thread::spawn(move || {
        let (s, _) = l.accept().expect("accept");
        let peer = Peer {
            r: BufReader::new(s.try_clone().expect("clone")),
            w: s,
        };
        script(peer)
    });
    (dir, path, t)
}

#[test]
fn stale_replies_never_reach_the_caller() {
    let (_d, path, t) = scripted(|mut p| {
        // garbage, a stale sync reply with its sentinel, a stale command
        // reply and half a reply, all before the sync's own
        p.answer_sync(
            b"{\"return\": {\"old\": 1}, \"id\": 1}\n\xff{\"return\": 77}\n}}garbage{\"return\": {\"half\"",
        );
        let id = p.expect("guest-ping");
        // a reply with another id (an earlier client's), then the reply
        p.send(b"{\"return\": {\"stale\": true}, \"id\": 12345}\n");
        p.reply(json!({}), &id);
        let id = p.expect("guest-get-time");
        // a reply split over writes, no newline needed
        let line = json!({"return": 42, "id": id}).to_string();
        let (a, b) = line.split_at(7);
        p.send(a.as_bytes());
        std::thread::sleep(Duration::from_millis(20));
        p.send(b.as_bytes());
        p.request();
    });
    let mut c = blocking::Client::connect_unix_with(&path, &opts(Duration::from_secs(10)))
        .expect("connect");
    assert_eq!(c.execute_raw("guest-ping", None).expect("ping"), json!({}));
    assert_eq!(
        c.execute_raw("guest-get-time", None).expect("time"),
        json!(42)
    );
    // two stale messages after sentinels: the old sync reply, the other
    // id (what came before a sentinel is skipped unread)
    assert_eq!(c.dropped(), 2);
    drop(c);
    t.join().expect("script");
}

#[test]
fn success_response_false_returns_once_sent() {
    let (_d, path, t) = scripted(|mut p| {
        p.answer_sync(b"");
        let (_, req) = p.request().expect("shutdown");
        assert_eq!(req["execute"], "guest-shutdown");
        assert_eq!(req["arguments"], json!({"mode": "halt"}));
        // it failed after all: its error carries its id and is stale by
        // the time the next command runs
        let id = req["id"].clone();
        let ping = p.expect("guest-ping");
        let e = json!({"error": {"class": "GenericError", "desc": "shutdown failed"}, "id": id});
        p.send(format!("{e}\n").as_bytes());
        p.reply(json!({}), &ping);
        p.request();
    });
    // no timeout: a client that waited for a reply would never return
    let o = AgentOptions {
        timeout: None,
        ..AgentOptions::default()
    };
    let mut c = blocking::Client::connect_unix_with(&path, &o).expect("connect");
    assert_eq!(
        c.execute(&GuestShutdown { mode: "halt" }).expect("sent"),
        json!({})
    );
    assert_eq!(c.execute_raw("guest-ping", None).expect("ping"), json!({}));
    assert_eq!(c.dropped(), 1);
    drop(c);
    t.join().expect("script");
}

#[test]
fn a_timeout_resynchronizes_before_the_next_call() {
    let (_d, path, t) = scripted(|mut p| {
        p.answer_sync(b"");
        let late = p.expect("guest-fsfreeze-freeze");
        // no answer until the client gave up and resynchronizes; the late
        // reply comes before the sync's
        let late = json!({"return": 3, "id": late});
        p.answer_sync(format!("{late}\n").as_bytes());
        let id = p.expect("guest-fsfreeze-status");
        p.reply(json!("thawed"), &id);
        p.request();
    });
    let mut c = blocking::Client::connect_unix_with(&path, &opts(Duration::from_secs(10)))
        .expect("connect");
    let r = c.execute_raw_timeout(
        "guest-fsfreeze-freeze",
        None,
        Some(Duration::from_millis(100)),
    );
    assert!(matches!(r, Err(ClientError::Timeout)), "{r:?}");
    assert_eq!(
        c.execute_raw("guest-fsfreeze-status", None)
            .expect("status"),
        json!("thawed")
    );
    drop(c);
    t.join().expect("script");
}

#[test]
fn invalid_json_and_a_huge_line_are_errors() {
    let (_d, path, t) = scripted(|mut p| {
        p.answer_sync(b"");
        p.expect("guest-ping");
        p.send(b"{\"return\": nope, \"id\": 1}\n");
        // the client resyncs; a line beyond the size limit
        p.answer_sync(b"");
        p.expect("guest-info");
        let mut huge = b"{\"return\": \"".to_vec();
        huge.resize(huge.len() + (3 << 20), b'A');
        huge.extend_from_slice(b"\"}\n");
        p.send(&huge);
        // a message that is no reply; then a list
        p.answer_sync(b"");
        p.expect("guest-ping");
        p.send(b"[\"not\", \"an object\"]\n");
        p.answer_sync(b"");
        let id = p.expect("guest-ping");
        p.reply(json!({}), &id);
        p.request();
    });
    let o = AgentOptions {
        max_reply_size: 1 << 20,
        ..opts(Duration::from_secs(10))
    };
    let mut c = blocking::Client::connect_unix_with(&path, &o).expect("connect");
    let e = c.execute_raw("guest-ping", None).expect_err("invalid JSON");
    assert!(matches!(e, ClientError::Protocol(_)), "{e:?}");
    assert!(
        e.to_string().contains("invalid JSON from the guest agent"),
        "{e}"
    );
    let e = c.execute_raw("guest-info", None).expect_err("huge");
    assert!(
        e.to_string().contains("JSON token size limit exceeded"),
        "{e}"
    );
    let e = c.execute_raw("guest-ping", None).expect_err("a list");
    assert!(e.to_string().contains("instead of an object"), "{e}");
    assert_eq!(c.execute_raw("guest-ping", None).expect("ping"), json!({}));
    drop(c);
    t.join().expect("script");
}

#[test]
fn closed_mid_call_without_a_path_stays_closed() {
    let (a, b) = UnixStream::pair().expect("pair");
    let t = std::thread::spawn(move || {
        let mut p = Peer {
            r: BufReader::new(b.try_clone().expect("clone")),
            w: b,
        };
        p.answer_sync(b"");
        p.expect("guest-ping");
        // half a reply, then the agent goes away
        p.send(b"{\"return\": {");
    });
    let mut c = blocking::Client::from_stream(a, &opts(Duration::from_secs(10))).expect("start");
    let e = c.execute_raw("guest-ping", None).expect_err("closed");
    assert!(matches!(e, ClientError::Closed), "{e:?}");
    t.join().expect("script");
    let e = c.execute_raw("guest-ping", None).expect_err("still closed");
    assert!(matches!(e, ClientError::Closed), "{e:?}");
}

#[test]
fn tokio_client_against_scripted_agents() {
    let (_d, path, t) = scripted(|mut p| {
        p.answer_sync(b"{\"return\": {}, \"id\": 2}\n");
        p.expect("guest-suspend-ram");
        // a call whose future is dropped (timeout): resynced before the next
        let late = p.expect("guest-get-time");
        let late = json!({"return": 1, "id": late});
        p.answer_sync(format!("{late}\n").as_bytes());
        let id = p.expect("guest-get-time");
        p.reply(json!(2), &id);
        let id = p.expect("guest-ping");
        p.send(b"{\"return\": {}, \"id\": 999}\n");
        p.reply(json!({}), &id);
        p.request();
    });
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt");
    rt.block_on(async {
        let c = tagent::Client::connect_unix_with(&path, &opts(Duration::from_secs(10)))
            .await
            .expect("connect");
        let v = c
            .call_raw("guest-suspend-ram", None, false)
            .await
            .expect("sent");
        assert_eq!(v, json!({}));
        let r = c
            .execute_raw_timeout("guest-get-time", None, Some(Duration::from_millis(100)))
            .await;
        assert!(matches!(r, Err(ClientError::Timeout)), "{r:?}");
        // a clone shares the connection
        let c2 = c.clone();
        assert_eq!(
            c2.execute_raw("guest-get-time", None).await.expect("time"),
            json!(2)
        );
        assert_eq!(
            c.execute_raw("guest-ping", None).await.expect("ping"),
            json!({})
        );
        assert_eq!(c.dropped().await, 1, "the reply with id 999");
    });
    t.join().expect("script");
}

/// qemu-ga ends replies with `\n`; `\r\n` works too (the streamer
/// needs no newline at all).
#[test]
fn replies_ending_in_crlf() {
    let (_d, path, t) = scripted(|mut p| {
        p.answer_sync(b"");
        let id = p.expect("guest-ping");
        p.send(format!("{}\r\n", json!({"return": {}, "id": id})).as_bytes());
        let mut rest = Vec::new();
        let _ = p.r.read_to_end(&mut rest);
    });
    let mut c = blocking::Client::connect_unix_with(&path, &opts(Duration::from_secs(10)))
        .expect("connect");
    assert_eq!(c.execute_raw("guest-ping", None).expect("ping"), json!({}));
    drop(c);
    t.join().expect("script");
}
