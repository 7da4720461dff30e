//! Tokens of the schema syntax.
//!
//! The lexical syntax is specified by the pest grammar `schema.pest`, 43
//! lines that read like the language's specification.  The parser takes
//! its tokens from a hand-written scanner ([`Lexer`]) all the same: the
//! grammar, run through pest, takes 30 to 40 ms for QEMU's schema where
//! the scanner takes about 1 ms, which alone would spend the check's time
//! budget.  The grammar stays as the scanner's documentation and test
//! oracle: [`tokenize_pest`] gives its tokens, and the tests (and the
//! fuzzer) compare them with the scanner's on every input.

use pest::Parser as _;
use pest_derive::Parser;

#[derive(Parser)]
#[grammar = "syntax/schema.pest"]
struct SchemaLexer;

/// What a token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokKind {
    LBrace,
    RBrace,
    Colon,
    Comma,
    LBracket,
    RBracket,
    /// A string; [`string_value`] gives its text, quotes removed and
    /// escapes resolved.
    Str,
    True,
    False,
    /// A comment, `#` included, up to the end of the line.
    Comment,
    /// Text that is no token; the message QEMU gives for it.
    Error(Box<str>),
    Eof,
}

/// A token with its position.
#[derive(Debug, Clone)]
pub struct Token {
    pub kind: TokKind,
    /// Byte offsets of the token in the source.
    pub start: usize,
    pub end: usize,
    /// 1-based line, and the byte offset where that line starts.
    pub line: u32,
    pub line_start: usize,
}

/// The text of a string token of `src`: quotes removed, escapes resolved.
pub fn string_value(src: &str, tok: &Token) -> String {
    let body = &src[tok.start + 1..tok.end - 1];
    if body.contains('\\') {
        body.replace("\\\\", "\\")
    } else {
        body.to_owned()
    }
}

/// Splits `src` (which must end with a newline) into tokens.  Never fails.
///
/// The scanner's tokens, which are those of the grammar
/// ([`tokenize_pest`]).  The parser does not keep the tokens: it reads
/// them one at a time from a [`Lexer`].
pub fn tokenize(src: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(src.len() / 8);
    let mut lexer = Lexer::default();
    loop {
        let t = lexer.next_token(src);
        let eof = t.kind == TokKind::Eof;
        out.push(t);
        if eof {
            return out;
        }
    }
}

/// The scanner's position in a source text: produces the tokens of
/// [`tokenize`] one at a time, so that a file's tokens are never all in
/// memory.  After the end it keeps returning the `Eof` token.
#[derive(Debug, Clone)]
pub struct Lexer {
    i: usize,
    line: u32,
    line_start: usize,
    /// Whether the last string read may hold an escape.
    escaped: bool,
    /// Whether the current line is ASCII without tabs so far, where a
    /// column is a byte offset.
    plain: bool,
    /// The `Eof` token, once reached.
    eof: Option<(usize, usize)>,
}

impl Default for Lexer {
    fn default() -> Self {
        Lexer {
            i: 0,
            line: 1,
            line_start: 0,
            escaped: false,
            plain: true,
            eof: None,
        }
    }
}

