//! A schema's files, read as QEMU reads them: includes followed where they
//! appear, each file once, inclusion loops rejected, pragmas applied in
//! order, and the first error in that order reported.
//!
//! Each file is parsed on its own ([`super::parser`]) when [`Merge`]
//! reaches its include directive, or before that by the second thread
//! of [`super::ahead`] if it is one of the root's includes; its
//! expressions and doc comments are put together in QEMU's order, on the
//! caller's thread.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use super::ahead::{Ahead, Read};
use super::parser::{parse_file, FileOut, Item};
use super::tree::TopExpr;
use crate::doc::{Doc, StyleRules};
use crate::error::{Error, Kind, Result};
use crate::path::{abspath_in, strerror, Cwd};
use crate::pragma::Pragma;
use crate::source::{IncludeSite, Info};

/// Everything read from a schema root and its includes.
#[derive(Debug, Default)]
pub struct Parsed {
    pub exprs: Vec<TopExpr>,
    pub docs: Vec<Doc>,
    pub pragma: Pragma,
    /// Every file read, in the order read, with its text.
    pub sources: Vec<(Arc<str>, Arc<str>)>,
    /// Style problems found while `StyleRules::Warn` was in force.
    pub warnings: Vec<Error>,
}

/// How files are read.
#[derive(Clone, Copy, Debug, Default)]
pub struct Reading {
    /// The doc style rules.
    pub style: StyleRules,
    /// The historical dialect's syntax: trailing commas, older doc
    /// comments.
    pub lenient: bool,
    /// Read the root's includes ahead on a thread of rayon's global pool
    /// (module `ahead`).
    pub read_ahead: bool,
}

/// Parses the schema whose root file is `fname`.
pub fn parse_schema(fname: &str, how: Reading) -> Result<Parsed> {
    let src = read_source(fname).map_err(|reason| Error {
        kind: Kind::Io,
        info: None,
        message: format!("can't read schema file '{fname}': {reason}"),
    })?;
    parse_root(fname, src, how)
}

/// Parses schema text that is not in a file (tests, fuzzing, proc macros).
/// Includes are read relative to the current folder.
pub fn parse_str(fname: &str, text: &str, how: Reading) -> Result<Parsed> {
    let src = normalize_newlines(text).into();
    parse_root(fname, src, how)
}

fn parse_root(fname: &str, src: Arc<str>, how: Reading) -> Result<Parsed> {
    let root = parse_file(fname, src, how.style, how.lenient);
    let includes: Vec<String> = if how.read_ahead {
        root.items
            .iter()
            .filter_map(|item| match item {
                Item::Include { expr, .. } => expr.include.clone(),
                _ => None,
            })
            .collect()
    } else {
        Vec::new()
    };
    let ahead = (includes.len() > 1).then(|| Ahead::new(includes));
    let mut m = Merge {
        out: Parsed::default(),
        included: HashSet::new(),
        how,
        cwd: Cwd::default(),
        ahead: ahead.as_ref(),
    };
    match &ahead {
        Some(ahead) => {
            let (merged, ()) = crate::pool::beside(
                || {
                    let merged = m.merge(root, None);
                    ahead.stop();
                    merged
                },
                || ahead.read_back(|name| read_and_parse(name, how)),
            );
            merged?;
        }
        None => m.merge(root, None)?,
    }
    Ok(m.out)
}

fn read_and_parse(fname: &str, how: Reading) -> Read {
    read_source(fname).map(|src| parse_file(fname, src, how.style, how.lenient))
}

/// Puts the parsed files together in QEMU's reading order.
struct Merge<'a> {
    out: Parsed,
    included: HashSet<PathBuf>,
    how: Reading,
    cwd: Cwd,
    /// The root's includes read ahead, if they are.
    ahead: Option<&'a Ahead>,
}

fn set_parent(info: &mut Info, parent: &Option<Arc<IncludeSite>>) {
    info.parent.clone_from(parent);
}

fn set_error_parent(e: &mut Error, parent: &Option<Arc<IncludeSite>>) {
    if let Some(info) = &mut e.info {
        set_parent(info, parent);
    }
}

