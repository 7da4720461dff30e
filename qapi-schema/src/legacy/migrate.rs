//! Migration: a schema read from a legacy bundle (or any historical
//! schema) written out in today's QAPI language, with doc comments.
//!
//! Every command, event, type, member and doc text is kept.  Doc text is
//! reflowed to today's rules (lines of at most 70 columns including the
//! `# `, two spaces between sentences); `Example:` sections become
//! `.. qmp-example::` blocks and `Note:` sections `.. note::` directives
//! (today's parser rejects the old tags); the 2012 `#optional` markers are
//! dropped (the `*` of the member says it).  A `Returns:` section of a
//! command that returns nothing (the 2012 docs listed the errors there)
//! becomes an `Errors:` section.  Pragmas list the names that predate
//! today's naming rules and the definitions whose members the old docs
//! left undocumented, so that `qapi-gen check` accepts the result.
//! Implicit wrapper types of simple unions get names
//! (`q_obj_T-wrapper` → `TWrapper`).

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::doc::{Doc, SectionKind};
use crate::ifcond::IfCond;
use crate::model::{Entity, EntityId, EntityKind, Member, Schema};

const WIDTH: usize = 68; // 70 columns minus "# "

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The name an entity gets in the migrated schema.
fn type_name(schema: &Schema, id: EntityId) -> String {
    let e = schema.entity(id);
    match &e.kind {
        EntityKind::Array { element, .. } => format!("[{}]", type_name(schema, *element)),
        // `'**'` (any extra arguments) and `'visitor'` (2012) have no
        // spelling today; `any` accepts what they accepted.
        EntityKind::Builtin { .. } if matches!(e.name.as_str(), "**" | "visitor") => quote("any"),
        _ => quote(&plain_name(&e.name)),
    }
}

fn plain_name(name: &str) -> String {
    // q_obj_T-wrapper (simple union branches), q_obj_T-member (nested
    // anonymous structs of the historical dialect).
    match name.strip_prefix("q_obj_").and_then(|r| r.rsplit_once('-')) {
        Some((t, role)) if !matches!(role, "arg" | "base") => {
            let camel = super::definitions::camel_keep;
            format!("{}{}", camel(t), camel(role))
        }
        _ => name.to_owned(),
    }
}

