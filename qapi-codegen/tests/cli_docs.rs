//! Issue 6, acceptance 2: edits to copies of real schemas, run through
//! `qapi-gen check` and `qapi-gen diff`.  Reads `../shared` relative to
//! the workspace; skips visibly when it is absent unless
//! QAPI_REQUIRE_CORPUS=1.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `../shared/corpus`, or `None` when absent (see `qapi_schema::corpus`).
fn shared() -> Option<PathBuf> {
    qapi_schema::corpus::shared_dir().map(|s| s.join("corpus"))
}

fn qapi_gen(args: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_qapi-gen"))
        .args(args)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.code().unwrap_or(-1), text)
}

/// A copy of QEMU 10.2's `qapi/` folder in a fresh temporary folder.
fn copy_qapi(corpus: &Path, tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("qapi-gate-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(corpus.join("qemu-10.2/qapi")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
    }
    dir
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let p = dir.join(file);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{from} not in {file}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

fn root(dir: &Path) -> String {
    dir.join("qapi-schema.json").display().to_string()
}

const CAPS: &str =
    "{ 'command': 'qmp_capabilities',\n  'data': { '*enable': [ 'QMPCapability' ] },";
const CAPS_VERBOSE: &str =
    "{ 'command': 'qmp_capabilities',\n  'data': { '*enable': [ 'QMPCapability' ], '*verbose': 'bool' },";

#[test]
fn member_added_without_docs_fails_check() {
    let Some(c) = shared() else { return };
    let old = copy_qapi(&c, "old1");
    let new = copy_qapi(&c, "new1");
    edit(&new, "control.json", CAPS, CAPS_VERBOSE);
    let (rc, out) = qapi_gen(&["check", &root(&new)]);
    assert_eq!(rc, 1, "{out}");
    assert!(out.contains("'verbose' lacks documentation"), "{out}");
    // QEMU's own rule (pragma doc-required) rejects the schema, so diff
    // can't read NEW: exit 2.
    let (rc, out) = qapi_gen(&["diff", &root(&old), &root(&new)]);
    assert_ne!(rc, 0, "{out}");
}

#[test]
fn member_added_with_docs_passes_check_and_diff() {
    let Some(c) = shared() else { return };
    let old = copy_qapi(&c, "old2");
    let new = copy_qapi(&c, "new2");
    edit(&new, "control.json", CAPS, CAPS_VERBOSE);
    edit(
        &new,
        "control.json",
        "will be enabled.  (since 2.12)\n#\n",
        "will be enabled.  (since 2.12)\n#\n# @verbose: Say more.  (since 11.0)\n#\n",
    );
    let (rc, out) = qapi_gen(&["check", &root(&new)]);
    assert_eq!(rc, 0, "{out}");
    let (rc, out) = qapi_gen(&["diff", "--format=json", &root(&old), &root(&new)]);
    assert_eq!(rc, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["changes"].as_array().unwrap().len(), 1, "{out}");
    let ch = &v["changes"][0];
    assert_eq!(ch["name"], "qmp_capabilities");
    assert_eq!(ch["member"], "verbose");
    assert_eq!(ch["change"], "added");
    assert_eq!(ch["breaking"], false);
    assert_eq!(ch["documented"], true);
}

#[test]
fn member_type_changed_with_docs_untouched_fails_diff() {
    let Some(c) = shared() else { return };
    let old = copy_qapi(&c, "old3");
    let new = copy_qapi(&c, "new3");
    edit(
        &new,
        "control.json",
        CAPS,
        "{ 'command': 'qmp_capabilities',\n  'data': { '*enable': 'str' },",
    );
    let (rc, out) = qapi_gen(&["check", &root(&new)]);
    assert_eq!(rc, 0, "{out}");
    let (rc, out) = qapi_gen(&[
        "diff",
        "--format=json",
        "--allow-breaking",
        &root(&old),
        &root(&new),
    ]);
    assert_eq!(rc, 1, "{out}");
    assert!(out.contains("\"documented\": false"), "{out}");
}

#[test]
fn removed_command_is_breaking() {
    let Some(c) = shared() else { return };
    let old = copy_qapi(&c, "old4");
    let new = copy_qapi(&c, "new4");
    let p = new.join("control.json");
    let text = std::fs::read_to_string(&p).unwrap();
    let start = text.find("##\n# @quit:").unwrap();
    let end = start + text[start..].find("'allow-preconfig': true }\n").unwrap() + 26;
    std::fs::write(&p, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let (rc, out) = qapi_gen(&["diff", &root(&old), &root(&new)]);
    assert_eq!(rc, 1, "{out}");
    assert!(out.contains("BREAKING   removed  command quit"), "{out}");
    let (rc, out) = qapi_gen(&["diff", "--allow-breaking", &root(&old), &root(&new)]);
    assert_eq!(rc, 0, "{out}");
}

#[test]
fn strict_rules_on_an_undocumented_enum_value() {
    let Some(c) = shared() else { return };
    let new = copy_qapi(&c, "new5");
    // QMPCapability's values are documented; a new value without docs
    // is caught by QEMU's rules already; strict adds 'Since' and more.
    let (rc, out) = qapi_gen(&["check", "--strict", &root(&new)]);
    assert_eq!(rc, 1, "{out}");
    assert!(out.contains("[missing-since]"), "{out}");
    let all = [
        "undocumented-definition",
        "undocumented-member",
        "undocumented-feature",
        "missing-since",
        "example-type",
        "deprecated-replacement",
        "doc-markup",
    ];
    let mut args = vec!["check", "--strict"];
    for r in all {
        args.extend(["--allow", r]);
    }
    let r = root(&new);
    args.push(&r);
    let (rc, out) = qapi_gen(&args);
    assert_eq!(rc, 0, "{out}");
    let (rc, _) = qapi_gen(&["check", "--strict", "--allow", "no-such-rule", &r]);
    assert_eq!(rc, 2);
}

/// Issue 19, acceptance 4: a title whose adornment is too short and an
/// unknown directive fail `check --strict` with file:line, and are
/// warnings for `docs`, which still writes the reference.
#[test]
fn malformed_free_form_sections() {
    let Some(c) = shared() else { return };
    let dir = copy_qapi(&c, "markup");
    edit(
        &dir,
        "error.json",
        "# **********\n# QMP errors\n# **********",
        "# *****\n# QMP errors\n# *****",
    );
    edit(&dir, "common.json", "# Common data types\n# *****************\n", "# Common data types\n# *****************\n#\n# .. sidebar:: Types used by several chapters.\n");
    let r = root(&dir);
    let (rc, out) = qapi_gen(&["check", "--strict", "--message-format=short", &r]);
    assert_eq!(rc, 1, "{out}");
    let error = dir.join("error.json").display().to_string();
    let common = dir.join("common.json").display().to_string();
    assert!(out.contains(&format!("{error}:6: title adornment is shorter than its text 'QMP errors' (5 < 10 characters) [doc-markup]")), "{out}");
    assert!(
        out.contains(&format!(
            "{common}:9: unknown directive 'sidebar' [doc-markup]"
        )),
        "{out}"
    );
    let (rc, out) = qapi_gen(&["check", "--strict", "--allow", "doc-markup", &r]);
    assert!(!out.contains("[doc-markup]"), "{out}");
    let _ = rc;
    let html = dir.join("html");
    let (rc, out) = qapi_gen(&["docs", "--format=html", "-o", html.to_str().unwrap(), &r]);
    assert_eq!(rc, 0, "{out}");
    assert!(
        out.contains(&format!("warning: {error}:6: title adornment is shorter")),
        "{out}"
    );
    assert!(
        out.contains(&format!("warning: {common}:9: unknown directive 'sidebar'")),
        "{out}"
    );
    let page = std::fs::read_to_string(html.join("index.html")).unwrap();
    assert!(page.contains(">QMP errors</h2>"));
    assert!(page.contains("<pre>Types used by several chapters.</pre>"));
}

/// A command added to a legacy `.hx` without its SQMP block fails `check`
/// and `diff`, while the unmodified bundle passes both.
#[test]
fn legacy_command_without_sqmp_fails() {
    let Some(c) = shared() else { return };
    let seed = c.join("legacy/qemu-1.1-balloon-event");
    let dir = std::env::temp_dir().join(format!("qapi-gate-{}-legacy", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["qmp-commands.hx", "qapi-schema.json", "qmp-events.txt"] {
        std::fs::copy(seed.join(f), dir.join(f)).unwrap();
    }
    let d = dir.display().to_string();
    let (base_rc, base_out) = qapi_gen(&["check", &d]);
    edit(&dir, "qmp-commands.hx", "EQMP\n\n    {\n", "EQMP\n\n    {\n        .name       = \"frobnicate\",\n        .args_type  = \"\",\n        .mhandler.cmd_new = qmp_marshal_input_frobnicate,\n    },\n\n    {\n");
    assert_eq!(base_rc, 0, "the unmodified bundle: {base_out}");
    let (rc, out) = qapi_gen(&["diff", seed.to_str().unwrap(), seed.to_str().unwrap()]);
    assert_eq!(rc, 0, "{out}");
    let (rc, out) = qapi_gen(&["check", &d]);
    assert_eq!(rc, 1, "{out}");
    assert!(out.contains("frobnicate"), "{out}");
    let (rc, out) = qapi_gen(&["diff", seed.to_str().unwrap(), &d]);
    assert_ne!(rc, 0, "{out}");
    assert!(out.contains("frobnicate"), "{out}");
}
