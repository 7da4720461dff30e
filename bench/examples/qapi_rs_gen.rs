//! qapi-rs's generator (qapi-codegen 0.11.3) as a process of its own, so
//! that the benchmarks compare whole processes with whole processes:
//! `qapi_rs_gen SCHEMA_DIR OUT.rs` runs it once on `SCHEMA_DIR`'s
//! `qapi-schema.json`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, out] = args.as_slice() else {
        eprintln!("usage: qapi_rs_gen SCHEMA_DIR OUT.rs");
        return ExitCode::from(2);
    };
    match qapi_rs_codegen::codegen(dir, out, "QmpCommand".into()) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("qapi-rs codegen: {e}");
            ExitCode::FAILURE
        }
    }
}
