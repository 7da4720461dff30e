//! `qapi-gen rust`: Rust bindings as modules (`-o DIR`: `mod.rs` and a
//! file per part) or as a standalone crate (`--crate NAME`).

use std::path::Path;
use std::process::ExitCode;

use crate::builder::{self, CrateOptions};
use crate::rust::{self, Conditions, Options, Unstable};

/// Arguments of `qapi-gen rust`.
#[derive(clap::Args)]
pub struct Args {
    /// Output folder.
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    out: String,
    /// Write a crate with this name (Cargo.toml and src/) instead of modules.
    #[arg(long = "crate", value_name = "NAME")]
    crate_name: Option<String>,
    /// Folder of the `qmp` runtime crate, relative to the output folder
    /// (with --crate; default: qmp from the registry).
    #[arg(long, value_name = "DIR")]
    runtime_path: Option<String>,
    /// A condition name that is true (repeatable): conditions are then
    /// decided now instead of becoming cfg attributes.
    #[arg(long = "cfg", value_name = "NAME")]
    cfg: Vec<String>,
    /// Include `unstable` items unconditionally.
    #[arg(long)]
    unstable: bool,
    /// Leave out the client methods.
    #[arg(long)]
    no_client: bool,
    /// Leave out the server traits and dispatch table.
    #[arg(long)]
    no_server: bool,
    /// Schema root files.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
}

pub fn run(args: &Args) -> ExitCode {
    // The second thread of reading (the root's includes, read ahead), of
    // the expression checks and of generation: rayon's pool, of one
    // thread, started first so that it waits for work.  The kernel may
    // put a thread created early in a process's life on its parent's CPU,
    // where the two take turns, but puts a waiting thread that is woken on
    // an idle CPU: on a 2-core VM, a thread created 5-10 ms into a process
    // shared its parent's CPU in 36-39 runs of 40, one created at the
    // start and woken then in 3.
    let _ = rayon_core::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global();
    let load = qapi_schema::Options {
        parallel: true,
        ..builder::load_options()
    };
    let mut schemas = Vec::new();
    for input in &args.inputs {
        match qapi_schema::load(input, &load) {
            Ok(s) => schemas.push(s),
            Err(e) => {
                eprintln!("{}", e.render_short());
                return ExitCode::from(1);
            }
        }
    }
    let opts = Options {
        client: !args.no_client,
        server: !args.no_server,
        conditions: if args.cfg.is_empty() {
            Conditions::Cfg
        } else {
            Conditions::Evaluate(args.cfg.iter().cloned().collect())
        },
        unstable: if args.unstable {
            Unstable::Include
        } else {
            Unstable::default()
        },
        ..Options::default()
    };
    let out = Path::new(&args.out);
    let result = match &args.crate_name {
        Some(name) => builder::write_crate(
            &schemas,
            &CrateOptions {
                name: name.clone(),
                runtime_dir: args.runtime_path.clone(),
                opts,
                ..Default::default()
            },
            out,
        )
        .map(|_| ()),
        None => write_modules(&schemas, &opts, out),
    };
    // The process ends now: leave the schemas to it rather than freeing
    // them piece by piece.
    std::mem::forget(schemas);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("qapi-gen: {}: {e}", args.out);
            ExitCode::from(1)
        }
    }
}

/// One module folder per schema (the folder itself for a single schema).
/// Each module is written to its file as soon as it is generated, on
/// the thread that generated it.
fn write_modules(
    schemas: &[qapi_schema::Schema],
    opts: &Options,
    out: &Path,
) -> std::io::Result<()> {
    for (i, s) in schemas.iter().enumerate() {
        let dir = if schemas.len() == 1 {
            out.to_path_buf()
        } else {
            out.join(format!("schema{i}"))
        };
        let error = std::sync::Mutex::new(None);
        let (names, _) = rust::generate_each(s, opts, &|_, name, text| {
            let r = builder::write_parts_if_changed(&dir.join(format!("{name}.rs")), &text);
            if let Err(e) = r {
                error.lock().expect("no panics").get_or_insert(e);
            }
            // Freed now, its memory serves the thread's next module (fresh
            // memory costs the kernel's zeroing).
            drop(text);
        });
        if let Some(e) = error.into_inner().expect("no panics") {
            return Err(e);
        }
        builder::write_if_changed(&dir.join("mod.rs"), &rust::mod_rs(&names))?;
    }
    Ok(())
}
