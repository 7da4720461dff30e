//! From checked definitions to the checked [`Schema`]: predefined types,
//! implicit types, type resolution and the semantic checks of QEMU's
//! `schema.py`, in QEMU's order ([`check`]), and the connection of doc
//! comments to what they describe ([`docs`]).

mod check;
mod docs;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{
    Branches, Command, Entity, EntityId, EntityKind, EnumMember, Feature, Member, Module, Schema,
    Variant,
};
use crate::doc::Doc;
use crate::error::{Error, Result};
use crate::expr::def::{
    BranchSpec, Checked, Data, DefExpr, DefSpec, FeatureSpec, MemberSpec, TypeRef,
};
use crate::hash::NameMap;
use crate::ifcond::IfCond;
use crate::path::{abspath_in, relpath, Cwd};
use crate::pragma::Pragma;
use crate::source::Info;

const BUILTIN_MODULE: &str = "./builtin";

/// What a schema is built from, besides its definitions.
pub(crate) struct Input {
    /// The root file: modules are named relative to its folder.
    pub root: String,
    /// The doc comments the definitions index.
    pub docs: Vec<Doc>,
    pub pragma: Pragma,
    /// Every file read, with its text.
    pub sources: Vec<(Arc<str>, Arc<str>)>,
    pub warnings: Vec<Error>,
    /// Historical dialect: rules that older schemas predate are not
    /// enforced.
    pub historical: bool,
    /// Modules for files that are no schema files (a legacy bundle's
    /// `.hx` and `.txt`), after the root's.
    pub extra_modules: Vec<String>,
}

/// Builds and checks the schema of `defs`.
pub(crate) fn build(input: Input, defs: Vec<Checked>) -> Result<Schema> {
    let mut b = Builder::new(&input.root, input.docs, input.pragma, input.historical);
    for m in &input.extra_modules {
        b.make_module(m);
    }
    b.def_predefineds()?;
    b.def_exprs(defs)?;
    b.check_all()?;
    Ok(b.finish(input.sources, input.warnings))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Fresh,
    InProgress,
    Done,
}

pub(crate) struct Builder {
    entities: Vec<Entity>,
    by_name: NameMap<String, EntityId>,
    modules: Vec<Module>,
    module_by_name: NameMap<String, usize>,
    /// Module of each file name seen, to compute relative paths once.
    module_by_file: NameMap<std::sync::Arc<str>, usize>,
    schema_dir: PathBuf,
    cwd: Cwd,
    /// Pragma `documentation-exceptions`, to look names up.
    doc_exceptions: std::collections::HashSet<String, crate::hash::FastHash>,
    features: Vec<(String, Option<Info>)>,
    docs: Vec<Doc>,
    pragma: Pragma,
    predefining: bool,
    state: Vec<State>,
    /// Historical dialect: rules that older schemas predate are not
    /// enforced.
    historical: bool,
}

impl Builder {
    fn new(root: &str, docs: Vec<Doc>, pragma: Pragma, historical: bool) -> Self {
        let cwd = Cwd::default();
        let schema_dir = abspath_in(&cwd, root)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let mut b = Builder {
            entities: Vec::new(),
            by_name: NameMap::default(),
            modules: Vec::new(),
            module_by_name: NameMap::default(),
            module_by_file: NameMap::default(),
            schema_dir,
            cwd,
            doc_exceptions: pragma.documentation_exceptions.iter().cloned().collect(),
            features: vec![("deprecated".into(), None), ("unstable".into(), None)],
            docs,
            pragma,
            predefining: true,
            state: Vec::new(),
            historical,
        };
        b.make_module(BUILTIN_MODULE);
        b.make_module(root);
        b
    }

    fn module_name(&self, fname: &str) -> String {
        if fname.starts_with("./") {
            fname.to_owned()
        } else {
            relpath(&self.cwd, fname, &self.schema_dir)
        }
    }

