//! The semantic checks of the schema builder, through the public API:
//! implicit types, flattened members, QEMU's messages and order, the
//! connection of documentation, the historical dialect.

use qapi_schema::model::EntityKind;
use qapi_schema::{load_str, Dialect, Options, StyleRules};

fn load(src: &str) -> qapi_schema::Result<qapi_schema::Schema> {
    load_str("t.json", src, &Options::default())
}

fn err(src: &str) -> String {
    load(src).unwrap_err().render_short()
}

#[test]
fn implicit_types_and_flattened_members() {
    let s = load(
        "{ 'enum': 'Kind', 'data': [ 'a', 'b' ] }\n\
         { 'struct': 'Base', 'data': { 'kind': 'Kind', '*x': 'int' } }\n\
         { 'struct': 'Aa', 'data': { 'aa': ['str'] } }\n\
         { 'union': 'Un', 'base': 'Base', 'discriminator': 'kind', 'data': { 'a': 'Aa' } }\n\
         { 'command': 'go', 'data': { 'un': 'Un' }, 'returns': ['Aa'] }\n",
    )
    .unwrap();
    let EntityKind::Object {
        members, branches, ..
    } = &s.lookup("Un").unwrap().kind
    else {
        panic!("an object")
    };
    let names: Vec<_> = members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["kind", "x"]);
    let b = branches.as_ref().unwrap();
    // 'b' has no branch: it gets the empty type.
    let cases: Vec<_> = b
        .variants
        .iter()
        .map(|v| (v.name.as_str(), s.entity(v.ty).name.as_str()))
        .collect();
    assert_eq!(cases, [("a", "Aa"), ("b", "q_empty")]);
    assert!(s.lookup("q_obj_go-arg").unwrap().is_implicit());
    assert!(s.lookup("AaList").is_some());
    let (cmd, c) = s.commands().find(|(e, _)| e.name == "go").unwrap();
    assert_eq!(cmd.meta(), "command");
    assert_eq!(s.entity(c.ret_type.unwrap()).name, "AaList");
}

#[test]
fn expression_errors_come_before_definition_errors() {
    // QEMU checks every expression before it defines anything: the
    // second `Foo` is found only if the expressions are all fine.
    let defs = "{ 'enum': 'Foo', 'data': ['a'] }\n{ 'enum': 'Foo', 'data': ['b'] }\n";
    assert_eq!(
        err(&format!("{defs}{{ 'command': 'bad_name' }}\n")),
        "t.json: In command 'bad_name':\nt.json:3: name of command must not use uppercase or '_'"
    );
    assert_eq!(
        err(&format!("{defs}{{ 'command': 'good-name' }}\n")),
        "t.json: In enum 'Foo':\nt.json:2: 'Foo' is already defined\n\
         t.json: In enum 'Foo':\nt.json:1: previous definition"
    );
}

#[test]
fn semantic_errors_read_like_qemu() {
    assert_eq!(
        err("{ 'struct': 'Aa', 'data': { 'a': 'Nope' } }\n"),
        "t.json: In struct 'Aa':\nt.json:1: member 'a' uses unknown type 'Nope'"
    );
    assert_eq!(
        err("{ 'struct': 'Aa', 'base': 'Aa', 'data': {} }\n"),
        "t.json: In struct 'Aa':\nt.json:1: object Aa contains itself"
    );
    assert_eq!(
        err("{ 'struct': 'Aa', 'data': { 'a-b': 'int', 'a_b': 'int' } }\n"),
        "t.json: In struct 'Aa':\nt.json:1: name of 'data' member 'a_b' must not use uppercase or '_'"
    );
    assert_eq!(
        err("{ 'alternate': 'Alt', 'data': { 'a': 'str', 'b': 'number' } }\n"),
        "t.json: In alternate 'Alt':\nt.json:1: branch 'b' can't be distinguished from 'a'"
    );
    assert_eq!(
        err("{ 'command': 'c', 'returns': 'int' }\n"),
        "t.json: In command 'c':\nt.json:1: command's 'returns' cannot take built-in type 'int'"
    );
    assert_eq!(
        err("{ 'enum': 'Ee', 'data': [ 'x' ] }\n{ 'command': 'Ee', 'data': {} }\n"),
        "t.json: In command 'Ee':\nt.json:2: name of command must not use uppercase or '_'"
    );
    assert_eq!(
        err("{ 'enum': 'Ee', 'data': [ 'x' ] }\n{ 'struct': 'Ee', 'data': {} }\n"),
        "t.json: In struct 'Ee':\nt.json:2: 'Ee' is already defined\nt.json: In enum 'Ee':\nt.json:1: previous definition"
    );
}

#[test]
fn documentation_is_connected() {
    let src = "{ 'pragma': { 'doc-required': true } }\n\
               ##\n# @Ee:\n#\n# An enum.\n#\n# @x: the x\n#\n# Since: 1.0\n##\n\
               { 'enum': 'Ee', 'data': [ 'x' ] }\n";
    let s = load(src).unwrap();
    let e = s.lookup("Ee").unwrap();
    let doc = s.doc_of(e).unwrap();
    assert_eq!(doc.arg("x").unwrap().text, "the x");
    assert!(doc.arg("x").unwrap().connected);
    let undocumented = src.replace("# @x: the x\n#\n", "");
    assert_eq!(
        err(&undocumented),
        "t.json: In enum 'Ee':\nt.json:9: value 'x' lacks documentation"
    );
    assert_eq!(
        err("{ 'pragma': { 'doc-required': true } }\n{ 'enum': 'Ee', 'data': [] }\n"),
        "t.json: In enum 'Ee':\nt.json:2: documentation comment required"
    );
}

#[test]
fn historical_dialect_reads_old_forms() {
    let opts = Options {
        dialect: Dialect::Historical,
        style: StyleRules::Off,
        parallel: false,
    };
    let src = "{ 'type': 'Old', 'data': { 'a': 'int' } }\n\
               { 'union': 'Simple', 'data': { 'old': 'Old', 'n': 'int' } }\n\
               { 'command': 'x', 'data': { 'y': 'visitor' }, 'gen': 'no' }\n";
    let s = load_str("t.json", src, &opts).unwrap();
    assert!(s.lookup("SimpleKind").is_some());
    assert!(s.lookup("q_obj_int-wrapper").is_some());
    let (_, c) = s.commands().next().unwrap();
    assert!(!c.gen);
    // Today's dialect rejects the same text.
    assert!(load(src).is_err());
}
