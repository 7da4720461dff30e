//! Strict JSON (RFC 8259, as serde_json reads it) split into the tokens of
//! a tape ([`super::tape`]) in one pass: objects and arrays get a token
//! that says how many members they have and where they end, strings
//! point into the text (which is checked to be UTF-8 once, as a whole),
//! and strings with escapes are unescaped into a buffer of their own.
//!
//! What it accepts and rejects is what `serde_json::from_slice::<Value>`
//! does, nesting limit (127) included; on error the message is
//! serde_json's, which is asked only then.

/// One token of a tape.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tok {
    Null,
    Bool(bool),
    /// A non-negative integer.
    UInt(u64),
    /// A negative integer.
    Int(i64),
    /// A number with a fraction or exponent, beyond 64 bits, or `-0`.
    Float(f64),
    /// A string or key: bytes `at..at + len` of the text.
    Str {
        at: u32,
        len: u32,
    },
    /// A string with escapes, unescaped: bytes `at..at + len` of the
    /// buffer of unescaped strings.
    Esc {
        at: u32,
        len: u32,
    },
    /// An object of `len` members, each a key and a value; they are the
    /// tokens after this one up to `end` (exclusive).
    Obj {
        len: u32,
        end: u32,
    },
    /// An array of `len` values, up to token `end` (exclusive).
    Arr {
        len: u32,
        end: u32,
    },
}

/// How deep objects and arrays may nest (serde_json's limit).
const MAX_DEPTH: usize = 127;

/// Offsets and counts as tokens hold them: a message is one line held in
/// memory, far below 4 GiB; beyond, saturated (reads then fail cleanly).
#[inline]
pub fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Splits `text` (one JSON value, whitespace around it allowed) into
/// tokens, appended to `toks`; unescaped strings go to `esc`. Returns the
/// text as a `str`; on error, serde_json's message for it.
pub fn tokenize<'t>(
    text: &'t [u8],
    toks: &mut Vec<Tok>,
    esc: &mut String,
) -> Result<&'t str, serde_json::Error> {
    let Ok(s) = std::str::from_utf8(text) else {
        return Err(error(text));
    };
    match (Lexer {
        s: text,
        i: 0,
        toks,
        esc,
    })
    .value()
    {
        Ok(()) => Ok(s),
        Err(Bad) => Err(error(text)),
    }
}

/// serde_json's error for text it rejects.
#[cold]
fn error(text: &[u8]) -> serde_json::Error {
    match serde_json::from_slice::<serde_json::Value>(text) {
        Err(e) => e,
        // not expected: both read the same grammar
        Ok(_) => serde::de::Error::custom("invalid JSON"),
    }
}

/// Not JSON (serde_json says why).
struct Bad;

/// One container being read: its token, how many members or items so
/// far, and whether it is an object.
struct Open {
    at: usize,
    n: usize,
    obj: bool,
}

struct Lexer<'a> {
    s: &'a [u8],
    i: usize,
    toks: &'a mut Vec<Tok>,
    esc: &'a mut String,
}

/// Bytes that end the fast scan of a string: quote, backslash, control
/// characters.
static STOP: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

