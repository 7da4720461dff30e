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

/// A copy of the `before` tree in a temporary folder, with `extra`
/// appended to its `qmp-commands.hx`; returns the folder.
fn tree_with_entry(tag: &str, before: &std::path::Path, extra: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("qapi-legacy-diff-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["qapi-schema.json", "qmp-commands.hx", "qmp-events.txt"] {
        std::fs::copy(before.join(f), dir.join(f)).unwrap();
    }
    let hx = dir.join("qmp-commands.hx");
    let mut text = std::fs::read_to_string(&hx).unwrap();
    text.push_str(extra);
    std::fs::write(&hx, text).unwrap();
    dir
}

/// A new dispatch entry without its SQMP block is an undocumented
/// addition: exit 1, and the report names the entry's file and line (as
/// the warning on stderr does); `check` rejects the tree.
#[test]
fn undocumented_dispatch_entry_exits_1_with_its_location() {
    let Some(shared) = qapi_schema::corpus::shared_dir() else {
        return;
    };
    let before = shared.join("corpus/legacy/qemu-1.1-balloon-event/before");
    let lines = std::fs::read_to_string(before.join("qmp-commands.hx"))
        .unwrap()
        .lines()
        .count();
    let entry = "\n    {\n        .name       = \"frobnicate\",\n        .args_type  = \"level:i\",\n        .mhandler.cmd_new = qmp_marshal_input_frobnicate,\n    },\n";
    let new = tree_with_entry("undocumented", &before, entry);
    let at = format!("{}:{}", new.join("qmp-commands.hx").display(), lines + 2);
    let out = Command::new(env!("CARGO_BIN_EXE_qapi-gen"))
        .arg("diff")
        .arg(&before)
        .arg(&new)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert_eq!(
        stdout,
        format!("compatible added    command frobnicate: command added [undocumented, {at}]\n")
    );
    assert!(
        stderr.contains(&format!(
            "{at}: dispatch entry 'frobnicate' has no SQMP documentation block"
        )),
        "{stderr}"
    );
    let check = Command::new(env!("CARGO_BIN_EXE_qapi-gen"))
        .args(["check", "--message-format=short"])
        .arg(&new)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    // Unreadable input stays exit 2.
    let missing = Command::new(env!("CARGO_BIN_EXE_qapi-gen"))
        .arg("diff")
        .arg(&before)
        .arg(new.join("no-such-folder"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    std::fs::remove_dir_all(&new).unwrap();
}
