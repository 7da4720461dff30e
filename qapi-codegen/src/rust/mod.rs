//! Rust generation from the checked model.
//!
//! One file of output holds these modules (each may be turned off):
//! - `types`: a Rust type per schema type ([`types`]);
//! - `commands`: a type per command implementing `qmp::Command` ([`commands`]);
//! - `events`: a struct per event and the `Event` enum ([`events`]);
//! - `client`: typed methods over the runtime's clients ([`client`]);
//! - `server`: server traits and the dispatch table ([`server`]);
//! - `support`: schema descriptors (always); the checker that walks them
//!   and gives QEMU's argument errors is the runtime's `qmp::codec`.
//!
//! ## Output
//! Code is written directly as text, indented four spaces a level, one
//! item after another in schema order, so generation costs a few
//! milliseconds and the output is deterministic. It is not passed through
//! a formatter (`generated/rustfmt.toml` keeps rustfmt off the checked-in
//! copy); a test parses it with `syn`.
//!
//! Generated types carry no derive macros beyond `Clone`, `Debug` and
//! `PartialEq` (enums: also `Eq`, `Hash`): decoding and encoding are
//! plain impls of the runtime's `codec::Members`/`codec::Wire` (one line
//! per member). `serde` impls go through them (`qmp::wire_serde!`), on
//! the types the runtime's traits need them on: commands, events and
//! return values (`qmp::codec::Json` wraps any other type). Generated
//! functions are `#[inline]` or generic (the default methods of the
//! client and server traits): rustc compiles them where they are used,
//! not in the bindings crate. All this keeps the bindings cheap to
//! compile and to rebuild incrementally.
//!
//! ## Conditions
//! A definition's `if` becomes, depending on [`Conditions`]:
//! - `Cfg` (default): `#[cfg(qapi = "CONFIG_X")]`, `not`/`all`/`any` kept
//!   (`#[cfg(all(qapi = "A", not(qapi = "B")))]`). Set a condition with
//!   `cargo:rustc-cfg=qapi="CONFIG_X"` (the [`crate::Builder`] declares
//!   the names for `check-cfg`).
//! - `Features`: `#[cfg(feature = "CONFIG_X")]`, for a standalone crate
//!   with one cargo feature per condition name.
//! - `Evaluate(names)`: decided at generation time, true exactly for
//!   `names` (the build conditions of one QEMU binary).
//!
//! Definitions, members, values and branches with feature `unstable` are
//! behind `#[cfg(feature = "unstable")]` unless [`Unstable`] says
//! otherwise; feature `deprecated` becomes `#[deprecated]`.

pub mod client;
pub mod commands;
pub mod desc;
pub mod docs;
pub mod events;
pub mod naming;
pub mod server;
pub mod types;

use std::collections::BTreeSet;
use std::fmt::Write as _;

use qapi_schema::ifcond::IfCond;
use qapi_schema::model::{EntityKind, Feature};
use qapi_schema::{EntityId, Schema};

/// How `if` conditions are mapped (see the module docs).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Conditions {
    #[default]
    Cfg,
    Features,
    Evaluate(BTreeSet<String>),
}

/// What happens to `unstable` definitions and members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unstable {
    /// Behind a cargo feature of the crate using the bindings.
    Feature(String),
    Include,
    Exclude,
}

impl Default for Unstable {
    fn default() -> Self {
        Unstable::Feature("unstable".into())
    }
}

/// What to generate, and how.
#[derive(Clone, Debug)]
pub struct Options {
    pub types: bool,
    pub client: bool,
    pub server: bool,
    /// Path of the runtime crate in generated code.
    pub runtime_path: String,
    pub conditions: Conditions,
    pub unstable: Unstable,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            types: true,
            client: true,
            server: true,
            runtime_path: "::qmp".into(),
            conditions: Conditions::Cfg,
            unstable: Unstable::default(),
        }
    }
}

