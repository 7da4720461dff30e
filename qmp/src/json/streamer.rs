//! Splits a byte stream into JSON messages the way QEMU's
//! qobject/json-streamer.c does: a message ends when its brackets balance (no
//! newline needed), and every lexical error, limit violation or parse error
//! yields exactly one error message and resets the streamer.

use super::lexer::{Lexer, TokKind};
use super::parser::{self, Tok};
use super::unicode::lossy_c_string;
use super::value::Value;

/// Limits applied per message (QEMU's are the defaults).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Total bytes of the tokens of one message (QEMU: 64 MiB). A larger
    /// message is answered with `JSON token size limit exceeded`.
    pub max_message_size: usize,
    /// Tokens in one message (QEMU: 2 Mi).
    pub max_tokens: usize,
    /// Open brackets and braces (QEMU: 1024).
    pub max_nesting: i64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_message_size: 64 << 20,
            max_tokens: 2 << 20,
            max_nesting: 1024,
        }
    }
}

/// One item out of the stream: a value, or an error `desc`.
pub type Item = Result<Value, String>;

/// The streaming parser.
pub struct Streamer {
    lexer: Lexer,
    limits: Limits,
    brace: i64,
    bracket: i64,
    kinds: Vec<(TokKind, u32, u32)>,
    arena: Vec<u8>,
}

struct Acc<'s> {
    limits: Limits,
    brace: &'s mut i64,
    bracket: &'s mut i64,
    kinds: &'s mut Vec<(TokKind, u32, u32)>,
    arena: &'s mut Vec<u8>,
    out: &'s mut Vec<Item>,
}

impl Acc<'_> {
    fn token(&mut self, kind: TokKind, text: &[u8]) {
        match kind {
            TokKind::LCurly => *self.brace += 1,
            TokKind::RCurly => *self.brace -= 1,
            TokKind::LSquare => *self.bracket += 1,
            TokKind::RSquare => *self.bracket -= 1,
            TokKind::Error => {
                let mut m = b"JSON parse error, stray '".to_vec();
                let end = text.iter().position(|&b| b == 0).unwrap_or(text.len());
                m.extend_from_slice(&text[..end]);
                m.push(b'\'');
                return self.emit(Err(lossy_c_string(&m)));
            }
            _ => {}
        }
        if self.arena.len() + text.len() + 1 > self.limits.max_message_size {
            return self.emit(Err("JSON token size limit exceeded".into()));
        }
        if self.kinds.len() + 1 > self.limits.max_tokens {
            return self.emit(Err("JSON token count limit exceeded".into()));
        }
        if *self.bracket + *self.brace > self.limits.max_nesting {
            return self.emit(Err("JSON nesting depth limit exceeded".into()));
        }
        let start = self.arena.len() as u32;
        self.arena.extend_from_slice(text);
        self.kinds.push((kind, start, text.len() as u32));
        if (*self.brace > 0 || *self.bracket > 0) && *self.brace >= 0 && *self.bracket >= 0 {
            return;
        }
        let parsed = {
            let toks: Vec<Tok<'_>> = self
                .kinds
                .iter()
                .map(|&(kind, s, l)| Tok {
                    kind,
                    text: &self.arena[s as usize..(s + l) as usize],
                })
                .collect();
            parser::parse(&toks)
        };
        self.emit(parsed);
    }

    fn emit(&mut self, item: Item) {
        *self.brace = 0;
        *self.bracket = 0;
        self.kinds.clear();
        self.arena.clear();
        if self.arena.capacity() > 1 << 20 {
            self.arena.shrink_to(64 << 10);
            self.kinds.shrink_to(4096);
        }
        self.out.push(item);
    }
}

impl Streamer {
    pub fn new(limits: Limits) -> Self {
        Streamer {
            lexer: Lexer::new(limits.max_message_size),
            limits,
            brace: 0,
            bracket: 0,
            kinds: Vec::new(),
            arena: Vec::new(),
        }
    }

    /// Feeds bytes; complete messages (and errors) are appended to `out`.
    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<Item>) {
        let mut acc = Acc {
            limits: self.limits,
            brace: &mut self.brace,
            bracket: &mut self.bracket,
            kinds: &mut self.kinds,
            arena: &mut self.arena,
            out,
        };
        self.lexer.feed(bytes, &mut |k, t| acc.token(k, t));
    }

    /// Bytes currently buffered for an incomplete message.
    pub fn buffered(&self) -> usize {
        self.arena.len() + self.lexer.pending_len()
    }

    /// True when nothing is buffered.
    pub fn idle(&self) -> bool {
        self.kinds.is_empty() && self.lexer.at_start()
    }
}

impl Default for Streamer {
    fn default() -> Self {
        Streamer::new(Limits::default())
    }
}

/// Parses a complete text as one value, QEMU style (for tests and tools).
pub fn parse_one(text: &[u8]) -> Vec<Item> {
    let mut s = Streamer::default();
    let mut out = Vec::new();
    s.feed(text, &mut out);
    s.feed(b"\n", &mut out);
    out
}
