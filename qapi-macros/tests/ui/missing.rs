qapi_macros::qapi!("tests/ui/no-such-schema.json");

fn main() {}