fn ifcond(c: &IfCond) -> String {
    match c {
        IfCond::Name(n) => quote(n),
        IfCond::Not(c) => format!("{{ 'not': {} }}", ifcond(c)),
        IfCond::All(cs) => format!(
            "{{ 'all': [ {} ] }}",
            cs.iter().map(ifcond).collect::<Vec<_>>().join(", ")
        ),
        IfCond::Any(cs) => format!(
            "{{ 'any': [ {} ] }}",
            cs.iter().map(ifcond).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn members(schema: &Schema, ms: &[Member]) -> String {
    let items: Vec<String> = ms
        .iter()
        .map(|m| {
            let name = if m.optional {
                format!("*{}", m.name)
            } else {
                m.name.clone()
            };
            let ty = type_name(schema, m.ty);
            match &m.ifcond {
                Some(c) => format!("{}: {{ 'type': {ty}, 'if': {} }}", quote(&name), ifcond(c)),
                None => format!("{}: {ty}", quote(&name)),
            }
        })
        .collect();
    format!("{{ {} }}", items.join(", "))
}

/// `'data'` of a command or event: inline members for implicit types.
fn data(schema: &Schema, arg: Option<EntityId>) -> Option<String> {
    let t = arg?;
    let e = schema.entity(t);
    match &e.kind {
        EntityKind::Object { members: ms, .. } if e.is_implicit() => Some(members(schema, ms)),
        _ => Some(type_name(schema, t)),
    }
}

/// Words reflowed into lines of at most `first` (first line) and `rest`
/// columns; two spaces after a sentence's end.  A line never starts with
/// something today's parser would take for a tag.
fn fill(text: &str, first: usize, rest: usize) -> Vec<String> {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| *w != "#optional")
        .collect();
    let mut lines: Vec<Vec<&str>> = vec![Vec::new()];
    let len = |ws: &[&str]| -> usize {
        let mut n = 0;
        for (i, w) in ws.iter().enumerate() {
            if i > 0 {
                n += if sentence_end(ws[i - 1], w) { 2 } else { 1 };
            }
            n += w.chars().count();
        }
        n
    };
    for w in words {
        let width = if lines.len() == 1 { first } else { rest };
        let cur = lines.last().expect("one line");
        let mut with = cur.clone();
        with.push(w);
        if cur.is_empty() || len(&with) <= width {
            *lines.last_mut().expect("one line") = with;
            continue;
        }
        let mut next = vec![w];
        let cur = lines.last_mut().expect("one line");
        if risky(w) && cur.len() > 1 {
            next.insert(0, cur.pop().expect("non-empty"));
        }
        lines.push(next);
    }
    lines
        .iter()
        .filter(|l| !l.is_empty())
        .map(|ws| {
            let mut s = String::new();
            for (i, w) in ws.iter().enumerate() {
                if i > 0 {
                    s.push_str(if sentence_end(ws[i - 1], w) {
                        "  "
                    } else {
                        " "
                    });
                }
                s.push_str(w);
            }
            s
        })
        .collect()
}

fn sentence_end(prev: &str, next: &str) -> bool {
    prev.ends_with(['.', '!', '?'])
        && next
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '(')
}

/// Would start a tag, a member description or a directive.
fn risky(w: &str) -> bool {
    w.starts_with('@')
        || w.starts_with("..")
        || w == "::"
        || [
            "Returns:",
            "Errors:",
            "Since:",
            "Notes:",
            "Note:",
            "Examples:",
            "Example:",
            "TODO:",
            "Features:",
        ]
        .iter()
        .any(|t| w.starts_with(t))
}

/// A text's paragraphs (blank-line separated) and list items, each
/// reflowed; `indent` spaces before every line but the first.
fn reflow(text: &str, head: &str, indent: usize) -> Vec<String> {
    let mut out = Vec::new();
    let pad = " ".repeat(indent);
    let mut first = true;
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        // List items start new blocks.
        let mut items: Vec<String> = Vec::new();
        for line in para.lines() {
            let t = line.trim();
            let starts_item = t.starts_with("- ") || t.starts_with("* ");
            match items.last_mut() {
                Some(last) if !starts_item => {
                    last.push(' ');
                    last.push_str(t);
                }
                _ => items.push(t.to_owned()),
            }
        }
        if !first {
            out.push(String::new());
        }
        for item in items {
            let (lead, body) = if first {
                (head.to_owned(), item.as_str())
            } else {
                (pad.clone(), item.as_str())
            };
            let hang = if body.starts_with("- ") || body.starts_with("* ") {
                2
            } else {
                0
            };
            let w0 = WIDTH.saturating_sub(lead.chars().count()).max(20);
            let w = WIDTH.saturating_sub(indent + hang).max(20);
            for (i, l) in fill(body, w0, w).into_iter().enumerate() {
                if i == 0 {
                    out.push(format!("{lead}{l}"));
                } else {
                    out.push(format!("{pad}{}{l}", " ".repeat(hang)));
                }
            }
            first = false;
        }
    }
    if out.is_empty() && !head.is_empty() {
        out.push(head.trim_end().to_owned());
    }
    out
}

fn literal(text: &str, indent: usize) -> Vec<String> {
    let pad = " ".repeat(indent);
    text.lines()
        .map(|l| {
            if l.trim().is_empty() {
                String::new()
            } else {
                format!("{pad}{}", l.trim_end())
            }
        })
        .collect()
}

fn doc_comment(
    schema: &Schema,
    e: &Entity,
    doc: Option<&Doc>,
    member_names: &[String],
    undocumented: &mut BTreeSet<String>,
) -> String {
    let mut lines: Vec<String> = vec![format!("@{}:", plain_name(&e.name))];
    let returns_type = matches!(&e.kind, EntityKind::Command(c) if c.ret_name.is_some());
    if let Some(d) = doc {
        if !d.body().text.trim().is_empty() {
            lines.push(String::new());
            lines.extend(reflow(&d.body().text, "", 0));
        }
    }
    for n in member_names {
        let text = doc.and_then(|d| d.arg(n)).map(|s| s.text.as_str());
        match text.filter(|t| !t.trim().is_empty() && t.trim() != "#optional") {
            Some(t) => {
                lines.push(String::new());
                lines.extend(reflow(t, &format!("@{n}: "), 4));
            }
            None => {
                undocumented.insert(plain_name(&e.name));
            }
        }
    }
    if let Some(d) = doc {
        // Untagged paragraphs first (they may not follow tagged sections),
        // then the tagged ones.
        let mut plain = Vec::new();
        let mut tagged = Vec::new();
        for s in d.other_sections() {
            match s.kind {
                SectionKind::Plain => plain.extend(reflow(&s.text, "", 0)),
                SectionKind::Note => {
                    plain.push(".. note::".into());
                    plain.push(String::new());
                    plain.extend(reflow(&s.text, "   ", 3));
                }
                SectionKind::Example => {
                    plain.push(".. qmp-example::".into());
                    plain.push(String::new());
                    plain.extend(literal(&s.text, 4));
                }
                SectionKind::Returns if returns_type => {
                    tagged.push(reflow(&s.text, "Returns: ", 4))
                }
                SectionKind::Returns | SectionKind::Errors => {
                    tagged.push(reflow(&s.text, "Errors: ", 4))
                }
                SectionKind::Since => tagged.push(reflow(&s.text, "Since: ", 4)),
                SectionKind::Todo => tagged.push(reflow(&s.text, "TODO: ", 4)),
                SectionKind::Member | SectionKind::Feature => {}
            }
            if !plain.is_empty() && plain.last().is_some_and(|l| !l.is_empty()) {
                plain.push(String::new());
            }
        }
        while plain.last().is_some_and(String::is_empty) {
            plain.pop();
        }
        if !plain.is_empty() {
            lines.push(String::new());
            lines.extend(plain);
        }
        // At most one section of each tag.
        let mut seen = BTreeSet::new();
        for t in tagged {
            let tag = t[0].split(':').next().unwrap_or_default().to_owned();
            if !seen.insert(tag) {
                lines.push(String::new());
                lines.extend(
                    t.into_iter()
                        .map(|l| l.split_once(": ").map(|(_, r)| r.to_owned()).unwrap_or(l)),
                );
                continue;
            }
            lines.push(String::new());
            lines.extend(t);
        }
    }
    let _ = schema;
    let mut out = String::from("##\n");
    for l in lines {
        if l.is_empty() {
            out.push_str("#\n");
        } else {
            let _ = writeln!(out, "# {}", l.trim_end());
        }
    }
    out.push_str("##\n");
    out
}

