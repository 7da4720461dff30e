//! Times the front end's stages on a schema: `cargo run --release -p
//! qapi-schema --example stages -- PATH`.
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: stages SCHEMA");
    let text = std::fs::read_to_string(&path).expect("readable");
    let t = Instant::now();
    for _ in 0..10 {
        std::hint::black_box(qapi_schema::syntax::lexer::tokenize(&text));
    }
    println!("tokenize root file: {:?}", t.elapsed() / 10);
    let t = Instant::now();
    let parsed = qapi_schema::syntax::parse_schema(&path, Default::default()).unwrap();
    println!(
        "parse (all files): {:?} ({} exprs, {} docs)",
        t.elapsed(),
        parsed.exprs.len(),
        parsed.docs.len()
    );
    let t = Instant::now();
    let s = qapi_schema::load(&path, &Default::default()).unwrap();
    println!("load: {:?} ({} entities)", t.elapsed(), s.entities.len());
}
