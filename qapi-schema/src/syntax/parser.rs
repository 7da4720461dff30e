//! One schema file, from its text to its items: expressions, include and
//! pragma directives, documentation comments, in textual order.  Like
//! QEMU's `QAPISchemaParser`, it reads tokens one at a time and stops at
//! the first error; it never reads another file (see [`super::files`]).

use std::sync::Arc;

use super::lexer::{Lexer, TokKind, Token};
use super::tree::{Node, TopExpr, Value};
use crate::doc::{self, Block, Doc, Line, StyleRules};
use crate::error::{Error, Kind, Result};
use crate::path::join_dir;
use crate::source::Info;

/// What a file holds, in order.  Locations have no include chain yet: the
/// merge, which knows where the file was included from, adds it.
pub(crate) enum Item {
    /// Index into [`FileOut::docs`].
    Doc(usize),
    Expr(TopExpr),
    /// An include directive: the expression (`include` set to the joined
    /// file name) and the name as written.
    Include {
        expr: TopExpr,
        include: String,
    },
    Pragma {
        pragmas: Vec<(String, Node)>,
        info: Info,
    },
    Warning(Error),
}

/// One file, parsed on its own.
pub(crate) struct FileOut {
    pub file: Arc<str>,
    pub src: Arc<str>,
    /// Its doc comments; [`Item::Doc`] and [`TopExpr::doc`] index them.
    pub docs: Vec<Doc>,
    pub items: Vec<Item>,
    /// The error that ended the parse, after `items`.
    pub error: Option<Error>,
}

/// Parses one file.  `lenient` reads the historical dialect's syntax
/// (trailing commas, older doc comments).
pub(crate) fn parse_file(fname: &str, src: Arc<str>, style: StyleRules, lenient: bool) -> FileOut {
    let file: Arc<str> = Arc::from(fname);
    let mut lexer = Lexer::default();
    let cur = lexer.next_token(&src);
    let mut p = FileParser {
        file: file.clone(),
        src: src.clone(),
        cur,
        lexer,
        style,
        lenient,
        docs: Vec::new(),
        items: Vec::new(),
    };
    let error = p.parse().err();
    FileOut {
        file,
        src,
        docs: p.docs,
        items: p.items,
        error,
    }
}

/// The parser of one file.
struct FileParser {
    file: Arc<str>,
    src: Arc<str>,
    /// The current token, and the scanner that gives the next ones.
    cur: Token,
    lexer: Lexer,
    style: StyleRules,
    /// Historical dialect: trailing commas, free-form doc comments.
    lenient: bool,
    docs: Vec<Doc>,
    items: Vec<Item>,
}

impl FileParser {
    fn kind(&self) -> &TokKind {
        &self.cur.kind
    }

    /// Location of the current token's line.
    fn info(&self) -> Info {
        Info::new(self.file.clone(), self.cur.line, None)
    }

    /// Location of the current token, with QEMU's column.
    fn info_here(&self) -> Info {
        self.info()
            .with_col(self.lexer.column(&self.src, &self.cur))
    }

    fn error_here(&self, kind: Kind, msg: impl Into<String>) -> Error {
        Error::new(kind, self.info_here(), msg)
    }

    /// The error of the current token if it is no token.
    fn token_error(&self) -> Option<Error> {
        match &self.cur.kind {
            TokKind::Error(msg) => Some(self.error_here(Kind::Syntax, msg.to_string())),
            _ => None,
        }
    }

    /// Moves to the next token, skipping plain comments but not those
    /// starting with `##`.  Like QEMU's lexer, fails as soon as it reaches
    /// text that is no token.
    fn accept(&mut self) -> Result<()> {
        self.cur = self.lexer.next_token(&self.src);
        self.skip_plain_comments();
        self.token_error().map_or(Ok(()), Err)
    }

    /// Moves past plain comments, from the current token on.
    fn skip_plain_comments(&mut self) {
        loop {
            let t = &self.cur;
            if t.kind != TokKind::Comment || self.src[t.start..t.end].starts_with("##") {
                return;
            }
            self.cur = self.lexer.next_token(&self.src);
        }
    }

    /// The comment line of the current token.
    fn comment_line(&self) -> (usize, usize, u32) {
        let t = &self.cur;
        (t.line_start, t.end, t.line)
    }

    /// A documentation comment; the current token is its `##`.  Its lines
    /// are handed to the doc reader, which reports their errors before
    /// that of the token after the block, as QEMU does.
    fn doc_block(&mut self) -> Result<(Doc, Vec<Error>)> {
        let mut spans = vec![(self.comment_line(), self.cur.start)];
        let mut closed = false;
        loop {
            self.cur = self.lexer.next_token(&self.src);
            if self.cur.kind != TokKind::Comment {
                break;
            }
            spans.push((self.comment_line(), self.cur.start));
            if self.src[self.cur.start..self.cur.end].starts_with("##") {
                closed = true;
                self.cur = self.lexer.next_token(&self.src);
                self.skip_plain_comments();
                break;
            }
        }
        let src = self.src.clone();
        let lines = spans
            .into_iter()
            .map(|((line_start, end, number), start)| Line {
                source: &src[line_start..end],
                start: start - line_start,
                number,
            })
            .collect();
        let block = Block {
            file: &self.file,
            lines,
            closed,
            next_error: self.token_error(),
            end: self.info_here(),
        };
        if self.lenient {
            Ok((doc::read_lenient(&block)?, Vec::new()))
        } else {
            doc::read(&block, self.style)
        }
    }

