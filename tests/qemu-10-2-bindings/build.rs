//! Generates bindings for QEMU 10.2's QMP schema with every build
//! condition true (so that the examples of every target's commands have
//! a type), `unstable` items included; types, commands and events only.

use qapi_codegen::{rust, Builder, Options, Unstable};

const ROOT: &str = "../../../shared/corpus/qemu-10.2/qapi/qapi-schema.json";

fn main() {
    // The condition names the schema uses (conditions as cfg collect them).
    let schema =
        qapi_codegen::builder::load(ROOT).unwrap_or_else(|e| panic!("{}", e.render_short()));
    let names = rust::generate(&schema, &Options::default()).cond_names;
    let r = Builder::new()
        .true_conditions(names)
        .unstable(Unstable::Include)
        .client(false)
        .server(false)
        .file_name("qemu_10_2.rs")
        .compile(ROOT);
    if let Err(e) = r {
        panic!("{e}");
    }
}
