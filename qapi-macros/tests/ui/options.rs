// Options after the path: conditions decided from a file, unstable items left out.
mod vm {
    qapi_macros::qapi!(
        "../../../../schema/qapi-schema.json",
        conditions = "../../../../qapi-macros/tests/ui/conditions.txt",
        unstable = "exclude",
    );
}

fn main() {
    let _ = vm::commands::QueryVersion::default();
}
