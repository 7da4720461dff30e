//! Reader for `qmp-events.txt`, the hand-written event reference of QEMU
//! 0.13 … 1.5.
//!
//! The file is a title followed by one section per event:
//!
//! ```text
//! BLOCK_IO_ERROR
//! --------------
//!
//! Emitted when a disk I/O error occurs.
//!
//! Data:
//!
//! - "device": device name (json-string)
//! - "action": action that has been taken, it's one of the following (json-string):
//!     "ignore": error has been ignored
//!     "stop": error caused VM to be stopped
//!
//! Example:
//!
//! { "event": "BLOCK_IO_ERROR", ... }
//!
//! Note: ...
//! ```
//!
//! [`parse_events_txt`] turns it into typed [`EventDef`]s.  The typed fields
//! (names, member names, JSON types, optionality, descriptions, enumerated
//! values, prose, examples, notes) carry the content; a few layout facts
//! (underline length, blank lines, where description lines break, column
//! alignment) are kept beside them in `layout` fields so that
//! [`render_qmp_events_txt`](super::render_qmp_events_txt) reproduces the file
//! byte for byte.  Definitions built from a modern schema leave the layout
//! fields empty and get the default layout.

use std::fmt;
use std::sync::Arc;

use pest::iterators::Pair;
use pest::Parser;

use super::error::{from_pest, LegacyError};
use super::example::{json_block, Example};
use super::Span;

#[derive(pest_derive::Parser)]
#[grammar = "legacy/events_txt.pest"]
struct EventsParser;

/// A parsed `qmp-events.txt`.
#[derive(Debug, Clone, PartialEq)]
pub struct EventsDoc {
    /// The file name used in spans.
    pub file: Arc<str>,
    /// The document title.
    pub title: Title,
    /// The events in file order.
    pub events: Vec<EventDef>,
}

/// The title at the top of the file, underlined with `=`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    /// The title text.
    pub text: String,
    /// Layout: columns of indentation of the title line.
    pub indent: usize,
    /// Layout: columns of indentation of the underline.
    pub underline_indent: usize,
    /// Layout: number of `=` characters.
    pub underline_len: usize,
    /// Layout: blank lines after the underline.
    pub blank_after: usize,
}

/// One event section.  A section may document several events sharing one
/// description (`SPICE_CONNECTED, SPICE_DISCONNECTED`).
#[derive(Debug, Clone, PartialEq)]
pub struct EventDef {
    /// The event names from the heading.
    pub names: Vec<String>,
    /// The heading line.
    pub span: Span,
    /// Paragraphs of prose describing the event (each a list of lines).
    pub description: Vec<Paragraph>,
    /// The event's data members; `None` for `Data: None.` (or no Data
    /// section at all, see the layout).
    pub data: Option<Vec<Member>>,
    /// Example event messages.
    pub examples: Vec<Example>,
    /// `Note:` paragraphs.
    pub notes: Vec<Paragraph>,
    /// Layout facts; empty means the default layout.
    pub layout: EventLayout,
}

/// A paragraph: its lines, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The lines without newlines.
    pub lines: Vec<String>,
    /// Where the paragraph starts.
    pub span: Span,
}

/// Layout facts of an event section.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventLayout {
    /// Length of the `-` underline (QEMU's is not always the heading's).
    pub underline_len: Option<usize>,
    /// Blank lines between the underline and the first block (default 1).
    pub blank_after_heading: Option<usize>,
    /// The blocks of the section in order, each with the number of blank
    /// lines after it.  Empty: the default order.
    pub blocks: Vec<(Block, usize)>,
}

/// A block of an event section, referring to the typed fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// `description[i]`
    Prose(usize),
    /// `Data:`
    DataLabel,
    /// `Data: None.`
    DataNone,
    /// The member list (`data`), members `start..end` at top level.
    Members(usize, usize),
    /// `Example:` or `Examples:` (the label text).
    ExampleLabel(String),
    /// `examples[i]`
    Example(usize),
    /// `notes[i]`
    Note(usize),
}

/// A JSON type as written in the docs (`json-string` …).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum JsonType {
    /// `json-string`
    String,
    /// `json-int`
    Int,
    /// `json-number`
    Number,
    /// `json-bool`
    Bool,
    /// `json-object`
    Object,
    /// `json-array`
    Array,
    /// `json-value`
    Value,
    /// Anything else starting with `json-`, as written (e.g.
    /// `json-array of json-string`).
    Other(String),
}

