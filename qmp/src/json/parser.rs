//! Turns one message's tokens into a value, with the grammar, number
//! conversions, string decoding and error messages of QEMU's
//! qobject/json-parser.c. Errors are reported as QEMU does:
//! `JSON parse error, <message>`, the first error winning.

use super::lexer::TokKind;
use super::unicode::{is_valid_codepoint, lossy_c_string, mod_utf8_codepoint};
use super::value::{Dict, Value};
use std::collections::HashSet;

/// A token: kind plus its text.
pub struct Tok<'a> {
    pub kind: TokKind,
    pub text: &'a [u8],
}

struct Ctx<'a, 'b> {
    toks: &'b [Tok<'a>],
    pos: usize,
}

/// The parse error message (the `desc` QEMU would send).
pub type ParseError = String;

fn error(msg: &[u8]) -> ParseError {
    // QEMU formats the message into a 1024-byte buffer.
    let msg = &msg[..msg.len().min(1023)];
    let mut full = b"JSON parse error, ".to_vec();
    full.extend_from_slice(msg);
    lossy_c_string(&full)
}

fn msg_err(m: &str) -> ParseError {
    error(m.as_bytes())
}

impl<'a> Ctx<'a, '_> {
    fn peek(&self) -> Option<&Tok<'a>> {
        self.toks.get(self.pos)
    }

    fn pop(&mut self) -> Option<&Tok<'a>> {
        let t = self.toks.get(self.pos);
        if t.is_some() {
            self.pos += 1;
        }
        t
    }

    fn value(&mut self, depth: usize) -> Result<Value, ParseError> {
        let Some(tok) = self.peek() else {
            return Err(msg_err("premature EOI"));
        };
        match tok.kind {
            TokKind::LCurly => self.object(depth + 1),
            TokKind::LSquare => self.array(depth + 1),
            TokKind::Integer | TokKind::Float | TokKind::String => self.literal(),
            TokKind::Keyword => {
                let t = self.pop().expect("peeked");
                match t.text {
                    b"true" => Ok(Value::Bool(true)),
                    b"false" => Ok(Value::Bool(false)),
                    b"null" => Ok(Value::Null),
                    other => {
                        let mut m = b"invalid keyword '".to_vec();
                        m.extend_from_slice(other);
                        m.push(b'\'');
                        Err(error(&m))
                    }
                }
            }
            _ => Err(msg_err("expecting value")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.pop(); // '{'
        let mut dict = Dict::new();
        let mut seen: Option<HashSet<String>> = None;
        match self.peek() {
            None => return Err(msg_err("premature EOI")),
            Some(t) if t.kind == TokKind::RCurly => {
                self.pop();
                return Ok(Value::Dict(dict));
            }
            Some(_) => {}
        }
        loop {
            self.pair(&mut dict, &mut seen, depth)?;
            let Some(t) = self.pop() else {
                return Err(msg_err("premature EOI"));
            };
            match t.kind {
                TokKind::RCurly => return Ok(Value::Dict(dict)),
                TokKind::Comma => {}
                _ => return Err(msg_err("expected separator in dict")),
            }
        }
    }

    fn pair(
        &mut self,
        dict: &mut Dict,
        seen: &mut Option<HashSet<String>>,
        depth: usize,
    ) -> Result<(), ParseError> {
        if self.peek().is_none() {
            return Err(msg_err("premature EOI"));
        }
        let key = match self.value(depth)? {
            Value::String(s) => s,
            _ => return Err(msg_err("key is not a string in object")),
        };
        let Some(t) = self.pop() else {
            return Err(msg_err("premature EOI"));
        };
        if t.kind != TokKind::Colon {
            return Err(msg_err("missing : in object pair"));
        }
        let value = self.value(depth)?;
        // QEMU compares keys as C strings.
        let ckey = c_str(&key);
        let dup = match seen {
            Some(set) => set.contains(ckey),
            None => dict.iter().any(|(k, _)| c_str(k) == ckey),
        };
        if dup {
            return Err(msg_err("duplicate key"));
        }
        if seen.is_none() && dict.len() >= 16 {
            *seen = Some(dict.iter().map(|(k, _)| c_str(k).to_string()).collect());
        }
        if let Some(set) = seen {
            set.insert(ckey.to_string());
        }
        dict.push_unchecked(key, value);
        Ok(())
    }

    fn array(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.pop(); // '['
        let mut list = Vec::new();
        match self.peek() {
            None => return Err(msg_err("premature EOI")),
            Some(t) if t.kind == TokKind::RSquare => {
                self.pop();
                return Ok(Value::List(list));
            }
            Some(_) => {}
        }
        loop {
            list.push(self.value(depth)?);
            let Some(t) = self.pop() else {
                return Err(msg_err("premature EOI"));
            };
            match t.kind {
                TokKind::RSquare => return Ok(Value::List(list)),
                TokKind::Comma => {}
                _ => return Err(msg_err("expected separator in list")),
            }
        }
    }

    fn literal(&mut self) -> Result<Value, ParseError> {
        let t = self.pop().expect("peeked");
        match t.kind {
            TokKind::String => parse_string(t.text),
            TokKind::Integer => {
                let s = std::str::from_utf8(t.text).unwrap_or("0");
                if let Ok(i) = s.parse::<i64>() {
                    Ok(Value::Int(i))
                } else if let (false, Ok(u)) = (s.starts_with('-'), s.parse::<u64>()) {
                    Ok(Value::UInt(u))
                } else {
                    Ok(Value::Double(s.parse::<f64>().unwrap_or(0.0)))
                }
            }
            _ => {
                let s = std::str::from_utf8(t.text).unwrap_or("0");
                Ok(Value::Double(s.parse::<f64>().unwrap_or(0.0)))
            }
        }
    }
}

/// A key as C sees it: up to its first NUL.
fn c_str(key: &str) -> &str {
    key.split('\0').next().unwrap_or("")
}

fn cvt4hex(s: &[u8], at: usize) -> i64 {
    let mut cp: i64 = 0;
    for i in 0..4 {
        let c = s.get(at + i).copied().unwrap_or(0);
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => return -1,
        };
        cp = (cp << 4) | d as i64;
    }
    cp
}

