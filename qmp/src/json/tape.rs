//! A JSON value as a flat list of tokens (a tape) and the text of its
//! strings: what clients parse a server's message into, and what typed
//! values are decoded from (`codec`), in one pass over the message and
//! without a tree of maps and strings in between.
//!
//! Objects and arrays record where they end, so a reader hops over a
//! member it does not want in one step. Text is split into tokens by
//! [`super::tokens`] ([`Tape::parse`]); any serde deserializer fills a
//! tape too ([`Tape::from_deserializer`]), and so does a JSON value.

pub use super::tokens::Tok;
use super::tokens::{close, small, tokenize};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// A JSON value as tokens. Token 0 is the value itself.
#[derive(Clone, Debug, Default)]
pub struct Tape {
    toks: Vec<Tok>,
    /// What [`Tok::Str`] points into: the parsed text, or the strings
    /// pushed.
    text: String,
    /// What [`Tok::Esc`] points into: strings that had escapes.
    esc: String,
}

impl Tape {
    /// Parses JSON text (one value, whitespace around it allowed).
    pub fn parse(bytes: &[u8]) -> Result<Tape, serde_json::Error> {
        let mut t = Tape::default();
        t.parse_into(bytes)?;
        Ok(t)
    }

    /// [`Tape::parse`] into this tape, reusing its buffers.
    pub fn parse_into(&mut self, bytes: &[u8]) -> Result<(), serde_json::Error> {
        self.toks.clear();
        self.text.clear();
        self.esc.clear();
        // about the tokens a message of this size has
        self.toks.reserve(bytes.len() / 8);
        match tokenize(bytes, &mut self.toks, &mut self.esc) {
            Ok(text) => {
                self.text.push_str(text);
                Ok(())
            }
            Err(e) => {
                self.toks.clear();
                Err(e)
            }
        }
    }

    /// Any serde data as a tape.
    pub fn from_deserializer<'de, D: Deserializer<'de>>(d: D) -> Result<Tape, D::Error> {
        let mut t = Tape::default();
        Build(&mut t).deserialize(d)?;
        Ok(t)
    }

    /// A JSON value as a tape.
    pub fn from_value(v: &Value) -> Tape {
        let mut t = Tape::default();
        t.push_value(v);
        t
    }

    /// The value (token 0). A tape that holds nothing reads as `null`.
    pub fn root(&self) -> Val<'_> {
        Val { tape: self, at: 0 }
    }

    /// The value at token `at` ([`Val::index`]).
    pub fn at(&self, at: usize) -> Val<'_> {
        Val { tape: self, at }
    }

    fn push_value(&mut self, v: &Value) {
        match v {
            Value::Null => self.toks.push(Tok::Null),
            Value::Bool(b) => self.toks.push(Tok::Bool(*b)),
            Value::Number(n) => self.toks.push(match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => Tok::UInt(u),
                (None, Some(i)) => Tok::Int(i),
                _ => Tok::Float(n.as_f64().unwrap_or(f64::NAN)),
            }),
            Value::String(s) => self.push_str(s),
            Value::Array(items) => {
                let at = self.open();
                for item in items {
                    self.push_value(item);
                }
                self.close(at, items.len(), false);
            }
            Value::Object(m) => {
                let at = self.open();
                for (k, v) in m {
                    self.push_str(k);
                    self.push_value(v);
                }
                self.close(at, m.len(), true);
            }
        }
    }

    fn push_str(&mut self, s: &str) {
        let at = self.text.len();
        self.text.push_str(s);
        self.toks.push(Tok::Str {
            at: small(at),
            len: small(s.len()),
        });
    }

    /// Starts an object or array: its token is written when it ends.
    fn open(&mut self) -> usize {
        self.toks.push(Tok::Null);
        self.toks.len() - 1
    }

    fn close(&mut self, at: usize, len: usize, obj: bool) {
        self.toks[at] = close(obj, len, self.toks.len());
    }
}

/// Fills a tape from serde's events.
struct Build<'t>(&'t mut Tape);

