//! Generates bindings for the QEMU that `vmctl` talks to: the QMP schema
//! of its source tree (`QEMU_SRC`), with the build conditions of the
//! binary (`QEMU_CONDITIONS`: the names that are true, one a line, as
//! `qapi-gen conditions --from-qmp-schema` prints them).

use std::env;

fn main() {
    println!("cargo::rerun-if-env-changed=QEMU_SRC");
    println!("cargo::rerun-if-env-changed=QEMU_CONDITIONS");
    let src = env::var("QEMU_SRC").unwrap_or_else(|_| "../../../shared/corpus/qemu-10.0.2".into());
    let conditions = env::var("QEMU_CONDITIONS").unwrap_or_else(|_| {
        "../../../shared/corpus/qmp-transcripts/build-conditions-qemu-system-x86_64.txt".into()
    });
    let built = qapi_codegen::Builder::new()
        .server(false)
        .true_conditions_file(&conditions)
        .and_then(|b| b.compile(format!("{src}/qapi/qapi-schema.json")));
    if let Err(e) = built {
        // `file:line: message` of the schema, or the file that is missing.
        eprintln!("{e}");
        std::process::exit(1);
    }
}
