//! serde for [`Wire`] types: what [`wire_serde!`](crate::wire_serde)
//! expands to, and [`Json`]/[`JsonRef`] for any other type. Decoding
//! fills a tape from the deserializer (no JSON value in between).

use super::wire::Wire;
use crate::json::tape::Tape;

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

/// `Serialize` through [`Wire`].
pub fn serialize<T: Wire, S: serde::Serializer>(t: &T, s: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&t.encode(), s)
}

/// `Deserialize` through [`Wire`].
pub fn deserialize<'de, T: Wire, D: serde::Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    let tape = Tape::from_deserializer(d)?;
    T::read(tape.root()).map_err(serde::de::Error::custom)
}
