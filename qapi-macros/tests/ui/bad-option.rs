qapi_macros::qapi!("../../../../schema/qapi-schema.json", unstable = "sometimes");
qapi_macros::qapi!("../../../../schema/qapi-schema.json", colour = "blue");

fn main() {}
