//! Every `.. qmp-example::` in QEMU 10.2's schema documentation decodes
//! into the typed arguments, return value or event of the 10.2 bindings,
//! except the examples listed in [`MISFITS`] (with the reason).
//!
//! - `->` requests: arguments checked the way QEMU checks them (unknown
//!   members and enum values are errors), decoded, encoded again and
//!   compared;
//! - `<-` returns (paired with the last request) and events: checked
//!   strictly against the schema (unknown members are errors), decoded,
//!   encoded again and compared;
//! - a message shortened with `...` is checked as a fragment: what is
//!   there must fit (members may be left out), since it cannot decode
//!   whole;
//! - `<-` error replies and greetings are not typed (counted only).

mod common;

use std::collections::BTreeMap;

use qemu_10_2_bindings::{commands, events, support};
use serde_json::Value;

/// The messages that do not fit: `file:line` of the arrow, the reason
/// (a fact about QEMU's documentation), and a part of our error that
/// must stay the same.
const MISFITS: &[(&str, &str, &str)] = &[
    // Not JSON.
    (
        "qapi-schema.json:17",
        "notation legend, not a message",
        "not JSON",
    ),
    (
        "block-core.json:1270",
        "not JSON: commas missing after members",
        "not JSON: expected `,` or `}`",
    ),
    (
        "machine.json:229",
        "not JSON: `]` missing before the closing `}` (the `...` elides list items)",
        "not JSON: expected `,` or `]`",
    ),
    (
        "migration.json:2380",
        "not JSON: a stray `},` closes the request before its arguments",
        "not JSON: trailing characters",
    ),
    // A stray `}` closes the request before its arguments, which are lost.
    (
        "machine.json:1817",
        "stray `}` after the command name; arguments lost",
        "dumpdtb: q_obj_dumpdtb-arg member 'filename' is missing",
    ),
    (
        "migration.json:2356",
        "stray `}` after the command name; arguments lost",
        "set-vcpu-dirty-limit: q_obj_set-vcpu-dirty-limit-arg member 'dirty-rate' is missing",
    ),
    // A reply without its `return` wrapper.
    (
        "migration.json:2306",
        "query-dirty-rate reply shown without `return`",
        "neither return, event nor error",
    ),
    (
        "migration.json:2313",
        "query-dirty-rate reply shown without `return`",
        "neither return, event nor error",
    ),
    // Wrong JSON type for a member.
    (
        "migration.json:1808",
        "`offset` (uint64) given as the string \"0x1000\"",
        "FileMigrationArgs member 'offset' expected integer",
    ),
    // A member the schema requires is not shown (example older than the member, or abridged).
    (
        "block-core.json:866",
        "BlockDeviceInfo.node-name missing",
        "BlockDeviceInfo member 'node-name' is missing",
    ),
    (
        "block-core.json:2052",
        "BlockDeviceInfo.children missing",
        "BlockDeviceInfo member 'children' is missing",
    ),
    (
        "machine.json:114",
        "CpuInfoFast.qom-type missing",
        "CpuInfoFast member 'qom-type' is missing",
    ),
    (
        "migration.json:351",
        "MigrationStats.dirty-pages-rate missing",
        "MigrationStats member 'dirty-pages-rate' is missing",
    ),
    (
        "migration.json:378",
        "MigrationStats.dirty-pages-rate missing",
        "MigrationStats member 'dirty-pages-rate' is missing",
    ),
    (
        "migration.json:400",
        "MigrationStats.dirty-pages-rate missing",
        "MigrationStats member 'dirty-pages-rate' is missing",
    ),
    (
        "misc-i386.json:139",
        "SevInfo.sev-type missing",
        "SevInfo member 'sev-type' is missing",
    ),
    (
        "misc-i386.json:361",
        "SgxInfo.sections missing",
        "SgxInfo member 'sections' is missing",
    ),
    (
        "misc.json:117",
        "IOThreadInfo.poll-max-ns missing",
        "IOThreadInfo member 'poll-max-ns' is missing",
    ),
    (
        "misc.json:565",
        "RTC_CHANGE.qom-path missing",
        "q_obj_RTC_CHANGE-arg member 'qom-path' is missing",
    ),
    (
        "pci.json:190",
        "PciDeviceInfo.irq_pin missing",
        "PciDeviceInfo member 'irq_pin' is missing",
    ),
    (
        "virtio.json:278",
        "VirtioStatus.disable-legacy-check missing",
        "VirtioStatus member 'disable-legacy-check' is missing",
    ),
    // A member the schema no longer has.
    (
        "trace.json:60",
        "TraceEventInfo.vcpu shown, but not in the 10.2 schema",
        "TraceEventInfo member 'vcpu' is unexpected",
    ),
];

