//! A legacy bundle (`qmp-commands.hx`, the 2012 `qapi-schema.json`,
//! `qmp-events.txt`, whichever exist) read into the common schema model.
//!
//! Merge rules:
//!
//! * a command described in `qapi-schema.json` takes its types (and docs)
//!   from there;
//! * a command only in the `.hx` takes its argument types from its
//!   `args_type` (implicit argument type `q_obj_NAME-arg`, as QAPI makes
//!   them); its return type is unknown, so it has none; its doc comes from
//!   its `SQMP` block;
//! * an `SQMP` block that documents a command with no dispatch entry in the
//!   file (0.14/0.15 documented their `query-*` commands there while
//!   dispatching them from monitor.c) defines that command with the
//!   argument types its `Arguments:` list gives;
//! * events from `qmp-events.txt` become event definitions with typed
//!   members (see [`event_member_type`]) and docs.
//!
//! The definitions are made as [`DefExpr`]s and run through the same
//! builder as schema files.  The dispatch-table order is kept in
//! [`Schema::dispatch_order`], and the files read in [`Schema::legacy`]
//! (a [`Bundle`]), so that [`render_txt`] writes the text docs byte for
//! byte.  Every example of the docs is checked against the model's types;
//! those that don't fit become warnings ([`check_examples`]).

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use serde_json::Value as Json;

use super::events_txt::{EventDef, EventsDoc, JsonType, Member as EvMember};
use super::example::{Direction, Example};
use super::hx::{CommandDoc, CommandTable, HxFile, HxItem};
use super::{parse_events_txt, parse_hx, render_qmp_commands_txt, render_qmp_events_txt};
use super::{LegacyError, Span};
use crate::doc::{Doc, Section, SectionKind};
use crate::error::{Error, Kind, Result};
use crate::expr::{Checked, Data, DefExpr, DefSpec, EnumValueSpec, MemberSpec, TypeRef};
use crate::ifcond::IfCond;
use crate::model::{EntityId, EntityKind, Schema};
use crate::parser::{self, Parsed};
use crate::source::{Defn, Info};
use crate::{Dialect, Options, StyleRules};

/// The legacy files a schema was read from, kept for their text docs.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// `qmp-commands.hx`, parsed.
    pub hx: Option<HxFile>,
    /// Its dispatch table.
    pub table: Option<CommandTable>,
    /// `qmp-events.txt`, parsed.
    pub events: Option<EventsDoc>,
    /// The 2012 `qapi-schema.json`, when there is one.
    pub schema_file: Option<String>,
}

/// True when `path` is a folder, an `.hx` file or a `.txt` file: inputs
/// read as a legacy bundle.
pub fn is_legacy_input(path: &str) -> bool {
    let p = Path::new(path);
    p.is_dir() || path.ends_with(".hx") || path.ends_with(".txt")
}

#[derive(Default)]
struct Inputs {
    hx: Option<String>,
    json: Option<String>,
    events: Option<String>,
}

fn io_error(message: String) -> Error {
    Error {
        kind: Kind::Io,
        info: None,
        message,
    }
}

fn classify(paths: &[&str]) -> Result<Inputs> {
    let mut inputs = Inputs::default();
    let set = |slot: &mut Option<String>, p: String| -> Result<()> {
        if let Some(old) = slot {
            return Err(io_error(format!(
                "'{p}' and '{old}' are both given as the same legacy input"
            )));
        }
        *slot = Some(p);
        Ok(())
    };
    for &path in paths {
        let p = Path::new(path);
        if p.is_dir() {
            let mut found = false;
            for (name, slot) in [
                ("qmp-commands.hx", &mut inputs.hx),
                ("qapi-schema.json", &mut inputs.json),
                ("qmp-events.txt", &mut inputs.events),
            ] {
                let f = p.join(name);
                if f.is_file() {
                    set(slot, f.display().to_string())?;
                    found = true;
                }
            }
            if !found {
                return Err(io_error(format!(
                    "'{path}' holds none of qmp-commands.hx, qapi-schema.json, qmp-events.txt"
                )));
            }
        } else if path.ends_with(".hx") {
            set(&mut inputs.hx, path.to_owned())?;
        } else if path.ends_with(".txt") {
            set(&mut inputs.events, path.to_owned())?;
        } else {
            set(&mut inputs.json, path.to_owned())?;
        }
    }
    Ok(inputs)
}

fn span_info(span: &Span) -> Info {
    Info::new(span.file.clone(), span.line as u32, None)
}

