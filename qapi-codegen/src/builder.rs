//! Running the generator from `build.rs` ([`Builder`], in the style of
//! prost-build) and writing a standalone crate ([`write_crate`]).
//!
//! ```no_run
//! // build.rs
//! qapi_codegen::Builder::new()
//!     .server(false)
//!     .compile("qapi/qapi-schema.json")
//!     .unwrap();
//! // lib.rs: include!(concat!(env!("OUT_DIR"), "/qapi.rs"));
//! ```

use std::io;
use std::path::{Path, PathBuf};

use qapi_schema::{Dialect, StyleRules};

use crate::rust::{self, Conditions, Options, Unstable};

/// Loads a schema the way generators do: modern dialect, doc style rules
/// as warnings.
pub fn load(path: &str) -> Result<qapi_schema::Schema, qapi_schema::Error> {
    qapi_schema::load(
        path,
        &qapi_schema::Options {
            dialect: Dialect::Modern,
            style: StyleRules::Warn,
        },
    )
}

/// Writes `text` to `path` unless the file already holds it; returns
/// whether it wrote.
pub fn write_if_changed(path: &Path, text: &str) -> io::Result<bool> {
    write_parts_if_changed(path, &[text])
}

/// Writes the text made of `parts` to `path` unless the file already
/// holds it; returns whether it wrote.
pub fn write_parts_if_changed<S: AsRef<str>>(path: &Path, parts: &[S]) -> io::Result<bool> {
    let len: usize = parts.iter().map(|p| p.as_ref().len()).sum();
    if let Ok(old) = std::fs::read(path) {
        if old.len() == len {
            let mut rest = &old[..];
            let same = parts.iter().all(|p| {
                let (a, b) = rest.split_at(p.as_ref().len());
                rest = b;
                a == p.as_ref().as_bytes()
            });
            if same {
                return Ok(false);
            }
        }
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = std::fs::File::create(path)?;
    for p in parts {
        io::Write::write_all(&mut f, p.as_ref().as_bytes())?;
    }
    Ok(true)
}

/// Generates bindings from `build.rs` into `OUT_DIR`.
#[derive(Clone, Debug, Default)]
pub struct Builder {
    opts: Options,
    out_dir: Option<PathBuf>,
    file_name: Option<String>,
    cargo: Option<bool>,
}

/// A generation failure: the schema's error (`file:line: message`) or
/// an I/O error.
#[derive(Debug)]
pub enum BuildError {
    Schema(qapi_schema::Error),
    Io(io::Error),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Schema(e) => f.write_str(&e.render_short()),
            BuildError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for BuildError {}

impl Builder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Generate the schema's types (default true; commands and events
    /// are generated whenever anything is).
    pub fn types(mut self, on: bool) -> Self {
        self.opts.types = on;
        self
    }

    /// Generate typed client methods (default true).
    pub fn client(mut self, on: bool) -> Self {
        self.opts.client = on;
        self
    }

    /// Generate server traits and the dispatch table (default true).
    pub fn server(mut self, on: bool) -> Self {
        self.opts.server = on;
        self
    }

    /// Path of the runtime crate in generated code (default `::qmp`).
    pub fn runtime_path(mut self, path: impl Into<String>) -> Self {
        self.opts.runtime_path = path.into();
        self
    }

    /// How `if` conditions map to Rust (default `#[cfg(qapi = "...")]`).
    pub fn conditions(mut self, c: Conditions) -> Self {
        self.opts.conditions = c;
        self
    }

    /// Decide conditions now: exactly `names` are true (e.g. the lines
    /// of a QEMU build's condition list).
    pub fn true_conditions<I: IntoIterator<Item = S>, S: Into<String>>(self, names: I) -> Self {
        self.conditions(Conditions::Evaluate(
            names.into_iter().map(Into::into).collect(),
        ))
    }

    /// What to do with `unstable` items (default: behind cargo feature
    /// `unstable`).
    pub fn unstable(mut self, u: Unstable) -> Self {
        self.opts.unstable = u;
        self
    }

    /// Output folder (default `OUT_DIR`).
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Output file name (default `qapi.rs`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Print `cargo:` directives (default: when `OUT_DIR` is set).
    pub fn cargo_directives(mut self, on: bool) -> Self {
        self.cargo = Some(on);
        self
    }

    /// The generated file's text, without writing anything.
    pub fn generate(&self, schema: &str) -> Result<(String, qapi_schema::Schema), BuildError> {
        let s = load(schema).map_err(BuildError::Schema)?;
        let out = rust::generate(&s, &self.opts);
        Ok((out.to_file(), s))
    }

    /// Generates bindings for the schema whose root is `schema`, writes
    /// them (when changed) and returns the file's path.
    pub fn compile(&self, schema: impl AsRef<Path>) -> Result<PathBuf, BuildError> {
        let cargo = self
            .cargo
            .unwrap_or_else(|| std::env::var_os("OUT_DIR").is_some());
        let path = schema.as_ref().to_string_lossy().into_owned();
        if cargo {
            println!("cargo:rerun-if-changed={path}");
        }
        let s = match load(&path) {
            Ok(s) => s,
            Err(e) => {
                if cargo {
                    if let Some(info) = &e.info {
                        println!("cargo:rerun-if-changed={}", info.file);
                    }
                }
                return Err(BuildError::Schema(e));
            }
        };
        let out = rust::generate(&s, &self.opts);
        if cargo {
            for f in s.files() {
                println!("cargo:rerun-if-changed={f}");
            }
            let values: Vec<String> = out.cond_names.iter().map(|n| format!("{n:?}")).collect();
            println!(
                "cargo:rustc-check-cfg=cfg(qapi, values({}))",
                values.join(", ")
            );
        }
        let dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => PathBuf::from(std::env::var_os("OUT_DIR").ok_or_else(|| {
                BuildError::Io(io::Error::other("OUT_DIR is not set; use Builder::out_dir"))
            })?),
        };
        let file = dir.join(self.file_name.as_deref().unwrap_or("qapi.rs"));
        write_if_changed(&file, &out.to_file()).map_err(BuildError::Io)?;
        Ok(file)
    }
}

/// Options of a standalone bindings crate.
#[derive(Clone, Debug)]
pub struct CrateOptions {
    pub name: String,
    /// Path to the `qmp` runtime crate's folder, relative to the output
    /// (None: `qmp` from crates.io).
    pub runtime_dir: Option<String>,
    pub opts: Options,
}

/// Writes a crate: `Cargo.toml` (one feature per condition name, plus
/// `unstable`) and `src/` with a file per part. Returns the files
/// written (unchanged files are left alone).
pub fn write_crate(
    schemas: &[qapi_schema::Schema],
    copts: &CrateOptions,
    dir: &Path,
) -> io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let files = crate_files(schemas, copts);
    for (rel, text) in &files {
        let p = dir.join(rel);
        if write_if_changed(&p, text)? {
            written.push(p);
        }
    }
    Ok(written)
}

