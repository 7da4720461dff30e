//! The seam with generated bindings for decoding and encoding: what every
//! generated crate would otherwise repeat, compiled once here.
//!
//! - Schema descriptors ([`Ty`], [`ObjDesc`], …) and the [`check`]er that
//!   gives QEMU's exact argument errors (`Parameter 'x' is missing`, …) on
//!   the server side and errors naming type and member on the client side.
//! - [`Wire`]: decoding from and encoding to JSON values, implemented by
//!   the built-in types here and by every generated type (structs through
//!   [`Members`] and [`wire_members!`](crate::wire_members), enums
//!   through [`wire_enum!`](crate::wire_enum)). Command, event and
//!   return types get `serde` impls through
//!   [`wire_serde!`](crate::wire_serde); [`Json`] gives any other one.
//! - [`Obj`] and [`Out`]: the object reader and writer generated
//!   `Members` impls call, one line per member.
//! - [`decode_args`], [`decode_request`], [`decode_reply`], [`encode`]:
//!   the entry points of generated dispatch tables and clients.
//!
//! The impls the macros expand to, and the functions generated code
//! writes, are `#[inline]`: rustc then compiles them only where they are
//! used, so a crate of bindings for a large schema compiles quickly and
//! its users pay for the types they use.
//!
//! Decoding itself is lenient (unknown members are ignored, unknown enum
//! values kept, a missing required list is empty: see [`Wire::absent`]);
//! strictness and the wording of errors come from the
//! descriptors, checked first where QEMU's rules apply and consulted on
//! failure otherwise.

use serde::de::Error as _;
pub use serde_json::{Map, Value};

#[doc(hidden)]
pub use serde as __serde;

/// The error of decoding.
pub type Error = serde_json::Error;

// ---------------------------------------------------------------------
// Descriptors and the checker.