impl<'de> DeserializeSeed<'de> for Build<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Build<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<(), E> {
        self.0.toks.push(Tok::Bool(b));
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, i: i64) -> Result<(), E> {
        self.0.toks.push(match u64::try_from(i) {
            Ok(u) => Tok::UInt(u),
            Err(_) => Tok::Int(i),
        });
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, u: u64) -> Result<(), E> {
        self.0.toks.push(Tok::UInt(u));
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<(), E> {
        self.0.toks.push(Tok::Float(f));
        Ok(())
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<(), E> {
        self.0.push_str(s);
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.toks.push(Tok::Null);
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let at = self.0.open();
        let mut n = 0;
        while seq.next_element_seed(Build(&mut *self.0))?.is_some() {
            n += 1;
        }
        self.0.close(at, n, false);
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let at = self.0.open();
        let mut n = 0;
        while map.next_key_seed(Key(&mut *self.0))?.is_some() {
            map.next_value_seed(Build(&mut *self.0))?;
            n += 1;
        }
        self.0.close(at, n, true);
        Ok(())
    }
}

/// A key: a string.
struct Key<'t>(&'t mut Tape);

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<(), E> {
        self.0.push_str(s);
        Ok(())
    }
}

/// A value on a tape: where it is, and what it is.
#[derive(Clone, Copy)]
pub struct Val<'a> {
    tape: &'a Tape,
    at: usize,
}

impl fmt::Debug for Val<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_value())
    }
}

impl<'a> Val<'a> {
    /// The value's token (`null` past the end of the tape).
    #[inline]
    pub fn tok(self) -> Tok {
        self.tape.toks.get(self.at).copied().unwrap_or(Tok::Null)
    }

    /// Where the value is on its tape ([`Tape::at`]).
    pub fn index(self) -> usize {
        self.at
    }

    /// The value at token `at` of the same tape.
    #[inline]
    fn sibling(self, at: usize) -> Val<'a> {
        Val {
            tape: self.tape,
            at,
        }
    }

    /// Where the token after this value (and all it holds) is.
    #[inline]
    fn after(self) -> usize {
        match self.tok() {
            Tok::Obj { end, .. } | Tok::Arr { end, .. } => end as usize,
            _ => self.at + 1,
        }
    }

    /// The string, if the value is one.
    #[inline]
    pub fn as_str(self) -> Option<&'a str> {
        match self.tok() {
            Tok::Str { at, len } => self
                .tape
                .text
                .get(at as usize..(at as usize + len as usize)),
            Tok::Esc { at, len } => self.tape.esc.get(at as usize..(at as usize + len as usize)),
            _ => None,
        }
    }

    /// The JSON type as QAPI names them, integers told apart from other
    /// numbers: `null`, `boolean`, `int`, `number`, `string`, `array`,
    /// `object`.
    #[inline]
    pub fn json_type(self) -> &'static str {
        match self.tok() {
            Tok::Null => "null",
            Tok::Bool(_) => "boolean",
            Tok::UInt(_) | Tok::Int(_) => "int",
            Tok::Float(_) => "number",
            Tok::Str { .. } | Tok::Esc { .. } => "string",
            Tok::Arr { .. } => "array",
            Tok::Obj { .. } => "object",
        }
    }

    /// The items of an array (nothing for another value).
    #[inline]
    pub fn items(self) -> Items<'a> {
        Items(self.inside(false))
    }

    /// The members of an object, keys and values (nothing for another
    /// value).
    #[inline]
    pub fn members(self) -> Members<'a> {
        Members(self.inside(true))
    }

    /// A walk over what the array (or object) holds.
    #[inline]
    fn inside(self, obj: bool) -> Inside<'a> {
        let (left, end) = match (self.tok(), obj) {
            (Tok::Arr { len, end }, false) | (Tok::Obj { len, end }, true) => {
                (len as usize, end as usize)
            }
            _ => (0, 0),
        };
        Inside {
            next: self.sibling(self.at + 1),
            left,
            end,
        }
    }

    /// Number of items or members (0 for other values).
    #[inline]
    pub fn len(self) -> usize {
        match self.tok() {
            Tok::Obj { len, .. } | Tok::Arr { len, .. } => len as usize,
            _ => 0,
        }
    }

    /// True for an empty array or object, and for other values.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The member `key` of an object (the first, if sent twice).
    pub fn get(self, key: &str) -> Option<Val<'a>> {
        self.members().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The value as a JSON value (what serde_json would have parsed).
    pub fn to_value(self) -> Value {
        match self.tok() {
            Tok::Null => Value::Null,
            Tok::Bool(b) => Value::Bool(b),
            Tok::UInt(u) => Value::from(u),
            Tok::Int(i) => Value::from(i),
            Tok::Float(f) => Value::from(f),
            Tok::Str { .. } | Tok::Esc { .. } => {
                Value::String(self.as_str().unwrap_or_default().to_string())
            }
            Tok::Arr { .. } => Value::Array(self.items().map(Val::to_value).collect()),
            Tok::Obj { .. } => Value::Object(self.members().to_map()),
        }
    }
}