/// Generated code, by part; [`Output::to_file`] joins the parts into one
/// file.
pub struct Output {
    /// `(module name, module body)`, in order.
    pub modules: Vec<(&'static str, String)>,
    /// Every condition name used (for `check-cfg`).
    pub cond_names: BTreeSet<String>,
}

/// The lints generated modules allow, as generated code conventionally
/// does: a user's crate uses a few of many items (`dead_code`,
/// `unused_imports`), names follow the schema's, `cfg` names of
/// conditions and of the `unstable` feature need no declaration
/// (`unexpected_cfgs`; the [`crate::Builder`] declares them all the same),
/// and a build whose conditions leave out every arm of a `match` or every
/// use of an argument compiles quietly (`unreachable_code`,
/// `unused_variables`).
const MOD_ALLOW: &str = "#[allow(dead_code, deprecated, non_camel_case_types, non_snake_case, non_upper_case_globals, unexpected_cfgs, unreachable_code, unreachable_patterns, unused_imports, unused_qualifications, unused_variables, clippy::all, clippy::pedantic, clippy::nursery)]";

impl Output {
    /// One file with every part as an inline module.
    pub fn to_file(&self) -> String {
        let len: usize = self
            .modules
            .iter()
            .map(|(_, b)| b.len() + b.len() / 8)
            .sum();
        let mut out = String::with_capacity(len + 1024);
        for (name, body) in &self.modules {
            module_decl(&mut out, name);
            out.truncate(out.len() - 2);
            out.push_str(" {\n");
            for line in body.lines() {
                if !line.is_empty() {
                    out.push_str("    ");
                    out.push_str(line);
                }
                out.push('\n');
            }
            out.push_str("}\n");
        }
        out
    }

    /// One file per part (`types.rs`, …) and a `mod.rs` that declares
    /// them.
    pub fn to_files(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (name, body) in &self.modules {
            out.push((format!("{name}.rs"), body.clone()));
        }
        out.push(("mod.rs".into(), self.mod_rs()));
        out
    }

    /// The `mod.rs` of [`Output::to_files`].
    pub fn mod_rs(&self) -> String {
        let names: Vec<&str> = self.modules.iter().map(|m| m.0).collect();
        mod_rs(&names)
    }

    /// Consumes the output: one file per part and `mod.rs`, without
    /// copying the parts.
    pub fn into_files(self) -> Vec<(String, String)> {
        let decls = self.mod_rs();
        let mut out = Vec::new();
        for (name, body) in self.modules {
            out.push((format!("{name}.rs"), body));
        }
        out.push(("mod.rs".into(), decls));
        out
    }
}

fn module_decl(out: &mut String, name: &str) {
    let doc = match name {
        "types" => "The schema's types.",
        "commands" => "A type per command, implementing the runtime's `Command`.",
        "events" => "A struct per event and the enum of all events.",
        "client" => "Typed command methods for the runtime's clients.",
        "server" => "Server traits and the dispatch table.",
        _ => "Schema descriptors and decoding support.",
    };
    let hidden = if name == "support" {
        "#[doc(hidden)]\n"
    } else {
        ""
    };
    let _ = writeln!(out, "/// {doc}\n{MOD_ALLOW}\n{hidden}pub mod {name};");
}

/// Generates Rust for a schema.
pub fn generate(schema: &Schema, opts: &Options) -> Output {
    let parts = std::sync::Mutex::new(Vec::new());
    let (names, cond_names) = generate_each(schema, opts, &|i, name, text: Vec<String>| {
        let text = if text.len() == 1 {
            text.into_iter().next().unwrap_or_default()
        } else {
            text.concat()
        };
        parts.lock().expect("no panics").push((i, name, text));
    });
    let mut parts = parts.into_inner().expect("no panics");
    parts.sort_by_key(|p| p.0);
    debug_assert_eq!(parts.len(), names.len());
    Output {
        modules: parts.into_iter().map(|(_, n, t)| (n, t)).collect(),
        cond_names,
    }
}

/// The names of the modules [`generate`] writes, in order.
pub fn module_names(opts: &Options) -> Vec<&'static str> {
    let mut names = vec!["types"];
    if opts.types || opts.client || opts.server {
        names.push("commands");
        names.push("events");
    }
    if opts.client {
        names.push("client");
    }
    if opts.server {
        names.push("server");
    }
    names.push("support");
    names
}

