qapi_macros::qapi!("../../../../qapi-macros/tests/ui/no-such-schema.json");

fn main() {}
