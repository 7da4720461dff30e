//! Writers for the legacy text documentation.

use super::events_txt::{render_values_or, Block, EventDef, EventsDoc, Member, ValuesLayout};
use super::hx::{DocLine, HxFile, HxItem};

/// `qmp-commands.txt` as QEMU's build (`hxtool -q`) produced it: the lines
/// between `SQMP` and `EQMP`, byte for byte, in file order, with `HXCOMM`
/// and `DEFHEADING`/`ARCHHEADING` lines dropped.  Nothing is added.
pub fn render_qmp_commands_txt(hx: &HxFile) -> String {
    let mut out = String::new();
    for item in &hx.items {
        if let HxItem::Qmp(block) = item {
            for line in &block.lines {
                if let DocLine::Text(l) = line {
                    out.push_str(&l.text);
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// `qmp-events.txt`, written from the typed event definitions (and their
/// layout facts, defaults where absent).
pub fn render_qmp_events_txt(doc: &EventsDoc) -> String {
    let mut out = String::new();
    let t = &doc.title;
    push_n(&mut out, ' ', t.indent);
    out.push_str(&t.text);
    out.push('\n');
    push_n(&mut out, ' ', t.underline_indent);
    push_n(&mut out, '=', t.underline_len);
    out.push('\n');
    push_n(&mut out, '\n', t.blank_after);
    for (i, ev) in doc.events.iter().enumerate() {
        render_event(&mut out, ev, i + 1 == doc.events.len());
    }
    out
}

fn push_n(out: &mut String, c: char, n: usize) {
    for _ in 0..n {
        out.push(c);
    }
}

/// The block order used when an event carries no layout.
fn default_blocks(ev: &EventDef, last: bool) -> Vec<(Block, usize)> {
    let mut b = Vec::new();
    for i in 0..ev.description.len() {
        b.push((Block::Prose(i), 1));
    }
    match &ev.data {
        Some(m) => {
            b.push((Block::DataLabel, 1));
            b.push((Block::Members(0, m.len()), 1));
        }
        None => b.push((Block::DataNone, 1)),
    }
    if !ev.examples.is_empty() {
        b.push((Block::ExampleLabel("Example:".into()), 1));
        for i in 0..ev.examples.len() {
            b.push((Block::Example(i), 1));
        }
    }
    for i in 0..ev.notes.len() {
        b.push((Block::Note(i), 1));
    }
    if last {
        if let Some(l) = b.last_mut() {
            l.1 = 0;
        }
    }
    b
}

fn render_event(out: &mut String, ev: &EventDef, last: bool) {
    let heading = ev.names.join(", ");
    out.push_str(&heading);
    out.push('\n');
    push_n(out, '-', ev.layout.underline_len.unwrap_or(heading.len()));
    out.push('\n');
    push_n(out, '\n', ev.layout.blank_after_heading.unwrap_or(1));
    let defaults;
    let blocks = if ev.layout.blocks.is_empty() {
        defaults = default_blocks(ev, last);
        &defaults
    } else {
        &ev.layout.blocks
    };
    for (block, blanks) in blocks {
        match block {
            Block::Prose(i) => lines(out, ev.description.get(*i).map(|p| &p.lines[..])),
            Block::Note(i) => lines(out, ev.notes.get(*i).map(|p| &p.lines[..])),
            Block::DataLabel => out.push_str("Data:\n"),
            Block::DataNone => out.push_str("Data: None.\n"),
            Block::Members(s, e) => {
                if let Some(ms) = ev.data.as_ref().and_then(|d| d.get(*s..*e)) {
                    for m in ms {
                        render_member(out, m, 0);
                    }
                }
            }
            Block::ExampleLabel(l) => {
                out.push_str(l);
                out.push('\n');
            }
            Block::Example(i) => {
                if let Some(x) = ev.examples.get(*i) {
                    out.push_str(&x.text);
                    out.push('\n');
                }
            }
        }
        push_n(out, '\n', *blanks);
    }
}

fn lines(out: &mut String, ls: Option<&[String]>) {
    for l in ls.unwrap_or_default() {
        out.push_str(l);
        out.push('\n');
    }
}

fn annotation(m: &Member, values: ValuesLayout) -> String {
    let l = &m.layout;
    let mut a = String::from("(");
    if let Some(p) = &l.annotation_prefix {
        a.push_str(p);
        a.push_str(", ");
    }
    a.push_str(m.json_type.as_str());
    if m.optional {
        a.push_str(", optional");
    }
    if values == ValuesLayout::Inline && !m.values.is_empty() {
        a.push_str(", ");
        a.push_str(&render_values_or(&m.values));
    }
    if let Some((sep, text)) = &l.annotation_suffix {
        a.push_str(sep);
        a.push_str(text);
    }
    a.push(')');
    a.push_str(&l.after_annotation);
    a
}

fn render_member(out: &mut String, m: &Member, depth: usize) {
    let l = &m.layout;
    let indent = l.indent.unwrap_or(2 * depth);
    let values = match l.values {
        ValuesLayout::Default if m.values.iter().any(|v| v.description.is_some()) => {
            ValuesLayout::Lines(indent + 4)
        }
        ValuesLayout::Default => ValuesLayout::Inline,
        v => v,
    };
    let single;
    let desc_lines = if l.lines.is_empty() {
        single = [super::events_txt::DescLine {
            indent: 0,
            len: m.description.len(),
            annotation: true,
        }];
        &single[..]
    } else {
        &l.lines[..]
    };
    let d = m.description.as_str();
    let mut pos = 0;
    for (i, dl) in desc_lines.iter().enumerate() {
        if i == 0 {
            push_n(out, ' ', indent);
            out.push_str("- \"");
            out.push_str(&m.name);
            out.push_str("\":");
            push_n(out, ' ', l.gap.unwrap_or(1));
        } else {
            push_n(out, ' ', dl.indent);
        }
        let end = (pos + dl.len).min(d.len());
        out.push_str(d.get(pos..end).unwrap_or_default());
        pos = end;
        if dl.len > 0 && d[pos..].starts_with(' ') {
            pos += 1;
        }
        if dl.annotation {
            if dl.len > 0 {
                out.push(' ');
            }
            out.push_str(&annotation(m, values));
        }
        out.push('\n');
    }
    match values {
        ValuesLayout::Lines(ind) => {
            for v in &m.values {
                push_n(out, ' ', ind);
                out.push('"');
                out.push_str(&v.name);
                out.push('"');
                if let Some(desc) = &v.description {
                    out.push_str(": ");
                    out.push_str(desc);
                }
                out.push('\n');
            }
        }
        ValuesLayout::ListLine(ind) if !m.values.is_empty() => {
            push_n(out, ' ', ind);
            out.push_str(&render_values_or(&m.values));
            out.push('\n');
        }
        _ => {}
    }
    for c in &m.members {
        render_member(out, c, depth + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::super::events_txt::parse_events_txt;
    use super::super::hx::parse_hx;
    use super::*;

    #[test]
    fn commands_txt_is_block_text() {
        let hx = parse_hx(
            "t.hx",
            "HXCOMM x\nSQMP\na \\n\nHXCOMM y\n\nEQMP\n\nSQMP\nb\nEQMP\n",
        )
        .unwrap();
        assert_eq!(render_qmp_commands_txt(&hx), "a \\n\n\nb\n");
    }

    #[test]
    fn events_round_trip_and_default_layout() {
        let src = "  Events\n  ======\n\nFOO\n---\n\nEmitted when foo.\n\nData:\n\n- \"device\":   device name that\n              wraps (json-string, optional):\n    \"a\": first\n- \"srv\": server (json-object)\n  - \"port\": port (json-int, \"1\" or \"2\")\n\nExample:\n\n{ \"event\": \"FOO\" }\n\n\nNote: bar.\n";
        let mut d = parse_events_txt("e.txt", src).unwrap();
        assert_eq!(render_qmp_events_txt(&d), src);
        // Drop every layout fact: the default layout still renders the content.
        for ev in &mut d.events {
            ev.layout = Default::default();
            for m in ev.data.iter_mut().flatten() {
                m.layout = Default::default();
                for c in &mut m.members {
                    c.layout = Default::default();
                }
            }
        }
        let plain = render_qmp_events_txt(&d);
        assert!(
            plain.contains(
                "- \"device\": device name that wraps (json-string, optional)\n    \"a\": first\n"
            ),
            "{plain}"
        );
        assert!(
            plain.contains("  - \"port\": port (json-int, \"1\" or \"2\")\n"),
            "{plain}"
        );
        assert!(plain.ends_with("Note: bar.\n"), "{plain}");
    }
}
