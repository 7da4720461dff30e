//! `qapi-gen check` on QEMU 10.2's whole QMP schema, against qapi-rs's
//! generator (qapi-codegen 0.11.3, which has no check of its own: reading
//! and checking is most of its work) measured in the same run, both as
//! whole processes, and both in-process.
//!
//! Run with `cargo bench -p qapi-forge-bench --bench check`.  Prints
//! medians and ratios; asserts nothing about time.
//!
//! With `QAPI_GEN_BASELINE=PATH` (another build of `qapi-gen`, such as an
//! earlier commit's), that binary is run too, interleaved with ours, and
//! the before/after ratio printed.

use std::process::Command;
use std::time::{Duration, Instant};

use qapi_forge_bench::{
    baseline_qapi_gen, build_qapi_gen, build_qapi_rs_gen, median, ms, print_baseline,
    time_qapi_rs_gen,
};

const RUNS: usize = 30;

/// Runs a command to completion; returns wall time and peak RSS (KiB).
/// The child is reaped by `wait4`, which also gives its resource usage.
#[allow(clippy::zombie_processes)]
fn run_measured(cmd: &mut Command) -> (Duration, i64, bool) {
    let start = Instant::now();
    let child = cmd.spawn().expect("spawn");
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting for our own child, with valid pointers.
    let rc = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    assert_eq!(rc, child.id() as i32, "wait4 failed");
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    (elapsed, usage.ru_maxrss, ok)
}

fn main() {
    let Some(shared) = qapi_schema::corpus::shared_dir() else {
        return;
    };
    let workspace = qapi_forge_bench::workspace();
    let qapi_dir = shared.join("corpus/qemu-10.2/qapi");
    let root = qapi_dir.join("qapi-schema.json");
    let root_s = root.to_str().unwrap();
    let out = std::env::temp_dir().join(format!("qapi-rs-bench-{}.rs", std::process::id()));

    // Whole processes, as a user runs them, interleaved: ours, the
    // baseline build if any, qapi-rs's generator.
    let bin = build_qapi_gen(&workspace);
    let peer_bin = build_qapi_rs_gen(&workspace);
    let baseline = baseline_qapi_gen();
    let check = |bin: &std::path::Path| {
        let (t, rss, ok) = run_measured(
            Command::new(bin)
                .args(["check", "--message-format=short", root_s])
                .stdout(std::process::Stdio::null()),
        );
        assert!(ok, "{} check failed", bin.display());
        (t, rss)
    };
    let mut times = Vec::new();
    let mut base_times = Vec::new();
    let mut peer_times = Vec::new();
    let mut peak = 0;
    for _ in 0..RUNS {
        if let Some(b) = &baseline {
            base_times.push(check(b).0);
        }
        let (t, rss) = check(&bin);
        times.push(t);
        peak = peak.max(rss);
        peer_times.extend(time_qapi_rs_gen(&peer_bin, &qapi_dir, &out));
    }
    let ours_process = median(times);

    // In-process (parse + checks), which spares both process start-up.
    let opts = qapi_schema::Options::default();
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let schema = qapi_schema::load(root_s, &opts).expect("QEMU 10.2 checks clean");
        times.push(t.elapsed());
        std::hint::black_box(schema);
    }
    let ours_lib = median(times);
    let mut times = Vec::new();
    let mut peer_error = None;
    for _ in 0..RUNS {
        let t = Instant::now();
        match qapi_rs_codegen::codegen(&qapi_dir, &out, "QmpCommand".into()) {
            Ok(files) => {
                times.push(t.elapsed());
                std::hint::black_box(files);
            }
            Err(e) => {
                peer_error = Some(e.to_string());
                break;
            }
        }
    }
    let _ = std::fs::remove_file(&out);

    println!("schema: {}", root.display());
    println!(
        "qapi-forge  `qapi-gen check` (process): median {:.2} ms over {RUNS} runs, peak RSS {:.1} MiB",
        ms(ours_process),
        peak as f64 / 1024.0
    );
    println!(
        "qapi-forge  load+check (in-process):     median {:.2} ms",
        ms(ours_lib)
    );
    match peer_error {
        Some(e) => println!("qapi-rs     codegen: failed on this schema: {e}"),
        None if peer_times.len() < RUNS => {
            println!("qapi-rs     codegen 0.11.3 (process): failed in some runs")
        }
        None => {
            let peer_process = median(peer_times);
            let peer = median(times);
            println!(
                "qapi-rs     codegen 0.11.3 (process):    median {:.2} ms",
                ms(peer_process)
            );
            println!(
                "qapi-rs     codegen 0.11.3 (in-process): median {:.2} ms",
                ms(peer)
            );
            let r = peer_process.as_secs_f64() / ours_process.as_secs_f64();
            println!(
                "ratio qapi-rs / qapi-forge: {r:.2}x (processes; target >= 2x: {}), {:.2}x (in-process)",
                if r >= 2.0 { "met" } else { "NOT met" },
                peer.as_secs_f64() / ours_lib.as_secs_f64()
            );
        }
    }
    if let Some(b) = &baseline {
        print_baseline("check", b, base_times, ours_process);
    }
    println!(
        "peak RSS target: <= 20 MiB ({:.2}x of target)",
        peak as f64 / 1024.0 / 20.0
    );
}
