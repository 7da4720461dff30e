//! Wire fidelity: replays the captured exchanges with real QEMU
//! (`../shared/corpus/qmp-transcripts/replies-*.jsonl`) against `qmp serve`
//! and requires byte-identical replies (event timestamps masked). Exchanges
//! that need a command only QEMU has are skipped; each skip is listed.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Duration;

const SIM: &[&str] = qmp_cli::sim::SCHEMA_COMMANDS;

struct Exchange {
    name: String,
    request: Option<Vec<u8>>,
    expected: Vec<Expected>,
}

enum Expected {
    Line(String),
    Abbrev {
        len: usize,
        head: String,
        tail: String,
    },
}

fn regenerate(name: &str) -> Option<Vec<u8>> {
    let a = "a".repeat(1 << 20);
    Some(
        match name {
            "long-line-1MiB-id" => format!("{{\"execute\": \"query-version\", \"id\": \"{a}\"}}\n"),
            "long-line-1MiB-argument" => {
                format!("{{\"execute\": \"query-version\", \"arguments\": {{\"x\": \"{a}\"}}}}\n")
            }
            "long-line-1MiB-unknown-command" => format!("{{\"execute\": \"{a}\"}}\n"),
            _ => return None,
        }
        .into_bytes(),
    )
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap_or(0))
        .collect()
}

fn load(file: &str) -> BTreeMap<String, Vec<(u64, Exchange)>> {
    let text = std::fs::read_to_string(transcripts().join(file)).expect("read transcript");
    let mut sessions: BTreeMap<String, Vec<(u64, Exchange)>> = BTreeMap::new();
    for l in text.lines() {
        let d: Value = serde_json::from_str(l).expect("jsonl");
        let name = d["name"].as_str().unwrap_or_default().to_string();
        let request = match &d["request"] {
            Value::Null => None,
            Value::String(s) => Some(s.as_bytes().to_vec()),
            Value::Object(o) if o.contains_key("non_utf8_hex") => {
                Some(hex(o["non_utf8_hex"].as_str().unwrap_or("")))
            }
            Value::Object(o) => {
                let r = regenerate(&name).unwrap_or_else(|| panic!("cannot regenerate {name}"));
                assert_eq!(
                    r.len() as u64,
                    o["len_bytes"].as_u64().unwrap_or(0),
                    "{name}: regenerated length"
                );
                Some(r)
            }
            _ => None,
        };
        let mut expected = Vec::new();
        for r in d["received"].as_array().cloned().unwrap_or_default() {
            match r {
                Value::String(s) => expected.push(Expected::Line(s)),
                Value::Object(o) if o.contains_key("repeat") => {
                    for _ in 0..o["repeat"].as_u64().unwrap_or(0) {
                        expected.push(Expected::Line(o["line"].as_str().unwrap_or("").to_string()));
                    }
                }
                Value::Object(o) => expected.push(Expected::Abbrev {
                    len: o["len_bytes"].as_u64().unwrap_or(0) as usize,
                    head: o["head"].as_str().unwrap_or("").to_string(),
                    tail: o["tail"].as_str().unwrap_or("").to_string(),
                }),
                _ => {}
            }
        }
        let seq = d["seq"].as_u64().unwrap_or(0);
        sessions
            .entry(d["session"].as_str().unwrap_or("").to_string())
            .or_default()
            .push((
                seq,
                Exchange {
                    name,
                    request,
                    expected,
                },
            ));
    }
    sessions
}

/// Whether our simulator can answer this exchange the way QEMU did.
fn supported(x: &Exchange) -> bool {
    let Some(req) = &x.request else { return true };
    if x.name == "query-commands" {
        return false;
    }
    let Ok(Value::Object(m)) = serde_json::from_slice::<Value>(req) else {
        return true;
    };
    let cmd = m
        .get("execute")
        .or_else(|| m.get("exec-oob"))
        .and_then(Value::as_str);
    match cmd {
        Some(c) if !SIM.contains(&c) => {
            // unknown commands are fine when QEMU did not know them either
            x.expected.iter().all(|e| match e {
                Expected::Line(l) => l.contains("CommandNotFound"),
                Expected::Abbrev { head, .. } => head.contains("CommandNotFound"),
            }) && !x.expected.is_empty()
        }
        _ => true,
    }
}

fn check(received: &[String], x: &Exchange) -> Result<(), String> {
    if received.len() != x.expected.len() {
        return Err(format!(
            "{}: expected {} replies, got {}: {:?}",
            x.name,
            x.expected.len(),
            received.len(),
            trunc(received)
        ));
    }
    for (got, want) in received.iter().zip(&x.expected) {
        match want {
            Expected::Line(w) => {
                if mask_timestamp(got) != mask_timestamp(w) {
                    return Err(format!("{}:\n  want {w:?}\n  got  {got:?}", x.name));
                }
            }
            Expected::Abbrev { len, head, tail } => {
                if got.len() != *len
                    || !got.starts_with(head.as_str())
                    || !got.ends_with(tail.as_str())
                {
                    return Err(format!(
                        "{}: long reply differs (len {} vs {len})",
                        x.name,
                        got.len()
                    ));
                }
            }
        }
    }
    Ok(())
}

fn trunc(v: &[String]) -> Vec<String> {
    v.iter()
        .take(4)
        .map(|s| s.chars().take(200).collect())
        .collect()
}

fn replay(file: &str) {
    let path = transcripts().join(file);
    if !path.exists() {
        skip_or_fail(&path.display().to_string());
        return;
    }
    let sessions = load(file);
    let server = qmp_serve_like_qemu();
    let mut failures = Vec::new();
    let mut compared = 0;
    let mut skipped = Vec::new();
    std::thread::scope(|scope| {
        let mut handles = Vec::new();
        for (session, exchanges) in &sessions {
            if session.starts_with("multi") {
                skipped.push(format!(
                    "session {session} (QEMU serves one client per monitor)"
                ));
                continue;
            }
            let socket = server.socket.clone();
            handles.push(scope.spawn(move || {
                let mut fails = Vec::new();
                let mut skips = Vec::new();
                let mut n = 0;
                let mut raw = common::Raw::connect(&socket);
                for (_, x) in exchanges {
                    if !supported(x) {
                        skips.push(format!("{session}/{}", x.name));
                        continue;
                    }
                    if x.name == "command-split-across-two-writes" {
                        raw.send(b"{\"execute\":\"query-");
                        std::thread::sleep(Duration::from_millis(100));
                    }
                    if let Some(r) = &x.request {
                        raw.send(r);
                    }
                    let quiet =
                        Duration::from_millis(if x.expected.is_empty() { 400 } else { 120 });
                    let got = raw.lines(x.expected.len(), quiet, Duration::from_secs(10));
                    n += 1;
                    if let Err(e) = check(&got, x) {
                        fails.push(format!("{session}: {e}"));
                    }
                }
                (fails, skips, n)
            }));
        }
        for h in handles {
            let (f, s, n) = h.join().expect("session thread");
            failures.extend(f);
            skipped.extend(s);
            compared += n;
        }
    });
    eprintln!(
        "{file}: compared {compared} exchanges; skipped (QEMU-only commands): {}",
        skipped.join(", ")
    );
    assert!(compared > 100, "too few exchanges compared");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn replay_storage_daemon_transcript_against_qmp_serve() {
    replay("replies-qemu-storage-daemon.jsonl");
}

#[test]
fn replay_system_emulator_transcript_against_qmp_serve() {
    replay("replies-qemu-system-x86_64.jsonl");
}
