//! The checked schema model: every entity QEMU's front end knows, with its
//! source location, documentation, condition and features.  Types refer to
//! each other by [`EntityId`].  The model knows nothing of any target
//! language, nor of the front end that made it.
//!
//! `build` makes a model from checked definitions (those of the
//! expression checks, or of the legacy front end), with the semantic
//! checks of QEMU's `schema.py`.

mod build;

pub(crate) use build::{build, Input};

use crate::hash::NameMap;
use std::sync::Arc;

use crate::doc::Doc;
use crate::ifcond::IfCond;
use crate::pragma::Pragma;
use crate::source::Info;

/// Index of an entity in [`Schema::entities`].
pub type EntityId = usize;

/// A feature of a definition, member or enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    pub name: String,
    pub info: Option<Info>,
    pub ifcond: Option<IfCond>,
}

impl Feature {
    /// `deprecated` and `unstable` have meaning in every schema.
    pub fn is_special(&self) -> bool {
        matches!(self.name.as_str(), "deprecated" | "unstable")
    }
}

/// A value of an enum type.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumMember {
    pub name: String,
    pub info: Option<Info>,
    pub ifcond: Option<IfCond>,
    pub features: Vec<Feature>,
}

/// A member of an object type (also a command's or event's argument).
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub name: String,
    pub info: Option<Info>,
    /// The type as named in the schema (arrays as `ElementList`).
    pub type_name: String,
    /// The resolved type.
    pub ty: EntityId,
    pub optional: bool,
    pub ifcond: Option<IfCond>,
    pub features: Vec<Feature>,
    /// The type that defines the member (for flattened base members, the
    /// base).
    pub defined_in: String,
}

/// A branch of a union or an alternate.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    pub info: Option<Info>,
    pub type_name: String,
    pub ty: EntityId,
    pub ifcond: Option<IfCond>,
    pub defined_in: String,
}

/// A union's branches, selected by its discriminator member.
#[derive(Debug, Clone, PartialEq)]
pub struct Branches {
    /// The discriminator: a member of the base, of enum type.
    pub tag: String,
    pub variants: Vec<Variant>,
}

/// What kind of entity, and its particulars.
#[derive(Debug, Clone, PartialEq)]
pub enum EntityKind {
    /// An `include` directive.
    Include {
        module: usize,
    },
    /// `str`, `int`, `any`, … with its JSON type.
    Builtin {
        json_type: &'static str,
    },
    Enum {
        members: Vec<EnumMember>,
        prefix: Option<String>,
    },
    /// `ElementList`, made where `['Element']` is used.
    Array {
        element_name: String,
        element: EntityId,
    },
    /// A struct, a union, or an implicit type (`q_obj_*`, `q_empty`).
    Object {
        base_name: Option<String>,
        base: Option<EntityId>,
        /// Members defined here.
        local_members: Vec<Member>,
        /// All members: the base's, then the local ones.
        members: Vec<Member>,
        branches: Option<Branches>,
    },
    Alternate {
        /// One branch per JSON type the alternate accepts.
        variants: Vec<Variant>,
    },
    Command(Command),
    Event {
        arg_name: Option<String>,
        arg_type: Option<EntityId>,
        boxed: bool,
    },
}

/// A command and its flags.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    pub arg_name: Option<String>,
    pub arg_type: Option<EntityId>,
    pub ret_name: Option<String>,
    pub ret_type: Option<EntityId>,
    pub gen: bool,
    pub success_response: bool,
    pub boxed: bool,
    pub allow_oob: bool,
    pub allow_preconfig: bool,
    pub coroutine: bool,
}

/// A definition (or include directive) of the schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub name: String,
    /// Where it is defined; `None` for built-in types.  Implicit types
    /// point at the definition that made them.
    pub info: Option<Info>,
    /// Index into [`Schema::docs`].
    pub doc: Option<usize>,
    pub ifcond: Option<IfCond>,
    pub features: Vec<Feature>,
    pub kind: EntityKind,
    /// Index into [`Schema::modules`].
    pub module: usize,
}

