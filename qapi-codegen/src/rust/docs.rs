//! Schema documentation → rustdoc: QAPI's reStructuredText becomes
//! Markdown that rustdoc renders without warnings and never mistakes for
//! doctests (literal blocks become ```` ```text ```` fences).

use qapi_schema::doc::SectionKind;
use qapi_schema::{Entity, Schema};

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
    let mut out = String::with_capacity(text.len() + 32);
    render_into(text, &mut out);
    out
}

/// [`render`], appending to `out`.
pub fn render_into(text: &str, out: &mut String) {
    let start = out.len();
    // The lines after the first lose their common indentation (member
    // descriptions continue indented under their `@name:`).
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("");
    let min = lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut code_indent: Option<usize> = None;
    let mut prev_blank = true;
    for (n, line) in text.lines().enumerate() {
        let line = if n == 0 {
            first
        } else {
            line.get(min..).unwrap_or("")
        };
        let indent = line.len() - line.trim_start().len();
        let blank = indent == line.len();
        if let Some(ci) = code_indent {
            if blank || indent >= ci {
                out.push_str(line.get(ci..).unwrap_or("").trim_end());
                out.push('\n');
                continue;
            }
            trim_blank_tail(out, start);
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
        escape_into(line.trim_end(), out);
        out.push('\n');
        prev_blank = blank;
    }
    if code_indent.is_some() {
        trim_blank_tail(out, start);
        out.push_str("```\n");
    }
    let end = out.trim_end().len().max(start);
    out.truncate(end);
}

fn trim_blank_tail(out: &mut String, start: usize) {
    while out.len() > start + 1 && out.ends_with("\n\n") {
        out.pop();
    }
}

/// Escapes Markdown/HTML specials outside code, turns `@name` into code
/// and URLs into autolinks.
fn escape_into(line: &str, out: &mut String) {
    let start = out.len();
    let b = line.as_bytes();
    let mut in_code = false;
    // `line[run..i]` is copied as is when something else is written.
    let (mut i, mut run) = (0, 0);
    while i < b.len() {
        match b[i] {
            b'h' if !in_code
                && (line[i..].starts_with("http://") || line[i..].starts_with("https://")) =>
            {
                out.push_str(&line[run..i]);
                let rest = &line[i..];
                let end = rest
                    .find(|c: char| c.is_whitespace() || c == '>' || c == ')')
                    .unwrap_or(rest.len());
                let url = rest[..end].trim_end_matches(['.', ',']);
                out.push('<');
                out.push_str(url);
                out.push('>');
                i += url.len();
                run = i;
                continue;
            }
            b'`' => in_code = !in_code,
            b'@' if !in_code => {
                let end = b[i + 1..]
                    .iter()
                    .position(|&c| !(c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.'))
                    .map_or(b.len(), |p| i + 1 + p);
                let name = line[i + 1..end].trim_end_matches('.');
                if !name.is_empty() {
                    out.push_str(&line[run..i]);
                    out.push('`');
                    out.push_str(name);
                    out.push('`');
                    i += 1 + name.len();
                    run = i;
                    continue;
                }
            }
            b'[' | b']' | b'<' | b'>' | b'*' | b'_' | b'#' | b'|' if !in_code => {
                out.push_str(&line[run..i]);
                out.push('\\');
                run = i;
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&line[run..]);
    if in_code {
        // An unbalanced backtick would swallow following lines.
        out.truncate(start);
        out.extend(line.chars().map(|c| if c == '`' { '\'' } else { c }));
    }
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
