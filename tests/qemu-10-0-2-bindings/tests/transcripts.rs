//! Every reply and event that real QEMU 10.0.2 sent in
//! `../shared/corpus/qmp-transcripts` decodes into its typed form, and
//! encodes back to the same JSON.

use qemu_10_0_2_bindings::{qsd, system};
use serde_json::Value;

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

/// The commands of a request text, by id (`None` for no id).
/// Requests that are not plain JSON (single quotes, split writes) are
/// attributed by the first command name in them.
fn commands(request: &str) -> Vec<(Option<Value>, String)> {
    let cmds: Vec<_> = serde_json::Deserializer::from_str(request)
        .into_iter::<Value>()
        .map_while(Result::ok)
        .filter_map(|v| {
            let name = v
                .get("execute")
                .or(v.get("exec-oob"))?
                .as_str()?
                .to_string();
            Some((v.get("id").cloned(), name))
        })
        .collect();
    if !cmds.is_empty() {
        return cmds;
    }
    let Some(i) = request.find("execute") else {
        return cmds;
    };
    let rest = &request[i + 7..];
    let name: String = rest
        .trim_start_matches(|c: char| !c.is_ascii_alphabetic())
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    vec![(None, name)]
}

fn run(server: &str, reencode: Reencode, event: DecodeEvent) {
    let text = std::fs::read_to_string(format!("{DIR}/replies-{server}.jsonl")).unwrap();
    let (mut returns, mut events, mut failures) = (0, 0, Vec::new());
    for line in text.lines() {
        let x: Value = serde_json::from_str(line).unwrap();
        let case = x["name"].as_str().unwrap_or("");
        // A request split in two writes has its first part in the note.
        let first = x["note"]
            .as_str()
            .and_then(|n| n.strip_prefix("first write was "))
            .and_then(|n| n.split(" (sent").next())
            .unwrap_or("");
        let cmds = match &x["request"] {
            Value::String(r) => commands(&format!("{first}{r}")),
            _ => vec![],
        };
        for rec in x["received"].as_array().unwrap() {
            let raw = match rec {
                Value::String(s) => s.as_str(),
                Value::Object(o) => match o.get("line").and_then(Value::as_str) {
                    Some(l) => l,
                    None => continue,
                },
                _ => continue,
            };
            let Ok(msg) = serde_json::from_str::<Value>(raw) else {
                continue;
            };
            if let Some(ret) = msg.get("return") {
                let name = match msg.get("id") {
                    Some(id) if cmds.iter().any(|(i, _)| i.is_some()) => {
                        cmds.iter().find(|(i, _)| i.as_ref() == Some(id))
                    }
                    Some(_) => cmds.first().filter(|_| cmds.len() == 1),
                    None if cmds.len() == 1 => cmds.first(),
                    None => cmds.iter().find(|(i, _)| i.is_none()),
                };
                let Some((_, name)) = name else {
                    failures.push(format!("{case}: cannot tell which command {raw} answers"));
                    continue;
                };
                returns += 1;
                match reencode(name, ret) {
                    None => failures.push(format!("{case}: unknown command {name}")),
                    Some(Err(e)) => failures.push(format!("{case}: {e}")),
                    Some(Ok(v)) if &v != ret => {
                        failures.push(format!("{case}: {name} does not round-trip:\n{ret}\n{v}"))
                    }
                    Some(Ok(_)) => {}
                }
            } else if let Some(name) = msg.get("event").and_then(Value::as_str) {
                events += 1;
                let data = msg
                    .get("data")
                    .cloned()
                    .unwrap_or(Value::Object(Default::default()));
                match event(name, data) {
                    Ok(s) if s.is_empty() => {}
                    Ok(s) => failures.push(format!("{case}: {s}")),
                    Err(e) => failures.push(format!("{case}: {e}")),
                }
            }
        }
    }
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
