//! Typed calls with large replies: our generated blocking client (bindings
//! for QEMU 10.0.2's schema with the x86_64 build conditions) against
//! qapi-rs's typed client (`qapi` 0.15, `qapi::Qmp`, serde-derived
//! `qapi-qmp` types), both talking to one canned server thread of this
//! process that answers with replies of qemu-system-x86_64 10.0.2:
//!
//! - `query-qmp-schema`: the reply recorded in
//!   `../shared/corpus/qmp-transcripts/qmp-schema-qemu-system-x86_64.json`;
//! - `query-named-block-nodes` over a backing chain of qcow2 images and
//!   `query-cpu-definitions`: captured at start from a live
//!   qemu-system-x86_64 (images made with `qemu-img` in a temporary
//!   folder; without QEMU these two are skipped).
//!
//! Each call is a full round trip: request written, reply read and decoded
//! into typed values. Rounds of each client alternate; the figures are
//! medians of the rounds, the ratio the median of the rounds' ratios (which
//! pairs figures taken moments apart). Target: ours <= 1.0x qapi-rs (goal
//! 0.7x) on each.
//!
//! Run with `cargo bench -p qapi-forge-bench --bench typed_call`.

use qapi_forge_bench::{median, ms};
use qemu_10_0_2_bindings::system::client::BlockingClient;
use qemu_10_0_2_bindings::system::commands::QueryNamedBlockNodes;
use qmp_cli::testing::{have, qemu_system, skip_or_fail, TempDir};
use serde_json::Value;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Images in the backing chain (the top one included).
const CHAIN: usize = 41;
const ROUNDS: usize = 9;

/// Round trips of `ours` and `peer`: per-call medians and the paired ratio.
fn measure(calls: usize, mut ours: impl FnMut(), mut peer: impl FnMut()) -> (f64, f64, f64) {
    // warm-up: buffers grown, caches filled
    ours();
    peer();
    let (mut o, mut p, mut r) = (Vec::new(), Vec::new(), Vec::new());
    let time = |f: &mut dyn FnMut()| {
        let t = Instant::now();
        for _ in 0..calls {
            f();
        }
        t.elapsed() / calls as u32
    };
    for i in 0..ROUNDS {
        // alternate which one goes first
        let (a, b) = if i % 2 == 0 {
            let a = time(&mut ours);
            (a, time(&mut peer))
        } else {
            let b = time(&mut peer);
            (time(&mut ours), b)
        };
        o.push(a);
        p.push(b);
        r.push(Duration::from_secs_f64(a.as_secs_f64() / b.as_secs_f64()));
    }
    (ms(median(o)), ms(median(p)), median(r).as_secs_f64())
}

// ---------------------------------------------------------------------
// The canned server.

/// The text of a reply's return value, as QEMU wrote it.
fn return_text(line: &[u8]) -> Vec<u8> {
    let line = line.strip_suffix(b"\r\n").unwrap_or(line);
    let inner = line
        .strip_prefix(b"{\"return\": ")
        .and_then(|l| l.strip_suffix(b"}"))
        .unwrap_or_else(|| panic!("not a return: {}", String::from_utf8_lossy(line)));
    inner.to_vec()
}

