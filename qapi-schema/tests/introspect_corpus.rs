//! Introspection against real QEMU: for QEMU 10.0.2's schemas, evaluated
//! with each binary's build conditions, `introspect` must equal the
//! binary's `query-qmp-schema` reply entry for entry, in order, with
//! object keys in QEMU's order.  Capability queries are checked against
//! the same replies.
//!
//! The inputs live in `../shared` beside the project.  Without it these
//! tests skip with a message, unless `QAPI_REQUIRE_CORPUS=1`.

use std::path::PathBuf;

use qapi_schema::introspect::query::{Found, Introspection};
use qapi_schema::introspect::{introspect, introspect_with};
use qapi_schema::{Dialect, Options, StyleRules};
use serde_json::Value;

fn shared() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("QAPI_REQUIRE_CORPUS").as_deref() == Ok("1") {
        panic!("corpus {} is missing", dir.display());
    }
    eprintln!("SKIPPED: corpus {} is missing", dir.display());
    None
}

const SERVERS: [(&str, &str); 2] = [
    ("qemu-system-x86_64", "qapi/qapi-schema.json"),
    (
        "qemu-storage-daemon",
        "storage-daemon/qapi/qapi-schema.json",
    ),
];

fn transcripts(shared: &std::path::Path) -> PathBuf {
    shared.join("corpus/qmp-transcripts")
}

/// The `return` of the recorded `query-qmp-schema` reply.
fn reply(shared: &std::path::Path, server: &str) -> Value {
    let path = transcripts(shared).join(format!("qmp-schema-{server}.json"));
    let text = std::fs::read_to_string(path).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["return"].take()
}

