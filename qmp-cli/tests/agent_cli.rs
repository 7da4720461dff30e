//! `qmp exec --guest-agent` and `qmp bench --guest-agent` against a real
//! qemu-ga 10.0.2 (skipped with a message when it is missing, unless
//! QAPI_REQUIRE_CORPUS=1): the return value as JSON and exit 0, QEMU's
//! error class and text and a non-zero exit.

mod common;

use common::*;
use std::process::{Command, Output};

fn qmp(args: &[&str], socket: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qmp"))
        .arg(args[0])
        .arg("--guest-agent")
        .arg("--socket")
        .arg(socket)
        .args(&args[1..])
        .output()
        .expect("run qmp")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn exec_prints_returns_and_errors() {
    let Some(ga) = qemu_ga() else { return };
    let o = qmp(&["exec", "guest-info"], &ga.socket);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("JSON");
    assert_eq!(v["version"], "10.0.2");

    let o = qmp(&["exec", "guest-ping"], &ga.socket);
    assert!(o.status.success());
    assert_eq!(text(&o).0, "{}\n");

    let path = ga.dir.path("cli.txt");
    let args = serde_json::json!({"path": path, "mode": "w"}).to_string();
    let o = qmp(&["exec", "guest-file-open", &args], &ga.socket);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    let handle: i64 = out.trim().parse().expect("a handle");
    let args = serde_json::json!({"handle": handle}).to_string();
    let o = qmp(&["exec", "guest-file-close", &args], &ga.socket);
    assert!(o.status.success(), "{:?}", text(&o));

    let o = qmp(&["exec", "guest-pnig"], &ga.socket);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o).0,
        "CommandNotFound: The command guest-pnig has not been found\n"
    );
    let o = qmp(&["exec", "guest-file-open", "{\"path\": 1}"], &ga.socket);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).0.starts_with("GenericError: "), "{:?}", text(&o));

    // guest-shutdown sends no reply on success: exec returns once it is
    // sent (this agent refuses it)
    let o = qmp(&["exec", "guest-shutdown", "--timeout", "60"], &ga.socket);
    assert!(o.status.success(), "{:?}", text(&o));
    assert_eq!(text(&o).0, "{}\n");

    let o = qmp(&["exec", "guest-ping", "{bad"], &ga.socket);
    assert_eq!(o.status.code(), Some(2));
    let o = qmp(&["events"], &ga.socket);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("no events"));
}

#[test]
fn bench_counts_guest_pings() {
    let Some(ga) = qemu_ga() else { return };
    let o = qmp(&["bench", "--count", "200"], &ga.socket);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}{err}");
    let rate: f64 = out
        .lines()
        .last()
        .and_then(|l| l.strip_prefix("rt/s: "))
        .and_then(|r| r.parse().ok())
        .unwrap_or_else(|| panic!("no rate in {out}"));
    assert!(rate > 0.0);
    let o = qmp(&["bench", "--count", "10", "--pipeline", "4"], &ga.socket);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).1.contains("one command at a time"),
        "{:?}",
        text(&o)
    );
}

#[test]
fn a_missing_agent_is_an_error() {
    let dir = TempDir::new("no-agent");
    let o = qmp(&["exec", "guest-ping"], &dir.path("none.sock"));
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.starts_with("qmp: i/o error"), "{:?}", text(&o));
}
