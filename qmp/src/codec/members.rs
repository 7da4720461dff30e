//! Object types: [`Members`], decoded member by member from an [`Obj`]
//! (which union branches share with their base) and encoded into an
//! [`Out`]; generated impls call them one line per member.

use super::wire::{expected, Error, Wire};
use crate::json::tape::{Members as Entries, Tok, Val};
use serde::de::Error as _;
use serde_json::{Map, Value};

/// An object type.
pub trait Members: Sized {
    fn decode_members(o: &mut Obj<'_>) -> Result<Self, Error>;
    fn encode_members(&self, o: &mut Out);
}

/// [`Wire::read`] for a [`Members`] type.
#[inline]
pub fn decode_members<T: Members>(v: Val<'_>) -> Result<T, Error> {
    let mut o = Obj::new(v)?;
    T::decode_members(&mut o)
}

/// [`Wire::encode`] for a [`Members`] type.
pub fn encode_members<T: Members>(t: &T) -> Value {
    let mut o = Out::default();
    t.encode_members(&mut o);
    Value::Object(o.0)
}

impl<T: Members> Members for Box<T> {
    #[inline]
    fn decode_members(o: &mut Obj<'_>) -> Result<Self, Error> {
        T::decode_members(o).map(Box::new)
    }

    fn encode_members(&self, o: &mut Out) {
        (**self).encode_members(o)
    }
}

/// The members of an object being decoded. Each is looked up by key (a
/// search that starts after the member found last, so members sent in
/// the order they are asked for are found at once) and marked taken;
/// [`Obj::rest`] gives the ones never asked for.
pub struct Obj<'a> {
    /// From the first member.
    all: Entries<'a>,
    /// Where the next search starts, and that member's number.
    cursor: Entries<'a>,
    at: usize,
    len: usize,
    /// Members not taken yet.
    left: usize,
    /// Taken members: bit `i` for member `i` (`more` beyond 64).
    taken: u64,
    more: Vec<u64>,
}

impl<'a> Obj<'a> {
    /// The members of `v`, which must be an object.
    #[inline]
    pub fn new(v: Val<'a>) -> Result<Obj<'a>, Error> {
        if !matches!(v.tok(), Tok::Obj { .. }) {
            return Err(expected("object", v));
        }
        let all = v.members();
        Ok(Obj {
            cursor: all.clone(),
            all,
            at: 0,
            len: v.len(),
            left: v.len(),
            taken: 0,
            more: Vec::new(),
        })
    }

    fn is_taken(&self, i: usize) -> bool {
        match i {
            0..=63 => self.taken & (1 << i) != 0,
            _ => self
                .more
                .get(i / 64 - 1)
                .is_some_and(|w| w & (1 << (i % 64)) != 0),
        }
    }

    fn take(&mut self, i: usize) {
        self.left -= 1;
        match i {
            0..=63 => self.taken |= 1 << i,
            _ => {
                let w = i / 64 - 1;
                if self.more.len() <= w {
                    self.more.resize(w + 1, 0);
                }
                self.more[w] |= 1 << (i % 64);
            }
        }
    }

    /// Takes member `key` (the first not taken, if sent twice).
    #[inline]
    fn find(&mut self, key: &str) -> Option<Val<'a>> {
        if self.left == 0 {
            return None;
        }
        for _ in 0..self.len {
            if self.at == self.len {
                self.cursor = self.all.clone();
                self.at = 0;
            }
            let (k, v) = self.cursor.next()?;
            let i = self.at;
            self.at += 1;
            if k == key && !self.is_taken(i) {
                self.take(i);
                return Some(v);
            }
        }
        None
    }

    /// A required member.
    #[inline]
    pub fn req<T: Wire>(&mut self, key: &str) -> Result<T, Error> {
        match self.find(key) {
            Some(v) => T::read(v).map_err(|e| in_member(key, e)),
            None => T::absent().ok_or_else(|| missing(key)),
        }
    }

    /// An optional member (absent or `null`: `None`).
    #[inline]
    pub fn opt<T: Wire>(&mut self, key: &str) -> Result<Option<T>, Error> {
        match self.find(key) {
            None => Ok(None),
            Some(v) if v.tok() == Tok::Null => Ok(None),
            Some(v) => T::read(v).map(Some).map_err(|e| in_member(key, e)),
        }
    }

    /// An optional member whose type accepts `null`: a present `null` is
    /// `Some`.
    #[inline]
    pub fn opt_null<T: Wire>(&mut self, key: &str) -> Result<Option<T>, Error> {
        match self.find(key) {
            None => Ok(None),
            Some(v) => T::read(v).map(Some).map_err(|e| in_member(key, e)),
        }
    }

    /// A union's discriminator (`ty` names the union in errors).
    #[inline]
    pub fn tag(&mut self, ty: &str, key: &str) -> Result<&'a str, Error> {
        match self.find(key) {
            Some(v) => v.as_str().ok_or_else(|| {
                Error::custom(format!("{ty} member '{key}' expected string (at '{key}')"))
            }),
            None => Err(Error::custom(format!(
                "{ty} member '{key}' is missing (at '{key}')"
            ))),
        }
    }

    /// The members not taken yet (now taken).
    pub fn rest(&mut self) -> Map<String, Value> {
        let mut m = Map::new();
        let all = self.all.clone();
        for (i, (k, v)) in all.enumerate() {
            if !self.is_taken(i) {
                self.take(i);
                if !m.contains_key(k) {
                    m.insert(k.to_string(), v.to_value());
                }
            }
        }
        m
    }
}

#[cold]
fn missing(key: &str) -> Error {
    Error::custom(format!("member '{key}' is missing"))
}