fn build_conditions(shared: &std::path::Path, server: &str) -> Vec<String> {
    let path = transcripts(shared).join(format!("build-conditions-{server}.txt"));
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn ours(shared: &std::path::Path, server: &str, root: &str) -> Value {
    let path = shared.join("corpus/qemu-10.0.2").join(root);
    let opts = Options {
        dialect: Dialect::Historical,
        style: StyleRules::Off,
        parallel: false,
    };
    let schema = qapi_schema::load(path.to_str().unwrap(), &opts).unwrap();
    introspect_with(&schema, &build_conditions(shared, server), false)
}

#[test]
fn equals_qemu_10_0_2_replies() {
    let Some(shared) = shared() else { return };
    let mut failures = Vec::new();
    for (server, root) in SERVERS {
        let got = ours(&shared, server, root);
        let want = reply(&shared, server);
        let (got, want) = (got.as_array().unwrap(), want.as_array().unwrap());
        // Values first, then the text, which also compares key order.
        let differs = |(g, w): &(&Value, &Value)| {
            g != w || serde_json::to_string(g).unwrap() != serde_json::to_string(w).unwrap()
        };
        let pairs: Vec<_> = got.iter().zip(want).collect();
        let bad = pairs.iter().filter(|p| differs(p)).count();
        if let Some(i) = pairs.iter().position(differs) {
            failures.push(format!(
                "{server}: {bad} entries differ; first at index {i}:\n  ours:  {}\n  QEMU's: {}",
                got[i], want[i]
            ));
        } else if got.len() != want.len() {
            let i = got.len().min(want.len());
            failures.push(format!(
                "{server}: {} entries, QEMU has {}; first extra at index {i}: {}",
                got.len(),
                want.len(),
                got.get(i).or(want.get(i)).unwrap()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn unmasked_keeps_names_and_shape() {
    let Some(shared) = shared() else { return };
    let (server, root) = SERVERS[1];
    let masked = ours(&shared, server, root);
    let path = shared.join("corpus/qemu-10.0.2").join(root);
    let opts = Options {
        dialect: Dialect::Historical,
        style: StyleRules::Off,
        parallel: false,
    };
    let schema = qapi_schema::load(path.to_str().unwrap(), &opts).unwrap();
    let conds = build_conditions(&shared, server);
    let unmasked = introspect_with(&schema, &conds, true);
    let (m, u) = (masked.as_array().unwrap(), unmasked.as_array().unwrap());
    assert_eq!(m.len(), u.len());
    for (m, u) in m.iter().zip(u) {
        assert_eq!(m["meta-type"], u["meta-type"]);
    }
    let q = Introspection::new(&unmasked).unwrap();
    assert!(q.has("blockdev-add/arg-type/+file"));
    let Some(Found::Entry(e)) = q.get("query-jobs/ret-type").unwrap() else {
        panic!("query-jobs/ret-type not found");
    };
    assert_eq!(e["name"], "[JobInfo]");
    assert!(q.entry("BlockdevOptions").is_some());
}

#[test]
fn example_schema_is_well_formed() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/qapi-schema.json");
    let schema = qapi_schema::load(path, &Options::default()).unwrap();
    for unmask in [false, true] {
        let v = introspect(&schema, &|_| true, unmask);
        let list = v.as_array().expect("an array");
        let q = Introspection::new(&v).expect("every entry has a name");
        let mut names = std::collections::HashSet::new();
        for e in list {
            let name = e["name"].as_str().unwrap();
            assert!(names.insert(name), "duplicate entry {name}");
            let meta = e["meta-type"].as_str().unwrap();
            // Every type referred to is defined.
            let mut refs = Vec::new();
            match meta {
                "command" => refs.extend(["arg-type", "ret-type"].map(|k| &e[k])),
                "event" => refs.push(&e["arg-type"]),
                "array" => refs.push(&e["element-type"]),
                "object" | "alternate" => {
                    let ms = e["members"].as_array().unwrap();
                    refs.extend(ms.iter().map(|m| &m["type"]));
                    if let Some(vs) = e.get("variants").and_then(Value::as_array) {
                        refs.extend(vs.iter().map(|v| &v["type"]));
                    }
                }
                "enum" => assert!(e["values"].is_array()),
                "builtin" => assert!(e["json-type"].is_string()),
                other => panic!("unknown meta-type {other}"),
            }
            for r in refs {
                let r = r.as_str().expect("type names are strings");
                assert!(q.entry(r).is_some(), "{name} refers to undefined {r}");
            }
        }
        assert!(schema.commands().all(|(c, _)| q.has_command(&c.name)));
        assert!(schema.events().all(|e| q.has_event(&e.name)));
    }
}

/// Questions with the same answer from both servers.
#[test]
fn capability_queries_on_live_replies() {
    let Some(shared) = shared() else { return };
    for (server, _) in SERVERS {
        let reply = reply(&shared, server);
        let q = Introspection::new(&reply).unwrap();
        let yes = |query: &str| assert!(q.has(query), "{server}: {query} should be present");
        let no = |query: &str| assert!(!q.has(query), "{server}: {query} should be absent");
        // Commands and events, present and absent.
        assert!(q.has_command("blockdev-add") && q.has_command("query-block"));
        assert!(q.has_event("BLOCK_JOB_COMPLETED"));
        assert!(!q.has_command("BLOCK_JOB_COMPLETED") && !q.has_command("no-such-command"));
        no("no-such-command");
        // Arguments, optional arguments, union branches and their members.
        yes("blockdev-add/arg-type/+file");
        yes("blockdev-add/arg-type/+file/filename");
        yes("blockdev-add/arg-type/+file/*aio");
        yes("blockdev-add/arg-type/+qcow2/*discard-no-unref");
        no("blockdev-add/arg-type/+file/*filename");
        no("blockdev-add/arg-type/+no-such-driver");
        yes("blockdev-add/arg-type/*detect-zeroes/^unmap");
        no("blockdev-add/arg-type/*detect-zeroes/^sometimes");
        // Through arrays, into return types.
        yes("query-block/ret-type/inserted/detect_zeroes/^unmap");
        yes("query-block/ret-type/inserted/image/format");
        no("query-block/ret-type/inserted/detect-zeroes");
        // Alternates: each alternative is tried.
        yes("blockdev-add/arg-type/+qcow2/*backing/+file/filename");
        yes("blockdev-add/arg-type/+qcow2/*backing/!null");
        // Built-in JSON types.
        yes("block_resize/arg-type/size/!int");
        no("block_resize/arg-type/size/!string");
        // Features: of commands, of members, of types.
        yes("drive-backup/$deprecated");
        no("blockdev-backup/$deprecated");
        yes("block-commit/arg-type/*top/$deprecated");
        no("block-commit/arg-type/*top-node/$deprecated");
        yes("blockdev-snapshot/$allow-write-only-overlay");
        yes("blockdev-add/arg-type/driver/^gluster/$deprecated");
        no("blockdev-add/arg-type/driver/^file/$deprecated");
        no("blockdev-add/arg-type/driver/^nosuch/$deprecated");
        // Events' arguments.
        yes("BLOCK_JOB_COMPLETED/arg-type/device");
        no("BLOCK_JOB_COMPLETED/ret-type");
        // Malformed questions are errors, not answers.
        assert!(q.get("blockdev-add//x").is_err() && q.get("").is_err());
        // Present in one binary only.
        let system = server == "qemu-system-x86_64";
        assert_eq!(q.has_command("query-cpus-fast"), system);
        assert_eq!(q.has_command("query-migrationthreads"), system);
        assert_eq!(q.has("query-migrationthreads/$deprecated"), system);
        assert_eq!(q.has_event("SHUTDOWN"), system);
        match q.get("blockdev-add/arg-type/+file").unwrap() {
            Some(Found::Entry(e)) => assert_eq!(e["meta-type"], "object"),
            other => panic!("{other:?}"),
        }
    }
}