/// A legacy reader's error as a schema error (`file:line: message`).
pub fn legacy_error(e: &LegacyError) -> Error {
    let span = match e {
        LegacyError::Io { path, message } => {
            return io_error(format!("can't read file '{path}': {message}"))
        }
        LegacyError::Syntax { span, .. }
        | LegacyError::Unterminated { span, .. }
        | LegacyError::Nested { span, .. }
        | LegacyError::StrayClose { span, .. }
        | LegacyError::MissingField { span, .. }
        | LegacyError::UndocumentedEntry { span, .. }
        | LegacyError::UnnamedDocBlock { span }
        | LegacyError::BadArgsType { span, .. }
        | LegacyError::MemberWithoutType { span, .. } => span,
    };
    let text = e.to_string();
    let prefix = format!("{span}: ");
    let message = text.strip_prefix(&prefix).unwrap_or(&text).to_owned();
    let kind = match e {
        LegacyError::UndocumentedEntry { .. } | LegacyError::UnnamedDocBlock { .. } => Kind::Doc,
        _ => Kind::Syntax,
    };
    Error::new(kind, span_info(span), message)
}

fn read(path: &str) -> Result<(Arc<str>, Arc<str>)> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| io_error(format!("can't read file '{path}': {e}")))?;
    Ok((path.into(), text.into()))
}

/// Reads legacy inputs (bundle folders, or `qmp-commands.hx`,
/// `qapi-schema.json` and `qmp-events.txt` named one by one) into one
/// schema.  The 2012 `qapi-schema.json` is always read in the historical
/// dialect; `opts` matters only for inputs that are not legacy.
pub fn load_inputs(paths: &[&str], opts: &Options) -> Result<Schema> {
    let inputs = classify(paths)?;
    if inputs.hx.is_none() && inputs.events.is_none() {
        if let Some(json) = &inputs.json {
            return crate::load(json, opts);
        }
    }
    let hist = Options {
        dialect: Dialect::Historical,
        style: StyleRules::Off,
    };
    let mut parsed = match &inputs.json {
        Some(j) => parser::parse_schema(j, StyleRules::Off, true)?,
        None => Parsed::default(),
    };
    let mut extra_modules = Vec::new();
    let (hx, table) = match &inputs.hx {
        Some(path) => {
            let (file, text) = read(path)?;
            parsed.sources.push((file.clone(), text.clone()));
            let hx = parse_hx(&file, &text).map_err(|e| legacy_error(&e))?;
            let table = hx.command_table().map_err(|errs| legacy_error(&errs[0]))?;
            extra_modules.push(path.clone());
            (Some(hx), Some(table))
        }
        None => (None, None),
    };
    let events = match &inputs.events {
        Some(path) => {
            let (file, text) = read(path)?;
            parsed.sources.push((file.clone(), text.clone()));
            extra_modules.push(path.clone());
            Some(parse_events_txt(&file, &text).map_err(|e| legacy_error(&e))?)
        }
        None => None,
    };
    let root = inputs
        .json
        .clone()
        .or(inputs.hx.clone())
        .or(inputs.events.clone())
        .unwrap_or_default();
    let extra: Vec<&str> = extra_modules.iter().map(String::as_str).collect();
    let mut schema = crate::build_merged(&root, parsed, &hist, &extra, |checked, parsed| {
        let mut m = Merge {
            style: opts.style,
            defined: checked
                .iter()
                .filter_map(|c| match c {
                    Checked::Def(d) => Some(d.name.clone()),
                    _ => None,
                })
                .collect(),
            out: checked,
            parsed,
        };
        if let (Some(hx), Some(table)) = (&hx, &table) {
            m.commands(hx, table)?;
        }
        if let Some(ev) = &events {
            m.events(ev)?;
        }
        Ok(m.out)
    })?;
    if let Some(t) = &table {
        schema.dispatch_order = t.commands.iter().map(|c| c.name.clone()).collect();
    }
    let bundle = Bundle {
        hx,
        table,
        events,
        schema_file: inputs.json,
    };
    let warnings = check_examples(&schema, &bundle);
    schema.warnings.extend(warnings);
    schema.legacy = Some(Arc::new(bundle));
    Ok(schema)
}

/// Writes `qmp-commands.txt` and `qmp-events.txt` of a schema read from a
/// legacy bundle, byte for byte as QEMU's build made them; `None` for
/// other schemas.
pub fn render_txt(schema: &Schema) -> Option<Vec<(String, String)>> {
    let b = schema.legacy.as_ref()?;
    let mut out = Vec::new();
    if let Some(hx) = &b.hx {
        out.push(("qmp-commands.txt".into(), render_qmp_commands_txt(hx)));
    }
    if let Some(ev) = &b.events {
        out.push(("qmp-events.txt".into(), render_qmp_events_txt(ev)));
    }
    Some(out)
}

