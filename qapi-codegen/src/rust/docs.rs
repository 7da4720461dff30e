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
    if find_newline(text.as_bytes()).is_none() && lead(text) < 4 {
        let line = trim_end(text);
        if lead(line) < line.len() {
            start_line(out, prefix);
            escape_into(line, out);
            out.push('\n');
        }
        return;
    }
    // The lines after the first lose their common indentation (member
    // descriptions continue indented under their `@name:`).
    let mut lines = Lines(text);
    let first = lines.next().unwrap_or("");
    let min = lines
        .filter_map(|l| {
            let n = lead(l);
            (n < l.len()).then_some(n)
        })
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
    for (n, line) in Lines(text).enumerate() {
        let line = if n == 0 {
            first
        } else {
            line.get(min..).unwrap_or("")
        };
        let indent = lead(line);
        let blank = indent == line.len();
        if let Some(ci) = code_indent {
            if blank || indent >= ci {
                let l = trim_end(line.get(ci..).unwrap_or(""));
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
            out.push_str(trim_end(&line[indent..]));
            out.push('\n');
            kept = out.len();
            code_indent = Some(indent);
            prev_blank = false;
            continue;
        }
        // Outside literal blocks, deep indentation means nothing in rST
        // but would start a code block in Markdown.
        let line = if indent >= 4 { &line[indent..] } else { line };
        let line = trim_end(line);
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

/// The lines of a text, as `str::lines` splits them, finding line ends
/// eight bytes at a time.
struct Lines<'a>(&'a str);

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let s = self.0;
        if s.is_empty() {
            return None;
        }
        let b = s.as_bytes();
        let Some(nl) = find_newline(b) else {
            self.0 = "";
            return Some(s);
        };
        self.0 = &s[nl + 1..];
        let line = &s[..nl];
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

/// The index of the first `\n` in `b`.
#[inline]
fn find_newline(b: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while let Some(c) = b.get(i..i + 8) {
        let v = u64::from_le_bytes(c.try_into().unwrap()) ^ (ONES * u64::from(b'\n'));
        // The lowest marked byte is the first zero byte exactly.
        let zero = v.wrapping_sub(ONES) & !v & HIGH;
        if zero != 0 {
            return Some(i + (zero.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b[i..].iter().position(|&c| c == b'\n').map(|p| i + p)
}

/// Whether an ASCII byte is white space (as `char::is_whitespace`).
#[inline]
fn ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// The length of `s`'s leading white space (`s.len() -
/// s.trim_start().len()`), quick when it is ASCII.
#[inline]
fn lead(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && ws(b[i]) {
        i += 1;
    }
    if i < b.len() && b[i] >= 0x80 {
        let rest = &s[i..];
        return i + rest.len() - rest.trim_start().len();
    }
    i
}

/// `s.trim_end()`, quick when the white space is ASCII.
#[inline]
fn trim_end(s: &str) -> &str {
    let b = s.as_bytes();
    let mut n = b.len();
    while n > 0 && ws(b[n - 1]) {
        n -= 1;
    }
    if n > 0 && b[n - 1] >= 0x80 {
        return s[..n].trim_end();
    }
    &s[..n]
}

fn start_line(out: &mut String, prefix: &str) {
    out.push_str(prefix);
    if !prefix.is_empty() {
        out.push(' ');
    }
}

/// The bytes [`escape_into`] looks at: non-zero for the Markdown
/// specials, and in [`SPECIAL_H`] also for the `h` of URLs.
const fn specials(h: bool) -> [u8; 256] {
    let mut t = [0; 256];
    let mut i = 0;
    let bytes = b"`@[]<>*_#|";
    while i < bytes.len() {
        t[bytes[i] as usize] = 1;
        i += 1;
    }
    if h {
        t[b'h' as usize] = 1;
    }
    t
}
static SPECIAL: [u8; 256] = specials(false);
static SPECIAL_H: [u8; 256] = specials(true);

/// The first index from `i` on of a byte marked in `t`, or `b.len()`:
/// eight bytes a step while none is.
#[inline]
fn skip(b: &[u8], mut i: usize, t: &[u8; 256]) -> usize {
    while let Some(c) = b.get(i..i + 8) {
        let c: &[u8; 8] = c.try_into().unwrap();
        let any = t[c[0] as usize]
            | t[c[1] as usize]
            | t[c[2] as usize]
            | t[c[3] as usize]
            | t[c[4] as usize]
            | t[c[5] as usize]
            | t[c[6] as usize]
            | t[c[7] as usize];
        if any != 0 {
            break;
        }
        i += 8;
    }
    while i < b.len() && t[b[i] as usize] == 0 {
        i += 1;
    }
    i
}

/// Escapes Markdown/HTML specials outside code, turns `@name` into code
/// and URLs into autolinks.
fn escape_into(line: &str, out: &mut String) {
    let start = out.len();
    let b = line.as_bytes();
    let mut in_code = false;
    // `line[run..i]` is copied as is when something else is written.
    let (mut i, mut run) = (0, 0);
    let table = if b.contains(&b':') && line.contains("http") {
        &SPECIAL_H
    } else {
        &SPECIAL
    };
    loop {
        // Skip what needs no attention.
        i = skip(b, i, table);
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

    #[test]
    fn lines_as_std() {
        for t in [
            "",
            "a",
            "a\n",
            "a\r\nb\r",
            "\n\n\r\n",
            "one line of more than eight bytes\nand another\r\n\nlast",
            "0123456\n01234567\n012345678\n",
            "ünïcode\u{a0}\nline\u{2028}x\n",
        ] {
            assert_eq!(
                Lines(t).collect::<Vec<_>>(),
                t.lines().collect::<Vec<_>>(),
                "{t:?}"
            );
        }
    }

    #[test]
    fn white_space_as_std() {
        for t in [
            "",
            "  ",
            " \t\x0b\x0c\r x ",
            "\u{a0} \u{3000}x\u{a0} ",
            " é ",
            "x",
        ] {
            assert_eq!(lead(t), t.len() - t.trim_start().len(), "{t:?}");
            assert_eq!(trim_end(t), t.trim_end(), "{t:?}");
        }
    }
}
