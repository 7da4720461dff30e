//! From source text to top-level expressions and documentation comments,
//! following the stages of QEMU's `QAPISchemaParser`: files are read,
//! includes followed, pragmas applied, doc comments attached.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::doc::Doc;
use crate::error::{Error, Kind, Result};
use crate::lexer::{tokenize, TokKind, Token};
use crate::pragma::Pragma;
use crate::source::{column, IncludeSite, Info};
use crate::syntax::{Node, TopExpr, Value};

/// How documentation style rules (line length, sentence spacing) are
/// enforced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StyleRules {
    /// As errors, like QEMU 10.2.
    #[default]
    Error,
    /// As warnings, collected in [`Parsed::warnings`].
    Warn,
    /// Not checked (the historical dialect predates them).
    Off,
}

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

/// State shared by the parsers of a root file and its includes.
pub(crate) struct Ctx {
    pub(crate) out: Parsed,
    pub(crate) style: StyleRules,
    /// Historical dialect: trailing commas, free-form doc comments.
    pub(crate) lenient: bool,
    included: HashSet<PathBuf>,
    pub(crate) literal_mode: bool,
    pub(crate) literal_indent: usize,
}

impl Ctx {
    fn new(style: StyleRules, lenient: bool) -> Self {
        Ctx {
            out: Parsed::default(),
            style,
            lenient,
            included: HashSet::new(),
            literal_mode: false,
            literal_indent: 0,
        }
    }
}

/// Parses the schema whose root file is `fname`.  `lenient` reads the
/// historical dialect's syntax (trailing commas, older doc comments).
pub fn parse_schema(fname: &str, style: StyleRules, lenient: bool) -> Result<Parsed> {
    let mut ctx = Ctx::new(style, lenient);
    let src = read_source(fname).map_err(|reason| Error {
        kind: Kind::Io,
        info: None,
        message: format!("can't read schema file '{fname}': {reason}"),
    })?;
    parse_file(&mut ctx, fname, src, None)?;
    Ok(ctx.out)
}

/// Parses schema text that is not in a file (tests, fuzzing, proc macros).
pub fn parse_str(fname: &str, text: &str, style: StyleRules, lenient: bool) -> Result<Parsed> {
    let mut ctx = Ctx::new(style, lenient);
    parse_file(&mut ctx, fname, normalize_newlines(text), None)?;
    Ok(ctx.out)
}

/// Reads a file as QEMU does: UTF-8, universal newlines, a final newline.
fn read_source(fname: &str) -> std::result::Result<String, String> {
    let bytes = std::fs::read(fname).map_err(|e| strerror(&e))?;
    let text = String::from_utf8(bytes).map_err(|_| "invalid UTF-8".to_string())?;
    Ok(normalize_newlines(&text))
}