/// `mod.rs` for modules in their own files (see [`Output::to_files`]).
pub fn mod_rs(names: &[&str]) -> String {
    let mut decls = String::new();
    for name in names {
        module_decl(&mut decls, name);
    }
    decls.push_str("#[allow(unused_imports)]\npub use types::*;\n");
    decls
}

/// A piece of the work of [`generate_each`].
#[derive(Clone, Copy, Debug)]
enum Task {
    /// A slice of module `types`: chunk `n`.
    Types(usize),
    Commands,
    Events,
    Client,
    Server,
    Support,
}

/// How many slices module `types` (half the work) is written in.
const TYPES_CHUNKS: usize = 8;

/// Generates Rust for a schema and hands each module to `each` (its
/// index in [`module_names`], name and text, in one or more parts to be
/// joined) as soon as it is written, on the thread that wrote it.
/// Returns the module names and every condition name used.
///
/// The work is done in pieces (module `types` in `TYPES_CHUNKS`
/// slices, the other modules whole) by two threads, the caller's and
/// one of rayon's global pool, each taking the next piece when done with
/// one ([`qapi_schema::pool::beside`]): the output does not depend on
/// which thread wrote what.
pub fn generate_each<'s, F>(
    schema: &'s Schema,
    opts: &'s Options,
    each: &F,
) -> (Vec<&'static str>, BTreeSet<String>)
where
    F: Fn(usize, &'static str, Vec<String>) + Sync,
{
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Mutex, OnceLock};

    let names = module_names(opts);
    let index = |name: &str| names.iter().position(|n| *n == name).expect("module");
    let g = Gen::new(schema, opts);
    let chunks = types::chunks(&g, TYPES_CHUNKS);
    // Big pieces first, small ones last, so that the threads end
    // together; the slices of `types` before the small modules, so that
    // one thread writes `types.rs` while the other writes those.
    let mut tasks = Vec::new();
    if names.contains(&"commands") {
        tasks.push(Task::Commands);
    }
    tasks.push(Task::Support);
    tasks.extend((0..chunks.len()).map(Task::Types));
    if names.contains(&"commands") {
        tasks.push(Task::Events);
    }
    if names.contains(&"server") {
        tasks.push(Task::Server);
    }
    if names.contains(&"client") {
        tasks.push(Task::Client);
    }
    let next = AtomicUsize::new(0);
    let cmds = OnceLock::new();
    let types_parts = Mutex::new((vec![None; chunks.len()], chunks.len()));
    let work = |g: &Gen<'s>| {
        while let Some(&task) = tasks.get(next.fetch_add(1, Ordering::Relaxed)) {
            let cmds = || cmds.get_or_init(|| commands::list(g));
            let (name, text) = match task {
                Task::Types(n) => {
                    let (ids, room) = chunks[n].clone();
                    let text = types::generate(g, ids, room, n == 0);
                    // The thread writing the last slice hands on the module.
                    let parts: Vec<String> = {
                        let mut done = types_parts.lock().expect("no panics");
                        done.0[n] = Some(text);
                        done.1 -= 1;
                        if done.1 > 0 {
                            continue;
                        }
                        done.0
                            .iter_mut()
                            .map(|p| p.take().unwrap_or_default())
                            .collect()
                    };
                    each(0, "types", parts);
                    continue;
                }
                Task::Commands => ("commands", commands::generate(g, cmds())),
                Task::Events => ("events", events::generate(g)),
                Task::Client => ("client", client::generate(g, cmds())),
                Task::Server => ("server", server::generate(g, cmds())),
                Task::Support => ("support", desc::generate(g)),
            };
            each(index(name), name, vec![text]);
        }
    };
    let g2 = g.fork();
    let ((), other) = qapi_schema::pool::beside(
        || work(&g),
        || {
            work(&g2);
            g2.cond_names.into_inner()
        },
    );
    let mut cond_names = g.cond_names.into_inner();
    cond_names.extend(other);
    (names, cond_names)
}

