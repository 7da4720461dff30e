//! The block tree of a section's text (titles, paragraphs, lists,
//! literal blocks, examples, admonitions, quotes) and the problems found
//! while building it.

use super::example::{self, Example};
use super::lines::{dedent, indent, is_example, join, numbered, runs, unindent, Line, RunKind};

/// A block of the tree [`parse`] builds.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A title, at the level its adornment gives by QEMU's convention:
    /// `#` over and under 1 (the page), `*` over and under 2 (a chapter),
    /// `=` 3, `-` and `_` 4, `^` 5, `"` and any other 6.
    Title {
        level: u8,
        text: String,
    },
    /// A paragraph: its lines, unindented, joined with `\n`.
    Para(String),
    List(List),
    /// A literal block (after `::`, or a directive shown verbatim such as
    /// `.. table::`), with the directive's caption.
    Literal {
        caption: Option<String>,
        text: String,
    },
    /// A `.. qmp-example::` block.
    Example(Example),
    /// `.. note::`, `.. admonition:: Title` and the like.
    Admonition {
        title: String,
        body: Vec<Block>,
    },
    /// An indented block that is no literal block.
    Quote(Vec<Block>),
    /// A transition: a lone line of adornment.
    Rule,
}

/// A bullet or enumerated list.
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    pub kind: ListKind,
    /// The number of the first item (1 for `a.`).
    pub start: u32,
    /// Each item's blocks.
    pub items: Vec<Vec<Block>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Bullet,
    /// `1.`, `(2)`, `#.`
    Numbers,
    /// `a.`, `(b)`
    Lower,
    /// `A.`, `B)`
    Upper,
}

/// Something that does not parse as the markup it looks like.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Line, 0-based, within the section text.
    pub line: usize,
    pub message: String,
}

/// The blocks of a section's text and its problems.
#[derive(Debug, Default, PartialEq)]
pub struct Parsed {
    pub blocks: Vec<Block>,
    pub problems: Vec<Problem>,
}

/// Parses a section's text into blocks.
pub fn parse(text: &str) -> Parsed {
    let mut p = Parsed::default();
    p.blocks = blocks(&numbered(text), &mut p.problems);
    p
}

/// Parses a free-form doc comment: like [`parse`], and a first line
/// `= Title` or `== Title` is a title of level 2 or 3 (the older markup
/// QEMU's documentation generator still reads).
pub fn parse_freeform(text: &str) -> Parsed {
    let lines = numbered(text);
    let mut p = Parsed::default();
    let mut rest = &lines[..];
    if let Some(&(_, first)) = lines.first() {
        let lead = first.bytes().take_while(|&b| b == b'=').count();
        if lead > 0 && first[lead..].starts_with(' ') {
            p.blocks.push(Block::Title {
                level: (lead + 1).min(6) as u8,
                text: first[lead..].trim().to_owned(),
            });
            rest = &lines[1..];
        }
    }
    let more = blocks(rest, &mut p.problems);
    p.blocks.extend(more);
    p
}

/// A list being read: its items' lines (unindented by the width of
/// their marker), parsed when it ends.
struct OpenList<'t> {
    marker: Marker,
    items: Vec<(usize, Vec<Line<'t>>)>,
}

impl OpenList<'_> {
    fn close(self, problems: &mut Vec<Problem>) -> Block {
        Block::List(List {
            kind: self.marker.kind,
            start: self.marker.value,
            items: self
                .items
                .iter()
                .map(|(_, lines)| blocks(lines, problems))
                .collect(),
        })
    }
}

fn flush(list: &mut Option<OpenList>, out: &mut Vec<Block>, problems: &mut Vec<Problem>) {
    if let Some(l) = list.take() {
        out.push(l.close(problems));
    }
}

