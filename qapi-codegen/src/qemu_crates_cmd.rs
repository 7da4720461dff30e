//! `qapi-gen qemu-crates`: the ready crates of [`crate::qemu_crates`],
//! in one command from a QEMU source tree.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::qemu_crates;

/// Arguments of `qapi-gen qemu-crates`.
#[derive(clap::Args)]
pub struct Args {
    /// The QEMU source tree (its `qapi/`, `qga/` and `VERSION`).
    #[arg(long, value_name = "DIR", default_value = "../shared/corpus/qemu-10.2")]
    qemu: PathBuf,
    /// Where the crates go, one folder each (`qemu-qmp/`, `qemu-qga/`).
    #[arg(
        short = 'o',
        long = "output",
        value_name = "DIR",
        default_value = "target/qemu-crates"
    )]
    out: PathBuf,
    /// The `qmp` runtime crate's folder (default: this checkout's `qmp/`
    /// when qapi-gen runs from one, else `qmp` from the registry).
    #[arg(long, value_name = "DIR")]
    runtime_path: Option<PathBuf>,
    /// The QMP crate's default features: a file of build conditions, one
    /// a line (e.g. from `qapi-gen conditions --from-qmp-schema`),
    /// instead of those of Debian's qemu-system-x86_64.
    #[arg(long, value_name = "FILE")]
    default_features: Option<PathBuf>,
}

/// Runs the subcommand: 0 when both crates are written, 1 otherwise.
pub fn run(args: &Args) -> ExitCode {
    let runtime = match &args.runtime_path {
        Some(p) => match p.canonicalize() {
            Ok(p) => Some(p),
            Err(e) => {
                eprintln!("{}: {e}", p.display());
                return ExitCode::from(1);
            }
        },
        None => qemu_crates::default_runtime_dir(),
    };
    let defaults = match &args.default_features {
        Some(f) => match crate::conditions::read_list(f) {
            Ok(d) => Some(d),
            Err(e) => {
                eprintln!("{}: {e}", f.display());
                return ExitCode::from(1);
            }
        },
        None => None,
    };
    match qemu_crates::write(
        &args.qemu,
        &args.out,
        runtime.as_deref(),
        defaults.as_deref(),
    ) {
        Ok(dirs) => {
            for d in dirs {
                println!("{}", d.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}
