//! Prints how long every format takes for the whole QEMU 10.2 QMP schema
//! (target: all formats together within 100 ms).
//! Run: `cargo bench -p docs-gen --bench render`.

use std::path::Path;
use std::time::Instant;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/qemu-10.2/qapi/qapi-schema.json");
    if !root.is_file() {
        eprintln!("SKIP: {} is absent", root.display());
        return;
    }
    let t = Instant::now();
    let schema = qapi_schema::load(root.to_str().unwrap(), &Default::default()).unwrap();
    println!("load:        {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let runs = 10;
    let mut total = 0.0;
    for (name, format) in [
        ("txt", docs_gen::Format::Txt),
        ("md", docs_gen::Format::Md),
        ("html", docs_gen::Format::Html),
    ] {
        let mut bytes = 0;
        let t = Instant::now();
        for _ in 0..runs {
            bytes = docs_gen::render(&schema, format)
                .iter()
                .map(|(_, s)| s.len())
                .sum::<usize>();
        }
        let ms = t.elapsed().as_secs_f64() * 1e3 / runs as f64;
        total += ms;
        println!("{name:<5} {:>7} KiB {ms:>8.1} ms", bytes / 1024);
    }
    println!("all formats: {total:>8.1} ms (target <= 100 ms)");
}
