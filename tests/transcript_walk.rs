//! Shared by the binding crates' tests (included with `#[path]`): walks the
//! replies and events QEMU sent in a `replies-SERVER.jsonl` file of
//! `../shared/corpus/qmp-transcripts`, pairing each return with the
//! command it answers.
// Not every test reads every field.
#![allow(dead_code)]

use serde_json::Value;

/// A message QEMU sent, in its test case.
pub enum Message<'a> {
    /// A return value, with the command it answers when that can be told.
    Return {
        case: &'a str,
        command: Option<&'a str>,
        raw: &'a str,
        value: &'a Value,
    },
    Event {
        case: &'a str,
        name: &'a str,
        data: Value,
    },
}

/// The commands of a request text, by id (`None` for no id).
/// Requests that are not plain JSON (single quotes, split writes) are
/// attributed by the first command name in them.
fn commands(request: &str) -> Vec<(Option<Value>, String)> {
    let cmds: Vec<_> = serde_json::Deserializer::from_str(request)
        .into_iter::<Value>()
        .map_while(Result::ok)
        .filter_map(|v| {
            let name = v.get("execute").or(v.get("exec-oob"))?.as_str()?;
            Some((v.get("id").cloned(), name.to_string()))
        })
        .collect();
    if !cmds.is_empty() {
        return cmds;
    }
    let Some(i) = request.find("execute") else {
        return cmds;
    };
    let name: String = request[i + 7..]
        .trim_start_matches(|c: char| !c.is_ascii_alphabetic())
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    vec![(None, name)]
}

/// Calls `f` on every return and event of the transcript file `path`.
pub fn walk(path: &std::path::Path, mut f: impl FnMut(Message)) {
    let text = std::fs::read_to_string(path).unwrap();
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
            if let Some(value) = msg.get("return") {
                let cmd = match msg.get("id") {
                    Some(id) if cmds.iter().any(|(i, _)| i.is_some()) => {
                        cmds.iter().find(|(i, _)| i.as_ref() == Some(id))
                    }
                    Some(_) => cmds.first().filter(|_| cmds.len() == 1),
                    None if cmds.len() == 1 => cmds.first(),
                    None => cmds.iter().find(|(i, _)| i.is_none()),
                };
                f(Message::Return {
                    case,
                    command: cmd.map(|(_, n)| n.as_str()),
                    raw,
                    value,
                });
            } else if let Some(name) = msg.get("event").and_then(Value::as_str) {
                let data = msg
                    .get("data")
                    .cloned()
                    .unwrap_or(Value::Object(Default::default()));
                f(Message::Event { case, name, data });
            }
        }
    }
}