    fn make_module(&mut self, fname: &str) -> usize {
        let name = self.module_name(fname);
        if let Some(&i) = self.module_by_name.get(&name) {
            return i;
        }
        self.modules.push(Module {
            name: name.clone(),
            entities: Vec::new(),
        });
        self.module_by_name.insert(name, self.modules.len() - 1);
        self.modules.len() - 1
    }

    fn def_entity(&mut self, e: Entity) -> EntityId {
        self.entities.push(e);
        self.state.push(State::Fresh);
        self.entities.len() - 1
    }

    fn def_definition(&mut self, e: Entity) -> Result<EntityId> {
        debug_assert!(e.info.is_some() || self.predefining);
        let name = e.name.clone();
        let info = e.info.clone();
        let id = self.def_entity(e);
        if let Some(&other) = self.by_name.get(&name) {
            let other = &self.entities[other];
            let info = info.expect("predefined names are unique");
            return Err(match &other.info {
                Some(oi) => Error::semantic(
                    &info,
                    format!("'{name}' is already defined\n{oi}: previous definition"),
                ),
                None => Error::semantic(&info, format!("{} is already defined", other.describe())),
            });
        }
        self.by_name.insert(name, id);
        Ok(id)
    }

    fn entity(name: &str, info: Option<Info>, kind: EntityKind) -> Entity {
        Entity {
            name: name.to_owned(),
            info,
            doc: None,
            ifcond: None,
            features: Vec::new(),
            kind,
            module: usize::MAX,
        }
    }

    fn lookup_type(&self, name: &str) -> Option<EntityId> {
        self.by_name
            .get(name)
            .copied()
            .filter(|&id| self.entities[id].is_type())
    }

    fn def_predefineds(&mut self) -> Result<()> {
        for (name, json) in [
            ("str", "string"),
            ("number", "number"),
            ("int", "int"),
            ("int8", "int"),
            ("int16", "int"),
            ("int32", "int"),
            ("int64", "int"),
            ("uint8", "int"),
            ("uint16", "int"),
            ("uint32", "int"),
            ("uint64", "int"),
            ("size", "int"),
            ("bool", "boolean"),
            ("any", "value"),
            ("null", "null"),
        ] {
            self.def_definition(Self::entity(
                name,
                None,
                EntityKind::Builtin { json_type: json },
            ))?;
            self.make_array_type(name, None)?;
        }
        if self.historical {
            // QEMU 1.1 to 2.0 wrote `visitor` where later versions say
            // `any`, `**` for "any further arguments", and `dict` for an
            // object of any members.
            for name in ["visitor", "**", "dict"] {
                self.def_definition(Self::entity(
                    name,
                    None,
                    EntityKind::Builtin { json_type: "value" },
                ))?;
                self.make_array_type(name, None)?;
            }
        }
        self.def_definition(Self::entity(
            "q_empty",
            None,
            EntityKind::Object {
                base_name: None,
                base: None,
                local_members: Vec::new(),
                members: Vec::new(),
                branches: None,
            },
        ))?;
        let members = [
            "none", "qnull", "qnum", "qstring", "qdict", "qlist", "qbool",
        ]
        .iter()
        .map(|n| EnumMember {
            name: (*n).to_owned(),
            info: None,
            ifcond: None,
            features: Vec::new(),
        })
        .collect();
        self.def_definition(Self::entity(
            "QType",
            None,
            EntityKind::Enum {
                members,
                prefix: None,
            },
        ))?;
        self.predefining = false;
        Ok(())
    }

    fn make_features(&mut self, specs: Vec<FeatureSpec>, info: &Info) -> Vec<Feature> {
        if specs.is_empty() {
            // Nearly always (members, enum values).
            return Vec::new();
        }
        for f in &specs {
            if !self.features.iter().any(|(n, _)| *n == f.name) {
                self.features.push((f.name.clone(), Some(info.clone())));
            }
        }
        specs
            .into_iter()
            .map(|f| Feature {
                name: f.name,
                info: Some(info.clone()),
                ifcond: f.ifcond,
            })
            .collect()
    }