impl JsonType {
    /// Parse `json-…`.
    pub fn parse(s: &str) -> JsonType {
        match s {
            "json-string" => JsonType::String,
            "json-int" => JsonType::Int,
            "json-number" => JsonType::Number,
            "json-bool" => JsonType::Bool,
            "json-object" => JsonType::Object,
            "json-array" => JsonType::Array,
            "json-value" => JsonType::Value,
            other => JsonType::Other(other.to_string()),
        }
    }

    /// The spelling in the docs.
    pub fn as_str(&self) -> &str {
        match self {
            JsonType::String => "json-string",
            JsonType::Int => "json-int",
            JsonType::Number => "json-number",
            JsonType::Bool => "json-bool",
            JsonType::Object => "json-object",
            JsonType::Array => "json-array",
            JsonType::Value => "json-value",
            JsonType::Other(s) => s,
        }
    }

    /// The QAPI built-in type this JSON type corresponds to, where there is
    /// one (`json-number` is `number`: the docs of the era also used it for
    /// integers, so a model may prefer the example's value to decide).
    pub fn qapi_type(&self) -> Option<&'static str> {
        Some(match self {
            JsonType::String => "str",
            JsonType::Int => "int",
            JsonType::Number => "number",
            JsonType::Bool => "bool",
            JsonType::Value => "any",
            _ => return None,
        })
    }
}

impl fmt::Display for JsonType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One `- "name": description (json-type)` item of a `Data:` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The JSON member name.
    pub name: String,
    /// Its JSON type.
    pub json_type: JsonType,
    /// Marked `optional`.
    pub optional: bool,
    /// The description text, its lines joined with single spaces (the type
    /// annotation removed).
    pub description: String,
    /// Enumerated values, when the item lists them.
    pub values: Vec<EnumValue>,
    /// Members of a `json-object` member (items indented below it).
    pub members: Vec<Member>,
    /// The item's first line.
    pub span: Span,
    /// Layout facts; `MemberLayout::default()` means the default layout.
    pub layout: MemberLayout,
}

/// An enumerated value of a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    /// The value (without quotes).
    pub name: String,
    /// Its description, when the list gives one.
    pub description: Option<String>,
}

/// How a member item is laid out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MemberLayout {
    /// Column of the item's `-`; `None`: two columns per nesting level.
    pub indent: Option<usize>,
    /// Spaces after `"name":` (column alignment); `None`: one space.
    pub gap: Option<usize>,
    /// How the description breaks into lines and where the type annotation
    /// sits.  Empty: one line, annotation at its end.
    pub lines: Vec<DescLine>,
    /// Text inside the parentheses before the type, e.g.
    /// `"stream" for image streaming` in `("stream" …, json-string)`.
    pub annotation_prefix: Option<String>,
    /// Free text inside the parentheses after the type (and after the
    /// values), with its separator, e.g. `(", ", "currently always \"pause\"")`.
    pub annotation_suffix: Option<(String, String)>,
    /// Text right after the closing parenthesis (`:` or `.`).
    pub after_annotation: String,
    /// How `values` are written.
    pub values: ValuesLayout,
}

/// One line of a member's description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescLine {
    /// Indentation (continuation lines only).
    pub indent: usize,
    /// Bytes of the description on this line.
    pub len: usize,
    /// The type annotation ends this line.
    pub annotation: bool,
}

/// How enumerated values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ValuesLayout {
    /// Default: `Lines` with `"value": description` when descriptions
    /// exist, `Inline` otherwise.
    #[default]
    Default,
    /// Inside the annotation: `(json-string, "read" or "write")`.
    Inline,
    /// One `"value": description` line each, at this indentation.
    Lines(usize),
    /// One line `"a", "b", or "c"` at this indentation.
    ListLine(usize),
}

/// Parse the text of a `qmp-events.txt`.  `file` names it in spans.
pub fn parse_events_txt(file: &str, src: &str) -> Result<EventsDoc, LegacyError> {
    let file: Arc<str> = file.into();
    let mut pairs = EventsParser::parse(Rule::file, src).map_err(|e| from_pest(&file, e))?;
    let top = pairs.next().expect("file rule matched");
    let mut title = None;
    let mut events = Vec::new();
    for p in top.into_inner() {
        match p.as_rule() {
            Rule::title => {
                let mut it = p.into_inner();
                let t = it.next().map(|x| x.as_str()).unwrap_or_default();
                let u = it.next().map(|x| x.as_str()).unwrap_or_default();
                let indent = t.len() - t.trim_start().len();
                let uindent = u.len() - u.trim_start().len();
                title = Some(Title {
                    text: t.trim_start().to_string(),
                    indent,
                    underline_indent: uindent,
                    underline_len: u.trim().len(),
                    blank_after: 0,
                });
            }
            Rule::blank => {
                if let Some(t) = title.as_mut() {
                    t.blank_after += 1;
                }
            }
            Rule::event => events.push(event(&file, p)?),
            _ => {}
        }
    }
    let title =
        title.ok_or_else(|| LegacyError::syntax(Span::new(&file, 1, 1), "missing title"))?;
    Ok(EventsDoc {
        file,
        title,
        events,
    })
}

