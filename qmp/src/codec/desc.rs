//! Descriptors of schema types: how a value of each must look on the
//! wire. Generated bindings hold one static per type; the
//! [checker](super::check::check) walks them.

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