/// Answers, on one thread, every connection made to `listener`: QEMU's
/// greeting, then each request with the canned return value for its
/// command (with the request's id). Ends when all connections are closed.
fn serve(listener: UnixListener, greeting: Vec<u8>, canned: HashMap<String, Vec<u8>>) {
    let mut conns: Vec<(BufReader<UnixStream>, UnixStream)> = Vec::new();
    let mut accepted = 0;
    let mut line = String::new();
    loop {
        let mut fds = vec![libc::pollfd {
            fd: listener.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        }];
        fds.extend(conns.iter().map(|(r, _)| libc::pollfd {
            fd: r.get_ref().as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        }));
        // SAFETY: `fds` is a live array of pollfd of the length given.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, -1) };
        assert!(n >= 0, "poll: {}", std::io::Error::last_os_error());
        if fds[0].revents != 0 {
            let (mut s, _) = listener.accept().expect("accept");
            s.write_all(&greeting).expect("greeting");
            conns.push((BufReader::new(s.try_clone().expect("clone")), s));
            accepted += 1;
        }
        let mut closed = Vec::new();
        for (i, fd) in fds[1..].iter().enumerate() {
            if fd.revents == 0 {
                continue;
            }
            let (r, w) = &mut conns[i];
            loop {
                line.clear();
                if r.read_line(&mut line).expect("request") == 0 {
                    closed.push(i);
                    break;
                }
                let req: Value = serde_json::from_str(&line).expect("request json");
                let name = req["execute"].as_str().expect("execute");
                let mut reply = b"{\"return\": ".to_vec();
                match canned.get(name) {
                    Some(v) => reply.extend_from_slice(v),
                    None if name == "qmp_capabilities" => reply.extend_from_slice(b"{}"),
                    None => panic!("no canned reply for {name}"),
                }
                if let Some(id) = req.get("id") {
                    reply.extend_from_slice(format!(", \"id\": {id}").as_bytes());
                }
                reply.extend_from_slice(b"}\r\n");
                w.write_all(&reply).expect("reply");
                if !r.buffer().contains(&b'\n') {
                    break;
                }
            }
        }
        for i in closed.into_iter().rev() {
            conns.remove(i);
        }
        if accepted >= 2 && conns.is_empty() {
            return;
        }
    }
}

// ---------------------------------------------------------------------
// Capturing replies from a live qemu-system-x86_64.

fn run(cmd: &mut Command) -> bool {
    matches!(cmd.stdout(Stdio::null()).stderr(Stdio::null()).status(), Ok(s) if s.success())
}

