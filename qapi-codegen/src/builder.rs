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

/// Loads a schema the way generators do: modern dialect, every check of
/// QEMU's front end, but not the doc style rules (line length, sentence
/// spacing), which `qapi-gen check` reports and generators would only
/// drop (checking them was 7% of `qapi-gen rust` on QEMU 10.2).
pub fn load(path: &str) -> Result<qapi_schema::Schema, qapi_schema::Error> {
    qapi_schema::load(path, &load_options())
}

/// The options of [`load`].
pub fn load_options() -> qapi_schema::Options {
    qapi_schema::Options {
        dialect: Dialect::Modern,
        style: StyleRules::Off,
        parallel: false,
    }
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
    /// Files besides the schema's that the output depends on.
    watch: Vec<PathBuf>,
}

/// A generation failure: the schema's error (`file:line: message`) or
/// an I/O error.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{}", .0.render_short())]
    Schema(qapi_schema::Error),
    #[error("{0}")]
    Io(io::Error),
}

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

    /// Decide conditions now from a file of the names that are true, one
    /// a line (`#` comments allowed): the `build-conditions` of a QEMU
    /// binary, or what `qapi-gen conditions --from-qmp-schema` found in
    /// a live one. The build script reruns when the file changes.
    pub fn true_conditions_file(mut self, path: impl AsRef<Path>) -> Result<Self, BuildError> {
        let path = path.as_ref();
        let names = crate::conditions::read_list(path).map_err(|e| {
            BuildError::Io(io::Error::new(e.kind(), format!("{}: {e}", path.display())))
        })?;
        self.watch.push(path.to_path_buf());
        self = self.true_conditions(names);
        Ok(self)
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
            for f in &self.watch {
                println!("cargo:rerun-if-changed={}", f.display());
            }
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
            for line in check_cfg(&self.opts, &out.cond_names) {
                println!("{line}");
            }
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

/// The `cargo::rustc-check-cfg` lines that declare every `cfg` the
/// generated code tests: the condition names (`qapi = "CONFIG_X"`) and
/// the cargo feature of `unstable` items, so that a crate whose features
/// do not list it builds without `unexpected_cfgs` warnings (the items
/// are then left out; add `unstable = []` to `[features]` to have them).
pub fn check_cfg(opts: &Options, cond_names: &std::collections::BTreeSet<String>) -> Vec<String> {
    let mut lines = Vec::new();
    if opts.conditions == Conditions::Cfg {
        let values: Vec<String> = cond_names.iter().map(|n| format!("{n:?}")).collect();
        lines.push(format!(
            "cargo::rustc-check-cfg=cfg(qapi, values({}))",
            values.join(", ")
        ));
    }
    let mut features: Vec<String> = Vec::new();
    if let Unstable::Feature(f) = &opts.unstable {
        features.push(format!("{f:?}"));
    }
    if opts.conditions == Conditions::Features {
        features.extend(cond_names.iter().map(|n| format!("{n:?}")));
    }
    if !features.is_empty() {
        lines.push(format!(
            "cargo::rustc-check-cfg=cfg(feature, values({}))",
            features.join(", ")
        ));
    }
    lines
}

/// Options of a standalone bindings crate.
#[derive(Clone, Debug, Default)]
pub struct CrateOptions {
    pub name: String,
    /// Path to the `qmp` runtime crate's folder, relative to the output
    /// (None: `qmp` from crates.io).
    pub runtime_dir: Option<String>,
    pub opts: Options,
    /// Package metadata beyond the name (the ready crates of
    /// [`crate::qemu_crates`] set it).
    pub package: Package,
}

/// What a crate's `Cargo.toml` says of it besides its name, and its
/// README.
#[derive(Clone, Debug, Default)]
pub struct Package {
    /// Default `0.1.0`.
    pub version: Option<String>,
    pub description: Option<String>,
    /// An SPDX expression.
    pub license: Option<String>,
    /// `README.md`, also the crate's documentation when given.
    pub readme: Option<String>,
    /// Condition features on by default (those the schema uses).
    pub default_features: Vec<String>,
}

/// Writes a crate: `Cargo.toml` (one feature per condition name the
/// schemas use, plus `unstable`) and `src/` with a file per part. Returns the files
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
    let pkg = &copts.package;
    let mut files = Vec::new();
    let mut features = std::collections::BTreeSet::new();
    let mut lib = match &pkg.readme {
        Some(_) => String::from(
            "#![doc = include_str!(\"../README.md\")]\n// Generated by qapi-gen; do not edit.\n\n",
        ),
        None => String::from("//! QAPI bindings generated by qapi-gen; do not edit.\n\n"),
    };
    for (i, s) in schemas.iter().enumerate() {
        let out = rust::generate(s, &opts);
        // A feature for every condition the schema uses, also those that
        // gate nothing Rust has (a feature flag's condition, say).
        features.extend(crate::conditions::names(s));
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
    if let Some(readme) = &pkg.readme {
        files.push(("README.md".into(), readme.clone()));
    }
    let runtime = match &copts.runtime_dir {
        Some(d) => format!("{{ path = {d:?} }}"),
        None => "\"0.1\"".into(),
    };
    let mut toml = format!(
        "[package]\nname = {:?}\nversion = {:?}\nedition = \"2021\"\n",
        copts.name,
        pkg.version.as_deref().unwrap_or("0.1.0")
    );
    for (key, value) in [("description", &pkg.description), ("license", &pkg.license)] {
        if let Some(v) = value {
            toml.push_str(&format!("{key} = {v:?}\n"));
        }
    }
    if pkg.readme.is_some() {
        toml.push_str("readme = \"README.md\"\n");
    }
    toml.push_str(&format!(
        "\n[dependencies]\nqmp = {runtime}\n\n[features]\n"
    ));
    let defaults: Vec<String> = pkg
        .default_features
        .iter()
        .filter(|f| features.contains(*f))
        .map(|f| format!("{f:?}"))
        .collect();
    if !defaults.is_empty() {
        toml.push_str(&format!("default = [{}]\n", defaults.join(", ")));
    }
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
