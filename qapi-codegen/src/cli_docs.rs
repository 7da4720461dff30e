//! The documentation commands of `qapi-gen`: `docs`, `check --strict` and
//! `diff`.  The work is done by the `docs-gen` crate; this module parses
//! arguments, reads inputs and maps results to exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::{Args, ValueEnum};
use docs_gen::diff::wire::Wire;
use qapi_schema::{Dialect, Options, Schema, StyleRules};

#[derive(Clone, Copy, ValueEnum)]
pub enum DialectArg {
    Modern,
    Historical,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DocsFormat {
    Txt,
    Md,
    Html,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub enum DiffFormat {
    Text,
    Json,
}

/// `qapi-gen docs`.
#[derive(Args)]
pub struct DocsArgs {
    /// Output format.
    #[arg(long, value_enum)]
    format: DocsFormat,
    /// Output folder (one subfolder per input when there are several).
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    out: PathBuf,
    /// Schema language version.
    #[arg(long, value_enum, default_value = "modern")]
    dialect: DialectArg,
    /// Schema root files or legacy bundle folders.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
}

/// The flags `check` gains for the strict rules.
#[derive(Args)]
pub struct StrictArgs {
    /// Also apply qapi-forge's documentation rules (see `--allow`).
    #[arg(long)]
    pub strict: bool,
    /// Relax one strict rule (undocumented-definition, undocumented-member,
    /// undocumented-feature, missing-since, example-type,
    /// deprecated-replacement, doc-markup).
    #[arg(long = "allow", value_name = "RULE", requires = "strict")]
    pub allow: Vec<String>,
}

/// `qapi-gen diff`.
#[derive(Args)]
pub struct DiffArgs {
    /// OLD and NEW: schema roots, legacy bundle folders or saved
    /// query-qmp-schema replies.  With `--git`, NEW alone (OLD is NEW's
    /// root at REV) or OLD and NEW (OLD read at REV).
    #[arg(required = true, num_args = 1..=2, value_name = "OLD NEW")]
    paths: Vec<String>,
    /// Read OLD from this git revision, without a checkout.
    #[arg(long, value_name = "REV")]
    git: Option<String>,
    /// Exit 0 even when changes break clients (they are still listed).
    #[arg(long)]
    allow_breaking: bool,
    #[arg(long, value_enum, default_value = "text")]
    format: DiffFormat,
    /// Schema language version of both sides.
    #[arg(long, value_enum, default_value = "modern")]
    dialect: DialectArg,
}

fn options(d: DialectArg) -> Options {
    match d {
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
    }
}

/// Reads one input into the model.
///
/// Seam for legacy bundles: a folder holding `qmp-commands.hx` goes to
/// `qapi_schema::load` like a root file; once the front end maps bundles
/// into the model, `docs`, `check --strict` and `diff` work on them
/// without change here.
fn load(path: &str, opts: &Options) -> Result<Schema, String> {
    qapi_schema::load(path, opts).map_err(|e| e.render_short())
}

/// `docs`: exit 0, or 1 when an input fails to load or OUT can't be
/// written.
pub fn docs(args: &DocsArgs) -> ExitCode {
    let format = match args.format {
        DocsFormat::Txt => docs_gen::Format::Txt,
        DocsFormat::Md => docs_gen::Format::Md,
        DocsFormat::Html => docs_gen::Format::Html,
    };
    let opts = options(args.dialect);
    let mut failed = false;
    for (i, input) in args.inputs.iter().enumerate() {
        let out = if args.inputs.len() == 1 {
            args.out.clone()
        } else {
            args.out.join(format!("{}-{}", i + 1, stem(input)))
        };
        let files = if format == docs_gen::Format::Txt && is_legacy_bundle(input) {
            legacy_txt(input)
        } else {
            load(input, &opts).map(|s| {
                // What `check --strict` reports as rule `doc-markup`: the
                // docs are written anyway.
                for f in docs_gen::lint::markup(&s) {
                    eprintln!("warning: {f}");
                }
                docs_gen::render(&s, format)
            })
        };
        let written = files.and_then(|files| {
            std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
            for (name, text) in files {
                let p = out.join(name);
                std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))?;
            }
            Ok(())
        });
        if let Err(e) = written {
            eprintln!("{e}");
            failed = true;
        }
    }
    ExitCode::from(u8::from(failed))
}

fn stem(path: &str) -> String {
    let p = Path::new(path);
    let name = if p.is_dir() {
        p.file_name()
    } else {
        p.file_stem()
    };
    name.map_or_else(|| "input".into(), |n| n.to_string_lossy().into_owned())
}

fn is_legacy_bundle(path: &str) -> bool {
    qapi_schema::legacy::bundle::is_legacy_input(path)
}

/// The 2012 text docs of a legacy bundle (a folder, or its files), byte
/// for byte as QEMU's build made them from its files, once the bundle
/// has loaded and passed its checks.
fn legacy_txt(input: &str) -> Result<Vec<(String, String)>, String> {
    load(input, &options(DialectArg::Historical))?;
    let files = qapi_schema::legacy::bundle::render_txt(&[input]).map_err(|e| e.render_short())?;
    if files.is_empty() {
        return Err(format!("{input}: not a legacy bundle"));
    }
    Ok(files)
}

