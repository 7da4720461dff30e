//! `qmp serve` answers `query-qmp-schema` with the introspection of the
//! example schema (issue 7, acceptance 2): the reply must equal what
//! `qapi-gen introspect schema/qapi-schema.json` prints, entry for entry and
//! in order.

mod common;

use common::*;
use qmp::client::blocking::Client;
use std::path::Path;
use std::process::Command;

/// `qapi-gen introspect schema/qapi-schema.json`: the binary when
/// `QAPI_GEN` names it or it has been built next to this test's binaries;
/// otherwise the same library call it makes.
fn qapi_gen_introspect(schema: &Path) -> (String, &'static str) {
    let exe = std::env::var_os("QAPI_GEN")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            let p = Path::new(env!("CARGO_BIN_EXE_qmp")).with_file_name("qapi-gen");
            p.exists().then_some(p)
        });
    if let Some(exe) = exe {
        let out = Command::new(&exe)
            .arg("introspect")
            .arg(schema)
            .output()
            .expect("run qapi-gen");
        assert!(out.status.success(), "qapi-gen introspect failed");
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        return (text.trim_end().to_string(), "qapi-gen binary");
    }
    let opts = qapi_schema::Options {
        dialect: qapi_schema::Dialect::Modern,
        style: qapi_schema::StyleRules::Warn,
        parallel: false,
    };
    let s = qapi_schema::load(schema.to_str().expect("path"), &opts).expect("load schema");
    let v = qapi_schema::introspect::introspect_with::<&str>(&s, &[], false);
    (
        serde_json::to_string(&v).expect("json"),
        "qapi-schema library",
    )
}

#[test]
fn query_qmp_schema_equals_qapi_gen_introspect() {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/qapi-schema.json");
    let (expected, how) = qapi_gen_introspect(&schema);
    let server = qmp_serve(&[]);
    let mut c = Client::connect_unix(&server.socket).expect("connect");
    let got = c
        .execute_raw("query-qmp-schema", None)
        .expect("query-qmp-schema");
    // serde_json keeps member order, so equal text means equal entries in
    // the same order with members in the same order.
    let got = serde_json::to_string(&got).expect("json");
    assert_eq!(got, expected, "query-qmp-schema differs from {how}");
    let entries: Vec<serde_json::Value> = serde_json::from_str(&got).expect("array");
    for name in qmp_cli::sim::SCHEMA_COMMANDS {
        assert!(
            entries
                .iter()
                .any(|e| e["meta-type"] == "command" && e["name"] == *name),
            "{name} missing from the introspection"
        );
    }
    // arguments are checked as QEMU checks them
    let e = c
        .execute_raw("query-qmp-schema", Some(serde_json::json!({"x": 1})))
        .unwrap_err();
    assert_eq!(
        e.qmp().map(|q| q.desc.as_str()),
        Some("Parameter 'x' is unexpected")
    );
}
