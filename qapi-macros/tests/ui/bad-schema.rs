qapi_macros::qapi!("../../../../qapi-macros/tests/ui/bad.json");

fn main() {}
