//! `ConnectOptions::omit_lone_ids`: a lone in-band command goes without
//! `id`; with anything in flight (pipelining) or out of band, ids are sent;
//! events read while waiting are kept. Checked against a scripted server
//! that records the request lines.

mod common;

use common::TempDir;
use qmp::client::blocking::Client;
use qmp::client::ConnectOptions;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixListener;

#[test]
fn lone_commands_go_without_ids() {
    let dir = TempDir::new("lone");
    let path = dir.path("s.sock");
    let listener = UnixListener::bind(&path).expect("bind");
    let server = std::thread::spawn(move || {
        let (s, _) = listener.accept().expect("accept");
        let mut w = s.try_clone().expect("clone");
        let mut r = BufReader::new(s);
        w.write_all(b"{\"QMP\": {\"version\": {}, \"capabilities\": []}}\r\n")
            .expect("greeting");
        let mut seen = Vec::new();
        let mut line = String::new();
        while r.read_line(&mut line).is_ok_and(|n| n > 0) {
            let v: serde_json::Value = serde_json::from_str(&line).expect("json");
            seen.push(line.trim_end().to_string());
            line.clear();
            let mut reply = serde_json::json!({"return": {"n": seen.len()}});
            if let Some(id) = v.get("id") {
                reply["id"] = id.clone();
            }
            if v["execute"] == "stop" {
                w.write_all(
                    b"{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"STOP\"}\r\n",
                )
                .expect("event");
            }
            w.write_all(format!("{reply}\r\n").as_bytes())
                .expect("reply");
        }
        seen
    });
    let opts = ConnectOptions {
        omit_lone_ids: true,
        ..ConnectOptions::default()
    };
    let mut c = Client::connect_unix_with(&path, &opts).expect("connect");
    assert_eq!(c.execute_raw("stop", None).expect("stop")["n"], 2);
    let ev = c
        .next_event(Some(std::time::Duration::ZERO))
        .expect("event");
    assert_eq!(ev.map(|e| e.event), Some("STOP".to_string()));
    let a = c.send_raw("query-status", None, false).expect("send");
    assert_eq!(c.execute_raw("cont", None).expect("cont")["n"], 4);
    assert_eq!(c.wait_reply(a).expect("reply")["n"], 3);
    assert_eq!(c.execute_raw("cont", None).expect("cont")["n"], 5);
    drop(c);
    let seen = server.join().expect("server");
    assert_eq!(
        seen,
        [
            "{\"execute\":\"qmp_capabilities\"}",
            "{\"execute\":\"stop\"}",
            "{\"execute\":\"query-status\",\"id\":1}",
            "{\"execute\":\"cont\",\"id\":2}",
            "{\"execute\":\"cont\"}",
        ]
    );
}
