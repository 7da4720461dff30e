//! What the front end reports follows QEMU's reading order of a root
//! file and its includes: the first error in that order with its include
//! chain, docs and pragmas in order.

use qapi_schema::{load, Options};

fn tmpdir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("qapi-include-order-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("sub")).unwrap();
    d
}

/// Documented enums, to give a file some size.
fn enums(prefix: &str, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!(
            "##\n# @{prefix}{i}:\n#\n# @a: first value\n#\n# @b: second value\n##\n\
             {{ 'enum': '{prefix}{i}', 'data': [ 'a', 'b' ] }}\n\n"
        ));
    }
    s
}

fn write(dir: &std::path::Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// Loads `dir/root.json` on one thread, and again with
/// [`Options::parallel`] (the root's includes read ahead, half the
/// expressions checked on a second thread): both give the same.
fn check(dir: &std::path::Path) -> Result<qapi_schema::Schema, String> {
    let root = dir.join("root.json");
    let load = |parallel| {
        let opts = Options {
            parallel,
            ..Options::default()
        };
        load(root.to_str().unwrap(), &opts).map_err(|e| e.render_short())
    };
    let one = load(false);
    let two = load(true);
    assert_eq!(
        one.as_ref().map(qapi_schema::dump::dump),
        two.as_ref().map(qapi_schema::dump::dump),
        "on one thread or two, the same schema or error"
    );
    one
}

#[test]
fn first_expression_error_in_order_with_half_checked_apart() {
    // 200 definitions: with `parallel`, the last 100 are checked on
    // another thread.
    let d = tmpdir("halves");
    let bad = |n: usize| format!("{{ 'enum': 'bad{n}', 'data': [ 'x' ] }}\n");
    let with_errors = |at: &[usize]| {
        let mut s = String::new();
        for i in 0..200 {
            if at.contains(&i) {
                s.push_str(&bad(i));
            } else {
                s.push_str(&format!("{{ 'enum': 'Good{i}', 'data': [ 'x' ] }}\n"));
            }
        }
        s
    };
    write(&d, "root.json", &with_errors(&[20, 150]));
    let first = check(&d).unwrap_err();
    assert!(first.contains("'bad20'"), "{first}");
    write(&d, "root.json", &with_errors(&[150]));
    let second = check(&d).unwrap_err();
    assert!(second.contains("'bad150'"), "{second}");
    write(&d, "root.json", &with_errors(&[]));
    check(&d).expect("clean");
}

#[test]
fn clean_schema_keeps_reading_order() {
    let d = tmpdir("clean");
    write(
        &d,
        "root.json",
        "{ 'pragma': { 'doc-required': true } }\n\
         { 'include': 'a.json' }\n{ 'include': 'sub/b.json' }\n{ 'include': 'c.json' }\n",
    );
    write(&d, "a.json", &enums("Aa", 200));
    write(
        &d,
        "sub/b.json",
        &format!("{{ 'include': 'd.json' }}\n{}", enums("Bb", 150)),
    );
    write(&d, "sub/d.json", &enums("Dd", 20));
    // c.json includes a file already included: read once.
    write(
        &d,
        "c.json",
        &format!("{{ 'include': 'a.json' }}\n{}", enums("Cc", 50)),
    );
    let s = check(&d).expect("clean");
    let names: Vec<&str> = s
        .entities
        .iter()
        .filter(|e| e.info.is_some())
        .map(|e| e.name.as_str())
        .filter(|n| !n.ends_with("List"))
        .collect();
    let first = |p: &str| names.iter().position(|n| n.starts_with(p)).unwrap();
    assert!(first("Aa") < first("Dd") && first("Dd") < first("Bb") && first("Bb") < first("Cc"));
    assert_eq!(names.iter().filter(|n| n.starts_with("Aa")).count(), 200);
    let dir = d.to_str().unwrap();
    let files: Vec<&str> = s.files().collect();
    assert_eq!(
        files,
        [
            format!("{dir}/root.json"),
            format!("{dir}/a.json"),
            format!("{dir}/sub/b.json"),
            format!("{dir}/sub/d.json"),
            format!("{dir}/c.json"),
        ]
    );
    // Every definition kept its doc comment.
    let undocumented: Vec<&str> = s
        .entities
        .iter()
        .filter(|e| e.info.is_some() && !e.name.is_empty() && !e.name.ends_with("List"))
        .filter(|e| {
            // Each definition has its own comment (doc indices survive
            // the merge of files read apart).
            let symbol = e.doc.and_then(|d| s.docs[d].symbol.as_deref());
            symbol != Some(e.name.as_str())
        })
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(undocumented, Vec::<&str>::new());
}

#[test]
fn first_error_in_reading_order_with_its_include_chain() {
    let d = tmpdir("errors");
    write(
        &d,
        "root.json",
        "{ 'include': 'a.json' }\n{ 'include': 'sub/b.json' }\n{ 'include': 'c.json' }\n",
    );
    // b.json's include d.json holds the first error; c.json has a later
    // one, and a.json is big, so they are read at the same time.
    write(&d, "a.json", &enums("Aa", 300));
    write(
        &d,
        "sub/b.json",
        &format!("{}{{ 'include': 'd.json' }}\n", enums("Bb", 5)),
    );
    write(
        &d,
        "sub/d.json",
        "{ 'enum': 'Dx', 'data': [ 'x' ] }\n{ 'bogus': 1 }\n",
    );
    write(&d, "c.json", "{ 'enum': 'Cx' 'data': [] }\n");
    let root = d.join("root.json");
    let r = root.to_str().unwrap().to_owned();
    let dir = d.to_str().unwrap();
    let msg = check(&d).unwrap_err();
    assert_eq!(
        msg,
        format!(
            "In file included from {r}:2:\n\
             In file included from {dir}/sub/b.json:46:\n\
             {dir}/sub/d.json:2:12: stray '1'"
        )
    );
    // Without that error, c.json's comes next.
    write(&d, "sub/d.json", "{ 'enum': 'Dx', 'data': [ 'x' ] }\n");
    let msg = check(&d).unwrap_err();
    assert_eq!(
        msg,
        format!("In file included from {r}:3:\n{dir}/c.json:1:16: expected ',' or '}}'")
    );
}

#[test]
fn first_expression_error_in_reading_order_wins() {
    let d = tmpdir("expr");
    // 400 expressions: checked in two halves at once.  Errors at #10 and
    // #300: the first is reported.
    let mut text = String::new();
    for i in 0..400 {
        let data = match i {
            10 => "'data': [ 'Bad Name' ]".to_owned(),
            300 => "'data': [ 'x' ], 'bogus': true".to_owned(),
            _ => "'data': [ 'a' ]".to_owned(),
        };
        text.push_str(&format!("{{ 'enum': 'Ee{i}', {data} }}\n"));
    }
    write(&d, "root.json", &text);
    let r = d.join("root.json");
    let r = r.to_str().unwrap();
    assert_eq!(
        check(&d).unwrap_err(),
        format!("{r}: In enum 'Ee10':\n{r}:11: 'data' member 'Bad Name' has an invalid name")
    );
    text = text.replace("'Bad Name'", "'good'");
    write(&d, "root.json", &text);
    let err = check(&d).unwrap_err();
    assert!(
        err.starts_with(&format!(
            "{r}: In enum 'Ee300':\n{r}:301: enum has unknown key 'bogus'"
        )),
        "{err}"
    );
}

#[test]
fn unreadable_include_and_loops_are_reported_where_included() {
    let d = tmpdir("io");
    write(
        &d,
        "root.json",
        "{ 'include': 'a.json' }\n{ 'include': 'missing.json' }\n",
    );
    write(&d, "a.json", "{ 'include': 'b.json' }\n");
    write(&d, "b.json", &enums("Bb", 3));
    let r = d.join("root.json");
    let r = r.to_str().unwrap();
    let dir = d.to_str().unwrap();
    let msg = check(&d).unwrap_err();
    assert!(
        msg.starts_with(&format!(
            "{r}:2: can't read include file '{dir}/missing.json': "
        )),
        "{msg}"
    );
    write(&d, "b.json", "{ 'include': 'root.json' }\n");
    write(&d, "root.json", "{ 'include': 'a.json' }\n");
    assert_eq!(
        check(&d).unwrap_err(),
        format!(
            "In file included from {r}:1:\n\
             In file included from {dir}/a.json:1:\n\
             {dir}/b.json:1: inclusion loop for root.json"
        )
    );
}

/// Expression checks are made as each file is parsed, before the pragmas
/// of the whole schema are known; an expression that needs a pragma's
/// exception is checked again once they are.  The result must be that of
/// one file read in order.
#[test]
fn pragmas_from_an_included_file_apply_to_files_read_before_them() {
    let d = tmpdir("pragma");
    // The pragmas are in the last file read; the files before it use
    // their exceptions.
    write(
        &d,
        "root.json",
        "{ 'include': 'a.json' }\n{ 'include': 'b.json' }\n{ 'include': 'pragma.json' }\n",
    );
    let a = format!(
        "{}##\n# @odd_name:\n#\n# @Bad_Member: a member\n##\n{{ 'command': 'odd_name', 'data': {{ 'Bad_Member': 'int' }} }}\n",
        enums("Aa", 150)
    );
    write(&d, "a.json", &a);
    // Undocumented: fine, since no pragma asks for documentation.
    let b = format!(
        "{}{{ 'struct': 'Plain', 'data': {{ 'x': 'str' }} }}\n",
        enums("Bb", 150)
    );
    write(&d, "b.json", &b);
    write(
        &d,
        "pragma.json",
        "{ 'pragma': { 'command-name-exceptions': [ 'odd_name' ],\n\
         'member-name-exceptions': [ 'odd_name' ] } }\n",
    );
    let s = check(&d).expect("the exceptions apply");
    let mut one_file = String::new();
    for f in ["a.json", "b.json", "pragma.json"] {
        one_file.push_str(&std::fs::read_to_string(d.join(f)).unwrap());
    }
    let single = qapi_schema::load_str("one.json", &one_file, &Options::default())
        .expect("the same schema in one file");
    let names = |s: &qapi_schema::Schema| -> Vec<String> {
        // Includes aside, which a single file does not have.
        s.entities
            .iter()
            .filter(|e| !e.name.is_empty())
            .map(|e| e.name.clone())
            .collect()
    };
    assert_eq!(names(&s), names(&single));
    let odd = s.entities.iter().find(|e| e.name == "odd_name").unwrap();
    assert!(odd.doc.is_some(), "the early check keeps the doc link");

    // Without the exception, the command's name is an error, reported
    // before a later file's error.
    write(
        &d,
        "pragma.json",
        "{ 'pragma': { 'doc-required': false } }\n",
    );
    write(
        &d,
        "b.json",
        &format!(
            "{}{{ 'struct': 'Plain', 'data': {{ 'x': 'nope' }} }}\n",
            enums("Bb", 150)
        ),
    );
    let err = check(&d).expect_err("no exception");
    assert!(
        err.contains("a.json") && err.contains("odd_name") && err.contains("'_'"),
        "{err}"
    );

    // And doc-required, set by the last file, applies to the first.
    write(
        &d,
        "a.json",
        &format!(
            "{}{{ 'enum': 'Undoc', 'data': [ 'x' ] }}\n",
            enums("Aa", 150)
        ),
    );
    write(&d, "b.json", &enums("Bb", 150));
    write(
        &d,
        "pragma.json",
        "{ 'pragma': { 'doc-required': true } }\n",
    );
    let err = check(&d).expect_err("documentation required");
    assert!(
        err.contains("a.json") && err.contains("documentation comment required"),
        "{err}"
    );
}

/// Include directives are looked for ahead of parsing by a quick scan of
/// the text, which also finds them in comments; what it finds there is
/// never read unless it is a regular file, and never used.
#[test]
fn includes_in_comments_are_not_followed() {
    let d = tmpdir("comment-include");
    write(
        &d,
        "root.json",
        "# { 'include': '/dev/zero' }\n# { 'include': 'missing.json' }\n\
         { 'include': 'a.json' }\n",
    );
    write(&d, "a.json", &enums("Aa", 20));
    let s = check(&d).expect("comments are comments");
    assert!(s.entities.iter().any(|e| e.name == "Aa19"));
}

#[test]
fn qemu_schemas_give_the_same_model_on_two_threads() {
    let Some(shared) = qapi_schema::corpus::shared_dir() else {
        return;
    };
    for root in [
        "corpus/qemu-10.2/qapi/qapi-schema.json",
        "corpus/qemu-10.2/qga/qapi-schema.json",
        "corpus/qemu-10.0.2/qapi/qapi-schema.json",
    ] {
        let path = shared.join(root);
        let load = |parallel| {
            // Style problems as warnings: QEMU 10.0.2 has some.
            let opts = Options {
                style: qapi_schema::StyleRules::Warn,
                parallel,
                ..Options::default()
            };
            let s = load(path.to_str().unwrap(), &opts).expect(root);
            let warnings: Vec<String> = s.warnings.iter().map(|w| w.render_short()).collect();
            (
                qapi_schema::dump::dump(&s),
                qapi_schema::introspect::introspect(&s, &|_| true, false),
                warnings,
            )
        };
        assert!(load(false) == load(true), "{root}: on one thread or two");
    }
}