fn strip_nl(s: &str) -> &str {
    s.strip_suffix('\n').unwrap_or(s)
}

fn event(file: &Arc<str>, pair: Pair<Rule>) -> Result<EventDef, LegacyError> {
    let span = Span::of_pair(file, &pair);
    let mut it = pair.into_inner();
    let heading = it
        .next()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let underline = it.next().map(|p| p.as_str().len()).unwrap_or(0);
    let mut ev = EventDef {
        names: heading.split(", ").map(str::to_string).collect(),
        span,
        description: Vec::new(),
        data: None,
        examples: Vec::new(),
        notes: Vec::new(),
        layout: EventLayout {
            underline_len: Some(underline),
            blank_after_heading: None,
            blocks: Vec::new(),
        },
    };
    // A paragraph under construction: (lines, span).
    let mut para: Option<(Vec<String>, Span)> = None;
    let mut pending_blank = 0usize;
    let mut blocks: Vec<(Block, usize)> = Vec::new();

    fn flush(
        ev: &mut EventDef,
        blocks: &mut Vec<(Block, usize)>,
        para: &mut Option<(Vec<String>, Span)>,
    ) {
        if let Some((lines, span)) = para.take() {
            let p = Paragraph { lines, span };
            if p.lines[0].starts_with("Note") {
                ev.notes.push(p);
                blocks.push((Block::Note(ev.notes.len() - 1), 0));
            } else {
                ev.description.push(p);
                blocks.push((Block::Prose(ev.description.len() - 1), 0));
            }
        }
    }

    for p in it {
        let rule = p.as_rule();
        if rule != Rule::text_line {
            flush(&mut ev, &mut blocks, &mut para);
        }
        match rule {
            Rule::blank => {
                if let Some(last) = blocks.last_mut() {
                    last.1 += 1;
                } else {
                    pending_blank += 1;
                }
            }
            Rule::text_line => {
                let line = strip_nl(p.as_str()).to_string();
                match para.as_mut() {
                    Some((lines, _)) => lines.push(line),
                    None => para = Some((vec![line], Span::of_pair(file, &p))),
                }
            }
            Rule::data_label => blocks.push((Block::DataLabel, 0)),
            Rule::data_none => blocks.push((Block::DataNone, 0)),
            Rule::example_label => {
                blocks.push((Block::ExampleLabel(strip_nl(p.as_str()).to_string()), 0))
            }
            Rule::member => {
                let m = member(file, p)?;
                let data = ev.data.get_or_insert_with(Vec::new);
                let start = data.len();
                insert_member(data, m);
                let end = data.len();
                match blocks.last_mut() {
                    Some((Block::Members(_, e), 0)) => *e = end,
                    _ => blocks.push((Block::Members(start, end), 0)),
                }
            }
            Rule::json_block => {
                let span = Span::of_pair(file, &p);
                let lines: Vec<&str> = p.into_inner().map(|l| strip_nl(l.as_str())).collect();
                ev.examples.push(json_block(&lines, span));
                blocks.push((Block::Example(ev.examples.len() - 1), 0));
            }
            _ => {}
        }
    }
    flush(&mut ev, &mut blocks, &mut para);
    ev.layout.blocks = blocks;
    ev.layout.blank_after_heading = Some(pending_blank);
    Ok(ev)
}

/// Attach `m` at the right depth: an item indented more than the previous
/// top-level item becomes its child.
fn insert_member(list: &mut Vec<Member>, m: Member) {
    let indent = m.layout_indent();
    if let Some(last) = list.last_mut() {
        if indent > last.layout_indent() {
            insert_member(&mut last.members, m);
            return;
        }
    }
    list.push(m);
}

impl Member {
    fn layout_indent(&self) -> usize {
        self.layout.indent.unwrap_or(0)
    }
}