fn strict(v: &Value, ty: &support::Ty, what: &str, elided: bool) -> Result<(), String> {
    let mode = if elided {
        support::Mode::Fragment
    } else {
        support::Mode::Args
    };
    support::check(v, ty, mode).map_err(|p| format!("{what}: {p}"))
}

fn roundtrip(
    r: Option<Result<Value, serde_json::Error>>,
    orig: &Value,
    what: &str,
) -> Result<(), String> {
    match r {
        None => Err(format!("unknown: {what}")),
        Some(Err(e)) => Err(format!("does not decode: {e}")),
        Some(Ok(v)) if &v != orig => Err(format!(
            "does not round-trip: {what}\n  given   {orig}\n  encoded {v}"
        )),
        Some(Ok(_)) => Ok(()),
    }
}

#[test]
fn every_example_decodes() {
    let dir = common::shared().join("corpus/qemu-10.2/qapi");
    let (blocks, msgs) = common::examples(&dir);
    let mut last_cmd: Option<String> = None;
    let mut found: BTreeMap<String, String> = BTreeMap::new();
    let (mut requests, mut returns, mut events, mut errors, mut elided_n) = (0, 0, 0, 0, 0);
    for m in &msgs {
        let (text, elided) = common::unelide(&m.text);
        let v: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                found.insert(m.at.clone(), format!("not JSON: {e}"));
                if m.to_server {
                    // Pair the reply with the command all the same.
                    last_cmd = text
                        .split_once("\"execute\"")
                        .and_then(|(_, r)| r.split('"').nth(1))
                        .map(String::from);
                }
                continue;
            }
        };
        elided_n += usize::from(elided);
        let result = if m.to_server {
            let name = v
                .get("execute")
                .or(v.get("exec-oob"))
                .and_then(Value::as_str)
                .map(String::from);
            last_cmd = name.clone();
            let Some(name) = name else {
                found.insert(m.at.clone(), format!("not a command: {text}"));
                continue;
            };
            requests += 1;
            let args = v
                .get("arguments")
                .cloned()
                .unwrap_or(Value::Object(Default::default()));
            match support::command_desc(&name) {
                None => Err(format!("unknown command {name}")),
                Some((ty, _)) if elided => strict(&args, &ty, &name, true),
                Some(_) => roundtrip(commands::reencode_args(&name, &args), &args, &name),
            }
        } else if let Some(ret) = v.get("return") {
            returns += 1;
            match &last_cmd {
                None => Err("a return without a request".into()),
                Some(name) => match support::command_desc(name) {
                    None => Err(format!("unknown command {name}")),
                    Some((_, ty)) => strict(ret, &ty, name, elided).and_then(|()| {
                        if elided {
                            Ok(())
                        } else {
                            roundtrip(commands::reencode_return(name, ret), ret, name)
                        }
                    }),
                },
            }
        } else if let Some(name) = v.get("event").and_then(Value::as_str) {
            events += 1;
            let data = v
                .get("data")
                .cloned()
                .unwrap_or(Value::Object(Default::default()));
            match support::event_desc(name) {
                None => Err(format!("unknown event {name}")),
                Some(ty) => strict(&data, &ty, name, elided).and_then(|()| {
                    if elided {
                        Ok(())
                    } else {
                        roundtrip(events::reencode(name, &data), &data, name)
                    }
                }),
            }
        } else if v.get("error").is_some() || v.get("QMP").is_some() {
            errors += 1;
            Ok(())
        } else {
            Err("neither return, event nor error".to_string())
        };
        if let Err(e) = result {
            found.insert(m.at.clone(), e);
        }
    }
    eprintln!(
        "{blocks} examples, {} messages: {requests} requests, {returns} returns, \
         {events} events, {errors} errors/greetings; {elided_n} shortened with `...`",
        msgs.len()
    );
    let mut report = Vec::new();
    for (at, why) in &found {
        let listed = MISFITS.iter().find(|(a, _, _)| a == at);
        match listed {
            None => report.push(format!("UNLISTED {at}: {why}")),
            Some((_, _, needle)) if !why.contains(needle) => {
                report.push(format!("CHANGED {at}: {why} (listed: {needle})"))
            }
            Some(_) => {}
        }
    }
    for (at, reason, _) in MISFITS {
        if !found.contains_key(*at) {
            report.push(format!("NOW FITS {at} (listed: {reason})"));
        }
    }
    assert!(blocks >= 250, "{blocks} examples found");
    assert!(report.is_empty(), "{}", report.join("\n"));
    assert_eq!(found.len(), MISFITS.len());
    assert_eq!(MISFITS.len(), 22);
}
