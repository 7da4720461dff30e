//! `qapi-gen conditions`: the build conditions a schema uses, or the ones
//! that hold in a running QEMU, found from its `query-qmp-schema` reply.

use std::process::ExitCode;

use crate::builder;
use crate::conditions;

/// Arguments of `qapi-gen conditions`.
#[derive(clap::Args)]
pub struct Args {
    /// A saved `query-qmp-schema` reply (`{"return": [...]}` or the
    /// array; `-` for standard input): print the conditions that hold in
    /// the binary that sent it, one a line.  Without it, print every
    /// condition the schema uses.
    #[arg(long = "from-qmp-schema", value_name = "REPLY")]
    reply: Option<String>,
    /// The schema's root file (the one the binary was built from).
    #[arg(value_name = "INPUT")]
    input: String,
}

/// Runs the subcommand: 0 on success, 1 when an input can't be read or
/// the reply is not the schema's (then the conditions found are still
/// printed, with what differs as a comment).
pub fn run(args: &Args) -> ExitCode {
    let schema = match builder::load(&args.input) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", e.render_short());
            return ExitCode::from(1);
        }
    };
    let Some(path) = &args.reply else {
        for n in conditions::names(&schema) {
            println!("{n}");
        }
        return ExitCode::SUCCESS;
    };
    let text = if path == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    };
    let reply = match text
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
    {
        Ok(v) => v,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(1);
        }
    };
    match conditions::infer(&schema, &reply) {
        Ok(found) => {
            println!("# Build conditions of the binary that sent {path},");
            println!("# for {}.", args.input);
            for n in &found.undecided {
                println!("# {n}: undecided (changes nothing this reply shows)");
            }
            for n in &found.true_names {
                println!("{n}");
            }
            if found.mismatches > 0 {
                eprintln!(
                    "{path}: {} entries differ from the schema's introspection with these conditions: \
                     was the binary built from another version of the schema?",
                    found.mismatches
                );
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            ExitCode::from(1)
        }
    }
}
