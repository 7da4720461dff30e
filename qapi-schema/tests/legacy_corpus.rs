//! The 2012 legacy readers against QEMU's own files in `../shared/corpus/legacy`.
//!
//! Skips (with a message) when `../shared/corpus` is absent, unless
//! `QAPI_REQUIRE_CORPUS=1`, in which case a missing corpus fails.

use std::fs;
use std::path::{Path, PathBuf};

use qapi_schema::legacy::{
    parse_events_txt, parse_hx, render_qmp_commands_txt, render_qmp_events_txt, Direction, JsonType,
};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn corpus() -> Option<PathBuf> {
    let c = root().join("../shared/corpus");
    if c.is_dir() {
        return Some(c);
    }
    if std::env::var("QAPI_REQUIRE_CORPUS").as_deref() == Ok("1") {
        panic!("QAPI_REQUIRE_CORPUS=1 but {} is missing", c.display());
    }
    eprintln!(
        "SKIPPED: {} not found; legacy corpus tests not run",
        c.display()
    );
    None
}

/// Every legacy bundle: the seed, its `before/`, and each release.
fn bundles(c: &Path) -> Vec<PathBuf> {
    let legacy = c.join("legacy");
    let seed = legacy.join("qemu-1.1-balloon-event");
    let mut v = vec![seed.clone(), seed.join("before")];
    let mut rel: Vec<PathBuf> = fs::read_dir(legacy.join("releases"))
        .expect("releases dir")
        .map(|e| e.unwrap().path())
        .collect();
    rel.sort();
    v.extend(rel);
    v
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn first_diff(a: &str, b: &str) -> String {
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}:\n  got:  {x:?}\n  want: {y:?}", i + 1);
        }
    }
    format!("lengths differ: got {} bytes, want {}", a.len(), b.len())
}

#[test]
fn legacy_qmp_commands_txt_byte_for_byte() {
    let Some(c) = corpus() else { return };
    let mut checked = 0;
    for b in bundles(&c) {
        let hx_path = b.join("qmp-commands.hx");
        if !hx_path.exists() {
            continue;
        }
        let name = hx_path.display().to_string();
        let hx = parse_hx(&name, &read(&hx_path)).unwrap_or_else(|e| panic!("{e}"));
        let table = hx.command_table().unwrap_or_else(|e| {
            panic!(
                "{}",
                e.iter().map(|e| e.to_string() + "\n").collect::<String>()
            )
        });
        // Commands without an SQMP block must be described in qapi-schema.json.
        let schema = fs::read_to_string(b.join("qapi-schema.json")).unwrap_or_default();
        let undocumented =
            table.undocumented(&hx, |n| schema.contains(&format!("'command': '{n}'")));
        assert!(undocumented.is_empty(), "{undocumented:?}");
        let txt = b.join("qmp-commands.txt");
        if txt.exists() {
            let want = read(&txt);
            let got = render_qmp_commands_txt(&hx);
            assert!(
                got == want,
                "{}: {}",
                txt.display(),
                first_diff(&got, &want)
            );
            checked += 1;
            eprintln!("byte-exact: {}", txt.display());
        }
    }
    assert_eq!(checked, 8, "bundles with qmp-commands.txt");
}

#[test]
fn legacy_qmp_events_txt_round_trips_from_typed_definitions() {
    let Some(c) = corpus() else { return };
    let mut checked = 0;
    for b in bundles(&c) {
        let p = b.join("qmp-events.txt");
        if !p.exists() {
            continue;
        }
        let src = read(&p);
        let doc =
            parse_events_txt(&p.display().to_string(), &src).unwrap_or_else(|e| panic!("{e}"));
        // every member is typed
        for ev in &doc.events {
            for m in ev.data.iter().flatten() {
                assert!(!m.json_type.as_str().is_empty());
            }
        }
        let got = render_qmp_events_txt(&doc);
        assert!(got == src, "{}: {}", p.display(), first_diff(&got, &src));
        checked += 1;
        eprintln!(
            "byte-exact: {} ({} event sections)",
            p.display(),
            doc.events.len()
        );
    }
    assert_eq!(checked, 10, "bundles with qmp-events.txt");
}