impl Entity {
    /// QEMU's meta-type name: `struct`, `union`, `enum`, `alternate`,
    /// `array`, `built-in`, `command`, `event`, `include`.
    pub fn meta(&self) -> &'static str {
        match &self.kind {
            EntityKind::Include { .. } => "include",
            EntityKind::Builtin { .. } => "built-in",
            EntityKind::Enum { .. } => "enum",
            EntityKind::Array { .. } => "array",
            EntityKind::Object { branches, .. } => {
                if branches.is_some() {
                    "union"
                } else {
                    "struct"
                }
            }
            EntityKind::Alternate { .. } => "alternate",
            EntityKind::Command(_) => "command",
            EntityKind::Event { .. } => "event",
        }
    }

    pub fn is_type(&self) -> bool {
        !matches!(
            self.kind,
            EntityKind::Include { .. } | EntityKind::Command(_) | EntityKind::Event { .. }
        )
    }

    /// Implicit types are made by the front end: `q_obj_*` argument and
    /// base types, `q_empty`, arrays, the `QType` enum.
    pub fn is_implicit(&self) -> bool {
        match &self.kind {
            EntityKind::Array { .. } => true,
            EntityKind::Enum { .. } => self.name == "QType",
            EntityKind::Object { .. } => self.name.starts_with("q_"),
            _ => self.info.is_none(),
        }
    }

    /// The JSON type of values of this type: `string`, `number`, `int`,
    /// `boolean`, `null`, `object`, `array` or `value`.
    pub fn json_type(&self) -> &'static str {
        match &self.kind {
            EntityKind::Builtin { json_type } => json_type,
            EntityKind::Enum { .. } => "string",
            EntityKind::Array { .. } => "array",
            EntityKind::Object { .. } => "object",
            _ => "value",
        }
    }

    /// QEMU's description, as used in messages: `struct type 'Foo'`.
    pub fn describe(&self) -> String {
        match &self.kind {
            EntityKind::Array { element_name, .. } => {
                format!("array type ['{element_name}']")
            }
            EntityKind::Command(_) | EntityKind::Event { .. } | EntityKind::Include { .. } => {
                format!("{} '{}'", self.meta(), self.name)
            }
            _ => format!("{} type '{}'", self.meta(), self.name),
        }
    }

    pub fn has_feature(&self, name: &str) -> bool {
        self.features.iter().any(|f| f.name == name)
    }
}

/// A source file of the schema, or the built-in module `./builtin`.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// Relative to the root file's folder.
    pub name: String,
    /// Entities defined in the module, in definition order.
    pub entities: Vec<EntityId>,
}

/// A checked schema.
#[derive(Debug, Clone)]
pub struct Schema {
    /// All entities in definition order (built-ins first).
    pub entities: Vec<Entity>,
    pub modules: Vec<Module>,
    pub docs: Vec<Doc>,
    pub pragma: Pragma,
    /// Feature names in first use order, `deprecated` and `unstable` first.
    pub feature_names: Vec<String>,
    /// Every file read, with its text.
    pub sources: Vec<(Arc<str>, Arc<str>)>,
    /// Documentation style problems reported as warnings.
    pub warnings: Vec<crate::error::Error>,
    /// The command names in the order of the input's dispatch table, when
    /// it has one (a 2012 `qmp-commands.hx`); empty otherwise.
    pub dispatch_order: Vec<String>,
    pub(crate) by_name: NameMap<String, EntityId>,
}

impl Schema {
    pub fn lookup(&self, name: &str) -> Option<&Entity> {
        self.by_name.get(name).map(|&id| &self.entities[id])
    }

    pub fn lookup_id(&self, name: &str) -> Option<EntityId> {
        self.by_name.get(name).copied()
    }

    pub fn entity(&self, id: EntityId) -> &Entity {
        &self.entities[id]
    }

    pub fn doc_of(&self, e: &Entity) -> Option<&Doc> {
        e.doc.map(|d| &self.docs[d])
    }

    /// Definitions (not includes), in definition order.
    pub fn definitions(&self) -> impl Iterator<Item = &Entity> {
        self.entities
            .iter()
            .filter(|e| !matches!(e.kind, EntityKind::Include { .. }))
    }

    pub fn commands(&self) -> impl Iterator<Item = (&Entity, &Command)> {
        self.entities.iter().filter_map(|e| match &e.kind {
            EntityKind::Command(c) => Some((e, c)),
            _ => None,
        })
    }

    pub fn events(&self) -> impl Iterator<Item = &Entity> {
        self.entities
            .iter()
            .filter(|e| matches!(e.kind, EntityKind::Event { .. }))
    }

    /// The files read, for build scripts' `rerun-if-changed`.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.sources.iter().map(|(f, _)| &**f)
    }

    /// The text of a source file, for rendering diagnostics.
    pub fn source(&self, file: &str) -> Option<&str> {
        self.sources
            .iter()
            .find(|(f, _)| &**f == file)
            .map(|(_, t)| &**t)
    }
}