/// Parse `"a" or "b"`, `"a", "b", or "c"` and `"a", "b" or "c"` into values.
fn inline_values(text: &str) -> Option<Vec<EnumValue>> {
    let mut values = Vec::new();
    let mut rest = text;
    loop {
        let r = rest.strip_prefix('"')?;
        let end = r.find('"')?;
        values.push(EnumValue {
            name: r[..end].to_string(),
            description: None,
        });
        rest = &r[end + 1..];
        if rest.is_empty() {
            break;
        }
        rest = rest
            .strip_prefix(", or ")
            .or_else(|| rest.strip_prefix(" or "))
            .or_else(|| rest.strip_prefix(", "))?;
    }
    (values.len() >= 2 && render_values_or(&values) == text).then_some(values)
}

/// `"a" or "b"` / `"a", "b", or "c"`: the canonical inline spelling.
pub(crate) fn render_values_or(values: &[EnumValue]) -> String {
    let q: Vec<String> = values.iter().map(|v| format!("\"{}\"", v.name)).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        2 => format!("{} or {}", q[0], q[1]),
        n => format!("{}, or {}", q[..n - 1].join(", "), q[n - 1]),
    }
}

/// `"value": description` on one line.
fn value_line(text: &str) -> Option<EnumValue> {
    let r = text.strip_prefix('"')?;
    let end = r.find('"')?;
    let desc = r[end + 1..].strip_prefix(": ")?;
    Some(EnumValue {
        name: r[..end].to_string(),
        description: Some(desc.to_string()),
    })
}

fn indent_of(s: &str) -> usize {
    s.len() - s.trim_start_matches(' ').len()
}