impl Lexer<'_> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    #[inline]
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    /// The whole text: one value, then only whitespace.
    fn value(mut self) -> Result<(), Bad> {
        let mut stack: Vec<Open> = Vec::new();
        'value: loop {
            self.ws();
            match self.peek().ok_or(Bad)? {
                c @ (b'{' | b'[') => {
                    self.i += 1;
                    let obj = c == b'{';
                    if stack.len() >= MAX_DEPTH {
                        return Err(Bad);
                    }
                    let at = self.toks.len();
                    self.toks.push(Tok::Null);
                    self.ws();
                    if self.peek() == Some(if obj { b'}' } else { b']' }) {
                        self.i += 1;
                        self.toks[at] = close(obj, 0, at + 1);
                    } else {
                        stack.push(Open { at, n: 0, obj });
                        if obj {
                            self.key()?;
                        }
                        continue 'value;
                    }
                }
                b'"' => self.string()?,
                b't' => self.word(b"true", Tok::Bool(true))?,
                b'f' => self.word(b"false", Tok::Bool(false))?,
                b'n' => self.word(b"null", Tok::Null)?,
                b'-' | b'0'..=b'9' => self.number()?,
                _ => return Err(Bad),
            }
            // A value ended: what follows it in its container.
            loop {
                self.ws();
                let Some(top) = stack.last_mut() else {
                    return if self.i == self.s.len() {
                        Ok(())
                    } else {
                        Err(Bad)
                    };
                };
                top.n += 1;
                match (self.peek(), top.obj) {
                    (Some(b','), obj) => {
                        self.i += 1;
                        if obj {
                            self.key()?;
                        }
                        continue 'value;
                    }
                    (Some(b'}'), true) | (Some(b']'), false) => {
                        self.i += 1;
                        let end = self.toks.len();
                        self.toks[top.at] = close(top.obj, top.n, end);
                        stack.pop();
                    }
                    _ => return Err(Bad),
                }
            }
        }
    }

    /// A key and its colon.
    fn key(&mut self) -> Result<(), Bad> {
        self.ws();
        if self.peek() != Some(b'"') {
            return Err(Bad);
        }
        self.string()?;
        self.ws();
        if self.peek() != Some(b':') {
            return Err(Bad);
        }
        self.i += 1;
        Ok(())
    }

    fn word(&mut self, w: &[u8], tok: Tok) -> Result<(), Bad> {
        if !self.s[self.i..].starts_with(w) {
            return Err(Bad);
        }
        self.i += w.len();
        self.toks.push(tok);
        Ok(())
    }

    /// A string, at its opening quote.
    fn string(&mut self) -> Result<(), Bad> {
        let start = self.i + 1;
        let mut i = start;
        while let Some(&b) = self.s.get(i) {
            if STOP[b as usize] {
                break;
            }
            i += 1;
        }
        match self.s.get(i) {
            Some(b'"') => {
                self.toks.push(Tok::Str {
                    at: small(start),
                    len: small(i - start),
                });
                self.i = i + 1;
                Ok(())
            }
            Some(b'\\') => self.escaped(start, i),
            _ => Err(Bad),
        }
    }

    /// The rest of a string from its first backslash at `i`, unescaped.
    #[cold]
    fn escaped(&mut self, start: usize, mut i: usize) -> Result<(), Bad> {
        let at = self.esc.len();
        // the text is UTF-8 and `start..i` lies between ASCII bytes
        let plain = |a: usize, b: usize| std::str::from_utf8(&self.s[a..b]).map_err(|_| Bad);
        self.esc.push_str(plain(start, i)?);
        loop {
            let run = i;
            while let Some(&b) = self.s.get(i) {
                if STOP[b as usize] {
                    break;
                }
                i += 1;
            }
            self.esc.push_str(plain(run, i)?);
            match self.s.get(i).ok_or(Bad)? {
                b'"' => break,
                b'\\' => {
                    let c = *self.s.get(i + 1).ok_or(Bad)?;
                    i += 2;
                    let ch = match c {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = hex4(self.s, i)?;
                            i += 4;
                            let cp = match hi {
                                0xD800..=0xDBFF => {
                                    if self.s.get(i..i + 2) != Some(b"\\u") {
                                        return Err(Bad);
                                    }
                                    let lo = hex4(self.s, i + 2)?;
                                    if !(0xDC00..=0xDFFF).contains(&lo) {
                                        return Err(Bad);
                                    }
                                    i += 6;
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                }
                                0xDC00..=0xDFFF => return Err(Bad),
                                cp => cp,
                            };
                            char::from_u32(cp).ok_or(Bad)?
                        }
                        _ => return Err(Bad),
                    };
                    self.esc.push(ch);
                }
                _ => return Err(Bad),
            }
        }
        self.toks.push(Tok::Esc {
            at: small(at),
            len: small(self.esc.len() - at),
        });
        self.i = i + 1;
        Ok(())
    }

    /// A number, at its first byte.
    fn number(&mut self) -> Result<(), Bad> {
        let s = self.s;
        let start = self.i;
        let mut i = start;
        let neg = s[i] == b'-';
        if neg {
            i += 1;
        }
        let int_start = i;
        match s.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => i = digits(s, i),
            _ => return Err(Bad),
        }
        let int_end = i;
        let mut float = false;
        if s.get(i) == Some(&b'.') {
            i = some_digits(s, i + 1)?;
            float = true;
        }
        if let Some(b'e' | b'E') = s.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = s.get(i) {
                i += 1;
            }
            i = some_digits(s, i)?;
            float = true;
        }
        // "01": a number may not go on with a digit (serde_json's check)
        if let Some(b'0'..=b'9') = s.get(i) {
            return Err(Bad);
        }
        self.i = i;
        if !float {
            let mut u: u64 = 0;
            let fits = s[int_start..int_end].iter().all(|&d| {
                match u
                    .checked_mul(10)
                    .and_then(|x| x.checked_add(u64::from(d - b'0')))
                {
                    Some(x) => {
                        u = x;
                        true
                    }
                    None => false,
                }
            });
            let tok = match (fits, neg) {
                (true, false) => Some(Tok::UInt(u)),
                // serde_json reads -0 as a float
                (true, true) if u == 0 => Some(Tok::Float(-0.0)),
                (true, true) => 0i64.checked_sub_unsigned(u).map(Tok::Int),
                (false, _) => None,
            };
            if let Some(t) = tok {
                self.toks.push(t);
                return Ok(());
            }
        }
        // ASCII digits, signs, dot and exponent are UTF-8
        let f: f64 = std::str::from_utf8(&s[start..i])
            .ok()
            .and_then(|t| t.parse().ok())
            .ok_or(Bad)?;
        if !f.is_finite() {
            // serde_json: number out of range
            return Err(Bad);
        }
        self.toks.push(Tok::Float(f));
        Ok(())
    }
}

