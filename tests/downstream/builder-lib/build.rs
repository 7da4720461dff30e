//! Bindings for QEMU 10.2's QMP schema with conditions left as
//! `#[cfg(qapi = "...")]`, and `unstable` behind a feature this crate
//! does not declare: the Builder declares both for check-cfg.
fn main() {
    qapi_codegen::Builder::new()
        .compile("../../../../shared/corpus/qemu-10.2/qapi/qapi-schema.json")
        .unwrap_or_else(|e| panic!("{e}"));
}