/// How a value of a schema type must look on the wire.
#[derive(Clone, Copy, Debug)]
pub enum Ty {
    /// `any`: every JSON value.
    Any,
    /// `null`.
    Null,
    Str,
    Bool,
    /// `number`: any JSON number.
    Number,
    /// An integer type (`int`, `uint8`, `size`, …) and its range.
    Int {
        name: &'static str,
        min: i128,
        max: i128,
    },
    Enum(&'static EnumDesc),
    Array(&'static Ty),
    Object(&'static ObjDesc),
    Alternate(&'static AltDesc),
}

/// `int` (and `int64`).
pub const INT: Ty = int("int", i64::MIN as i128, i64::MAX as i128);
pub const INT8: Ty = int("int8", i8::MIN as i128, i8::MAX as i128);
pub const INT16: Ty = int("int16", i16::MIN as i128, i16::MAX as i128);
pub const INT32: Ty = int("int32", i32::MIN as i128, i32::MAX as i128);
pub const INT64: Ty = int("int64", i64::MIN as i128, i64::MAX as i128);
pub const UINT8: Ty = int("uint8", 0, u8::MAX as i128);
pub const UINT16: Ty = int("uint16", 0, u16::MAX as i128);
pub const UINT32: Ty = int("uint32", 0, u32::MAX as i128);
pub const UINT64: Ty = int("uint64", 0, u64::MAX as i128);
pub const SIZE: Ty = int("size", 0, u64::MAX as i128);

const fn int(name: &'static str, min: i128, max: i128) -> Ty {
    Ty::Int { name, min, max }
}

/// An enum type: its values.
#[derive(Debug)]
pub struct EnumDesc {
    pub name: &'static str,
    pub values: &'static [&'static str],
}

/// A member of an object type.
#[derive(Debug)]
pub struct MemberDesc {
    pub name: &'static str,
    pub ty: Ty,
    pub optional: bool,
}

/// A required member (for descriptor tables).
pub const fn req(name: &'static str, ty: Ty) -> MemberDesc {
    MemberDesc {
        name,
        ty,
        optional: false,
    }
}

/// An optional member (for descriptor tables).
pub const fn opt(name: &'static str, ty: Ty) -> MemberDesc {
    MemberDesc {
        name,
        ty,
        optional: true,
    }
}

/// A struct or union (with its discriminator and branches).
#[derive(Debug)]
pub struct ObjDesc {
    pub name: &'static str,
    pub members: &'static [MemberDesc],
    pub tag: Option<&'static str>,
    pub branches: &'static [(&'static str, &'static ObjDesc)],
    /// Members beyond these are accepted: the arguments of a command QEMU
    /// does not generate (`'gen': false`), such as `device_add`'s device
    /// properties.
    pub open: bool,
}

/// A struct's descriptor.
pub const fn obj(name: &'static str, members: &'static [MemberDesc]) -> ObjDesc {
    ObjDesc {
        name,
        members,
        tag: None,
        branches: &[],
        open: false,
    }
}

/// The descriptor of a struct that accepts members beyond its own.
pub const fn open_obj(name: &'static str, members: &'static [MemberDesc]) -> ObjDesc {
    ObjDesc {
        name,
        members,
        tag: None,
        branches: &[],
        open: true,
    }
}

/// A union's descriptor.
pub const fn union(
    name: &'static str,
    members: &'static [MemberDesc],
    tag: &'static str,
    branches: &'static [(&'static str, &'static ObjDesc)],
) -> ObjDesc {
    ObjDesc {
        name,
        members,
        tag: Some(tag),
        branches,
        open: false,
    }
}

/// The object without members (arguments of commands that take none).
pub static EMPTY: ObjDesc = obj("q_empty", &[]);

/// An alternate: one branch per JSON type.
#[derive(Debug)]
pub struct AltDesc {
    pub name: &'static str,
    pub branches: &'static [Ty],
}

/// Whether values come from a client (strict, QEMU's rules) or from a
/// server (lenient: unknown members, enum values and branches are fine),
/// or are a fragment (strict, but members may be left out: a shortened
/// example).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Args,
    Reply,
    Fragment,
}

#[derive(Clone, Debug)]
enum Seg {
    Key(String),
    Index(usize),
}

/// What is wrong with a value, and where.
#[derive(Clone, Debug)]
pub struct Problem {
    path: Vec<Seg>,
    /// The innermost object or alternate type.
    pub type_name: &'static str,
    kind: ProblemKind,
}

#[derive(Clone, Debug)]
enum ProblemKind {
    Missing,
    Unexpected,
    Type(&'static str),
    AltType,
    EnumValue(String),
    Range(&'static str),
}

impl Problem {
    /// QEMU's dotted name: `a.b`, `a[0]`.
    pub fn full_name(&self) -> String {
        let mut s = String::new();
        for seg in &self.path {
            match seg {
                Seg::Key(k) if s.is_empty() => s.push_str(k),
                Seg::Key(k) => {
                    s.push('.');
                    s.push_str(k);
                }
                Seg::Index(i) => s.push_str(&format!("[{i}]")),
            }
        }
        s
    }

    /// The innermost name, `null` for a list element (as QEMU says it).
    fn bare_name(&self) -> &str {
        match self.path.last() {
            Some(Seg::Key(k)) => k,
            _ => "null",
        }
    }

    /// The innermost member name.
    pub fn member(&self) -> &str {
        self.path
            .iter()
            .rev()
            .find_map(|s| match s {
                Seg::Key(k) => Some(k.as_str()),
                Seg::Index(_) => None,
            })
            .unwrap_or("")
    }

    /// The message QEMU gives for this problem in command arguments.
    pub fn qemu_message(&self) -> String {
        let full = self.full_name();
        match &self.kind {
            ProblemKind::Missing => format!("Parameter '{full}' is missing"),
            ProblemKind::Unexpected => format!("Parameter '{full}' is unexpected"),
            ProblemKind::Type(t) => format!("Invalid parameter type for '{full}', expected: {t}"),
            ProblemKind::AltType => format!(
                "Invalid parameter type for '{}', expected: {}",
                self.bare_name(),
                self.type_name
            ),
            ProblemKind::EnumValue(v) => {
                format!(
                    "Parameter '{}' does not accept value '{v}'",
                    self.bare_name()
                )
            }
            ProblemKind::Range(t) => format!("Parameter '{}' expects {t}", self.bare_name()),
        }
    }
}

impl std::fmt::Display for Problem {
    /// Names the type and member: `QemuVersion member 'micro' is missing
    /// (at qemu.micro)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match &self.kind {
            ProblemKind::Missing => "is missing".to_string(),
            ProblemKind::Unexpected => "is unexpected".to_string(),
            ProblemKind::Type(t) => format!("expected {t}"),
            ProblemKind::AltType => "has a JSON type no branch accepts".to_string(),
            ProblemKind::EnumValue(v) => format!("does not accept '{v}'"),
            ProblemKind::Range(t) => format!("out of range for {t}"),
        };
        write!(
            f,
            "{} member '{}' {what} (at '{}')",
            self.type_name,
            self.member(),
            self.full_name()
        )
    }
}

struct Checker {
    mode: Mode,
    path: Vec<Seg>,
    type_name: &'static str,
}

impl Checker {
    fn fail(&self, kind: ProblemKind) -> Result<(), Problem> {
        Err(Problem {
            path: self.path.clone(),
            type_name: self.type_name,
            kind,
        })
    }

    fn check(&mut self, v: &Value, ty: &Ty) -> Result<(), Problem> {
        match (ty, v) {
            (Ty::Any, _)
            | (Ty::Null, Value::Null)
            | (Ty::Str, Value::String(_))
            | (Ty::Bool, Value::Bool(_))
            | (Ty::Number, Value::Number(_)) => Ok(()),
            (Ty::Null, _) => self.fail(ProblemKind::Type("null")),
            (Ty::Str, _) => self.fail(ProblemKind::Type("string")),
            (Ty::Bool, _) => self.fail(ProblemKind::Type("boolean")),
            (Ty::Number, _) => self.fail(ProblemKind::Type("number")),
            (Ty::Int { name, min, max }, v) => {
                let n = match v {
                    Value::Number(n) => n
                        .as_i64()
                        .map(i128::from)
                        .or_else(|| n.as_u64().map(i128::from)),
                    _ => None,
                };
                match n {
                    None if *name == "size" => self.fail(ProblemKind::Type("size")),
                    None => self.fail(ProblemKind::Type("integer")),
                    Some(n) if n < *min || n > *max => self.fail(ProblemKind::Range(name)),
                    Some(_) => Ok(()),
                }
            }
            (Ty::Enum(e), Value::String(s)) => {
                if self.mode != Mode::Reply && !e.values.contains(&s.as_str()) {
                    return self.fail(ProblemKind::EnumValue(s.clone()));
                }
                Ok(())
            }
            (Ty::Enum(_), _) => self.fail(ProblemKind::Type("string")),
            (Ty::Array(t), Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    self.path.push(Seg::Index(i));
                    self.check(item, t)?;
                    self.path.pop();
                }
                Ok(())
            }
            (Ty::Array(_), _) => self.fail(ProblemKind::Type("array")),
            (Ty::Object(o), Value::Object(map)) => {
                let outer = std::mem::replace(&mut self.type_name, o.name);
                let mut seen = Vec::new();
                self.members(o, map, &mut seen)?;
                if self.mode != Mode::Reply && !o.open {
                    // the member QEMU names: the first left in its GLib
                    // hash table of unvisited keys
                    let keys: Vec<&str> = map.keys().map(String::as_str).collect();
                    if let Some(k) = crate::json::ghash_order::first_unexpected(&keys, &seen) {
                        self.path.push(Seg::Key(k.to_string()));
                        return self.fail(ProblemKind::Unexpected);
                    }
                }
                self.type_name = outer;
                Ok(())
            }
            (Ty::Object(_), _) => self.fail(ProblemKind::Type("object")),
            (Ty::Alternate(a), v) => {
                let branch = a.branches.iter().find(|b| {
                    matches!(
                        (b, v),
                        (Ty::Null, Value::Null)
                            | (Ty::Str | Ty::Enum(_), Value::String(_))
                            | (Ty::Bool, Value::Bool(_))
                            | (Ty::Number | Ty::Int { .. }, Value::Number(_))
                            | (Ty::Object(_), Value::Object(_))
                            | (Ty::Array(_), Value::Array(_))
                    )
                });
                let outer = std::mem::replace(&mut self.type_name, a.name);
                match branch {
                    Some(b) => self.check(v, b)?,
                    None => return self.fail(ProblemKind::AltType),
                }
                self.type_name = outer;
                Ok(())
            }
        }
    }

    fn members(
        &mut self,
        o: &'static ObjDesc,
        map: &Map<String, Value>,
        seen: &mut Vec<&'static str>,
    ) -> Result<(), Problem> {
        for m in o.members {
            seen.push(m.name);
            self.path.push(Seg::Key(m.name.to_string()));
            match map.get(m.name) {
                None if m.optional || self.mode == Mode::Fragment => {}
                None => return self.fail(ProblemKind::Missing),
                Some(v) => self.check(v, &m.ty)?,
            }
            self.path.pop();
        }
        if let Some(tag) = o.tag {
            if let Some(Value::String(t)) = map.get(tag) {
                if let Some((_, b)) = o.branches.iter().find(|(n, _)| n == t) {
                    let outer = std::mem::replace(&mut self.type_name, b.name);
                    self.members(b, map, seen)?;
                    self.type_name = outer;
                }
            }
        }
        Ok(())
    }
}

/// Checks `v` against `ty`.
pub fn check(v: &Value, ty: &Ty, mode: Mode) -> Result<(), Problem> {
    let mut c = Checker {
        mode,
        path: Vec::new(),
        type_name: "",
    };
    c.check(v, ty)
}

// ---------------------------------------------------------------------
// Decoding and encoding.

/// A type that decodes from and encodes to a JSON value.
pub trait Wire: Sized {
    /// Decodes leniently: unknown members are ignored, unknown enum
    /// values and union branches kept.
    fn decode(v: Value) -> Result<Self, Error>;
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

/// An object type, decoded member by member from an [`Obj`] (which
/// union branches share with their base) and encoded into an [`Out`].
pub trait Members: Sized {
    fn decode_members(o: &mut Obj) -> Result<Self, Error>;
    fn encode_members(&self, o: &mut Out);
}

/// [`Wire::decode`] for a [`Members`] type.
pub fn decode_members<T: Members>(v: Value) -> Result<T, Error> {
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
    fn decode_members(o: &mut Obj) -> Result<Self, Error> {
        T::decode_members(o).map(Box::new)
    }

    fn encode_members(&self, o: &mut Out) {
        (**self).encode_members(o)
    }
}

fn expected(what: &str, v: &Value) -> Error {
    Error::custom(format!("expected {what}, found {}", json_type(v)))
}

/// The JSON type of a value as QAPI names them, integers told apart
/// from other numbers: `null`, `boolean`, `int`, `number`, `string`,
/// `array`, `object`.
pub fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "int",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

impl Wire for String {
    fn decode(v: Value) -> Result<Self, Error> {
        match v {
            Value::String(s) => Ok(s),
            v => Err(expected("string", &v)),
        }
    }
    fn encode(&self) -> Value {
        Value::String(self.clone())
    }
}

impl Wire for bool {
    fn decode(v: Value) -> Result<Self, Error> {
        match v {
            Value::Bool(b) => Ok(b),
            v => Err(expected("boolean", &v)),
        }
    }
    fn encode(&self) -> Value {
        Value::Bool(*self)
    }
}

impl Wire for f64 {
    fn decode(v: Value) -> Result<Self, Error> {
        match v.as_f64() {
            Some(n) => Ok(n),
            None => Err(expected("number", &v)),
        }
    }
    fn encode(&self) -> Value {
        Value::from(*self)
    }
}

impl Wire for () {
    fn decode(v: Value) -> Result<Self, Error> {
        match v {
            Value::Null => Ok(()),
            v => Err(expected("null", &v)),
        }
    }
    fn encode(&self) -> Value {
        Value::Null
    }
}

impl Wire for Value {
    fn decode(v: Value) -> Result<Self, Error> {
        Ok(v)
    }
    fn encode(&self) -> Value {
        self.clone()
    }
}

macro_rules! wire_int {
    ($($t:ty),*) => {$(
        impl Wire for $t {
            #[inline]
            fn decode(v: Value) -> Result<Self, Error> {
                let n = match &v {
                    Value::Number(n) => n
                        .as_i64()
                        .map(i128::from)
                        .or_else(|| n.as_u64().map(i128::from)),
                    _ => None,
                };
                match n {
                    Some(n) => <$t>::try_from(n).map_err(|_| {
                        Error::custom(format!("{n} out of range for {}", stringify!($t)))
                    }),
                    None => Err(expected("integer", &v)),
                }
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
    fn decode(v: Value) -> Result<Self, Error> {
        match v {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, x)| T::decode(x).map_err(|e| Error::custom(format!("[{i}]: {e}"))))
                .collect(),
            v => Err(expected("array", &v)),
        }
    }
    fn encode(&self) -> Value {
        Value::Array(self.iter().map(Wire::encode).collect())
    }
    fn absent() -> Option<Self> {
        Some(Vec::new())
    }
}

impl<T: Wire> Wire for Box<T> {
    fn decode(v: Value) -> Result<Self, Error> {
        T::decode(v).map(Box::new)
    }
    fn encode(&self) -> Value {
        (**self).encode()
    }
}

/// The members of an object being decoded; each is taken out as it is
/// decoded.
pub struct Obj(Map<String, Value>);

impl Obj {
    /// The members of `v`, which must be an object.
    pub fn new(v: Value) -> Result<Obj, Error> {
        match v {
            Value::Object(m) => Ok(Obj(m)),
            v => Err(expected("object", &v)),
        }
    }

    /// A required member.
    pub fn req<T: Wire>(&mut self, key: &str) -> Result<T, Error> {
        match self.0.shift_remove(key) {
            Some(v) => T::decode(v).map_err(|e| in_member(key, e)),
            None => T::absent().ok_or_else(|| Error::custom(format!("member '{key}' is missing"))),
        }
    }

    /// An optional member (absent or `null`: `None`).
    pub fn opt<T: Wire>(&mut self, key: &str) -> Result<Option<T>, Error> {
        match self.0.shift_remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => T::decode(v).map(Some).map_err(|e| in_member(key, e)),
        }
    }

    /// An optional member whose type accepts `null`: a present `null` is
    /// `Some`.
    pub fn opt_null<T: Wire>(&mut self, key: &str) -> Result<Option<T>, Error> {
        match self.0.shift_remove(key) {
            None => Ok(None),
            Some(v) => T::decode(v).map(Some).map_err(|e| in_member(key, e)),
        }
    }

    /// A union's discriminator (`ty` names the union in errors).
    pub fn tag(&mut self, ty: &str, key: &str) -> Result<String, Error> {
        match self.0.shift_remove(key) {
            Some(Value::String(s)) => Ok(s),
            Some(_) => Err(Error::custom(format!(
                "{ty} member '{key}' expected string (at '{key}')"
            ))),
            None => Err(Error::custom(format!(
                "{ty} member '{key}' is missing (at '{key}')"
            ))),
        }
    }

    /// The members not taken yet.
    pub fn rest(&mut self) -> Map<String, Value> {
        std::mem::take(&mut self.0)
    }
}

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

/// The error for an alternate given a JSON type none of its branches takes.
pub fn alt_error(ty: &str, expected: &str, v: &Value) -> Error {
    let found = match json_type(v) {
        "int" => "number",
        t => t,
    };
    Error::custom(format!("{ty}: expected {expected}, found {found}"))
}

/// Decodes one branch of an alternate, naming the type on error.
pub fn branch<T: Wire>(v: Value, ty: &str, branch: &str) -> Result<T, Error> {
    T::decode(v).map_err(|e| Error::custom(format!("{ty} (branch '{branch}'): {e}")))
}

/// For a generated struct or union implementing
/// [`Members`](crate::codec::Members): [`Wire`](crate::codec::Wire).
#[macro_export]
macro_rules! wire_members {
    ($t:ty) => {
        impl $crate::codec::Wire for $t {
            #[inline]
            fn decode(
                v: $crate::codec::Value,
            ) -> ::core::result::Result<Self, $crate::codec::Error> {
                $crate::codec::decode_members(v)
            }
            #[inline]
            fn encode(&self) -> $crate::codec::Value {
                $crate::codec::encode_members(self)
            }
        }
    };
}

/// For a generated struct wrapping one type (command arguments or event
/// data of a named type): [`Wire`](crate::codec::Wire) and serde, as the
/// wrapped type.
#[macro_export]
macro_rules! wire_newtype {
    ($t:ident) => {
        impl $crate::codec::Wire for $t {
            #[inline]
            fn decode(
                v: $crate::codec::Value,
            ) -> ::core::result::Result<Self, $crate::codec::Error> {
                ::core::result::Result::Ok($t($crate::codec::Wire::decode(v)?))
            }
            #[inline]
            fn encode(&self) -> $crate::codec::Value {
                $crate::codec::Wire::encode(&self.0)
            }
        }
        $crate::wire_serde!($t);
    };
}

/// A command's reply without a value, and the arguments of a command
/// without any: `{}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Empty {}

impl Members for Empty {
    fn decode_members(_: &mut Obj) -> Result<Self, Error> {
        Ok(Empty {})
    }
    fn encode_members(&self, _: &mut Out) {}
}

impl Wire for Empty {
    fn decode(v: Value) -> Result<Self, Error> {
        decode_members(v)
    }
    fn encode(&self) -> Value {
        encode_members(self)
    }
}

/// Decodes command arguments on the server: QEMU's message on error.
pub fn decode_args<T: Wire>(
    args: Map<String, Value>,
    desc: &'static ObjDesc,
) -> Result<T, crate::QmpError> {
    let v = Value::Object(args);
    check(&v, &Ty::Object(desc), Mode::Args)
        .map_err(|p| crate::QmpError::generic(p.qemu_message()))?;
    T::decode(v).map_err(|e| crate::QmpError::generic(e.to_string()))
}

/// Checks the arguments of a command that takes none: QEMU's message on
/// error.
pub fn check_args(
    args: &Map<String, Value>,
    desc: &'static ObjDesc,
) -> Result<(), crate::QmpError> {
    if args.is_empty() {
        return Ok(());
    }
    let v = Value::Object(args.clone());
    check(&v, &Ty::Object(desc), Mode::Args).map_err(|p| crate::QmpError::generic(p.qemu_message()))
}

/// Decodes command arguments as a client sends them, checked by QEMU's
/// rules (unknown members and values are errors); on error, names the
/// type and member at fault.
pub fn decode_request<T: Wire>(v: &Value, desc: &'static ObjDesc, what: &str) -> Result<T, Error> {
    check(v, &Ty::Object(desc), Mode::Args).map_err(|p| Error::custom(format!("{what}: {p}")))?;
    T::decode(v.clone()).map_err(|e| Error::custom(format!("{what}: {e}")))
}

/// Decodes a reply or event from a server; on error, names the type and
/// member at fault.
pub fn decode_reply<T: Wire>(v: &Value, ty: &Ty, what: &str) -> Result<T, Error> {
    T::decode(v.clone()).map_err(|e| reply_error(v, ty, what, e))
}

fn reply_error(v: &Value, ty: &Ty, what: &str, e: Error) -> Error {
    match check(v, ty, Mode::Reply) {
        Err(p) => Error::custom(format!("{what}: {p}")),
        Ok(()) => Error::custom(format!("{what}: {e}")),
    }
}

/// [`decode_reply`], then encodes again (for round-trip checks).
pub fn reencode_reply<T: Wire>(v: &Value, ty: &Ty, what: &str) -> Result<Value, Error> {
    decode_reply::<T>(v, ty, what).map(|t| t.encode())
}

/// [`decode_request`], then encodes again (for round-trip checks).
pub fn reencode_request<T: Wire>(
    v: &Value,
    desc: &'static ObjDesc,
    what: &str,
) -> Result<Value, Error> {
    decode_request::<T>(v, desc, what).map(|t| t.encode())
}

/// Encodes a command's return value on the server (`()` as `{}`).
pub fn encode<T: Wire>(v: &T) -> Result<Value, crate::QmpError> {
    Ok(match v.encode() {
        Value::Null => Value::Object(Map::new()),
        v => v,
    })
}

/// Any [`Wire`] type as a serde value: `serde_json::to_string(&Json(x))`,
/// `serde_json::from_str::<Json<T>>(s)?.0`. (Generated bindings implement
/// serde themselves only for command, event and return types, which the
/// runtime's traits need.)
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Json<T>(pub T);

impl<T: Wire> serde::Serialize for Json<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize(&self.0, s)
    }
}

/// [`Json`] for a reference: `serde_json::to_string(&JsonRef(&x))`.
#[derive(Clone, Copy, Debug)]
pub struct JsonRef<'a, T>(pub &'a T);

