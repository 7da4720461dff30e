//! Every reply and event that real QEMU 10.0.2 sent in
//! `../shared/corpus/qmp-transcripts` decodes into its typed form, and
//! encodes back to the same JSON.

use qemu_10_0_2_bindings::{qsd, system};
use serde_json::Value;
use transcript_walk::Message;

#[path = "../../transcript_walk.rs"]
mod transcript_walk;

const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/corpus/qmp-transcripts"
);

type Reencode = fn(&str, &Value) -> Option<Result<Value, serde_json::Error>>;
type DecodeEvent = fn(&str, Value) -> Result<String, serde_json::Error>;

fn system_event(name: &str, data: Value) -> Result<String, serde_json::Error> {
    match <system::events::Event as qmp::EventSet>::from_wire(name, data)? {
        system::events::Event::Unknown { name, .. } => Ok(format!("unknown event {name}")),
        _ => Ok(String::new()),
    }
}

fn qsd_event(name: &str, data: Value) -> Result<String, serde_json::Error> {
    match <qsd::events::Event as qmp::EventSet>::from_wire(name, data)? {
        qsd::events::Event::Unknown { name, .. } => Ok(format!("unknown event {name}")),
        _ => Ok(String::new()),
    }
}

fn run(server: &str, reencode: Reencode, event: DecodeEvent) {
    let (mut returns, mut events, mut failures) = (0, 0, Vec::new());
    let path = format!("{DIR}/replies-{server}.jsonl");
    transcript_walk::walk(path.as_ref(), |m| match m {
        Message::Return {
            case,
            command: None,
            raw,
            ..
        } => failures.push(format!("{case}: cannot tell which command {raw} answers")),
        Message::Return {
            case,
            command: Some(name),
            value,
            ..
        } => {
            returns += 1;
            match reencode(name, value) {
                None => failures.push(format!("{case}: unknown command {name}")),
                Some(Err(e)) => failures.push(format!("{case}: {e}")),
                Some(Ok(v)) if &v != value => {
                    failures.push(format!("{case}: {name} does not round-trip:\n{value}\n{v}"))
                }
                Some(Ok(_)) => {}
            }
        }
        Message::Event { case, name, data } => {
            events += 1;
            match event(name, data) {
                Ok(s) if s.is_empty() => {}
                Ok(s) => failures.push(format!("{case}: {s}")),
                Err(e) => failures.push(format!("{case}: {e}")),
            }
        }
    });
    eprintln!("{server}: {returns} returns, {events} events decoded");
    assert!(returns > 10 && events > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn system_replies_and_events() {
    run(
        "qemu-system-x86_64",
        system::commands::reencode_return,
        system_event,
    );
}

#[test]
fn storage_daemon_replies_and_events() {
    run(
        "qemu-storage-daemon",
        qsd::commands::reencode_return,
        qsd_event,
    );
}

fn schema_reply(server: &str) -> Value {
    let text = std::fs::read_to_string(format!("{DIR}/qmp-schema-{server}.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v["return"].clone()
}

#[test]
fn query_qmp_schema_is_a_typed_list() {
    let v = schema_reply("qemu-system-x86_64");
    let list: Vec<system::types::SchemaInfo> = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(list.len(), 1172);
    assert_eq!(serde_json::to_value(&list).unwrap(), v);
    let commands = list
        .iter()
        .filter(|i| matches!(i, system::types::SchemaInfo::Command { .. }))
        .count();
    assert_eq!(commands, 233);

    let v = schema_reply("qemu-storage-daemon");
    let list: Vec<qsd::types::SchemaInfo> = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(list.len(), 513);
    assert_eq!(serde_json::to_value(&list).unwrap(), v);
}

#[test]
fn unknown_values_land_in_catch_alls() {
    use system::types::{RunState, SchemaInfo, StatusInfo};
    let s: StatusInfo =
        serde_json::from_str(r#"{"running": true, "status": "warp-speed", "singlestep": false}"#)
            .unwrap();
    assert_eq!(s.status, RunState::Unknown("warp-speed".into()));
    assert_eq!(serde_json::to_value(&s).unwrap()["status"], "warp-speed");
    let i: SchemaInfo =
        serde_json::from_str(r#"{"name": "x", "meta-type": "future", "z": 1}"#).unwrap();
    assert!(matches!(&i, SchemaInfo::Unknown { tag, .. } if tag == "future"));
    assert_eq!(serde_json::to_value(&i).unwrap()["z"], 1);
    let e = system_event("NEW_EVENT", serde_json::json!({"a": 1})).unwrap();
    assert_eq!(e, "unknown event NEW_EVENT");
}

#[test]
fn mismatches_name_type_and_member() {
    // A required member missing, deep inside a reply.
    let v = serde_json::json!({"qemu": {"major": 10, "minor": 0}, "package": ""});
    let e = system::commands::reencode_return("query-version", &v)
        .unwrap()
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("VersionTriple member 'micro' is missing (at 'qemu.micro')"),
        "{e}"
    );
    let v = serde_json::json!([{"name": "x", "meta-type": "enum", "values": 1}]);
    let e = system::commands::reencode_return("query-qmp-schema", &v)
        .unwrap()
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("SchemaInfoEnum member 'members' is missing (at '[0].members')"),
        "{e}"
    );
}