impl Merge<'_> {
    fn merge(&mut self, f: FileOut, parent: Option<Arc<IncludeSite>>) -> Result<()> {
        self.included.insert(abspath_in(&self.cwd, &f.file));
        self.out.sources.push((f.file, f.src));
        self.out.docs.reserve(f.docs.len());
        self.out.exprs.reserve(f.items.len());
        // The parser numbers doc comments in the order their items come.
        let mut global = vec![0usize; f.docs.len()];
        let mut docs = f.docs.into_iter();
        for item in f.items {
            match item {
                Item::Doc(i) => {
                    let mut doc = docs.next().expect("a doc for each doc item");
                    set_parent(&mut doc.info, &parent);
                    for s in &mut doc.sections {
                        set_parent(&mut s.info, &parent);
                    }
                    global[i] = self.out.docs.len();
                    self.out.docs.push(doc);
                }
                Item::Expr(mut e) => {
                    set_parent(&mut e.info, &parent);
                    e.doc = e.doc.map(|i| global[i]);
                    self.out.exprs.push(e);
                }
                Item::Warning(mut w) => {
                    set_error_parent(&mut w, &parent);
                    self.out.warnings.push(w);
                }
                Item::Pragma { pragmas, mut info } => {
                    set_parent(&mut info, &parent);
                    for (name, value) in &pragmas {
                        super::pragma::apply(
                            &mut self.out.pragma,
                            name,
                            value,
                            &info,
                            self.how.lenient,
                        )?;
                    }
                }
                Item::Include { mut expr, include } => {
                    set_parent(&mut expr.info, &parent);
                    let info = expr.info.clone();
                    let fname = expr.include.clone().expect("an include");
                    self.out.exprs.push(expr);
                    self.include(&include, &info, &fname)?;
                }
            }
        }
        match f.error {
            Some(mut e) => {
                set_error_parent(&mut e, &parent);
                Err(e)
            }
            None => Ok(()),
        }
    }

    fn include(&mut self, include: &str, info: &Info, incl_fname: &str) -> Result<()> {
        let incl_abs = abspath_in(&self.cwd, incl_fname);
        // An inclusion cycle: the file includes itself, directly or not.
        if abspath_in(&self.cwd, &info.file) == incl_abs {
            return Err(Error::semantic(
                info,
                format!("inclusion loop for {include}"),
            ));
        }
        let mut site = info.parent.as_deref();
        while let Some(s) = site {
            if abspath_in(&self.cwd, &s.file) == incl_abs {
                return Err(Error::semantic(
                    info,
                    format!("inclusion loop for {include}"),
                ));
            }
            site = s.parent.as_deref();
        }
        // A file already included is skipped.
        if self.included.contains(&incl_abs) {
            return Ok(());
        }
        let f = match self.ahead.and_then(|a| a.take(incl_fname)) {
            Some(f) => f,
            None => read_and_parse(incl_fname, self.how),
        };
        let f = f.map_err(|reason| {
            Error::new(
                Kind::Io,
                info.clone(),
                format!("can't read include file '{incl_fname}': {reason}"),
            )
        })?;
        let parent = Some(Arc::new(IncludeSite {
            file: info.file.clone(),
            line: info.line,
            parent: info.parent.clone(),
        }));
        self.merge(f, parent)
    }
}

/// Reads a file as QEMU does: UTF-8, universal newlines, a final newline.
fn read_source(fname: &str) -> std::result::Result<Arc<str>, String> {
    let bytes = std::fs::read(fname).map_err(|e| strerror(&e))?;
    let text = String::from_utf8(bytes).map_err(|_| "invalid UTF-8".to_string())?;
    Ok(normalize_newlines(text).into())
}

fn normalize_newlines(text: impl Into<String>) -> String {
    let mut s = text.into();
    if s.contains('\r') {
        s = s.replace("\r\n", "\n").replace('\r', "\n");
    }
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Value;

    fn how(style: StyleRules, lenient: bool) -> Reading {
        Reading {
            style,
            lenient,
            read_ahead: false,
        }
    }

    #[test]
    fn sources_read_straight_or_normalized() {
        let dir = std::env::temp_dir().join(format!("qapi-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (content, expected) in [
            (&b"{ 'a': 'b' }\n"[..], Ok("{ 'a': 'b' }\n")),
            (b"x\r\ny\rz", Ok("x\ny\nz\n")),
            (b"no newline", Ok("no newline\n")),
            (b"", Ok("\n")),
            (b"caf\xe9\n", Err("invalid UTF-8")),
        ] {
            let f = dir.join("f.json");
            std::fs::write(&f, content).unwrap();
            let got = read_source(f.to_str().unwrap());
            assert_eq!(got.as_deref().map_err(String::as_str), expected);
        }
        assert!(read_source(dir.join("missing").to_str().unwrap()).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn err(src: &str) -> String {
        parse_str("t.json", src, how(StyleRules::Error, false))
            .unwrap_err()
            .render_short()
    }

    #[test]
    fn parses_expressions() {
        let p = parse_str(
            "t.json",
            "{ 'enum': 'E', 'data': [ 'a', 'b' ] }\n",
            how(StyleRules::Error, false),
        )
        .unwrap();
        assert_eq!(p.exprs.len(), 1);
        assert_eq!(
            p.exprs[0].get("enum").unwrap().value,
            Value::Str("E".into())
        );
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        assert_eq!(err("{ 'a' 'b' }\n"), "t.json:1:7: expected ':'");
        assert_eq!(
            err("{ 'a': 'b' 'c' }\n"),
            "t.json:1:12: expected ',' or '}'"
        );
        assert_eq!(err("{ 'a': 1 }\n"), "t.json:1:8: stray '1'");
        assert_eq!(
            err("[ 'a' ]\n"),
            "t.json:1: top-level expression must be an object"
        );
        assert_eq!(
            err("{ 'a': 'x', 'a': 'y' }\n"),
            "t.json:1:18: duplicate key 'a'"
        );
        assert_eq!(err("{ 'a': [ 'x' }\n"), "t.json:1:14: expected ',' or ']'");
        assert_eq!(
            err("{ 'a': \n"),
            "t.json:1:8: expected '{', '[', string, or boolean"
        );
    }

    #[test]
    fn pragmas_apply_globally() {
        let p = parse_str(
            "t.json",
            "{ 'pragma': { 'doc-required': true } }\n",
            how(StyleRules::Error, false),
        )
        .unwrap();
        assert!(p.pragma.doc_required);
        assert_eq!(
            err("{ 'pragma': { 'bogus': true } }\n"),
            "t.json:1: unknown pragma 'bogus'"
        );
    }

    #[test]
    fn lenient_trailing_commas() {
        let src =
            "{ 'struct': 'A', 'data': { 'a': 'int', }, }\n{ 'enum': 'E', 'data': [ 'x', ] }\n";
        assert!(parse_str("t.json", src, how(StyleRules::Off, false)).is_err());
        let lenient = parse_str("t.json", src, how(StyleRules::Off, true)).unwrap();
        assert_eq!(lenient.exprs.len(), 2);
    }
}
