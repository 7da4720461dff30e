//! Typed calls through the generated clients (blocking and tokio), which
//! decode a reply straight from its tokens: against a canned server that
//! answers `query-qmp-schema` with qemu-system-x86_64 10.0.2's real reply
//! (from `../shared/corpus/qmp-transcripts`), as recorded or altered.
//! They decode what decoding the JSON value decodes, name type, member
//! and path when the reply does not fit, and keep unknown enum values,
//! union branches and members forward-compatibly.

use qemu_10_0_2_bindings::system::client::{AsyncClient, BlockingClient};
use qemu_10_0_2_bindings::system::types::{JSONType, SchemaInfo};
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixListener;
use std::path::PathBuf;

/// The reply as recorded (the crate's build needs the corpus, as the
/// bindings are generated from it).
fn schema_reply() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/qmp-transcripts/qmp-schema-qemu-system-x86_64.json"
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["return"].clone()
}

/// A server on a socket in a temporary folder that answers every command
/// but `qmp_capabilities` with `ret` (echoing the request's id), for one
/// connection. Returns the socket's path.
fn canned(name: &str, ret: &Value) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("typed-calls-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let sock = dir.join("qmp.sock");
    let listener = UnixListener::bind(&sock).unwrap();
    let ret = serde_json::to_string(ret).unwrap();
    std::thread::spawn(move || {
        let (s, _) = listener.accept().unwrap();
        let greeting = r#"{"QMP": {"version": {"qemu": {"micro": 2, "minor": 0, "major": 10}, "package": ""}, "capabilities": ["oob"]}}"#;
        (&s).write_all(format!("{greeting}\r\n").as_bytes())
            .unwrap();
        let mut lines = BufReader::new(&s).lines();
        while let Some(Ok(line)) = lines.next() {
            let req: Value = serde_json::from_str(&line).unwrap();
            let value = match req["execute"].as_str() {
                Some("qmp_capabilities") => "{}",
                _ => ret.as_str(),
            };
            let id = match req.get("id") {
                Some(id) => format!(", \"id\": {id}"),
                None => String::new(),
            };
            let reply = format!("{{\"return\": {value}{id}}}\r\n");
            if (&s).write_all(reply.as_bytes()).is_err() {
                break;
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    });
    sock
}

/// `query-qmp-schema` through the blocking client.
fn blocking(name: &str, ret: &Value) -> Result<Vec<SchemaInfo>, String> {
    let mut c = qmp::client::blocking::Client::connect_unix(canned(name, ret)).unwrap();
    c.query_qmp_schema().map_err(|e| e.to_string())
}

/// `query-qmp-schema` through the tokio client.
fn tokio(name: &str, ret: &Value) -> Result<Vec<SchemaInfo>, String> {
    let sock = canned(name, ret);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let c = qmp::client::tokio::Client::connect_unix(sock)
            .await
            .unwrap();
        c.query_qmp_schema().await.map_err(|e| e.to_string())
    })
}

#[test]
fn typed_calls_decode_what_the_json_value_decodes() {
    let v = schema_reply();
    let want: Vec<SchemaInfo> = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(want.len(), 1172);
    for (how, got) in [
        ("blocking", blocking("same-b", &v)),
        ("tokio", tokio("same-t", &v)),
    ] {
        let got = got.unwrap_or_else(|e| panic!("{how}: {e}"));
        assert!(got == want, "{how}: decoded differently");
        assert_eq!(serde_json::to_value(&got).unwrap(), v, "{how}");
    }
}

#[test]
fn a_wrong_type_deep_in_the_reply_names_the_member_path() {
    let mut v = schema_reply();
    // entry 294 is an object type; the third member's type becomes a number
    assert_eq!(v[294]["meta-type"], "object");
    v[294]["members"][2]["type"] = Value::from(7);
    let want = "query-qmp-schema: SchemaInfoObjectMember member 'type' expected string \
                (at '[294].members[2].type')";
    // what decoding the JSON value says
    let e = qemu_10_0_2_bindings::system::commands::reencode_return("query-qmp-schema", &v)
        .unwrap()
        .unwrap_err();
    assert_eq!(e.to_string(), want);
    for (how, got) in [
        ("blocking", blocking("wrong-b", &v)),
        ("tokio", tokio("wrong-t", &v)),
    ] {
        let e = got.err().unwrap_or_else(|| panic!("{how}: decoded"));
        assert_eq!(e, format!("cannot decode: {want}"), "{how}");
    }
    // a required scalar member missing, in another entry (a missing
    // required list decodes as empty, for replies of older QEMUs)
    let mut v = schema_reply();
    v[294]["members"][2].as_object_mut().unwrap().remove("type");
    let e = blocking("missing-b", &v).unwrap_err();
    assert!(
        e.contains("SchemaInfoObjectMember member 'type' is missing (at '[294].members[2].type')"),
        "{e}"
    );
    let mut v = schema_reply();
    v[294].as_object_mut().unwrap().remove("members");
    assert!(blocking("missing-list", &v).is_ok());
}

#[test]
fn unknown_values_branches_and_members_decode() {
    let mut v = schema_reply();
    // an enum value these bindings do not know
    assert_eq!(v[388]["meta-type"], "builtin");
    v[388]["json-type"] = Value::from("bignum");
    // a member these bindings do not know, on a command
    assert_eq!(v[0]["meta-type"], "command");
    v[0]["x-future"] = serde_json::json!({"deep": [1, {"x": null}]});
    // a union branch these bindings do not know, with its members
    v[1]["meta-type"] = Value::from("future-kind");
    v[1]["x-what"] = Value::from(5);
    for (how, got) in [
        ("blocking", blocking("unknown-b", &v)),
        ("tokio", tokio("unknown-t", &v)),
    ] {
        let got = got.unwrap_or_else(|e| panic!("{how}: {e}"));
        match &got[388] {
            SchemaInfo::Builtin { data, .. } => {
                assert_eq!(data.json_type, JSONType::Unknown("bignum".into()), "{how}")
            }
            other => panic!("{how}: {other:?}"),
        }
        assert!(matches!(&got[0], SchemaInfo::Command { base, .. } if base.name == "query-status"));
        match &got[1] {
            SchemaInfo::Unknown { tag, data } => {
                assert_eq!(tag, "future-kind", "{how}");
                assert_eq!(data["name"], v[1]["name"], "{how}");
                assert_eq!(data["x-what"], 5, "{how}");
                assert!(!data.contains_key("meta-type"), "{how}");
            }
            other => panic!("{how}: {other:?}"),
        }
        // encoded again: the unknown value and branch as sent
        let back = serde_json::to_value(&got).unwrap();
        assert_eq!(back[388], v[388], "{how}");
        assert_eq!(back[1], v[1], "{how}");
    }
}
