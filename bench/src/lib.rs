//! Helpers shared by the benchmarks in `benches/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The workspace's root folder.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("bench/ is inside the workspace")
        .to_path_buf()
}

/// The median of some timings.
pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Milliseconds, for printing.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Builds the release `qapi-gen` of this workspace and returns its path.
pub fn build_qapi_gen(workspace: &Path) -> PathBuf {
    cargo_build_release(workspace, &["-p", "qapi-codegen", "--bin", "qapi-gen"]);
    target_dir(workspace).join("release/qapi-gen")
}

/// Builds qapi-rs's generator as a process of its own (the example
/// `qapi_rs_gen`, run as `qapi_rs_gen SCHEMA_DIR OUT.rs`), release.
pub fn build_qapi_rs_gen(workspace: &Path) -> PathBuf {
    cargo_build_release(
        workspace,
        &[
            "-p",
            "qapi-forge-bench",
            "--features",
            "peers",
            "--example",
            "qapi_rs_gen",
        ],
    );
    target_dir(workspace).join("release/examples/qapi_rs_gen")
}

/// One run of qapi-rs's generator as a process ([`build_qapi_rs_gen`]) on
/// `schema_dir`, writing `out`: its wall time, or `None` if it failed.
pub fn time_qapi_rs_gen(bin: &Path, schema_dir: &Path, out: &Path) -> Option<Duration> {
    let t = Instant::now();
    let ok = Command::new(bin)
        .arg(schema_dir)
        .arg(out)
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    ok.then(|| t.elapsed())
}

/// Prints a `QAPI_GEN_BASELINE` build's median beside ours.
pub fn print_baseline(what: &str, baseline: &Path, times: Vec<Duration>, ours: Duration) {
    let base = median(times);
    println!(
        "baseline `{} {what}` (process): median {:.2} ms; baseline / this build: {:.2}x",
        baseline.display(),
        ms(base),
        base.as_secs_f64() / ours.as_secs_f64()
    );
}

fn cargo_build_release(workspace: &Path, what: &[&str]) {
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "-q"])
        .args(what)
        .current_dir(workspace)
        .status()
        .expect("run cargo");
    assert!(status.success(), "cargo build {what:?} failed");
}

fn target_dir(workspace: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace.join("target"))
}

/// A `qapi-gen` binary to compare with, from `QAPI_GEN_BASELINE` (for
/// example the release build of an earlier commit): the benchmarks that
/// run `qapi-gen` as a process measure it in the same run and print
/// before/after figures.
pub fn baseline_qapi_gen() -> Option<PathBuf> {
    let p = PathBuf::from(std::env::var_os("QAPI_GEN_BASELINE")?);
    assert!(
        p.is_file(),
        "QAPI_GEN_BASELINE: no such file: {}",
        p.display()
    );
    Some(p)
}