/// Build a typed member from a `member` pair.
fn member(file: &Arc<str>, pair: Pair<Rule>) -> Result<Member, LegacyError> {
    let span = Span::of_pair(file, &pair);
    let mut it = pair.into_inner();
    let first = it.next().expect("member_first");
    let mut f = first.into_inner();
    let indent = f.next().map(|p| p.as_str().len()).unwrap_or(0);
    let name = f.next().map(|p| p.as_str().to_string()).unwrap_or_default();
    let gap = f.next().map(|p| p.as_str().len()).unwrap_or(0);
    let text0 = f.next().map(|p| p.as_str()).unwrap_or_default();
    let conts: Vec<&str> = it.map(|p| strip_nl(p.as_str())).collect();
    let mut full = text0.to_string();
    for c in &conts {
        full.push('\n');
        full.push_str(c);
    }
    let no_type = || LegacyError::MemberWithoutType {
        span: span.clone(),
        name: name.clone(),
    };
    let tpos = full.find("json-").ok_or_else(no_type)?;
    let open = full[..tpos].rfind('(').ok_or_else(no_type)?;
    let close = tpos + full[tpos..].find(')').ok_or_else(no_type)?;
    let ann = &full[open + 1..close];
    let before = &full[..open];
    let after = &full[close + 1..];

    // The annotation: [prefix, ]json-type[, optional][SEP suffix]
    let t_in = tpos - open - 1;
    let prefix = if t_in == 0 {
        None
    } else {
        Some(
            ann[..t_in]
                .strip_suffix(", ")
                .ok_or_else(no_type)?
                .to_string(),
        )
    };
    let t_end = ann[t_in..]
        .find([',', ';'])
        .map(|e| t_in + e)
        .unwrap_or(ann.len());
    let json_type = JsonType::parse(&ann[t_in..t_end]);
    let mut rest = &ann[t_end..];
    let optional = if let Some(r) = rest.strip_prefix(", optional") {
        rest = r;
        true
    } else {
        false
    };
    let mut values = Vec::new();
    let mut values_layout = ValuesLayout::Default;
    let mut suffix = None;
    if !rest.is_empty() {
        let text_at = rest
            .find(|c: char| !matches!(c, ',' | ';' | ' '))
            .unwrap_or(rest.len());
        let (sep, text) = rest.split_at(text_at);
        match inline_values(text) {
            Some(v) if sep == ", " => {
                values = v;
                values_layout = ValuesLayout::Inline;
            }
            _ => suffix = Some((sep.to_string(), text.to_string())),
        }
    }

    // Description lines before and on the annotation line.
    let mut lines = Vec::new();
    let mut desc_parts: Vec<&str> = Vec::new();
    let before_lines: Vec<&str> = before.split('\n').collect();
    let n_before = before_lines.len();
    for (i, l) in before_lines.iter().enumerate() {
        let (ind, body) = if i == 0 {
            (0, *l)
        } else {
            (indent_of(l), &l[indent_of(l)..])
        };
        let last = i + 1 == n_before;
        let body = if last {
            if body.is_empty() {
                body
            } else {
                body.strip_suffix(' ').ok_or_else(no_type)?
            }
        } else {
            body
        };
        if !body.is_empty() {
            desc_parts.push(body);
        }
        lines.push(DescLine {
            indent: ind,
            len: body.len(),
            annotation: last,
        });
    }
    // After the annotation: the rest of its line, then more lines.
    let mut after_lines = after.split('\n');
    let after_annotation = after_lines.next().unwrap_or_default().to_string();
    let after_lines: Vec<&str> = after_lines.collect();
    let mut value_lines: Vec<EnumValue> = Vec::new();
    let mut value_indent = None;
    let mut list_line = None;
    let mut desc_after: Vec<&str> = Vec::new();
    for l in &after_lines {
        let ind = indent_of(l);
        let body = &l[ind..];
        if desc_after.is_empty() && list_line.is_none() && values.is_empty() {
            if let Some(v) = value_line(body) {
                if value_indent.unwrap_or(ind) == ind {
                    value_indent = Some(ind);
                    value_lines.push(v);
                    continue;
                }
            }
            if value_lines.is_empty() {
                if let Some(v) = inline_values(body) {
                    list_line = Some((ind, v));
                    continue;
                }
            }
        }
        desc_after.push(l);
    }
    if !desc_after.is_empty() && (!value_lines.is_empty() || list_line.is_some()) {
        // values followed by prose: keep everything as prose
        desc_after = after_lines.clone();
        value_lines.clear();
        list_line = None;
    }
    if let Some(ind) = value_indent.filter(|_| !value_lines.is_empty()) {
        values = value_lines;
        values_layout = ValuesLayout::Lines(ind);
    } else if let Some((ind, v)) = list_line {
        values = v;
        values_layout = ValuesLayout::ListLine(ind);
    }
    for l in desc_after {
        let ind = indent_of(l);
        let body = &l[ind..];
        if !body.is_empty() {
            desc_parts.push(body);
        }
        lines.push(DescLine {
            indent: ind,
            len: body.len(),
            annotation: false,
        });
    }

    Ok(Member {
        name,
        json_type,
        optional,
        description: desc_parts.join(" "),
        values,
        members: Vec::new(),
        span,
        layout: MemberLayout {
            indent: Some(indent),
            gap: Some(gap),
            lines,
            annotation_prefix: prefix,
            annotation_suffix: suffix,
            after_annotation,
            values: values_layout,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "  Events\n  ======\n\nFOO\n---\n\nEmitted when foo.\n\nData:\n\n- \"device\": device name (json-string)\n- \"action\": what happened, one of (json-string):\n    \"a\": first\n    \"b\": second\n- \"op\": operation (json-string, \"read\" or \"write\")\n- \"srv\": server (json-object)\n  - \"port\": port (json-int, optional)\n\nExample:\n\n{ \"event\": \"FOO\",\n  \"data\": { \"device\": \"d\" } }\n\nNote: bar.\n";

    #[test]
    fn typed_members() {
        let d = parse_events_txt("e.txt", DOC).unwrap();
        assert_eq!(d.title.text, "Events");
        let ev = &d.events[0];
        assert_eq!(ev.names, ["FOO"]);
        let data = ev.data.as_ref().unwrap();
        assert_eq!(data.len(), 4);
        assert_eq!(data[0].json_type, JsonType::String);
        assert_eq!(data[0].description, "device name");
        assert_eq!(data[1].values.len(), 2);
        assert_eq!(data[1].values[1].description.as_deref(), Some("second"));
        assert_eq!(data[2].values[1].name, "write");
        assert_eq!(data[3].members[0].name, "port");
        assert!(data[3].members[0].optional);
        assert_eq!(data[3].members[0].span.line, 17);
        assert_eq!(ev.examples.len(), 1);
        assert!(ev.examples[0].is_valid_json());
        assert_eq!(ev.notes[0].lines, ["Note: bar."]);
    }

    #[test]
    fn data_item_without_type() {
        let src = "T\n=\n\nFOO\n---\n\nData:\n\n- \"device\": device name\n";
        let e = parse_events_txt("e.txt", src).unwrap_err();
        assert_eq!(
            e.to_string(),
            "e.txt:9: data item \"device\" has no type: expected an annotation such as (json-string) or (json-int, optional)"
        );
    }

    #[test]
    fn never_panics_on_garbage() {
        for src in [
            "",
            "T\n=\n",
            "T\n=\nX\n-\n- \"a\": (json-",
            "T\n=\nX\n-\n- \"a\": b) (json-int\n",
            "T\n=\nX\n-\n- \"\": (x, json-int)\n",
        ] {
            let _ = parse_events_txt("g.txt", src);
        }
    }
}
