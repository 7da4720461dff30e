//! Load and faults against the in-process server: 64 concurrent clients ×
//! 10,000 commands with events flowing (every reply matched by id, no event
//! lost or reordered for any client, memory bounded), a client that stops
//! reading, and hostile input. The full 64 × 10,000 runs in release builds
//! (`cargo test -p qmp --release --test load`) or with QMP_LOAD_FULL=1; debug
//! builds run 64 × 500.

mod common;

use common::*;
use qmp::client::blocking::Client;
use qmp::server::{Server, ServerConfig};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Commands per client: the acceptance figure in release builds (CI runs
/// this test in release too); a smoke run in debug builds.
fn per_client() -> u64 {
    if !cfg!(debug_assertions) || std::env::var("QMP_LOAD_FULL").is_ok_and(|v| v == "1") {
        10_000
    } else {
        150
    }
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse()
                    .unwrap_or(0)
            })
        })
        .unwrap_or(0)
}

/// Emits TICK {seq} events until stopped.
/// Emits `TICK` events (with `payload` bytes of padding) every `every`
/// until `stop`; the thread returns, and `emitted` counts as it goes, how
/// many it emitted.
fn ticker(
    server: &Server,
    stop: Arc<AtomicBool>,
    every: Duration,
    payload: usize,
) -> (std::thread::JoinHandle<u64>, Arc<AtomicU64>) {
    let ev = server.events();
    let emitted = Arc::new(AtomicU64::new(0));
    let count = emitted.clone();
    let handle = std::thread::spawn(move || {
        let mut seq = 0u64;
        let pad = "x".repeat(payload);
        while !stop.load(Ordering::Relaxed) {
            ev.emit("TICK", Some(serde_json::json!({ "seq": seq, "pad": pad })));
            seq += 1;
            count.store(seq, Ordering::Relaxed);
            std::thread::sleep(every);
        }
        seq
    });
    (handle, emitted)
}

fn check_ticks(c: &mut Client) -> usize {
    let evs = c.take_events();
    let seqs: Vec<u64> = evs
        .iter()
        .filter(|e| e.event == "TICK")
        .filter_map(|e| e.data.as_ref()?["seq"].as_u64())
        .collect();
    for w in seqs.windows(2) {
        assert_eq!(
            w[1],
            w[0] + 1,
            "event lost or reordered: {} then {}",
            w[0],
            w[1]
        );
    }
    seqs.len()
}

#[test]
fn many_clients_with_events() {
    let r = start("load", 2, ServerConfig::default());
    let n = per_client();
    let stop = Arc::new(AtomicBool::new(false));
    let (tick, _) = ticker(&r.server, stop.clone(), Duration::from_micros(500), 16);
    let rss0 = rss_kib();
    let start = Instant::now();
    let handles: Vec<_> = (0..64)
        .map(|_| {
            let socket = r.socket.clone();
            std::thread::spawn(move || {
                let mut c = Client::connect_unix(&socket).expect("connect");
                let mut events = 0;
                for i in 0..n {
                    // pipelining two at a time keeps ids interleaved
                    let a = c.send_raw("query-version", None, false).expect("send");
                    let b = c.send_raw("query-status", None, false).expect("send");
                    let vb = c.wait_reply(b).expect("reply b");
                    let va = c.wait_reply(a).expect("reply a");
                    assert_eq!(va["package"], "load");
                    assert_eq!(vb["running"], true);
                    if i % 64 == 0 {
                        events += check_ticks(&mut c);
                    }
                }
                // The events that came with the last replies.  (Draining
                // the socket until a 1 ms pause made the test's length
                // depend on the ticker's scheduling: 15 s to minutes.)
                events + check_ticks(&mut c)
            })
        })
        .collect();
    let mut counts = Vec::new();
    for h in handles {
        counts.push(h.join().expect("client thread"));
    }
    let secs = start.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let emitted = tick.join().expect("ticker");
    let rss1 = rss_kib();
    eprintln!(
        "64 clients x {n} x 2 commands in {secs:.1}s ({:.0} commands/s); {emitted} events emitted; per-client events min {} max {}; RSS {rss0} -> {rss1} KiB",
        (64 * n * 2) as f64 / secs,
        counts.iter().min().unwrap_or(&0),
        counts.iter().max().unwrap_or(&0)
    );
    assert!(counts.iter().all(|&c| c > 0), "every client saw events");
    assert!(rss1 < rss0 + 512 * 1024, "memory grew by more than 512 MiB");
    r.server.handle().shutdown();
    drop(r.rt);
}

