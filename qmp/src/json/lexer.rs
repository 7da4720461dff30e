//! A byte-at-a-time JSON lexer with the states, token boundaries and error
//! recovery of QEMU's qobject/json-lexer.c (interpolation disabled, as for
//! QMP input).
//!
//! Notable behaviour reproduced: single-quoted strings; control characters,
//! `0xFE` and `0xFF` end a string with a lexical error whose token includes the
//! offending byte; after an error the lexer skips input until a structural
//! character (`{ } [ ] : ,`), a control character other than tab, or `0xFE`/`0xFF`.

/// Token kinds handed to the streamer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    LCurly,
    RCurly,
    LSquare,
    RSquare,
    Colon,
    Comma,
    Integer,
    Float,
    Keyword,
    String,
    /// A lexical error; the text is what was consumed, offending byte included.
    Error,
    /// A partial token that grew past the size limit (QEMU hands such a
    /// token to the streamer, which rejects it for its size).
    Oversize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Recovery,
    DqString,
    DqEscape,
    SqString,
    SqEscape,
    Zero,
    ExpDigits,
    ExpSign,
    ExpE,
    Mantissa,
    MantissaDigits,
    Digits,
    Sign,
    Keyword,
    Start,
}

enum Next {
    To(State),
    Tok(TokKind),
    Error,
}

/// (next, lookahead): with lookahead the byte is not consumed and is fed again
/// in the next state.
fn step(state: State, ch: u8) -> (Next, bool) {
    use Next::*;
    use State as S;
    match state {
        S::Recovery => match ch {
            b'\t' => (To(S::Recovery), false),
            0..=0x1F | 0xFE | 0xFF | b'[' | b']' | b'{' | b'}' | b':' | b',' => {
                (To(S::Start), true)
            }
            _ => (To(S::Recovery), false),
        },
        S::DqString => match ch {
            b'\\' => (To(S::DqEscape), false),
            b'"' => (Tok(TokKind::String), false),
            0x20..=0xFD => (To(S::DqString), false),
            _ => (Error, false),
        },
        S::DqEscape => match ch {
            0x20..=0xFD => (To(S::DqString), false),
            _ => (Error, false),
        },
        S::SqString => match ch {
            b'\\' => (To(S::SqEscape), false),
            b'\'' => (Tok(TokKind::String), false),
            0x20..=0xFD => (To(S::SqString), false),
            _ => (Error, false),
        },
        S::SqEscape => match ch {
            0x20..=0xFD => (To(S::SqString), false),
            _ => (Error, false),
        },
        S::Zero => match ch {
            b'0'..=b'9' => (Error, false),
            b'.' => (To(S::Mantissa), false),
            _ => (Tok(TokKind::Integer), true),
        },
        S::ExpDigits => match ch {
            b'0'..=b'9' => (To(S::ExpDigits), false),
            _ => (Tok(TokKind::Float), true),
        },
        S::ExpSign => match ch {
            b'0'..=b'9' => (To(S::ExpDigits), false),
            _ => (Error, false),
        },
        S::ExpE => match ch {
            b'-' | b'+' => (To(S::ExpSign), false),
            b'0'..=b'9' => (To(S::ExpDigits), false),
            _ => (Error, false),
        },
        S::MantissaDigits => match ch {
            b'0'..=b'9' => (To(S::MantissaDigits), false),
            b'e' | b'E' => (To(S::ExpE), false),
            _ => (Tok(TokKind::Float), true),
        },
        S::Mantissa => match ch {
            b'0'..=b'9' => (To(S::MantissaDigits), false),
            _ => (Error, false),
        },
        S::Digits => match ch {
            b'0'..=b'9' => (To(S::Digits), false),
            b'e' | b'E' => (To(S::ExpE), false),
            b'.' => (To(S::Mantissa), false),
            _ => (Tok(TokKind::Integer), true),
        },
        S::Sign => match ch {
            b'0' => (To(S::Zero), false),
            b'1'..=b'9' => (To(S::Digits), false),
            _ => (Error, false),
        },
        S::Keyword => match ch {
            b'a'..=b'z' => (To(S::Keyword), false),
            _ => (Tok(TokKind::Keyword), true),
        },
        S::Start => match ch {
            b'"' => (To(S::DqString), false),
            b'\'' => (To(S::SqString), false),
            b'0' => (To(S::Zero), false),
            b'1'..=b'9' => (To(S::Digits), false),
            b'-' => (To(S::Sign), false),
            b'{' => (Tok(TokKind::LCurly), false),
            b'}' => (Tok(TokKind::RCurly), false),
            b'[' => (Tok(TokKind::LSquare), false),
            b']' => (Tok(TokKind::RSquare), false),
            b',' => (Tok(TokKind::Comma), false),
            b':' => (Tok(TokKind::Colon), false),
            b'a'..=b'z' => (To(S::Keyword), false),
            b' ' | b'\t' | b'\r' | b'\n' => (To(S::Start), false),
            _ => (Error, false),
        },
    }
}

