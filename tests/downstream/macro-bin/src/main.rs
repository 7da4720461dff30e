//! `qapi!` in a binary that uses a few of the generated items.

mod vm {
    qapi_macros::qapi!("../../../schema/qapi-schema.json");
}

fn main() {
    let b = vm::commands::Balloon::new(1 << 30);
    println!("{} {}", <vm::commands::Balloon as qmp::Command>::NAME, b.value);
}
