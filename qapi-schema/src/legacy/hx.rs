//! Reader for `.hx` files: `qmp-commands.hx` (and `hmp-commands.hx`).
//!
//! [`parse_hx`] gives the syntax tree, [`HxFile`]: `HXCOMM` comments,
//! `SQMP`/`EQMP` and `STEXI`/`ETEXI` blocks (their lines kept byte for byte),
//! preprocessor lines and the C initializer entries of the dispatch table.
//! [`HxFile::command_table`] then links each dispatch entry to the `SQMP`
//! block documenting it, parses its `args_type` and its examples.

use std::sync::Arc;

use pest::iterators::Pair;
use pest::Parser;

use super::args_type::{parse_args_type, ArgsType};
use super::error::{from_pest, LegacyError};
use super::example::{arrow_examples, Example};
use super::Span;

#[derive(pest_derive::Parser)]
#[grammar = "legacy/hx.pest"]
struct HxParser;

/// A parsed `.hx` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HxFile {
    /// The file name used in spans.
    pub file: Arc<str>,
    /// The items in file order (blank lines outside blocks are dropped).
    pub items: Vec<HxItem>,
}

/// One top-level item of an `.hx` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HxItem {
    /// `HXCOMM text`: a comment that reaches no output.
    Comment(Line),
    /// `DEFHEADING(...)` / `ARCHHEADING(...)` (whole line).
    Heading(Line),
    /// `SQMP` … `EQMP`: reference text for `qmp-commands.txt`.
    Qmp(DocBlock),
    /// `STEXI` … `ETEXI`: texinfo text.
    Texi(DocBlock),
    /// A C preprocessor line such as `#if defined(CONFIG_SPICE)` (whole
    /// line, leading blanks removed).
    Preproc(Line),
    /// A dispatch table entry.
    Entry(Entry),
}

/// A line of text with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The text (for `HXCOMM`, what follows `HXCOMM`; otherwise the line
    /// without its newline).
    pub text: String,
    /// Where the line starts.
    pub span: Span,
}

/// An `SQMP`/`EQMP` or `STEXI`/`ETEXI` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocBlock {
    /// The opening line.
    pub span: Span,
    /// Text after `SQMP`/`STEXI` on the opening line (normally empty).
    pub open_rest: String,
    /// The lines between the markers.
    pub lines: Vec<DocLine>,
    /// The closing line, `None` when the block is not terminated.
    pub close: Option<Span>,
}

impl DocBlock {
    /// The text lines (what QEMU's build copies out), with spans.
    pub fn text_lines(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter_map(|l| match l {
            DocLine::Text(t) => Some(t),
            _ => None,
        })
    }
}

/// A line inside a documentation block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocLine {
    /// Ordinary text, copied to the output byte for byte.
    Text(Line),
    /// `HXCOMM` inside the block: dropped from the output.
    Comment(Line),
    /// `DEFHEADING`/`ARCHHEADING` inside the block: dropped from the output.
    Heading(Line),
}

/// A dispatch table entry: `{ .name = "...", .args_type = "...", ... }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The opening brace.
    pub span: Span,
    /// The fields in source order.
    pub fields: Vec<Field>,
    /// Preprocessor conditions in force, outermost first, e.g.
    /// `["defined(CONFIG_SPICE)"]`; an `#else` branch is `!(COND)`.
    pub conditions: Vec<String>,
}

/// One `.field = value` of an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The field name without the leading dot, e.g. `mhandler.cmd_new`.
    pub name: String,
    /// The value.
    pub value: FieldValue,
    /// Where `.name` starts.
    pub span: Span,
}

/// The value of a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    /// One or more adjacent C string literals.
    Str {
        /// The concatenated, unescaped string.
        value: String,
        /// The literals as written, quotes included.
        literals: Vec<String>,
    },
    /// Any other C expression (identifier, constant), trimmed.
    Expr(String),
}

impl FieldValue {
    /// The string value, for string fields.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            FieldValue::Str { value, .. } => Some(value),
            FieldValue::Expr(_) => None,
        }
    }
    /// The expression text, for non-string fields.
    pub fn as_expr(&self) -> Option<&str> {
        match self {
            FieldValue::Expr(e) => Some(e),
            FieldValue::Str { .. } => None,
        }
    }
}