// ---- making definitions ----

struct Merge<'a> {
    /// How an undocumented dispatch entry is reported: an error when
    /// style rules are (`check`), else a warning, the command defined
    /// without documentation (`diff` reports it as an undocumented
    /// addition).
    style: StyleRules,
    defined: HashSet<String>,
    out: Vec<Checked>,
    parsed: &'a mut Parsed,
}

fn def_info(span: &Span, meta: &str, name: &str) -> Info {
    span_info(span).with_defn(&Some(Arc::new(Defn {
        meta: meta.into(),
        name: name.into(),
    })))
}

fn section(info: Info, kind: SectionKind, name: Option<String>, text: String) -> Section {
    Section {
        info,
        kind,
        name,
        text,
        connected: false,
        stub: false,
    }
}

/// `defined(CONFIG_X)` → `CONFIG_X`; `!(C)` → not C; anything else as is.
fn condition(c: &str) -> IfCond {
    let c = c.trim();
    if let Some(inner) = c.strip_prefix("!(").and_then(|r| r.strip_suffix(')')) {
        return IfCond::Not(Box::new(condition(inner)));
    }
    if let Some(name) = c.strip_prefix("defined(").and_then(|r| r.strip_suffix(')')) {
        if !name.contains(['(', ')', ' ']) {
            return IfCond::Name(name.to_owned());
        }
    }
    IfCond::Name(c.to_owned())
}

fn conditions(cs: &[String]) -> Option<IfCond> {
    match cs {
        [] => None,
        [c] => Some(condition(c)),
        _ => Some(IfCond::All(cs.iter().map(|c| condition(c)).collect())),
    }
}

/// `BALLOON_CHANGE` → `BalloonChange`, `block-job` → `BlockJob`.
pub(crate) fn camel(s: &str) -> String {
    s.split(['_', '-', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            let first = c.next().map(|f| f.to_ascii_uppercase());
            first
                .into_iter()
                .chain(c.map(|x| x.to_ascii_lowercase()))
                .collect::<String>()
        })
        .collect()
}

/// `int-list` → `IntList`, `BlockdevOptions` unchanged: segments
/// capitalized, the rest kept.
pub(crate) fn camel_keep(s: &str) -> String {
    s.split(['_', '-', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            let first = c.next().map(|f| f.to_ascii_uppercase());
            first.into_iter().chain(c).collect::<String>()
        })
        .collect()
}

/// A member of an `Arguments:` list of an `SQMP` block.
struct DocArg {
    name: String,
    json_type: Option<JsonType>,
    optional: bool,
    text: String,
    line: Span,
}

/// The parts of an `SQMP` block below its title.
struct SqmpDoc {
    body: String,
    args: Vec<DocArg>,
    /// Other sections: (kind, text including its label for plain ones).
    others: Vec<(SectionKind, String, Span)>,
}

const LABELS: &[(&str, SectionKind)] = &[
    ("Arguments", SectionKind::Member),
    ("Argument", SectionKind::Member),
    ("Return", SectionKind::Plain),
    ("Returns", SectionKind::Plain),
    ("Examples", SectionKind::Example),
    ("Example", SectionKind::Example),
    ("Notes", SectionKind::Note),
    ("Note", SectionKind::Note),
];

fn label_of(line: &str) -> Option<(SectionKind, &str)> {
    LABELS.iter().find_map(|(l, k)| {
        let rest = line.strip_prefix(l)?.strip_prefix(':')?;
        Some((*k, rest))
    })
}

fn trim_blank_lines(lines: &[String]) -> String {
    lines.join("\n").trim_matches('\n').to_owned()
}

/// Splits `(json-TYPE[, optional])` off the end of an argument text.
fn annotation(text: &str) -> (String, Option<JsonType>, bool) {
    let t = text.trim_end();
    let t2 = t.trim_end_matches(['.', ':']);
    if let Some(open) = t2.rfind("(json-") {
        if t2.ends_with(')') {
            let inner = &t2[open + 1..t2.len() - 1];
            let mut parts = inner.split(',').map(str::trim);
            let ty = parts.next().map(|x| {
                JsonType::parse(
                    x.split_whitespace()
                        .next()
                        .unwrap_or(x)
                        .trim_end_matches(')'),
                )
            });
            let optional = inner.contains("optional");
            return (t[..open].trim_end().to_owned(), ty, optional);
        }
    }
    (t.to_owned(), None, text.contains("optional"))
}

