//! Documentation comments: the model of a `##` block ([`Doc`]) and its
//! reader, as specified in qapi-code-gen.rst ("Documentation comments")
//! and done by QEMU 10.2's `QAPISchemaParser.get_doc()` and `QAPIDoc`.
//!
//! The parser hands a block over line by line (`Block`); `read` reads
//! it in today's syntax, with the style rules of `style`, `lenient` in
//! the historical dialect's.  The schema builder then
//! connects each section to the member it describes.

mod lenient;
mod read;
mod style;

use std::sync::Arc;

use crate::error::{Error, Kind, Result};
use crate::source::{column, Info};

pub(crate) use lenient::read_lenient;
pub(crate) use read::read;

/// How documentation style rules (line length, sentence spacing) are
/// enforced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StyleRules {
    /// As errors, like QEMU 10.2.
    #[default]
    Error,
    /// As warnings, collected in the schema's warnings.
    Warn,
    /// Not checked (the historical dialect predates them).
    Off,
}

/// A `##` comment block, as the parser found it.
pub(crate) struct Block<'s> {
    pub file: &'s Arc<str>,
    /// Its comment lines, from the opening `##` on; with `closed`, the
    /// last one is the closing line (a comment starting with `##`).
    pub lines: Vec<Line<'s>>,
    pub closed: bool,
    /// The lexical error of the token after the block, if it is no
    /// token: QEMU's parser reads that token before it finishes the
    /// block, so it is reported after the lines' errors and before the
    /// checks of the whole comment.
    pub next_error: Option<Error>,
    /// Where the token after the block is.
    pub end: Info,
}

/// One comment line of a [`Block`].
pub(crate) struct Line<'s> {
    /// The source line, from its start to the end of the comment.
    pub source: &'s str,
    /// Where the comment (its `#`) starts in `source`.
    pub start: usize,
    /// 1-based line number.
    pub number: u32,
}

impl<'s> Line<'s> {
    /// The comment, `#` included.
    fn text(&self) -> &'s str {
        &self.source[self.start..]
    }

    fn info(&self, file: &Arc<str>) -> Info {
        Info::new(file.clone(), self.number, None)
    }

    /// An error at the comment, with QEMU's column.
    fn error(&self, file: &Arc<str>, kind: Kind, msg: impl Into<String>) -> Error {
        let col = column(self.source, self.start);
        Error::new(kind, self.info(file).with_col(col), msg)
    }
}

/// What a section of a documentation comment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum SectionKind {
    /// Untagged text: the body, or paragraphs after other sections.
    Plain,
    /// `@name:` describing a member (argument, enum value, branch).
    Member,
    /// `@name:` under `Features:`.
    Feature,
    Returns,
    Errors,
    Since,
    Todo,
    /// `Note:`/`Notes:` (historical dialect only).
    Note,
    /// `Example:`/`Examples:` (historical dialect only).
    Example,
}

impl SectionKind {
    /// QEMU's name for the kind (`Kind.__str__`).
    pub fn title(self) -> &'static str {
        match self {
            SectionKind::Plain => "Plain",
            SectionKind::Member => "Member",
            SectionKind::Feature => "Feature",
            SectionKind::Returns => "Returns",
            SectionKind::Errors => "Errors",
            SectionKind::Since => "Since",
            SectionKind::Todo => "Todo",
            SectionKind::Note => "Note",
            SectionKind::Example => "Example",
        }
    }
}

/// One section of a documentation comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub info: Info,
    pub kind: SectionKind,
    /// The member or feature a `Member`/`Feature` section describes.
    pub name: Option<String>,
    /// The text without its tag, leading and trailing blank lines removed.
    pub text: String,
    /// For `Member`/`Feature` sections: whether a definition has that
    /// member (set by the semantic checks).
    pub connected: bool,
    /// A stub made for a member the comment does not describe.
    pub stub: bool,
}

impl Section {
    /// Whether this is the `kind` section (a description) of `name`.
    fn is(&self, kind: SectionKind, name: &str) -> bool {
        self.kind == kind && self.name.as_deref() == Some(name)
    }

    fn new(info: Info, kind: SectionKind, name: Option<String>) -> Self {
        Section {
            info,
            kind,
            name,
            text: String::new(),
            connected: false,
            stub: false,
        }
    }