/// How a command is dispatched (the `.mhandler.*` field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handler {
    /// `.mhandler.cmd_new`: synchronous QObject handler.
    CmdNew(String),
    /// `.mhandler.cmd_async`: asynchronous handler.
    CmdAsync(String),
    /// `.mhandler.cmd`: plain HMP handler.
    Cmd(String),
    /// `.mhandler.info` or any other `mhandler` member: (member, function).
    Other(String, String),
}

impl Entry {
    /// The field called `name` (without the dot).
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
    fn str_field(&self, name: &str) -> Option<&str> {
        self.field(name).and_then(|f| f.value.as_str())
    }
    /// `.name`
    pub fn name(&self) -> Option<&str> {
        self.str_field("name")
    }
    /// `.args_type`
    pub fn args_type(&self) -> Option<&str> {
        self.str_field("args_type")
    }
    /// `.params`
    pub fn params(&self) -> Option<&str> {
        self.str_field("params")
    }
    /// `.help`
    pub fn help(&self) -> Option<&str> {
        self.str_field("help")
    }
    /// `.user_print`
    pub fn user_print(&self) -> Option<&str> {
        self.field("user_print").and_then(|f| f.value.as_expr())
    }
    /// `.flags`
    pub fn flags(&self) -> Option<&str> {
        self.field("flags").and_then(|f| f.value.as_expr())
    }
    /// The `.mhandler.*` field.
    pub fn handler(&self) -> Option<Handler> {
        self.fields.iter().find_map(|f| {
            let member = f.name.strip_prefix("mhandler.")?;
            let func = f.value.as_expr()?.to_string();
            Some(match member {
                "cmd_new" => Handler::CmdNew(func),
                "cmd_async" => Handler::CmdAsync(func),
                "cmd" => Handler::Cmd(func),
                other => Handler::Other(other.to_string(), func),
            })
        })
    }
    /// True when `.flags` contains `MONITOR_CMD_ASYNC`.
    pub fn is_async(&self) -> bool {
        self.flags()
            .is_some_and(|f| f.contains("MONITOR_CMD_ASYNC"))
    }
}

/// Parse the text of an `.hx` file.  `file` names it in spans and errors.
///
/// Block structure errors (an `SQMP` never closed, an `SQMP` inside an
/// `SQMP`, a stray `EQMP`, text that is neither) are reported here; the
/// first one found is returned.
pub fn parse_hx(file: &str, src: &str) -> Result<HxFile, LegacyError> {
    let file: Arc<str> = file.into();
    let mut pairs = HxParser::parse(Rule::file, src).map_err(|e| from_pest(&file, e))?;
    let top = pairs.next().expect("file rule matched");
    let mut items = Vec::new();
    let mut conds: Vec<String> = Vec::new();
    let top: Vec<Pair<Rule>> = top.into_inner().collect();
    for (idx, pair) in top.iter().enumerate() {
        let span = Span::of_pair(&file, pair);
        match pair.as_rule() {
            Rule::hxcomm => items.push(HxItem::Comment(hxcomm_line(&file, pair))),
            Rule::heading => items.push(HxItem::Heading(whole_line(&file, pair))),
            Rule::preproc => {
                let line = whole_line(&file, pair);
                track_condition(&mut conds, line.text.trim_start());
                items.push(HxItem::Preproc(Line {
                    text: line.text.trim_start().to_string(),
                    span: line.span,
                }));
            }
            Rule::sqmp | Rule::stexi => {
                let (open, close) = if pair.as_rule() == Rule::sqmp {
                    ("SQMP", "EQMP")
                } else {
                    ("STEXI", "ETEXI")
                };
                let block = doc_block(&file, pair);
                if block.close.is_none() {
                    let next_is_open = top
                        .get(idx + 1)
                        .is_some_and(|p| p.as_rule() == pair.as_rule());
                    return Err(if next_is_open {
                        LegacyError::Nested {
                            span: Span::of_pair(&file, &top[idx + 1]),
                            open,
                            close,
                            outer_line: span.line,
                        }
                    } else {
                        LegacyError::Unterminated { span, open, close }
                    });
                }
                items.push(if open == "SQMP" {
                    HxItem::Qmp(block)
                } else {
                    HxItem::Texi(block)
                });
            }
            Rule::stray_close => {
                let (open, close) = if pair.as_str().starts_with("EQMP") {
                    ("SQMP", "EQMP")
                } else {
                    ("STEXI", "ETEXI")
                };
                return Err(LegacyError::StrayClose { span, open, close });
            }
            Rule::entry => items.push(HxItem::Entry(entry(&file, pair, &conds))),
            Rule::junk => {
                let t = pair.as_str().trim();
                let msg = if t.starts_with('{') || t.starts_with('.') || t.starts_with('}') {
                    "malformed dispatch entry: expected `{ .field = value, ... },`".to_string()
                } else {
                    format!(
                        "unexpected text outside SQMP/STEXI blocks: {:?} (expected HXCOMM, SQMP, STEXI, a preprocessor line or a dispatch entry)",
                        t.chars().take(40).collect::<String>()
                    )
                };
                return Err(LegacyError::syntax(span, msg));
            }
            Rule::EOI => {}
            _ => {}
        }
    }
    Ok(HxFile { file, items })
}