/// The generator's name tables hash with FxHash (rustc-hash), faster than
/// SipHash on short keys; a schema is not hostile input for a hash map.
pub type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;
/// A set with the hasher of [`FxMap`].
pub type FxSet<K> = rustc_hash::FxHashSet<K>;

/// A text writer with indentation (four spaces a level).
pub struct W {
    pub s: String,
    ind: usize,
    scratch: String,
}

/// Writes one indented line: `wl!(w, "fmt", args)`.
#[macro_export]
#[doc(hidden)]
macro_rules! wl {
    ($w:expr, $($a:tt)*) => {{
        let w: &mut $crate::rust::W = $w;
        w.indent();
        let _ = ::std::fmt::Write::write_fmt(&mut w.s, format_args!($($a)*));
        w.s.push('\n');
    }};
}

/// Writes one indented line of pieces (`&str`, `String`, [`Q`]) without
/// formatting machinery: `wp!(w; "fn ", name, "() {}")`.
#[macro_export]
#[doc(hidden)]
macro_rules! wp {
    ($w:expr; $($p:expr),* $(,)?) => {{
        let w: &mut $crate::rust::W = $w;
        w.indent();
        $( $crate::rust::Piece::put(&$p, &mut w.s); )*
        w.s.push('\n');
    }};
}

/// A piece of a line for [`wp!`](crate::wp).
pub trait Piece {
    fn put(&self, out: &mut String);
}

impl Piece for str {
    #[inline]
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    #[inline]
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    #[inline]
    fn put(&self, out: &mut String) {
        (**self).put(out);
    }
}

impl Piece for Q<'_> {
    #[inline]
    fn put(&self, out: &mut String) {
        push_q(out, self.0);
    }
}

/// Appends a string literal (see [`Q`]).
#[inline]
pub fn push_q(out: &mut String, s: &str) {
    if plain(s) {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        let _ = write!(out, "{s:?}");
    }
}

/// The capacity to reserve for about `expected` bytes of output: a
/// quarter more and a page, since a text that outgrows its buffer is
/// copied into one twice as big.
pub fn room(expected: usize) -> usize {
    expected + expected / 4 + 4096
}

impl W {
    /// A writer for a module that writes about `per_entity` bytes per
    /// entity of the schema (each module's figure is what it writes for
    /// QEMU 10.2's schema), with [`room`] for them.
    pub fn for_module(g: &Gen, per_entity: usize) -> W {
        W::new(room(g.schema.entities.len() * per_entity), g.rt())
    }

    pub fn new(capacity: usize, rt: &str) -> W {
        let mut w = W::bare(capacity);
        w.s.push_str("use ");
        w.s.push_str(rt);
        w.s.push_str(" as __rt;\n");
        w
    }

    /// A writer without the module's header (a later part of a module).
    pub fn bare(capacity: usize) -> W {
        W {
            s: String::with_capacity(capacity),
            ind: 0,
            scratch: String::new(),
        }
    }

    pub fn indent(&mut self) {
        for _ in 0..self.ind {
            self.s.push_str("    ");
        }
    }

    /// One line.
    pub fn line(&mut self, t: &str) {
        self.indent();
        self.s.push_str(t);
        self.s.push('\n');
    }

    /// One level deeper.
    pub fn ind_in(&mut self) {
        self.ind += 1;
    }

    /// A line, then one level deeper.
    pub fn open(&mut self, t: &str) {
        self.line(t);
        self.ind += 1;
    }

    /// One level out, then a line.
    pub fn close(&mut self, t: &str) {
        self.ind -= 1;
        self.line(t);
    }

    /// A blank line.
    pub fn blank(&mut self) {
        self.s.push('\n');
    }

