//! From checked expressions to the checked [`Schema`]: predefined types,
//! implicit types, type resolution and the semantic checks of QEMU's
//! `schema.py`, in QEMU's order.

use crate::hash::NameMap;
use std::path::{Path, PathBuf};

use crate::doc::Doc;
use crate::error::{Error, Result};
use crate::expr::{
    BranchSpec, Checked, Checker, Data, DefExpr, DefSpec, FeatureSpec, MemberSpec, TypeRef,
};
use crate::ifcond::IfCond;
use crate::model::{
    Branches, Command, Entity, EntityId, EntityKind, EnumMember, Feature, Member, Module, Schema,
    Variant,
};
use crate::names::{c_name_eq, c_name_key};
use crate::parser::{abspath_in, Cwd, Early, Parsed};
use crate::pragma::Pragma;
use crate::source::Info;
use crate::syntax::TopExpr;

const BUILTIN_MODULE: &str = "./builtin";

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Fresh,
    InProgress,
    Done,
}

/// A member seen while checking for clashes: QEMU's `seen` dict entry,
/// keyed by the hash of its C name.
#[derive(Clone, Copy)]
struct Seen {
    key: u64,
    origin: Origin,
}

/// Where a [`Seen`] member is.
#[derive(Clone, Copy)]
enum Origin {
    /// Among the members of the object being checked, by index.
    Own(usize),
    /// Among the (checked) members of another object.
    Of(EntityId, usize),
}

/// QEMU's `QAPISchemaMember.describe()`.
fn describe(role: &str, name: &str, defined_in: &str, info: Option<&Info>) -> String {
    let mut role = role.to_owned();
    let mut meta = "type";
    let mut defined_in = defined_in;
    if let Some(rest) = defined_in.strip_prefix("q_obj_") {
        if let Some(cmd) = rest.strip_suffix("-arg") {
            role = "parameter".into();
            meta = "command";
            defined_in = cmd;
        } else if let Some(t) = rest.strip_suffix("-base") {
            role = format!("base {role}");
            defined_in = t;
        } else {
            defined_in = rest;
        }
    }
    let defn_name = info.and_then(|i| i.defn.as_ref()).map(|d| d.name.as_str());
    if Some(defined_in) != defn_name {
        format!("{role} '{name}' of {meta} '{defined_in}'")
    } else {
        format!("{role} '{name}'")
    }
}

/// The error for `item` colliding with `other` (both described).
fn collides(info: Option<&Info>, item: String, other: String) -> Error {
    Error::semantic(
        info.expect("only defined entities clash"),
        format!("{item} collides with {other}"),
    )
}

/// QEMU's `seen` dict for names of one role (enum values, features,
/// alternate branches), keyed by the hash of their C names.
struct SeenNames<'a> {
    role: &'static str,
    info: Option<&'a Info>,
    /// (key, name, where defined)
    seen: Vec<(u64, &'a str, &'a str)>,
}

impl<'a> SeenNames<'a> {
    fn new(role: &'static str, info: Option<&'a Info>) -> Self {
        SeenNames {
            role,
            info,
            seen: Vec::new(),
        }
    }

    /// QEMU's `check_clash()`: adds `name` unless its C name is there.
    fn add(&mut self, name: &'a str, defined_in: &'a str) -> Result<()> {
        let key = c_name_key(name);
        if let Some((_, other, other_in)) = self
            .seen
            .iter()
            .find(|(k, o, _)| *k == key && c_name_eq(o, name))
        {
            return Err(collides(
                self.info,
                describe(self.role, name, defined_in, self.info),
                describe(self.role, other, other_in, self.info),
            ));
        }
        self.seen.push((key, name, defined_in));
        Ok(())
    }
}

/// The first clash among `names`, all defined in `defined_in`.
fn check_name_clash<'a>(
    names: impl IntoIterator<Item = &'a str>,
    role: &'static str,
    defined_in: &'a str,
    info: Option<&'a Info>,
) -> Result<()> {
    let mut seen = SeenNames::new(role, info);
    for name in names {
        seen.add(name, defined_in)?;
    }
    Ok(())
}

fn check_feature_clash(features: &[Feature], defined_in: &str, info: Option<&Info>) -> Result<()> {
    if features.len() < 2 {
        return Ok(());
    }
    check_name_clash(
        features.iter().map(|f| f.name.as_str()),
        "feature",
        defined_in,
        info,
    )
}

