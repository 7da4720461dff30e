//! Tokens of the schema syntax, produced by the pest grammar in
//! `grammar/schema.pest`.

use pest::Parser as _;
use pest_derive::Parser;

#[derive(Parser)]
#[grammar = "grammar/schema.pest"]
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
    /// A string, without quotes, escapes resolved.
    Str(String),
    True,
    False,
    /// A comment, `#` included, up to the end of the line.
    Comment,
    /// Text that is no token; the message QEMU gives for it.
    Error(String),
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

/// Splits `src` (which must end with a newline) into tokens.  Never fails.
pub fn tokenize(src: &str) -> Vec<Token> {
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
            Rule::string => match unquote(&src[start + 1..end - 1]) {
                Ok(s) => TokKind::Str(s),
                Err(msg) => TokKind::Error(msg),
            },
            Rule::open_string => match unquote(&src[start + 1..end]) {
                Ok(_) => TokKind::Error("missing terminating \"'\"".into()),
                Err(msg) => TokKind::Error(msg),
            },
            Rule::kw_true => TokKind::True,
            Rule::kw_false => TokKind::False,
            Rule::stray => TokKind::Error(format!("stray '{}'", &src[start..end])),
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

/// Resolves the body of a string literal: only `\\` is an escape, and only
/// printable ASCII is allowed.  Returns QEMU's message for the first problem.
fn unquote(body: &str) -> Result<String, String> {
    let mut s = String::with_capacity(body.len());
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
        s.push(ch);
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<TokKind> {
        tokenize(src).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn punctuation_strings_and_keywords() {
        assert_eq!(
            kinds("{ 'a': [true, false] }\n"),
            vec![
                TokKind::LBrace,
                TokKind::Str("a".into()),
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
        assert_eq!(toks[2].kind, TokKind::Str("x".into()));
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
        assert_eq!(kinds("'a\\\\b'\n")[0], TokKind::Str("a\\b".into()));
        assert_eq!(
            kinds("'caf\u{e9}'\n")[0],
            TokKind::Error("funny character in string".into())
        );
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
