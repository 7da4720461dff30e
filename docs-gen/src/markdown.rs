//! One Markdown file: a table of contents by chapter, then the chapters'
//! titles and prose and, under them, per definition a heading with an
//! anchor, badges, prose with links, members, examples.

use std::fmt::Write;

use qapi_schema::doc::SectionKind;
use qapi_schema::{Entity, EntityKind, Schema};

use crate::outline::{self, Chapter, Entry};
use crate::rst::{self, Block, Inline, ListKind};
use crate::view::{self, Badges};

/// Renders the whole schema.
pub fn render(schema: &Schema) -> String {
    let mut out = String::from("# <a id=\"index\"></a>QAPI reference\n\n");
    let entries = outline::entries(schema);
    for c in outline::chapters(&entries) {
        contents(schema, &c, 0, &mut out);
    }
    out.push('\n');
    let mut level = 1;
    for e in &entries {
        match e {
            Entry::Title(t) => {
                let _ = writeln!(
                    out,
                    "{} <a id=\"{}\"></a>{}\n",
                    "#".repeat(t.level.into()),
                    t.id,
                    inline(schema, &t.text)
                );
                level = t.level;
            }
            Entry::Prose(b) => blocks(schema, b, &mut out),
            Entry::Definition(d) => {
                definition(schema, d, outline::definition_level(level), &mut out)
            }
        }
    }
    out
}

/// A chapter's line of the table of contents, and its sections'.
fn contents(schema: &Schema, c: &Chapter, depth: usize, out: &mut String) {
    let _ = write!(
        out,
        "{}- [{}](#{})",
        "  ".repeat(depth),
        inline(schema, &c.title.text),
        c.title.id
    );
    if !c.definitions.is_empty() {
        let links: Vec<String> = c
            .definitions
            .iter()
            .map(|e| format!("[`{0}`](#{0})", e.name))
            .collect();
        let _ = write!(out, ": {}", links.join(", "));
    }
    out.push('\n');
    for s in &c.sections {
        contents(schema, s, depth + 1, out);
    }
}

fn link(schema: &Schema, name: &str) -> String {
    if view::has_section(schema, name) {
        format!("[`{name}`](#{name})")
    } else {
        code(name)
    }
}

fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
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

/// Inline markup in Markdown: literals as code, references as links,
/// roles as their words.
fn inline(schema: &Schema, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for piece in rst::inline(text) {
        match piece {
            Inline::Text(t) => out.push_str(t),
            Inline::Code(c) => out.push_str(&code(c)),
            Inline::Emph(t) | Inline::Cite(t) => {
                let _ = write!(out, "*{t}*");
            }
            Inline::Strong(t) => {
                let _ = write!(out, "**{t}**");
            }
            Inline::Ref(n) => out.push_str(&link(schema, n)),
            Inline::Index(ns) => {
                let _ = write!(out, "[{} index](#index)", ns.to_uppercase());
            }
            Inline::Link { text, url } if text == url => {
                let _ = write!(out, "<{url}>");
            }
            Inline::Link { text, url } => {
                let _ = write!(out, "[{text}]({url})");
            }
        }
    }
    out
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
    blocks(schema, &rst::parse(text).blocks, out);
}

/// `text` with every line after the first indented by `prefix` (blank
/// lines by its trimmed end).
fn prefixed(text: &str, first: &str, prefix: &str, out: &mut String) {
    for (k, line) in text.trim_end().lines().enumerate() {
        let p = if k == 0 { first } else { prefix };
        if line.is_empty() {
            out.push_str(p.trim_end());
        } else {
            out.push_str(p);
            out.push_str(line);
        }
        out.push('\n');
    }
}

fn blocks(schema: &Schema, bs: &[Block], out: &mut String) {
    for b in bs {
        match b {
            Block::Title { level, text } => {
                let _ = writeln!(
                    out,
                    "{} {}\n",
                    "#".repeat((*level).into()),
                    inline(schema, text)
                );
            }
            Block::Para(p) => {
                let _ = writeln!(out, "{}\n", inline(schema, p));
            }
            Block::List(l) => {
                let tight = l
                    .items
                    .iter()
                    .all(|i| matches!(i.as_slice(), [Block::Para(_)]));
                for (k, item) in l.items.iter().enumerate() {
                    let marker = match l.kind {
                        ListKind::Bullet => "- ".to_owned(),
                        _ => format!("{}. ", l.start as usize + k),
                    };
                    let mut inner = String::new();
                    blocks(schema, item, &mut inner);
                    prefixed(&inner, &marker, &" ".repeat(marker.len()), out);
                    if !tight {
                        out.push('\n');
                    }
                }
                if tight {
                    out.push('\n');
                }
            }
            Block::Literal { caption, text } => {
                if let Some(c) = caption {
                    let _ = writeln!(out, "*{}*\n", inline(schema, c));
                }
                let _ = writeln!(out, "```\n{text}\n```\n");
            }
            Block::Example(x) => {
                let _ = writeln!(
                    out,
                    "*Example{}*\n",
                    x.title
                        .as_ref()
                        .map(|t| format!(": {t}"))
                        .unwrap_or_default()
                );
                let _ = writeln!(out, "```text\n{}\n```\n", x.lines.join("\n"));
            }
            Block::Admonition { title, body } => {
                let mut inner = format!("**{}**\n\n", inline(schema, title));
                blocks(schema, body, &mut inner);
                prefixed(&inner, "> ", "> ", out);
                out.push('\n');
            }
            Block::Quote(body) => {
                let mut inner = String::new();
                blocks(schema, body, &mut inner);
                prefixed(&inner, "> ", "> ", out);
                out.push('\n');
            }
            Block::Rule => out.push_str("* * *\n\n"),
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

fn definition(schema: &Schema, e: &Entity, level: u8, out: &mut String) {
    let _ = writeln!(
        out,
        "{2} <a id=\"{0}\"></a>`{0}` ({1})\n",
        e.name,
        e.meta(),
        "#".repeat(level.into())
    );
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
                    d.map(|d| inline(schema, d)).as_deref(),
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
                    d.map(|d| inline(schema, d)).as_deref(),
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
                    m.description.map(|d| inline(schema, d)).as_deref(),
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
                .map(|s| format!(": {}", inline(schema, &s.text)))
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
                Some(&inline(schema, &f.text)),
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
                let _ = writeln!(out, "**{}** {}\n", k.title(), inline(schema, &s.text));
            }
        }
    }
}
