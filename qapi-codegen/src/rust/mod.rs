//! Rust generation from the checked model.
//!
//! One file of output holds these modules (each may be turned off):
//! - `types`: a Rust type per schema type ([`types`]);
//! - `commands`: a type per command implementing `qmp::Command` ([`commands`]);
//! - `events`: a struct per event and the `Event` enum ([`events`]);
//! - `client`: typed methods over the runtime's clients ([`client`]);
//! - `server`: server traits and the dispatch table ([`server`]);
//! - `support`: schema descriptors (always) and the checker that gives
//!   QEMU's argument errors.
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

use std::collections::{BTreeSet, HashMap};

use proc_macro2::TokenStream;
use qapi_schema::ifcond::IfCond;
use qapi_schema::model::{EntityKind, Feature};
use qapi_schema::{EntityId, Schema};
use quote::quote;

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
/// formatted file.
pub struct Output {
    /// `(module name, items)`, in order.
    pub modules: Vec<(&'static str, TokenStream)>,
    /// Every condition name used (for `check-cfg`).
    pub cond_names: BTreeSet<String>,
}

impl Output {
    /// One formatted file with every part as an inline module.
    pub fn to_file(&self) -> String {
        let mods = self.modules.iter().map(|(name, body)| module(name, body));
        format_tokens(quote!(#(#mods)*))
    }

    /// One formatted file per part (`types.rs`, …) and a `mod.rs` that
    /// declares them.
    pub fn to_files(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut decls = Vec::new();
        for (name, body) in &self.modules {
            out.push((format!("{name}.rs"), format_tokens(body.clone())));
            let id = naming::ident(name);
            let vis = vis(name);
            let doc = module_doc(name);
            decls.push(quote! {
                #[doc = #doc]
                #[allow(deprecated, non_camel_case_types, non_snake_case, clippy::all)]
                #vis mod #id;
            });
        }
        out.push((
            "mod.rs".into(),
            format_tokens(quote!(#(#decls)* pub use types::*;)),
        ));
        out
    }
}

fn vis(name: &str) -> TokenStream {
    if name == "support" {
        quote!(#[doc(hidden)] pub)
    } else {
        quote!(pub)
    }
}

fn module_doc(name: &str) -> &'static str {
    match name {
        "types" => "The schema's types.",
        "commands" => "A type per command, implementing the runtime's `Command`.",
        "events" => "A struct per event and the enum of all events.",
        "client" => "Typed command methods for the runtime's clients.",
        "server" => "Server traits and the dispatch table.",
        _ => "Schema descriptors and decoding support.",
    }
}

fn module(name: &str, body: &TokenStream) -> TokenStream {
    let id = naming::ident(name);
    let vis = vis(name);
    let doc = module_doc(name);
    quote! {
        #[doc = #doc]
        #[allow(deprecated, non_camel_case_types, non_snake_case, clippy::all)]
        #vis mod #id { #body }
    }
}

/// Formats tokens with prettyplease.
pub fn format_tokens(tokens: TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens) {
        Ok(file) => prettyplease::unparse(&file),
        Err(e) => panic!("generated code does not parse: {e}"),
    }
}

/// Generates Rust for a schema.
pub fn generate(schema: &Schema, opts: &Options) -> Output {
    let g = Gen::new(schema, opts);
    let mut modules = vec![("types", types::generate(&g))];
    if opts.types || opts.client || opts.server {
        modules.push(("commands", commands::generate(&g)));
        modules.push(("events", events::generate(&g)));
    }
    if opts.client {
        modules.push(("client", client::generate(&g)));
    }
    if opts.server {
        modules.push(("server", server::generate(&g)));
    }
    modules.push(("support", desc::generate(&g)));
    Output {
        modules,
        cond_names: g.cond_names.into_inner(),
    }
}

/// Shared state of one generation: the schema, options and the names
/// chosen for every type.
pub struct Gen<'a> {
    pub schema: &'a Schema,
    pub opts: &'a Options,
    pub rt: TokenStream,
    /// Rust type name per entity (types only).
    pub names: HashMap<EntityId, String>,
    /// Name of the generated base struct per union.
    pub union_bases: HashMap<EntityId, String>,
    /// Strongly connected component per type, for `Box`.
    scc: HashMap<EntityId, usize>,
    cond_names: std::cell::RefCell<BTreeSet<String>>,
}

/// `None`: leave the item out; `Some(attrs)`: emit with these attributes.
pub type Gate = Option<TokenStream>;

impl<'a> Gen<'a> {
    fn new(schema: &'a Schema, opts: &'a Options) -> Self {
        let rt: TokenStream = opts.runtime_path.parse().expect("runtime path");
        let mut scope = naming::Scope::new(&["Empty"]);
        let mut names = HashMap::new();
        let mut union_bases = HashMap::new();
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
        let scc = types::components(schema);
        Gen {
            schema,
            opts,
            rt,
            names,
            union_bases,
            scc,
            cond_names: Default::default(),
        }
    }

    /// Whether `member_ty` inside `container` needs a `Box`.
    pub fn recursive(&self, container: EntityId, member_ty: EntityId) -> bool {
        matches!((self.scc.get(&container), self.scc.get(&member_ty)), (Some(a), Some(b)) if a == b)
    }

    /// The attributes for an item with this condition and these features,
    /// or `None` when the item is left out.
    pub fn gate(&self, ifcond: &Option<IfCond>, features: &[Feature]) -> Gate {
        let mut preds = Vec::new();
        if let Some(c) = ifcond {
            match &self.opts.conditions {
                Conditions::Evaluate(set) => {
                    if !c.eval(&|n| set.contains(n)) {
                        return None;
                    }
                }
                _ => preds.push(self.cfg_pred(c)),
            }
        }
        let unstable = features.iter().any(|f| f.name == "unstable");
        if unstable {
            match &self.opts.unstable {
                Unstable::Exclude => return None,
                Unstable::Include => {}
                Unstable::Feature(f) => preds.push(quote!(feature = #f)),
            }
        }
        let mut attrs = match preds.len() {
            0 => quote!(),
            1 => quote!(#[cfg(#(#preds)*)]),
            _ => quote!(#[cfg(all(#(#preds),*))]),
        };
        if features.iter().any(|f| f.name == "deprecated") {
            attrs.extend(quote!(#[deprecated]));
        }
        Some(attrs)
    }

    /// Like [`Gen::gate`] but only the `cfg`, for places where
    /// `#[deprecated]` is not allowed (match arms, array elements).
    pub fn cfg_only(&self, ifcond: &Option<IfCond>, features: &[Feature]) -> Gate {
        let no_dep: Vec<Feature> = features
            .iter()
            .filter(|f| f.name != "deprecated")
            .cloned()
            .collect();
        self.gate(ifcond, &no_dep)
    }

    fn cfg_pred(&self, c: &IfCond) -> TokenStream {
        match c {
            IfCond::Name(n) => {
                self.cond_names.borrow_mut().insert(n.clone());
                match self.opts.conditions {
                    Conditions::Features => quote!(feature = #n),
                    _ => quote!(qapi = #n),
                }
            }
            IfCond::Not(c) => {
                let p = self.cfg_pred(c);
                quote!(not(#p))
            }
            IfCond::All(cs) => {
                let ps = cs.iter().map(|c| self.cfg_pred(c));
                quote!(all(#(#ps),*))
            }
            IfCond::Any(cs) => {
                let ps = cs.iter().map(|c| self.cfg_pred(c));
                quote!(any(#(#ps),*))
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
    pub fn rust_type(&self, id: EntityId, from_types: bool) -> TokenStream {
        let e = self.schema.entity(id);
        match &e.kind {
            EntityKind::Builtin { .. } => match e.name.as_str() {
                "str" => quote!(::std::string::String),
                "int" | "int64" => quote!(i64),
                "int8" => quote!(i8),
                "int16" => quote!(i16),
                "int32" => quote!(i32),
                "uint8" => quote!(u8),
                "uint16" => quote!(u16),
                "uint32" => quote!(u32),
                "uint64" | "size" => quote!(u64),
                "number" => quote!(f64),
                "bool" => quote!(bool),
                "null" => quote!(()),
                _ => quote!(::serde_json::Value),
            },
            EntityKind::Array { element, .. } => {
                let t = self.rust_type(*element, from_types);
                quote!(::std::vec::Vec<#t>)
            }
            _ => {
                let name = naming::ident(
                    self.names
                        .get(&id)
                        .unwrap_or_else(|| panic!("no Rust type for {}", e.name)),
                );
                if from_types {
                    quote!(#name)
                } else {
                    quote!(super::types::#name)
                }
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

    /// Rustdoc attributes for a definition's documentation.
    pub fn doc_attrs(&self, id: EntityId) -> TokenStream {
        let e = self.schema.entity(id);
        docs::attrs(&docs::definition(self.schema, e))
    }

    /// Rustdoc attributes for a member, enum value or branch of `id`,
    /// looked up in the documentation of the type that defines it
    /// (`defined_in`), then of `id`.
    pub fn member_doc(&self, id: EntityId, defined_in: &str, member: &str) -> TokenStream {
        let docs = [self.schema.lookup(defined_in), Some(self.schema.entity(id))];
        let text = docs
            .into_iter()
            .flatten()
            .filter_map(|e| self.schema.doc_of(e).and_then(|d| d.arg(member)))
            .map(|s| s.text.trim().to_string())
            .find(|t| !t.is_empty());
        docs::attrs(&docs::render(
            text.as_deref().unwrap_or("Not documented in the schema."),
        ))
    }
}
