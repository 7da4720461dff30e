//! Generated code as users meet it: crates outside the workspace
//! (`tests/downstream/`, `examples/vmctl/`) that get their bindings from
//! the Builder, from `qapi!`, from `qapi-gen rust --crate` and from the
//! ready crates of `qapi-gen qemu-crates`, built as bins and libs with
//! `RUSTFLAGS=-D warnings`, then run against real QEMU 10.0.2 (the ready
//! crates are QEMU 10.2's: version skew).
//!
//! Everything is built in `target/downstream/` (its own target folder, as
//! the flags differ from the workspace's). Skips without `../shared` or
//! without QEMU, unless `QAPI_REQUIRE_CORPUS=1`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use qapi_schema::corpus::shared_dir;
use qmp_cli::testing::{qemu_ga, qemu_storage_daemon, qemu_system};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

fn qapi_gen(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_qapi-gen"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "qapi-gen {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `cargo build` in `dir` with warnings denied; returns cargo's output.
fn build(dir: &Path, target: &Path) -> String {
    cargo(dir, target, &["build", "--all-targets"])
}

/// `cargo ARGS` in `dir`, warnings of rustc and rustdoc denied.
fn cargo(dir: &Path, target: &Path, args: &[&str]) -> String {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.args(args).current_dir(dir);
    // What the outer cargo set for this test must not reach the inner one.
    for (k, _) in std::env::vars() {
        if k.starts_with("CARGO_") && k != "CARGO_HOME" {
            cmd.env_remove(k);
        }
    }
    let out = cmd
        .env_remove("RUSTFLAGS")
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "cargo {args:?} in {}:\n{text}",
        dir.display()
    );
    let warnings: Vec<&str> = text.lines().filter(|l| l.starts_with("warning")).collect();
    assert!(
        warnings.is_empty(),
        "{}:\n{}",
        dir.display(),
        warnings.join("\n")
    );
    text
}

fn run(bin: &Path, args: &[&str]) -> String {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(bin).args(args).output().unwrap();
    let out = String::from_utf8_lossy(&stdout).into_owned();
    assert!(
        status.success(),
        "{} {args:?}:\n{out}{}",
        bin.display(),
        String::from_utf8_lossy(&stderr)
    );
    out
}

#[test]
fn downstream_crates_build_without_warnings_and_talk_to_qemu() {
    let Some(shared) = shared_dir() else { return };
    let root = root();
    let dl = root.join("target/downstream");
    let gen = dl.join("gen");
    let target = dl.join("target");
    let qmp = root.join("qmp");
    let qmp = qmp.to_str().unwrap();

    // The crates the downstream ones depend on.
    qapi_gen(&[
        "rust",
        "--crate",
        "example-bindings",
        "--runtime-path",
        qmp,
        "-o",
        gen.join("example-bindings").to_str().unwrap(),
        root.join("schema/qapi-schema.json").to_str().unwrap(),
    ]);
    qapi_gen(&[
        "qemu-crates",
        "--qemu",
        shared.join("corpus/qemu-10.2").to_str().unwrap(),
        "--runtime-path",
        qmp,
        "-o",
        gen.join("qemu-crates").to_str().unwrap(),
    ]);
    let toml = std::fs::read_to_string(gen.join("qemu-crates/qemu-qmp/Cargo.toml")).unwrap();
    assert!(toml.contains("license = \"GPL-2.0-or-later\""), "{toml}");
    assert!(toml.contains("default = [\"CONFIG_AUDIO_ALSA\""), "{toml}");

    build(&root.join("tests/downstream"), &target);
    build(&root.join("examples/vmctl"), &target);
    // The ready crates carry QEMU's docs, and rustdoc takes them.
    for c in ["qemu-qmp", "qemu-qga"] {
        cargo(
            &gen.join("qemu-crates").join(c),
            &target,
            &["doc", "--no-deps"],
        );
    }
    let commands =
        std::fs::read_to_string(gen.join("qemu-crates/qemu-qmp/src/commands.rs")).unwrap();
    assert!(
        commands.contains("/// Return the current version of QEMU."),
        "QEMU's doc of query-version"
    );

    let Some(sys) = qemu_system() else { return };
    let out = run(
        &target.join("debug/ready-bin"),
        &["system", sys.socket.to_str().unwrap()],
    );
    assert_eq!(
        out,
        "version 10.0.2\n\
         node null0 null-co 1048576\n\
         error GenericError Duplicate nodes with node-name='null0'\n\
         event STOP\n\
         event RESUME\n\
         removed null0\n"
    );
    let out = run(
        &target.join("debug/vmctl"),
        &[sys.socket.to_str().unwrap(), "demo"],
    );
    assert!(out.starts_with("QEMU 10.0.2: "), "{out}");
    for line in [
        "event STOP",
        "event RESUME",
        "added null0",
        "node null0 (null-co, 1048576 bytes)",
        "error GenericError: Duplicate nodes with node-name='null0'",
        "removed null0",
    ] {
        assert!(out.lines().any(|l| l == line), "{line:?} not in\n{out}");
    }
    drop(sys);

    let Some(qsd) = qemu_storage_daemon() else {
        return;
    };
    let out = run(
        &target.join("debug/ready-bin"),
        &[
            "storage",
            qsd.socket.to_str().unwrap(),
            qsd.dir.0.to_str().unwrap(),
        ],
    );
    assert_eq!(
        out,
        "version 10.0.2\n\
         node disk0 null-co 1048576\n\
         exported disk0\n\
         event BLOCK_EXPORT_DELETED export0\n\
         removed disk0\n"
    );
    drop(qsd);

    let Some(ga) = qemu_ga() else { return };
    let out = run(
        &target.join("debug/ready-bin"),
        &["agent", ga.socket.to_str().unwrap()],
    );
    assert_eq!(
        out,
        "agent 10.0.2\n\
         ping\n\
         exit 0 \"typed exec\\n\"\n"
    );
}
