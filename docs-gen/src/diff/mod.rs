//! Wire-level changes between two interfaces, classified by the rules of
//! qapi-code-gen.rst, "Compatibility considerations":
//!
//! * what clients send (command arguments, recursively) may gain commands,
//!   optional members, enum values and branches, and may turn mandatory
//!   members optional; removing any of these, adding a mandatory member or
//!   making an optional one mandatory breaks clients;
//! * what clients receive (return values, event data, recursively) may
//!   gain events and members; removing a mandatory member breaks clients,
//!   while removing optional members, values, branches or events that can
//!   no longer be sent does not;
//! * types used both ways are judged both ways; type names are invisible,
//!   so types are compared by structure where names differ.
//!
//! Each change is also judged documented or not: an added item needs its
//! own description; a changed item needs its definition's doc comment to
//! have changed; a removed item counts as documented.

pub mod wire;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write;

use serde::Serialize;
use wire::{Member, Shape, Wire};

/// One change, as `qapi-gen diff --format=json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// `command`, `event`, `struct`, `union`, `enum`, `alternate`, …
    pub meta: String,
    pub name: String,
    /// The member, value, branch or feature; `None` for the definition.
    pub member: Option<String>,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    pub breaking: bool,
    pub documented: bool,
    pub detail: String,
    /// Where the definition is (`file:line`): on the new side, or on the
    /// old one for what was removed; `None` for introspection replies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// Directions of use: what clients send, what they receive.
const SEND: u8 = 1;
const RECV: u8 = 2;

/// Compares two interfaces.
pub fn diff(old: &Wire, new: &Wire) -> Vec<Change> {
    let mut d = Differ {
        old,
        new,
        dirs: HashMap::new(),
        seen: HashSet::new(),
        out: Vec::new(),
    };
    for (w, own) in [(old, true), (new, false)] {
        let mut dirs = HashMap::new();
        directions(w, &mut dirs);
        for (k, v) in dirs {
            *d.dirs.entry((own, k)).or_insert(0) |= v;
        }
    }
    d.defs("command", &old.commands, &new.commands);
    d.defs("event", &old.events, &new.events);
    d.named_types();
    d.out
}

/// Marks every type reachable from commands and events with the
/// directions it is used in.
fn directions(w: &Wire, dirs: &mut HashMap<String, u8>) {
    let mut stack: Vec<(String, u8)> = Vec::new();
    for c in w.commands.values() {
        stack.extend(c.args.iter().map(|a| (a.clone(), SEND)));
        stack.extend(c.ret.iter().map(|r| (r.clone(), RECV)));
    }
    for e in w.events.values() {
        stack.extend(e.args.iter().map(|a| (a.clone(), RECV)));
    }
    while let Some((key, dir)) = stack.pop() {
        let d = dirs.entry(key.clone()).or_insert(0);
        if *d & dir == dir {
            continue;
        }
        *d |= dir;
        let Some(t) = w.ty(&key) else { continue };
        match &t.shape {
            Shape::Builtin { .. } | Shape::Enum { .. } => {}
            Shape::Array { element } => stack.push((element.clone(), dir)),
            Shape::Object {
                members, variants, ..
            } => {
                for m in members {
                    stack.push((m.ty.clone(), dir));
                    if w.types.contains_key(&m.owner) {
                        stack.push((m.owner.clone(), dir));
                    }
                }
                stack.extend(variants.iter().map(|(_, v)| (v.clone(), dir)));
            }
            Shape::Alternate { variants } => {
                stack.extend(variants.iter().map(|v| (v.clone(), dir)))
            }
        }
    }
}

/// Where a change is reported and which doc comment judges it.
#[derive(Clone)]
struct Ctx {
    meta: String,
    name: String,
    /// Prefix for member paths of nested anonymous types.
    path: String,
}

struct Differ<'a> {
    old: &'a Wire,
    new: &'a Wire,
    /// Directions by (is old side, type key).
    dirs: HashMap<(bool, String), u8>,
    /// Type pairs already compared inline.
    seen: HashSet<(String, String)>,
    out: Vec<Change>,
}