    fn parse(&mut self) -> Result<()> {
        self.skip_plain_comments();
        if let Some(e) = self.token_error() {
            return Err(e);
        }
        let mut cur_doc: Option<usize> = None;
        loop {
            let info = self.info();
            match self.kind() {
                TokKind::Eof => break,
                TokKind::Comment => {
                    if !self.lenient {
                        self.reject_expr_doc(cur_doc)?;
                    }
                    let (doc, warnings) = self.doc_block()?;
                    self.items.extend(warnings.into_iter().map(Item::Warning));
                    self.docs.push(doc);
                    let i = self.docs.len() - 1;
                    self.items.push(Item::Doc(i));
                    cur_doc = Some(i);
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
                if !self.lenient {
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
                let include = include.clone();
                self.items.push(Item::Include {
                    expr: TopExpr {
                        members: Vec::new(),
                        info,
                        doc: None,
                        include: Some(incl_fname),
                    },
                    include,
                });
            } else if has("pragma") {
                if !self.lenient {
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
                let pragmas = pragmas.clone();
                self.items.push(Item::Pragma { pragmas, info });
            } else {
                if let Some(d) = cur_doc {
                    let doc = &self.docs[d];
                    if doc.symbol.is_none() {
                        if !self.lenient {
                            return Err(Error::semantic(
                                &doc.info,
                                "definition documentation required",
                            ));
                        }
                        cur_doc = None;
                    }
                }
                self.items.push(Item::Expr(TopExpr {
                    members,
                    info,
                    doc: cur_doc,
                    include: None,
                }));
            }
            cur_doc = None;
        }
        if self.lenient {
            return Ok(());
        }
        self.reject_expr_doc(cur_doc)
    }

    fn reject_expr_doc(&self, doc: Option<usize>) -> Result<()> {
        if let Some(d) = doc {
            let doc = &self.docs[d];
            if let Some(sym) = &doc.symbol {
                return Err(Error::semantic(
                    &doc.info,
                    format!("documentation for '{sym}' is not followed by the definition"),
                ));
            }
        }
        Ok(())
    }

    /// Moves the current string token's text out (each token is read once).
    fn take_str(&mut self) -> String {
        self.lexer.string_value(&self.src, &self.cur)
    }

    fn node(&self, value: Value, line: u32, col: u32) -> Node {
        Node { value, line, col }
    }

    fn here(&self) -> (u32, u32) {
        (self.cur.line, self.lexer.column(&self.src, &self.cur))
    }

    fn get_members(&mut self) -> Result<Vec<(String, Node)>> {
        let mut members: Vec<(String, Node)> = Vec::new();
        if *self.kind() == TokKind::RBrace {
            self.accept()?;
            return Ok(members);
        }
        let TokKind::Str = self.kind() else {
            return Err(self.error_here(Kind::Syntax, "expected string or '}'"));
        };
        loop {
            let key = self.take_str();
            self.accept()?;
            if *self.kind() != TokKind::Colon {
                return Err(self.error_here(Kind::Syntax, "expected ':'"));
            }
            self.accept()?;
            if members.iter().any(|(k, _)| *k == key) {
                return Err(self.error_here(Kind::Syntax, format!("duplicate key '{key}'")));
            }
            let value = self.get_expr()?;
            members.push((key, value));
            match self.kind() {
                TokKind::RBrace => {
                    self.accept()?;
                    return Ok(members);
                }
                TokKind::Comma => {}
                // QEMU's parser of 2011-2012 did not need the comma.
                TokKind::Str if self.lenient => continue,
                _ => return Err(self.error_here(Kind::Syntax, "expected ',' or '}'")),
            }
            self.accept()?;
            if self.lenient && *self.kind() == TokKind::RBrace {
                self.accept()?;
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
            self.accept()?;
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
                    self.accept()?;
                    return Ok(values);
                }
                TokKind::Comma => {}
                TokKind::Str | TokKind::LBrace | TokKind::LBracket if self.lenient => continue,
                _ => return Err(self.error_here(Kind::Syntax, "expected ',' or ']'")),
            }
            self.accept()?;
            if self.lenient && *self.kind() == TokKind::RBracket {
                self.accept()?;
                return Ok(values);
            }
        }
    }

    pub(crate) fn get_expr(&mut self) -> Result<Node> {
        let (line, col) = self.here();
        let value = match self.kind() {
            TokKind::LBrace => {
                self.accept()?;
                Value::Object(self.get_members()?)
            }
            TokKind::LBracket => {
                self.accept()?;
                Value::List(self.get_values()?)
            }
            TokKind::Str => {
                let s = self.take_str();
                self.accept()?;
                Value::Str(s)
            }
            TokKind::True => {
                self.accept()?;
                Value::Bool(true)
            }
            TokKind::False => {
                self.accept()?;
                Value::Bool(false)
            }
            _ => return Err(self.error_here(Kind::Syntax, "expected '{', '[', string, or boolean")),
        };
        Ok(self.node(value, line, col))
    }
}
