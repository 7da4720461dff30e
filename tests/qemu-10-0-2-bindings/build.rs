//! Generates bindings for QEMU 10.0.2's QMP schemas, with the build
//! conditions of the Debian binaries the transcripts were recorded from.

use qapi_codegen::{Builder, Unstable};

fn conditions(server: &str) -> Vec<String> {
    let path = format!("{CORPUS}/qmp-transcripts/build-conditions-{server}.txt");
    println!("cargo:rerun-if-changed={path}");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

const CORPUS: &str = "../../../shared/corpus";

fn main() {
    for (server, root, file) in [
        (
            "qemu-system-x86_64",
            "qemu-10.0.2/qapi/qapi-schema.json",
            "system.rs",
        ),
        (
            "qemu-storage-daemon",
            "qemu-10.0.2/storage-daemon/qapi/qapi-schema.json",
            "qsd.rs",
        ),
    ] {
        let r = Builder::new()
            .true_conditions(conditions(server))
            .unstable(Unstable::Include)
            .file_name(file)
            .compile(format!("{CORPUS}/{root}"));
        if let Err(e) = r {
            panic!("{e}");
        }
    }
}
