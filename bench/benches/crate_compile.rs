//! Compile time of the crate `qapi-gen rust --crate` writes for QEMU
//! 10.0.2's QMP schema against qapi-rs's `qapi-qmp` (crate `qapi` 0.15,
//! feature `qmp`), both debug, dependencies already built, in the same
//! run; then the rebuild after a one-line schema edit (regenerate +
//! `cargo build`).
//!
//! Run with `cargo bench -p qapi-forge-bench --bench crate_compile`
//! (needs the network once, for `qapi` 0.15).  Targets: ours at most
//! half of qapi-qmp's; the rebuild at most 5 s.  The crates live in a
//! temporary folder with their own target folder, shared by both.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Duration {
    let t = Instant::now();
    let status = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .status()
        .expect("run cargo");
    assert!(
        status.success(),
        "cargo {args:?} in {} failed",
        dir.display()
    );
    t.elapsed()
}

fn gen(bin: &Path, runtime: &Path, root: &Path, out: &Path) -> Duration {
    let t = Instant::now();
    let status = Command::new(bin)
        .args(["rust", "--crate", "qemu-qmp-10-0-2", "--runtime-path"])
        .arg(runtime)
        .arg("-o")
        .arg(out)
        .arg(root)
        .status()
        .expect("run qapi-gen");
    assert!(status.success(), "qapi-gen rust --crate failed");
    let toml = out.join("Cargo.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    if !text.contains("[workspace]") {
        std::fs::write(&toml, format!("{text}\n[workspace]\n")).unwrap();
    }
    t.elapsed()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn s(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn main() {
    let Some(shared) = qapi_schema::corpus::shared_dir() else {
        return;
    };
    let workspace = qapi_forge_bench::workspace();
    let tmp = std::env::temp_dir().join("qapi-forge-crate-compile");
    let target = tmp.join("target");
    std::fs::create_dir_all(&tmp).unwrap();

    // The schema, copied so that it can be edited.
    let schema = tmp.join("qapi");
    copy_dir(&shared.join("corpus/qemu-10.0.2/qapi"), &schema);
    let root = schema.join("qapi-schema.json");

    let bin: PathBuf = qapi_forge_bench::build_qapi_gen(&workspace);

    // Ours.
    let ours = tmp.join("ours");
    gen(&bin, &workspace.join("qmp"), &root, &ours);
    // qapi-rs's, through a throwaway crate.
    let peer = tmp.join("peer");
    std::fs::create_dir_all(peer.join("src")).unwrap();
    std::fs::write(
        peer.join("Cargo.toml"),
        "[package]\nname = \"peer\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
         [dependencies]\nqapi = { version = \"0.15\", features = [\"qmp\"] }\n\n[workspace]\n",
    )
    .unwrap();
    std::fs::write(peer.join("src/lib.rs"), "pub use qapi::qmp;\n").unwrap();

    // Warm: every dependency built.
    cargo(&ours, &target, &["build", "-q"]);
    cargo(&peer, &target, &["build", "-q"]);

    // The crate alone, from clean (debug, incremental as cargo sets it).
    cargo(&ours, &target, &["clean", "-q", "-p", "qemu-qmp-10-0-2"]);
    let t_ours = cargo(&ours, &target, &["build", "-q"]);
    // qapi-qmp alone: its build script (qapi-rs generating at build time)
    // and its library.
    cargo(&peer, &target, &["clean", "-q", "-p", "qapi-qmp"]);
    let t_peer = cargo(&peer, &target, &["build", "-q", "-p", "qapi-qmp"]);

    // One-line schema edit: a line of a doc comment; regenerate (only
    // changed files are written) and rebuild.
    let misc = schema.join("misc.json");
    let text = std::fs::read_to_string(&misc).unwrap();
    let edited = text.replacen(
        "# Return the name information of a guest.",
        "# Return the name information of a guest (edited).",
        1,
    );
    assert_ne!(text, edited, "edit point not found in misc.json");
    std::fs::write(&misc, edited).unwrap();
    let t_gen = gen(&bin, &workspace.join("qmp"), &root, &ours);
    let t_rebuild = cargo(&ours, &target, &["build", "-q"]);

    println!(
        "schema: QEMU 10.0.2 qapi-schema.json (copied to {})",
        schema.display()
    );
    println!(
        "qapi-forge generated crate, debug build alone: {:.2} s",
        s(t_ours)
    );
    println!(
        "qapi-rs qapi-qmp 0.15 (build script + lib), debug build alone: {:.2} s",
        s(t_peer)
    );
    let r = s(t_ours) / s(t_peer);
    println!(
        "ratio ours / qapi-qmp: {r:.2} (target <= 0.5: {})",
        if r <= 0.5 { "met" } else { "NOT met" }
    );
    let total = t_gen + t_rebuild;
    println!(
        "rebuild after a one-line schema edit: {:.2} s (qapi-gen {:.3} s + cargo build {:.2} s; target <= 5 s: {})",
        s(total),
        s(t_gen),
        s(t_rebuild),
        if s(total) <= 5.0 { "met" } else { "NOT met" }
    );
}
