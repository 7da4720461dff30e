//! `qapi-gen`: check, dump and generate from QAPI schemas.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use qapi_schema::{Dialect, Options, Schema, StyleRules};

// Loading a schema makes many small, short-lived allocations, and a run
// is short enough that taking fresh memory from the kernel (a page fault
// per 4 KiB page) is a good part of its time.  mimalloc 2 serves the
// allocations faster than the C library's malloc and, where the kernel
// offers transparent huge pages on request (`madvise`), puts the heap on
// them: `qapi-gen rust` of QEMU 10.2 takes about 140 page faults instead
// of 3,300 and about 15 ms instead of 18 (peak RSS 24 MiB instead of 17).
// mimalloc 3 (the crate's default) spreads a heap over more huge pages,
// so with them it was slower than without.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "qapi-gen",
    version,
    about = "Check QAPI schemas and generate code and docs from them"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Clone, Copy, ValueEnum)]
enum DialectArg {
    Modern,
    Historical,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum MessageFormat {
    /// QEMU's messages exactly.
    Short,
    /// QEMU's messages with the source line and a marker.
    Human,
    /// One JSON object per diagnostic.
    Json,
}

#[derive(clap::Args)]
struct Input {
    /// Schema language version.
    #[arg(long, value_enum, default_value = "modern")]
    dialect: DialectArg,
    /// Schema root files.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Check schemas; exit 0 when clean, 1 on errors.
    Check {
        #[command(flatten)]
        input: Input,
        /// How to print diagnostics (default: human on a terminal, else short).
        #[arg(long, value_enum)]
        message_format: Option<MessageFormat>,
        #[command(flatten)]
        strict: qapi_codegen::cli_docs::StrictArgs,
    },
    /// Write reference docs (txt, md or html).
    Docs(qapi_codegen::cli_docs::DocsArgs),
    /// List wire-level changes between two interfaces; exit 1 when one
    /// breaks clients or is undocumented.
    Diff(qapi_codegen::cli_docs::DiffArgs),
    /// Print the checked model in the layout of QEMU's test outputs.
    Dump {
        #[command(flatten)]
        input: Input,
    },
    /// Print the `query-qmp-schema` reply of schemas, as QEMU builds it.
    Introspect(qapi_codegen::introspect_cmd::Args),
    /// Generate Rust bindings (modules, or a crate with --crate).
    Rust(qapi_codegen::rust_cmd::Args),
    /// Turn a 2012 legacy bundle into one schema in today's QAPI language.
    Migrate(qapi_codegen::cli_migrate::Args),
    /// List the build conditions a schema uses, or those that hold in a
    /// QEMU binary (from its query-qmp-schema reply).
    Conditions(qapi_codegen::conditions_cmd::Args),
    /// Write ready crates of bindings for QEMU's own QMP and guest-agent
    /// schemas from a QEMU source tree.
    QemuCrates(qapi_codegen::qemu_crates_cmd::Args),
}

fn options(input: &Input, check: bool) -> Options {
    let dialect = match input.dialect {
        DialectArg::Modern => Dialect::Modern,
        DialectArg::Historical => Dialect::Historical,
    };
    let style = match (dialect, check) {
        (Dialect::Historical, _) => StyleRules::Off,
        (Dialect::Modern, true) => StyleRules::Error,
        (Dialect::Modern, false) => StyleRules::Warn,
    };
    // One thread: a second one's heap would take the peak memory of
    // `check` of QEMU 10.2 over 20 MiB (`qapi-gen rust` works on two).
    Options {
        dialect,
        style,
        parallel: false,
    }
}

fn report(e: &qapi_schema::Error, format: MessageFormat, severity: &str) {
    let text = match format {
        // Errors are QEMU's text exactly; warnings (style rules that QEMU
        // 10.2 would reject) say what they are.
        MessageFormat::Short if severity == "warning" => format!("warning: {}", e.render_short()),
        MessageFormat::Short => e.render_short(),
        MessageFormat::Human => {
            let prefix = if severity == "warning" {
                "warning: "
            } else {
                ""
            };
            format!(
                "{prefix}{}",
                e.render_human(&|f| std::fs::read_to_string(f).ok())
            )
        }
        MessageFormat::Json => e.to_json(severity).to_string(),
    };
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
}

fn load_all(input: &Input, check: bool, format: MessageFormat) -> Option<Vec<Schema>> {
    let opts = options(input, check);
    let mut out = Vec::new();
    let mut failed = false;
    for path in &input.inputs {
        match qapi_schema::load(path, &opts) {
            Ok(s) => {
                for w in &s.warnings {
                    report(w, format, "warning");
                }
                out.push(s);
            }
            Err(e) => {
                report(&e, format, "error");
                failed = true;
            }
        }
    }
    (!failed).then_some(out)
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Cmd::Introspect(args) => qapi_codegen::introspect_cmd::run(&args),
        Cmd::Rust(args) => qapi_codegen::rust_cmd::run(&args),
        Cmd::Migrate(args) => qapi_codegen::cli_migrate::run(&args),
        Cmd::Conditions(args) => qapi_codegen::conditions_cmd::run(&args),
        Cmd::QemuCrates(args) => qapi_codegen::qemu_crates_cmd::run(&args),
        Cmd::Docs(args) => qapi_codegen::cli_docs::docs(&args),
        Cmd::Diff(args) => qapi_codegen::cli_docs::diff(&args),
        Cmd::Check {
            input,
            message_format,
            strict,
        } => {
            let format = message_format.unwrap_or(if std::io::stderr().is_terminal() {
                MessageFormat::Human
            } else {
                MessageFormat::Short
            });
            match load_all(&input, true, format) {
                Some(schemas) => {
                    let code = qapi_codegen::cli_docs::strict(&schemas, &strict);
                    // The process ends here: skip freeing the model.
                    std::mem::forget(schemas);
                    code
                }
                None => ExitCode::from(1),
            }
        }
        Cmd::Dump { input } => match load_all(&input, false, MessageFormat::Short) {
            Some(schemas) => {
                let mut out = std::io::stdout().lock();
                for s in &schemas {
                    let _ = out.write_all(qapi_schema::dump::dump(s).as_bytes());
                }
                ExitCode::SUCCESS
            }
            None => ExitCode::from(1),
        },
    }
}