    /// `///` lines for rustdoc text.
    pub fn doc(&mut self, text: &str) {
        for l in text.lines() {
            self.indent();
            self.s.push_str("///");
            if !l.is_empty() {
                self.s.push(' ');
                // a bare CR is not allowed in doc comments
                self.s.push_str(l.trim_end_matches('\r'));
            }
            self.s.push('\n');
        }
    }

    /// `///` lines for QAPI doc text (converted to Markdown).
    pub fn doc_qapi(&mut self, text: &str) {
        let mut prefix = std::mem::take(&mut self.scratch);
        prefix.clear();
        for _ in 0..self.ind {
            prefix.push_str("    ");
        }
        prefix.push_str("///");
        docs::render_lines(text, &mut self.s, &prefix);
        self.scratch = prefix;
    }

    /// Appends a string literal (see [`Q`]).
    pub fn q(&mut self, s: &str) {
        push_q(&mut self.s, s);
    }

    /// Appends text.
    pub fn p(&mut self, s: &str) {
        self.s.push_str(s);
    }

    /// The attributes of a gate (`#[cfg]`, `#[deprecated]`).
    pub fn gate(&mut self, a: &Attrs) {
        self.cfg(a);
        if a.deprecated {
            self.line("#[deprecated]");
        }
    }

    /// The `#[cfg]` of a gate alone.
    pub fn cfg(&mut self, a: &Attrs) {
        if let Some(c) = &a.cfg {
            self.indent();
            self.s.push_str("#[cfg(");
            self.s.push_str(c);
            self.s.push_str(")]\n");
        }
    }
}

/// The attributes of an item kept by its gate.
#[derive(Clone, Debug, Default)]
pub struct Attrs {
    /// The `cfg` predicate.
    pub cfg: Option<String>,
    pub deprecated: bool,
}

impl Attrs {
    /// Without `#[deprecated]`, for places where it is not allowed.
    pub fn cfg_only(&self) -> Attrs {
        Attrs {
            cfg: self.cfg.clone(),
            deprecated: false,
        }
    }
}

/// Shared state of one generation: the schema, options and the names
/// chosen for every type.
pub struct Gen<'a> {
    pub schema: &'a Schema,
    pub opts: &'a Options,
    /// Rust type name per entity (types only).
    pub names: FxMap<EntityId, String>,
    /// Name of the generated base struct per union.
    pub union_bases: FxMap<EntityId, String>,
    /// Strongly connected component per type, for `Box`, worked out
    /// when first needed (see [`Gen::recursive`]).
    scc: std::sync::Arc<std::sync::OnceLock<FxMap<EntityId, usize>>>,
    /// The types that get `serde` impls: those of return values.
    pub serde: FxSet<EntityId>,
    cond_names: std::cell::RefCell<BTreeSet<String>>,
    /// A buffer for raw doc text.
    raw: std::cell::RefCell<String>,
    /// The last name [`Gen::member_doc`] looked up.
    last_lookup: std::cell::RefCell<(String, Option<EntityId>)>,
}

/// A string literal: `"name"` (with escapes where needed).
pub struct Q<'a>(pub &'a str);

impl std::fmt::Display for Q<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if plain(self.0) {
            f.write_str("\"")?;
            f.write_str(self.0)?;
            f.write_str("\"")
        } else {
            write!(f, "{:?}", self.0)
        }
    }
}

/// Whether a string literal needs no escapes.
pub(crate) fn plain(s: &str) -> bool {
    s.bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
}

/// `None`: leave the item out; `Some(attrs)`: emit with these attributes.
pub type Gate = Option<Attrs>;

