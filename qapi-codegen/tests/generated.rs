//! `generated/` holds the checked-in output of `qapi-gen rust --crate
//! qapi-example --runtime-path ../qmp -o generated schema/qapi-schema.json`.
//! When it is stale this test rewrites it and fails (commit the result).

use std::path::Path;

use qapi_codegen::builder::{crate_files, load};
use qapi_codegen::{CrateOptions, Options};

#[test]
fn generated_is_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let schema = load(root.join("schema/qapi-schema.json").to_str().unwrap())
        .unwrap_or_else(|e| panic!("{}", e.render_short()));
    let opts = CrateOptions {
        name: "qapi-example".into(),
        runtime_dir: Some("../qmp".into()),
        opts: Options::default(),
        ..Default::default()
    };
    let mut stale = Vec::new();
    for (rel, text) in crate_files(&[schema], &opts) {
        let path = root.join("generated").join(&rel);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
            stale.push(rel);
        }
    }
    assert!(
        stale.is_empty(),
        "generated/ was stale and has been rewritten: {stale:?}"
    );
}

#[test]
fn output_is_deterministic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let path = root.join("schema/qapi-schema.json");
    let b = qapi_codegen::Builder::new();
    let (a, _) = b.generate(path.to_str().unwrap()).unwrap();
    let (c, _) = b.generate(path.to_str().unwrap()).unwrap();
    assert_eq!(a, c);
}

#[test]
fn builder_writes_only_when_changed() {
    let dir = std::env::temp_dir().join(format!("qapi-builder-{}", std::process::id()));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/qapi-schema.json");
    let b = qapi_codegen::Builder::new()
        .out_dir(&dir)
        .cargo_directives(false);
    let f = b.compile(&root).unwrap();
    let t1 = std::fs::metadata(&f).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    b.compile(&root).unwrap();
    assert_eq!(std::fs::metadata(&f).unwrap().modified().unwrap(), t1);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The generated text is written directly, not formatted from a syntax
/// tree: check that it is Rust, for our schema and (when the corpus is
/// there) QEMU 10.2's.
#[test]
fn output_parses() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut schemas = vec![root.join("schema/qapi-schema.json")];
    if let Some(shared) = qapi_schema::corpus::shared_dir() {
        schemas.push(shared.join("corpus/qemu-10.2/qapi/qapi-schema.json"));
    }
    for path in schemas {
        let (text, _) = qapi_codegen::Builder::new()
            .generate(path.to_str().unwrap())
            .unwrap();
        if let Err(e) = syn::parse_file(&text) {
            panic!("{}: generated code does not parse: {e}", path.display());
        }
    }
}
