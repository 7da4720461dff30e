//! `qapi-gen introspect` end to end: the storage daemon's reply from QEMU
//! 10.0.2's schema and its build conditions, and `--unmask` on our example
//! schema.  Skips (with a message) without `../shared`, unless
//! `QAPI_REQUIRE_CORPUS=1`.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn qapi_gen(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_qapi-gen"))
        .arg("introspect")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn storage_daemon_reply() {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if !shared.is_dir() {
        assert_ne!(std::env::var("QAPI_REQUIRE_CORPUS").as_deref(), Ok("1"));
        eprintln!("SKIPPED: corpus {} is missing", shared.display());
        return;
    }
    let t = shared.join("qmp-transcripts");
    let cfg = t.join("build-conditions-qemu-storage-daemon.txt");
    let root = shared.join("qemu-10.0.2/storage-daemon/qapi/qapi-schema.json");
    let got = qapi_gen(&[
        "--dialect",
        "historical",
        "--cfg-file",
        cfg.to_str().unwrap(),
        root.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(t.join("qmp-schema-qemu-storage-daemon.json")).unwrap();
    let want: Value = serde_json::from_str(&text).unwrap();
    assert!(
        got == want["return"],
        "qapi-gen introspect differs from QEMU's reply"
    );
}

#[test]
fn unmask_and_cfg() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/qapi-schema.json");
    let masked = qapi_gen(&[root]);
    let unmasked = qapi_gen(&["--unmask", "--cfg", "ANY", root]);
    let (m, u) = (masked.as_array().unwrap(), unmasked.as_array().unwrap());
    assert!(!u.is_empty());
    assert!(u.iter().any(|e| e["meta-type"] == "object"
        && e["name"]
            .as_str()
            .is_some_and(|n| n.parse::<u32>().is_err())));
    assert!(m
        .iter()
        .all(|e| e["meta-type"] != "object" || e["name"].as_str().unwrap().parse::<u32>().is_ok()));
}