    fn make_array_type(&mut self, element: &str, info: Option<&Info>) -> Result<String> {
        let name = format!("{element}List");
        if self.lookup_type(&name).is_none() {
            self.def_definition(Self::entity(
                &name,
                info.cloned(),
                EntityKind::Array {
                    element_name: element.to_owned(),
                    element: usize::MAX,
                },
            ))?;
        }
        Ok(name)
    }

    fn type_name(&mut self, ty: TypeRef, info: &Info) -> Result<String> {
        match ty {
            TypeRef::Name(n) => Ok(n),
            TypeRef::Array(e) => self.make_array_type(&e, Some(info)),
        }
    }

    fn make_members(
        &mut self,
        specs: Vec<MemberSpec>,
        info: &Info,
        defined_in: &str,
    ) -> Result<Vec<Member>> {
        specs
            .into_iter()
            .map(|m| {
                let features = self.make_features(m.features, info);
                let type_name = self.type_name(m.ty, info)?;
                Ok(Member {
                    name: m.name,
                    info: Some(info.clone()),
                    type_name,
                    ty: usize::MAX,
                    optional: m.optional,
                    ifcond: m.ifcond,
                    features,
                    defined_in: defined_in.to_owned(),
                })
            })
            .collect()
    }

    fn make_variants(
        &mut self,
        specs: Vec<BranchSpec>,
        info: &Info,
        defined_in: &str,
    ) -> Result<Vec<Variant>> {
        specs
            .into_iter()
            .map(|b| {
                Ok(Variant {
                    name: b.name,
                    info: Some(info.clone()),
                    type_name: self.type_name(b.ty, info)?,
                    ty: usize::MAX,
                    ifcond: b.ifcond,
                    defined_in: defined_in.to_owned(),
                })
            })
            .collect()
    }

    /// `q_obj_NAME-ROLE` for inline members; `None` when there are none.
    fn make_implicit_object_type(
        &mut self,
        name: &str,
        info: &Info,
        ifcond: &Option<IfCond>,
        role: &str,
        specs: Vec<MemberSpec>,
    ) -> Result<Option<String>> {
        let tname = format!("q_obj_{name}-{role}");
        let members = self.make_members(specs, info, &tname)?;
        if members.is_empty() {
            return Ok(None);
        }
        if !self.by_name.contains_key(&tname) {
            let mut e = Self::entity(
                &tname,
                Some(info.clone()),
                EntityKind::Object {
                    base_name: None,
                    base: None,
                    local_members: members,
                    members: Vec::new(),
                    branches: None,
                },
            );
            e.ifcond = ifcond.clone();
            self.def_definition(e)?;
        }
        Ok(Some(tname))
    }

    fn data_type(
        &mut self,
        data: Option<Data>,
        name: &str,
        info: &Info,
        ifcond: &Option<IfCond>,
        role: &str,
    ) -> Result<Option<String>> {
        match data {
            None => Ok(None),
            Some(Data::Name(n)) => Ok(Some(n)),
            Some(Data::Members(specs)) => {
                self.make_implicit_object_type(name, info, ifcond, role, specs)
            }
        }
    }

    fn def_exprs(&mut self, exprs: Vec<Checked>) -> Result<()> {
        self.reserve_for(exprs.len());
        for expr in exprs {
            match expr {
                Checked::Include { file, info } => self.def_include(&file, info),
                Checked::Def(d) => {
                    self.def_expr(d)?;
                }
            }
        }
        Ok(())
    }

    /// Room for the definitions of `exprs` expressions.
    fn reserve_for(&mut self, exprs: usize) {
        // Implicit and array types come on top: room for half as many.
        let more = exprs + exprs / 2;
        self.entities.reserve(more);
        self.state.reserve(more);
        self.by_name.reserve(more);
    }

    fn def_include(&mut self, file: &str, info: Info) {
        let module = self.make_module(file);
        let mut e = Self::entity("", Some(info), EntityKind::Include { module });
        e.name = String::new();
        self.def_entity(e);
    }