fn parse_sqmp(hx: &HxFile, doc: &CommandDoc) -> SqmpDoc {
    let HxItem::Qmp(block) = &hx.items[doc.block] else {
        unreachable!("CommandDoc::block is an SQMP block")
    };
    let lines: Vec<_> = block.text_lines().collect();
    let skip = 1 + usize::from(doc.underline.is_some());
    let mut body = Vec::new();
    let mut args: Vec<DocArg> = Vec::new();
    let mut others: Vec<(SectionKind, Vec<String>, Span)> = Vec::new();
    let mut in_args = false;
    for l in lines.iter().skip(skip) {
        let text = l.text.as_str();
        if let Some((kind, rest)) = label_of(text) {
            in_args = kind == SectionKind::Member;
            if !in_args {
                let first = if kind == SectionKind::Plain {
                    text.to_owned()
                } else {
                    rest.trim().to_owned()
                };
                others.push((kind, vec![first], l.span.clone()));
            } else if !rest.trim().is_empty() {
                // `Arguments: None.`
                others.push((SectionKind::Plain, vec![text.to_owned()], l.span.clone()));
                in_args = false;
            }
            continue;
        }
        if in_args {
            let item = text.strip_prefix("- ");
            if let Some(item) = item {
                let (name, rest) = match item.strip_prefix('"') {
                    Some(r) => match r.split_once("\":") {
                        Some((n, rest)) => (n.to_owned(), rest),
                        None => (String::new(), item),
                    },
                    None => match item.split_once(':') {
                        Some((n, rest)) if !n.contains(' ') => (n.to_owned(), rest),
                        _ => (String::new(), item),
                    },
                };
                args.push(DocArg {
                    name,
                    json_type: None,
                    optional: false,
                    text: rest.trim().to_owned(),
                    line: l.span.clone(),
                });
                continue;
            }
            if !text.trim().is_empty() {
                if let Some(a) = args.last_mut() {
                    if text.starts_with([' ', '\t']) {
                        a.text.push('\n');
                        a.text.push_str(text.trim());
                        continue;
                    }
                }
                // Prose after the list.
                in_args = false;
                others.push((SectionKind::Plain, vec![text.to_owned()], l.span.clone()));
            }
            continue;
        }
        match others.last_mut() {
            Some((_, v, _)) => v.push(text.to_owned()),
            None => body.push(text.to_owned()),
        }
    }
    for a in &mut args {
        let (text, ty, optional) = annotation(&a.text);
        a.text = text;
        a.json_type = ty;
        a.optional = optional;
    }
    args.retain(|a| !a.name.is_empty());
    SqmpDoc {
        body: trim_blank_lines(&body),
        args,
        others: others
            .into_iter()
            .map(|(k, v, s)| (k, trim_blank_lines(&v), s))
            .filter(|(_, t, _)| !t.is_empty())
            .collect(),
    }
}

fn json_type_ref(t: &JsonType) -> Option<TypeRef> {
    if let JsonType::Other(s) = t {
        let el = s.strip_prefix("json-array of ")?;
        return JsonType::parse(el)
            .qapi_type()
            .map(|q| TypeRef::Array(q.to_owned()));
    }
    Some(TypeRef::Name(t.qapi_type().unwrap_or("any").to_owned()))
}

