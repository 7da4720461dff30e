//! Checked definitions: what the expression checks make of an expression,
//! and what the schema builder takes (the legacy front end makes them
//! too).  Types are still names here; the builder resolves them.

use crate::ifcond::IfCond;
use crate::source::Info;

/// A type as a member or return value names it.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    Name(String),
    /// `['Element']`
    Array(String),
}

#[derive(Debug, Clone)]
pub struct FeatureSpec {
    pub name: String,
    pub ifcond: Option<IfCond>,
}

#[derive(Debug, Clone)]
pub struct MemberSpec {
    /// The name without a leading `*`.
    pub name: String,
    pub optional: bool,
    pub ty: TypeRef,
    pub ifcond: Option<IfCond>,
    pub features: Vec<FeatureSpec>,
}

#[derive(Debug, Clone)]
pub struct EnumValueSpec {
    pub name: String,
    pub ifcond: Option<IfCond>,
    pub features: Vec<FeatureSpec>,
}

#[derive(Debug, Clone)]
pub struct BranchSpec {
    pub name: String,
    pub ty: TypeRef,
    pub ifcond: Option<IfCond>,
}

/// `'data'` or `'base'`: a type name or inline members.
#[derive(Debug, Clone)]
pub enum Data {
    Name(String),
    Members(Vec<MemberSpec>),
}

#[derive(Debug, Clone)]
pub enum DefSpec {
    Enum {
        values: Vec<EnumValueSpec>,
        prefix: Option<String>,
    },
    Struct {
        base: Option<String>,
        data: Data,
    },
    Union {
        base: Data,
        discriminator: String,
        branches: Vec<BranchSpec>,
    },
    Alternate {
        branches: Vec<BranchSpec>,
    },
    /// A union without discriminator (historical dialect): on the wire
    /// `{"type": BRANCH, "data": VALUE}`.
    SimpleUnion {
        base: Option<Data>,
        branches: Vec<BranchSpec>,
    },
    Command {
        data: Option<Data>,
        returns: Option<TypeRef>,
        gen: bool,
        success_response: bool,
        boxed: bool,
        allow_oob: bool,
        allow_preconfig: bool,
        coroutine: bool,
    },
    Event {
        data: Option<Data>,
        boxed: bool,
    },
}

/// A checked definition.
#[derive(Debug, Clone)]
pub struct DefExpr {
    pub meta: &'static str,
    pub name: String,
    /// The expression's location, inside its definition.
    pub info: Info,
    pub doc: Option<usize>,
    pub ifcond: Option<IfCond>,
    pub features: Vec<FeatureSpec>,
    pub spec: DefSpec,
}

/// A checked top-level expression.
#[derive(Debug, Clone)]
pub enum Checked {
    Include { file: String, info: Info },
    Def(DefExpr),
}
