//! The seed's interface change, judged by `qapi-gen diff`: from the 2012
//! tree one commit before the `BALLOON_CHANGE` event to the tree with it,
//! the one change is that event, added and documented (exit 0).

use std::process::Command;

#[test]
fn balloon_change_added_and_documented() {
    let Some(shared) = qapi_schema::corpus::shared_dir() else {
        return;
    };
    let seed = shared.join("corpus/legacy/qemu-1.1-balloon-event");
    let out = Command::new(env!("CARGO_BIN_EXE_qapi-gen"))
        .args(["diff", "--format=json"])
        .arg(seed.join("before"))
        .arg(&seed)
        .output()
        .expect("run qapi-gen");
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let changes = v["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 1, "{changes:#?}");
    let c = &changes[0];
    assert_eq!(c["meta"], "event");
    assert_eq!(c["name"], "BALLOON_CHANGE");
    assert_eq!(c["change"], "added");
    assert_eq!(c["documented"], true);
    assert_eq!(c["breaking"], false);
    assert!(c["member"].is_null());
}