/// The block tree of `lines`.
fn blocks(lines: &[Line], problems: &mut Vec<Problem>) -> Vec<Block> {
    let mut out = Vec::new();
    let mut list: Option<OpenList> = None;
    // The paragraph before ended with `::`.
    let mut literal_next = false;
    for r in runs(lines) {
        let body = &lines[r.start..r.end];
        let literal = std::mem::take(&mut literal_next);
        if r.kind != RunKind::Para && r.indent > 0 {
            if let Some((width, item)) = list.as_mut().and_then(|l| l.items.last_mut()) {
                // More of the list's last item: a paragraph, a literal
                // block, a nested list.
                let n = r.indent.min(*width);
                item.push((body[0].0, ""));
                item.extend(body.iter().map(|&(k, l)| (k, unindent(l, n))));
                continue;
            }
            let inner = dedent(body);
            if literal {
                out.push(Block::Literal {
                    caption: None,
                    text: join(&inner),
                });
            } else {
                out.push(Block::Quote(blocks(&inner, problems)));
            }
            continue;
        }
        match r.kind {
            RunKind::Para => {
                literal_next = para_run(body, &mut out, &mut list, problems);
            }
            _ => {
                flush(&mut list, &mut out, problems);
                out.extend(directive(body, problems));
            }
        }
    }
    flush(&mut list, &mut out, problems);
    out
}

/// A list marker: `- `, `* `, `+ `, `1. `, `(a) `, `#. ` …
#[derive(Debug, Clone, Copy, PartialEq)]
struct Marker {
    kind: ListKind,
    /// The bullet, or the enumeration's punctuation (`.`, `)`, `(`).
    style: char,
    value: u32,
    /// Where the item's text starts.
    width: usize,
}

impl Marker {
    fn continues(&self, other: &Marker) -> bool {
        self.kind == other.kind && self.style == other.style
    }
}

fn marker(line: &str) -> Option<Marker> {
    let b = line.as_bytes();
    let text_at = |i: usize| -> Option<usize> {
        match b.get(i) {
            None => Some(i),
            Some(b' ') => Some(i + line[i..].len() - line[i..].trim_start().len()),
            _ => None,
        }
    };
    if let Some(&c @ (b'-' | b'*' | b'+')) = b.first() {
        return Some(Marker {
            kind: ListKind::Bullet,
            style: c as char,
            value: 1,
            width: text_at(1)?,
        });
    }
    let paren = b.first() == Some(&b'(');
    let from = usize::from(paren);
    let digits = b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let (kind, value, end) = if digits > 0 && digits < 9 {
        let v = line[from..from + digits].parse().ok()?;
        (ListKind::Numbers, v, from + digits)
    } else {
        match b.get(from) {
            Some(b'#') => (ListKind::Numbers, 1, from + 1),
            Some(c) if c.is_ascii_lowercase() => {
                (ListKind::Lower, u32::from(c - b'a') + 1, from + 1)
            }
            Some(c) if c.is_ascii_uppercase() => {
                (ListKind::Upper, u32::from(c - b'A') + 1, from + 1)
            }
            _ => return None,
        }
    };
    let close = *b.get(end)?;
    let ok = if paren {
        close == b')'
    } else {
        close == b'.' || close == b')'
    };
    if !ok || b.get(end + 1).is_none() {
        return None;
    }
    Some(Marker {
        kind,
        style: if paren { '(' } else { close as char },
        value,
        width: text_at(end + 1)?,
    })
}

/// The punctuation rST allows in adornment lines, but `.` (which starts
/// comments and elisions).
const ADORNMENT: &str = "!\"#$%&'()*+,-/:;<=>?@[\\]^_`{|}~";

/// A line that is one punctuation character repeated: (character, length).
fn adornment(line: &str) -> Option<(char, usize)> {
    let t = line.trim_end();
    let c = t.chars().next()?;
    (t.len() >= 2 && ADORNMENT.contains(c) && t.chars().all(|x| x == c)).then_some((c, t.len()))
}

fn level(c: char) -> u8 {
    match c {
        '#' => 1,
        '*' => 2,
        '=' => 3,
        '-' | '_' => 4,
        '^' => 5,
        _ => 6,
    }
}