    fn append_line(&mut self, line: &str) {
        if self.text.capacity() == 0 {
            // Most sections are a line or two: one allocation for them.
            self.text.reserve((line.len() + 1).max(96));
        }
        self.text.push_str(line);
        self.text.push('\n');
    }
}

/// A documentation comment: free-form, or documenting the definition
/// `symbol`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// The `##` line that opens the comment.
    pub info: Info,
    pub symbol: Option<String>,
    /// All sections, in textual order (stubs for undocumented members are
    /// inserted after the member sections).  `sections[0]` is the body.
    pub sections: Vec<Section>,
}

impl Doc {
    fn new(info: Info, symbol: Option<String>) -> Self {
        let body = Section::new(info.clone(), SectionKind::Plain, None);
        // A definition's comment has a few sections: grown once at most.
        let mut sections = Vec::with_capacity(if symbol.is_some() { 8 } else { 2 });
        sections.push(body);
        Doc {
            info,
            symbol,
            sections,
        }
    }

    /// The body: the untagged text at the start.
    pub fn body(&self) -> &Section {
        &self.sections[0]
    }

    /// Member descriptions, in the order they were written (stubs last).
    pub fn args(&self) -> impl Iterator<Item = &Section> {
        self.ordered(SectionKind::Member)
    }

    /// Feature descriptions, in the order they were written.
    pub fn features(&self) -> impl Iterator<Item = &Section> {
        self.ordered(SectionKind::Feature)
    }

    fn ordered(&self, kind: SectionKind) -> impl Iterator<Item = &Section> {
        let written = self
            .sections
            .iter()
            .filter(move |s| s.kind == kind && !s.stub);
        let stubs = self
            .sections
            .iter()
            .filter(move |s| s.kind == kind && s.stub);
        written.chain(stubs)
    }

    /// The sections other than body, members and features, in order.
    pub fn other_sections(&self) -> impl Iterator<Item = &Section> {
        self.sections[1..]
            .iter()
            .filter(|s| !matches!(s.kind, SectionKind::Member | SectionKind::Feature))
    }

    pub fn arg(&self, name: &str) -> Option<&Section> {
        self.find(SectionKind::Member, name)
    }

    pub fn feature(&self, name: &str) -> Option<&Section> {
        self.find(SectionKind::Feature, name)
    }

