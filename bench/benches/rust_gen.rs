//! `qapi-gen rust` on QEMU 10.2's QMP schema against qapi-rs's generator
//! (qapi-codegen 0.11.3) in the same run: both as whole processes (release
//! builds), and qapi-rs's also in-process, which spares it process
//! start-up.
//!
//! Run with `cargo bench -p qapi-forge-bench --bench rust_gen`.  Prints
//! medians and the ratio (target: qapi-forge at least 2x faster).
//!
//! With `QAPI_GEN_BASELINE=PATH` (another build of `qapi-gen`, such as an
//! earlier commit's), that binary is run too, interleaved with ours, and
//! the before/after ratio printed.
//!
//! `qapi-gen rust` shares its work with a second thread; to measure it
//! without a free second core, run the bench under `taskset -c 1`
//! (every process of the run then shares one CPU).

use std::process::Command;
use std::time::Instant;

use qapi_forge_bench::{
    baseline_qapi_gen, build_qapi_gen, build_qapi_rs_gen, median, ms, print_baseline,
    time_qapi_rs_gen,
};

const RUNS: usize = 30;

fn main() {
    let Some(shared) = qapi_schema::corpus::shared_dir() else {
        return;
    };
    let workspace = qapi_forge_bench::workspace();
    let qapi_dir = shared.join("corpus/qemu-10.2/qapi");
    let root = qapi_dir.join("qapi-schema.json");
    let tmp = std::env::temp_dir().join(format!("qapi-forge-rust-gen-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();

    let bin = build_qapi_gen(&workspace);
    let baseline = baseline_qapi_gen();
    let generate = |bin: &std::path::Path, out: std::path::PathBuf| {
        let t = Instant::now();
        let status = Command::new(bin)
            .args(["rust", "-o"])
            .arg(&out)
            .arg(&root)
            .status()
            .expect("run qapi-gen");
        assert!(status.success(), "{} rust failed", bin.display());
        t.elapsed()
    };
    let peer_bin = build_qapi_rs_gen(&workspace);
    let mut ours = Vec::new();
    let mut base = Vec::new();
    let mut peer_process = Vec::new();
    // One untimed round first (binaries and schema files in the page
    // cache); then a fresh folder each run, so that every file is
    // written, with the baseline's and qapi-rs's runs interleaved with ours.
    if let Some(b) = &baseline {
        generate(b, tmp.join("warm-base"));
    }
    generate(&bin, tmp.join("warm-ours"));
    time_qapi_rs_gen(&peer_bin, &qapi_dir, &tmp.join("warm-qapi-rs.rs"));
    for i in 0..RUNS {
        if let Some(b) = &baseline {
            base.push(generate(b, tmp.join(format!("base{i}"))));
        }
        ours.push(generate(&bin, tmp.join(format!("ours{i}"))));
        peer_process.extend(time_qapi_rs_gen(
            &peer_bin,
            &qapi_dir,
            &tmp.join(format!("qapi-rs{i}.rs")),
        ));
    }
    let size: u64 = std::fs::read_dir(tmp.join("ours0"))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();

    let mut peer = Vec::new();
    let mut peer_error = None;
    let out = tmp.join("qapi-rs.rs");
    for _ in 0..RUNS {
        let t = Instant::now();
        match qapi_rs_codegen::codegen(&qapi_dir, &out, "QmpCommand".into()) {
            Ok(files) => {
                peer.push(t.elapsed());
                std::hint::black_box(files);
            }
            Err(e) => {
                peer_error = Some(e.to_string());
                break;
            }
        }
    }
    let peer_size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    let _ = std::fs::remove_dir_all(&tmp);

    let ours = median(ours);
    println!("schema: {}", root.display());
    println!(
        "qapi-forge `qapi-gen rust -o DIR` (process, release): median {:.1} ms over {RUNS} runs ({:.1} MiB of Rust)",
        ms(ours),
        size as f64 / 1048576.0
    );
    if let Some(b) = &baseline {
        print_baseline("rust -o DIR", b, base, ours);
    }
    match peer_error {
        Some(e) => println!("qapi-rs codegen 0.11.3: failed on this schema: {e}"),
        None if peer_process.len() < RUNS => {
            println!("qapi-rs codegen 0.11.3 (process): failed in some runs")
        }
        None => {
            let peer = median(peer);
            let peer_process = median(peer_process);
            println!(
                "qapi-rs codegen 0.11.3 (process): median {:.1} ms; (in-process): median {:.1} ms ({:.1} MiB of Rust)",
                ms(peer_process),
                ms(peer),
                peer_size as f64 / 1048576.0
            );
            let r = peer_process.as_secs_f64() / ours.as_secs_f64();
            println!(
                "ratio qapi-rs / qapi-forge: {r:.2}x (processes; target >= 2x: {}), {:.2}x (qapi-rs in-process)",
                if r >= 2.0 { "met" } else { "NOT met" },
                peer.as_secs_f64() / ours.as_secs_f64()
            );
        }
    }
}