/// A title at the start of `lines`: how many lines it takes, and the block.
fn title(lines: &[Line], problems: &mut Vec<Problem>) -> Option<(usize, Block)> {
    let adorned = |i: usize| lines.get(i).and_then(|(_, l)| adornment(l));
    let (used, over, (n, text), under) = match adorned(0) {
        Some(over) => {
            let t = *lines.get(1)?;
            if adornment(t.1).is_some() {
                return None;
            }
            (3, Some(over), t, adorned(2))
        }
        None => (2, None, lines[0], Some(adorned(1)?)),
    };
    let text = text.trim();
    if text.is_empty() || (over.is_none() && indent(lines[0].1) > 0) {
        return None;
    }
    let Some(under) = under else {
        problems.push(Problem {
            line: n,
            message: format!("title '{text}' has an overline but no matching underline"),
        });
        return None;
    };
    let width = text.chars().count();
    if over.is_some_and(|o| o != under) {
        problems.push(Problem {
            line: n,
            message: format!("title '{text}': overline and underline differ"),
        });
    }
    if under.1 < width || over.is_some_and(|o| o.1 < width) {
        problems.push(Problem {
            line: n,
            message: format!(
                "title adornment is shorter than its text '{text}' ({} < {width} characters)",
                over.map_or(under.1, |o| o.1.min(under.1))
            ),
        });
    }
    Some((
        used,
        Block::Title {
            level: level(under.0),
            text: text.to_owned(),
        },
    ))
}

/// Reads a paragraph run: titles, list items, paragraphs, transitions.
/// Returns whether its last paragraph announces a literal block (`::`).
fn para_run<'t>(
    lines: &[Line<'t>],
    out: &mut Vec<Block>,
    list: &mut Option<OpenList<'t>>,
    problems: &mut Vec<Problem>,
) -> bool {
    let mut j = 0;
    while j < lines.len() {
        if let Some((used, t)) = title(&lines[j..], problems) {
            flush(list, out, problems);
            out.push(t);
            j += used;
            continue;
        }
        let (n, line) = lines[j];
        if adornment(line).is_some_and(|(_, len)| len >= 3) {
            flush(list, out, problems);
            if lines.len() == 1 {
                out.push(Block::Rule);
            } else {
                problems.push(Problem {
                    line: n,
                    message: "line of adornment that is no title".into(),
                });
            }
            j += 1;
            continue;
        }
        if let Some(m) = marker(line).filter(|m| starts_list(m, &lines[j + 1..])) {
            if !list.as_ref().is_some_and(|l| l.marker.continues(&m)) {
                flush(list, out, problems);
                *list = Some(OpenList {
                    marker: m,
                    items: Vec::new(),
                });
            }
            let open = list.as_mut().expect("opened above");
            let mut item = vec![(n, &line[m.width..])];
            j += 1;
            while j < lines.len() && indent(lines[j].1) > 0 {
                item.push((lines[j].0, unindent(lines[j].1, m.width)));
                j += 1;
            }
            open.items.push((m.width, item));
            continue;
        }
        flush(list, out, problems);
        // A paragraph, up to the end of the run or a title.
        let start = j;
        j += 1;
        while j < lines.len()
            && adornment(lines[j].1).is_none()
            && lines.get(j + 1).is_none_or(|(_, l)| adornment(l).is_none())
        {
            j += 1;
        }
        let text: Vec<&str> = lines[start..j].iter().map(|(_, l)| l.trim()).collect();
        let mut text = text.join("\n");
        if j == lines.len() && text.ends_with("::") {
            // `Text::` reads `Text:`, `Text ::` reads `Text`, `::` nothing.
            text.truncate(text.len() - 1);
            if text.ends_with(" :") || text == ":" {
                text.truncate(text.len() - 1);
                text.truncate(text.trim_end().len());
            }
            if !text.is_empty() {
                out.push(Block::Para(text));
            }
            return true;
        }
        out.push(Block::Para(text));
    }
    false
}

/// Whether a marker starts a list item: an enumerator must be followed by
/// the end of the run, an indented line or another item (else the line is
/// a sentence starting with a number or letter, as rST reads it).
fn starts_list(m: &Marker, rest: &[Line]) -> bool {
    if m.kind == ListKind::Bullet {
        return true;
    }
    match rest.first() {
        None => true,
        Some((_, l)) => indent(l) > 0 || marker(l).is_some_and(|o| o.continues(m)),
    }
}

/// Admonitions: directive name and title.
const ADMONITIONS: &[(&str, &str)] = &[
    ("note", "Note"),
    ("caution", "Caution"),
    ("warning", "Warning"),
    ("important", "Important"),
    ("tip", "Tip"),
    ("hint", "Hint"),
    ("attention", "Attention"),
    ("danger", "Danger"),
    ("error", "Error"),
    ("seealso", "See also"),
    ("todo", "To do"),
];

