//! Computes the `query-qmp-schema` reply of the example schema
//! (`schema/qapi-schema.json`) at build time, as QEMU does: masked type
//! names, every `if` condition false (the schema has none; `qmp serve`
//! enables no build options).

use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("../schema/qapi-schema.json");
    let root = root.to_str().expect("UTF-8 path");
    println!("cargo:rerun-if-changed={root}");
    // as `qapi-gen introspect` reads it
    let opts = qapi_schema::Options {
        dialect: qapi_schema::Dialect::Modern,
        style: qapi_schema::StyleRules::Warn,
        parallel: false,
    };
    let schema = match qapi_schema::load(root, &opts) {
        Ok(s) => s,
        Err(e) => panic!("{}", e.render_short()),
    };
    for f in schema.files() {
        println!("cargo:rerun-if-changed={f}");
    }
    let v = qapi_schema::introspect::introspect(&schema, &|_| false, false);
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("qmp-schema.json");
    std::fs::write(out, serde_json::to_string(&v).expect("JSON")).expect("write introspection");
}
