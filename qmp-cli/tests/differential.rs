//! Differential test: the same inputs go to a real qemu-storage-daemon and to
//! `qmp serve` (reporting the same version); every reply line must be
//! identical. Each input runs on a fresh negotiated connection followed by a
//! probe command, so recovery after bad input is compared too. The inputs are
//! the bad-input table's rows that need no QEMU-only command plus our own.

mod common;

use common::*;
use std::path::Path;
use std::time::Duration;

fn inputs() -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = [
        // from the bad-input tables
        "{\"execute\": \"query-version\", \"arguments\": {\"foo\": 1}}\n",
        "{\"execute\": }\n",
        "[1,2]\n",
        "42\n",
        "\"hello\"\n",
        "{}\n",
        "{\"arguments\": {}}\n",
        "{\"id\": 7}\n",
        "{\"execute\": 1}\n",
        "{\"execute\": \"query-version\", \"arguments\": [1]}\n",
        "{\"execute\": \"query-version\", \"arguments\": null}\n",
        "{\"execute\": \"query-version\", \"foo\": 1}\n",
        "{\"execute\": \"query-version\", \"exec-oob\": \"query-version\"}\n",
        "{\"execute\": \"query-version\", \"id\": {\"a\": [1, \"x\", null, true]}}\n",
        "{\"execute\": \"no-such-command\", \"id\": [\"err\", 1]}\n",
        "{\"execute\": \"query-version\", \"id\": 123456789012345678901234567890}\n",
        "{\"exec-oob\": \"query-version\", \"id\": \"oob-1\"}\n",
        "{\"execute\": \"query-version\", \"execute\": \"query-status\", \"id\": \"dup\"}\n",
        "{'execute': 'query-version', 'id': 'sq'}\n",
        "{\"execute\":\"query-version\",\"id\":1}{\"execute\":\"query-version\",\"id\":2}",
        "{\"execute\":\"query-version\",\"id\":\"tg\"} xyz\n",
        "{\"execute\": \"query-version\n",
        "{\"execute\": %d}\n",
        "}\n",
        "hello\n",
        "{\"execute\":\"query-\\u0076ersion\", \"id\": 0.1}\n",
        "{\"execute\":\"query-version\",\"id\":1e400}\n",
        "{\"execute\":\"query-version\",\"id\":-9223372036854775808}\n",
        "{\"execute\":\"query-version\",\"id\":\"h\u{e9}\u{2603} \\ud83d\\ude00 \\u0000x\"}\n",
        // our own
        "{\"execute\": \"query-version\", \"arguments\": {\"a\": 1, \"b\": 2, \"c\": 3}}\n",
        "{\"execute\": \"query-version\", \"zz\": 1, \"exec-oob\": 2}\n",
        "{\"execute\": \"query-version\", \"id\": \"\\ud800\"}\n",
        "{\"execute\": \"query-version\", \"id\": \"\\ud83d\\u0041\"}\n",
        "{\"execute\": \"query-version\", \"id\": \"\\uzzzz\"}\n",
        "{\"execute\": \"query-version\", \"id\": \"\\u12\"}\n",
        "{\"execute\": \"query-version\", \"id\": \"\\q\"}\n",
        "{\"execute\": \"query-version\", \"id\": \"\\uffff\"}\n",
        "{\"execute\": \"query-version\", \"id\": 'a\"b', \"id2\": 1}\n",
        "{1: 2}\n",
        "{\"a\" 1}\n",
        "{\"a\": 1 \"b\": 2}\n",
        "[1 2]\n",
        "[1,]\n",
        "[}]\n",
        "[1}]\n",
        "{]\n",
        "{\"execute\": \"query-version\", \"id\": -0}\n",
        "{\"execute\": \"query-version\", \"id\": -0.0}\n",
        "{\"execute\": \"query-version\", \"id\": 1E5}\n",
        "{\"execute\": \"query-version\", \"id\": 01}\n",
        "{\"execute\": \"query-version\", \"id\": 1.}\n",
        "{\"execute\": \"query-version\", \"id\": -}\n",
        "{\"execute\": \"query-version\", \"id\": 1e+}\n",
        "{\"execute\": \"query-version\", \"id\": True}\n",
        "{\"execute\": \"query-version\", \"id\": [true, false, null, 1.5e-7, 18446744073709551616]}\n",
        "{\"execute\": \"query-version\", \"id\": \"tab\\there\\u007f\\u0080\"}\n",
        "{\"execute\": \"query-version\", \"arguments\": {}, \"id\": {\"z\": 1, \"y\": 2, \"x\": 3, \"w\": {}}}\n",
        "{\"execute\": \"qmp_capabilities\", \"id\": 5}\n",
        "{\"exec-oob\": \"qmp_capabilities\", \"id\": 6}\n",
        "{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": \"oob\"}}\n",
        "\t{\"execute\": \"query-version\"}\r\n",
        "{\"execute\":\"query-version\"}{\"execute\":\"query-version\"} [] {} 1 \"s\" null\n",
        "{\"execute\": \"query-version\", \"arguments\": {\"p\": 1, \"q\": 2, \"r\": 3, \"s\": 4, \"t\": 5, \"u\": 6, \"v\": 7, \"w\": 8, \"x\": 9}}\n",
        "{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": [\"oob\"], \"x\": 1, \"y\": 2}}\n",
        "{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": [\"oob\", 1]}}\n",
        "\u{1}{\"execute\":\"query-version\"}\n",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    v.push(b"{\"execute\":\"query-\xff\xfe\"}\n".to_vec());
    v.push(b"{\"execute\":\"query-version\"\x00}\n".to_vec());
    v.push(b"{\"execute\":\"query-version\", \"id\": \"\xc3\x28\xe2\x82\"}\n".to_vec());
    v.push(b"{\"execute\":\"query-version\", \"id\": \"\xc0\x80\xed\xa0\x80\"}\n".to_vec());
    v.push(format!("{}{}\n", "[".repeat(1025), "]".repeat(1025)).into_bytes());
    v.push(format!("{}{}\n", "{\"a\":".repeat(600), "}".repeat(600)).into_bytes());
    v
}

fn run(socket: &Path, input: &[u8]) -> Vec<String> {
    let mut raw = Raw::connect(socket);
    raw.negotiate(false);
    raw.send(input);
    let mut got = raw.lines(0, Duration::from_millis(150), Duration::from_secs(5));
    raw.send(b"{\"execute\": \"query-version\", \"id\": \"probe\"}\n");
    got.push("--probe--".into());
    got.extend(raw.lines(1, Duration::from_millis(30), Duration::from_millis(600)));
    got
}

#[test]
fn same_replies_as_qemu_storage_daemon() {
    let Some(qsd) = qemu_storage_daemon() else {
        return;
    };
    let ours = qmp_serve_like_qemu();
    let inputs = inputs();
    let mut mismatches = Vec::new();
    for input in &inputs {
        let (a, b) = std::thread::scope(|s| {
            let h = s.spawn(|| run(&ours.socket, input));
            let a = run(&qsd.socket, input);
            (a, h.join().expect("thread"))
        });
        if a != b {
            mismatches.push(format!(
                "input {:?}\n  qemu: {:?}\n  ours: {:?}",
                String::from_utf8_lossy(&input[..input.len().min(120)]),
                a.iter()
                    .map(|l| l.chars().take(300).collect::<String>())
                    .collect::<Vec<_>>(),
                b.iter()
                    .map(|l| l.chars().take(300).collect::<String>())
                    .collect::<Vec<_>>()
            ));
        }
    }
    eprintln!("compared {} inputs", inputs.len());
    assert!(
        mismatches.is_empty(),
        "{} of {} inputs differ:\n{}",
        mismatches.len(),
        inputs.len(),
        mismatches.join("\n")
    );
}
