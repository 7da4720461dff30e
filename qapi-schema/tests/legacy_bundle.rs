//! Issue 3: legacy bundles read into the model, their text docs written
//! back byte for byte, their examples checked, and their migration to
//! today's language.  Reads `../shared` via `corpus::shared_dir()` (skips
//! visibly unless `QAPI_REQUIRE_CORPUS=1`).

use std::fs;
use std::path::{Path, PathBuf};

use qapi_schema::legacy::{bundle, migrate};
use qapi_schema::model::{EntityKind, Schema};
use qapi_schema::{Dialect, Options, StyleRules};

fn opts() -> Options {
    Options {
        dialect: Dialect::Historical,
        style: StyleRules::Off,
        parallel: false,
    }
}

fn bundles(shared: &Path) -> Vec<PathBuf> {
    let legacy = shared.join("corpus/legacy");
    let seed = legacy.join("qemu-1.1-balloon-event");
    let mut v = vec![seed.clone(), seed.join("before")];
    let mut rel: Vec<PathBuf> = fs::read_dir(legacy.join("releases"))
        .expect("releases")
        .map(|e| e.expect("entry").path())
        .collect();
    rel.sort();
    v.extend(rel);
    v
}

fn ours() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/legacy")
}

fn load(p: &Path) -> Schema {
    let s = p.display().to_string();
    qapi_schema::load(&s, &Options::default()).unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// Acceptance 1 (and 3: every bundle loads, as `check` does).
#[test]
fn txt_docs_byte_for_byte() {
    let Some(shared) = qapi_schema::corpus::shared_dir() else {
        return;
    };
    for b in bundles(&shared) {
        load(&b);
        let files = bundle::render_txt(&[&b.display().to_string()]).expect("legacy bundle");
        for (name, text) in files {
            let want = b.join(&name);
            if !want.exists() {
                continue; // before/ has no qmp-commands.txt
            }
            let want = fs::read_to_string(&want).expect("read");
            assert!(text == want, "{}: {name} differs", b.display());
        }
    }
}

/// Acceptance 2.
#[test]
fn seed_dump_has_typed_event_and_all_commands() {
    let Some(shared) = qapi_schema::corpus::shared_dir() else {
        return;
    };
    let seed = shared.join("corpus/legacy/qemu-1.1-balloon-event");
    let s = load(&seed);
    let dump = qapi_schema::dump::dump(&s);
    assert!(dump.contains(
        "object q_obj_BALLOON_CHANGE-arg\n    member actual: int optional=False\n\
         event BALLOON_CHANGE q_obj_BALLOON_CHANGE-arg\n"
    ));
    assert_eq!(s.dispatch_order.len(), 64);
    let hx = fs::read_to_string(seed.join("qmp-commands.hx")).expect("hx");
    assert_eq!(hx.matches(".name").count(), 64);
    for name in &s.dispatch_order {
        let e = s.lookup(name).expect("command defined");
        let EntityKind::Command(c) = &e.kind else {
            panic!("{name} is not a command")
        };
        let line = match &c.arg_name {
            Some(a) => format!("command {name} {a} -> "),
            None => format!("command {name} None -> "),
        };
        assert!(dump.contains(&line), "{line}");
        if let Some(t) = c.arg_type {
            let EntityKind::Object { members, .. } = &s.entity(t).kind else {
                panic!()
            };
            for m in members {
                assert!(dump.contains(&format!("    member {}: {} optional=", m.name, m.type_name)));
            }
        }
    }
    // Commands only in the .hx take their types from args_type.
    let eject = s.lookup("eject").expect("eject");
    assert!(eject
        .info
        .as_ref()
        .unwrap()
        .file
        .ends_with("qapi-schema.json"));
    let EntityKind::Command(c) = &s.lookup("change").unwrap().kind else {
        panic!()
    };
    let EntityKind::Object { members, .. } = &s.entity(c.arg_type.unwrap()).kind else {
        panic!()
    };
    let got: Vec<_> = members
        .iter()
        .map(|m| (m.name.as_str(), m.type_name.as_str(), m.optional))
        .collect();
    assert_eq!(
        got,
        [
            ("device", "str", false),
            ("target", "str", false),
            ("arg", "str", true)
        ]
    );
    assert!(c.ret_type.is_none());
}

/// Acceptance 4: every example is checked; the misfits are QEMU's.
#[test]
fn examples_checked() {
    let Some(shared) = qapi_schema::corpus::shared_dir() else {
        return;
    };
    let mut total = 0;
    for b in bundles(&shared) {
        let s = load(&b);
        let misfits: Vec<_> = s
            .warnings
            .iter()
            .filter(|w| w.message.starts_with("example does not fit"))
            .collect();
        eprintln!("{}: {} examples don't fit", b.display(), misfits.len());
        for m in &misfits {
            eprintln!("  {}", m.render_short());
        }
        total += misfits.len();
    }
    assert!(total > 0);
    let seed = load(&shared.join("corpus/legacy/qemu-1.1-balloon-event"));
    assert_eq!(seed.warnings.len(), 8);
    // Our own example bundle's examples all fit.
    assert!(load(&ours()).warnings.is_empty());
}

/// The shape of every command and event: arguments (name, optional,
/// type) and return type, with implicit and retired type names
/// normalized.
fn shape(s: &Schema) -> Vec<String> {
    let ty = |id| {
        let e = s.entity(id);
        match &e.kind {
            EntityKind::Builtin { .. } if matches!(e.name.as_str(), "**" | "visitor") => {
                "any".to_owned()
            }
            _ if e.name.starts_with("q_obj_") => e.meta().to_owned(),
            _ => e.name.clone(),
        }
    };
    let args = |t: Option<usize>| -> String {
        let Some(t) = t else { return "-".into() };
        match &s.entity(t).kind {
            EntityKind::Object { members, .. } => members
                .iter()
                .map(|m| {
                    format!(
                        "{}{}:{}",
                        if m.optional { "*" } else { "" },
                        m.name,
                        ty(m.ty)
                    )
                })
                .collect::<Vec<_>>()
                .join(","),
            _ => ty(t),
        }
    };
    let mut out: Vec<String> = s
        .entities
        .iter()
        .filter_map(|e| match &e.kind {
            EntityKind::Command(c) => Some(format!(
                "command {} ({}) -> {}",
                e.name,
                args(c.arg_type),
                c.ret_type.map_or("-".into(), ty)
            )),
            EntityKind::Event { arg_type, .. } => {
                Some(format!("event {} ({})", e.name, args(*arg_type)))
            }
            _ => None,
        })
        .collect();
    out.sort();
    out
}

/// Acceptance 5 (and the same for our own bundle and every release).
#[test]
fn migrate_round_trip() {
    let mut inputs = vec![ours()];
    if let Some(shared) = qapi_schema::corpus::shared_dir() {
        inputs.extend(bundles(&shared));
    }
    for b in inputs {
        let s = load(&b);
        let text = migrate::migrate(&s);
        let modern = Options {
            dialect: Dialect::Modern,
            style: StyleRules::Error,
            parallel: false,
        };
        let m = qapi_schema::load_str("migrated.json", &text, &modern)
            .unwrap_or_else(|e| panic!("{}: migrated schema rejected: {e}", b.display()));
        assert_eq!(shape(&s), shape(&m), "{}", b.display());
        // StyleRules::Error: doc lines of at most 70 columns, two spaces
        // between sentences (literal example blocks excepted).
    }
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    fs::write(&p, text).expect("write");
    p.display().to_string()
}

fn tmp(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("qapi-bundle-{}-{tag}", std::process::id()));
    fs::create_dir_all(&d).expect("mkdir");
    d
}

