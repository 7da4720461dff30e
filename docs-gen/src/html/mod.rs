//! One self-contained HTML page: a navigation column by chapter with a
//! search box, then the chapters' titles and prose and, under them, per
//! definition a section with an anchor (the definition's name), badges,
//! prose with cross-links, members linked to their types, and highlighted
//! examples.

mod assets;
pub mod highlight;

use std::fmt::Write;

use qapi_schema::doc::SectionKind;
use qapi_schema::{Entity, EntityKind, Schema};

use crate::outline::{self, Chapter, Entry};
use crate::rst::{self, Block, Inline, ListKind};
use crate::view::{self, Badges};

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Renders the whole schema as one page.
pub fn render(schema: &Schema) -> String {
    let entries = outline::entries(schema);
    let mut out = String::with_capacity(1 << 20);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>QAPI reference</title>\n<style>");
    out.push_str(assets::CSS);
    out.push_str("</style>\n</head>\n<body>\n<nav>\n");
    out.push_str("<input id=\"search\" type=\"search\" placeholder=\"Search definitions\" aria-label=\"Search definitions\" autocomplete=\"off\">\n<ul id=\"index\">\n");
    for c in outline::chapters(&entries) {
        nav(&c, &mut out);
    }
    out.push_str("</ul>\n</nav>\n<main>\n<h1>QAPI reference</h1>\n");
    let mut level = 1;
    for e in &entries {
        match e {
            Entry::Title(t) => {
                let _ = writeln!(
                    out,
                    "<h{0} class=\"title\" id=\"{1}\">{2}</h{0}>",
                    t.level,
                    esc(&t.id),
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
    out.push_str("</main>\n<script>");
    out.push_str(assets::JS);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

/// A chapter of the navigation: its title, its definitions, its sections.
fn nav(c: &Chapter, out: &mut String) {
    let _ = writeln!(
        out,
        "<li class=\"group\"><a class=\"title\" href=\"#{}\">{}</a><ul>",
        esc(&c.title.id),
        inline_text(&c.title.text)
    );
    for e in &c.definitions {
        let _ = writeln!(
            out,
            "<li><a href=\"#{0}\" data-name=\"{0}\">{0}</a></li>",
            esc(&e.name)
        );
    }
    for s in &c.sections {
        nav(s, out);
    }
    out.push_str("</ul></li>\n");
}

fn link(schema: &Schema, name: &str) -> String {
    if view::has_section(schema, name) {
        format!("<a href=\"#{0}\"><code>{0}</code></a>", esc(name))
    } else {
        format!("<code>{}</code>", esc(name))
    }
}

fn type_link(schema: &Schema, type_name: &str) -> String {
    let r = view::type_ref(schema, type_name);
    match r.link {
        Some(l) if r.text.starts_with('[') => {
            format!("[<a href=\"#{0}\"><code>{0}</code></a>]", esc(&l))
        }
        Some(l) => format!("<a href=\"#{0}\"><code>{0}</code></a>", esc(&l)),
        None => format!("<code>{}</code>", esc(&r.text)),
    }
}

/// Inline markup: literals as code, references as links, roles as their
/// words, all escaped.
fn inline(schema: &Schema, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    for piece in rst::inline(text) {
        match piece {
            Inline::Text(t) => out.push_str(&esc(t)),
            Inline::Code(c) => {
                let _ = write!(out, "<code>{}</code>", esc(c));
            }
            Inline::Emph(t) | Inline::Cite(t) => {
                let _ = write!(out, "<em>{}</em>", esc(t));
            }
            Inline::Strong(t) => {
                let _ = write!(out, "<strong>{}</strong>", esc(t));
            }
            Inline::Ref(n) => out.push_str(&link(schema, n)),
            Inline::Index(ns) => {
                let _ = write!(
                    out,
                    "<a href=\"#index\">{} index</a>",
                    esc(&ns.to_uppercase())
                );
            }
            Inline::Link { text, url } => {
                let _ = write!(out, "<a href=\"{}\">{}</a>", esc(url), esc(text));
            }
        }
    }
    out
}

/// Inline markup as plain words (for the navigation, which holds links).
fn inline_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in rst::inline(text) {
        match piece {
            Inline::Text(t)
            | Inline::Code(t)
            | Inline::Emph(t)
            | Inline::Strong(t)
            | Inline::Ref(t)
            | Inline::Cite(t)
            | Inline::Link { text: t, .. } => out.push_str(&esc(t)),
            Inline::Index(ns) => {
                let _ = write!(out, "{} index", esc(&ns.to_uppercase()));
            }
        }
    }
    out
}

fn prose(schema: &Schema, text: &str, out: &mut String) {
    blocks(schema, &rst::parse(text).blocks, out);
}

/// A literal block: highlighted when it shows messages.
fn literal(text: &str) -> String {
    if text
        .lines()
        .any(|l| l.trim_start().starts_with("->") || l.trim_start().starts_with("<-"))
    {
        let lines: Vec<String> = text.lines().map(str::to_owned).collect();
        format!(
            "<pre class=\"example\">{}</pre>",
            highlight::example(&lines)
        )
    } else {
        format!("<pre>{}</pre>", esc(text))
    }
}

fn blocks(schema: &Schema, bs: &[Block], out: &mut String) {
    for b in bs {
        match b {
            Block::Title { level, text } => {
                let _ = writeln!(out, "<h{0}>{1}</h{0}>", level, inline(schema, text));
            }
            Block::Para(p) => {
                let _ = writeln!(out, "<p>{}</p>", inline(schema, p));
            }
            Block::List(l) => {
                let (tag, attrs) = match l.kind {
                    ListKind::Bullet => ("ul", String::new()),
                    ListKind::Numbers => ("ol", String::new()),
                    ListKind::Lower => ("ol", " type=\"a\"".to_owned()),
                    ListKind::Upper => ("ol", " type=\"A\"".to_owned()),
                };
                let start = if l.start > 1 {
                    format!(" start=\"{}\"", l.start)
                } else {
                    String::new()
                };
                let _ = writeln!(out, "<{tag}{attrs}{start}>");
                for item in &l.items {
                    out.push_str("<li>");
                    match item.as_slice() {
                        [Block::Para(p)] => out.push_str(&inline(schema, p)),
                        _ => blocks(schema, item, out),
                    }
                    out.push_str("</li>\n");
                }
                let _ = writeln!(out, "</{tag}>");
            }
            Block::Literal { caption, text } => {
                if let Some(c) = caption {
                    let _ = write!(out, "<p class=\"example-title\">{}</p>", inline(schema, c));
                }
                let _ = writeln!(out, "{}", literal(text));
            }
            Block::Example(x) => {
                let title = x.title.as_deref().unwrap_or("Example");
                let _ = writeln!(
                    out,
                    "<p class=\"example-title\">{}</p><pre class=\"example\">{}</pre>",
                    inline(schema, title),
                    highlight::example(&x.lines)
                );
            }
            Block::Admonition { title, body } => {
                let _ = writeln!(
                    out,
                    "<div class=\"admonition\"><p class=\"admonition-title\">{}</p>",
                    inline(schema, title)
                );
                blocks(schema, body, out);
                out.push_str("</div>\n");
            }
            Block::Quote(body) => {
                out.push_str("<blockquote>\n");
                blocks(schema, body, out);
                out.push_str("</blockquote>\n");
            }
            Block::Rule => out.push_str("<hr>\n"),
        }
    }
}

fn badges(b: &Badges) -> String {
    let mut s = String::new();
    if let Some(v) = &b.since {
        let _ = write!(s, "<span class=\"badge since\">since {}</span>", esc(v));
    }
    if b.deprecated {
        s.push_str("<span class=\"badge deprecated\">deprecated</span>");
    }
    if b.unstable {
        s.push_str("<span class=\"badge unstable\">unstable</span>");
    }
    if let Some(c) = &b.ifcond {
        let _ = write!(s, "<span class=\"badge cond\">if {}</span>", esc(c));
    }
    s
}

fn item(
    schema: &Schema,
    name: &str,
    ty: Option<String>,
    optional: bool,
    desc: Option<&str>,
    b: Badges,
) -> String {
    let mut s = format!("<dt>{}", esc(name));
    if let Some(t) = ty {
        let _ = write!(s, ": {t}");
    }
    if optional {
        s.push_str(" <span class=\"meta\">(optional)</span>");
    }
    s.push_str(&badges(&b));
    s.push_str("</dt><dd>");
    if let Some(d) = desc {
        match rst::parse(d).blocks.as_slice() {
            [Block::Para(p)] => s.push_str(&inline(schema, p)),
            bs => blocks(schema, bs, &mut s),
        }
    }
    s.push_str("</dd>\n");
    s
}

fn definition(schema: &Schema, e: &Entity, level: u8, out: &mut String) {
    let _ = writeln!(
        out,
        "<section class=\"def {1}\" id=\"{0}\"><h{3} class=\"name\"><a class=\"self\" href=\"#{0}\">{0}</a> <span class=\"meta\">{1}</span>{2}</h{3}>",
        esc(&e.name),
        e.meta(),
        badges(&Badges::of(schema, e)),
        level
    );
    // The headings inside a definition: members, returns, features.
    let h = (level + 1).min(6);
    let doc = schema.doc_of(e);
    if let Some(d) = doc {
        prose(schema, &d.body().text, out);
    }
    let title = view::members_title(e);
    let mut items = String::new();
    match &e.kind {
        EntityKind::Enum { .. } => {
            for (v, d) in view::enum_values(schema, e) {
                let b = Badges::features(&v.features, v.ifcond.as_ref());
                items += &item(schema, &v.name, None, false, d, b);
            }
        }
        EntityKind::Alternate { .. } => {
            for (v, d) in view::branches(schema, e) {
                let ty = Some(type_link(schema, &v.type_name));
                let b = Badges::features(&[], v.ifcond.as_ref());
                items += &item(schema, &v.name, ty, false, d, b);
            }
        }
        _ => {
            for m in view::members(schema, e) {
                let mb = m.member;
                let ty = Some(type_link(schema, &mb.type_name));
                let b = Badges::features(&mb.features, mb.ifcond.as_ref());
                items += &item(schema, &mb.name, ty, mb.optional, m.description, b);
            }
        }
    }
    if !items.is_empty() {
        let _ = writeln!(
            out,
            "<h{h}>{title}</h{h}>\n<dl class=\"members\">\n{items}</dl>"
        );
    }
    if let EntityKind::Object {
        branches: Some(br), ..
    } = &e.kind
    {
        let _ = writeln!(
            out,
            "<h{h}>Branches by <code>{}</code></h{h}>\n<dl class=\"members\">",
            esc(&br.tag)
        );
        for v in &br.variants {
            let _ = writeln!(
                out,
                "<dt>{}</dt><dd>the members of {}</dd>",
                esc(&v.name),
                type_link(schema, &v.type_name)
            );
        }
        out.push_str("</dl>\n");
    }
    if let EntityKind::Command(c) = &e.kind {
        if let Some(r) = &c.ret_name {
            let _ = writeln!(out, "<h{h}>Returns</h{h}><p>{}</p>", type_link(schema, r));
            if let Some(s) = doc.and_then(|d| d.tagged(SectionKind::Returns)) {
                prose(schema, &s.text, out);
            }
        }
    }
    if let Some(d) = doc {
        let features: String = d
            .features()
            .filter(|s| !s.stub)
            .map(|f| {
                let name = f.name.as_deref().unwrap_or("");
                item(schema, name, None, false, Some(&f.text), Badges::default())
            })
            .collect();
        if !features.is_empty() {
            let _ = writeln!(
                out,
                "<h{h}>Features</h{h}>\n<dl class=\"members\">\n{features}</dl>"
            );
        }
        for s in d.other_sections() {
            match s.kind {
                SectionKind::Plain => prose(schema, &s.text, out),
                SectionKind::Since => {}
                SectionKind::Returns if matches!(&e.kind, EntityKind::Command(c) if c.ret_name.is_some()) =>
                    {}
                k => {
                    let _ = writeln!(out, "<h{h}>{}</h{h}>", k.title());
                    prose(schema, &s.text, out);
                }
            }
        }
    }
    out.push_str("</section>\n");
}
