//! Schema documentation → rustdoc: QAPI's reStructuredText becomes
//! Markdown that rustdoc renders without warnings and never mistakes for
//! doctests (literal blocks become ```` ```text ```` fences).

use proc_macro2::TokenStream;
use qapi_schema::doc::SectionKind;
use qapi_schema::{Entity, Schema};
use quote::quote;

/// The rustdoc text of a definition: body, then its other sections.
pub fn definition(schema: &Schema, e: &Entity) -> String {
    let Some(doc) = schema.doc_of(e) else {
        return render(&format!(
            "The {} `{}` (not documented in the schema).",
            e.meta(),
            e.name
        ));
    };
    let mut out = String::new();
    let body = doc.body().text.trim();
    out.push_str(if body.is_empty() { &e.name } else { body });
    let features: Vec<_> = doc.features().collect();
    for s in &doc.sections[1..] {
        let text = s.text.trim();
        let head = match s.kind {
            SectionKind::Member | SectionKind::Feature | SectionKind::Todo => continue,
            SectionKind::Returns => "Returns: ",
            SectionKind::Errors => "Errors: ",
            SectionKind::Since => "Since: ",
            SectionKind::Note => "Note: ",
            SectionKind::Example => "Example:\n\n",
            SectionKind::Plain => "",
        };
        if !text.is_empty() {
            out.push_str(&format!("\n\n{head}{text}"));
        }
    }
    if !features.is_empty() {
        out.push_str("\n\nFeatures:\n");
        for f in features {
            let name = f.name.as_deref().unwrap_or("");
            out.push_str(&format!("\n- @{name}: {}", f.text.trim()));
        }
    }
    render(&out)
}

/// Converts QAPI doc text to Markdown.
pub fn render(text: &str) -> String {
    let text = dedent_rest(text);
    let mut out = String::new();
    let mut code_indent: Option<usize> = None;
    let mut prev_blank = true;
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let blank = line.trim().is_empty();
        if let Some(ci) = code_indent {
            if blank || indent >= ci {
                out.push_str(line.get(ci..).unwrap_or("").trim_end());
                out.push('\n');
                continue;
            }
            trim_blank_tail(&mut out);
            out.push_str("```\n");
            code_indent = None;
        }
        if !blank && indent >= 4 && prev_blank {
            out.push_str("```text\n");
            out.push_str(line[indent..].trim_end());
            out.push('\n');
            code_indent = Some(indent);
            prev_blank = false;
            continue;
        }
        // Outside literal blocks, deep indentation means nothing in rST
        // but would start a code block in Markdown.
        let line = if indent >= 4 { line.trim_start() } else { line };
        out.push_str(&escape(line.trim_end()));
        out.push('\n');
        prev_blank = blank;
    }
    if code_indent.is_some() {
        trim_blank_tail(&mut out);
        out.push_str("```\n");
    }
    out.trim_end().to_string()
}

/// Removes the common indentation of the lines after the first (member
/// descriptions continue indented under their `@name:`).
fn dedent_rest(text: &str) -> String {
    let mut lines = text.lines();
    let Some(first) = lines.next() else {
        return String::new();
    };
    let rest: Vec<&str> = lines.collect();
    let min = rest
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = first.to_string();
    for l in rest {
        out.push('\n');
        out.push_str(l.get(min..).unwrap_or(""));
    }
    out
}

fn trim_blank_tail(out: &mut String) {
    while out.ends_with("\n\n") {
        out.pop();
    }
}

/// Escapes Markdown/HTML specials outside code, turns `@name` into code
/// and URLs into autolinks.
fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut rest = line;
    while let Some(ch) = rest.chars().next() {
        if !in_code && (rest.starts_with("http://") || rest.starts_with("https://")) {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '>' || c == ')')
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',']);
            out.push_str(&format!("<{url}>"));
            rest = &rest[url.len()..];
            continue;
        }
        match ch {
            '`' => in_code = !in_code,
            '@' if !in_code => {
                let end = rest[1..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || "-_.".contains(c)))
                    .map_or(rest.len(), |i| i + 1);
                let name = rest[1..end].trim_end_matches('.');
                if !name.is_empty() {
                    out.push_str(&format!("`{name}`"));
                    rest = &rest[1 + name.len()..];
                    continue;
                }
            }
            '[' | ']' | '<' | '>' | '*' | '_' | '#' | '|' if !in_code => out.push('\\'),
            _ => {}
        }
        out.push(ch);
        rest = &rest[ch.len_utf8()..];
    }
    if in_code {
        // An unbalanced backtick would swallow following lines.
        return line.replace('`', "'");
    }
    out
}

/// `#[doc = "..."]` attributes, one per line.
pub fn attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| format!(" {l}"));
    quote!(#(#[doc = #lines])*)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts() {
        let t = "Use @node-name [here].\n\n.. qmp-example::\n\n    -> { \"execute\": \"x\" }\n    <- { \"return\": {} }\n\nSee <https://qemu.org>.";
        let r = render(t);
        assert!(r.contains("Use `node-name` \\[here\\]."), "{r}");
        assert!(r.contains("```text\n-> { \"execute\": \"x\" }\n<- { \"return\": {} }\n```"));
    }
}