impl Lexer {
    /// The next token of `src`, which must be the text every call is given.
    pub fn next_token(&mut self, src: &str) -> Token {
        if let Some((start, end)) = self.eof {
            return self.token(TokKind::Eof, start, end);
        }
        let bytes = src.as_bytes();
        let mut i = self.i;
        while i < bytes.len() {
            let start = i;
            let b = bytes[i];
            let kind = match b {
                b'\n' => {
                    i += 1;
                    if i == bytes.len() {
                        // The final newline ends the input.
                        self.eof = Some((start, i));
                        return self.token(TokKind::Eof, start, i);
                    }
                    self.line += 1;
                    self.line_start = i;
                    self.plain = true;
                    continue;
                }
                b' ' | b'\t' | b'\r' | 0x0b | 0x0c | 0x1c..=0x1f => {
                    self.plain &= b != b'\t';
                    i = skip_spaces(bytes, i + 1);
                    continue;
                }
                b'#' => {
                    i = memchr_newline(bytes, i);
                    TokKind::Comment
                }
                b'{' | b'}' | b':' | b',' | b'[' | b']' => {
                    i += 1;
                    match b {
                        b'{' => TokKind::LBrace,
                        b'}' => TokKind::RBrace,
                        b':' => TokKind::Colon,
                        b',' => TokKind::Comma,
                        b'[' => TokKind::LBracket,
                        _ => TokKind::RBracket,
                    }
                }
                b'\'' => {
                    // A terminated string, or one that reaches the end of line.
                    // Nearly every string is printable ASCII without escapes,
                    // which this scan tells; the others are checked again.
                    let mut j = i + 1;
                    let mut closed = false;
                    let mut plain = true;
                    while j < bytes.len() {
                        // Runs of ordinary characters first.
                        while j < bytes.len() && ORDINARY_IN_STRING[usize::from(bytes[j])] {
                            j += 1;
                        }
                        let Some(&c) = bytes.get(j) else { break };
                        match c {
                            b'\'' => {
                                closed = true;
                                break;
                            }
                            b'\\' if j + 1 < bytes.len() && bytes[j + 1] != b'\n' => {
                                plain = false;
                                j += 2;
                            }
                            b'\n' => break,
                            c => {
                                plain &= (32..127).contains(&c) && c != b'\\';
                                j += 1;
                            }
                        }
                    }
                    self.escaped = !plain;
                    if closed && plain {
                        i = j + 1;
                        TokKind::Str
                    } else if closed {
                        i = j + 1;
                        match check_string(&src[start + 1..j]) {
                            Ok(()) => TokKind::Str,
                            Err(msg) => {
                                self.plain = false;
                                TokKind::Error(msg.into())
                            }
                        }
                    } else {
                        self.plain = false;
                        i = memchr_newline(bytes, i);
                        match check_string(&src[start + 1..i]) {
                            Ok(()) => TokKind::Error("missing terminating \"'\"".into()),
                            Err(msg) => TokKind::Error(msg.into()),
                        }
                    }
                }
                _ if bytes[i..].starts_with(b"true") => {
                    i += 4;
                    TokKind::True
                }
                _ if bytes[i..].starts_with(b"false") => {
                    i += 5;
                    TokKind::False
                }
                _ => {
                    self.plain = false;
                    let ch = src[i..].chars().next().expect("in bounds");
                    if is_space(ch) {
                        i += ch.len_utf8();
                        continue;
                    }
                    // Stray text up to a structural, white-space or quote character.
                    let rest = &src[i..];
                    let len = rest
                        .char_indices()
                        .find(|&(_, c)| {
                            matches!(c, '{' | '}' | ':' | ',' | '[' | ']' | '\'' | '\n')
                                || is_space(c)
                        })
                        .map_or(rest.len(), |(n, _)| n);
                    i += len;
                    TokKind::Error(format!("stray '{}'", &src[start..i]).into())
                }
            };
            self.i = i;
            return self.token(kind, start, i);
        }
        self.i = i;
        self.eof = Some((src.len(), src.len()));
        self.token(TokKind::Eof, src.len(), src.len())
    }

    /// The text of `tok`, the string token last returned: quotes removed,
    /// escapes resolved.
    pub fn string_value(&self, src: &str, tok: &Token) -> String {
        if self.escaped {
            string_value(src, tok)
        } else {
            src[tok.start + 1..tok.end - 1].to_owned()
        }
    }

    /// The column of `tok`, the token last returned: its byte offset in
    /// the line while the line is plain ASCII, else as [`column`] counts.
    pub fn column(&self, src: &str, tok: &Token) -> u32 {
        if self.plain && tok.line_start == self.line_start {
            (tok.start - tok.line_start) as u32 + 1
        } else {
            crate::source::column(&src[tok.line_start..], tok.start - tok.line_start)
        }
    }

    fn token(&self, kind: TokKind, start: usize, end: usize) -> Token {
        Token {
            kind,
            start,
            end,
            line: self.line,
            line_start: self.line_start,
        }
    }
}

/// Which bytes need no attention inside a string: printable ASCII but
/// the quote and the backslash.
static ORDINARY_IN_STRING: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 32;
    while b < 127 {
        t[b] = b != b'\'' as usize && b != b'\\' as usize;
        b += 1;
    }
    t
};

