//! QAPI schema front ends and the checked schema model.
//!
//! The stages follow QEMU's `scripts/qapi`, each module importing only
//! those before it:
//!
//! - [`doc`]: documentation comments, the [`doc::Doc`] model and the
//!   reader of `##` blocks;
//! - [`syntax`]: lexer, parser, includes and pragmas, from files to
//!   top-level expressions ([`syntax::Parsed`]);
//! - [`expr`]: the expression checks, into checked definitions;
//! - [`historical`]: the older dialect, rewritten around those checks;
//! - [`model`]: the checked [`Schema`], built from definitions with the
//!   semantic checks;
//! - [`legacy`]: the 2012 bundles, turned into definitions for the same
//!   builder;
//! - [`introspect`] and [`dump`]: what QEMU makes of a model.
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
pub mod model;
pub mod names;
mod path;
pub mod pool;
pub mod pragma;
pub mod source;
pub mod syntax;

pub use doc::StyleRules;
pub use error::{Error, Kind as ErrorKind, Result};
pub use model::{Entity, EntityId, EntityKind, Schema};

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
    /// Work on a thread of rayon's global pool too: it reads the root
    /// file's includes ahead while they are put together in QEMU's order,
    /// and checks the second half of the expressions (modern dialect).
    /// The result is the same.  Faster where a second core is free, at
    /// the cost of a second thread's heap: with reading ahead alone,
    /// `qapi-gen check` of QEMU 10.2 took about 1.1 ms less and 6 MiB
    /// more.  Off by default.
    pub parallel: bool,
}

/// Reads and checks the schema whose root file is `path`.  A folder, a
/// `.hx` file or a `qmp-events.txt` is read as a 2012 legacy bundle
/// ([`load_inputs`]).
pub fn load(path: &str, opts: &Options) -> Result<Schema> {
    if legacy::bundle::is_legacy_input(path) {
        return load_inputs(&[path], opts);
    }
    let parsed = syntax::parse_schema(path, reading(opts))?;
    build(path, parsed, opts)
}

/// Reads and checks schema text that is not in a file.  Includes are read
/// relative to the current folder.
pub fn load_str(name: &str, text: &str, opts: &Options) -> Result<Schema> {
    let parsed = syntax::parse_str(name, text, reading(opts))?;
    build(name, parsed, opts)
}

/// Reads legacy inputs (bundle folders, or `qmp-commands.hx`,
/// `qapi-schema.json` and `qmp-events.txt` named one by one) into one
/// schema.  The 2012 `qapi-schema.json` of a bundle is read in the
/// historical dialect; of `opts`, a bundle takes only the style rules
/// (an undocumented dispatch entry is an error under
/// [`StyleRules::Error`], else a warning and the command has no doc).
pub fn load_inputs(paths: &[&str], opts: &Options) -> Result<Schema> {
    let inputs = legacy::bundle::Inputs::classify(paths)?;
    match inputs.only_schema() {
        Some(json) => load(json, opts),
        None => legacy::bundle::load(&inputs, opts.style),
    }
}

fn reading(opts: &Options) -> syntax::Reading {
    syntax::Reading {
        style: opts.style,
        lenient: opts.dialect == Dialect::Historical,
        read_ahead: opts.parallel,
    }
}

/// The expression checks of `parsed` (half of them on a pool thread if
/// `opts.parallel`), then the schema built from them.
fn build(root: &str, mut parsed: syntax::Parsed, opts: &Options) -> Result<Schema> {
    let historical = opts.dialect == Dialect::Historical;
    let defs = if historical {
        historical::check_exprs(&mut parsed.exprs, &parsed.docs, &parsed.pragma)?
    } else {
        expr::check_exprs(
            &parsed.exprs,
            &parsed.docs,
            &parsed.pragma,
            false,
            opts.parallel,
        )?
    };
    let input = model::Input {
        root: root.to_owned(),
        docs: parsed.docs,
        pragma: parsed.pragma,
        sources: parsed.sources,
        warnings: parsed.warnings,
        historical,
        extra_modules: Vec::new(),
    };
    model::build(input, defs)
}
