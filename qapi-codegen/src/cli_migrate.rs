//! `qapi-gen migrate`: a 2012 legacy bundle (or any historical schema) to
//! one schema in today's QAPI language, with doc comments.

use std::path::PathBuf;
use std::process::ExitCode;

use qapi_schema::{Dialect, Options, StyleRules};

/// Arguments of `qapi-gen migrate`.
#[derive(clap::Args)]
pub struct Args {
    /// The schema file to write.
    #[arg(short = 'o', long = "output", value_name = "OUT.json")]
    out: PathBuf,
    /// Legacy bundle folders, or their files (qmp-commands.hx,
    /// qapi-schema.json, qmp-events.txt) named one by one; read as one
    /// interface.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
}

/// Runs the subcommand: 0 on success, 1 when an input can't be read or
/// OUT can't be written.
pub fn run(args: &Args) -> ExitCode {
    let opts = Options {
        dialect: Dialect::Historical,
        style: StyleRules::Off,
        parallel: false,
    };
    let paths: Vec<&str> = args.inputs.iter().map(String::as_str).collect();
    let schema = match qapi_schema::load_inputs(&paths, &opts) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", e.render_short());
            return ExitCode::from(1);
        }
    };
    let text = qapi_schema::legacy::migrate::migrate(&schema);
    if let Err(e) = std::fs::write(&args.out, text) {
        eprintln!("{}: {e}", args.out.display());
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