impl<'a> Gen<'a> {
    fn new(schema: &'a Schema, opts: &'a Options) -> Self {
        let mut scope = naming::Scope::new(&["Empty"]);
        let mut names = FxMap::default();
        let mut union_bases = FxMap::default();
        for (id, e) in schema.entities.iter().enumerate() {
            if matches!(
                e.kind,
                EntityKind::Enum { .. } | EntityKind::Alternate { .. }
            ) || (matches!(e.kind, EntityKind::Object { .. }) && !e.is_implicit())
            {
                names.insert(id, scope.take(naming::camel(&e.name)));
            }
        }
        for (id, e) in schema.entities.iter().enumerate() {
            if let EntityKind::Object {
                branches: Some(_),
                members,
                ..
            } = &e.kind
            {
                if members.len() > 1 && names.contains_key(&id) {
                    union_bases.insert(id, scope.take(format!("{}Base", names[&id])));
                }
            }
        }
        let mut serde = FxSet::default();
        for (_, c) in schema.commands() {
            let mut t = c.ret_type;
            while let Some(id) = t {
                match &schema.entity(id).kind {
                    EntityKind::Array { element, .. } => t = Some(*element),
                    _ => {
                        serde.insert(id);
                        t = None;
                    }
                }
            }
        }
        Gen {
            schema,
            opts,
            names,
            union_bases,
            scc: Default::default(),
            serde,
            cond_names: Default::default(),
            raw: Default::default(),
            last_lookup: Default::default(),
        }
    }

    /// A copy for another thread (same names, own buffers).
    fn fork(&self) -> Self {
        Gen {
            schema: self.schema,
            opts: self.opts,
            names: self.names.clone(),
            union_bases: self.union_bases.clone(),
            scc: self.scc.clone(),
            serde: self.serde.clone(),
            cond_names: Default::default(),
            raw: Default::default(),
            last_lookup: Default::default(),
        }
    }

    /// The runtime path, as the modules import it.
    pub fn rt(&self) -> &str {
        &self.opts.runtime_path
    }

    /// Whether `member_ty` inside `container` needs a `Box`.
    ///
    /// Implicit argument types of commands and events are in no cycle
    /// (no type contains them), so their structs need no cycles worked
    /// out.
    pub fn recursive(&self, container: EntityId, member_ty: EntityId) -> bool {
        let e = self.schema.entity(container);
        if e.is_implicit() && e.name.ends_with("-arg") {
            return false;
        }
        let scc = self.scc.get_or_init(|| types::components(self.schema));
        matches!((scc.get(&container), scc.get(&member_ty)), (Some(a), Some(b)) if a == b)
    }

    /// The attributes for an item with this condition and these features,
    /// or `None` when the item is left out.
    pub fn gate(&self, ifcond: &Option<IfCond>, features: &[Feature]) -> Gate {
        if ifcond.is_none() && features.is_empty() {
            return Some(Attrs::default());
        }
        let mut preds: Vec<String> = Vec::new();
        if let Some(c) = ifcond {
            match &self.opts.conditions {
                Conditions::Evaluate(set) => {
                    if !c.eval(&|n| set.contains(n)) {
                        return None;
                    }
                }
                _ => {
                    let mut p = String::new();
                    self.cfg_pred(c, &mut p);
                    preds.push(p);
                }
            }
        }
        let unstable = features.iter().any(|f| f.name == "unstable");
        if unstable {
            match &self.opts.unstable {
                Unstable::Exclude => return None,
                Unstable::Include => {}
                Unstable::Feature(f) => preds.push(format!("feature = {f:?}")),
            }
        }
        let cfg = match preds.len() {
            0 => None,
            1 => preds.pop(),
            _ => Some(format!("all({})", preds.join(", "))),
        };
        Some(Attrs {
            cfg,
            deprecated: features.iter().any(|f| f.name == "deprecated"),
        })
    }

    /// Like [`Gen::gate`] but only the `cfg`, for places where
    /// `#[deprecated]` is not allowed (match arms, array elements).
    pub fn cfg_only(&self, ifcond: &Option<IfCond>, features: &[Feature]) -> Gate {
        self.gate(ifcond, features).map(|a| a.cfg_only())
    }