impl Differ<'_> {
    fn push(
        &mut self,
        ctx: &Ctx,
        member: Option<String>,
        change: &'static str,
        breaking: bool,
        documented: bool,
        detail: String,
    ) {
        let at = self
            .new
            .locations
            .get(&ctx.name)
            .or_else(|| self.old.locations.get(&ctx.name))
            .cloned();
        self.out.push(Change {
            meta: ctx.meta.clone(),
            name: ctx.name.clone(),
            member,
            change,
            breaking,
            documented,
            detail,
            at,
        });
    }

    /// Whether the new side describes `item` (a member, or a feature when
    /// `feature`) of definition `owner`; `None` item: the definition.
    fn doc_added(&self, owner: &str, item: Option<&str>, feature: bool) -> bool {
        let Some(docs) = &self.new.docs else {
            return true;
        };
        if self.old.docs.is_none() {
            return true;
        }
        let Some(d) = docs.get(owner) else {
            return false;
        };
        match item {
            None => !d.text.trim().is_empty(),
            Some(i) if feature => d.features.contains(i),
            Some(i) => d.members.contains(i),
        }
    }

    /// Whether `owner`'s doc comment changed.
    fn doc_changed(&self, owner: &str) -> bool {
        match (&self.old.docs, &self.new.docs) {
            (Some(o), Some(n)) => o.get(owner) != n.get(owner),
            _ => true,
        }
    }

    fn dirs_of(&self, name: &str) -> u8 {
        self.dirs
            .get(&(true, name.to_owned()))
            .copied()
            .unwrap_or(0)
            | self
                .dirs
                .get(&(false, name.to_owned()))
                .copied()
                .unwrap_or(0)
    }

    fn defs(
        &mut self,
        meta: &str,
        old: &std::collections::BTreeMap<String, wire::Def>,
        new: &std::collections::BTreeMap<String, wire::Def>,
    ) {
        let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for name in names {
            let ctx = Ctx {
                meta: meta.into(),
                name: name.clone(),
                path: String::new(),
            };
            match (old.get(name), new.get(name)) {
                (Some(_), None) => {
                    // Events that can no longer be sent harm no client.
                    let breaking = meta == "command";
                    self.push(
                        &ctx,
                        None,
                        "removed",
                        breaking,
                        true,
                        format!("{meta} removed"),
                    );
                }
                (None, Some(_)) => {
                    let doc = self.doc_added(name, None, false);
                    self.push(&ctx, None, "added", false, doc, format!("{meta} added"));
                }
                (Some(o), Some(n)) => {
                    self.features(&ctx, None, &o.features, &n.features, name);
                    if o.allow_oob && !n.allow_oob {
                        let doc = self.doc_changed(name);
                        self.push(
                            &ctx,
                            None,
                            "changed",
                            true,
                            doc,
                            "no longer allows out-of-band execution".into(),
                        );
                    }
                    let dir = if meta == "command" { SEND } else { RECV };
                    self.args(&ctx, o.args.as_deref(), n.args.as_deref(), dir, name);
                    if meta == "command" {
                        self.ret(&ctx, o.ret.as_deref(), n.ret.as_deref(), name);
                    }
                }
                (None, None) => unreachable!(),
            }
        }
    }

    /// Arguments (or event data): absent means no members.
    fn args(&mut self, ctx: &Ctx, o: Option<&str>, n: Option<&str>, dir: u8, owner: &str) {
        match (o, n) {
            (None, None) => {}
            (Some(o), Some(n)) => self.compare(ctx, o, n, dir, owner),
            (o, n) => {
                let empty: Vec<Member> = Vec::new();
                let om = o.map_or(&empty, |k| self.old_members(k));
                let nm = n.map_or(&empty, |k| self.new_members(k));
                self.members(ctx, &om.clone(), &nm.clone(), dir, owner, false);
            }
        }
    }

    fn old_members(&self, key: &str) -> &Vec<Member> {
        members_of(self.old, key)
    }

    fn new_members(&self, key: &str) -> &Vec<Member> {
        members_of(self.new, key)
    }

    fn ret(&mut self, ctx: &Ctx, o: Option<&str>, n: Option<&str>, owner: &str) {
        match (o, n) {
            (Some(o), Some(n)) => {
                let ctx = Ctx {
                    path: "returns.".into(),
                    ..ctx.clone()
                };
                self.compare(&ctx, o, n, RECV, owner);
            }
            (None, None) => {}
            (None, Some(k)) | (Some(k), None)
                if is_empty_object(self.new, k) || is_empty_object(self.old, k) => {}
            (o, n) => {
                let doc = self.doc_changed(owner);
                let show = |w: &Wire, k: Option<&str>| k.map_or("nothing".into(), |k| w.display(k));
                let detail = format!(
                    "returns {} instead of {}",
                    show(self.new, n),
                    show(self.old, o)
                );
                self.push(ctx, None, "changed", o.is_some(), doc, detail);
            }
        }
    }

    fn features(
        &mut self,
        ctx: &Ctx,
        member: Option<&str>,
        o: &[String],
        n: &[String],
        owner: &str,
    ) {
        let qualified = |f: &str| match member {
            Some(m) => format!("{m}.{f}"),
            None => f.to_owned(),
        };
        for f in o.iter().filter(|f| !n.contains(f)) {
            self.push(
                ctx,
                Some(qualified(f)),
                "removed",
                false,
                true,
                format!("feature '{f}' removed"),
            );
        }
        for f in n.iter().filter(|f| !o.contains(f)) {
            let doc = self.doc_added(owner, Some(f), true);
            self.push(
                ctx,
                Some(qualified(f)),
                "added",
                false,
                doc,
                format!("feature '{f}' added"),
            );
        }
    }

    /// Compares the value types `o` (old) and `n` (new) used in `dir`.
    /// Named types of the same name are compared once, on their own.
    fn compare(&mut self, ctx: &Ctx, o: &str, n: &str, dir: u8, owner: &str) {
        let (Some(ot), Some(nt)) = (self.old.ty(o), self.new.ty(n)) else {
            return;
        };
        if o == n && ot.named && nt.named {
            return;
        }
        if !self.seen.insert((o.to_owned(), n.to_owned())) {
            return;
        }
        let member = ctx.path.trim_end_matches('.').to_owned();
        let member = (!member.is_empty()).then_some(member);
        let (oj, nj) = (self.old.json(o), self.new.json(n));
        let (od, nd) = (self.old.display(o), self.new.display(n));
        match (&ot.shape, &nt.shape) {
            (Shape::Object { .. }, Shape::Object { .. }) => self.object(ctx, o, n, dir, owner),
            (Shape::Enum { values: ov }, Shape::Enum { values: nv }) => {
                let (ov, nv) = (ov.clone(), nv.clone());
                self.values(ctx, &ov, &nv, dir, owner);
            }
            (Shape::Array { element: oe }, Shape::Array { element: ne }) => {
                let c = Ctx {
                    path: format!("{}[].", ctx.path.trim_end_matches('.')),
                    ..ctx.clone()
                };
                let (oe, ne) = (oe.clone(), ne.clone());
                self.compare(&c, &oe, &ne, dir, owner);
            }
            (Shape::Alternate { variants: ov }, Shape::Alternate { variants: nv }) => {
                let oj: BTreeSet<String> = ov.iter().map(|v| self.old.json(v)).collect();
                let nj: BTreeSet<String> = nv.iter().map(|v| self.new.json(v)).collect();
                for j in oj.difference(&nj) {
                    let m = member.clone();
                    self.push(
                        ctx,
                        m,
                        "changed",
                        dir & SEND != 0,
                        self.doc_changed(owner),
                        format!("alternate no longer accepts {j}"),
                    );
                }
                for j in nj.difference(&oj) {
                    let m = member.clone();
                    self.push(
                        ctx,
                        m,
                        "changed",
                        false,
                        self.doc_changed(owner),
                        format!("alternate now also accepts {j}"),
                    );
                }
            }
            (_, Shape::Alternate { variants })
                if dir == SEND && variants.iter().any(|v| self.new.json(v) == oj) =>
            {
                let doc = self.doc_changed(owner);
                self.push(
                    ctx,
                    member,
                    "changed",
                    false,
                    doc,
                    format!("type {od} became alternate {nd}"),
                );
            }
            (_, Shape::Builtin { json }) if json == "value" && dir == SEND && od != nd => {
                let doc = self.doc_changed(owner);
                self.push(
                    ctx,
                    member,
                    "changed",
                    false,
                    doc,
                    format!("type {od} became {nd}"),
                );
            }
            _ if oj == nj && od == nd => {}
            // Introspection shows every integer type as `int`.
            (Shape::Builtin { .. }, Shape::Builtin { .. })
                if oj == nj && (self.old.docs.is_none() || self.new.docs.is_none()) => {}
            (os, ns) => {
                let doc = self.doc_changed(owner);
                let is_enum = |s: &Shape| matches!(s, Shape::Enum { .. });
                let breaking = if oj != nj {
                    true
                } else if is_enum(ns) && !is_enum(os) {
                    // Fewer strings accepted; receivers are fine.
                    dir & SEND != 0
                } else if is_enum(os) && !is_enum(ns) {
                    dir & RECV != 0
                } else if oj == "int" && self.old.docs.is_some() && self.new.docs.is_some() {
                    !int_widens(&od, &nd, dir)
                } else {
                    false
                };
                self.push(
                    ctx,
                    member,
                    "changed",
                    breaking,
                    doc,
                    format!("type {od} changed to {nd}"),
                );
            }
        }
    }

    fn object(&mut self, ctx: &Ctx, o: &str, n: &str, dir: u8, owner: &str) {
        let (Some(ot), Some(nt)) = (self.old.ty(o), self.new.ty(n)) else {
            return;
        };
        let (
            Shape::Object {
                members: om,
                tag: otag,
                variants: ov,
            },
            Shape::Object {
                members: nm,
                tag: ntag,
                variants: nv,
            },
        ) = (&ot.shape, &nt.shape)
        else {
            return;
        };
        let (om, nm, ov, nv) = (om.clone(), nm.clone(), ov.clone(), nv.clone());
        self.members(ctx, &om, &nm, dir, owner, false);
        if otag != ntag {
            let doc = self.doc_changed(owner);
            self.push(ctx, None, "changed", false, doc, discriminator(otag, ntag));
        }
        self.variants(ctx, &ov, &nv, dir, owner);
    }

    /// Members of two objects compared by name.  With `own_only`, members
    /// that another definition (a base) describes are left to it.
    fn members(
        &mut self,
        ctx: &Ctx,
        om: &[Member],
        nm: &[Member],
        dir: u8,
        owner: &str,
        own_only: bool,
    ) {
        let skip = |m: &Member| own_only && m.owner != owner;
        for m in om.iter().filter(|m| !skip(m)) {
            let path = format!("{}{}", ctx.path, m.name);
            match nm.iter().find(|x| x.name == m.name) {
                None => {
                    let breaking = dir & SEND != 0 || !m.optional;
                    let what = if m.optional { "optional" } else { "mandatory" };
                    self.push(
                        ctx,
                        Some(path),
                        "removed",
                        breaking,
                        true,
                        format!("{what} member removed"),
                    );
                }
                Some(x) => {
                    let doc_owner = x.owner.clone();
                    if m.optional && !x.optional {
                        let doc = self.doc_changed(&doc_owner);
                        self.push(
                            ctx,
                            Some(path.clone()),
                            "changed",
                            dir & SEND != 0,
                            doc,
                            "optional member became mandatory".into(),
                        );
                    }
                    if !m.optional && x.optional {
                        let doc = self.doc_changed(&doc_owner);
                        self.push(
                            ctx,
                            Some(path.clone()),
                            "changed",
                            dir & RECV != 0,
                            doc,
                            "mandatory member became optional".into(),
                        );
                    }
                    self.features(ctx, Some(&path), &m.features, &x.features, &doc_owner);
                    let c = Ctx {
                        path: format!("{path}."),
                        ..ctx.clone()
                    };
                    self.compare(&c, &m.ty, &x.ty, dir, &doc_owner);
                }
            }
        }
        for x in nm.iter().filter(|x| !skip(x)) {
            if om.iter().any(|m| m.name == x.name) {
                continue;
            }
            let path = format!("{}{}", ctx.path, x.name);
            let breaking = dir & SEND != 0 && !x.optional;
            let what = if x.optional { "optional" } else { "mandatory" };
            let doc = self.doc_added(&x.owner, Some(&x.name), false);
            let detail = format!("{what} member added ({})", self.new.display(&x.ty));
            self.push(ctx, Some(path), "added", breaking, doc, detail);
        }
    }

    fn values(
        &mut self,
        ctx: &Ctx,
        ov: &[(String, Vec<String>)],
        nv: &[(String, Vec<String>)],
        dir: u8,
        owner: &str,
    ) {
        for (v, f) in ov {
            let path = format!("{}{v}", ctx.path);
            match nv.iter().find(|(x, _)| x == v) {
                None => self.push(
                    ctx,
                    Some(path),
                    "removed",
                    dir & SEND != 0,
                    true,
                    "enum value removed".into(),
                ),
                Some((_, nf)) => self.features(ctx, Some(&path), f, nf, owner),
            }
        }
        for (v, _) in nv.iter().filter(|(x, _)| !ov.iter().any(|(o, _)| o == x)) {
            let doc = self.doc_added(owner, Some(v), false);
            self.push(
                ctx,
                Some(format!("{}{v}", ctx.path)),
                "added",
                false,
                doc,
                "enum value added".into(),
            );
        }
    }

    fn variants(
        &mut self,
        ctx: &Ctx,
        ov: &[(String, String)],
        nv: &[(String, String)],
        dir: u8,
        owner: &str,
    ) {
        for (case, oty) in ov {
            let path = format!("{}{case}", ctx.path);
            match nv.iter().find(|(c, _)| c == case) {
                None => self.push(
                    ctx,
                    Some(path),
                    "removed",
                    dir & SEND != 0,
                    true,
                    "union branch removed".into(),
                ),
                Some((_, nty)) => {
                    let c = Ctx {
                        path: format!("{path}."),
                        ..ctx.clone()
                    };
                    self.compare(&c, oty, nty, dir, owner);
                }
            }
        }
        for (case, _) in nv.iter().filter(|(c, _)| !ov.iter().any(|(o, _)| o == c)) {
            let doc = self.doc_changed(owner);
            self.push(
                ctx,
                Some(format!("{}{case}", ctx.path)),
                "added",
                false,
                doc,
                "union branch added".into(),
            );
        }
    }

    /// Named types present on either side and used by some command or
    /// event: added, removed, or compared member by member.
    fn named_types(&mut self) {
        let mut names: Vec<&String> = self
            .old
            .types
            .iter()
            .chain(self.new.types.iter())
            .filter(|(_, t)| t.named)
            .map(|(k, _)| k)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        names.retain(|n| self.dirs_of(n) != 0);
        // An introspection reply masks type names: nothing to match.
        let both_named = [self.old, self.new]
            .iter()
            .all(|w| w.types.values().any(|t| t.named));
        for name in names {
            let dir = self.dirs_of(name);
            let (o, n) = (self.old.ty(name), self.new.ty(name));
            let meta = n.or(o).map_or("type", |t| t.meta);
            let ctx = Ctx {
                meta: meta.into(),
                name: name.clone(),
                path: String::new(),
            };
            match (o, n) {
                (Some(_), None) if !both_named => {}
                (None, Some(_)) if !both_named => {}
                (Some(_), None) => self.push(
                    &ctx,
                    None,
                    "removed",
                    false,
                    true,
                    "type removed (type names are not visible on the wire)".into(),
                ),
                (None, Some(_)) => {
                    let doc = self.doc_added(name, None, false);
                    self.push(&ctx, None, "added", false, doc, "type added".into());
                }
                (Some(o), Some(n)) => {
                    let (of, nf) = (o.features.clone(), n.features.clone());
                    self.features(&ctx, None, &of, &nf, name);
                    match (&o.shape, &n.shape) {
                        (
                            Shape::Object {
                                members: om,
                                tag: ot,
                                variants: ov,
                            },
                            Shape::Object {
                                members: nm,
                                tag: nt,
                                variants: nv,
                            },
                        ) => {
                            let (om, nm, ov, nv) = (om.clone(), nm.clone(), ov.clone(), nv.clone());
                            self.members(&ctx, &om, &nm, dir, name, true);
                            if ot != nt {
                                let doc = self.doc_changed(name);
                                self.push(&ctx, None, "changed", false, doc, discriminator(ot, nt));
                            }
                            self.variants(&ctx, &ov, &nv, dir, name);
                        }
                        (Shape::Enum { values: ov }, Shape::Enum { values: nv }) => {
                            let (ov, nv) = (ov.clone(), nv.clone());
                            self.values(&ctx, &ov, &nv, dir, name);
                        }
                        // Different kinds of type under one name.
                        _ => self.kind_changed(&ctx, name, dir),
                    }
                }
                (None, None) => {}
            }
        }
    }

    /// A named type whose kind changed (e.g. an enum that became an
    /// alternate).
    fn kind_changed(&mut self, ctx: &Ctx, name: &str, dir: u8) {
        let (o, n, owner) = (name, name, name);
        let (oj, nj) = (self.old.json(o), self.new.json(n));
        let (ok, nk) = (
            self.old.ty(o).map_or("", |t| t.meta),
            self.new.ty(n).map_or("", |t| t.meta),
        );
        if ok == nk {
            return;
        }
        let accepts_old = matches!(&self.new.ty(n).map(|t| &t.shape), Some(Shape::Alternate { variants }) if variants.iter().any(|v| self.new.json(v) == oj));
        let breaking = !(dir == SEND && accepts_old) && oj != nj;
        let doc = self.doc_changed(owner);
        self.push(
            ctx,
            None,
            "changed",
            breaking,
            doc,
            format!("{ok} became {nk}"),
        );
    }
}