#[test]
fn a_client_that_stops_reading_does_not_stall_others() {
    let config = ServerConfig {
        max_queued_output: 256 << 10,
        ..ServerConfig::default()
    };
    let r = start("load", 2, config);
    let mut slow = Client::connect_unix(&r.socket).expect("connect slow");
    slow.execute_raw("query-version", None)
        .expect("slow works at first");
    // the slow client now never reads; events pile up for it
    let stop = Arc::new(AtomicBool::new(false));
    let (tick, emitted) = ticker(&r.server, stop.clone(), Duration::from_micros(200), 2000);
    let mut fast = Client::connect_unix(&r.socket).expect("connect fast");
    let t0 = Instant::now();
    let mut worst = Duration::ZERO;
    for _ in 0..3000 {
        let t = Instant::now();
        fast.execute_raw("query-version", None)
            .expect("fast client keeps working");
        worst = worst.max(t.elapsed());
        let _ = fast.take_events();
    }
    // However fast the fast client was, events go on until far more than
    // the slow client's queue and socket buffers hold were emitted (1,024
    // events of 2 KB: 2 MiB, against a bound of 256 KiB).
    while emitted.load(Ordering::Relaxed) < 1024 {
        std::thread::sleep(Duration::from_millis(5));
    }
    stop.store(true, Ordering::Relaxed);
    tick.join().expect("ticker");
    eprintln!(
        "fast client: 3000 commands in {:?}, worst {:?}",
        t0.elapsed(),
        worst
    );
    assert!(worst < Duration::from_secs(2), "a command took {worst:?}");
    // the slow client was disconnected once its queue overflowed
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut closed = false;
    while Instant::now() < deadline {
        if slow.next_event(Some(Duration::from_millis(200))).is_err() {
            closed = true;
            break;
        }
    }
    assert!(closed, "the slow client should have been disconnected");
    r.server.handle().shutdown();
}

#[test]
fn hostile_input_does_not_stop_the_server() {
    let config = ServerConfig {
        limits: qmp::json::Limits {
            max_message_size: 4 << 20,
            ..Default::default()
        },
        ..ServerConfig::default()
    };
    let r = start("load", 2, config);
    let probe = |socket: &std::path::Path| {
        let mut c = Client::connect_unix(socket).expect("probe connect");
        c.execute_raw("query-version", None).expect("probe");
    };
    // 1 MiB line
    let mut raw = Raw::connect(&r.socket);
    raw.negotiate(false);
    raw.send(
        format!(
            "{{\"execute\": \"query-version\", \"id\": \"{}\"}}\n",
            "a".repeat(1 << 20)
        )
        .as_bytes(),
    );
    let l = raw.lines(1, Duration::ZERO, Duration::from_secs(10));
    assert_eq!(l.len(), 1);
    assert!(l[0].len() > 1 << 20);
    // a message over the configured maximum; a probe follows it, and the
    // server must answer the probe after its error replies
    raw.send(
        format!(
            "{{\"execute\": \"query-version\", \"id\": \"{}\"}}\n",
            "a".repeat(5 << 20)
        )
        .as_bytes(),
    );
    raw.send(b"{\"execute\": \"query-version\", \"id\": \"after-big\"}\n");
    let mut l = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while !l.iter().any(|x: &String| x.contains("after-big"))
        && std::time::Instant::now() < deadline
    {
        l.extend(raw.lines(1, Duration::ZERO, Duration::from_secs(10)));
    }
    assert!(
        l[0].contains("JSON token size limit exceeded"),
        "{:?}",
        &l[0][..l[0].len().min(200)]
    );
    assert!(
        l.last().is_some_and(|x| x.contains("after-big")),
        "the probe after a too-large message must be answered"
    );
    // nesting bomb
    raw.send("[".repeat(200_000).as_bytes());
    raw.send(b"\n");
    let l = raw.lines(1, Duration::from_millis(200), Duration::from_secs(10));
    assert_eq!(l[0], "{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON nesting depth limit exceeded\"}}\r\n");
    drop(raw);
    probe(&r.socket);
    // invalid UTF-8 everywhere
    let mut raw = Raw::connect(&r.socket);
    raw.negotiate(false);
    raw.send(b"\xff\xfe\xc3{\"execute\": \"\xed\xa0\x80\"}\n\x80\x80{\"execute\":\"query-version\",\"id\":\"ok\"}\n");
    let l = raw.lines(4, Duration::from_millis(300), Duration::from_secs(5));
    assert!(
        l.last().is_some_and(|x| x.contains("\"id\": \"ok\"")),
        "{l:?}"
    );
    drop(raw);
    // disconnect mid-command, and right after sending a command
    for bytes in [
        &b"{\"execute\": \"query-ver"[..],
        &b"{\"execute\": \"stop\"}\n{\"execute\": \"cont\"}\n"[..],
    ] {
        let mut raw = Raw::connect(&r.socket);
        raw.negotiate(false);
        raw.send(bytes);
        drop(raw);
    }
    // garbage before negotiation, then close
    let mut raw = Raw::connect(&r.socket);
    raw.send(&[0u8, 1, 2, 255, b'{', b'[', b'"']);
    drop(raw);
    probe(&r.socket);
    r.server.handle().shutdown();
}
