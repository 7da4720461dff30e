//! From source text to the syntax tree: what QEMU's `QAPISchemaParser`
//! does.
//!
//! - [`lexer`]: tokens, by a hand-written scanner whose specification
//!   (and test oracle) is the grammar `schema.pest`;
//! - [`tree`]: JSON-like values with positions, top-level expressions;
//! - `parser`: one file into expressions, include and pragma directives
//!   and doc comments (read by [`crate::doc`]);
//! - `files`: a root file and its includes, in QEMU's reading order, with
//!   the pragmas applied ([`Parsed`]);
//! - `ahead`: the root's includes read ahead on a second thread;
//! - `pragma`: the pragma directives.

mod ahead;
mod files;
pub mod lexer;
mod parser;
mod pragma;
pub mod tree;

pub use files::{parse_schema, parse_str, Parsed, Reading};
pub use tree::{Node, TopExpr, Value};