#[cold]
fn in_member(key: &str, e: Error) -> Error {
    Error::custom(format!("member '{key}': {e}"))
}

/// The members of an object being encoded.
#[derive(Default)]
pub struct Out(Map<String, Value>);

impl Out {
    /// A required member.
    pub fn req<T: Wire>(&mut self, key: &str, v: &T) {
        self.0.insert(key.to_string(), v.encode());
    }

    /// An optional member, left out when `None`.
    pub fn opt<T: Wire>(&mut self, key: &str, v: &Option<T>) {
        if let Some(v) = v {
            self.0.insert(key.to_string(), v.encode());
        }
    }

    /// A union's discriminator.
    pub fn tag(&mut self, key: &str, value: &str) {
        self.0
            .insert(key.to_string(), Value::String(value.to_string()));
    }

    /// Members kept as sent.
    pub fn extend(&mut self, m: &Map<String, Value>) {
        self.0.extend(m.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
}

/// A command's reply without a value, and the arguments of a command
/// without any: `{}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Empty {}

impl Members for Empty {
    fn decode_members(_: &mut Obj<'_>) -> Result<Self, Error> {
        Ok(Empty {})
    }
    fn encode_members(&self, _: &mut Out) {}
}

impl Wire for Empty {
    fn read(v: Val<'_>) -> Result<Self, Error> {
        decode_members(v)
    }
    fn encode(&self) -> Value {
        encode_members(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{desc, read_reply, Ty};
    use crate::json::tape::Tape;

    /// What generated code writes for `{'a': 'int', '*b': 'str', '*c': 'any'}`
    /// with the members beyond them kept.
    #[derive(Debug, PartialEq)]
    struct S {
        a: i64,
        b: Option<String>,
        c: Option<Value>,
        extra: Map<String, Value>,
    }

    impl Members for S {
        fn decode_members(o: &mut Obj<'_>) -> Result<Self, Error> {
            Ok(S {
                a: o.req("a")?,
                b: o.opt("b")?,
                c: o.opt_null("c")?,
                extra: o.rest(),
            })
        }
        fn encode_members(&self, _: &mut Out) {}
    }

    impl Wire for S {
        fn read(v: Val<'_>) -> Result<Self, Error> {
            decode_members(v)
        }
        fn encode(&self) -> Value {
            Value::Null
        }
    }

    fn read<T: Wire>(text: &str) -> Result<T, Error> {
        T::read(Tape::parse(text.as_bytes()).unwrap().root())
    }

    #[test]
    fn members_in_any_order_and_the_rest() {
        let s: S = read(r#"{"z": [1], "c": null, "a": 5, "y": {"k": "v"}}"#).unwrap();
        assert_eq!(s.a, 5);
        assert_eq!(s.b, None);
        // a null for a type that accepts one is kept
        assert_eq!(s.c, Some(Value::Null));
        assert_eq!(
            Value::Object(s.extra),
            serde_json::json!({"z": [1], "y": {"k": "v"}})
        );
        let s: S = read(r#"{"b": null, "a": -1}"#).unwrap();
        assert_eq!((s.a, s.b, s.c), (-1, None, None));
        let e = read::<S>(r#"{"b": "x"}"#).unwrap_err();
        assert_eq!(e.to_string(), "member 'a' is missing");
        let e = read::<S>(r#"{"a": "x"}"#).unwrap_err();
        assert_eq!(e.to_string(), "member 'a': expected integer, found string");
        let e = read::<Vec<S>>(r#"[{"a": 1}, {"a": 1.5}]"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "[1]: member 'a': expected integer, found number"
        );
        let e = read::<S>("[]").unwrap_err();
        assert_eq!(e.to_string(), "expected object, found array");
    }

    #[test]
    fn objects_of_many_members() {
        // members past the 64th are tracked too
        let mut m = Map::new();
        for i in 0..100 {
            m.insert(format!("m{i}"), Value::from(i));
        }
        m.insert("a".into(), Value::from(7));
        let tape = Tape::from_value(&Value::Object(m));
        let mut o = Obj::new(tape.root()).unwrap();
        assert_eq!(o.req::<i64>("m70").unwrap(), 70);
        assert_eq!(o.req::<i64>("a").unwrap(), 7);
        assert_eq!(o.req::<i64>("m3").unwrap(), 3);
        assert!(o.opt::<i64>("m70").unwrap().is_none(), "taken once");
        let rest = o.rest();
        assert_eq!(rest.len(), 98);
        assert!(!rest.contains_key("m70") && !rest.contains_key("m3"));
        assert_eq!(rest["m99"], 99);
        assert!(o.rest().is_empty());
    }

    static T_S: desc::ObjDesc = desc::obj(
        "S",
        &[
            desc::req("a", desc::INT),
            desc::opt("b", Ty::Str),
            desc::opt("c", Ty::Any),
        ],
    );

    #[test]
    fn failures_are_worded_from_the_descriptor() {
        static ELEM: Ty = Ty::Object(&T_S);
        let ty = Ty::Array(&ELEM);
        let tape = Tape::parse(br#"[{"a": 1}, {"a": 2, "b": ["x"]}]"#).unwrap();
        let e = read_reply::<Vec<S>>(tape.root(), &ty, "query-s").unwrap_err();
        assert_eq!(
            e.to_string(),
            "query-s: S member 'b' expected string (at '[1].b')"
        );
        // out of range for the Rust type, which the descriptor allows
        let tape = Tape::parse(br#"{"a": 18446744073709551615}"#).unwrap();
        let e = read_reply::<S>(tape.root(), &Ty::Object(&T_S), "q").unwrap_err();
        assert_eq!(
            e.to_string(),
            "q: S member 'a' out of range for int (at 'a')"
        );
    }
}
