//! The definitions of a legacy bundle, made for the schema builder:
//!
//! * a command described in the 2012 `qapi-schema.json` keeps its
//!   definition (and docs) from there;
//! * a command only in the `.hx` takes its argument types from its
//!   `args_type` (implicit argument type `q_obj_NAME-arg`, as QAPI makes
//!   them); its return type is unknown, so it has none; its doc comes from
//!   its `SQMP` block;
//! * an `SQMP` block that documents a command with no dispatch entry in the
//!   file (0.14/0.15 documented their `query-*` commands there while
//!   dispatching them from monitor.c) defines that command with the
//!   argument types its `Arguments:` list gives;
//! * events from `qmp-events.txt` become event definitions with typed
//!   members (see `Merge::event_member_type`) and docs.

use std::collections::HashSet;
use std::sync::Arc;

use super::error::LegacyError;
use super::error::{legacy_error, span_info};
use super::events_txt::{EventDef, EventsDoc, JsonType, Member as EvMember};
use super::example::Example;
use super::hx::{CommandDoc, CommandTable, HxFile, HxItem};
use super::span::Span;
use crate::doc::{Doc, Section, SectionKind, StyleRules};
use crate::error::Result;
use crate::expr::def::{Checked, Data, DefExpr, DefSpec, EnumValueSpec, MemberSpec, TypeRef};
use crate::ifcond::IfCond;
use crate::source::{Defn, Info};
use crate::syntax::Parsed;

/// `checked` (the definitions of the bundle's `qapi-schema.json`) with
/// those of its `.hx` (`hx` and its dispatch `table`) and `events` added;
/// their docs are pushed to `parsed`'s, and so are warnings.  `style`
/// says how an undocumented dispatch entry is reported (see
/// [`Merge::style`]).
pub(super) fn definitions(
    checked: Vec<Checked>,
    parsed: &mut Parsed,
    style: StyleRules,
    hx: Option<(&HxFile, &CommandTable)>,
    events: Option<&EventsDoc>,
) -> Result<Vec<Checked>> {
    let mut m = Merge {
        style,
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
    if let Some((hx, table)) = hx {
        m.commands(hx, table)?;
    }
    if let Some(ev) = events {
        m.events(ev)?;
    }
    Ok(m.out)
}

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