fn track_condition(conds: &mut Vec<String>, line: &str) {
    let body = line[1..].trim_start();
    let (word, rest) = body.split_once([' ', '\t']).unwrap_or((body, ""));
    let rest = rest.trim().to_string();
    match word {
        "if" => conds.push(rest),
        "ifdef" => conds.push(format!("defined({rest})")),
        "ifndef" => conds.push(format!("!defined({rest})")),
        "else" | "elif" => {
            if let Some(c) = conds.pop() {
                let negated = format!("!({c})");
                conds.push(if word == "else" {
                    negated
                } else {
                    format!("{negated} && ({rest})")
                });
            }
        }
        "endif" => {
            conds.pop();
        }
        _ => {}
    }
}

fn line_text(pair: &Pair<Rule>) -> String {
    pair.as_str()
        .strip_suffix('\n')
        .unwrap_or(pair.as_str())
        .to_string()
}

fn whole_line(file: &Arc<str>, pair: &Pair<Rule>) -> Line {
    Line {
        text: line_text(pair),
        span: Span::of_pair(file, pair),
    }
}

fn hxcomm_line(file: &Arc<str>, pair: &Pair<Rule>) -> Line {
    let t = line_text(pair);
    Line {
        text: t.strip_prefix("HXCOMM").unwrap_or(&t).to_string(),
        span: Span::of_pair(file, pair),
    }
}

fn doc_block(file: &Arc<str>, pair: &Pair<Rule>) -> DocBlock {
    let span = Span::of_pair(file, pair);
    let mut block = DocBlock {
        span,
        open_rest: String::new(),
        lines: Vec::new(),
        close: None,
    };
    for p in pair.clone().into_inner() {
        match p.as_rule() {
            Rule::sqmp_open | Rule::stexi_open => {
                let t = line_text(&p);
                let marker = if p.as_rule() == Rule::sqmp_open { 4 } else { 5 };
                block.open_rest = t.get(marker..).unwrap_or_default().to_string();
            }
            Rule::sqmp_close | Rule::stexi_close => block.close = Some(Span::of_pair(file, &p)),
            Rule::sqmp_text | Rule::stexi_text => {
                block.lines.push(DocLine::Text(whole_line(file, &p)))
            }
            Rule::hxcomm => block.lines.push(DocLine::Comment(hxcomm_line(file, &p))),
            Rule::heading => block.lines.push(DocLine::Heading(whole_line(file, &p))),
            _ => {}
        }
    }
    block
}

fn entry(file: &Arc<str>, pair: &Pair<Rule>, conds: &[String]) -> Entry {
    let mut e = Entry {
        span: Span::of_pair(file, pair),
        fields: Vec::new(),
        conditions: conds.to_vec(),
    };
    for f in pair
        .clone()
        .into_inner()
        .filter(|p| p.as_rule() == Rule::field)
    {
        let span = Span::of_pair(file, &f);
        let mut inner = f.into_inner();
        let name = inner
            .next()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default();
        let value = match inner.next() {
            Some(v) if v.as_rule() == Rule::strings => {
                let literals: Vec<String> =
                    v.into_inner().map(|s| s.as_str().to_string()).collect();
                let value = literals
                    .iter()
                    .map(|l| unescape_c(&l[1..l.len() - 1]))
                    .collect();
                FieldValue::Str { value, literals }
            }
            Some(v) => FieldValue::Expr(v.as_str().trim().to_string()),
            None => FieldValue::Expr(String::new()),
        };
        e.fields.push(Field { name, value, span });
    }
    e
}