fn valid_value(n: &str) -> bool {
    !n.is_empty()
        && n.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// True when every event example that shows `path` gives it an integer,
/// and at least one does.
fn examples_show_integer(examples: &[Example], path: &[&str]) -> bool {
    let mut seen = false;
    for ex in examples {
        let Ok(v) = &ex.json else { continue };
        let mut cur = v.get("data");
        for p in path {
            cur = cur.and_then(|c| c.get(p));
        }
        match cur {
            Some(x) if x.is_i64() || x.is_u64() => seen = true,
            Some(_) => return false,
            None => {}
        }
    }
    seen
}

impl Merge<'_> {
    fn push_doc(&mut self, doc: Doc) -> usize {
        self.parsed.docs.push(doc);
        self.parsed.docs.len() - 1
    }

    fn fresh_name(&mut self, want: String) -> String {
        let mut name = want.clone();
        let mut i = 2;
        while self.defined.contains(&name) {
            name = format!("{want}{i}");
            i += 1;
        }
        self.defined.insert(name.clone());
        name
    }

    fn commands(&mut self, hx: &HxFile, table: &CommandTable) -> Result<()> {
        let undocumented = table.undocumented(hx, |n| self.defined.contains(n));
        match (self.style, undocumented.first()) {
            (StyleRules::Error, Some(e)) => return Err(legacy_error(e)),
            _ => self
                .parsed
                .warnings
                .extend(undocumented.iter().map(legacy_error)),
        }
        for c in &table.commands {
            if self.defined.contains(&c.name) {
                continue;
            }
            let HxItem::Entry(entry) = &hx.items[c.entry] else {
                unreachable!("DispatchCommand::entry is an entry")
            };
            let info = def_info(&entry.span, "command", &c.name);
            let members: Vec<MemberSpec> = c
                .args
                .args
                .iter()
                .filter_map(|a| {
                    Some(MemberSpec {
                        name: a.name.clone(),
                        optional: a.optional,
                        ty: TypeRef::Name(a.qapi_type()?.as_str().to_owned()),
                        ifcond: None,
                        features: Vec::new(),
                    })
                })
                .collect();
            let doc = c.doc.as_ref().map(|d| {
                let sq = parse_sqmp(hx, d);
                self.command_doc(&c.name, d, sq)
            });
            self.def_command(&c.name, info, members, doc, conditions(&entry.conditions));
        }
        for d in &table.unlinked {
            let name = d.title.text.clone();
            if self.defined.contains(&name) {
                continue;
            }
            let sq = parse_sqmp(hx, d);
            let members = sq
                .args
                .iter()
                .map(|a| MemberSpec {
                    name: a.name.clone(),
                    optional: a.optional,
                    ty: a
                        .json_type
                        .as_ref()
                        .and_then(json_type_ref)
                        .unwrap_or_else(|| TypeRef::Name("any".into())),
                    ifcond: None,
                    features: Vec::new(),
                })
                .collect();
            let info = def_info(&d.title.span, "command", &name);
            let doc = self.command_doc(&name, d, sq);
            self.def_command(&name, info, members, Some(doc), None);
        }
        Ok(())
    }

    fn command_doc(&mut self, name: &str, d: &CommandDoc, sq: SqmpDoc) -> usize {
        let info = span_info(&d.title.span);
        let mut sections = vec![section(info.clone(), SectionKind::Plain, None, sq.body)];
        for a in sq.args {
            if sections
                .iter()
                .any(|s| s.name.as_deref() == Some(a.name.as_str()))
            {
                continue;
            }
            sections.push(section(
                span_info(&a.line),
                SectionKind::Member,
                Some(a.name),
                a.text,
            ));
        }
        for (k, t, s) in sq.others {
            sections.push(section(span_info(&s), k, None, t));
        }
        self.push_doc(Doc {
            info,
            symbol: Some(name.to_owned()),
            sections,
        })
    }

    fn def_command(
        &mut self,
        name: &str,
        info: Info,
        members: Vec<MemberSpec>,
        doc: Option<usize>,
        ifcond: Option<IfCond>,
    ) {
        self.defined.insert(name.to_owned());
        self.out.push(Checked::Def(DefExpr {
            meta: "command",
            name: name.to_owned(),
            info,
            doc,
            ifcond,
            features: Vec::new(),
            spec: DefSpec::Command {
                data: (!members.is_empty()).then_some(Data::Members(members)),
                returns: None,
                gen: true,
                success_response: true,
                boxed: false,
                allow_oob: false,
                allow_preconfig: false,
                coroutine: false,
            },
        }));
    }

    fn events(&mut self, doc: &EventsDoc) -> Result<()> {
        for ev in &doc.events {
            if let Some(data) = &ev.data {
                check_member_types(data)?;
            }
            let Some(first) = ev.names.first() else {
                continue;
            };
            if ev.names.iter().all(|n| self.defined.contains(n)) {
                continue;
            }
            let members = match &ev.data {
                Some(ms) => {
                    let mut out = Vec::new();
                    for m in ms {
                        let ty = self.event_member_type(first, ev, m, &[m.name.as_str()]);
                        out.push(MemberSpec {
                            name: m.name.clone(),
                            optional: m.optional,
                            ty,
                            ifcond: None,
                            features: Vec::new(),
                        });
                    }
                    out
                }
                None => Vec::new(),
            };
            for name in &ev.names {
                if !self.defined.insert(name.clone()) {
                    continue;
                }
                let doc = self.event_doc(name, ev);
                self.out.push(Checked::Def(DefExpr {
                    meta: "event",
                    name: name.clone(),
                    info: def_info(&ev.span, "event", name),
                    doc: Some(doc),
                    ifcond: None,
                    features: Vec::new(),
                    spec: DefSpec::Event {
                        data: (!members.is_empty()).then(|| Data::Members(members.clone())),
                        boxed: false,
                    },
                }));
            }
        }
        Ok(())
    }

    /// The QAPI type of an event member documented as `(json-TYPE)`:
    ///
    /// * `json-string` is `str`, or an enum when the docs enumerate its
    ///   values; `json-int` is `int`; `json-bool` is `bool`; `json-value`
    ///   is `any`;
    /// * `json-object` is a struct of the members listed under it, or
    ///   `any` when none are; `json-array` is `any`
    ///   (`json-array of json-T` is an array of T);
    /// * `json-number` is `number`, except when the event's examples show
    ///   the member and every one shows an integer: then `int`.  The docs of
    ///   the era wrote `json-number` for C integer quantities too (QEMU
    ///   emitted `BALLOON_CHANGE`'s `actual` with `%" PRId64 "`, and the
    ///   QAPI definition that replaced the text in QEMU 1.7 says
    ///   `'actual': 'int'`).  A true `number` member would show a
    ///   fraction somewhere, and `int` values are valid JSON numbers, so
    ///   clients reading `int` lose nothing the docs promised.
    fn event_member_type(
        &mut self,
        event: &str,
        ev: &EventDef,
        m: &EvMember,
        path: &[&str],
    ) -> TypeRef {
        let stem = format!("{}{}", camel(event), camel(&m.name));
        match &m.json_type {
            JsonType::String
                if !m.values.is_empty() && m.values.iter().all(|v| valid_value(&v.name)) =>
            {
                let name = self.fresh_name(stem);
                let info = def_info(&m.span, "enum", &name);
                let mut sections = vec![section(
                    info.clone(),
                    SectionKind::Plain,
                    None,
                    m.description.clone(),
                )];
                let mut values = Vec::new();
                for v in &m.values {
                    if values.iter().any(|x: &EnumValueSpec| x.name == v.name) {
                        continue;
                    }
                    values.push(EnumValueSpec {
                        name: v.name.clone(),
                        ifcond: None,
                        features: Vec::new(),
                    });
                    if let Some(d) = &v.description {
                        sections.push(section(
                            info.clone(),
                            SectionKind::Member,
                            Some(v.name.clone()),
                            d.clone(),
                        ));
                    }
                }
                let doc = self.push_doc(Doc {
                    info: info.clone(),
                    symbol: Some(name.clone()),
                    sections,
                });
                self.out.push(Checked::Def(DefExpr {
                    meta: "enum",
                    name: name.clone(),
                    info,
                    doc: Some(doc),
                    ifcond: None,
                    features: Vec::new(),
                    spec: DefSpec::Enum {
                        values,
                        prefix: None,
                    },
                }));
                TypeRef::Name(name)
            }
            JsonType::Object if !m.members.is_empty() => {
                let name = self.fresh_name(stem);
                let info = def_info(&m.span, "struct", &name);
                let mut specs = Vec::new();
                let mut sections = vec![section(
                    info.clone(),
                    SectionKind::Plain,
                    None,
                    m.description.clone(),
                )];
                for sub in &m.members {
                    let mut p = path.to_vec();
                    p.push(&sub.name);
                    let ty = self.event_member_type(event, ev, sub, &p);
                    specs.push(MemberSpec {
                        name: sub.name.clone(),
                        optional: sub.optional,
                        ty,
                        ifcond: None,
                        features: Vec::new(),
                    });
                    sections.push(section(
                        span_info(&sub.span),
                        SectionKind::Member,
                        Some(sub.name.clone()),
                        sub.description.clone(),
                    ));
                }
                let doc = self.push_doc(Doc {
                    info: info.clone(),
                    symbol: Some(name.clone()),
                    sections,
                });
                self.out.push(Checked::Def(DefExpr {
                    meta: "struct",
                    name: name.clone(),
                    info,
                    doc: Some(doc),
                    ifcond: None,
                    features: Vec::new(),
                    spec: DefSpec::Struct {
                        base: None,
                        data: Data::Members(specs),
                    },
                }));
                TypeRef::Name(name)
            }
            JsonType::Number if examples_show_integer(&ev.examples, path) => {
                TypeRef::Name("int".into())
            }
            t => json_type_ref(t).unwrap_or_else(|| TypeRef::Name("any".into())),
        }
    }

    fn event_doc(&mut self, name: &str, ev: &EventDef) -> usize {
        let info = span_info(&ev.span);
        let body = ev
            .description
            .iter()
            .map(|p| p.lines.join("\n"))
            .collect::<Vec<_>>()
            .join("\n\n");
        let mut sections = vec![section(info.clone(), SectionKind::Plain, None, body)];
        for m in ev.data.iter().flatten() {
            sections.push(section(
                span_info(&m.span),
                SectionKind::Member,
                Some(m.name.clone()),
                m.description.clone(),
            ));
        }
        if !ev.examples.is_empty() {
            let text = ev
                .examples
                .iter()
                .map(|e| e.text.clone())
                .collect::<Vec<_>>()
                .join("\n\n");
            sections.push(section(
                span_info(&ev.examples[0].span),
                SectionKind::Example,
                None,
                text,
            ));
        }
        for n in &ev.notes {
            sections.push(section(
                span_info(&n.span),
                SectionKind::Note,
                None,
                n.lines.join("\n"),
            ));
        }
        self.push_doc(Doc {
            info,
            symbol: Some(name.to_owned()),
            sections,
        })
    }
}