fn bad_hx(tag: &str, src: &str) -> String {
    let d = tmp(tag);
    let p = write(&d, "qmp-commands.hx", src);
    let e = qapi_schema::load_inputs(&[&p], &opts()).expect_err("bad input");
    e.render_short()
}

/// An entry without documentation is an error when style rules are
/// (`check`); otherwise a warning, and the command is defined without
/// documentation.
#[test]
fn dispatch_entry_without_sqmp() {
    let d = tmp("nosqmp");
    let p = write(
        &d,
        "qmp-commands.hx",
        "    {\n        .name = \"lonely\",\n        .args_type = \"\",\n    },\n",
    );
    let want = "qmp-commands.hx:1: dispatch entry 'lonely' has no SQMP documentation block";
    let strict = Options {
        style: StyleRules::Error,
        ..opts()
    };
    let e = qapi_schema::load_inputs(&[&p], &strict).expect_err("undocumented");
    assert!(e.render_short().ends_with(want), "{}", e.render_short());
    let s = qapi_schema::load_inputs(&[&p], &opts()).expect("loads");
    let w: Vec<String> = s.warnings.iter().map(|w| w.render_short()).collect();
    assert!(w.iter().any(|w| w.ends_with(want)), "{w:?}");
    let lonely = s.lookup("lonely").expect("defined");
    assert!(s.doc_of(lonely).is_none());
}

#[test]
fn sqmp_naming_no_command() {
    let e = bad_hx(
        "noname",
        "    {\n        .name = \"a\",\n        .args_type = \"\",\n    },\n\nSQMP\n\nJust text.\nEQMP\n",
    );
    assert!(
        e.contains("qmp-commands.hx:6: SQMP block names no command"),
        "{e}"
    );
}

#[test]
fn malformed_args_type() {
    let e = bad_hx(
        "argstype",
        "    {\n        .name = \"a\",\n        .args_type = \"dev:B,size\",\n    },\n",
    );
    assert!(
        e.contains("qmp-commands.hx:3: malformed args_type \"dev:B,size\""),
        "{e}"
    );
}

#[test]
fn unterminated_sqmp() {
    let e = bad_hx("unterminated", "HXCOMM x\nSQMP\nquit\n----\n");
    assert!(
        e.contains("qmp-commands.hx:2: unterminated SQMP block"),
        "{e}"
    );
}

#[test]
fn data_item_without_type() {
    let d = tmp("notype");
    let p = write(
        &d,
        "qmp-events.txt",
        "                   QEMU Monitor Protocol Events\n                   ============================\n\nBAD\n---\n\nSomething.\n\nData:\n\n- \"x\": no type here\n",
    );
    let e = qapi_schema::load_inputs(&[&p], &opts()).expect_err("bad input");
    let e = e.render_short();
    assert!(e.contains("qmp-events.txt:11:"), "{e}");
    assert!(e.contains("no type"), "{e}");
}

#[test]
fn files_named_one_by_one() {
    let Some(shared) = qapi_schema::corpus::shared_dir() else {
        return;
    };
    let seed = shared.join("corpus/legacy/qemu-1.1-balloon-event");
    let f = |n: &str| seed.join(n).display().to_string();
    let (hx, json, ev) = (
        f("qmp-commands.hx"),
        f("qapi-schema.json"),
        f("qmp-events.txt"),
    );
    let s = qapi_schema::load_inputs(&[&hx, &json, &ev], &opts()).expect("load");
    assert_eq!(shape(&s), shape(&load(&seed)));
}
