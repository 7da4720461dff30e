// Paths are relative to trybuild's project (target/tests/trybuild/qapi-macros).
mod vm {
    qapi_macros::qapi!("../../../../schema/qapi-schema.json");
}

fn main() {
    let _ = vm::commands::QueryVersion {};
}