    fn cfg_pred(&self, c: &IfCond, out: &mut String) {
        match c {
            IfCond::Name(n) => {
                if !self.cond_names.borrow().contains(n) {
                    self.cond_names.borrow_mut().insert(n.clone());
                }
                let key = match self.opts.conditions {
                    Conditions::Features => "feature",
                    _ => "qapi",
                };
                let _ = write!(out, "{key} = {n:?}");
            }
            IfCond::Not(c) => {
                out.push_str("not(");
                self.cfg_pred(c, out);
                out.push(')');
            }
            IfCond::All(cs) | IfCond::Any(cs) => {
                out.push_str(if matches!(c, IfCond::All(_)) {
                    "all("
                } else {
                    "any("
                });
                for (i, c) in cs.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    self.cfg_pred(c, out);
                }
                out.push(')');
            }
        }
    }

    /// The gate of an entity.
    pub fn entity_gate(&self, id: EntityId) -> Gate {
        let e = self.schema.entity(id);
        self.gate(&e.ifcond, &e.features)
    }

    /// The Rust type for a schema type, as seen from module `types`
    /// (`from_types`) or from a sibling module.
    pub fn rust_type(&self, id: EntityId, from_types: bool) -> String {
        let mut s = String::new();
        self.write_type(&mut s, id, from_types);
        s
    }

    /// Writes [`Gen::rust_type`] into `out`.
    pub fn write_type(&self, out: &mut String, id: EntityId, from_types: bool) {
        let e = self.schema.entity(id);
        match &e.kind {
            EntityKind::Builtin { .. } => out.push_str(match e.name.as_str() {
                "str" => "::std::string::String",
                "int" | "int64" => "i64",
                "int8" => "i8",
                "int16" => "i16",
                "int32" => "i32",
                "uint8" => "u8",
                "uint16" => "u16",
                "uint32" => "u32",
                "uint64" | "size" => "u64",
                "number" => "f64",
                "bool" => "bool",
                "null" => "()",
                _ => "__rt::codec::Value",
            }),
            EntityKind::Array { element, .. } => {
                out.push_str("::std::vec::Vec<");
                self.write_type(out, *element, from_types);
                out.push('>');
            }
            _ => {
                let name = self
                    .names
                    .get(&id)
                    .unwrap_or_else(|| panic!("no Rust type for {}", e.name));
                if !from_types {
                    out.push_str("super::types::");
                }
                naming::push_ident(out, name);
            }
        }
    }

    /// Whether values of the type may be JSON `null`.
    pub fn accepts_null(&self, id: EntityId) -> bool {
        let e = self.schema.entity(id);
        match &e.kind {
            EntityKind::Builtin { .. } => matches!(e.name.as_str(), "any" | "null"),
            EntityKind::Alternate { variants } => variants
                .iter()
                .any(|v| self.schema.entity(v.ty).name == "null"),
            _ => false,
        }
    }

    /// Writes the rustdoc of a definition.
    pub fn doc(&self, w: &mut W, id: EntityId) {
        let e = self.schema.entity(id);
        let mut raw = std::mem::take(&mut *self.raw.borrow_mut());
        raw.clear();
        docs::definition_raw(self.schema, e, &mut raw);
        w.doc_qapi(&raw);
        *self.raw.borrow_mut() = raw;
    }

    /// Writes the rustdoc of a member, enum value or branch of `id`,
    /// looked up in the documentation of the type that defines it
    /// (`defined_in`), then of `id`.
    pub fn member_doc(&self, w: &mut W, id: EntityId, defined_in: &str, member: &str) {
        let defined = {
            let mut last = self.last_lookup.borrow_mut();
            if last.0 != defined_in {
                last.0.clear();
                last.0.push_str(defined_in);
                last.1 = self.schema.lookup_id(defined_in);
            }
            last.1.map(|i| self.schema.entity(i))
        };
        let docs = [defined, Some(self.schema.entity(id))];
        let text = docs
            .into_iter()
            .flatten()
            .filter_map(|e| self.schema.doc_of(e).and_then(|d| d.arg(member)))
            .map(|s| s.text.trim())
            .find(|t| !t.is_empty());
        w.doc_qapi(text.unwrap_or("Not documented in the schema."));
    }
}