/// The files of a standalone crate, `(relative path, text)`.
pub fn crate_files(schemas: &[qapi_schema::Schema], copts: &CrateOptions) -> Vec<(String, String)> {
    let mut opts = copts.opts.clone();
    if opts.conditions == Conditions::Cfg {
        opts.conditions = Conditions::Features;
    }
    let mut files = Vec::new();
    let mut features = std::collections::BTreeSet::new();
    let mut lib = String::from("//! QAPI bindings generated by qapi-gen; do not edit.\n\n");
    for (i, s) in schemas.iter().enumerate() {
        let out = rust::generate(s, &opts);
        features.extend(out.cond_names.iter().cloned());
        let (prefix, modname) = if schemas.len() == 1 {
            ("src/".to_string(), None)
        } else {
            let m = format!("schema{i}");
            (format!("src/{m}/"), Some(m))
        };
        for (name, text) in out.into_files() {
            if name == "mod.rs" {
                match &modname {
                    None => lib.push_str(&text),
                    Some(m) => {
                        lib.push_str(&format!("pub mod {m};\n"));
                        files.push((format!("{prefix}mod.rs"), text));
                    }
                }
            } else {
                files.push((format!("{prefix}{name}"), text));
            }
        }
    }
    files.push(("src/lib.rs".into(), lib));
    let runtime = match &copts.runtime_dir {
        Some(d) => format!("{{ path = {d:?} }}"),
        None => "\"0.1\"".into(),
    };
    let mut toml = format!(
        "[package]\nname = {:?}\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\nqmp = {runtime}\nserde_json = \"1\"\n\n[features]\n",
        copts.name
    );
    if let Unstable::Feature(f) = &opts.unstable {
        toml.push_str(&format!("{f:?} = []\n"));
    }
    for f in features {
        toml.push_str(&format!("{f:?} = []\n"));
    }
    files.push(("Cargo.toml".into(), toml));
    files.sort();
    files
}
