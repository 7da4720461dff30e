//! The seam with generated bindings for decoding and encoding: what every
//! generated crate would otherwise repeat, compiled once here.
//!
//! - [`desc`]: schema descriptors ([`Ty`], [`ObjDesc`], …), static data
//!   in generated bindings; [`check()`] walks them and gives QEMU's exact
//!   argument errors (`Parameter 'x' is missing`, …) on the server side
//!   and errors naming type, member and path on the client side.
//! - [`Wire`] ([`wire`]): decoding from a value of a tape
//!   ([`crate::json::tape`], a JSON text split into tokens in one pass)
//!   and encoding to JSON values, implemented by the built-in types and
//!   by every generated type: structs and unions through [`Members`]
//!   ([`members`]: the object reader [`Obj`] and writer [`Out`], one line
//!   per member) and [`wire_members!`](crate::wire_members), enums
//!   through [`wire_enum!`](crate::wire_enum). Command, event and return
//!   types get `serde` impls through [`wire_serde!`](crate::wire_serde)
//!   ([`serde_bridge`]); [`Json`] gives any other one.
//! - [`decode_args`], [`decode_request`], [`decode_reply`], [`read_reply`],
//!   [`encode`]: the entry points of generated dispatch tables, clients
//!   and the runtime's clients.
//!
//! The impls the macros expand to, and the functions generated code
//! writes, are `#[inline]`: rustc then compiles them only where they are
//! used, so a crate of bindings for a large schema compiles quickly and
//! its users pay for the types they use.
//!
//! Decoding itself is lenient (unknown members are ignored, unknown enum
//! values kept, a missing required list is empty: see
//! [`Wire::absent`]) and goes straight from the tape to the typed value;
//! strictness and the wording of errors come from the descriptors,
//! checked first where QEMU's rules apply and consulted on failure
//! otherwise.

pub mod check;
pub mod desc;
mod macros;
pub mod members;
pub mod serde_bridge;
pub mod wire;

pub use crate::json::tape::{Tape, Val};
pub use check::{check, Mode, Problem};
pub use desc::*;
pub use members::{decode_members, encode_members, Empty, Members, Obj, Out};
pub use serde_bridge::{deserialize, serialize, Json, JsonRef};
pub use serde_json::{Map, Value};
pub use wire::{alt_error, branch, decode_str, Error, Wire};

#[doc(hidden)]
pub use serde as __serde;

use serde::de::Error as _;

/// Decodes a JSON value (leniently, as [`Wire::read`]).
pub fn decode<T: Wire>(v: &Value) -> Result<T, Error> {
    T::read(Tape::from_value(v).root())
}

/// Decodes command arguments on the server: QEMU's message on error.
pub fn decode_args<T: Wire>(
    args: Map<String, Value>,
    desc: &'static ObjDesc,
) -> Result<T, crate::QmpError> {
    let v = Value::Object(args);
    check(&v, &Ty::Object(desc), Mode::Args)
        .map_err(|p| crate::QmpError::generic(p.qemu_message()))?;
    decode(&v).map_err(|e| crate::QmpError::generic(e.to_string()))
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
    decode(v).map_err(|e| Error::custom(format!("{what}: {e}")))
}

/// Decodes a reply or event from a server; on error, names the type and
/// member at fault.
pub fn decode_reply<T: Wire>(v: &Value, ty: &Ty, what: &str) -> Result<T, Error> {
    decode(v).map_err(|e| reply_error(v, ty, what, e))
}

/// [`decode_reply`] from a value of a tape (what clients read a reply
/// into): the typed value in one pass. Only when that fails is the value
/// built and checked against `ty`, for the message.
#[inline]
pub fn read_reply<T: Wire>(v: Val<'_>, ty: &Ty, what: &str) -> Result<T, Error> {
    T::read(v).map_err(|e| reply_error(&v.to_value(), ty, what, e))
}

#[cold]
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