/// Sphinx's version notes: directive name and the words before the version.
const VERSION_NOTES: &[(&str, &str)] = &[
    ("versionadded", "Added in version"),
    ("versionchanged", "Changed in version"),
    ("deprecated", "Deprecated since version"),
];

/// Directives whose body is shown verbatim.
const VERBATIM: &[&str] = &[
    "table",
    "csv-table",
    "list-table",
    "code-block",
    "code",
    "sourcecode",
    "parsed-literal",
    "math",
];

/// Directives that show nothing in a reference.
const SILENT: &[&str] = &["index", "highlight", "contents", "toctree", "sectnum"];

/// Reads a directive run (the directive line and its body).
fn directive(lines: &[Line], problems: &mut Vec<Problem>) -> Option<Block> {
    let (n, first) = lines[0];
    if is_example(first) {
        return Some(Block::Example(example::parse(lines)));
    }
    let rest = first.trim_start()[2..].trim_start();
    let (name, arg) = rest.split_once("::")?;
    if name.is_empty() || name.contains(char::is_whitespace) {
        return None; // a comment, or a substitution definition
    }
    let arg = arg.trim();
    // Options (`:widths: auto`) right after the directive line.
    let mut k = 1;
    while lines.get(k).is_some_and(|(_, l)| {
        let t = l.trim_start();
        t.starts_with(':') && t[1..].contains(':')
    }) {
        k += 1;
    }
    while lines.get(k).is_some_and(|(_, l)| l.trim().is_empty()) {
        k += 1;
    }
    let body = dedent(&lines[k..]);
    let with_arg = || {
        let mut v = Vec::with_capacity(body.len() + 1);
        if !arg.is_empty() {
            v.push((n, arg));
        }
        v.extend(body.iter().copied());
        v
    };
    if let Some((_, title)) = ADMONITIONS.iter().find(|(d, _)| *d == name) {
        return Some(Block::Admonition {
            title: (*title).to_owned(),
            body: blocks(&with_arg(), problems),
        });
    }
    if name == "admonition" {
        return Some(Block::Admonition {
            title: arg.to_owned(),
            body: blocks(&body, problems),
        });
    }
    if let Some((_, words)) = VERSION_NOTES.iter().find(|(d, _)| *d == name) {
        let (version, text) = arg.split_once(' ').unwrap_or((arg, ""));
        let mut inner = Vec::new();
        if !text.is_empty() {
            inner.push((n, text.trim()));
        }
        inner.extend(body.iter().copied());
        return Some(Block::Admonition {
            title: format!("{words} {version}"),
            body: blocks(&inner, problems),
        });
    }
    if SILENT.contains(&name) {
        return None;
    }
    if !VERBATIM.contains(&name) {
        problems.push(Problem {
            line: n,
            message: format!("unknown directive '{name}'"),
        });
        return Some(Block::Literal {
            caption: None,
            text: join(&dedent(&with_arg())),
        });
    }
    Some(Block::Literal {
        caption: (!arg.is_empty()).then(|| arg.to_owned()),
        text: join(&body),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Vec<Block> {
        let p = parse(text);
        assert_eq!(p.problems, [], "{text}");
        p.blocks
    }

    fn para(s: &str) -> Block {
        Block::Para(s.into())
    }

    #[test]
    fn titles_by_adornment() {
        let b = tree("*******\nChapter\n*******\n\nText.\n\nSection\n=======\nMore\ntext.\n\nSub\n---\n\nDeeper\n^^^^^^");
        assert_eq!(
            b,
            [
                Block::Title {
                    level: 2,
                    text: "Chapter".into()
                },
                para("Text."),
                Block::Title {
                    level: 3,
                    text: "Section".into()
                },
                para("More\ntext."),
                Block::Title {
                    level: 4,
                    text: "Sub".into()
                },
                Block::Title {
                    level: 5,
                    text: "Deeper".into()
                },
            ]
        );
    }

    #[test]
    fn old_heading_markup_in_freeform_docs() {
        let p = parse_freeform("== Error injection\n\nText.");
        assert_eq!(
            p.blocks,
            [
                Block::Title {
                    level: 3,
                    text: "Error injection".into()
                },
                para("Text.")
            ]
        );
        // Only a free-form comment's first line.
        assert_eq!(parse("== x").blocks, [para("== x")]);
    }

    #[test]
    fn lists() {
        let b = tree("Before:\n\n- one\n  more\n- two\n\n  second paragraph\n\n- three\n\n1. first\n2. second\n\n(c) third\n\nAfter.");
        let Block::List(l) = &b[1] else {
            panic!("{b:?}")
        };
        assert_eq!(l.kind, ListKind::Bullet);
        assert_eq!(
            l.items,
            [
                vec![para("one\nmore")],
                vec![para("two"), para("second paragraph")],
                vec![para("three")]
            ]
        );
        let Block::List(n) = &b[2] else {
            panic!("{b:?}")
        };
        assert_eq!((n.kind, n.start, n.items.len()), (ListKind::Numbers, 1, 2));
        let Block::List(c) = &b[3] else {
            panic!("{b:?}")
        };
        assert_eq!((c.kind, c.start), (ListKind::Lower, 3));
        assert_eq!(b[4], para("After."));
        // A sentence that starts like an enumerator is a paragraph.
        assert_eq!(
            tree("2. is a number\nhere."),
            [para("2. is a number\nhere.")]
        );
    }

    #[test]
    fn nested_list_and_literal_in_item() {
        let b = tree("- outer\n\n  - inner\n\n- shows::\n\n      raw  text\n");
        let Block::List(l) = &b[0] else {
            panic!("{b:?}")
        };
        assert!(matches!(&l.items[0][1], Block::List(i) if i.items == [vec![para("inner")]]));
        assert_eq!(
            l.items[1],
            [
                para("shows:"),
                Block::Literal {
                    caption: None,
                    text: "raw  text".into()
                }
            ]
        );
    }

    #[test]
    fn literal_blocks_and_quotes() {
        assert_eq!(
            tree("Run this ::\n\n    $ qemu\n      -S\n\nDone.\n\n    A quote.")[..2],
            [
                para("Run this"),
                Block::Literal {
                    caption: None,
                    text: "$ qemu\n  -S".into()
                }
            ]
        );
        assert_eq!(
            tree("Text.\n\n    A quote.")[1],
            Block::Quote(vec![para("A quote.")])
        );
        assert_eq!(
            tree("::\n\n  x"),
            [Block::Literal {
                caption: None,
                text: "x".into()
            }]
        );
    }

    #[test]
    fn directives() {
        let b = tree(".. note:: Read\n   this.\n\n   Twice.\n\n.. admonition:: Notes\n\n   1. one\n   2. two\n\n.. table:: Caption\n   :widths: auto\n\n   ==  ==\n   a   b\n   ==  ==\n\n.. index:: x\n\n.. a comment\n");
        assert_eq!(
            b[0],
            Block::Admonition {
                title: "Note".into(),
                body: vec![para("Read\nthis."), para("Twice.")]
            }
        );
        assert!(
            matches!(&b[1], Block::Admonition { title, body } if title == "Notes" && matches!(&body[0], Block::List(_)))
        );
        assert_eq!(
            b[2],
            Block::Literal {
                caption: Some("Caption".into()),
                text: "==  ==\na   b\n==  ==".into()
            }
        );
        assert_eq!(b.len(), 3);
    }

    #[test]
    fn problems_name_their_line() {
        let p = parse("Text.\n\nA long title\n=====\n\n.. nonsense:: x\n   body\n");
        assert_eq!(
            p.problems,
            [
                Problem {
                    line: 2,
                    message: "title adornment is shorter than its text 'A long title' (5 < 12 characters)".into()
                },
                Problem {
                    line: 5,
                    message: "unknown directive 'nonsense'".into()
                }
            ]
        );
        // Still a title, and the body shown verbatim: no markup gets out.
        assert!(matches!(&p.blocks[1], Block::Title { level: 3, .. }));
        assert!(matches!(&p.blocks[2], Block::Literal { text, .. } if text == "x\nbody"));
        let p = parse("*****\nTitle\n=====");
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, 1);
    }
}
