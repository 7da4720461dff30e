//! Introspection speed: the whole QEMU 10.2 QMP schema (`qapi/qapi-schema.json`
//! in `../shared/corpus/qemu-10.2`), every condition true, masked names.
//! Loading the schema is not timed.  Prints the median over the runs and
//! its ratio to the 10 ms target.
//!
//! `cargo bench -p qapi-schema --bench introspect [-- RUNS]`

use std::time::{Duration, Instant};

const TARGET: Duration = Duration::from_millis(10);

fn main() {
    let root = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/qemu-10.2/qapi/qapi-schema.json"
    );
    if !std::path::Path::new(root).exists() {
        eprintln!("SKIPPED: {root} is missing");
        return;
    }
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(50);
    let opts = qapi_schema::Options {
        dialect: qapi_schema::Dialect::Modern,
        style: qapi_schema::StyleRules::Warn,
        parallel: false,
    };
    let schema = qapi_schema::load(root, &opts).expect("QEMU 10.2 schema loads");
    // One untimed run to warm up caches and the allocator.
    drop(qapi_schema::introspect::introspect(
        &schema,
        &|_| true,
        false,
    ));
    let mut times = Vec::with_capacity(runs);
    let mut entries = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let v = qapi_schema::introspect::introspect(&schema, &|_| true, false);
        times.push(start.elapsed());
        entries = std::hint::black_box(v).as_array().map_or(0, Vec::len);
    }
    times.sort();
    let median = times[runs / 2];
    println!(
        "introspect qemu-10.2 qapi-schema.json ({entries} entries): median {:.3} ms over {runs} runs \
         (min {:.3} ms, max {:.3} ms); {:.2}x of the 10 ms target",
        median.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[runs - 1].as_secs_f64() * 1e3,
        median.as_secs_f64() / TARGET.as_secs_f64()
    );
}
