//! The dispatch table generated for `schema/` answers bad arguments with
//! QEMU's replies: the rows of `../shared/corpus/qmp-transcripts/bad-input-*.tsv`
//! whose command this schema has.

use std::sync::Arc;

use qapi_example::server::{Dispatcher, Server};
use qapi_example::types::{VersionInfo, VersionTriple};
use qmp::{CallContext, Dispatch, QmpError};

struct Vm;

impl Server for Vm {
    fn query_version(&self, _ctx: &mut CallContext) -> Result<VersionInfo, QmpError> {
        Ok(VersionInfo {
            qemu: VersionTriple {
                major: 10,
                minor: 0,
                micro: 2,
            },
            package: String::new(),
        })
    }
}

fn ctx() -> CallContext {
    struct Nothing;
    impl Dispatch for Nothing {
        fn lookup(&self, _: &str) -> Option<qmp::CommandInfo> {
            None
        }
        fn call(
            &self,
            _: &str,
            _: qmp::serde_json::Map<String, qmp::serde_json::Value>,
            _: &mut CallContext,
        ) -> Result<qmp::serde_json::Value, QmpError> {
            unreachable!()
        }
    }
    let server = qmp::Server::new(Default::default(), Arc::new(Nothing));
    CallContext {
        session: 0,
        oob: false,
        events: server.events(),
        server: server.handle(),
    }
}

#[test]
fn bad_input_rows_answer_like_qemu() {
    let table = Dispatcher(Vm);
    let mut ctx = ctx();
    let mut checked = 0;
    for server in ["qemu-storage-daemon", "qemu-system-x86_64"] {
        let path = format!(
            "{}/../../shared/corpus/qmp-transcripts/bad-input-{server}.tsv",
            env!("CARGO_MANIFEST_DIR")
        );
        for row in std::fs::read_to_string(path).unwrap().lines().skip(1) {
            let cols: Vec<&str> = row.split('\t').collect();
            let (input, class, desc) = (cols[1], cols[3], cols[4]);
            let input = input.replace("\"a\"*1048576", &format!("\"{}\"", "a".repeat(1 << 20)));
            let Ok(req) = qmp::serde_json::from_str::<qmp::serde_json::Value>(&input) else {
                continue;
            };
            let Some(name) = req.get("execute").and_then(|n| n.as_str()) else {
                continue;
            };
            // Rows about the request itself (e.g. unknown top-level keys)
            // are the runtime's business, not the table's.
            let plain = req
                .as_object()
                .unwrap()
                .keys()
                .all(|k| ["execute", "arguments", "id"].contains(&k.as_str()))
                && req.get("arguments").is_none_or(|a| a.is_object());
            let about_args =
                desc.starts_with("Parameter ") || desc.starts_with("Invalid parameter type");
            if table.lookup(name).is_none() || !about_args || !plain {
                continue;
            }
            let args = req
                .get("arguments")
                .and_then(|a| a.as_object())
                .cloned()
                .unwrap_or_default();
            let e = match table.call(name, args, &mut ctx) {
                Err(e) => e,
                Ok(v) => panic!("{row}: succeeded with {v}"),
            };
            assert_eq!((e.class.as_str(), e.desc.as_str()), (class, desc), "{row}");
            checked += 1;
        }
    }
    assert!(checked >= 4, "only {checked} rows apply");
}

fn call(name: &str, args: qmp::serde_json::Value) -> Result<qmp::serde_json::Value, String> {
    let args = args.as_object().unwrap().clone();
    Dispatcher(Vm)
        .call(name, args, &mut ctx())
        .map_err(|e| format!("{}: {}", e.class, e.desc))
}

#[test]
fn argument_errors_follow_qemu() {
    use qmp::serde_json::json;
    assert_eq!(
        call("balloon", json!({})).unwrap_err(),
        "GenericError: Parameter 'value' is missing"
    );
    assert_eq!(
        call("balloon", json!({"value": "x"})).unwrap_err(),
        "GenericError: Invalid parameter type for 'value', expected: integer"
    );
    assert_eq!(
        call("qmp_capabilities", json!({"enable": ["oob", 1]})).unwrap_err(),
        "GenericError: Invalid parameter type for 'enable[1]', expected: string"
    );
    // QEMU names the first unexpected member in its hash table's order,
    // not the request's: qemu-storage-daemon 10.0.2 answers 'b' here.
    assert_eq!(
        call("query-version", json!({"a": 1, "b": 2})).unwrap_err(),
        "GenericError: Parameter 'b' is unexpected"
    );
    assert_eq!(
        call("stop", json!({})).unwrap_err(),
        "CommandNotFound: The command stop has not been found"
    );
    let v = call("query-version", json!({})).unwrap();
    assert_eq!(v["qemu"]["micro"], 2);
}
