//! Syntax highlighting of example lines: arrows, JSON keys, strings,
//! numbers and keywords become `<span>`s.

use super::esc;

/// Highlights the lines of a `.. qmp-example::` block as HTML.
pub fn example(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        line_html(line, &mut out);
        out.push('\n');
    }
    out
}

fn span(class: &str, text: &str, out: &mut String) {
    out.push_str("<span class=\"");
    out.push_str(class);
    out.push_str("\">");
    out.push_str(&esc(text));
    out.push_str("</span>");
}

fn line_html(line: &str, out: &mut String) {
    let trimmed = line.trim_start();
    let lead = &line[..line.len() - trimmed.len()];
    let is_json = trimmed.starts_with("->")
        || trimmed.starts_with("<-")
        || trimmed.starts_with(['{', '}', '[', ']', '"'])
        || lead.len() >= 4;
    if !is_json {
        out.push_str(&esc(line));
        return;
    }
    out.push_str(lead);
    let mut rest = trimmed;
    for (arrow, class) in [("->", "arrow send"), ("<-", "arrow recv")] {
        if let Some(r) = rest.strip_prefix(arrow) {
            span(class, arrow, out);
            rest = r;
        }
    }
    let b = rest.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(b.len());
            let after = rest[end..].trim_start();
            let class = if after.starts_with(':') { "key" } else { "str" };
            span(class, &rest[i..end], out);
            i = end;
        } else if c == b'-' || c.is_ascii_digit() {
            let mut j = i + 1;
            while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'.') {
                j += 1;
            }
            span("num", &rest[i..j], out);
            i = j;
        } else if c.is_ascii_alphabetic() {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_alphanumeric() {
                j += 1;
            }
            span("kw", &rest[i..j], out);
            i = j;
        } else if rest[i..].starts_with("...") {
            span("elided", "...", out);
            i += 3;
        } else {
            let ch = rest[i..].chars().next().expect("in bounds");
            out.push_str(&esc(&ch.to_string()));
            i += ch.len_utf8();
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn highlights() {
        let h = super::example(&["-> { \"execute\": \"quit\", \"n\": 1 }".into()]);
        assert!(h.contains("<span class=\"arrow send\">-&gt;</span>"));
        assert!(h.contains("<span class=\"key\">&quot;execute&quot;</span>"));
        assert!(h.contains("<span class=\"str\">&quot;quit&quot;</span>"));
        assert!(h.contains("<span class=\"num\">1</span>"));
    }
}