fn normalize_newlines(text: &str) -> String {
    let mut s = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    };
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// The C library's text for an I/O error, without Rust's "(os error N)".
pub(crate) fn strerror(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// `os.path.abspath`: absolute and lexically normalized.
pub(crate) fn abspath(p: &str) -> PathBuf {
    let path = Path::new(p);
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `os.path.join(os.path.dirname(base), rel)`.
fn join_dir(base: &str, rel: &str) -> String {
    if rel.starts_with('/') {
        return rel.to_owned();
    }
    match base.rfind('/') {
        Some(i) => {
            let dir = &base[..i];
            let dir = if dir.is_empty() { "/" } else { dir };
            if dir.ends_with('/') {
                format!("{dir}{rel}")
            } else {
                format!("{dir}/{rel}")
            }
        }
        None => rel.to_owned(),
    }
}

fn parse_file(
    ctx: &mut Ctx,
    fname: &str,
    src: String,
    parent: Option<Arc<IncludeSite>>,
) -> Result<()> {
    ctx.included.insert(abspath(fname));
    let file: Arc<str> = Arc::from(fname);
    let src: Arc<str> = Arc::from(src);
    ctx.out.sources.push((file.clone(), src.clone()));
    let toks = tokenize(&src);
    let mut p = FileParser {
        ctx,
        file,
        src,
        toks,
        i: 0,
        parent,
    };
    p.parse()
}

/// The parser of one file.
pub(crate) struct FileParser<'c> {
    pub(crate) ctx: &'c mut Ctx,
    pub(crate) file: Arc<str>,
    pub(crate) src: Arc<str>,
    pub(crate) toks: Vec<Token>,
    pub(crate) i: usize,
    pub(crate) parent: Option<Arc<IncludeSite>>,
}

impl FileParser<'_> {
    pub(crate) fn tok(&self) -> &Token {
        &self.toks[self.i]
    }

    pub(crate) fn kind(&self) -> &TokKind {
        &self.toks[self.i].kind
    }

    /// The text of the current comment token.
    pub(crate) fn comment_text(&self) -> &str {
        let t = &self.toks[self.i];
        &self.src[t.start..t.end]
    }

    /// Location of the current token's line.
    pub(crate) fn info(&self) -> Info {
        Info::new(self.file.clone(), self.tok().line, self.parent.clone())
    }

    /// A syntax error at the current token, with QEMU's column.
    pub(crate) fn error_here(&self, kind: Kind, msg: impl Into<String>) -> Error {
        let t = self.tok();
        let line = &self.src[t.line_start..];
        let col = column(line, t.start - t.line_start);
        Error::new(kind, self.info().with_col(col), msg)
    }

    /// Moves to the next token.  With `skip_comment`, plain comments are
    /// skipped, but a comment starting with `##` is returned.  Like QEMU's
    /// lexer, fails as soon as it reaches text that is no token.
    pub(crate) fn accept(&mut self, skip_comment: bool) -> Result<()> {
        if self.i + 1 < self.toks.len() {
            self.i += 1;
        }
        self.settle(skip_comment)
    }

    /// Skips plain comments (if asked) from the current token on, and
    /// raises the error of an error token.
    fn settle(&mut self, skip_comment: bool) -> Result<()> {
        loop {
            let t = &self.toks[self.i];
            match &t.kind {
                TokKind::Comment if skip_comment && !self.src[t.start..t.end].starts_with("##") => {
                    self.i += 1;
                }
                TokKind::Error(msg) => return Err(self.error_here(Kind::Syntax, msg.to_string())),
                _ => return Ok(()),
            }
        }
    }

    fn parse(&mut self) -> Result<()> {
        self.settle(true)?;
        let mut cur_doc: Option<usize> = None;
        loop {
            let info = self.info();
            match self.kind() {
                TokKind::Eof => break,
                TokKind::Comment => {
                    if !self.ctx.lenient {
                        self.reject_expr_doc(cur_doc)?;
                    }
                    let doc = if self.ctx.lenient {
                        self.get_doc_lenient()?
                    } else {
                        self.get_doc()?
                    };
                    self.ctx.out.docs.push(doc);
                    cur_doc = Some(self.ctx.out.docs.len() - 1);
                    continue;
                }
                _ => {}
            }
            let expr = self.get_expr()?;
            let Value::Object(members) = expr.value else {
                return Err(Error::semantic(
                    &info,
                    "top-level expression must be an object",
                ));
            };
            let has = |k: &str| members.iter().any(|(key, _)| key == k);
            if has("include") {
                if !self.ctx.lenient {
                    self.reject_expr_doc(cur_doc)?;
                }
                if members.len() != 1 {
                    return Err(Error::semantic(&info, "invalid 'include' directive"));
                }
                let Value::Str(include) = &members[0].1.value else {
                    return Err(Error::semantic(
                        &info,
                        "value of 'include' must be a string",
                    ));
                };
                let incl_fname = join_dir(&self.file, include);
                self.ctx.out.exprs.push(TopExpr {
                    members: Vec::new(),
                    info: info.clone(),
                    doc: None,
                    include: Some(incl_fname.clone()),
                });
                self.include(include, &info, &incl_fname)?;
            } else if has("pragma") {
                if !self.ctx.lenient {
                    self.reject_expr_doc(cur_doc)?;
                }
                if members.len() != 1 {
                    return Err(Error::semantic(&info, "invalid 'pragma' directive"));
                }
                let Value::Object(pragmas) = &members[0].1.value else {
                    return Err(Error::semantic(
                        &info,
                        "value of 'pragma' must be an object",
                    ));
                };
                let lenient = self.ctx.lenient;
                for (name, value) in pragmas {
                    self.ctx
                        .out
                        .pragma
                        .apply_dialect(name, value, &info, lenient)?;
                }
            } else {
                if let Some(d) = cur_doc {
                    let doc = &self.ctx.out.docs[d];
                    if doc.symbol.is_none() {
                        if !self.ctx.lenient {
                            return Err(Error::semantic(
                                &doc.info,
                                "definition documentation required",
                            ));
                        }
                        cur_doc = None;
                    }
                }
                self.ctx.out.exprs.push(TopExpr {
                    members,
                    info,
                    doc: cur_doc,
                    include: None,
                });
            }
            cur_doc = None;
        }
        if self.ctx.lenient {
            return Ok(());
        }
        self.reject_expr_doc(cur_doc)
    }

    fn reject_expr_doc(&self, doc: Option<usize>) -> Result<()> {
        if let Some(d) = doc {
            let doc = &self.ctx.out.docs[d];
            if let Some(sym) = &doc.symbol {
                return Err(Error::semantic(
                    &doc.info,
                    format!("documentation for '{sym}' is not followed by the definition"),
                ));
            }
        }
        Ok(())
    }

    fn include(&mut self, include: &str, info: &Info, incl_fname: &str) -> Result<()> {
        let incl_abs = abspath(incl_fname);
        // An inclusion cycle: the file includes itself, directly or not.
        if abspath(&info.file) == incl_abs {
            return Err(Error::semantic(
                info,
                format!("inclusion loop for {include}"),
            ));
        }
        let mut site = info.parent.as_deref();
        while let Some(s) = site {
            if abspath(&s.file) == incl_abs {
                return Err(Error::semantic(
                    info,
                    format!("inclusion loop for {include}"),
                ));
            }
            site = s.parent.as_deref();
        }
        // A file already included is skipped.
        if self.ctx.included.contains(&incl_abs) {
            return Ok(());
        }
        let src = read_source(incl_fname).map_err(|reason| {
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
        parse_file(self.ctx, incl_fname, src, parent)
    }

    /// Moves the current string token's text out (each token is read once).
    fn take_str(&mut self) -> String {
        crate::lexer::string_value(&self.src, &self.toks[self.i])
    }

    fn node(&self, value: Value, line: u32, col: u32) -> Node {
        Node { value, line, col }
    }

    fn here(&self) -> (u32, u32) {
        let t = self.tok();
        (
            t.line,
            column(&self.src[t.line_start..], t.start - t.line_start),
        )
    }

    fn get_members(&mut self) -> Result<Vec<(String, Node)>> {
        let mut members: Vec<(String, Node)> = Vec::new();
        if *self.kind() == TokKind::RBrace {
            self.accept(true)?;
            return Ok(members);
        }
        let TokKind::Str = self.kind() else {
            return Err(self.error_here(Kind::Syntax, "expected string or '}'"));
        };
        loop {
            let key = self.take_str();
            self.accept(true)?;
            if *self.kind() != TokKind::Colon {
                return Err(self.error_here(Kind::Syntax, "expected ':'"));
            }
            self.accept(true)?;
            if members.iter().any(|(k, _)| *k == key) {
                return Err(self.error_here(Kind::Syntax, format!("duplicate key '{key}'")));
            }
            let value = self.get_expr()?;
            members.push((key, value));
            match self.kind() {
                TokKind::RBrace => {
                    self.accept(true)?;
                    return Ok(members);
                }
                TokKind::Comma => {}
                // QEMU's parser of 2011-2012 did not need the comma.
                TokKind::Str if self.ctx.lenient => continue,
                _ => return Err(self.error_here(Kind::Syntax, "expected ',' or '}'")),
            }
            self.accept(true)?;
            if self.ctx.lenient && *self.kind() == TokKind::RBrace {
                self.accept(true)?;
                return Ok(members);
            }
            if !matches!(self.kind(), TokKind::Str) {
                return Err(self.error_here(Kind::Syntax, "expected string"));
            }
        }
    }

    fn get_values(&mut self) -> Result<Vec<Node>> {
        let mut values = Vec::new();
        if *self.kind() == TokKind::RBracket {
            self.accept(true)?;
            return Ok(values);
        }
        if !matches!(
            self.kind(),
            TokKind::LBrace | TokKind::LBracket | TokKind::Str | TokKind::True | TokKind::False
        ) {
            return Err(self.error_here(Kind::Syntax, "expected '{', '[', ']', string, or boolean"));
        }
        loop {
            values.push(self.get_expr()?);
            match self.kind() {
                TokKind::RBracket => {
                    self.accept(true)?;
                    return Ok(values);
                }
                TokKind::Comma => {}
                TokKind::Str | TokKind::LBrace | TokKind::LBracket if self.ctx.lenient => continue,
                _ => return Err(self.error_here(Kind::Syntax, "expected ',' or ']'")),
            }
            self.accept(true)?;
            if self.ctx.lenient && *self.kind() == TokKind::RBracket {
                self.accept(true)?;
                return Ok(values);
            }
        }
    }

    pub(crate) fn get_expr(&mut self) -> Result<Node> {
        let (line, col) = self.here();
        let value = match self.kind() {
            TokKind::LBrace => {
                self.accept(true)?;
                Value::Object(self.get_members()?)
            }
            TokKind::LBracket => {
                self.accept(true)?;
                Value::List(self.get_values()?)
            }
            TokKind::Str => {
                let s = self.take_str();
                self.accept(true)?;
                Value::Str(s)
            }
            TokKind::True => {
                self.accept(true)?;
                Value::Bool(true)
            }
            TokKind::False => {
                self.accept(true)?;
                Value::Bool(false)
            }
            _ => return Err(self.error_here(Kind::Syntax, "expected '{', '[', string, or boolean")),
        };
        Ok(self.node(value, line, col))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(src: &str) -> String {
        parse_str("t.json", src, StyleRules::Error, false)
            .unwrap_err()
            .render_short()
    }

    #[test]
    fn parses_expressions() {
        let p = parse_str(
            "t.json",
            "{ 'enum': 'E', 'data': [ 'a', 'b' ] }\n",
            StyleRules::Error,
            false,
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
            StyleRules::Error,
            false,
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
        assert!(parse_str("t.json", src, StyleRules::Off, false).is_err());
        assert_eq!(
            parse_str("t.json", src, StyleRules::Off, true)
                .unwrap()
                .exprs
                .len(),
            2
        );
    }

    #[test]
    fn join_dir_like_python() {
        assert_eq!(join_dir("a.json", "b.json"), "b.json");
        assert_eq!(join_dir("d/a.json", "b.json"), "d/b.json");
        assert_eq!(join_dir("d/a.json", "../b.json"), "d/../b.json");
        assert_eq!(join_dir("/a.json", "b.json"), "/b.json");
    }
}