/// The offset of the first byte at or after `i` that is not a space,
/// eight bytes at a time.
fn skip_spaces(bytes: &[u8], mut i: usize) -> usize {
    const SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
    while let Some(chunk) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        let diff = word ^ SPACES;
        if diff != 0 {
            // The lowest differing byte is the first that is no space.
            return i + (diff.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i) == Some(&b' ') {
        i += 1;
    }
    i
}

/// The offset of the next newline at or after `from` (or the end).
fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    memchr::memchr(b'\n', &bytes[from..]).map_or(bytes.len(), |n| from + n)
}

/// Python's `str.isspace()`, less the newline (as the grammar's
/// `space_char`).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\u{0B}' | '\u{0C}' | '\u{1C}'..='\u{1F}' | '\u{85}' | '\u{A0}'
        | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{3000}')
}

/// Splits `src` into tokens with the pest grammar: the reference
/// implementation of the lexical syntax.  Same result as [`tokenize`].
pub fn tokenize_pest(src: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(src.len() / 16);
    let mut line = 1u32;
    let mut line_start = 0usize;
    let pairs = match SchemaLexer::parse(Rule::file, src) {
        Ok(p) => p,
        // The grammar accepts every input; this is only a safety net.
        Err(_) => {
            out.push(Token {
                kind: TokKind::Error("unreadable input".into()),
                start: 0,
                end: 0,
                line,
                line_start,
            });
            return out;
        }
    };
    for pair in pairs {
        let span = pair.as_span();
        let (start, end) = (span.start(), span.end());
        let kind = match pair.as_rule() {
            Rule::newline => {
                if end == src.len() {
                    // The final newline ends the input.
                    out.push(Token {
                        kind: TokKind::Eof,
                        start,
                        end,
                        line,
                        line_start,
                    });
                    return out;
                }
                line += 1;
                line_start = end;
                continue;
            }
            Rule::comment => TokKind::Comment,
            Rule::punct => match &src[start..start + 1] {
                "{" => TokKind::LBrace,
                "}" => TokKind::RBrace,
                ":" => TokKind::Colon,
                "," => TokKind::Comma,
                "[" => TokKind::LBracket,
                _ => TokKind::RBracket,
            },
            Rule::string => match check_string(&src[start + 1..end - 1]) {
                Ok(()) => TokKind::Str,
                Err(msg) => TokKind::Error(msg.into()),
            },
            Rule::open_string => match check_string(&src[start + 1..end]) {
                Ok(()) => TokKind::Error("missing terminating \"'\"".into()),
                Err(msg) => TokKind::Error(msg.into()),
            },
            Rule::kw_true => TokKind::True,
            Rule::kw_false => TokKind::False,
            Rule::stray => TokKind::Error(format!("stray '{}'", &src[start..end]).into()),
            _ => continue,
        };
        out.push(Token {
            kind,
            start,
            end,
            line,
            line_start,
        });
    }
    out.push(Token {
        kind: TokKind::Eof,
        start: src.len(),
        end: src.len(),
        line,
        line_start,
    });
    out
}