    /// Defines `d`; its entity.
    fn def_expr(&mut self, d: DefExpr) -> Result<EntityId> {
        let DefExpr {
            name,
            info,
            doc,
            ifcond,
            features,
            spec,
            ..
        } = d;
        let features = self.make_features(features, &info);
        let kind = match spec {
            DefSpec::Enum { values, prefix } => {
                let members = values
                    .into_iter()
                    .map(|v| EnumMember {
                        name: v.name,
                        info: Some(info.clone()),
                        ifcond: v.ifcond,
                        features: self.make_features(v.features, &info),
                    })
                    .collect();
                EntityKind::Enum { members, prefix }
            }
            DefSpec::Struct { base, data } => {
                let Data::Members(specs) = data else {
                    unreachable!("struct data is checked to be an object")
                };
                let local_members = self.make_members(specs, &info, &name)?;
                EntityKind::Object {
                    base_name: base,
                    base: None,
                    local_members,
                    members: Vec::new(),
                    branches: None,
                }
            }
            DefSpec::Union {
                base,
                discriminator,
                branches,
            } => {
                let base_name = self.data_type(Some(base), &name, &info, &ifcond, "base")?;
                let variants = self.make_variants(branches, &info, &name)?;
                EntityKind::Object {
                    base_name,
                    base: None,
                    local_members: Vec::new(),
                    members: Vec::new(),
                    branches: Some(Branches {
                        tag: discriminator,
                        variants,
                    }),
                }
            }
            DefSpec::Alternate { branches } => EntityKind::Alternate {
                variants: self.make_variants(branches, &info, &name)?,
            },
            DefSpec::Command {
                data,
                returns,
                gen,
                success_response,
                boxed,
                allow_oob,
                allow_preconfig,
                coroutine,
            } => {
                let arg_name = self.data_type(data, &name, &info, &ifcond, "arg")?;
                let ret_name = match returns {
                    None => None,
                    Some(r) => Some(self.type_name(r, &info)?),
                };
                EntityKind::Command(Command {
                    arg_name,
                    arg_type: None,
                    ret_name,
                    ret_type: None,
                    gen,
                    success_response,
                    boxed,
                    allow_oob,
                    allow_preconfig,
                    coroutine,
                })
            }
            DefSpec::SimpleUnion { .. } => {
                unreachable!("simple unions are expanded by the historical dialect")
            }
            DefSpec::Event { data, boxed } => EntityKind::Event {
                arg_name: self.data_type(data, &name, &info, &ifcond, "arg")?,
                arg_type: None,
                boxed,
            },
        };
        let mut e = Self::entity(&name, Some(info), kind);
        e.doc = doc;
        e.ifcond = ifcond;
        e.features = features;
        self.def_definition(e)
    }

    fn set_module(&mut self, id: EntityId) {
        let e = &self.entities[id];
        let info = match &e.kind {
            EntityKind::Array { element, .. } => self.entities[*element].info.clone(),
            _ => e.info.clone(),
        };
        let module = match &info {
            Some(i) => match self.module_by_file.get(&i.file) {
                Some(&m) => m,
                None => {
                    let m = self.module_by_name[&self.module_name(&i.file)];
                    self.module_by_file.insert(i.file.clone(), m);
                    m
                }
            },
            None => self.module_by_name[BUILTIN_MODULE],
        };
        self.entities[id].module = module;
        self.modules[module].entities.push(id);
    }

    fn finish(self, sources: Vec<(Arc<str>, Arc<str>)>, warnings: Vec<Error>) -> Schema {
        Schema {
            entities: self.entities,
            modules: self.modules,
            docs: self.docs,
            pragma: self.pragma,
            feature_names: self.features.into_iter().map(|(n, _)| n).collect(),
            sources,
            warnings,
            dispatch_order: Vec::new(),
            by_name: self.by_name,
        }
    }
}
