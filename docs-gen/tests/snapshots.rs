//! Snapshots of every format for our example schema (`schema/`), and the
//! strict rules on it.

use std::path::Path;

fn example() -> qapi_schema::Schema {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/qapi-schema.json");
    qapi_schema::load(root.to_str().unwrap(), &Default::default()).unwrap()
}

#[test]
fn text() {
    let s = example();
    insta::assert_snapshot!("qmp-commands.txt", docs_gen::text::commands(&s));
    insta::assert_snapshot!("qmp-events.txt", docs_gen::text::events(&s));
}

#[test]
fn markdown() {
    insta::assert_snapshot!("reference.md", docs_gen::markdown::render(&example()));
}

#[test]
fn html() {
    insta::assert_snapshot!("index.html", docs_gen::html::render(&example()));
}

#[test]
fn example_schema_passes_strict_rules() {
    let found: Vec<String> = docs_gen::lint::check(&example(), &[])
        .iter()
        .map(|f| f.to_string())
        .collect();
    assert!(found.is_empty(), "{found:#?}");
}
