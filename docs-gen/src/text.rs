//! Plain text in the layout of QEMU's 2012 `qmp-commands.txt` and
//! `qmp-events.txt`, written from today's doc comments: a title, then per
//! definition its name underlined, prose, `Arguments:` / `Data:` lists with
//! JSON types, and examples.

use std::fmt::Write;

use qapi_schema::doc::SectionKind;
use qapi_schema::{Entity, EntityKind, Schema};

use crate::rst::{chunks, Chunk};
use crate::view;

/// `qmp-commands.txt`: every command, then every type.
pub fn commands(schema: &Schema) -> String {
    let mut out = String::new();
    out.push_str("                        QMP Supported Commands\n");
    out.push_str("                        ----------------------\n\n");
    out.push_str(
        "This document describes all commands currently supported by QMP,\n\
         generated from the QAPI schema's documentation comments.\n\n\
         The following notation is used to denote data flow:\n\n\
         -> data issued by the Client\n\
         <- Server data response\n\n",
    );
    out.push_str("1. Commands\n===========\n\n");
    for e in view::shown(schema).filter(|e| e.meta() == "command") {
        definition(schema, e, "Arguments", &mut out);
    }
    out.push_str("2. Types\n========\n\n");
    for e in view::shown(schema).filter(|e| e.is_type()) {
        definition(schema, e, "Members", &mut out);
    }
    out
}

/// `qmp-events.txt`: every event.
pub fn events(schema: &Schema) -> String {
    let mut out = String::new();
    out.push_str("                   QEMU Monitor Protocol Events\n");
    out.push_str("                   ============================\n\n");
    for e in view::shown(schema).filter(|e| e.meta() == "event") {
        definition(schema, e, "Data", &mut out);
    }
    out
}

fn quote_refs(text: &str) -> String {
    view::map_refs(text, &|n| format!("\"{n}\""))
}

/// Prose and examples of a section, in text.
fn prose(text: &str, out: &mut String) {
    for b in chunks(text) {
        match b {
            Chunk::Para(p) => {
                let _ = writeln!(out, "{}\n", quote_refs(p.trim_end()));
            }
            Chunk::Literal(l) => {
                for line in l.lines() {
                    let _ = writeln!(out, "{}", format!("    {line}").trim_end());
                }
                out.push('\n');
            }
            Chunk::Example(x) => {
                match &x.title {
                    Some(t) => {
                        let _ = writeln!(out, "Example: {t}\n");
                    }
                    None => out.push_str("Example:\n\n"),
                }
                for line in &x.lines {
                    let _ = writeln!(out, "{}", line.trim_end());
                }
                out.push('\n');
            }
        }
    }
}

/// One list item: `- "name": description (type, optional)`.
fn item(name: &str, desc: Option<&str>, ty: Option<String>, optional: bool, out: &mut String) {
    let desc = desc
        .map(quote_refs)
        .unwrap_or_else(|| "not documented".into());
    let desc: Vec<&str> = desc.lines().map(str::trim).collect();
    let mut paren = ty.unwrap_or_default();
    if optional {
        paren.push_str(if paren.is_empty() {
            "optional"
        } else {
            ", optional"
        });
    }
    let _ = write!(out, "- \"{name}\": {}", desc.join("\n  "));
    if !paren.is_empty() {
        let _ = write!(out, " ({paren})");
    }
    out.push('\n');
}

fn definition(schema: &Schema, e: &Entity, list_title: &str, out: &mut String) {
    let _ = writeln!(out, "{}\n{}\n", e.name, "-".repeat(e.name.len()));
    let doc = schema.doc_of(e);
    if let Some(d) = doc {
        prose(&d.body().text, out);
    }
    let badges = view::Badges::of(schema, e);
    if badges.deprecated {
        out.push_str("Deprecated.\n\n");
    }
    if badges.unstable {
        out.push_str("Unstable.\n\n");
    }
    if let Some(c) = &badges.ifcond {
        let _ = writeln!(out, "Available if: {c}\n");
    }
    match &e.kind {
        EntityKind::Enum { .. } => {
            out.push_str("Values:\n\n");
            for (v, desc) in view::enum_values(schema, e) {
                item(&v.name, desc, None, false, out);
            }
            out.push('\n');
        }
        EntityKind::Alternate { .. } => {
            out.push_str("One of:\n\n");
            for (v, desc) in view::branches(schema, e) {
                item(
                    &v.name,
                    desc,
                    Some(view::json_type_text(schema, &v.type_name)),
                    false,
                    out,
                );
            }
            out.push('\n');
        }
        _ => {
            let ms = view::members(schema, e);
            if ms.is_empty() {
                if e.meta() != "struct" && e.meta() != "union" {
                    let _ = writeln!(out, "{list_title}: None.\n");
                }
            } else {
                let _ = writeln!(out, "{list_title}:\n");
                for m in &ms {
                    let ty = view::json_type_text(schema, &m.member.type_name);
                    item(
                        &m.member.name,
                        m.description,
                        Some(ty),
                        m.member.optional,
                        out,
                    );
                }
                out.push('\n');
            }
            if let EntityKind::Object {
                branches: Some(b), ..
            } = &e.kind
            {
                let _ = writeln!(out, "Branches, by \"{}\":\n", b.tag);
                for v in &b.variants {
                    let _ = writeln!(out, "- \"{}\": the members of {}", v.name, v.type_name);
                }
                out.push('\n');
            }
        }
    }
    let ret = match &e.kind {
        EntityKind::Command(c) => c
            .ret_name
            .as_deref()
            .map(|r| view::json_type_text(schema, r)),
        _ => None,
    };
    let Some(d) = doc else {
        if let Some(r) = ret {
            let _ = writeln!(out, "Returns: {r}\n");
        }
        return;
    };
    match (d.tagged(SectionKind::Returns), &ret) {
        (Some(s), Some(r)) => {
            let _ = writeln!(out, "Returns: {} ({r})\n", quote_refs(&s.text));
        }
        (None, Some(r)) => {
            let _ = writeln!(out, "Returns: {r}\n");
        }
        _ => {}
    }
    let features: Vec<_> = d.features().filter(|s| !s.stub).collect();
    if !features.is_empty() {
        out.push_str("Features:\n\n");
        for f in features {
            item(
                f.name.as_deref().unwrap_or(""),
                Some(&f.text),
                None,
                false,
                out,
            );
        }
        out.push('\n');
    }
    for s in d.other_sections() {
        match s.kind {
            SectionKind::Plain => prose(&s.text, out),
            SectionKind::Returns if ret.is_some() => {}
            k => {
                let _ = writeln!(out, "{}: {}\n", k.title(), quote_refs(&s.text));
            }
        }
    }
}
