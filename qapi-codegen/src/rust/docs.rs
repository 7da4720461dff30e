//! Schema documentation → rustdoc: QAPI's reStructuredText becomes
//! Markdown that rustdoc renders without warnings and never mistakes for
//! doctests (literal blocks become ```` ```text ```` fences).

use qapi_schema::doc::SectionKind;
use qapi_schema::{Entity, Schema};

/// The rustdoc text of a definition: body, then its other sections.
pub fn definition(schema: &Schema, e: &Entity) -> String {
    let mut raw = String::new();
    definition_raw(schema, e, &mut raw);
    render(&raw)
}

/// The QAPI doc text of a definition (body, then its other sections),
/// before [`render`], appended to `out`.
pub fn definition_raw(schema: &Schema, e: &Entity, out: &mut String) {
    let Some(doc) = schema.doc_of(e) else {
        out.push_str("The ");
        out.push_str(e.meta());
        out.push_str(" `");
        out.push_str(&e.name);
        out.push_str("` (not documented in the schema).");
        return;
    };
    let body = doc.body().text.trim();
    out.push_str(if body.is_empty() { &e.name } else { body });
    let mut features = false;
    for s in &doc.sections[1..] {
        let text = s.text.trim();
        let head = match s.kind {
            SectionKind::Feature => {
                features = true;
                continue;
            }
            SectionKind::Member | SectionKind::Todo => continue,
            SectionKind::Returns => "Returns: ",
            SectionKind::Errors => "Errors: ",
            SectionKind::Since => "Since: ",
            SectionKind::Note => "Note: ",
            SectionKind::Example => "Example:\n\n",
            SectionKind::Plain => "",
        };
        if !text.is_empty() {
            out.push_str("\n\n");
            out.push_str(head);
            out.push_str(text);
        }
    }
    if features {
        out.push_str("\n\nFeatures:\n");
        for f in doc.features() {
            out.push_str("\n- @");
            out.push_str(f.name.as_deref().unwrap_or(""));
            out.push_str(": ");
            out.push_str(f.text.trim());
        }
    }
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
    render_lines(text, out, "");
    // `render_lines` ends every line, `render` does not end the last one.
    if out.len() > start {
        out.pop();
    }
}

/// Renders `text` (see [`render`]) as lines, each started by `prefix`
/// followed by a space when the line is not empty (`prefix` `///`
/// writes rustdoc comments), and ended by a newline.
pub fn render_lines(text: &str, out: &mut String, prefix: &str) {
    // One line (most member descriptions): no indentation to work out.
    if !text.contains('\n') && text.len() - text.trim_start().len() < 4 {
        let line = text.trim_end();
        if !line.trim_start().is_empty() {
            start_line(out, prefix);
            escape_into(line, out);
            out.push('\n');
        }
        return;
    }
    // The lines after the first lose their common indentation (member
    // descriptions continue indented under their `@name:`).
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("");
    let min = lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    // Where the output ends after its last non-blank line: blank lines
    // are dropped before a closing fence and at the end.
    let mut kept = out.len();
    let mut code_indent: Option<usize> = None;
    let mut prev_blank = true;
    let blank_line = |out: &mut String| {
        out.push_str(prefix);
        out.push('\n');
    };
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
                let l = line.get(ci..).unwrap_or("").trim_end();
                if l.is_empty() {
                    blank_line(out);
                } else {
                    start_line(out, prefix);
                    out.push_str(l);
                    out.push('\n');
                    kept = out.len();
                }
                continue;
            }
            out.truncate(kept);
            start_line(out, prefix);
            out.push_str("```\n");
            code_indent = None;
        }
        if !blank && indent >= 4 && prev_blank {
            start_line(out, prefix);
            out.push_str("```text\n");
            start_line(out, prefix);
            out.push_str(line[indent..].trim_end());
            out.push('\n');
            kept = out.len();
            code_indent = Some(indent);
            prev_blank = false;
            continue;
        }
        // Outside literal blocks, deep indentation means nothing in rST
        // but would start a code block in Markdown.
        let line = if indent >= 4 { line.trim_start() } else { line };
        let line = line.trim_end();
        if line.is_empty() {
            blank_line(out);
        } else {
            start_line(out, prefix);
            escape_into(line, out);
            out.push('\n');
            kept = out.len();
        }
        prev_blank = blank;
    }
    if code_indent.is_some() {
        out.truncate(kept);
        start_line(out, prefix);
        out.push_str("```\n");
        kept = out.len();
    }
    out.truncate(kept);
}

fn start_line(out: &mut String, prefix: &str) {
    out.push_str(prefix);
    if !prefix.is_empty() {
        out.push(' ');
    }
}

/// The bytes [`escape_into`] looks at (besides the `h` of URLs).
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    let bytes = b"`@[]<>*_#|";
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
};

/// Escapes Markdown/HTML specials outside code, turns `@name` into code
/// and URLs into autolinks.
fn escape_into(line: &str, out: &mut String) {
    let start = out.len();
    let b = line.as_bytes();
    let mut in_code = false;
    // `line[run..i]` is copied as is when something else is written.
    let (mut i, mut run) = (0, 0);
    let urls = line.contains("http");
    while i < b.len() {
        // Skip what needs no attention.
        while i < b.len() && !SPECIAL[b[i] as usize] && !(urls && b[i] == b'h') {
            i += 1;
        }
        if i == b.len() {
            break;
        }
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
                    .position(|&c| {
                        !(c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.')
                    })
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