/// Describes a change of discriminator.  Only its members' changes can
/// break clients: the tag is a member like any other.
fn discriminator(o: &Option<String>, n: &Option<String>) -> String {
    let show = |t: &Option<String>| t.as_deref().map_or("none".to_owned(), |t| format!("'{t}'"));
    format!("discriminator {} became {}", show(o), show(n))
}

/// Whether `key` is an object type without members or branches.
fn is_empty_object(w: &Wire, key: &str) -> bool {
    matches!(w.ty(key).map(|t| &t.shape), Some(Shape::Object { members, variants, .. }) if members.is_empty() && variants.is_empty())
}

fn members_of<'w>(w: &'w Wire, key: &str) -> &'w Vec<Member> {
    static EMPTY: Vec<Member> = Vec::new();
    match w.ty(key).map(|t| &t.shape) {
        Some(Shape::Object { members, .. }) => members,
        _ => &EMPTY,
    }
}

/// Whether changing integer type `o` to `n` keeps every value valid in
/// `dir` (sent values must stay accepted, received ones stay in range).
fn int_widens(o: &str, n: &str, dir: u8) -> bool {
    fn range(t: &str) -> Option<(i128, i128)> {
        Some(match t {
            "int8" => (-128, 127),
            "int16" => (-32768, 32767),
            "int32" => (i32::MIN as i128, i32::MAX as i128),
            "int" | "int64" => (i64::MIN as i128, i64::MAX as i128),
            "uint8" => (0, 255),
            "uint16" => (0, 65535),
            "uint32" => (0, u32::MAX as i128),
            "uint64" | "size" => (0, u64::MAX as i128),
            _ => return None,
        })
    }
    let (Some(a), Some(b)) = (range(o), range(n)) else {
        return false;
    };
    let wider = b.0 <= a.0 && b.1 >= a.1;
    let narrower = a.0 <= b.0 && a.1 >= b.1;
    (dir & SEND == 0 || wider) && (dir & RECV == 0 || narrower)
}

/// Whether any change breaks clients.
pub fn any_breaking(changes: &[Change]) -> bool {
    changes.iter().any(|c| c.breaking)
}

/// The JSON report: `{"changes": [...]}`.
pub fn to_json(changes: &[Change]) -> String {
    serde_json::to_string_pretty(&serde_json::json!({ "changes": changes })).expect("serializable")
}

/// One line per change.
pub fn to_text(changes: &[Change]) -> String {
    let mut out = String::new();
    for c in changes {
        let what = match &c.member {
            Some(m) => format!("{} {} {m}", c.meta, c.name),
            None => format!("{} {}", c.meta, c.name),
        };
        let undocumented = match (c.documented, &c.at) {
            (true, _) => String::new(),
            (false, Some(at)) => format!(" [undocumented, {at}]"),
            (false, None) => " [undocumented]".into(),
        };
        let _ = writeln!(
            out,
            "{:<10} {:<8} {what}: {}{undocumented}",
            if c.breaking { "BREAKING" } else { "compatible" },
            c.change,
            c.detail,
        );
    }
    out
}
