//! One Markdown file: contents by module, then per definition a heading
//! with an anchor, badges, prose with links, members, examples.

use std::fmt::Write;

use qapi_schema::doc::SectionKind;
use qapi_schema::{Entity, EntityKind, Schema};

use crate::rst::{blocks, Block};
use crate::view::{self, Badges};

/// Renders the whole schema.
pub fn render(schema: &Schema) -> String {
    let mut out = String::from("# QAPI reference\n\n");
    let modules = modules(schema);
    for (m, defs) in &modules {
        let title = view::module_title(schema, *m);
        let _ = writeln!(out, "- **{title}**: {}", {
            let links: Vec<String> = defs
                .iter()
                .map(|e| format!("[`{0}`](#{0})", e.name))
                .collect();
            links.join(", ")
        });
    }
    out.push('\n');
    for (m, defs) in &modules {
        let _ = writeln!(out, "## {}\n", view::module_title(schema, *m));
        for e in defs {
            definition(schema, e, &mut out);
        }
    }
    out
}

/// Shown definitions grouped by module, modules in first-use order.
pub(crate) fn modules(schema: &Schema) -> Vec<(usize, Vec<&Entity>)> {
    let mut out: Vec<(usize, Vec<&Entity>)> = Vec::new();
    for e in view::shown(schema) {
        match out.iter_mut().find(|(m, _)| *m == e.module) {
            Some((_, v)) => v.push(e),
            None => out.push((e.module, vec![e])),
        }
    }
    out
}

fn link(schema: &Schema, name: &str) -> String {
    if view::has_section(schema, name) {
        format!("[`{name}`](#{name})")
    } else {
        format!("`{name}`")
    }
}

fn type_link(schema: &Schema, type_name: &str) -> String {
    let r = view::type_ref(schema, type_name);
    match r.link {
        Some(l) if r.text.starts_with('[') => format!("[[`{l}`](#{l})]"),
        Some(l) => format!("[`{l}`](#{l})"),
        None => format!("`{}`", r.text),
    }
}

fn refs(schema: &Schema, text: &str) -> String {
    view::map_refs(text, &|n| link(schema, n))
}

fn badges(b: &Badges) -> String {
    let mut v = Vec::new();
    if let Some(s) = &b.since {
        v.push(format!("*Since {s}*"));
    }
    if b.deprecated {
        v.push("**deprecated**".into());
    }
    if b.unstable {
        v.push("**unstable**".into());
    }
    if let Some(c) = &b.ifcond {
        v.push(format!("*if `{c}`*"));
    }
    v.join(" · ")
}

fn prose(schema: &Schema, text: &str, out: &mut String) {
    for b in blocks(text) {
        match b {
            Block::Para(p) => {
                let _ = writeln!(out, "{}\n", refs(schema, &p));
            }
            Block::Literal(l) => {
                let _ = writeln!(out, "```\n{l}\n```\n");
            }
            Block::Example(x) => {
                let _ = writeln!(
                    out,
                    "*Example{}*\n",
                    x.title.map(|t| format!(": {t}")).unwrap_or_default()
                );
                let _ = writeln!(out, "```text\n{}\n```\n", x.lines.join("\n"));
            }
        }
    }
}

fn item(name: &str, ty: Option<String>, optional: bool, desc: Option<&str>, b: Badges) -> String {
    let mut s = format!("- `{name}`");
    let mut paren: Vec<String> = ty.into_iter().collect();
    if optional {
        paren.push("optional".into());
    }
    if !paren.is_empty() {
        let _ = write!(s, " ({})", paren.join(", "));
    }
    let b = badges(&b);
    if !b.is_empty() {
        let _ = write!(s, " {b}");
    }
    if let Some(d) = desc {
        let d: Vec<&str> = d.lines().map(str::trim).collect();
        let _ = write!(s, ": {}", d.join("\n  "));
    }
    s.push('\n');
    s
}

fn definition(schema: &Schema, e: &Entity, out: &mut String) {
    let _ = writeln!(out, "### <a id=\"{0}\"></a>`{0}` ({1})\n", e.name, e.meta());
    let b = badges(&Badges::of(schema, e));
    if !b.is_empty() {
        let _ = writeln!(out, "{b}\n");
    }
    let doc = schema.doc_of(e);
    if let Some(d) = doc {
        prose(schema, &d.body().text, out);
    }
    let title = view::members_title(e);
    let mut items = String::new();
    match &e.kind {
        EntityKind::Enum { .. } => {
            for (v, d) in view::enum_values(schema, e) {
                items += &item(
                    &v.name,
                    None,
                    false,
                    d.map(|d| refs(schema, d)).as_deref(),
                    Badges::features(&v.features, v.ifcond.as_ref()),
                );
            }
        }
        EntityKind::Alternate { .. } => {
            for (v, d) in view::branches(schema, e) {
                let ty = Some(type_link(schema, &v.type_name));
                items += &item(
                    &v.name,
                    ty,
                    false,
                    d.map(|d| refs(schema, d)).as_deref(),
                    Badges::features(&[], v.ifcond.as_ref()),
                );
            }
        }
        _ => {
            for m in view::members(schema, e) {
                let mb = m.member;
                let ty = Some(type_link(schema, &mb.type_name));
                let bd = Badges::features(&mb.features, mb.ifcond.as_ref());
                items += &item(
                    &mb.name,
                    ty,
                    mb.optional,
                    m.description.map(|d| refs(schema, d)).as_deref(),
                    bd,
                );
            }
        }
    }
    if !items.is_empty() {
        let _ = writeln!(out, "**{title}**\n\n{items}");
    }
    if let EntityKind::Object {
        branches: Some(br), ..
    } = &e.kind
    {
        let _ = writeln!(out, "**Branches** (by `{}`)\n", br.tag);
        for v in &br.variants {
            let _ = writeln!(out, "- `{}`: {}", v.name, type_link(schema, &v.type_name));
        }
        out.push('\n');
    }
    if let EntityKind::Command(c) = &e.kind {
        if let Some(r) = &c.ret_name {
            let text = doc
                .and_then(|d| d.tagged(SectionKind::Returns))
                .map(|s| format!(": {}", refs(schema, &s.text)))
                .unwrap_or_default();
            let _ = writeln!(out, "**Returns** {}{text}\n", type_link(schema, r));
        }
    }
    let Some(d) = doc else { return };
    let features: Vec<_> = d.features().filter(|s| !s.stub).collect();
    if !features.is_empty() {
        out.push_str("**Features**\n\n");
        for f in features {
            let name = f.name.as_deref().unwrap_or("");
            out.push_str(&item(
                name,
                None,
                false,
                Some(&refs(schema, &f.text)),
                Badges::default(),
            ));
        }
        out.push('\n');
    }
    for s in d.other_sections() {
        match s.kind {
            SectionKind::Plain => prose(schema, &s.text, out),
            SectionKind::Since => {}
            SectionKind::Returns if matches!(&e.kind, EntityKind::Command(c) if c.ret_name.is_some()) =>
                {}
            k => {
                let _ = writeln!(out, "**{}** {}\n", k.title(), refs(schema, &s.text));
            }
        }
    }
}
