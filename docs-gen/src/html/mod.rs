//! One self-contained HTML page: a navigation column with a search box,
//! then per module and definition a section with an anchor (the
//! definition's name), badges, prose with cross-links, members linked to
//! their types, and highlighted examples.

mod assets;
pub mod highlight;

use std::fmt::Write;

use qapi_schema::doc::SectionKind;
use qapi_schema::{Entity, EntityKind, Schema};

use crate::rst::{blocks, Block};
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
    let modules = crate::markdown::modules(schema);
    let mut out = String::with_capacity(1 << 20);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>QAPI reference</title>\n<style>");
    out.push_str(assets::CSS);
    out.push_str("</style>\n</head>\n<body>\n<nav>\n");
    out.push_str("<input id=\"search\" type=\"search\" placeholder=\"Search definitions\" aria-label=\"Search definitions\" autocomplete=\"off\">\n<ul id=\"index\">\n");
    for (m, defs) in &modules {
        let _ = writeln!(
            out,
            "<li class=\"module\"><span>{}</span><ul>",
            esc(view::module_title(schema, *m))
        );
        for e in defs {
            let _ = writeln!(
                out,
                "<li><a href=\"#{0}\" data-name=\"{0}\">{0}</a></li>",
                esc(&e.name)
            );
        }
        out.push_str("</ul></li>\n");
    }
    out.push_str("</ul>\n</nav>\n<main>\n<h1>QAPI reference</h1>\n");
    for (m, defs) in &modules {
        let title = view::module_title(schema, *m);
        let _ = writeln!(
            out,
            "<section class=\"module\" id=\"module-{0}\"><h2>{0}</h2>",
            esc(title)
        );
        for d in free_docs(schema, *m) {
            prose(schema, d, &mut out);
        }
        for e in defs {
            definition(schema, e, &mut out);
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n<script>");
    out.push_str(assets::JS);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

/// Free-form doc comments of a module (chapter introductions).
fn free_docs(schema: &Schema, module: usize) -> Vec<&str> {
    let file = &schema.modules[module].name;
    schema
        .docs
        .iter()
        .filter(|d| d.symbol.is_none() && d.info.file.ends_with(file.as_str()))
        .map(|d| d.body().text.as_str())
        .collect()
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

/// Inline text: escaped, `@name` linked, ``literal`` as code.
fn inline(schema: &Schema, text: &str) -> String {
    let escaped = esc(text);
    let linked = view::map_refs(&escaped, &|n| link(schema, n));
    let mut out = String::with_capacity(linked.len());
    for (i, part) in linked.split("``").enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
            continue;
        }
        // `Name`: rST's default role, a cross-reference in QEMU's docs.
        let pieces: Vec<&str> = part.split('`').collect();
        for (j, p) in pieces.iter().enumerate() {
            let is_ref = j % 2 == 1 && j + 1 < pieces.len() && !p.contains(char::is_whitespace);
            match (is_ref, j % 2 == 1 && j + 1 < pieces.len()) {
                (true, _) => out.push_str(&link(schema, p)),
                (false, true) => {
                    let _ = write!(out, "`{p}`");
                }
                _ => out.push_str(p),
            }
        }
    }
    out
}

fn prose(schema: &Schema, text: &str, out: &mut String) {
    for b in blocks(text) {
        match b {
            Block::Para(p) => {
                let _ = writeln!(out, "<p>{}</p>", inline(schema, &p));
            }
            Block::Literal(l) => {
                let _ = writeln!(out, "<pre>{}</pre>", esc(&l));
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
        s.push_str(&inline(schema, d));
    }
    s.push_str("</dd>\n");
    s
}

fn definition(schema: &Schema, e: &Entity, out: &mut String) {
    let _ = writeln!(
        out,
        "<section class=\"def {1}\" id=\"{0}\"><h3><a class=\"self\" href=\"#{0}\">{0}</a> <span class=\"meta\">{1}</span>{2}</h3>",
        esc(&e.name),
        e.meta(),
        badges(&Badges::of(schema, e))
    );
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
            "<h4>{title}</h4>\n<dl class=\"members\">\n{items}</dl>"
        );
    }
    if let EntityKind::Object {
        branches: Some(br), ..
    } = &e.kind
    {
        let _ = writeln!(
            out,
            "<h4>Branches by <code>{}</code></h4>\n<dl class=\"members\">",
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
            let _ = writeln!(out, "<h4>Returns</h4><p>{}</p>", type_link(schema, r));
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
                "<h4>Features</h4>\n<dl class=\"members\">\n{features}</dl>"
            );
        }
        for s in d.other_sections() {
            match s.kind {
                SectionKind::Plain => prose(schema, &s.text, out),
                SectionKind::Since => {}
                SectionKind::Returns if matches!(&e.kind, EntityKind::Command(c) if c.ret_name.is_some()) =>
                    {}
                k => {
                    let _ = writeln!(out, "<h4>{}</h4>", k.title());
                    prose(schema, &s.text, out);
                }
            }
        }
    }
    out.push_str("</section>\n");
}