/// `check --strict`: after QEMU's checks passed, the strict rules.
/// Exit 0 when nothing is found, 1 otherwise, 2 for an unknown rule.
pub fn strict(schemas: &[Schema], args: &StrictArgs) -> ExitCode {
    if !args.strict {
        return ExitCode::SUCCESS;
    }
    if let Some(bad) = args.allow.iter().find(|r| !docs_gen::lint::is_rule(r)) {
        eprintln!("unknown rule '{bad}'; rules are:");
        for (r, what) in docs_gen::lint::RULES {
            eprintln!("  {r}: {what}");
        }
        return ExitCode::from(2);
    }
    let mut found = 0;
    for s in schemas {
        for f in docs_gen::lint::check(s, &args.allow) {
            eprintln!("{f}");
            found += 1;
        }
    }
    ExitCode::from(u8::from(found > 0))
}

/// Reads one side of a diff: a saved query-qmp-schema reply (a JSON
/// file) or a schema.
fn wire(path: &str, opts: &Options) -> Result<Wire, String> {
    if Path::new(path).is_file() {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        // Schema files are not JSON (single quotes, comments); replies are.
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
            if v.is_array() || v.get("return").is_some_and(|r| r.is_array()) {
                return Wire::from_introspection(&v).map_err(|e| format!("{path}: {e}"));
            }
        }
    }
    let schema = qapi_schema::load(path, opts).map_err(|e| e.render_short())?;
    // An undocumented definition is reported as such by the diff; the
    // warning says where it is.
    for w in &schema.warnings {
        eprintln!("warning: {}", w.render_short());
    }
    Ok(Wire::from_schema(&schema))
}

/// Extracts the repository holding `path` at `rev` into a temporary
/// folder and returns `path`'s counterpart there.
fn at_revision(path: &str, rev: &str) -> Result<(PathBuf, tempdir::Guard), String> {
    let abs = std::fs::canonicalize(path).map_err(|e| format!("{path}: {e}"))?;
    let dir = if abs.is_dir() {
        abs.clone()
    } else {
        abs.parent().unwrap_or(&abs).to_path_buf()
    };
    let git = |args: &[&str]| -> Result<Vec<u8>, String> {
        let o = Command::new("git")
            .arg("-C")
            .arg(&dir)
            .args(args)
            .output()
            .map_err(|e| format!("git: {e}"))?;
        if !o.status.success() {
            return Err(format!(
                "git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&o.stderr).trim()
            ));
        }
        Ok(o.stdout)
    };
    let top = String::from_utf8_lossy(&git(&["rev-parse", "--show-toplevel"])?)
        .trim()
        .to_owned();
    let rel = abs
        .strip_prefix(&top)
        .map_err(|_| format!("{path} is outside {top}"))?
        .to_path_buf();
    let guard = tempdir::Guard::new()?;
    // From the top: in a subfolder, git archive would take only that.
    let tar = git(&["-C", &top, "archive", "--format=tar", rev])?;
    let mut child = Command::new("tar")
        .args(["-x", "-f", "-", "-C"])
        .arg(&guard.0)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("tar: {e}"))?;
    std::io::Write::write_all(child.stdin.as_mut().expect("piped"), &tar)
        .map_err(|e| format!("tar: {e}"))?;
    drop(child.stdin.take());
    child.wait().map_err(|e| format!("tar: {e}"))?;
    Ok((guard.0.join(rel), guard))
}

mod tempdir {
    /// A temporary folder removed on drop.
    pub struct Guard(pub std::path::PathBuf);

    impl Guard {
        pub fn new() -> Result<Guard, String> {
            let p = std::env::temp_dir().join(format!("qapi-gen-diff-{}", std::process::id()));
            std::fs::create_dir_all(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            Ok(Guard(p))
        }
    }

    impl Drop for Guard {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// `diff`: exit 0 when nothing breaks clients (or `--allow-breaking`) and
/// every change is documented, 1 otherwise, 2 when an input can't be read.
pub fn diff(args: &DiffArgs) -> ExitCode {
    let opts = options(args.dialect);
    let (old_path, new_path) = match (args.paths.as_slice(), &args.git) {
        ([old, new], _) => (old.clone(), new.clone()),
        ([root], Some(_)) => (root.clone(), root.clone()),
        _ => {
            eprintln!("diff needs OLD and NEW, or NEW with --git REV");
            return ExitCode::from(2);
        }
    };
    let mut _guard = None;
    let old_path = match &args.git {
        Some(rev) => match at_revision(&old_path, rev) {
            Ok((p, g)) => {
                _guard = Some(g);
                p.display().to_string()
            }
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        },
        None => old_path,
    };
    let (old, new) = match (wire(&old_path, &opts), wire(&new_path, &opts)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let changes = docs_gen::diff::diff(&old, &new);
    match args.format {
        DiffFormat::Json => println!("{}", docs_gen::diff::to_json(&changes)),
        DiffFormat::Text => print!("{}", docs_gen::diff::to_text(&changes)),
    }
    let breaking = docs_gen::diff::any_breaking(&changes) && !args.allow_breaking;
    let undocumented = changes.iter().any(|c| !c.documented);
    ExitCode::from(u8::from(breaking || undocumented))
}
