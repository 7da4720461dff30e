//! The semantic checks of QEMU's `schema.py`, in its order: types
//! resolved, members flattened, clashes of C names, and what each kind
//! of definition allows.

use super::{Builder, State};
use crate::error::{Error, Result};
use crate::model::{Branches, EntityId, EntityKind, Feature, Member, Variant};
use crate::names::{c_name_eq, c_name_key};
use crate::source::Info;

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

impl Builder {
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

    pub(super) fn check_all(&mut self) -> Result<()> {
        for id in 0..self.entities.len() {
            self.check_entity(id)?;
            self.connect_doc(id, None)?;
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
}
