//! Loads a schema N times (for profilers): `cargo run --release -p
//! qapi-schema --example load_loop -- PATH [N]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: load_loop SCHEMA [N]");
    let n: usize = args.next().map_or(50, |s| s.parse().expect("a count"));
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(qapi_schema::load(&path, &Default::default()).unwrap());
    }
    println!("load: {:?} per run", t.elapsed() / n as u32);
}
