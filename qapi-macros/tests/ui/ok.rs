mod vm {
    qapi_macros::qapi!("../schema/qapi-schema.json");
}

fn main() {
    let _ = vm::commands::QueryVersion {};
}