impl<T: Wire> serde::Serialize for JsonRef<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize(self.0, s)
    }
}

impl<'de, T: Wire> serde::Deserialize<'de> for Json<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize(d).map(Json)
    }
}

/// `Serialize` through [`Wire`] (what [`wire_serde!`](crate::wire_serde)
/// expands to).
pub fn serialize<T: Wire, S: serde::Serializer>(t: &T, s: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&t.encode(), s)
}

/// `Deserialize` through [`Wire`].
pub fn deserialize<'de, T: Wire, D: serde::Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    let v = <Value as serde::Deserialize>::deserialize(d)?;
    T::decode(v).map_err(D::Error::custom)
}

/// `serde::Serialize` and `serde::Deserialize` for a type implementing
/// [`Wire`](crate::codec::Wire).
#[macro_export]
macro_rules! wire_serde {
    ($t:ty) => {
        impl $crate::codec::__serde::Serialize for $t {
            #[inline]
            fn serialize<S: $crate::codec::__serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::codec::serialize(self, s)
            }
        }
        impl<'de> $crate::codec::__serde::Deserialize<'de> for $t {
            #[inline]
            fn deserialize<D: $crate::codec::__serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::codec::deserialize(d)
            }
        }
    };
}

/// For a generated enum with `as_str` and `From<&str>` (unknown values
/// kept): `Display` and [`Wire`](crate::codec::Wire).
#[macro_export]
macro_rules! wire_enum {
    ($t:ty) => {
        impl ::core::fmt::Display for $t {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl $crate::codec::Wire for $t {
            #[inline]
            fn decode(
                v: $crate::codec::Value,
            ) -> ::core::result::Result<Self, $crate::codec::Error> {
                ::core::result::Result::Ok(<$t>::from($crate::codec::decode_str(v)?.as_str()))
            }
            #[inline]
            fn encode(&self) -> $crate::codec::Value {
                $crate::codec::Value::String(self.as_str().to_string())
            }
        }
    };
}

/// A string value (for enums).
pub fn decode_str(v: Value) -> Result<String, Error> {
    String::decode(v)
}
