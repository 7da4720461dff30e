//! The seed's scenario: a client sets a balloon target on `qmp serve` and
//! follows BALLOON_CHANGE events (rate-limited to one a second, the last
//! value always delivered) instead of polling `query-balloon`.

mod common;

use common::*;
use qmp::client::blocking::Client;
use qmp::Event;
use serde::Deserialize;
use std::time::{Duration, Instant};

#[derive(Deserialize, Debug)]
struct BalloonChange {
    actual: i64,
}
impl Event for BalloonChange {
    const NAME: &'static str = "BALLOON_CHANGE";
}

#[test]
fn balloon_target_reported_by_events() {
    let server = qmp_serve(&["--ram", &(1i64 << 30).to_string()]);
    let mut c = Client::connect_unix(&server.socket).expect("connect");
    let target = 512i64 << 20;
    c.execute_raw("balloon", Some(serde_json::json!({ "value": target })))
        .expect("balloon");
    let start = Instant::now();
    let mut seen = Vec::new();
    let mut times = Vec::new();
    while seen.last() != Some(&target) {
        let ev = c
            .next_event(Some(Duration::from_secs(5)))
            .expect("read")
            .expect("BALLOON_CHANGE in time");
        if let Some(b) = ev.as_event::<BalloonChange>() {
            seen.push(b.expect("decode").actual);
            times.push(ev.timestamp);
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "balloon never reached its target: {seen:?}"
        );
    }
    // moving 512 MiB in 64 MiB steps every 100 ms takes 8 changes; throttling
    // lets the first through at once and the last at the end of its window
    assert!(
        seen.len() >= 2 && seen.len() < 8,
        "events were not rate-limited: {seen:?}"
    );
    assert!(
        seen.windows(2).all(|w| w[1] < w[0]),
        "actual must shrink monotonically: {seen:?}"
    );
    let actual = c.execute_raw("query-balloon", None).expect("query-balloon");
    assert_eq!(actual["actual"], target);
    // errors keep QEMU's class and message
    let e = c
        .execute_raw("balloon", Some(serde_json::json!({ "value": "big" })))
        .unwrap_err();
    assert_eq!(
        e.qmp().map(|q| q.desc.as_str()),
        Some("Invalid parameter type for 'value', expected: integer")
    );
    let e = c.execute_raw("balloon", None).unwrap_err();
    assert_eq!(
        e.qmp().map(|q| q.desc.as_str()),
        Some("Parameter 'value' is missing")
    );
}

#[test]
fn stop_cont_and_quit_via_the_cli() {
    let server = qmp_serve(&[]);
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_qmp"))
            .args(args)
            .arg("--socket")
            .arg(&server.socket)
            .output()
            .expect("run qmp");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let events = std::process::Command::new(env!("CARGO_BIN_EXE_qmp"))
        .args(["events", "--count", "2", "--socket"])
        .arg(&server.socket)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("qmp events");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(run(&["exec", "stop"]), (Some(0), "{}\n".to_string()));
    assert_eq!(
        run(&["exec", "query-status"]),
        (
            Some(0),
            "{\"status\":\"paused\",\"running\":false}\n".to_string()
        )
    );
    assert_eq!(run(&["exec", "cont"]), (Some(0), "{}\n".to_string()));
    let out = events.wait_with_output().expect("events output");
    let text = String::from_utf8_lossy(&out.stdout);
    let names: Vec<String> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("json line")["event"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    assert_eq!(names, ["STOP", "RESUME"]);
    assert_eq!(
        run(&["exec", "balloon", "{\"value\": 0}"]),
        (
            Some(1),
            "GenericError: Parameter 'target' expects a size\n".to_string()
        )
    );
    assert_eq!(
        run(&["exec", "nope"]),
        (
            Some(1),
            "CommandNotFound: The command nope has not been found\n".to_string()
        )
    );
    assert_eq!(run(&["exec", "quit"]), (Some(0), "{}\n".to_string()));
}
