//! QEMU's own front-end test suite, run through the `qapi-gen` binary the
//! way its acceptance is stated: in the suite's folder, `check
//! --message-format=short X.json` prints `X.err` byte for byte (exit 1)
//! for rejected cases, `dump X.json` prints `X.out` (exit 0) for accepted
//! ones.

use std::path::Path;
use std::process::Command;

fn qapi_gen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_qapi-gen"))
}

#[test]
fn qemu_10_2_front_end_suite() {
    let Some(shared) = qapi_schema::corpus::shared_dir() else {
        return;
    };
    let dir = shared.join("corpus/qemu-10.2/tests/qapi-schema");
    let cases = std::fs::read_to_string(dir.join("CASES")).expect("CASES");
    let mut failures = Vec::new();
    let mut count = 0;
    for case in cases.lines().map(str::trim).filter(|c| !c.is_empty()) {
        count += 1;
        let err = std::fs::read(dir.join(format!("{case}.err"))).unwrap_or_default();
        let json = format!("{case}.json");
        if !err.is_empty() {
            let out = qapi_gen()
                .args(["check", "--message-format=short", &json])
                .current_dir(&dir)
                .output()
                .expect("run qapi-gen");
            if out.status.code() != Some(1) || out.stderr != err {
                failures.push(format!(
                    "{case}: exit {:?}\n--- expected\n{}--- got\n{}",
                    out.status.code(),
                    String::from_utf8_lossy(&err),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        } else {
            let expected = std::fs::read(dir.join(format!("{case}.out"))).unwrap_or_default();
            let out = qapi_gen()
                .args(["dump", &json])
                .current_dir(&dir)
                .output()
                .expect("run qapi-gen");
            if out.status.code() != Some(0) || out.stdout != expected {
                failures.push(format!(
                    "{case}: exit {:?}, stdout differs from {case}.out; stderr: {}",
                    out.status.code(),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }
    }
    assert!(count >= 100, "only {count} cases listed");
    assert!(
        failures.is_empty(),
        "{} of {count} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn check(dir: &Path, root: &str, historical: bool) -> (Option<i32>, String) {
    let mut cmd = qapi_gen();
    cmd.arg("check").arg("--message-format=short");
    if historical {
        cmd.arg("--dialect=historical");
    }
    let out = cmd
        .arg(root)
        .current_dir(dir)
        .output()
        .expect("run qapi-gen");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn qemu_roots_check_clean() {
    let Some(shared) = qapi_schema::corpus::shared_dir() else {
        return;
    };
    let c = shared.join("corpus");
    let roots = [
        "qapi/qapi-schema.json",
        "qga/qapi-schema.json",
        "storage-daemon/qapi/qapi-schema.json",
    ];
    for root in roots {
        // Today's dialect takes QEMU 10.2 as it is.
        let (code, err) = check(&c.join("qemu-10.2"), root, false);
        assert_eq!(code, Some(0), "10.2 {root}: {err}");
        // QEMU 10.0.2 predates 10.2's doc style rules: today's dialect
        // rejects it, the historical one reads it.
        let (code, _) = check(&c.join("qemu-10.0.2"), root, false);
        assert_eq!(
            code,
            Some(1),
            "10.0.2 {root} should break 10.2's style rules"
        );
        let (code, err) = check(&c.join("qemu-10.0.2"), root, true);
        assert_eq!(code, Some(0), "10.0.2 {root} (historical): {err}");
    }
}

/// Every `qapi-schema*.json` under `dir`, recursively.
fn schema_roots(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable").flatten() {
        let p = entry.path();
        if p.is_dir() {
            schema_roots(&p, out);
        } else if p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("qapi-schema") && n.ends_with(".json"))
        {
            out.push(p);
        }
    }
}

#[test]
fn historical_schemas_check_clean() {
    let Some(shared) = qapi_schema::corpus::shared_dir() else {
        return;
    };
    let mut roots = Vec::new();
    schema_roots(&shared.join("corpus/qapi-history"), &mut roots);
    schema_roots(&shared.join("corpus/legacy"), &mut roots);
    roots.sort();
    assert!(roots.len() >= 20, "found only {} schemas", roots.len());
    let mut failures = Vec::new();
    for root in &roots {
        let (code, err) = check(Path::new("."), root.to_str().expect("utf-8 path"), true);
        if code != Some(0) {
            failures.push(format!("{}: {err}", root.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn usage_errors_exit_2_and_unreadable_files_exit_1() {
    let out = qapi_gen().args(["check", "--bogus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = qapi_gen().args(["check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = qapi_gen()
        .args(["check", "--message-format=short", "/nonexistent/x.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "can't read schema file '/nonexistent/x.json': No such file or directory\n"
    );
}

#[test]
fn json_and_human_message_formats() {
    let dir = std::env::temp_dir().join(format!("qapi-gen-fmt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("bad.json");
    std::fs::write(&f, "{ 'struct': 'Foo',\n  'data': { 'a': 'Nope' } }\n").unwrap();
    let out = qapi_gen()
        .args(["check", "--message-format=json"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stderr).expect("one JSON object");
    assert_eq!(v["line"], 1);
    assert_eq!(v["message"], "member 'a' uses unknown type 'Nope'");
    assert_eq!(v["definition"], "struct 'Foo'");
    let out = qapi_gen()
        .args(["check", "--message-format=human"])
        .arg(&f)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("1 | { 'struct': 'Foo',"), "{text}");
    assert!(text.contains("^^^"), "{text}");
    std::fs::remove_dir_all(&dir).ok();
}