/// Undo C string escapes (the common ones; others keep the character).
fn unescape_c(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The dispatch table of an `.hx` file with each command's documentation.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandTable {
    /// Index (into [`HxFile::items`]) of the introductory `SQMP` block that
    /// precedes every entry, if any.
    pub preamble: Option<usize>,
    /// The commands in dispatch-table order.
    pub commands: Vec<DispatchCommand>,
    /// `SQMP` blocks documenting a command that has no entry in this file.
    /// QEMU 0.14 and 0.15 documented their query commands here while
    /// dispatching them through the monitor's `info` table in monitor.c.
    pub unlinked: Vec<CommandDoc>,
}

/// One command of the dispatch table.
#[derive(Debug, Clone, PartialEq)]
pub struct DispatchCommand {
    /// The command name (`.name`).
    pub name: String,
    /// Index of the [`HxItem::Entry`] in [`HxFile::items`].
    pub entry: usize,
    /// The parsed `.args_type`.
    pub args: ArgsType,
    /// The `SQMP` block documenting the command, if any.
    pub doc: Option<CommandDoc>,
}

/// The `SQMP` block documenting a command.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandDoc {
    /// Index of the [`HxItem::Qmp`] block in [`HxFile::items`].
    pub block: usize,
    /// The title line (normally the command name; sometimes an
    /// abbreviation such as `dump` for `dump-guest-memory`).
    pub title: Line,
    /// The line under the title when it consists of `-` characters.
    pub underline: Option<String>,
    /// True when the block was linked by its title; false when linked to
    /// the entry right before it because the title names no entry.
    pub by_name: bool,
    /// The `->`/`<-` examples of the block.
    pub examples: Vec<Example>,
}

fn title_of(block: &DocBlock) -> Option<(&Line, Option<String>)> {
    let mut texts = block.text_lines();
    let first = texts.next()?;
    let t = first.text.as_str();
    let ok = !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !ok {
        return None;
    }
    let underline = texts
        .next()
        .filter(|l| !l.text.is_empty() && l.text.chars().all(|c| c == '-'))
        .map(|l| l.text.clone());
    Some((first, underline))
}

