//! The macros generated bindings expand per type, so that the impls they
//! would otherwise write out are written once, here. They name items by
//! `$crate::codec::…` paths only.

/// For a generated struct or union implementing
/// [`Members`](crate::codec::Members): [`Wire`](crate::codec::Wire).
#[macro_export]
macro_rules! wire_members {
    ($t:ty) => {
        impl $crate::codec::Wire for $t {
            #[inline]
            fn read(
                v: $crate::codec::Val<'_>,
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
            fn read(
                v: $crate::codec::Val<'_>,
            ) -> ::core::result::Result<Self, $crate::codec::Error> {
                ::core::result::Result::Ok($t($crate::codec::Wire::read(v)?))
            }
            #[inline]
            fn encode(&self) -> $crate::codec::Value {
                $crate::codec::Wire::encode(&self.0)
            }
        }
        $crate::wire_serde!($t);
    };
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
            fn read(
                v: $crate::codec::Val<'_>,
            ) -> ::core::result::Result<Self, $crate::codec::Error> {
                ::core::result::Result::Ok(<$t>::from($crate::codec::decode_str(v)?))
            }
            #[inline]
            fn encode(&self) -> $crate::codec::Value {
                $crate::codec::Value::String(self.as_str().to_string())
            }
        }
    };
}
