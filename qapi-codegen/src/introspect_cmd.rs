//! `qapi-gen introspect`: print the `query-qmp-schema` reply of a schema.

use std::io::Write;
use std::process::ExitCode;

use clap::ValueEnum;
use qapi_schema::{Dialect, Options, StyleRules};

#[derive(Clone, Copy, ValueEnum)]
pub enum DialectArg {
    Modern,
    Historical,
}

/// Arguments of `qapi-gen introspect`.
#[derive(clap::Args)]
pub struct Args {
    /// A condition name that is true (repeatable); every other is false.
    #[arg(long = "cfg", value_name = "NAME")]
    cfg: Vec<String>,
    /// A file of true condition names, one a line (repeatable).
    #[arg(long = "cfg-file", value_name = "FILE")]
    cfg_files: Vec<String>,
    /// Keep type names instead of masking them as numbers.
    #[arg(long)]
    unmask: bool,
    /// Indent the output.
    #[arg(long)]
    pretty: bool,
    /// Schema language version.
    #[arg(long, value_enum, default_value = "modern")]
    dialect: DialectArg,
    /// Schema root files; one JSON array is printed per file, a line each.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
}

/// Runs the subcommand: 0 on success, 1 when a schema or file fails.
pub fn run(args: &Args) -> ExitCode {
    let mut cfg = args.cfg.clone();
    for file in &args.cfg_files {
        match std::fs::read_to_string(file) {
            Ok(text) => cfg.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(str::to_owned),
            ),
            Err(e) => {
                eprintln!("{file}: {e}");
                return ExitCode::from(1);
            }
        }
    }
    let opts = match args.dialect {
        DialectArg::Modern => Options {
            dialect: Dialect::Modern,
            style: StyleRules::Warn,
            parallel: false,
        },
        DialectArg::Historical => Options {
            dialect: Dialect::Historical,
            style: StyleRules::Off,
            parallel: false,
        },
    };
    let mut out = std::io::stdout().lock();
    for path in &args.inputs {
        let schema = match qapi_schema::load(path, &opts) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{}", e.render_short());
                return ExitCode::from(1);
            }
        };
        for w in &schema.warnings {
            eprintln!("warning: {}", w.render_short());
        }
        let v = qapi_schema::introspect::introspect_with(&schema, &cfg, args.unmask);
        let text = if args.pretty {
            serde_json::to_string_pretty(&v)
        } else {
            serde_json::to_string(&v)
        };
        if writeln!(out, "{}", text.expect("JSON values serialize")).is_err() {
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}
