//! Sessions of a synchronous command table, each served on threads of its
//! own: a command's events precede its reply, events reach a client that
//! only waits for them (written by the event thread, in order), shutdown
//! closes every session (before negotiation, idle, or writing to a client
//! that stopped reading), and TCP clients are served the same way.

mod common;

use common::*;
use qmp::client::blocking::Client;
use qmp::server::ServerConfig;
use std::time::{Duration, Instant};

const SEC: Duration = Duration::from_secs(1);

#[test]
fn events_of_a_command_precede_its_reply() {
    let r = start("sessions", 1, ServerConfig::default());
    let mut raw = Raw::connect(&r.socket);
    raw.negotiate(false);
    raw.send(b"{\"execute\": \"stop\", \"id\": 1}\n{\"execute\": \"cont\", \"id\": 2}\n");
    let l = raw.lines(4, Duration::ZERO, 10 * SEC);
    let l: Vec<String> = l.iter().map(|x| mask_timestamp(x)).collect();
    assert_eq!(
        l,
        [
            "{\"timestamp\": {TS}, \"event\": \"STOP\"}\r\n",
            "{\"return\": {}, \"id\": 1}\r\n",
            "{\"timestamp\": {TS}, \"event\": \"RESUME\"}\r\n",
            "{\"return\": {}, \"id\": 2}\r\n",
        ]
    );
    r.server.handle().shutdown();
}

#[test]
fn events_reach_a_client_that_only_waits() {
    let r = start("sessions", 1, ServerConfig::default());
    let mut c = Client::connect_unix(&r.socket).expect("connect");
    let ev = r.server.events();
    let emitter = std::thread::spawn(move || {
        for seq in 0..2000u64 {
            ev.emit("TICK", Some(serde_json::json!({ "seq": seq })));
            if seq % 100 == 0 {
                std::thread::sleep(Duration::from_millis(1));
            }
        }
    });
    for seq in 0..2000u64 {
        let e = c
            .next_event(Some(10 * SEC))
            .expect("read")
            .expect("event in time");
        assert_eq!(e.event, "TICK");
        assert_eq!(e.data.expect("data")["seq"], seq);
    }
    emitter.join().expect("emitter");
    // commands still work between events
    assert_eq!(
        c.execute_raw("query-version", None).expect("reply")["package"],
        "sessions"
    );
    r.server.handle().shutdown();
}

#[test]
fn shutdown_closes_every_session() {
    let r = start("sessions", 1, ServerConfig::default());
    // greeted, never negotiated
    let mut greeted = Raw::connect(&r.socket);
    assert_eq!(greeted.lines(1, Duration::ZERO, 10 * SEC).len(), 1);
    // negotiated and idle
    let mut idle = Client::connect_unix(&r.socket).expect("connect");
    // negotiated and stuck: it stops reading while large events pile up in
    // its socket (the event thread blocks writing)
    let mut stuck = Raw::connect(&r.socket);
    stuck.negotiate(false);
    let pad = "x".repeat(64 << 10);
    for seq in 0..64 {
        r.server
            .events()
            .emit("BIG", Some(serde_json::json!({ "seq": seq, "pad": pad })));
    }
    std::thread::sleep(Duration::from_millis(100));
    let t = Instant::now();
    r.server.handle().shutdown();
    assert!(
        greeted.lines(1, Duration::ZERO, 10 * SEC).is_empty(),
        "EOF expected"
    );
    // the idle client reads the events it was sent, then EOF
    loop {
        match idle.next_event(Some(10 * SEC)) {
            Ok(Some(e)) => assert_eq!(e.event, "BIG"),
            Ok(None) => panic!("EOF expected"),
            Err(_) => break,
        }
    }
    // the stuck client gets what was written, then EOF
    let mut n = 0;
    loop {
        let l = stuck.lines(1, Duration::ZERO, 10 * SEC);
        if l.is_empty() {
            break;
        }
        n += l.len();
    }
    assert!(
        n < 64,
        "the stuck session was closed before all events: {n}"
    );
    assert!(t.elapsed() < 10 * SEC);
    // and nobody new is served
    assert!(Client::connect_unix(&r.socket).is_err());
    drop(r.rt);
}

#[test]
fn tcp_clients_are_served_alike() {
    let r = start("sessions", 1, ServerConfig::default());
    let (addr, _) =
        r.rt.block_on(r.server.listen_tcp("127.0.0.1:0"))
            .expect("listen tcp");
    let mut c = Client::connect_tcp(&addr.to_string()).expect("connect tcp");
    assert_eq!(
        c.execute_raw("query-version", None).expect("reply")["package"],
        "sessions"
    );
    c.execute_raw("stop", None).expect("stop");
    let e = c.next_event(Some(10 * SEC)).expect("read").expect("STOP");
    assert_eq!(e.event, "STOP");
    let err = c
        .execute_raw("query-version", Some(serde_json::json!({ "x": 1 })))
        .unwrap_err();
    assert_eq!(
        err.qmp().map(|e| e.desc.as_str()),
        Some("Parameter 'x' is unexpected")
    );
    r.server.handle().shutdown();
}
