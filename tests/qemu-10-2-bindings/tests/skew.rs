//! Version skew: every reply and event QEMU 10.0.2 sent in
//! `../shared/corpus/qmp-transcripts` (both servers), decoded with the
//! 10.2 bindings, either decodes or fails with an error naming the type
//! and member at fault, never an opaque serde message.  [`EXPECTED`]
//! lists the ones that fail, and why.

use qemu_10_2_bindings::{commands, events};
use serde_json::Value;

mod common;

/// `(command or event, part of the error)`: what 10.0.2 sends that 10.2
/// bindings reject.
const EXPECTED: &[(&str, &str)] = &[];

/// The commands of a request text with their ids; requests that are not
/// plain JSON are attributed by the first command name in them.
fn commands_of(request: &str) -> Vec<(Option<Value>, String)> {
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

/// `(what, error)` for every reply and event that does not decode.
fn decode_all(server: &str, counts: &mut (usize, usize)) -> Vec<(String, String)> {
    let path = common::shared().join(format!("corpus/qmp-transcripts/replies-{server}.jsonl"));
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    for line in text.lines() {
        let x: Value = serde_json::from_str(line).unwrap();
        let first = x["note"]
            .as_str()
            .and_then(|n| n.strip_prefix("first write was "))
            .and_then(|n| n.split(" (sent").next())
            .unwrap_or("");
        let cmds = match &x["request"] {
            Value::String(r) => commands_of(&format!("{first}{r}")),
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
                let Some((_, name)) = name else { continue };
                counts.0 += 1;
                match commands::reencode_return(name, ret) {
                    None => out.push((name.clone(), "command unknown to 10.2".into())),
                    Some(Err(e)) => out.push((name.clone(), e.to_string())),
                    Some(Ok(_)) => {}
                }
            } else if let Some(name) = msg.get("event").and_then(Value::as_str) {
                counts.1 += 1;
                let data = msg
                    .get("data")
                    .cloned()
                    .unwrap_or(Value::Object(Default::default()));
                match events::reencode(name, &data) {
                    None => out.push((name.to_string(), "event unknown to 10.2".into())),
                    Some(Err(e)) => out.push((name.to_string(), e.to_string())),
                    Some(Ok(_)) => {}
                }
            }
        }
    }
    out
}

#[test]
fn replies_of_10_0_2_decode_or_name_type_and_member() {
    let mut counts = (0, 0);
    let mut failures = decode_all("qemu-system-x86_64", &mut counts);
    failures.extend(decode_all("qemu-storage-daemon", &mut counts));
    failures.sort();
    failures.dedup();
    eprintln!(
        "{} returns, {} events; {} distinct failures:",
        counts.0,
        counts.1,
        failures.len()
    );
    for (what, e) in &failures {
        eprintln!("  {what}: {e}");
    }
    assert!(counts.0 > 100 && counts.1 > 0);
    let mut bad = Vec::new();
    for (what, e) in &failures {
        // An error names a type and a member: `T member 'm' ... (at 'path')`.
        let named = e.contains(" member '") && e.contains("(at '");
        if !named || e.contains("did not match any variant") {
            bad.push(format!("opaque error for {what}: {e}"));
        }
        if !EXPECTED
            .iter()
            .any(|(w, part)| w == what && e.contains(part))
        {
            bad.push(format!("unexpected failure for {what}: {e}"));
        }
    }
    for (w, part) in EXPECTED {
        if !failures
            .iter()
            .any(|(what, e)| what == w && e.contains(part))
        {
            bad.push(format!("now decodes: {w} ({part})"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert_eq!(failures.len(), EXPECTED.len());
}