/// A walk over the items of an array or the members of an object.
#[derive(Clone)]
struct Inside<'a> {
    next: Val<'a>,
    left: usize,
    end: usize,
}

impl<'a> Inside<'a> {
    /// The next entry, `width` values wide (an item, or a key and its
    /// value): its first value.
    #[inline]
    fn step(&mut self, width: usize) -> Option<Val<'a>> {
        if self.left == 0 || self.next.at + width > self.end {
            return None;
        }
        self.left -= 1;
        let first = self.next;
        let last = first.sibling(first.at + width - 1);
        self.next = last.sibling(last.after());
        Some(first)
    }
}

/// The items of an array.
#[derive(Clone)]
pub struct Items<'a>(Inside<'a>);

impl<'a> Iterator for Items<'a> {
    type Item = Val<'a>;

    #[inline]
    fn next(&mut self) -> Option<Val<'a>> {
        self.0.step(1)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.0.left))
    }
}

/// The members of an object: keys and values.
#[derive(Clone)]
pub struct Members<'a>(Inside<'a>);

impl<'a> Members<'a> {
    /// The members left, as a JSON map (the first of keys sent twice).
    pub fn to_map(self) -> Map<String, Value> {
        let mut m = Map::with_capacity(self.0.left);
        for (k, v) in self {
            if !m.contains_key(k) {
                m.insert(k.to_string(), v.to_value());
            }
        }
        m
    }
}

impl<'a> Iterator for Members<'a> {
    type Item = (&'a str, Val<'a>);

    #[inline]
    fn next(&mut self) -> Option<(&'a str, Val<'a>)> {
        let k = self.0.step(2)?;
        Some((k.as_str().unwrap_or_default(), k.sibling(k.at + 1)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.0.left))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_to_what_serde_json_parses() {
        let text =
            br#" {"a": [1, -2, 3.5, "x\"y", null, true, {}], "b": {"c": []}, "": "\u00e9"} "#;
        let t = Tape::parse(text).unwrap();
        let v: Value = serde_json::from_slice(text).unwrap();
        assert_eq!(t.root().to_value(), v);
        assert_eq!(Tape::from_value(&v).root().to_value(), v);
        assert_eq!(t.root().len(), 3);
        assert_eq!(t.root().get("b").unwrap().json_type(), "object");
        assert_eq!(t.root().get("").unwrap().as_str(), Some("é"));
        let a: Vec<&str> = t
            .root()
            .get("a")
            .unwrap()
            .items()
            .map(Val::json_type)
            .collect();
        assert_eq!(
            a,
            ["int", "int", "number", "string", "null", "boolean", "object"]
        );
    }

    #[test]
    fn numbers_are_serde_jsons() {
        for n in [
            "0",
            "-0",
            "7",
            "-7",
            "1.5",
            "-2.5e3",
            "1E2",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "1e-400",
        ] {
            let v: Value = serde_json::from_str(n).unwrap();
            assert_eq!(
                Tape::parse(n.as_bytes()).unwrap().root().to_value(),
                v,
                "{n}"
            );
        }
    }

    #[test]
    fn bad_json_is_serde_jsons_error() {
        for bad in [&b"{\"a\": }"[..], b"[1, 2", b"{} x", b"\"\xff\""] {
            let e = Tape::parse(bad).unwrap_err();
            let want = serde_json::from_slice::<Value>(bad).unwrap_err();
            assert_eq!(e.to_string(), want.to_string());
        }
    }

    #[test]
    fn other_deserializers_fill_tapes() {
        let v = json!({"k": [1, {"z": null}], "n": -5});
        let t = Tape::from_deserializer(&v).unwrap();
        assert_eq!(t.root().to_value(), v);
        let t = Tape::from_deserializer(serde_json::Value::Null).unwrap();
        assert_eq!(t.root().tok(), Tok::Null);
        assert_eq!(Tape::default().root().to_value(), Value::Null);
    }
}