/// A `Data:` item with no type is an error (the reader records it as
/// `json-` with nothing after; normally it already rejects it).
fn check_member_types(ms: &[EvMember]) -> Result<()> {
    for m in ms {
        if m.json_type.as_str().trim() == "json-" || m.json_type.as_str().is_empty() {
            return Err(legacy_error(&LegacyError::MemberWithoutType {
                span: m.span.clone(),
                name: m.name.clone(),
            }));
        }
        check_member_types(&m.members)?;
    }
    Ok(())
}

// ---- examples ----

/// Whether `v` fits type `ty`; the reason when it does not.
pub fn fits(
    schema: &Schema,
    ty: EntityId,
    v: &Json,
    path: &str,
) -> std::result::Result<(), String> {
    let e = schema.entity(ty);
    let at = |what: String| {
        if path.is_empty() {
            what
        } else {
            format!("{path}: {what}")
        }
    };
    match &e.kind {
        EntityKind::Builtin { json_type } => {
            let ok = match e.name.as_str() {
                "any" => true,
                "null" => v.is_null(),
                "str" => v.is_string(),
                "bool" => v.is_boolean(),
                "number" => v.is_number(),
                "QType" => v.is_string(),
                "int" | "int64" => v.is_i64(),
                n if n.starts_with("uint") || n == "size" => v.is_u64(),
                n if n.starts_with("int") => v.is_i64(),
                _ => *json_type == "value",
            };
            if ok {
                Ok(())
            } else {
                Err(at(format!("expected {}, got {v}", e.name)))
            }
        }
        EntityKind::Enum { members, .. } => match v.as_str() {
            Some(s) if members.iter().any(|m| m.name == s) => Ok(()),
            _ => Err(at(format!("{v} is not a value of enum {}", e.name))),
        },
        EntityKind::Array { element, .. } => match v.as_array() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    fits(schema, *element, item, &format!("{path}[{i}]"))?;
                }
                Ok(())
            }
            None => Err(at(format!("expected an array, got {v}"))),
        },
        EntityKind::Alternate { variants } => {
            if variants.iter().any(|b| fits(schema, b.ty, v, path).is_ok()) {
                Ok(())
            } else {
                Err(at(format!("{v} fits no branch of alternate {}", e.name)))
            }
        }
        EntityKind::Object {
            members, branches, ..
        } => {
            let Some(obj) = v.as_object() else {
                return Err(at(format!("expected an object ({}), got {v}", e.name)));
            };
            let mut all: Vec<&crate::model::Member> = members.iter().collect();
            if let Some(b) = branches {
                if let Some(tag) = obj.get(&b.tag).and_then(Json::as_str) {
                    if let Some(var) = b.variants.iter().find(|x| x.name == tag) {
                        if let EntityKind::Object { members: vm, .. } = &schema.entity(var.ty).kind
                        {
                            all.extend(vm.iter());
                        }
                    }
                }
            }
            for m in &all {
                if !m.optional && !obj.contains_key(&m.name) {
                    return Err(at(format!("missing member '{}'", m.name)));
                }
            }
            for (k, x) in obj {
                let Some(m) = all.iter().find(|m| &m.name == k) else {
                    return Err(at(format!("unexpected member '{k}'")));
                };
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                fits(schema, m.ty, x, &p)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn misfit(ex: &Example, why: String) -> Error {
    Error::new(
        Kind::Doc,
        span_info(&ex.span),
        format!("example does not fit the schema: {why}"),
    )
}

fn check_event(schema: &Schema, v: &Json) -> std::result::Result<(), String> {
    let name = v
        .get("event")
        .and_then(Json::as_str)
        .ok_or("no \"event\" member")?;
    let e = schema
        .lookup(name)
        .filter(|e| matches!(e.kind, EntityKind::Event { .. }))
        .ok_or_else(|| format!("event '{name}' is not defined"))?;
    let EntityKind::Event { arg_type, .. } = &e.kind else {
        unreachable!()
    };
    let data = v.get("data");
    match (arg_type, data) {
        (Some(t), Some(d)) => fits(schema, *t, d, "data"),
        (Some(t), None) => fits(schema, *t, &Json::Object(Default::default()), "data"),
        (None, Some(d)) if d.as_object().is_some_and(|o| !o.is_empty()) => {
            Err(format!("event '{name}' has no data, the example shows {d}"))
        }
        _ => Ok(()),
    }
}

/// Checks every example of a bundle's docs against the model; returns a
/// warning for each one that does not fit.
pub fn check_examples(schema: &Schema, bundle: &Bundle) -> Vec<Error> {
    let mut out = Vec::new();
    if let Some(table) = &bundle.table {
        let docs = table
            .commands
            .iter()
            .filter_map(|c| c.doc.as_ref())
            .chain(&table.unlinked);
        let accepts_unknown: HashSet<&str> = table
            .commands
            .iter()
            .filter(|c| c.args.accepts_unknown_args())
            .map(|c| c.name.as_str())
            .collect();
        for d in docs {
            let mut last: Option<&str> = None;
            for ex in &d.examples {
                let r = match &ex.json {
                    Err(e) => Err(format!("not JSON ({e})")),
                    Ok(v) => match ex.direction {
                        Direction::ToServer => {
                            let r = check_request(schema, v, &accepts_unknown);
                            last = v.get("execute").and_then(Json::as_str);
                            r
                        }
                        _ => check_reply(schema, v, last),
                    },
                };
                if let Err(why) = r {
                    out.push(misfit(ex, why));
                }
            }
        }
    }
    if let Some(ev) = &bundle.events {
        for e in &ev.events {
            for ex in &e.examples {
                let r = match &ex.json {
                    Err(err) => Err(format!("not JSON ({err})")),
                    Ok(v) => check_event(schema, v),
                };
                if let Err(why) = r {
                    out.push(misfit(ex, why));
                }
            }
        }
    }
    out
}

fn check_request(
    schema: &Schema,
    v: &Json,
    accepts_unknown: &HashSet<&str>,
) -> std::result::Result<(), String> {
    let name = v
        .get("execute")
        .and_then(Json::as_str)
        .ok_or("no \"execute\" member")?;
    let c = schema
        .commands()
        .find(|(e, _)| e.name == name)
        .map(|(_, c)| c)
        .ok_or_else(|| format!("command '{name}' is not defined"))?;
    let empty = Json::Object(Default::default());
    let args = v.get("arguments").unwrap_or(&empty);
    match c.arg_type {
        Some(t) if accepts_unknown.contains(name) => {
            // `O` arguments: any extra member is accepted.
            let EntityKind::Object { members, .. } = &schema.entity(t).kind else {
                return Ok(());
            };
            let obj = args.as_object().ok_or("arguments: not an object")?;
            for m in members {
                match obj.get(&m.name) {
                    Some(x) => fits(schema, m.ty, x, &format!("arguments.{}", m.name))?,
                    None if !m.optional => {
                        return Err(format!("arguments: missing member '{}'", m.name))
                    }
                    None => {}
                }
            }
            Ok(())
        }
        Some(t) => fits(schema, t, args, "arguments"),
        None if accepts_unknown.contains(name) => Ok(()),
        None => match args.as_object() {
            Some(o) if o.is_empty() => Ok(()),
            _ => Err(format!("command '{name}' takes no arguments, got {args}")),
        },
    }
}

fn check_reply(schema: &Schema, v: &Json, last: Option<&str>) -> std::result::Result<(), String> {
    if v.get("event").is_some() {
        return check_event(schema, v);
    }
    if v.get("error").is_some() || v.get("QMP").is_some() {
        return Ok(());
    }
    let Some(ret) = v.get("return") else {
        return Err("a reply with neither \"return\", \"error\" nor \"event\"".into());
    };
    let Some(name) = last else {
        return Ok(());
    };
    let Some((_, c)) = schema.commands().find(|(e, _)| e.name == name) else {
        return Ok(());
    };
    // Commands only in the .hx have no return type: nothing to check.
    match c.ret_type {
        Some(t) => fits(schema, t, ret, "return"),
        None => Ok(()),
    }
}