impl HxFile {
    /// The dispatch entries with their item indexes.
    pub fn entries(&self) -> impl Iterator<Item = (usize, &Entry)> {
        self.items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| match it {
                HxItem::Entry(e) => Some((i, e)),
                _ => None,
            })
    }

    /// The `SQMP` blocks with their item indexes.
    pub fn qmp_blocks(&self) -> impl Iterator<Item = (usize, &DocBlock)> {
        self.items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| match it {
                HxItem::Qmp(b) => Some((i, b)),
                _ => None,
            })
    }

    /// Build the command table: parse every entry's `args_type` and link
    /// every `SQMP` block to the entry it documents.
    ///
    /// Errors: an entry without `.name` or `.args_type`, a malformed
    /// `args_type`, an `SQMP` block that names no command, or one whose
    /// title matches no entry.  All errors are returned, in file order.
    pub fn command_table(&self) -> Result<CommandTable, Vec<LegacyError>> {
        let mut errors = Vec::new();
        let mut commands = Vec::new();
        for (i, e) in self.entries() {
            let Some(name) = e.name() else {
                errors.push(LegacyError::MissingField {
                    span: e.span.clone(),
                    field: ".name",
                });
                continue;
            };
            let Some(at) = e.field("args_type") else {
                errors.push(LegacyError::MissingField {
                    span: e.span.clone(),
                    field: ".args_type",
                });
                continue;
            };
            let at_str = at.value.as_str().unwrap_or_default();
            let args = match parse_args_type(at_str) {
                Ok(a) => a,
                Err(err) => {
                    errors.push(LegacyError::BadArgsType {
                        span: at.span.clone(),
                        args_type: at_str.to_string(),
                        reason: err.reason,
                    });
                    continue;
                }
            };
            commands.push(DispatchCommand {
                name: name.to_string(),
                entry: i,
                args,
                doc: None,
            });
        }

        let first_entry = self.entries().next().map(|(i, _)| i).unwrap_or(usize::MAX);
        let mut preamble = None;
        let mut unlinked = Vec::new();
        for (bi, block) in self.qmp_blocks() {
            let Some((title, underline)) = title_of(block) else {
                if preamble.is_none() && bi < first_entry {
                    preamble = Some(bi);
                } else {
                    errors.push(LegacyError::UnnamedDocBlock {
                        span: block.span.clone(),
                    });
                }
                continue;
            };
            let by_name = commands
                .iter()
                .position(|c| c.name == title.text && c.doc.is_none());
            // Fallback: the undocumented entry right before the block.
            let before = || {
                let prev = self.items[..bi]
                    .iter()
                    .rposition(|it| matches!(it, HxItem::Entry(_) | HxItem::Qmp(_)))?;
                let c = commands.iter().position(|c| c.entry == prev)?;
                commands[c].doc.is_none().then_some(c)
            };
            let (target, linked_by_name) = match by_name {
                Some(c) => (c, true),
                None => match before() {
                    Some(c) => (c, false),
                    None => (usize::MAX, false),
                },
            };
            let lines: Vec<(&str, Span)> = block
                .text_lines()
                .map(|l| (l.text.as_str(), l.span.clone()))
                .collect();
            let doc = CommandDoc {
                block: bi,
                title: title.clone(),
                underline,
                by_name: linked_by_name,
                examples: arrow_examples(&lines),
            };
            match commands.get_mut(target) {
                Some(c) => c.doc = Some(doc),
                None => unlinked.push(doc),
            }
        }
        if errors.is_empty() {
            Ok(CommandTable {
                preamble,
                commands,
                unlinked,
            })
        } else {
            errors.sort_by_key(|e| match e {
                LegacyError::MissingField { span, .. }
                | LegacyError::BadArgsType { span, .. }
                | LegacyError::UnnamedDocBlock { span } => span.line,
                _ => 0,
            });
            Err(errors)
        }
    }
}

impl CommandTable {
    /// The command called `name`.
    pub fn get(&self, name: &str) -> Option<&DispatchCommand> {
        self.commands.iter().find(|c| c.name == name)
    }