/// Checks the body of a string literal: only `\\` is an escape, and only
/// printable ASCII is allowed.  Returns QEMU's message for the first
/// problem.
fn check_string(body: &str) -> Result<(), String> {
    // Printable ASCII without escapes: nearly every string.
    if body.bytes().all(|b| (32..127).contains(&b) && b != b'\\') {
        return Ok(());
    }
    let mut esc = false;
    for ch in body.chars() {
        if esc {
            if ch != '\\' {
                return Err(format!("unknown escape \\{ch}"));
            }
            esc = false;
        } else if ch == '\\' {
            esc = true;
            continue;
        }
        if (ch as u32) < 32 || (ch as u32) >= 127 {
            return Err("funny character in string".into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<TokKind> {
        tokenize(src).into_iter().map(|t| t.kind).collect()
    }

    fn strings(src: &str) -> Vec<String> {
        tokenize(src)
            .iter()
            .filter(|t| t.kind == TokKind::Str)
            .map(|t| string_value(src, t))
            .collect()
    }

    #[test]
    fn punctuation_strings_and_keywords() {
        assert_eq!(
            kinds("{ 'a': [true, false] }\n"),
            vec![
                TokKind::LBrace,
                TokKind::Str,
                TokKind::Colon,
                TokKind::LBracket,
                TokKind::True,
                TokKind::Comma,
                TokKind::False,
                TokKind::RBracket,
                TokKind::RBrace,
                TokKind::Eof
            ]
        );
    }

    #[test]
    fn comments_and_lines() {
        let toks = tokenize("# one\n##\n'x'\n");
        assert_eq!(toks[0].kind, TokKind::Comment);
        assert_eq!(toks[1].kind, TokKind::Comment);
        assert_eq!(toks[1].line, 2);
        assert_eq!(toks[2].kind, TokKind::Str);
        assert_eq!(toks[2].line, 3);
        assert_eq!(toks[3].kind, TokKind::Eof);
    }

    #[test]
    fn string_errors() {
        assert_eq!(
            kinds("'abc\n")[0],
            TokKind::Error("missing terminating \"'\"".into())
        );
        assert_eq!(
            kinds("'a\\n'\n")[0],
            TokKind::Error("unknown escape \\n".into())
        );
        assert_eq!(strings("'a\\\\b' 'c'\n"), ["a\\b", "c"]);
        assert_eq!(
            kinds("'caf\u{e9}'\n")[0],
            TokKind::Error("funny character in string".into())
        );
    }

    /// The fast scanner and the pest grammar agree.
    fn same_as_pest(src: &str) {
        let fast: Vec<_> = tokenize(src)
            .into_iter()
            .map(|t| (t.kind, t.start, t.end, t.line, t.line_start))
            .collect();
        let pest: Vec<_> = tokenize_pest(src)
            .into_iter()
            .map(|t| (t.kind, t.start, t.end, t.line, t.line_start))
            .collect();
        assert_eq!(fast, pest, "on {src:?}");
    }

    #[test]
    fn fast_scanner_matches_grammar() {
        for src in [
            "{ 'a': [true, false] }\n",
            "# c\n## doc\n#\n'x'\n",
            "'abc\n",
            "'a\\n'\n'a\\\\b' 'c\\\n",
            "foo;bar: trueish falsey \"x\"\n",
            "\t\u{a0}\u{2003}{}\u{3000}x\u{85}y\n",
            "'caf\u{e9}' \u{e9}t\u{e9}\n",
            "{ 'a' }\n\n\n",
            "",
            "\n",
        ] {
            let src = if src.ends_with('\n') {
                src.to_owned()
            } else {
                format!("{src}\n")
            };
            same_as_pest(&src);
        }
    }

    #[test]
    fn space_runs() {
        for n in 0..40 {
            for tail in ["", "x", "\t", "\u{e9}"] {
                let text = format!("{}{tail}", " ".repeat(n));
                assert_eq!(skip_spaces(text.as_bytes(), 0), n, "{text:?}");
            }
        }
        assert_eq!(skip_spaces(b"ab   ", 2), 5);
    }

    /// The lexer's string values, with and without escapes.
    #[test]
    fn lexer_string_values() {
        let src = "'a\\\\b' 'c' '' 'd\\\\'\n";
        let mut lexer = Lexer::default();
        let mut values = Vec::new();
        loop {
            let t = lexer.next_token(src);
            if t.kind != TokKind::Str {
                break;
            }
            assert_eq!(lexer.string_value(src, &t), string_value(src, &t));
            values.push(lexer.string_value(src, &t));
        }
        assert_eq!(values, ["a\\b", "c", "", "d\\"]);
    }

    /// The lexer's shortcut for columns agrees with counting them.
    #[test]
    fn columns_agree() {
        for src in [
            "{ 'a': [true, false] }\n",
            "\t{ 'a':\t'b' }\n",
            "{ 'caf\u{e9}': 'x', 'y': 1 }\n",
            "\u{a0}{ 'a': 'b' }\n  'c'\n",
            "x\u{e9} 'a' 'b'\n",
            "'a\\\\b' 'c'\n",
        ] {
            let mut lexer = Lexer::default();
            loop {
                let t = lexer.next_token(src);
                let counted = crate::source::column(&src[t.line_start..], t.start - t.line_start);
                assert_eq!(lexer.column(src, &t), counted, "{src:?} at {}", t.start);
                if t.kind == TokKind::Eof {
                    break;
                }
            }
        }
    }

    #[test]
    fn stray_text() {
        assert_eq!(
            kinds("foo;bar:\n")[0],
            TokKind::Error("stray 'foo;bar'".into())
        );
        assert_eq!(kinds("trueish\n")[0], TokKind::True);
        assert_eq!(kinds("\"x\"\n")[0], TokKind::Error("stray '\"x\"'".into()));
    }
}