/// `os.path.relpath(path, start)`.
fn relpath(cwd: &Cwd, path: &str, start: &Path) -> String {
    // An absolute path without `.`, `..` or empty components, inside
    // `start` (itself absolute and normalized): what follows `start`.
    if let Some(dir) = start.to_str() {
        let normalized = path.starts_with('/')
            && path[1..]
                .split('/')
                .all(|c| !c.is_empty() && c != "." && c != "..");
        let rest = match dir {
            "/" => path.strip_prefix('/'),
            _ => path.strip_prefix(dir).and_then(|r| r.strip_prefix('/')),
        };
        if let (true, Some(rest)) = (normalized, rest) {
            return rest.to_owned();
        }
    }
    relpath_by_components(cwd, path, start)
}

fn relpath_by_components(cwd: &Cwd, path: &str, start: &Path) -> String {
    let p = abspath_in(cwd, path);
    let pc: Vec<_> = p.components().collect();
    let sc: Vec<_> = start.components().collect();
    let common = pc.iter().zip(&sc).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".into(); sc.len() - common];
    parts.extend(
        pc[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
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
    /// Of each entity: its documentation was connected while parsing
    /// (see `doc::connect_early`).
    docs_connected: Vec<bool>,
    /// Historical dialect: rules that older schemas predate are not
    /// enforced.
    pub(crate) historical: bool,
}

impl Builder {
    pub(crate) fn new(root: &str, parsed: &mut Parsed) -> Self {
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
            doc_exceptions: parsed
                .pragma
                .documentation_exceptions
                .iter()
                .cloned()
                .collect(),
            features: vec![("deprecated".into(), None), ("unstable".into(), None)],
            docs: std::mem::take(&mut parsed.docs),
            pragma: parsed.pragma.clone(),
            predefining: true,
            state: Vec::new(),
            docs_connected: Vec::new(),
            historical: false,
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

    pub(crate) fn make_module(&mut self, fname: &str) -> usize {
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
        self.docs_connected.push(false);
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

    pub(crate) fn def_predefineds(&mut self) -> Result<()> {
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

    pub(crate) fn def_exprs(&mut self, exprs: Vec<Checked>) -> Result<()> {
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
        self.docs_connected.reserve(more);
        self.by_name.reserve(more);
    }

    fn def_include(&mut self, file: &str, info: Info) {
        let module = self.make_module(file);
        let mut e = Self::entity("", Some(info), EntityKind::Include { module });
        e.name = String::new();
        self.def_entity(e);
    }

    /// [`Builder::def_exprs`] of the expressions of `exprs` as they come
    /// from the expression checks: `early` has the definitions of those
    /// that passed the early checks (see `parser::early_checks`), and the
    /// others are checked now with `checker`.  No list of all definitions
    /// is made.  The errors are QEMU's, in its order: all expressions are
    /// checked before any definition is made, so after an error in a
    /// definition the expressions are still checked, and the first error
    /// there wins.
    pub(crate) fn def_checked(
        &mut self,
        exprs: &[TopExpr],
        early: Vec<Option<Early>>,
        checker: &Checker,
    ) -> Result<()> {
        self.reserve_for(exprs.len());
        let mut failed = None;
        for (e, early) in exprs.iter().zip(early) {
            if let Some(file) = &e.include {
                if failed.is_none() {
                    self.def_include(file, e.info.clone());
                }
                continue;
            }
            let early = Early::or_check(early, e, checker, &self.docs)?;
            if failed.is_some() {
                continue;
            }
            for d in early.defs {
                match self.def_expr(d) {
                    Ok(id) => self.docs_connected[id] = early.docs_connected,
                    Err(err) => {
                        failed = Some(err);
                        break;
                    }
                }
            }
        }
        failed.map_or(Ok(()), Err)
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

    // ---- checks ----

    fn info(&self, id: EntityId) -> Option<&Info> {
        self.entities[id].info.as_ref()
    }

    fn resolve_type(&self, name: &str, info: Option<&Info>, what: &str) -> Result<EntityId> {
        self.resolve_type_with(name, info, || what.to_owned())
    }

    /// Resolves a type name; `what` describes the user, for the error.
    fn resolve_type_with(
        &self,
        name: &str,
        info: Option<&Info>,
        what: impl FnOnce() -> String,
    ) -> Result<EntityId> {
        self.lookup_type(name).ok_or_else(|| {
            Error::semantic(
                info.expect("built-in types always resolve"),
                format!("{} uses unknown type '{name}'", what()),
            )
        })
    }

    /// The checks every definition gets, and those every type gets.
    fn check_definition(&self, id: EntityId) -> Result<()> {
        let e = &self.entities[id];
        check_feature_clash(&e.features, &e.name, e.info.as_ref())?;
        if e.is_type() && !self.historical {
            if let Some(f) = e.features.iter().find(|f| f.is_special()) {
                return Err(Error::semantic(
                    e.info.as_ref().expect("built-ins have no features"),
                    format!("feature '{}' is not supported for types", f.name),
                ));
            }
        }
        Ok(())
    }

    fn check_member(&self, m: &mut Member, role: &str, info: Option<&Info>) -> Result<()> {
        m.ty = self.resolve_type_with(&m.type_name, m.info.as_ref(), || {
            describe(role, &m.name, &m.defined_in, info)
        })?;
        check_feature_clash(&m.features, &m.name, m.info.as_ref())
    }

    pub(crate) fn check_all(&mut self) -> Result<()> {
        for id in 0..self.entities.len() {
            self.check_entity(id)?;
            if !self.docs_connected[id] {
                self.connect_doc(id, None)?;
            }
        }
        for id in 0..self.entities.len() {
            self.set_module(id);
        }
        if !self.historical {
            for doc in &self.docs {
                doc.check()?;
            }
        }
        if self.features.len() > 64 {
            let info = self.features[64]
                .1
                .clone()
                .expect("user features have a location");
            return Err(Error::semantic(
                &info,
                "Maximum of 64 schema features is permitted",
            ));
        }
        Ok(())
    }

    fn check_entity(&mut self, id: EntityId) -> Result<()> {
        match &self.entities[id].kind {
            EntityKind::Include { .. } => Ok(()),
            EntityKind::Object { .. } => self.check_object(id),
            EntityKind::Builtin { .. } => self.check_definition(id),
            EntityKind::Enum { members, .. } => {
                self.check_definition(id)?;
                let e = &self.entities[id];
                check_name_clash(
                    members.iter().map(|m| m.name.as_str()),
                    "value",
                    &e.name,
                    e.info.as_ref(),
                )
            }
            EntityKind::Array { element_name, .. } => {
                let info = self.info(id);
                let what = info
                    .and_then(|i| i.defn.as_ref())
                    .map(|d| d.meta.clone())
                    .unwrap_or_default();
                let element = self.resolve_type(element_name, info, &what)?;
                if let EntityKind::Array { element: el, .. } = &mut self.entities[id].kind {
                    *el = element;
                }
                self.check_definition(id)
            }
            EntityKind::Alternate { .. } => self.check_alternate(id),
            EntityKind::Command(_) => self.check_command(id),
            EntityKind::Event { .. } => self.check_event(id),
        }
    }

    /// Takes an object's parts out of the model while it is checked.
    fn take_object_parts(
        &mut self,
        id: EntityId,
    ) -> (Option<String>, Vec<Member>, Option<Branches>) {
        match &mut self.entities[id].kind {
            EntityKind::Object {
                base_name,
                local_members,
                branches,
                ..
            } => (
                base_name.clone(),
                std::mem::take(local_members),
                branches.take(),
            ),
            _ => unreachable!("an object type"),
        }
    }

    fn check_object(&mut self, id: EntityId) -> Result<()> {
        match self.state[id] {
            State::Done => return Ok(()),
            State::InProgress => {
                let e = &self.entities[id];
                return Err(Error::semantic(
                    e.info.as_ref().expect("built-in objects are not recursive"),
                    format!("object {} contains itself", e.name),
                ));
            }
            State::Fresh => self.state[id] = State::InProgress,
        }
        self.check_definition(id)?;
        let info = self.info(id).cloned();
        let info = info.as_ref();
        let (base_name, mut local_members, branches) = self.take_object_parts(id);
        let mut seen: Vec<Seen> = Vec::new();
        let mut members: Vec<Member> = Vec::with_capacity(local_members.len());
        let mut base = None;
        if let Some(base_name) = &base_name {
            let b = self.resolve_type(base_name, info, "'base'")?;
            let is_struct = matches!(
                &self.entities[b].kind,
                EntityKind::Object { branches: None, .. }
            );
            if !is_struct {
                return Err(Error::semantic(
                    info.expect("defined"),
                    format!(
                        "'base' requires a struct type, {} isn't",
                        self.entities[b].describe()
                    ),
                ));
            }
            self.check_object(b)?;
            if let EntityKind::Object { members: bm, .. } = &self.entities[b].kind {
                members.reserve(bm.len());
                for m in bm {
                    self.clash(&members, &mut seen, m, Origin::Own(members.len()), info)?;
                    members.push(m.clone());
                }
            }
            base = Some(b);
        }
        for m in &mut local_members {
            self.check_member(m, "member", info)?;
            self.clash(&members, &mut seen, m, Origin::Own(members.len()), info)?;
            members.push(m.clone());
        }
        let branches = match branches {
            Some(b) => {
                let b = self.check_branches(id, b, &seen, &members)?;
                for v in &b.variants {
                    self.check_clash_type(v.ty, info, &members, &mut seen)?;
                }
                Some(b)
            }
            None => None,
        };
        if let EntityKind::Object {
            base: eb,
            local_members: lm,
            members: em,
            branches: ebr,
            ..
        } = &mut self.entities[id].kind
        {
            *eb = base;
            *lm = local_members;
            *em = members;
            *ebr = branches;
        }
        self.state[id] = State::Done;
        Ok(())
    }

    /// `QAPISchemaObjectType.check_clash()`: the type's members (and its
    /// branches' members) against `seen`.
    /// `seen` is as it was when this returns.
    fn check_clash_type(
        &self,
        id: EntityId,
        info: Option<&Info>,
        own: &[Member],
        seen: &mut Vec<Seen>,
    ) -> Result<()> {
        let mark = seen.len();
        let r = self.check_clash_members(id, info, own, seen);
        seen.truncate(mark);
        r
    }

    fn check_clash_members(
        &self,
        id: EntityId,
        info: Option<&Info>,
        own: &[Member],
        seen: &mut Vec<Seen>,
    ) -> Result<()> {
        if let EntityKind::Object {
            members, branches, ..
        } = &self.entities[id].kind
        {
            for (i, m) in members.iter().enumerate() {
                self.clash(own, seen, m, Origin::Of(id, i), info)?;
            }
            if let Some(b) = branches {
                for v in &b.variants {
                    self.check_clash_type(v.ty, info, own, seen)?;
                }
            }
        }
        Ok(())
    }

    /// The member a [`Seen`] entry stands for; `own` holds the members of
    /// the object being checked.
    fn seen_member<'a>(&'a self, own: &'a [Member], origin: Origin) -> &'a Member {
        match origin {
            Origin::Own(i) => &own[i],
            Origin::Of(id, i) => match &self.entities[id].kind {
                EntityKind::Object { members, .. } => &members[i],
                _ => unreachable!("members of an object"),
            },
        }
    }

    /// Adds member `m` (found at `origin`) to `seen`, unless its C name
    /// is already there: QEMU's `QAPISchemaMember.check_clash()`.
    fn clash(
        &self,
        own: &[Member],
        seen: &mut Vec<Seen>,
        m: &Member,
        origin: Origin,
        info: Option<&Info>,
    ) -> Result<()> {
        let key = c_name_key(&m.name);
        let other = seen
            .iter()
            .find(|s| s.key == key && c_name_eq(&self.seen_member(own, s.origin).name, &m.name));
        if let Some(other) = other {
            let o = self.seen_member(own, other.origin);
            return Err(collides(
                info,
                describe("member", &m.name, &m.defined_in, info),
                describe("member", &o.name, &o.defined_in, info),
            ));
        }
        seen.push(Seen { key, origin });
        Ok(())
    }

    fn check_variant(&self, v: &mut Variant, info: Option<&Info>) -> Result<()> {
        v.ty = self.resolve_type_with(&v.type_name, v.info.as_ref(), || {
            describe("branch", &v.name, &v.defined_in, info)
        })?;
        Ok(())
    }

    fn check_branches(
        &mut self,
        id: EntityId,
        mut b: Branches,
        seen: &[Seen],
        members: &[Member],
    ) -> Result<Branches> {
        let info = self.info(id).cloned();
        let info = info.as_ref();
        let err = |msg: String| Error::semantic(info.expect("defined"), msg);
        let tag_key = c_name_key(&b.tag);
        let tag_member = seen
            .iter()
            .find_map(|s| match s.origin {
                Origin::Own(i) if s.key == tag_key && c_name_eq(&members[i].name, &b.tag) => {
                    Some(&members[i])
                }
                _ => None,
            })
            .filter(|m| m.name == b.tag)
            .cloned();
        let Some(tag_member) = tag_member else {
            return Err(err(format!(
                "discriminator '{}' is not a member of 'base'",
                b.tag
            )));
        };
        let base_type = self.lookup_type(&tag_member.defined_in).expect("defined");
        let base = if self.entities[base_type].is_implicit() {
            "'base'".to_owned()
        } else {
            format!("base type '{}'", tag_member.defined_in)
        };
        let enum_members = match &self.entities[tag_member.ty].kind {
            EntityKind::Enum { members, .. } => members.clone(),
            _ => {
                return Err(err(format!(
                    "discriminator member '{}' of {base} must be of enum type",
                    b.tag
                )))
            }
        };
        if tag_member.optional {
            return Err(err(format!(
                "discriminator member '{}' of {base} must not be optional",
                b.tag
            )));
        }
        if tag_member.ifcond.is_some() {
            return Err(err(format!(
                "discriminator member '{}' of {base} must not be conditional",
                b.tag
            )));
        }
        // Values without a branch get the empty type.
        for m in &enum_members {
            if !b.variants.iter().any(|v| v.name == m.name) {
                b.variants.push(Variant {
                    name: m.name.clone(),
                    info: info.cloned(),
                    type_name: "q_empty".into(),
                    ty: usize::MAX,
                    ifcond: m.ifcond.clone(),
                    defined_in: tag_member.defined_in.clone(),
                });
            }
        }
        if b.variants.is_empty() {
            return Err(err("union has no branches".into()));
        }
        let tag_type = self.entities[tag_member.ty].describe();
        for v in &mut b.variants {
            self.check_variant(v, info)?;
            if !enum_members.iter().any(|m| m.name == v.name) {
                return Err(err(format!(
                    "branch '{}' is not a value of {tag_type}",
                    v.name
                )));
            }
            if !matches!(self.entities[v.ty].kind, EntityKind::Object { .. }) {
                return Err(err(format!(
                    "{} cannot use {}",
                    describe("branch", &v.name, &v.defined_in, info),
                    self.entities[v.ty].describe()
                )));
            }
            self.check_object(v.ty)?;
        }
        Ok(b)
    }

    fn check_alternate(&mut self, id: EntityId) -> Result<()> {
        self.check_definition(id)?;
        let info = self.info(id).cloned();
        let info = info.as_ref();
        let EntityKind::Alternate { variants } = &self.entities[id].kind else {
            unreachable!()
        };
        let mut variants = variants.clone();
        for v in &mut variants {
            self.check_variant(v, info)?;
        }
        let mut seen = SeenNames::new("branch", info);
        let mut types_seen: Vec<(&'static str, String)> = Vec::new();
        for v in &variants {
            seen.add(&v.name, &v.defined_in)?;
            let ty = &self.entities[v.ty];
            let qtype = match ty.json_type() {
                "null" => "QTYPE_QNULL",
                "string" => "QTYPE_QSTRING",
                "number" | "int" => "QTYPE_QNUM",
                "boolean" => "QTYPE_QBOOL",
                "array" => "QTYPE_QLIST",
                "object" => "QTYPE_QDICT",
                _ => {
                    return Err(Error::semantic(
                        info.expect("defined"),
                        format!(
                            "{} cannot use {}",
                            describe("branch", &v.name, &v.defined_in, info),
                            ty.describe()
                        ),
                    ))
                }
            };
            let mut conflicting = vec![qtype];
            if qtype == "QTYPE_QSTRING" {
                if let EntityKind::Enum { members, .. } = &ty.kind {
                    for m in members {
                        if m.name == "on" || m.name == "off" {
                            conflicting.push("QTYPE_QBOOL");
                        }
                        if m.name.starts_with([
                            '-', '+', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
                        ]) {
                            conflicting.push("QTYPE_QNUM");
                        }
                    }
                } else {
                    conflicting.push("QTYPE_QNUM");
                    conflicting.push("QTYPE_QBOOL");
                }
            }
            conflicting.dedup();
            for qt in conflicting {
                if let Some((_, other)) = types_seen.iter().find(|(t, _)| *t == qt) {
                    return Err(Error::semantic(
                        info.expect("defined"),
                        format!(
                            "{} can't be distinguished from '{other}'",
                            describe("branch", &v.name, &v.defined_in, info)
                        ),
                    ));
                }
                types_seen.push((qt, v.name.clone()));
            }
        }
        if let EntityKind::Alternate { variants: ev } = &mut self.entities[id].kind {
            *ev = variants;
        }
        Ok(())
    }

    /// Resolves and checks a command's or event's argument type.
    fn check_arg_type(
        &mut self,
        id: EntityId,
        arg_name: &str,
        boxed: bool,
        meta: &str,
    ) -> Result<EntityId> {
        let info = self.info(id).cloned();
        let info = info.as_ref();
        let err = |msg: String| Error::semantic(info.expect("defined"), msg);
        let arg = self.resolve_type(arg_name, info, &format!("{meta}'s 'data'"))?;
        let (is_object, has_branches) = match &self.entities[arg].kind {
            EntityKind::Object { branches, .. } => (true, branches.is_some()),
            _ => (false, false),
        };
        if !is_object {
            return Err(err(format!(
                "{meta}'s 'data' cannot take {}",
                self.entities[arg].describe()
            )));
        }
        if has_branches && !boxed {
            return Err(err(format!(
                "{meta}'s 'data' can take {} only with 'boxed': true",
                self.entities[arg].describe()
            )));
        }
        self.check_object(arg)?;
        if let EntityKind::Object { members, .. } = &self.entities[arg].kind {
            if !boxed && !self.historical && members.iter().any(|m| m.ifcond.is_some()) {
                return Err(err(format!(
                    "conditional {meta} arguments require 'boxed': true"
                )));
            }
        }
        Ok(arg)
    }

    fn check_command(&mut self, id: EntityId) -> Result<()> {
        self.check_definition(id)?;
        let EntityKind::Command(c) = &self.entities[id].kind else {
            unreachable!()
        };
        let mut c = c.clone();
        if let Some(arg_name) = &c.arg_name {
            c.arg_type = Some(self.check_arg_type(id, arg_name, c.boxed, "command")?);
        }
        if let Some(ret_name) = &c.ret_name {
            let info = self.info(id).cloned();
            let ret = self.resolve_type(ret_name, info.as_ref(), "command's 'returns'")?;
            c.ret_type = Some(ret);
            let name = &self.entities[id].name;
            if !self.historical && !self.pragma.command_returns_exceptions.contains(name) {
                let mut t = ret;
                if let EntityKind::Array { element_name, .. } = &self.entities[ret].kind {
                    t = self.lookup_type(element_name).unwrap_or(ret);
                }
                if !matches!(self.entities[t].kind, EntityKind::Object { .. }) {
                    return Err(Error::semantic(
                        info.as_ref().expect("defined"),
                        format!(
                            "command's 'returns' cannot take {}",
                            self.entities[ret].describe()
                        ),
                    ));
                }
            }
        }
        self.entities[id].kind = EntityKind::Command(c);
        Ok(())
    }

    fn check_event(&mut self, id: EntityId) -> Result<()> {
        self.check_definition(id)?;
        let EntityKind::Event {
            arg_name, boxed, ..
        } = &self.entities[id].kind
        else {
            unreachable!()
        };
        let (arg_name, boxed) = (arg_name.clone(), *boxed);
        if let Some(arg_name) = &arg_name {
            let arg = self.check_arg_type(id, arg_name, boxed, "event")?;
            if let EntityKind::Event { arg_type, .. } = &mut self.entities[id].kind {
                *arg_type = Some(arg);
            }
        }
        Ok(())
    }

    // ---- documentation ----

    fn connect_doc(&mut self, id: EntityId, doc: Option<usize>) -> Result<()> {
        let Some(d) = doc.or(self.entities[id].doc) else {
            return Ok(());
        };
        let exempt = self.historical || {
            let sym = self.docs[d].symbol.as_deref().unwrap_or_default();
            self.doc_exceptions.contains(sym)
        };
        let historical = self.historical;
        let connect_feature = |doc: &mut Doc, f: &Feature| -> Result<()> {
            match doc.connect_feature(&f.name, f.info.as_ref().expect("user features")) {
                Err(_) if historical => Ok(()),
                r => r,
            }
        };
        for f in &self.entities[id].features {
            connect_feature(&mut self.docs[d], f)?;
        }
        // The members of an implicit base or argument type are documented
        // by this definition's comment.
        let implicit = match &self.entities[id].kind {
            EntityKind::Object { base: Some(t), .. }
            | EntityKind::Command(Command {
                arg_type: Some(t), ..
            })
            | EntityKind::Event {
                arg_type: Some(t), ..
            } if self.entities[*t].is_implicit() => Some(*t),
            _ => None,
        };
        if let Some(t) = implicit {
            self.connect_doc(t, Some(d))?;
        }
        let doc = &mut self.docs[d];
        let mut next = 1;
        match &self.entities[id].kind {
            EntityKind::Enum { members, .. } => {
                for m in members {
                    doc.connect_member(
                        &m.name,
                        "value",
                        m.info.as_ref().expect("user"),
                        exempt,
                        &mut next,
                    )?;
                    for f in &m.features {
                        connect_feature(doc, f)?;
                    }
                }
            }
            EntityKind::Object { local_members, .. } => {
                for m in local_members {
                    doc.connect_member(
                        &m.name,
                        "member",
                        m.info.as_ref().expect("user"),
                        exempt,
                        &mut next,
                    )?;
                    for f in &m.features {
                        connect_feature(doc, f)?;
                    }
                }
            }
            EntityKind::Alternate { variants } => {
                for v in variants {
                    doc.connect_member(
                        &v.name,
                        "branch",
                        v.info.as_ref().expect("user"),
                        exempt,
                        &mut next,
                    )?;
                }
            }
            _ => {}
        }
        Ok(())
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

    pub(crate) fn finish(self, parsed: Parsed) -> Schema {
        Schema {
            entities: self.entities,
            modules: self.modules,
            docs: self.docs,
            pragma: self.pragma,
            feature_names: self.features.into_iter().map(|(n, _)| n).collect(),
            sources: parsed.sources,
            warnings: parsed.warnings,
            dispatch_order: Vec::new(),
            legacy: None,
            by_name: self.by_name,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::EntityKind;
    use crate::{load_str, Dialect, Options, StyleRules};
    use std::path::Path;

    fn load(src: &str) -> crate::Result<crate::Schema> {
        load_str("t.json", src, &Options::default())
    }

    fn err(src: &str) -> String {
        load(src).unwrap_err().render_short()
    }

    #[test]
    fn relpath_shortcut_agrees() {
        let dir = Path::new("/a/b");
        for p in [
            "/a/b/c.json",
            "/a/b/sub/c.json",
            "/a/bc/c.json",
            "/a/c.json",
            "/a/b/./c.json",
            "/a/b/../c.json",
            "/a/b//c.json",
            "/a/b",
            "/x/y.json",
            "c.json",
        ] {
            let cwd = super::Cwd::default();
            assert_eq!(
                super::relpath(&cwd, p, dir),
                super::relpath_by_components(&cwd, p, dir),
                "{p}"
            );
        }
        let cwd = super::Cwd::default();
        assert_eq!(super::relpath(&cwd, "/c.json", Path::new("/")), "c.json");
    }

    #[test]
    fn implicit_types_and_flattened_members() {
        let s = load(
            "{ 'enum': 'Kind', 'data': [ 'a', 'b' ] }\n\
             { 'struct': 'Base', 'data': { 'kind': 'Kind', '*x': 'int' } }\n\
             { 'struct': 'Aa', 'data': { 'aa': ['str'] } }\n\
             { 'union': 'Un', 'base': 'Base', 'discriminator': 'kind', 'data': { 'a': 'Aa' } }\n\
             { 'command': 'go', 'data': { 'un': 'Un' }, 'returns': ['Aa'] }\n",
        )
        .unwrap();
        let EntityKind::Object {
            members, branches, ..
        } = &s.lookup("Un").unwrap().kind
        else {
            panic!("an object")
        };
        let names: Vec<_> = members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["kind", "x"]);
        let b = branches.as_ref().unwrap();
        // 'b' has no branch: it gets the empty type.
        let cases: Vec<_> = b
            .variants
            .iter()
            .map(|v| (v.name.as_str(), s.entity(v.ty).name.as_str()))
            .collect();
        assert_eq!(cases, [("a", "Aa"), ("b", "q_empty")]);
        assert!(s.lookup("q_obj_go-arg").unwrap().is_implicit());
        assert!(s.lookup("AaList").is_some());
        let (cmd, c) = s.commands().find(|(e, _)| e.name == "go").unwrap();
        assert_eq!(cmd.meta(), "command");
        assert_eq!(s.entity(c.ret_type.unwrap()).name, "AaList");
    }

    #[test]
    fn expression_errors_come_before_definition_errors() {
        // QEMU checks every expression before it defines anything: the
        // second `Foo` is found only if the expressions are all fine.
        let defs = "{ 'enum': 'Foo', 'data': ['a'] }\n{ 'enum': 'Foo', 'data': ['b'] }\n";
        assert_eq!(
            err(&format!("{defs}{{ 'command': 'bad_name' }}\n")),
            "t.json: In command 'bad_name':\nt.json:3: name of command must not use uppercase or '_'"
        );
        assert_eq!(
            err(&format!("{defs}{{ 'command': 'good-name' }}\n")),
            "t.json: In enum 'Foo':\nt.json:2: 'Foo' is already defined\n\
             t.json: In enum 'Foo':\nt.json:1: previous definition"
        );
    }

    #[test]
    fn semantic_errors_read_like_qemu() {
        assert_eq!(
            err("{ 'struct': 'Aa', 'data': { 'a': 'Nope' } }\n"),
            "t.json: In struct 'Aa':\nt.json:1: member 'a' uses unknown type 'Nope'"
        );
        assert_eq!(
            err("{ 'struct': 'Aa', 'base': 'Aa', 'data': {} }\n"),
            "t.json: In struct 'Aa':\nt.json:1: object Aa contains itself"
        );
        assert_eq!(
            err("{ 'struct': 'Aa', 'data': { 'a-b': 'int', 'a_b': 'int' } }\n"),
            "t.json: In struct 'Aa':\nt.json:1: name of 'data' member 'a_b' must not use uppercase or '_'"
        );
        assert_eq!(
            err("{ 'alternate': 'Alt', 'data': { 'a': 'str', 'b': 'number' } }\n"),
            "t.json: In alternate 'Alt':\nt.json:1: branch 'b' can't be distinguished from 'a'"
        );
        assert_eq!(
            err("{ 'command': 'c', 'returns': 'int' }\n"),
            "t.json: In command 'c':\nt.json:1: command's 'returns' cannot take built-in type 'int'"
        );
        assert_eq!(
            err("{ 'enum': 'Ee', 'data': [ 'x' ] }\n{ 'command': 'Ee', 'data': {} }\n"),
            "t.json: In command 'Ee':\nt.json:2: name of command must not use uppercase or '_'"
        );
        assert_eq!(
            err("{ 'enum': 'Ee', 'data': [ 'x' ] }\n{ 'struct': 'Ee', 'data': {} }\n"),
            "t.json: In struct 'Ee':\nt.json:2: 'Ee' is already defined\nt.json: In enum 'Ee':\nt.json:1: previous definition"
        );
    }

    #[test]
    fn documentation_is_connected() {
        let src = "{ 'pragma': { 'doc-required': true } }\n\
                   ##\n# @Ee:\n#\n# An enum.\n#\n# @x: the x\n#\n# Since: 1.0\n##\n\
                   { 'enum': 'Ee', 'data': [ 'x' ] }\n";
        let s = load(src).unwrap();
        let e = s.lookup("Ee").unwrap();
        let doc = s.doc_of(e).unwrap();
        assert_eq!(doc.arg("x").unwrap().text, "the x");
        assert!(doc.arg("x").unwrap().connected);
        let undocumented = src.replace("# @x: the x\n#\n", "");
        assert_eq!(
            err(&undocumented),
            "t.json: In enum 'Ee':\nt.json:9: value 'x' lacks documentation"
        );
        assert_eq!(
            err("{ 'pragma': { 'doc-required': true } }\n{ 'enum': 'Ee', 'data': [] }\n"),
            "t.json: In enum 'Ee':\nt.json:2: documentation comment required"
        );
    }

    #[test]
    fn historical_dialect_reads_old_forms() {
        let opts = Options {
            dialect: Dialect::Historical,
            style: StyleRules::Off,
        };
        let src = "{ 'type': 'Old', 'data': { 'a': 'int' } }\n\
                   { 'union': 'Simple', 'data': { 'old': 'Old', 'n': 'int' } }\n\
                   { 'command': 'x', 'data': { 'y': 'visitor' }, 'gen': 'no' }\n";
        let s = load_str("t.json", src, &opts).unwrap();
        assert!(s.lookup("SimpleKind").is_some());
        assert!(s.lookup("q_obj_int-wrapper").is_some());
        let (_, c) = s.commands().next().unwrap();
        assert!(!c.gen);
        // Today's dialect rejects the same text.
        assert!(load(src).is_err());
    }
}