    /// Report every command that has no `SQMP` block and is not documented
    /// elsewhere (`documented_elsewhere(name)`, e.g. "described in
    /// qapi-schema.json").
    pub fn undocumented(
        &self,
        hx: &HxFile,
        documented_elsewhere: impl Fn(&str) -> bool,
    ) -> Vec<LegacyError> {
        self.commands
            .iter()
            .filter(|c| c.doc.is_none() && !documented_elsewhere(&c.name))
            .map(|c| LegacyError::UndocumentedEntry {
                span: match &hx.items[c.entry] {
                    HxItem::Entry(e) => e.span.clone(),
                    _ => Span::new(&hx.file, 0, 0),
                },
                name: c.name.clone(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "HXCOMM header\n\nSQMP\n   Intro\n   -----\n\nEQMP\n\n    {\n        .name       = \"quit\",\n        .args_type  = \"\",\n        .help       = \"a\"\n                      \"b\\n\",\n        .mhandler.cmd_new = qmp_marshal_input_quit,\n    },\n\nSQMP\nquit\n----\n\n-> { \"execute\": \"quit\" }\n<- { \"return\": {} }\nHXCOMM dropped\nEQMP\n#if defined(CONFIG_X)\n    {\n        .name = \"x\",\n        .args_type = \"a:s?\",\n        .mhandler.cmd_async = do_x,\n        .flags = MONITOR_CMD_ASYNC,\n    },\n#endif\n";

    #[test]
    fn parses_tree_and_table() {
        let hx = parse_hx("t.hx", GOOD).unwrap();
        let entries: Vec<_> = hx.entries().collect();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].1.help(), Some("ab\n"));
        assert_eq!(entries[0].1.span.line, 9);
        assert_eq!(entries[1].1.conditions, ["defined(CONFIG_X)"]);
        assert!(entries[1].1.is_async());
        assert_eq!(
            entries[1].1.handler(),
            Some(Handler::CmdAsync("do_x".into()))
        );
        let t = hx.command_table().unwrap();
        assert_eq!(t.preamble, Some(1));
        let quit = t.get("quit").unwrap();
        let doc = quit.doc.as_ref().unwrap();
        assert_eq!(doc.title.span.line, 18);
        assert_eq!(doc.examples.len(), 2);
        assert!(doc.examples.iter().all(|e| e.is_valid_json()));
        let undocumented = t.undocumented(&hx, |_| false);
        assert_eq!(undocumented.len(), 1);
        assert_eq!(
            undocumented[0].to_string(),
            "t.hx:26: dispatch entry 'x' has no SQMP documentation block"
        );
    }

    fn table_err(src: &str) -> String {
        let hx = parse_hx("bad.hx", src).unwrap();
        let errs = hx.command_table().unwrap_err();
        errs[0].to_string()
    }

    #[test]
    fn entry_without_sqmp_block() {
        let src = "SQMP\n   Intro\n\nEQMP\n    {\n        .name = \"lonely\",\n        .args_type = \"\",\n    },\n";
        let hx = parse_hx("bad.hx", src).unwrap();
        let t = hx.command_table().unwrap();
        let errs = t.undocumented(&hx, |_| false);
        assert_eq!(
            errs[0].to_string(),
            "bad.hx:5: dispatch entry 'lonely' has no SQMP documentation block"
        );
        assert!(t.undocumented(&hx, |n| n == "lonely").is_empty());
    }

    #[test]
    fn sqmp_naming_no_command() {
        let src = "    {\n        .name = \"a\",\n        .args_type = \"\",\n    },\n\nSQMP\n\nJust some text.\nEQMP\n";
        let msg = table_err(src);
        assert!(
            msg.starts_with("bad.hx:6: SQMP block names no command"),
            "{msg}"
        );
    }

    #[test]
    fn sqmp_naming_unknown_command() {
        let src = "SQMP\nquery-x\n-------\nEQMP\n";
        let t = parse_hx("t.hx", src).unwrap().command_table().unwrap();
        assert!(t.commands.is_empty());
        assert_eq!(t.unlinked[0].title.text, "query-x");
        assert_eq!(t.unlinked[0].title.span.line, 2);
    }

    #[test]
    fn malformed_args_type() {
        let src = "    {\n        .name = \"a\",\n        .args_type = \"dev:B,size\",\n    },\n";
        let msg = table_err(src);
        assert_eq!(
            msg,
            "bad.hx:3: malformed args_type \"dev:B,size\": item 'size' has no ':TYPE'"
        );
    }

    #[test]
    fn unterminated_sqmp() {
        let e = parse_hx("bad.hx", "HXCOMM x\nSQMP\nquit\n----\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "bad.hx:2: unterminated SQMP block: no EQMP line before the end of the file"
        );
        let e = parse_hx("bad.hx", "SQMP\na\nSQMP\nb\nEQMP\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "bad.hx:3: SQMP inside the SQMP block opened at line 1; expected EQMP first"
        );
        let e = parse_hx("bad.hx", "\nEQMP\n").unwrap_err();
        assert_eq!(e.to_string(), "bad.hx:2: EQMP without a preceding SQMP");
    }

    #[test]
    fn missing_name_and_junk() {
        let msg = table_err("    {\n        .args_type = \"\",\n    },\n");
        assert_eq!(msg, "bad.hx:1: dispatch entry has no .name field");
        let e = parse_hx(
            "bad.hx",
            "    {\n        .name = \"a\"\n        .args_type = \"\",\n    },\n",
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("bad.hx:1: syntax error: malformed dispatch entry"),
            "{e}"
        );
        let e = parse_hx("bad.hx", "hello\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("bad.hx:1: syntax error: unexpected text"),
            "{e}"
        );
    }

    #[test]
    fn never_panics_on_garbage() {
        for src in [
            "",
            "{",
            "SQMP",
            "\"",
            "{ .a = \"\\",
            "#",
            "HXCOMM",
            "  \t",
            "{ . = }",
            "\u{0}\n}",
        ] {
            let _ = parse_hx("g.hx", src).map(|h| h.command_table());
        }
    }
}
