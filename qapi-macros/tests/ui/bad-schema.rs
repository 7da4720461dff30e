qapi_macros::qapi!("tests/ui/bad.json");

fn main() {}