/// The token of an object (or array) of `n` members (items) that ends
/// before token `end`.
#[inline]
pub fn close(obj: bool, n: usize, end: usize) -> Tok {
    let (len, end) = (small(n), small(end));
    if obj {
        Tok::Obj { len, end }
    } else {
        Tok::Arr { len, end }
    }
}

/// Where the run of digits from `i` ends.
#[inline]
fn digits(s: &[u8], mut i: usize) -> usize {
    while let Some(b'0'..=b'9') = s.get(i) {
        i += 1;
    }
    i
}

/// [`digits`], which must be at least one.
#[inline]
fn some_digits(s: &[u8], i: usize) -> Result<usize, Bad> {
    let end = digits(s, i);
    if end == i {
        Err(Bad)
    } else {
        Ok(end)
    }
}

fn hex4(s: &[u8], at: usize) -> Result<u32, Bad> {
    let h = s.get(at..at + 4).ok_or(Bad)?;
    h.iter().try_fold(0u32, |acc, &c| {
        let d = (c as char).to_digit(16).ok_or(Bad)?;
        Ok(acc * 16 + d)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn agree(text: &str) {
        let (mut toks, mut esc) = (Vec::new(), String::new());
        let ours = tokenize(text.as_bytes(), &mut toks, &mut esc);
        match serde_json::from_str::<Value>(text) {
            Ok(_) => assert!(ours.is_ok(), "{text:?}: {ours:?}"),
            Err(want) => {
                let got = ours.expect_err(text);
                assert_eq!(got.to_string(), want.to_string(), "{text:?}");
            }
        }
    }

    #[test]
    fn accepts_and_rejects_what_serde_json_does() {
        let cases = [
            "0",
            "-0",
            "1.5",
            "-1.5e-3",
            "1E+2",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "1e-400",
            "1e400",
            "01",
            "1.",
            "-",
            "1e",
            ".5",
            "+1",
            "00",
            "-01",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{1: 2}",
            "tru",
            "nul",
            "truex",
            "[1 2]",
            "[",
            "]",
            "{",
            "",
            "   ",
            "\"abc",
            "\"a\u{1}b\"",
            r#""\x""#,
            r#""\u00""#,
            r#""\u00e9\n\t\"\\\/\b\f\r""#,
            r#""\ud83d\ude00""#,
            r#""\ud800""#,
            r#""\udc00""#,
            r#""\ud800\u0041""#,
            r#""\uD83D\uDE00 ok""#,
            "{\"a\": [1, {\"b\": null}], \"c\": true} ",
            "[] x",
            "{}{}",
            "\u{feff}1",
            "\"é\"",
            "[-]",
            "[0x10]",
            "1.0e",
            "[1e+]",
            "[\"\\",
        ];
        for c in cases {
            agree(c);
        }
        // nesting: serde_json stops at 128 levels, empty ones too
        for n in [126, 127, 128, 200] {
            agree(&("[".repeat(n) + &"]".repeat(n)));
            agree(&("{\"a\":".repeat(n) + "1" + &"}".repeat(n)));
        }
        // invalid UTF-8
        let (mut toks, mut esc) = (Vec::new(), String::new());
        let e = tokenize(b"\"\xff\"", &mut toks, &mut esc).unwrap_err();
        let want = serde_json::from_slice::<Value>(b"\"\xff\"").unwrap_err();
        assert_eq!(e.to_string(), want.to_string());
    }

    #[test]
    fn tokens_say_where_containers_end() {
        let (mut toks, mut esc) = (Vec::new(), String::new());
        let text = r#"{"a": [1, -2], "b\n": {}}"#;
        tokenize(text.as_bytes(), &mut toks, &mut esc).unwrap();
        assert_eq!(
            toks,
            [
                Tok::Obj { len: 2, end: 7 },
                Tok::Str { at: 2, len: 1 },
                Tok::Arr { len: 2, end: 5 },
                Tok::UInt(1),
                Tok::Int(-2),
                Tok::Esc { at: 0, len: 2 },
                Tok::Obj { len: 0, end: 7 },
            ]
        );
        assert_eq!(esc, "b\n");
    }
}