    fn find(&self, kind: SectionKind, name: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.is(kind, name))
    }

    fn find_mut(&mut self, kind: SectionKind, name: &str) -> Option<&mut Section> {
        self.sections.iter_mut().find(|s| s.is(kind, name))
    }

    /// The first section of a kind (`Returns`, `Errors`, `Since`).
    pub fn tagged(&self, kind: SectionKind) -> Option<&Section> {
        self.sections[1..].iter().find(|s| s.kind == kind)
    }

    fn has_features(&self) -> bool {
        self.sections.iter().any(|s| s.kind == SectionKind::Feature)
    }

    fn append_line(&mut self, line: &str) {
        self.sections
            .last_mut()
            .expect("a doc always has a body")
            .append_line(line);
    }

    fn ensure_untagged_section(&mut self, info: Info) {
        let last = self.sections.last_mut().expect("a doc always has a body");
        if last.kind == SectionKind::Plain {
            if last.text.is_empty() {
                // Empty so far: the section starts here.
                last.info = info;
            }
            last.text.push('\n');
            return;
        }
        self.sections
            .push(Section::new(info, SectionKind::Plain, None));
    }

    fn new_tagged_section(&mut self, info: Info, kind: SectionKind) -> Result<()> {
        if matches!(
            kind,
            SectionKind::Returns | SectionKind::Errors | SectionKind::Since
        ) && self.tagged(kind).is_some()
        {
            return Err(Error::new(
                Kind::Doc,
                info,
                format!("duplicated '{}' section", kind.title()),
            ));
        }
        self.sections.push(Section::new(info, kind, None));
        Ok(())
    }

    fn new_description(&mut self, info: Info, name: &str, kind: SectionKind) -> Result<()> {
        if name.is_empty() {
            return Err(Error::new(Kind::Doc, info, "invalid parameter name"));
        }
        if self.find(kind, name).is_some() {
            return Err(Error::new(
                Kind::Doc,
                info,
                format!("'{name}' parameter name duplicated"),
            ));
        }
        self.sections
            .push(Section::new(info, kind, Some(name.to_owned())));
        Ok(())
    }

    fn end(&mut self) -> Result<()> {
        for s in &mut self.sections {
            trim_newlines(&mut s.text);
            if s.kind != SectionKind::Plain && s.text.is_empty() {
                return Err(Error::new(
                    Kind::Doc,
                    s.info.clone(),
                    format!("text required after '{}:'", s.kind.title()),
                ));
            }
        }
        Ok(())
    }

    /// Connects a member of the documented definition to its description.
    /// `role` is QEMU's word for it (`member`, `value`, `branch`).
    /// `next` is where to look first (members are mostly described in
    /// the order they are defined); it is moved past the description found.
    pub(crate) fn connect_member(
        &mut self,
        name: &str,
        role: &str,
        info: &Info,
        exempt: bool,
        next: &mut usize,
    ) -> Result<()> {
        let is_it = |s: &Section| s.is(SectionKind::Member, name);
        let found = match self.sections.get(*next) {
            Some(s) if is_it(s) => Some(*next),
            _ => self.sections.iter().position(is_it),
        };
        if let Some(i) = found {
            self.sections[i].connected = true;
            *next = i + 1;
            return Ok(());
        }
        if !exempt {
            return Err(Error::semantic(
                info,
                format!("{role} '{name}' lacks documentation"),
            ));
        }
        // A stub, placed after the member sections (or after the body).
        let mut stub = Section::new(self.info.clone(), SectionKind::Member, Some(name.into()));
        stub.stub = true;
        stub.connected = true;
        let mut index = 1;
        while index < self.sections.len() && self.sections[index].kind == SectionKind::Member {
            index += 1;
        }
        self.sections.insert(index, stub);
        *next = 0;
        Ok(())
    }

    pub(crate) fn connect_feature(&mut self, name: &str, info: &Info) -> Result<()> {
        match self.find_mut(SectionKind::Feature, name) {
            Some(s) => {
                s.connected = true;
                Ok(())
            }
            None => Err(Error::semantic(
                info,
                format!("feature '{name}' lacks documentation"),
            )),
        }
    }

    /// Checks the tagged sections against the kind of definition.
    pub(crate) fn check_expr(&self, is_command: bool, has_returns: bool) -> Result<()> {
        let returns = self.tagged(SectionKind::Returns);
        if is_command {
            if let (Some(r), false) = (returns, has_returns) {
                return Err(Error::semantic(
                    &r.info,
                    "'Returns' section, but command doesn't return anything",
                ));
            }
        } else {
            if let Some(r) = returns {
                return Err(Error::semantic(
                    &r.info,
                    "'Returns' section is only valid for commands",
                ));
            }
            if let Some(e) = self.tagged(SectionKind::Errors) {
                return Err(Error::semantic(
                    &e.info,
                    "'Errors' section is only valid for commands",
                ));
            }
        }
        Ok(())
    }

    /// Rejects descriptions of members and features that do not exist.
    pub(crate) fn check(&self) -> Result<()> {
        for (kind, what) in [
            (SectionKind::Member, "member"),
            (SectionKind::Feature, "feature"),
        ] {
            let bogus: Vec<&Section> = self.ordered(kind).filter(|s| !s.connected).collect();
            if let Some(first) = bogus.first() {
                let names: Vec<&str> = bogus
                    .iter()
                    .map(|s| s.name.as_deref().unwrap_or(""))
                    .collect();
                let (s, verb) = if bogus.len() > 1 {
                    ("s", "do")
                } else {
                    ("", "does")
                };
                return Err(Error::semantic(
                    &first.info,
                    format!(
                        "documented {what}{s} '{}' {verb} not exist",
                        names.join("', '")
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// `text.trim_matches('\n')`, in place.
fn trim_newlines(text: &mut String) {
    let end = text.trim_end_matches('\n').len();
    text.truncate(end);
    let lead = text.len() - text.trim_start_matches('\n').len();
    if lead > 0 {
        text.drain(..lead);
    }
}

/// `@NAME: ` at the start of a line: (name, length of the match).
fn match_at_name_colon(line: &str) -> Option<(&str, usize)> {
    let rest = line.strip_prefix('@')?;
    let colon = memchr::memchr(b':', rest.as_bytes())?;
    let name = &rest[..colon];
    let after = &rest[colon + 1..];
    let spaces = after.len() - after.trim_start_matches(' ').len();
    Some((name, 1 + colon + 1 + spaces))
}

/// A tagged section's tag at the start of a line (`Returns:` and the
/// like, but not `Returns::`): (tag, length of the match).
fn match_section_tag(line: &str) -> Option<(&'static str, usize)> {
    for tag in [
        "Returns", "Errors", "Since", "Notes", "Note", "Examples", "Example", "TODO",
    ] {
        if let Some(rest) = line.strip_prefix(tag) {
            if rest.starts_with("::") {
                // QEMU's pattern fails here without trying shorter tags.
                return None;
            }
            if let Some(after) = rest.strip_prefix(':') {
                let spaces = after.len() - after.trim_start_matches(' ').len();
                return Some((tag, tag.len() + 1 + spaces));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The block of `src`, whose lines are all comments.
    fn read_str(src: &str, style: StyleRules) -> Result<(Doc, Vec<Error>)> {
        let file: Arc<str> = "t.json".into();
        let mut lines: Vec<Line> = src
            .lines()
            .enumerate()
            .map(|(i, l)| Line {
                source: l,
                start: l.len() - l.trim_start().len(),
                number: i as u32 + 1,
            })
            .collect();
        let closed = lines.len() > 1 && lines.last().is_some_and(|l| l.text().starts_with("##"));
        let end = Info::new(file.clone(), lines.len() as u32 + 1, None).with_col(1);
        if lines.is_empty() {
            lines.push(Line {
                source: "##",
                start: 0,
                number: 1,
            });
        }
        let block = Block {
            file: &file,
            lines,
            closed,
            next_error: None,
            end,
        };
        read(&block, style)
    }

    fn doc(src: &str) -> Doc {
        read_str(src, StyleRules::Error).unwrap().0
    }

    fn err(src: &str) -> String {
        read_str(src, StyleRules::Error).unwrap_err().render_short()
    }

    #[test]
    fn definition_doc_sections() {
        let d = doc(
            "##\n# @cmd:\n#\n# Does things.\n#\n# @a: the a\n#     more\n#\n# Since: 1.0\n##\n",
        );
        assert_eq!(d.symbol.as_deref(), Some("cmd"));
        assert_eq!(d.body().text, "Does things.");
        assert_eq!(d.arg("a").unwrap().text, "the a\n    more");
        assert_eq!(d.tagged(SectionKind::Since).unwrap().text, "1.0");
    }

    #[test]
    fn freeform_doc() {
        let d = doc("##\n# = Title\n#\n# Text.\n##\n");
        assert!(d.symbol.is_none());
        assert_eq!(d.body().text, "= Title\n\nText.");
    }

    #[test]
    fn doc_errors() {
        assert_eq!(
            err("##\n# @x\n##\n"),
            "t.json:2:1: line should end with ':'"
        );
        assert_eq!(err("##\n#@x:\n##\n"), "t.json:2:1: missing space after #");
        assert_eq!(
            err("##\n# @x:\n# Note: hi\n##\n")
                .split(". Please")
                .next()
                .unwrap(),
            "t.json:3:1: The 'Note' section is no longer supported"
        );
        assert_eq!(
            err("##\n# @x:\n# @a: b\n#   c\n# d\n##\n"),
            "t.json:5:1: unexpected de-indent (expected at least 2 spaces)"
        );
        assert_eq!(
            err("##\n# text\n# @a: b\n##\n"),
            "t.json:3:1: '@a:' not allowed in free-form documentation"
        );
        assert_eq!(
            err("##\n# @x:\n"),
            "t.json:3:1: documentation comment must end with '##'"
        );
        assert_eq!(
            err("## x\n##\n"),
            "t.json:1:1: junk after '##' at start of documentation comment"
        );
    }

    #[test]
    fn style_rules() {
        assert_eq!(
            err("##\n# One. Two.\n##\n"),
            "t.json:2:7: Use two spaces between sentences\n\
             If this not the end of a sentence, please report a bug."
        );
        let long = format!("##\n# {}\n##\n", "x".repeat(69));
        assert_eq!(
            err(&long),
            "t.json:2:1: documentation line longer than 70 characters"
        );
        // Warnings instead of errors when asked.
        let (_, warnings) = read_str(&long, StyleRules::Warn).unwrap();
        assert_eq!(warnings.len(), 1);
        // e.g. is not the end of a sentence; literal blocks are exempt.
        doc("##\n# Some e.g. Thing.\n##\n");
        doc("##\n# ::\n#\n#   One. Two.\n##\n");
    }
}