/// Decodes a string token (quotes included) like QEMU's parse_string().
fn parse_string(tok: &[u8]) -> Result<Value, ParseError> {
    let quote = tok[0];
    let at = |i: usize| -> u8 { tok.get(i).copied().unwrap_or(0) };
    let mut out = String::with_capacity(tok.len());
    let mut p = 1usize;
    while at(p) != quote {
        if at(p) == 0 {
            break; // cannot happen with lexer output; stay safe
        }
        if at(p) == b'\\' {
            let beg = p;
            p += 1;
            let c = at(p);
            p += 1;
            match c {
                b'"' => out.push('"'),
                b'\'' => out.push('\''),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => {
                    let mut cp = cvt4hex(tok, p);
                    p += 4;
                    if (0xD800..=0xDBFF).contains(&cp) && at(p) == b'\\' && at(p + 1) == b'u' {
                        cp = 0x10000 + ((cp & 0x3FF) << 10);
                        let trailing = cvt4hex(tok, p + 2);
                        if (0xDC00..=0xDFFF).contains(&trailing) {
                            cp |= trailing & 0x3FF;
                            p += 6;
                        } else {
                            cp = -1;
                        }
                    }
                    match (
                        is_valid_codepoint(cp),
                        u32::try_from(cp).ok().and_then(char::from_u32),
                    ) {
                        (true, Some(ch)) => out.push(ch),
                        _ => {
                            // "%.*s": at most p - beg bytes, stopping at the token's end
                            let end = p.min(tok.len());
                            let mut m = tok[beg..end].to_vec();
                            m.extend_from_slice(b" is not a valid Unicode character");
                            return Err(error(&m));
                        }
                    }
                }
                _ => return Err(msg_err("invalid escape sequence in string")),
            }
        } else if (0x20..0x7F).contains(&at(p)) {
            // a run of printable ASCII other than the quote and backslash
            let run = tok[p..]
                .iter()
                .position(|&b| b == quote || b == b'\\' || !(0x20..0x7F).contains(&b))
                .unwrap_or(tok.len() - p);
            // ASCII is valid UTF-8
            out.push_str(std::str::from_utf8(&tok[p..p + run]).unwrap_or_default());
            p += run;
        } else {
            let (cp, n) = mod_utf8_codepoint(&tok[p..]);
            match cp.and_then(char::from_u32) {
                Some(ch) => out.push(ch),
                None => return Err(msg_err("invalid UTF-8 sequence in string")),
            }
            p += n.max(1);
        }
    }
    Ok(Value::String(out))
}

/// Parses one message. `toks` is what the streamer collected.
pub fn parse(toks: &[Tok<'_>]) -> Result<Value, ParseError> {
    let mut ctx = Ctx { toks, pos: 0 };
    ctx.value(0)
}