/// The lexer state. Feed bytes; complete tokens go to the sink.
pub struct Lexer {
    state: State,
    token: Vec<u8>,
    max_token: usize,
}

impl Lexer {
    /// `max_token`: a token longer than this is cut off and handed on as
    /// [`TokKind::Oversize`] (QEMU: 64 MiB).
    pub fn new(max_token: usize) -> Self {
        Lexer {
            state: State::Start,
            token: Vec::new(),
            max_token,
        }
    }

    /// True when no partial token is pending.
    pub fn at_start(&self) -> bool {
        self.state == State::Start
    }

    pub fn feed(&mut self, bytes: &[u8], sink: &mut impl FnMut(TokKind, &[u8])) {
        let mut i = 0;
        while i < bytes.len() {
            // Inside a string, a run of ordinary bytes only grows the token:
            // take it at once (what `step` does byte by byte).
            let quote = match self.state {
                State::DqString => b'"',
                State::SqString => b'\'',
                _ => {
                    self.feed_byte(bytes[i], sink);
                    i += 1;
                    continue;
                }
            };
            let run = bytes[i..]
                .iter()
                .position(|&b| b == quote || b == b'\\' || !(0x20..=0xFD).contains(&b))
                .unwrap_or(bytes.len() - i);
            if run == 0 {
                self.feed_byte(bytes[i], sink);
                i += 1;
                continue;
            }
            // the size check runs after every byte: stop where it would fire
            let room = self
                .max_token
                .saturating_sub(self.token.len())
                .saturating_add(1);
            let take = run.min(room);
            self.token.extend_from_slice(&bytes[i..i + take]);
            i += take;
            if self.token.len() > self.max_token {
                sink(TokKind::Oversize, &self.token);
                self.token = Vec::new();
                self.state = State::Start;
            }
        }
    }

    fn feed_byte(&mut self, ch: u8, sink: &mut impl FnMut(TokKind, &[u8])) {
        loop {
            let (next, lookahead) = step(self.state, ch);
            if !lookahead {
                self.token.push(ch);
            }
            match next {
                Next::Tok(kind) => {
                    sink(kind, &self.token);
                    self.token.clear();
                    self.state = State::Start;
                }
                Next::To(State::Start) => {
                    self.token.clear();
                    self.state = State::Start;
                }
                Next::Error => {
                    sink(TokKind::Error, &self.token);
                    self.token.clear();
                    self.state = State::Recovery;
                }
                Next::To(State::Recovery) => {
                    self.token.clear();
                    self.state = State::Recovery;
                }
                Next::To(s) => self.state = s,
            }
            if !lookahead {
                break;
            }
        }
        if self.token.len() > self.max_token {
            sink(TokKind::Oversize, &self.token);
            self.token = Vec::new();
            self.state = State::Start;
        }
    }

    /// Bytes held for the token in progress.
    pub fn pending_len(&self) -> usize {
        self.token.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(input: &[u8]) -> Vec<(TokKind, String)> {
        let mut out = Vec::new();
        let mut lx = Lexer::new(1 << 20);
        lx.feed(input, &mut |k, t| {
            out.push((k, String::from_utf8_lossy(t).into_owned()))
        });
        out
    }

    #[test]
    fn tokens_and_recovery() {
        use TokKind::*;
        assert_eq!(
            lex(b"{'a': -1.5e3}"),
            vec![
                (LCurly, "{".into()),
                (String, "'a'".into()),
                (Colon, ":".into()),
                (Float, "-1.5e3".into()),
                (RCurly, "}".into())
            ]
        );
        // the keyword ends at the non-letter; an error token swallows the bad byte
        assert_eq!(
            lex(b"ab%d}"),
            vec![
                (Keyword, "ab".into()),
                (Error, "%".into()),
                (RCurly, "}".into())
            ]
        );
        assert_eq!(lex(b"\"x\ny\""), vec![(Error, "\"x\n".into())]);
        assert_eq!(lex(b"01 "), vec![(Error, "01".into())]);
    }
}
