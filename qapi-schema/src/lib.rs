//! QAPI schema front ends and the checked schema model.
//!
//! The stages follow QEMU's `scripts/qapi`: the parser reads files into
//! expressions and documentation comments ([`parser`], [`doc`]), the
//! expression checks normalize them ([`expr`]), and the schema builder
//! resolves and checks them into a [`Schema`] ([`schema`], [`model`]).
//!
//! ```
//! let schema = qapi_schema::load_str(
//!     "demo.json",
//!     "{ 'command': 'ping', 'returns': 'Pong' }\n\
//!      { 'struct': 'Pong', 'data': { 'ok': 'bool' } }\n",
//!     &Default::default(),
//! )
//! .unwrap();
//! assert!(schema.lookup("ping").is_some());
//! ```

pub mod corpus;
pub mod doc;
pub mod dump;
pub mod error;
pub mod expr;
mod hash;
pub mod historical;
pub mod ifcond;
pub mod introspect;
pub mod legacy;
pub mod lexer;
pub mod model;
pub mod names;
pub mod parser;
mod placement;
pub mod pragma;
pub mod schema;
pub mod source;
pub mod syntax;

pub use error::{Error, Kind as ErrorKind, Result};
pub use model::{Entity, EntityId, EntityKind, Schema};
pub use parser::StyleRules;

use expr::{Checked, Checker};
use parser::Parsed;

/// Which version of the schema language to read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Dialect {
    /// The language of QEMU 10.2, exactly as strict.
    #[default]
    Modern,
    /// Every older QEMU schema, back to 2011.
    Historical,
}

/// How to read a schema.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    pub dialect: Dialect,
    /// Documentation style rules as errors (the default, for `check`) or
    /// as warnings (for generators).
    pub style: StyleRules,
}

/// Reads and checks the schema whose root file is `path`.  A folder, a
/// `.hx` file or a `qmp-events.txt` is read as a 2012 legacy bundle
/// ([`load_inputs`]).
pub fn load(path: &str, opts: &Options) -> Result<Schema> {
    if legacy::bundle::is_legacy_input(path) {
        return load_inputs(&[path], opts);
    }
    let historical = opts.dialect == Dialect::Historical;
    let parsed = parser::parse_schema_to_build(path, opts.style, historical)?;
    build(path, parsed, opts)
}

/// Reads and checks schema text that is not in a file.  Includes are read
/// relative to the current folder.
pub fn load_str(name: &str, text: &str, opts: &Options) -> Result<Schema> {
    let parsed = parser::parse_str(name, text, opts.style, opts.dialect == Dialect::Historical)?;
    build(name, parsed, opts)
}

pub use legacy::bundle::load_inputs;

fn build(root: &str, mut parsed: Parsed, opts: &Options) -> Result<Schema> {
    let historical = opts.dialect == Dialect::Historical;
    match parsed.early.take() {
        // Today's dialect with early checks made: the definitions go
        // straight from the checks into the model.
        Some((false, early)) if !historical => {
            let exprs = std::mem::take(&mut parsed.exprs);
            let mut b = schema::Builder::new(root, &mut parsed);
            let checker = Checker {
                pragma: &parsed.pragma,
                historical,
                extra: Default::default(),
            };
            b.def_predefineds()?;
            b.def_checked(&exprs, early, &checker)?;
            b.check_all()?;
            Ok(b.finish(parsed))
        }
        early => {
            parsed.early = early;
            build_merged(root, parsed, opts, &[], |checked, _| Ok(checked))
        }
    }
}

