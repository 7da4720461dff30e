//! [`Wire`]: decoding a value from a tape and encoding it to JSON, for
//! the built-in types (strings, numbers, lists, …) and the helpers that
//! generated enums and alternates call.
//!
//! Decoding is lenient (what to do with unknown members and values is
//! the types' business) and its errors are plain; the precise message,
//! naming type, member and path, comes from the descriptors when a
//! decode fails (`super::decode_reply`).

use crate::json::tape::{Tok, Val};
use serde::de::Error as _;
use serde_json::Value;

/// The error of decoding.
pub type Error = serde_json::Error;

/// A type that decodes from a value of a tape and encodes to a JSON
/// value.
pub trait Wire: Sized {
    /// Decodes leniently: unknown members are ignored, unknown enum
    /// values and union branches kept.
    fn read(v: Val<'_>) -> Result<Self, Error>;
    fn encode(&self) -> Value;
    /// The value of a required member that is missing, where one makes
    /// sense: an empty list for arrays (an older server does not send
    /// the lists a newer schema added, such as `children` of
    /// `BlockDeviceInfo` in QEMU 10.1), `None` (an error) otherwise.
    /// Arguments a server receives are checked against the schema
    /// before they are decoded, so this never hides a missing argument.
    fn absent() -> Option<Self> {
        None
    }
}

/// `expected string, found int`.
#[cold]
pub fn expected(what: &str, v: Val<'_>) -> Error {
    Error::custom(format!("expected {what}, found {}", v.json_type()))
}

/// A string value (for enums), borrowed from the tape.
#[inline]
pub fn decode_str(v: Val<'_>) -> Result<&str, Error> {
    v.as_str().ok_or_else(|| expected("string", v))
}

impl Wire for String {
    #[inline]
    fn read(v: Val<'_>) -> Result<Self, Error> {
        decode_str(v).map(str::to_string)
    }
    fn encode(&self) -> Value {
        Value::String(self.clone())
    }
}

impl Wire for bool {
    #[inline]
    fn read(v: Val<'_>) -> Result<Self, Error> {
        match v.tok() {
            Tok::Bool(b) => Ok(b),
            _ => Err(expected("boolean", v)),
        }
    }
    fn encode(&self) -> Value {
        Value::Bool(*self)
    }
}

impl Wire for f64 {
    #[inline]
    fn read(v: Val<'_>) -> Result<Self, Error> {
        match v.tok() {
            Tok::UInt(u) => Ok(u as f64),
            Tok::Int(i) => Ok(i as f64),
            Tok::Float(f) => Ok(f),
            _ => Err(expected("number", v)),
        }
    }
    fn encode(&self) -> Value {
        Value::from(*self)
    }
}

impl Wire for () {
    fn read(v: Val<'_>) -> Result<Self, Error> {
        match v.tok() {
            Tok::Null => Ok(()),
            _ => Err(expected("null", v)),
        }
    }
    fn encode(&self) -> Value {
        Value::Null
    }
}

impl Wire for Value {
    fn read(v: Val<'_>) -> Result<Self, Error> {
        Ok(v.to_value())
    }
    fn encode(&self) -> Value {
        self.clone()
    }
}

/// An integer token as `T`.
#[inline]
fn int<T: TryFrom<u64> + TryFrom<i64>>(v: Val<'_>, ty: &str) -> Result<T, Error> {
    let r = match v.tok() {
        Tok::UInt(u) => <T as TryFrom<u64>>::try_from(u).map_err(|_| i128::from(u)),
        Tok::Int(i) => <T as TryFrom<i64>>::try_from(i).map_err(|_| i128::from(i)),
        _ => return Err(expected("integer", v)),
    };
    r.map_err(|n| Error::custom(format!("{n} out of range for {ty}")))
}

macro_rules! wire_int {
    ($($t:ty),*) => {$(
        impl Wire for $t {
            #[inline]
            fn read(v: Val<'_>) -> Result<Self, Error> {
                int(v, stringify!($t))
            }
            #[inline]
            fn encode(&self) -> Value {
                Value::from(*self)
            }
        }
    )*};
}

wire_int!(i8, i16, i32, i64, u8, u16, u32, u64);

impl<T: Wire> Wire for Vec<T> {
    #[inline]
    fn read(v: Val<'_>) -> Result<Self, Error> {
        if !matches!(v.tok(), Tok::Arr { .. }) {
            return Err(expected("array", v));
        }
        let mut out = Vec::with_capacity(v.len());
        for (i, x) in v.items().enumerate() {
            out.push(T::read(x).map_err(|e| Error::custom(format!("[{i}]: {e}")))?);
        }
        Ok(out)
    }
    fn encode(&self) -> Value {
        Value::Array(self.iter().map(Wire::encode).collect())
    }
    fn absent() -> Option<Self> {
        Some(Vec::new())
    }
}

impl<T: Wire> Wire for Box<T> {
    #[inline]
    fn read(v: Val<'_>) -> Result<Self, Error> {
        T::read(v).map(Box::new)
    }
    fn encode(&self) -> Value {
        (**self).encode()
    }
}

/// The error for an alternate given a JSON type none of its branches takes.
#[cold]
pub fn alt_error(ty: &str, expected: &str, v: Val<'_>) -> Error {
    let found = match v.json_type() {
        "int" => "number",
        t => t,
    };
    Error::custom(format!("{ty}: expected {expected}, found {found}"))
}

/// Decodes one branch of an alternate, naming the type on error.
#[inline]
pub fn branch<T: Wire>(v: Val<'_>, ty: &str, branch: &str) -> Result<T, Error> {
    T::read(v).map_err(|e| Error::custom(format!("{ty} (branch '{branch}'): {e}")))
}
