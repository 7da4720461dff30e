//! Version skew: every reply and event QEMU 10.0.2 sent in
//! `../shared/corpus/qmp-transcripts` (both servers), decoded with the
//! 10.2 bindings, either decodes or fails with an error naming the type
//! and member at fault, never an opaque serde message.  [`EXPECTED`]
//! lists the ones that fail, and why.

use qemu_10_2_bindings::{commands, events};
use transcript_walk::Message;

mod common;
#[path = "../../transcript_walk.rs"]
mod transcript_walk;

/// `(command or event, part of the error)`: what 10.0.2 sends that 10.2
/// bindings reject.
const EXPECTED: &[(&str, &str)] = &[];

/// `(what, error)` for every reply and event that does not decode.
fn decode_all(server: &str, counts: &mut (usize, usize)) -> Vec<(String, String)> {
    let path = common::shared().join(format!("corpus/qmp-transcripts/replies-{server}.jsonl"));
    let mut out = Vec::new();
    transcript_walk::walk(&path, |m| match m {
        Message::Return {
            command: Some(name),
            value,
            ..
        } => {
            counts.0 += 1;
            match commands::reencode_return(name, value) {
                None => out.push((name.to_owned(), "command unknown to 10.2".into())),
                Some(Err(e)) => out.push((name.to_owned(), e.to_string())),
                Some(Ok(_)) => {}
            }
        }
        Message::Return { command: None, .. } => {}
        Message::Event { name, data, .. } => {
            counts.1 += 1;
            match events::reencode(name, &data) {
                None => out.push((name.to_owned(), "event unknown to 10.2".into())),
                Some(Err(e)) => out.push((name.to_owned(), e.to_string())),
                Some(Ok(_)) => {}
            }
        }
    });
    out
}

#[test]
fn replies_of_10_0_2_decode_or_name_type_and_member() {
    let mut counts = (0, 0);
    let mut failures = decode_all("qemu-system-x86_64", &mut counts);
    failures.extend(decode_all("qemu-storage-daemon", &mut counts));
    failures.sort();
    failures.dedup();
    eprintln!(
        "{} returns, {} events; {} distinct failures:",
        counts.0,
        counts.1,
        failures.len()
    );
    for (what, e) in &failures {
        eprintln!("  {what}: {e}");
    }
    assert!(counts.0 > 100 && counts.1 > 0);
    let mut bad = Vec::new();
    for (what, e) in &failures {
        // An error names a type and a member: `T member 'm' ... (at 'path')`.
        let named = e.contains(" member '") && e.contains("(at '");
        if !named || e.contains("did not match any variant") {
            bad.push(format!("opaque error for {what}: {e}"));
        }
        if !EXPECTED
            .iter()
            .any(|(w, part)| w == what && e.contains(part))
        {
            bad.push(format!("unexpected failure for {what}: {e}"));
        }
    }
    for (w, part) in EXPECTED {
        if !failures
            .iter()
            .any(|(what, e)| what == w && e.contains(part))
        {
            bad.push(format!("now decodes: {w} ({part})"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert_eq!(failures.len(), EXPECTED.len());
}

/// A list that QEMU 10.1 added to a reply (`children` of
/// `BlockDeviceInfo`) is empty when QEMU 10.0.2 leaves it out (this is its
/// reply for a null-co node); a missing member of another type is still an
/// error naming type and member.
#[test]
fn a_list_added_since_decodes_empty_when_missing() {
    let reply = serde_json::json!([{
        "iops_rd": 0, "detect_zeroes": "off", "active": true,
        "image": {"virtual-size": 1048576, "filename": "json:{\"driver\": \"null-co\", \"size\": 1048576}",
                  "format": "null-co", "actual-size": 0},
        "iops_wr": 0, "ro": false, "node-name": "null0", "backing_file_depth": 0,
        "drv": "null-co", "iops": 0, "bps_wr": 0, "write_threshold": 0, "encrypted": false,
        "bps": 0, "bps_rd": 0, "cache": {"no-flush": false, "direct": false, "writeback": true},
        "file": "json:{\"driver\": \"null-co\", \"size\": 1048576}"
    }]);
    let back = commands::reencode_return("query-named-block-nodes", &reply)
        .expect("a command of 10.2")
        .expect("10.0.2's reply decodes");
    assert_eq!(back[0]["children"], serde_json::json!([]));
    let mut no_drv = reply.clone();
    no_drv[0].as_object_mut().unwrap().remove("drv");
    let e = commands::reencode_return("query-named-block-nodes", &no_drv)
        .unwrap()
        .unwrap_err()
        .to_string();
    assert!(e.contains("BlockDeviceInfo member 'drv' is missing"), "{e}");
}