/// The cores this process may use (asked once: the answer takes system
/// calls and file reads).
pub(crate) fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The expression checks of every top-level expression, in order, when
/// they were not made while parsing (see `parser::early_checks`).  They
/// are independent of each other, so a big schema is checked in slices
/// on two threads; the first error in schema order is the one reported.
fn check_exprs(parsed: &Parsed, historical: bool) -> Result<Vec<Checked>> {
    let check = |exprs: &[syntax::TopExpr]| -> Result<Vec<Checked>> {
        let checker = Checker {
            pragma: &parsed.pragma,
            historical,
            extra: Default::default(),
        };
        let mut checked = Vec::with_capacity(exprs.len());
        for e in exprs {
            match &e.include {
                Some(file) => checked.push(Checked::Include {
                    file: file.clone(),
                    info: e.info.clone(),
                }),
                None => {
                    let defs = checker.definitions(e, &parsed.docs)?;
                    checked.extend(defs.into_iter().map(Checked::Def));
                }
            }
        }
        Ok(checked)
    };
    let exprs = &parsed.exprs[..];
    let parallel = exprs.len() >= 256 && cores() >= 2;
    if !parallel {
        return check(exprs);
    }
    let (first, second) = exprs.split_at(exprs.len() / 2);
    let (a, b) = std::thread::scope(|s| {
        let other = std::thread::Builder::new()
            .stack_size(8 << 20)
            .spawn_scoped(s, || check(second));
        let a = check(first);
        let b = match other {
            Ok(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
            Err(_) => check(second),
        };
        (a, b)
    });
    let mut checked = a?;
    checked.extend(b?);
    Ok(checked)
}

/// The expression checks, from those made early (see
/// `parser::early_checks`): the expressions that did not pass them are
/// checked now, in order, with the schema's pragmas.
fn finish_checks(
    parsed: &Parsed,
    early: Vec<Option<parser::Early>>,
    historical: bool,
) -> Result<Vec<Checked>> {
    let checker = Checker {
        pragma: &parsed.pragma,
        historical,
        extra: Default::default(),
    };
    let mut checked = Vec::with_capacity(parsed.exprs.len() + 16);
    for (e, early) in parsed.exprs.iter().zip(early) {
        match &e.include {
            Some(file) => checked.push(Checked::Include {
                file: file.clone(),
                info: e.info.clone(),
            }),
            None => {
                let early = parser::Early::or_check(early, e, &checker, &parsed.docs)?;
                checked.extend(early.defs.into_iter().map(Checked::Def));
            }
        }
    }
    Ok(checked)
}

/// Checks the definitions of `parsed`, lets `merge` add definitions made
/// elsewhere (with their docs pushed to `parsed.docs` and sources to
/// `parsed.sources`; modules for the files in `extra_modules`), and builds
/// the schema.  Legacy bundles use it to run their commands and events
/// through the same builder.
pub(crate) fn build_merged(
    root: &str,
    mut parsed: Parsed,
    opts: &Options,
    extra_modules: &[&str],
    merge: impl FnOnce(Vec<Checked>, &mut Parsed) -> Result<Vec<Checked>>,
) -> Result<Schema> {
    let historical = opts.dialect == Dialect::Historical;
    let mut checked = match parsed.early.take() {
        Some((dialect, early)) if dialect == historical => {
            finish_checks(&parsed, early, historical)?
        }
        _ => check_exprs(&parsed, historical)?,
    };
    if historical {
        checked = historical::expand_simple_unions(checked);
    }
    let checked = merge(checked, &mut parsed)?;
    let mut b = schema::Builder::new(root, &mut parsed);
    b.historical = historical;
    for m in extra_modules {
        b.make_module(m);
    }
    b.def_predefineds()?;
    b.def_exprs(checked)?;
    b.check_all()?;
    Ok(b.finish(parsed))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema built from the early work of the parser threads (checks,
    /// dropped syntax, connected docs, definitions straight into the
    /// model) is the one the sequential path builds from whole expressions.
    #[test]
    fn early_work_builds_the_same_schema() {
        let Some(shared) = corpus::shared_dir() else {
            return;
        };
        let opts = Options::default();
        for root in [
            "corpus/qemu-10.2/qapi/qapi-schema.json",
            "corpus/qemu-10.2/qga/qapi-schema.json",
            "corpus/qemu-10.2/storage-daemon/qapi/qapi-schema.json",
        ] {
            let root = shared.join(root);
            let root = root.to_str().unwrap();
            let early = load(root, &opts).unwrap();
            let mut whole = parser::parse_schema(root, opts.style, false).unwrap();
            whole.early = None;
            let sequential = build(root, whole, &opts).unwrap();
            assert_eq!(early.docs, sequential.docs, "{root}");
            assert_eq!(dump::dump(&early), dump::dump(&sequential), "{root}");
        }
    }
}