#[test]
fn legacy_seed_bundle_facts() {
    let Some(c) = corpus() else { return };
    let seed = c.join("legacy/qemu-1.1-balloon-event");
    let hx = parse_hx("qmp-commands.hx", &read(&seed.join("qmp-commands.hx"))).unwrap();
    let table = hx.command_table().unwrap();
    assert_eq!(table.commands.len(), 64);
    assert_eq!(table.commands[0].name, "quit");
    let balloon = table.get("balloon").unwrap();
    assert_eq!(balloon.args.args[0].name, "value");
    assert_eq!(balloon.args.args[0].qapi_type().unwrap().as_str(), "int");
    // `dump` documents dump-guest-memory (linked by position, not by name)
    let dump = table
        .get("dump-guest-memory")
        .unwrap()
        .doc
        .as_ref()
        .unwrap();
    assert_eq!(dump.title.text, "dump");
    assert!(!dump.by_name);
    // query-spice sits under #if defined(CONFIG_SPICE)
    let qs = &hx.items[table.get("query-spice").unwrap().entry];
    match qs {
        qapi_schema::legacy::HxItem::Entry(e) => {
            assert_eq!(e.conditions, ["defined(CONFIG_SPICE)"])
        }
        _ => unreachable!(),
    }

    let ev = parse_events_txt("qmp-events.txt", &read(&seed.join("qmp-events.txt"))).unwrap();
    let bc = ev
        .events
        .iter()
        .find(|e| e.names == ["BALLOON_CHANGE"])
        .unwrap();
    let actual = &bc.data.as_ref().unwrap()[0];
    assert_eq!(actual.name, "actual");
    assert!(!actual.optional);
    // The 2012 text says json-number; the value is an integer (QEMU's
    // schema has declared it 'int' since events moved into QAPI).
    assert_eq!(actual.json_type, JsonType::Number);
    let data = &bc.examples[0].json.as_ref().unwrap()["data"];
    assert!(data["actual"].is_i64());
    // the `before/` tree lacks the event: that commit's interface change
    let before = parse_events_txt("before", &read(&seed.join("before/qmp-events.txt"))).unwrap();
    assert!(!before.events.iter().any(|e| e.names == ["BALLOON_CHANGE"]));
    assert_eq!(before.events.len() + 1, ev.events.len());
}

#[test]
fn legacy_examples_are_parsed_as_json() {
    let Some(c) = corpus() else { return };
    for b in bundles(&c) {
        let mut total = 0;
        let mut bad = Vec::new();
        if let Ok(src) = fs::read_to_string(b.join("qmp-commands.hx")) {
            let hx = parse_hx("qmp-commands.hx", &src).unwrap();
            for cmd in hx.command_table().unwrap().commands {
                for x in cmd.doc.iter().flat_map(|d| &d.examples) {
                    assert_ne!(x.direction, Direction::Unmarked);
                    total += 1;
                    if let Err(e) = &x.json {
                        bad.push(format!(
                            "{}:{} ({}): {e}",
                            x.span.file, x.span.line, cmd.name
                        ));
                    }
                }
            }
        }
        if let Ok(src) = fs::read_to_string(b.join("qmp-events.txt")) {
            let doc = parse_events_txt("qmp-events.txt", &src).unwrap();
            for ev in &doc.events {
                for x in &ev.examples {
                    total += 1;
                    if let Err(e) = &x.json {
                        bad.push(format!(
                            "{}:{} ({}): {e}",
                            x.span.file,
                            x.span.line,
                            ev.names.join(",")
                        ));
                    }
                }
            }
        }
        eprintln!(
            "{}: {total} examples, {} not valid JSON",
            b.display(),
            bad.len()
        );
        for l in &bad {
            eprintln!("    {l}");
        }
        assert!(total > 0);
    }
}

#[test]
fn legacy_hmp_commands_hx_parses() {
    let Some(c) = corpus() else { return };
    let p = c.join("legacy/qemu-1.1-balloon-event/hmp-commands.hx");
    let hx = parse_hx("hmp-commands.hx", &read(&p)).unwrap_or_else(|e| panic!("{e}"));
    let texi = hx
        .items
        .iter()
        .filter(|i| matches!(i, qapi_schema::legacy::HxItem::Texi(_)))
        .count();
    assert!(texi > 50, "{texi} STEXI blocks");
    let table = hx.command_table().unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(table.commands.len(), hx.entries().count());
}

#[test]
fn legacy_our_example_schema() {
    let dir = root().join("schema/legacy");
    let hx = parse_hx("qmp-commands.hx", &read(&dir.join("qmp-commands.hx"))).unwrap();
    let table = hx.command_table().unwrap();
    let names: Vec<&str> = table.commands.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "qmp_capabilities",
            "stop",
            "cont",
            "system_powerdown",
            "quit",
            "balloon",
            "query-version",
            "query-commands",
            "query-status",
            "query-balloon"
        ]
    );
    assert!(table.undocumented(&hx, |_| false).is_empty());
    for c in &table.commands {
        for x in &c.doc.as_ref().unwrap().examples {
            assert!(x.is_valid_json(), "{}: {:?}", c.name, x.json);
        }
    }
    let src = read(&dir.join("qmp-events.txt"));
    let ev = parse_events_txt("qmp-events.txt", &src).unwrap();
    assert_eq!(render_qmp_events_txt(&ev), src);
    let names: Vec<String> = ev.events.iter().map(|e| e.names.join(",")).collect();
    assert_eq!(
        names,
        ["BALLOON_CHANGE", "POWERDOWN", "RESUME", "SHUTDOWN", "STOP"]
    );
    let shutdown = &ev.events[3].data.as_ref().unwrap()[1];
    assert_eq!(shutdown.name, "reason");
    assert_eq!(shutdown.values.len(), 11);
    assert!(ev
        .events
        .iter()
        .flat_map(|e| &e.examples)
        .all(|x| x.is_valid_json()));
}