fn member_list(schema: &Schema, arg: Option<EntityId>) -> Vec<String> {
    let Some(t) = arg else { return Vec::new() };
    let e = schema.entity(t);
    match &e.kind {
        EntityKind::Object { members, .. } if e.is_implicit() => {
            members.iter().map(|m| m.name.clone()).collect()
        }
        _ => Vec::new(),
    }
}

fn needs_name_exception(n: &str) -> bool {
    n.chars().any(|c| c.is_ascii_uppercase() || c == '_')
}

/// The schema in today's QAPI language, with doc comments.
pub fn migrate(schema: &Schema) -> String {
    let mut defs: Vec<String> = Vec::new();
    let mut command_names_ex = BTreeSet::new();
    let mut returns_ex = BTreeSet::new();
    let mut member_ex = BTreeSet::new();
    let mut undocumented = BTreeSet::new();

    // Types first, then commands in dispatch order, then events.
    let mut order: Vec<EntityId> = Vec::new();
    let types = schema
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.info.is_some() && e.is_type());
    for (id, e) in types {
        if matches!(e.kind, EntityKind::Array { .. }) {
            continue;
        }
        if e.is_implicit() && plain_name(&e.name) == e.name {
            continue;
        }
        order.push(id);
    }
    for n in &schema.dispatch_order {
        if let Some(id) = schema.lookup_id(n) {
            order.push(id);
        }
    }
    for (id, e) in schema.entities.iter().enumerate() {
        let cmd = matches!(e.kind, EntityKind::Command(_));
        if (cmd && !schema.dispatch_order.contains(&e.name))
            || matches!(e.kind, EntityKind::Event { .. })
        {
            order.push(id);
        }
    }

    for id in order {
        let e = schema.entity(id);
        let doc = schema.doc_of(e);
        let name = plain_name(&e.name);
        let mut expr = String::new();
        let member_names: Vec<String>;
        match &e.kind {
            EntityKind::Enum {
                members: vs,
                prefix,
            } => {
                let vals: Vec<String> = vs.iter().map(|v| quote(&v.name)).collect();
                if vs.iter().any(|v| needs_name_exception(&v.name)) {
                    member_ex.insert(name.clone());
                }
                let _ = write!(
                    expr,
                    "{{ 'enum': {},\n  'data': [ {} ]",
                    quote(&name),
                    vals.join(", ")
                );
                if let Some(p) = prefix {
                    let _ = write!(expr, ",\n  'prefix': {}", quote(p));
                }
                member_names = vs.iter().map(|v| v.name.clone()).collect();
            }
            EntityKind::Object {
                base,
                local_members,
                branches,
                ..
            } => match branches {
                None => {
                    let _ = write!(expr, "{{ 'struct': {}", quote(&name));
                    if let Some(b) = base {
                        let _ = write!(expr, ",\n  'base': {}", type_name(schema, *b));
                    }
                    let _ = write!(expr, ",\n  'data': {}", members(schema, local_members));
                    if local_members.iter().any(|m| needs_name_exception(&m.name)) {
                        member_ex.insert(name.clone());
                    }
                    member_names = local_members.iter().map(|m| m.name.clone()).collect();
                }
                Some(br) => {
                    let _ = write!(expr, "{{ 'union': {}", quote(&name));
                    let mut names = Vec::new();
                    if let Some(b) = base {
                        let be = schema.entity(*b);
                        match &be.kind {
                            EntityKind::Object { members: bm, .. } if be.is_implicit() => {
                                let _ = write!(expr, ",\n  'base': {}", members(schema, bm));
                                names.extend(bm.iter().map(|m| m.name.clone()));
                                if bm.iter().any(|m| needs_name_exception(&m.name)) {
                                    member_ex.insert(name.clone());
                                }
                            }
                            _ => {
                                let _ = write!(expr, ",\n  'base': {}", type_name(schema, *b));
                            }
                        }
                    }
                    let _ = write!(expr, ",\n  'discriminator': {}", quote(&br.tag));
                    let vs: Vec<String> = br
                        .variants
                        .iter()
                        .map(|v| format!("{}: {}", quote(&v.name), type_name(schema, v.ty)))
                        .collect();
                    let _ = write!(expr, ",\n  'data': {{ {} }}", vs.join(", "));
                    member_names = names;
                }
            },
            EntityKind::Alternate { variants } => {
                let vs: Vec<String> = variants
                    .iter()
                    .map(|v| format!("{}: {}", quote(&v.name), type_name(schema, v.ty)))
                    .collect();
                let _ = write!(
                    expr,
                    "{{ 'alternate': {},\n  'data': {{ {} }}",
                    quote(&name),
                    vs.join(", ")
                );
                member_names = variants.iter().map(|v| v.name.clone()).collect();
            }
            EntityKind::Command(c) => {
                let _ = write!(expr, "{{ 'command': {}", quote(&name));
                if let Some(d) = data(schema, c.arg_type) {
                    let _ = write!(expr, ",\n  'data': {d}");
                }
                if let Some(r) = c.ret_type {
                    let _ = write!(expr, ",\n  'returns': {}", type_name(schema, r));
                    let re = schema.entity(r);
                    let object = match &re.kind {
                        EntityKind::Array { element, .. } => {
                            matches!(schema.entity(*element).kind, EntityKind::Object { .. })
                        }
                        EntityKind::Object { .. } => true,
                        _ => false,
                    };
                    if !object {
                        returns_ex.insert(name.clone());
                    }
                }
                if !c.gen {
                    expr.push_str(",\n  'gen': false");
                }
                if !c.success_response {
                    expr.push_str(",\n  'success-response': false");
                }
                if name.contains('_') {
                    command_names_ex.insert(name.clone());
                }
                member_names = member_list(schema, c.arg_type);
                if member_names.iter().any(|m| needs_name_exception(m)) {
                    member_ex.insert(name.clone());
                }
            }
            EntityKind::Event { arg_type, .. } => {
                let _ = write!(expr, "{{ 'event': {}", quote(&name));
                if let Some(d) = data(schema, *arg_type) {
                    let _ = write!(expr, ",\n  'data': {d}");
                }
                member_names = member_list(schema, *arg_type);
                if member_names.iter().any(|m| needs_name_exception(m)) {
                    member_ex.insert(name.clone());
                }
            }
            _ => continue,
        }
        if let Some(c) = &e.ifcond {
            let _ = write!(expr, ",\n  'if': {}", ifcond(c));
        }
        if !e.features.is_empty() {
            let fs: Vec<String> = e.features.iter().map(|f| quote(&f.name)).collect();
            let _ = write!(expr, ",\n  'features': [ {} ]", fs.join(", "));
        }
        expr.push_str(" }\n");
        let comment = doc_comment(schema, e, doc, &member_names, &mut undocumented);
        defs.push(format!("{comment}{expr}"));
    }

    let list = |s: &BTreeSet<String>| -> String {
        let v: Vec<String> = s.iter().map(|n| quote(n)).collect();
        format!("[ {} ]", v.join(",\n      "))
    };
    let mut out = String::from("# -*- Mode: Python -*-\n# vim: filetype=python\n\n");
    out.push_str("##\n# = QMP interface\n#\n# Migrated from a 2012 legacy bundle by qapi-gen migrate.\n##\n\n");
    let mut pragma = Vec::new();
    for (key, set) in [
        ("command-name-exceptions", &command_names_ex),
        ("command-returns-exceptions", &returns_ex),
        ("member-name-exceptions", &member_ex),
        ("documentation-exceptions", &undocumented),
    ] {
        if !set.is_empty() {
            pragma.push(format!("    '{key}': {}", list(set)));
        }
    }
    if !pragma.is_empty() {
        let _ = writeln!(out, "{{ 'pragma': {{\n{} }} }}\n", pragma.join(",\n"));
    }
    out.push_str(&defs.join("\n"));
    out
}