/// `query-named-block-nodes` over a backing chain of [`CHAIN`] qcow2
/// images (made in `dir`), and `query-cpu-definitions`, as
/// qemu-system-x86_64 answers them; None (after saying why) without QEMU.
fn capture(dir: &Path) -> Option<[(&'static str, Vec<u8>); 2]> {
    let img = |i: usize| dir.join(format!("img{i}.qcow2"));
    let mut ok = have("qemu-img")
        && run(Command::new("qemu-img")
            .args(["create", "-q", "-f", "qcow2"])
            .arg(img(0))
            .arg("64M"));
    for i in 1..CHAIN {
        ok = ok
            && run(Command::new("qemu-img")
                .args(["create", "-q", "-f", "qcow2", "-F", "qcow2", "-b"])
                .arg(img(i - 1))
                .arg(img(i)));
    }
    if !ok {
        skip_or_fail("qemu-img (query-named-block-nodes, query-cpu-definitions)");
        return None;
    }
    let qemu = qemu_system()?;
    let s = UnixStream::connect(&qemu.socket).expect("qemu-system-x86_64's socket");
    let mut r = BufReader::new(s.try_clone().expect("clone"));
    let mut line = Vec::new();
    r.read_until(b'\n', &mut line).expect("greeting");
    let mut exec = |cmd: Value| -> Vec<u8> {
        (&s).write_all(format!("{cmd}\n").as_bytes())
            .expect("request");
        loop {
            line.clear();
            r.read_until(b'\n', &mut line).expect("reply");
            // skip events
            if !line.starts_with(b"{\"timestamp\"") && !line.starts_with(b"{\"event\"") {
                return line.clone();
            }
        }
    };
    exec(serde_json::json!({"execute": "qmp_capabilities"}));
    let add = exec(serde_json::json!({"execute": "blockdev-add", "arguments": {
        "driver": "qcow2", "node-name": "top",
        "file": {"driver": "file", "filename": img(CHAIN - 1)}}}));
    assert_eq!(add, b"{\"return\": {}}\r\n", "blockdev-add");
    let nodes = exec(serde_json::json!({"execute": "query-named-block-nodes"}));
    let cpus = exec(serde_json::json!({"execute": "query-cpu-definitions"}));
    exec(serde_json::json!({"execute": "quit"}));
    Some([
        ("query-named-block-nodes", return_text(&nodes)),
        ("query-cpu-definitions", return_text(&cpus)),
    ])
}

// ---------------------------------------------------------------------

fn main() {
    let Some(shared) = qapi_schema::corpus::shared_dir() else {
        return;
    };
    let transcripts = shared.join("corpus/qmp-transcripts");
    let schema = std::fs::read(transcripts.join("qmp-schema-qemu-system-x86_64.json")).unwrap();
    let mut greeting = std::fs::read(transcripts.join("greeting-qemu-system-x86_64.json")).unwrap();
    while greeting.last().is_some_and(u8::is_ascii_whitespace) {
        greeting.pop();
    }
    greeting.extend_from_slice(b"\r\n");

    let dir = TempDir::new("typed-call");
    let mut canned = HashMap::new();
    canned.insert("query-qmp-schema".to_string(), return_text(&schema));
    let captured = capture(&dir.0).is_some_and(|replies| {
        canned.extend(replies.map(|(k, v)| (k.to_string(), v)));
        true
    });

    let sock = dir.path("canned.sock");
    let listener = UnixListener::bind(&sock).unwrap();
    let sizes: Vec<(String, usize)> = canned.iter().map(|(k, v)| (k.clone(), v.len())).collect();
    let server = std::thread::spawn(move || serve(listener, greeting, canned));

    let mut ours = qmp::client::blocking::Client::connect_unix(&sock).expect("our client");
    let peer_stream = UnixStream::connect(&sock).expect("peer connect");
    let mut peer = qapi::Qmp::from_stream(&peer_stream);
    peer.handshake().expect("qapi-rs handshake");

    println!("typed calls, one canned server thread, {ROUNDS} alternating rounds (medians)");
    let size = |name: &str| sizes.iter().find(|(k, _)| k == name).map_or(0, |(_, n)| *n);
    let report = |name: &str, calls: usize, (o, p, r): (f64, f64, f64)| {
        println!(
            "{name} ({} KB reply, {calls} calls a round): ours {o:.3} ms, qapi-rs {p:.3} ms, ratio {r:.2} (target <= 1.0, goal 0.7: {})",
            size(name) / 1000,
            if r <= 0.7 { "goal met" } else if r <= 1.0 { "target met" } else { "NOT met" }
        );
    };

    let case = |name: &str,
                calls: usize,
                ours: &mut dyn FnMut() -> usize,
                peer: &mut dyn FnMut() -> usize| {
        // both decode the same number of entries
        assert_eq!(ours(), peer(), "{name}");
        let f = measure(calls, || _ = ours(), || _ = peer());
        report(name, calls, f);
    };
    case(
        "query-qmp-schema",
        30,
        &mut || ours.query_qmp_schema().expect("ours").len(),
        &mut || {
            let c = qapi::qmp::query_qmp_schema {};
            peer.execute(&c).expect("qapi-rs").len()
        },
    );
    if captured {
        case(
            "query-named-block-nodes",
            10,
            &mut || {
                let args = QueryNamedBlockNodes { flat: None };
                let n = ours.query_named_block_nodes(args).expect("ours").len();
                assert!(n >= CHAIN, "{n} nodes");
                n
            },
            &mut || {
                let c = qapi::qmp::query_named_block_nodes { flat: None };
                peer.execute(&c).expect("qapi-rs").len()
            },
        );
        case(
            "query-cpu-definitions",
            100,
            &mut || ours.query_cpu_definitions().expect("ours").len(),
            &mut || {
                let c = qapi::qmp::query_cpu_definitions {};
                peer.execute(&c).expect("qapi-rs").len()
            },
        );
    }

    drop(ours);
    drop(peer);
    drop(peer_stream);
    server.join().expect("server");
}
