//! What generated types offer their users, in the generated text: `Default`
//! where every member is optional, `new()` taking the required members
//! otherwise, `From` for a command that wraps a named type, and the
//! discriminator value on union branches the schema leaves undocumented.
//! (`tests/downstream/builder-lib` uses them on QEMU's schema, compiled.)

use qapi_codegen::rust::{generate, Options};

const SCHEMA: &str = "
{ 'struct': 'Opts', 'data': { '*size': 'int', '*name': 'str' } }
{ 'struct': 'Named', 'data': { 'id': 'str', '*size': 'int', 'count': 'int' } }

##
# @Kind:
#
# Kinds.
#
# @plain: Plain.
#
# @fancy: The fancy kind.
#
# @bare: Nothing more.
##
{ 'enum': 'Kind', 'data': [ 'plain', 'fancy', 'bare' ] }

{ 'union': 'Thing', 'base': { 'kind': 'Kind', '*label': 'str' },
  'discriminator': 'kind',
  'data': { 'plain': 'Opts', 'fancy': 'Named' } }
{ 'enum': 'Shape', 'data': [ 'round', 'square' ] }
{ 'union': 'Form', 'base': { 'shape': 'Shape' }, 'discriminator': 'shape',
  'data': { 'round': 'Opts' } }
{ 'command': 'add', 'data': 'Thing', 'boxed': true }
{ 'command': 'list', 'data': { '*verbose': 'bool' } }
{ 'command': 'remove', 'data': { 'id': 'str' } }
";

fn code() -> String {
    let schema = qapi_schema::load_str("t.json", SCHEMA, &Default::default()).unwrap();
    generate(&schema, &Options::default()).to_file()
}

/// The text from the line holding `start` to the next line equal to `end`.
fn item<'a>(code: &'a str, start: &str, end: &str) -> &'a str {
    let at = code
        .find(start)
        .unwrap_or_else(|| panic!("{start} not generated"));
    let from = code[..at].rfind('\n').map_or(0, |i| i + 1);
    let after = at + start.len();
    let len = code[after..]
        .find(end)
        .unwrap_or_else(|| panic!("no {end:?} after {start}"));
    &code[from..after + len]
}

/// The derive line of struct `name`.
fn derives<'a>(code: &'a str, name: &str) -> &'a str {
    let at = code.find(&format!("pub struct {name} ")).unwrap();
    code[..at].trim_end().lines().last().unwrap().trim()
}

#[test]
fn default_where_every_member_is_optional() {
    let code = code();
    let with = "#[derive(Clone, Debug, Default, PartialEq)]";
    for s in ["Opts", "List", "ThingBase"] {
        assert_eq!(derives(&code, s), with, "{s}");
    }
    assert_eq!(
        derives(&code, "Named"),
        "#[derive(Clone, Debug, PartialEq)]"
    );
}

#[test]
fn new_takes_the_required_members() {
    let code = code();
    let new = item(&code, "impl Named {", "    impl ");
    assert!(
        new.contains("id: impl ::std::convert::Into<::std::string::String>,"),
        "{new}"
    );
    assert!(new.contains("count: i64,"), "{new}");
    assert!(new.contains("size: None,"), "{new}");
    assert!(new.contains("id: id.into(),"), "{new}");
    let remove = item(&code, "impl Remove {", "    impl ");
    assert!(remove.contains("pub fn new("), "{remove}");
}

#[test]
fn wrapped_arguments_convert_from_their_type() {
    let code = code();
    assert!(code.contains("impl ::std::convert::From<super::types::Thing> for Add {"));
}

#[test]
fn branches_name_their_discriminator_value() {
    let code = code();
    let thing = item(&code, "pub enum Thing {", "    }\n");
    // The value's description, then which value selects the branch.
    for doc in [
        "/// Plain.\n        ///\n        /// Selected by `kind` = `\"plain\"`, with the members of [`Opts`].",
        "/// The fancy kind.\n        ///\n        /// Selected by `kind` = `\"fancy\"`, with the members of [`Named`].",
        "/// Nothing more.\n        ///\n        /// Selected by `kind` = `\"bare\"` (no members of its own).",
    ] {
        assert!(thing.contains(doc), "{doc:?} not in\n{thing}");
    }
    // Values without a description: which value selects the branch.
    let form = item(&code, "pub enum Form {", "    }\n");
    let round =
        "    /// Selected by `shape` = `\"round\"`, with the members of [`Opts`].\n        Round {";
    assert!(form.contains(round), "{form}");
}
