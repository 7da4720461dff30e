//! Documentation comments: the model of a `##` block and its parser, as
//! specified in qapi-code-gen.rst ("Documentation comments") and done by
//! QEMU 10.2's `QAPISchemaParser.get_doc()` and `QAPIDoc`.

use crate::error::{Error, Kind, Result};
use crate::lexer::TokKind;
use crate::parser::{FileParser, StyleRules};
use crate::source::{column, Info};

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

/// Connects the documentation of a definition as the schema builder
/// will (`Builder::connect_doc`), on the parsing thread: its features,
/// then the members of its implicit base or argument type, then its own
/// members, values or branches.  Only what no pragma can change is done
/// here: nothing is exempt from documentation.  `false` when something
/// lacks documentation or the definition uses a type whose name is
/// reserved (`q_*`, perhaps implicit): the builder then connects it in
/// its turn, with the schema's pragmas, and reports any error in order.
/// Sections marked here are marked by the builder as well.
pub(crate) fn connect_early(doc: &mut Doc, def: &crate::expr::DefExpr) -> bool {
    use crate::expr::{Data, DefSpec, FeatureSpec, MemberSpec};
    let info = &def.info;
    let features = |doc: &mut Doc, features: &[FeatureSpec]| {
        features
            .iter()
            .all(|f| doc.connect_feature(&f.name, info).is_ok())
    };
    let member = |doc: &mut Doc, name: &str, next: &mut usize| {
        doc.connect_member(name, "member", info, false, next)
            .is_ok()
    };
    let members = |doc: &mut Doc, specs: &[MemberSpec]| {
        let mut next = 1;
        specs
            .iter()
            .all(|m| member(doc, &m.name, &mut next) && features(doc, &m.features))
    };
    let reserved = |name: &str| name.starts_with("q_");
    if !features(doc, &def.features) {
        return false;
    }
    match &def.spec {
        DefSpec::Enum { values, .. } => {
            let mut next = 1;
            values
                .iter()
                .all(|v| member(doc, &v.name, &mut next) && features(doc, &v.features))
        }
        DefSpec::Struct { base, data } => match data {
            Data::Members(specs) => !base.as_deref().is_some_and(reserved) && members(doc, specs),
            Data::Name(_) => false,
        },
        DefSpec::Union { base, .. } => match base {
            Data::Members(specs) => members(doc, specs),
            Data::Name(n) => !reserved(n),
        },
        DefSpec::Alternate { branches } => {
            let mut next = 1;
            branches.iter().all(|b| member(doc, &b.name, &mut next))
        }
        DefSpec::Command { data, .. } | DefSpec::Event { data, .. } => match data {
            Some(Data::Members(specs)) => members(doc, specs),
            Some(Data::Name(n)) => !reserved(n),
            None => true,
        },
        DefSpec::SimpleUnion { .. } => false,
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

fn indent_of(line: &str) -> usize {
    // Nearly always a run of spaces and an ASCII character that is no
    // white space; anything else takes the general path.
    let spaces = line.bytes().take_while(|&b| b == b' ').count();
    match line.as_bytes().get(spaces) {
        None => spaces,
        Some(&b) if b.is_ascii() && !(b'\t'..=b'\r').contains(&b) => spaces,
        _ => line.len() - line.trim_start().len(),
    }
}

/// Where QEMU's sentence-spacing rule fires in a doc line: the char index
/// of the `.`, `!` or `?` followed by a single space and a capital, digit
/// or `(`.  Emulates `re.finditer(r'(\be\.g\.|^ *\d\.|([.!?])) [A-Z0-9(]')`
/// taking the first match of the third alternative: `e.g.` and list
/// numbers at the start of the line are matched, and skipped, first.
fn single_space_after_sentence(line: &str) -> Option<usize> {
    // Every character the pattern looks at is ASCII, so bytes will do;
    // the result is converted to a character index.
    let b = line.as_bytes();
    let follows = |i: usize| {
        b.get(i) == Some(&b' ')
            && b.get(i + 1)
                .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'(')
    };
    // Python's `\b`: the previous character is no word character.
    let word_before = |i: usize| {
        i > 0
            && line[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
    };
    let mut i = 0;
    // `^ *\d\.` (tried at the start only): a list number is skipped.
    let j = b.iter().take_while(|&&c| c == b' ').count();
    if b.get(j).is_some_and(u8::is_ascii_digit) && b.get(j + 1) == Some(&b'.') && follows(j + 2) {
        i = j + 4;
    }
    // Only a `.`, `!` or `?` followed by a space and a capital, digit or
    // `(` can end a match.  Where that `.` ends an `e.g.` preceded by no
    // word character, the `\be\.g\.` alternative matched first and the
    // scan goes on after it; no other match can overlap an `e.g.` one
    // (they start at punctuation and end at a capital, digit or `(`).
    while i < b.len() {
        let Some(off) = memchr::memchr3(b'.', b'!', b'?', &b[i..]) else {
            break;
        };
        let p = i + off;
        if follows(p + 1) {
            if p >= 3 && &b[p - 3..=p] == b"e.g." && !word_before(p - 3) {
                i = p + 3;
                continue;
            }
            return Some(line[..p].chars().count());
        }
        i = p + 1;
    }
    None
}

/// `^ *(https?|ftp)://[^ ]*$`: a line holding only a URL.
fn is_url_line(line: &str) -> bool {
    let rest = line.trim_start_matches(' ');
    ["http://", "https://", "ftp://"]
        .iter()
        .any(|p| rest.starts_with(p) && !rest.contains(' '))
}

/// `^(\.\. +qmp-example)? *::$`: a line opening a literal block.
fn opens_literal_block(line: &str) -> bool {
    if !line.ends_with("::") {
        return false;
    }
    let mut rest = line;
    if let Some(after) = rest.strip_prefix("..") {
        let trimmed = after.trim_start_matches(' ');
        if trimmed.len() < after.len() {
            if let Some(r) = trimmed.strip_prefix("qmp-example") {
                rest = r;
            }
        }
    }
    rest.trim_start_matches(' ') == "::"
}

impl FileParser<'_> {
    fn doc_error(&self, msg: impl Into<String>) -> Error {
        self.error_here(Kind::Doc, msg)
    }

    /// The current doc line without `# `, or `None` at the closing `##`.
    fn get_doc_line<'s>(&mut self, src: &'s str) -> Result<Option<&'s str>> {
        if *self.kind() != TokKind::Comment {
            return Err(self.doc_error("documentation comment must end with '##'"));
        }
        let t = self.tok();
        let val = &src[t.start..t.end];
        if val.starts_with("##") {
            if val != "##" {
                return Err(self.doc_error("junk after '##' at end of documentation comment"));
            }
            self.ctx.literal_mode = false;
            return Ok(None);
        }
        if val == "#" {
            return Ok(Some(""));
        }
        if !val[1..].starts_with(' ') {
            return Err(self.doc_error("missing space after #"));
        }
        let line = val[2..].trim_end();
        if opens_literal_block(line) {
            self.ctx.literal_mode = true;
            self.ctx.literal_indent = 0;
        } else if self.ctx.literal_mode && !line.is_empty() {
            let indent = indent_of(line);
            if self.ctx.literal_indent == 0 {
                self.ctx.literal_indent = indent;
            } else if indent < self.ctx.literal_indent {
                // reST directives end where the indentation decreases.
                self.ctx.literal_mode = false;
            }
        }
        if !self.ctx.literal_mode && self.ctx.style != StyleRules::Off {
            self.check_doc_style(line)?;
        }
        Ok(Some(line))
    }

    /// QEMU 10.2's documentation style rules.
    fn check_doc_style(&mut self, line: &str) -> Result<()> {
        // Bytes bound characters from above: count only long lines.
        if line.len() + 2 > 70 && line.chars().count() + 2 > 70 && !is_url_line(line) {
            let e = self.error_here(Kind::Style, "documentation line longer than 70 characters");
            self.style_problem(e)?;
        }
        if let Some(chars_before) = single_space_after_sentence(line) {
            // The column of the space after the full stop.
            let t = self.tok();
            let text = &self.src[t.line_start..];
            let byte = text
                .char_indices()
                .nth(2 + chars_before + 1)
                .map(|(i, _)| i)
                .unwrap_or(text.len());
            let col = column(text, byte);
            let e = Error::new(
                Kind::Style,
                self.info().with_col(col),
                "Use two spaces between sentences\n\
                 If this not the end of a sentence, please report a bug.",
            );
            self.style_problem(e)?;
        }
        Ok(())
    }

    fn style_problem(&mut self, e: Error) -> Result<()> {
        match self.ctx.style {
            StyleRules::Error => Err(e),
            StyleRules::Warn => {
                self.ctx.items.push(crate::parser::Item::Warning(e));
                Ok(())
            }
            StyleRules::Off => Ok(()),
        }
    }

    fn next_doc_line<'s>(&mut self, src: &'s str) -> Result<Option<&'s str>> {
        self.accept(false)?;
        self.get_doc_line(src)
    }

    /// Reads the indented continuation lines of a description.
    fn get_doc_indented<'s>(&mut self, src: &'s str, doc: &mut Doc) -> Result<Option<&'s str>> {
        let mut line = self.next_doc_line(src)?;
        while line == Some("") {
            doc.append_line("");
            line = self.next_doc_line(src)?;
        }
        let Some(first) = line else { return Ok(None) };
        let indent = indent_of(first);
        if indent == 0 {
            return Ok(Some(first));
        }
        doc.append_line(first);
        let mut prev_line_blank = false;
        loop {
            let Some(line) = self.next_doc_line(src)? else {
                return Ok(None);
            };
            if match_at_name_colon(line).is_some() {
                return Ok(Some(line));
            }
            let cur_indent = indent_of(line);
            if !line.is_empty() && cur_indent < indent {
                if prev_line_blank {
                    return Ok(Some(line));
                }
                return Err(self.doc_error(format!(
                    "unexpected de-indent (expected at least {indent} spaces)"
                )));
            }
            doc.append_line(line);
            // QEMU sets this after every line, blank or not.
            prev_line_blank = true;
        }
    }

    /// Reads the rest of a paragraph.
    fn get_doc_paragraph<'s>(&mut self, src: &'s str, doc: &mut Doc) -> Result<Option<&'s str>> {
        loop {
            let line = self.next_doc_line(src)?;
            match line {
                None | Some("") => return Ok(line),
                Some(l) => doc.append_line(l),
            }
        }
    }

    /// Reads descriptions `@NAME: text` while they continue.
    fn get_descriptions<'s>(
        &mut self,
        src: &'s str,
        doc: &mut Doc,
        mut line: Option<&'s str>,
        kind: SectionKind,
    ) -> Result<Option<&'s str>> {
        while let Some(l) = line {
            let Some((name, end)) = match_at_name_colon(l) else {
                break;
            };
            doc.new_description(self.info(), name, kind)?;
            let text = &l[end..];
            if !text.is_empty() {
                doc.append_line(text);
            }
            line = self.get_doc_indented(src, doc)?;
        }
        Ok(line)
    }

    /// Parses a documentation comment; the current token is its `##`.
    /// Reads a documentation comment of the historical dialect: whatever
    /// its layout, sections are recognized by their first line and nothing
    /// is an error.  Returns at the closing `##`, or before the first token
    /// that is not a comment.
    pub(crate) fn get_doc_lenient(&mut self) -> Result<Doc> {
        let info = self.info();
        let mut lines: Vec<(Info, String)> = Vec::new();
        loop {
            self.accept(false)?;
            if *self.kind() != TokKind::Comment {
                break; // unterminated: the definition follows
            }
            let val = self.comment_text();
            if val.starts_with("##") {
                self.accept(true)?;
                break;
            }
            let text = val
                .strip_prefix("# ")
                .or_else(|| val.strip_prefix('#'))
                .unwrap_or(val)
                .trim_end()
                .to_owned();
            lines.push((self.info(), text));
        }
        let mut it = lines.into_iter().peekable();
        while it.peek().is_some_and(|(_, l)| l.is_empty()) {
            it.next();
        }
        let symbol = match it.peek() {
            Some((_, l)) if l.starts_with('@') => {
                let name: String = l[1..]
                    .chars()
                    .take_while(|c| *c != ':' && !c.is_whitespace())
                    .collect();
                it.next();
                Some(name)
            }
            _ => None,
        };
        let mut doc = Doc::new(info, symbol);
        let mut in_features = false;
        let mut prev_blank = false;
        for (linfo, line) in it {
            if line == "Features:" && doc.symbol.is_some() {
                in_features = true;
                prev_blank = false;
                continue;
            }
            let current = doc
                .sections
                .last()
                .map(|s| s.kind)
                .unwrap_or(SectionKind::Plain);
            if let (Some((name, end)), true) = (match_at_name_colon(&line), doc.symbol.is_some()) {
                let kind = if in_features {
                    SectionKind::Feature
                } else {
                    SectionKind::Member
                };
                if doc.find(kind, name).is_none() && !name.is_empty() {
                    doc.sections
                        .push(Section::new(linfo, kind, Some(name.to_owned())));
                    let text = line[end..].to_owned();
                    if !text.is_empty() {
                        doc.append_line(&text);
                    }
                    prev_blank = false;
                    continue;
                }
            } else if let (Some((tag, end)), true) =
                (match_section_tag(&line), doc.symbol.is_some())
            {
                let kind = match tag {
                    "Returns" => SectionKind::Returns,
                    "Errors" => SectionKind::Errors,
                    "Since" => SectionKind::Since,
                    "TODO" => SectionKind::Todo,
                    t if t.starts_with("Note") => SectionKind::Note,
                    _ => SectionKind::Example,
                };
                in_features = false;
                doc.sections.push(Section::new(linfo, kind, None));
                let text = line[end..].to_owned();
                if !text.is_empty() {
                    doc.append_line(&text);
                }
                prev_blank = false;
                continue;
            } else if prev_blank
                && !line.is_empty()
                && !line.starts_with(char::is_whitespace)
                && matches!(current, SectionKind::Member | SectionKind::Feature)
            {
                in_features = false;
                doc.sections
                    .push(Section::new(linfo, SectionKind::Plain, None));
            }
            prev_blank = line.is_empty();
            doc.append_line(&line);
        }
        for s in &mut doc.sections {
            s.text = s.text.trim_matches('\n').to_owned();
        }
        Ok(doc)
    }

    pub(crate) fn get_doc(&mut self) -> Result<Doc> {
        if self.comment_text() != "##" {
            return Err(self.doc_error("junk after '##' at start of documentation comment"));
        }
        let info = self.info();
        let src = self.src.clone();
        let src = &*src;
        let mut line = self.next_doc_line(src)?;
        let mut doc;
        if let Some(first) = line.filter(|l| l.starts_with('@')) {
            // Definition documentation.
            if !first.ends_with(':') {
                return Err(self.doc_error("line should end with ':'"));
            }
            let symbol = &first[1..first.len() - 1];
            if symbol.is_empty() {
                return Err(self.doc_error("name required after '@'"));
            }
            doc = Doc::new(info, Some(symbol.to_owned()));
            line = self.next_doc_line(src)?;
            let mut no_more_args = false;
            loop {
                while line == Some("") {
                    line = self.next_doc_line(src)?;
                }
                let Some(l) = line else { break };
                if l == "Features:" {
                    if doc.has_features() {
                        return Err(self.doc_error("duplicated 'Features:' line"));
                    }
                    line = self.next_doc_line(src)?;
                    while line == Some("") {
                        line = self.next_doc_line(src)?;
                    }
                    line = self.get_descriptions(src, &mut doc, line, SectionKind::Feature)?;
                    if !doc.has_features() {
                        return Err(self.doc_error("feature descriptions expected"));
                    }
                    no_more_args = true;
                } else if let Some((name, _)) = match_at_name_colon(l) {
                    if no_more_args {
                        return Err(
                            self.doc_error(format!("description of '@{name}:' follows a section"))
                        );
                    }
                    line = self.get_descriptions(src, &mut doc, line, SectionKind::Member)?;
                    no_more_args = true;
                } else if let Some((tag, end)) = match_section_tag(l) {
                    if tag.starts_with("Note") {
                        return Err(self.doc_error(format!(
                            "The '{tag}' section is no longer supported. Please use \
                             rST's '.. note::' or '.. admonition:: notes' directives, \
                             or another suitable admonition instead."
                        )));
                    }
                    if tag.starts_with("Example") {
                        return Err(self.doc_error(format!(
                            "The '{tag}' section is no longer supported. Please use \
                             the '.. qmp-example::' directive, or other suitable \
                             markup instead."
                        )));
                    }
                    let kind = match tag {
                        "Returns" => SectionKind::Returns,
                        "Errors" => SectionKind::Errors,
                        "Since" => SectionKind::Since,
                        _ => SectionKind::Todo,
                    };
                    doc.new_tagged_section(self.info(), kind)?;
                    let text = &l[end..];
                    if !text.is_empty() {
                        doc.append_line(text);
                    }
                    line = self.get_doc_indented(src, &mut doc)?;
                    no_more_args = true;
                } else {
                    // Plain paragraph(s).
                    doc.ensure_untagged_section(self.info());
                    doc.append_line(l);
                    line = self.get_doc_paragraph(src, &mut doc)?;
                }
            }
        } else {
            // Free-form documentation.
            doc = Doc::new(info, None);
            doc.ensure_untagged_section(self.info());
            while let Some(l) = line {
                if let Some((name, _)) = match_at_name_colon(l) {
                    return Err(self
                        .doc_error(format!("'@{name}:' not allowed in free-form documentation")));
                }
                doc.append_line(l);
                line = self.next_doc_line(src)?;
            }
        }
        self.accept(true)?;
        doc.end()?;
        Ok(doc)
    }
}

#[cfg(test)]
mod tests {
    use crate::parser::{parse_str, StyleRules};

    fn docs(src: &str) -> Vec<super::Doc> {
        parse_str("t.json", src, StyleRules::Error, false)
            .unwrap()
            .docs
    }

    fn err(src: &str) -> String {
        parse_str("t.json", src, StyleRules::Error, false)
            .unwrap_err()
            .render_short()
    }

    #[test]
    fn definition_doc_sections() {
        let d = &docs(
            "##\n# @cmd:\n#\n# Does things.\n#\n# @a: the a\n#     more\n#\n# Since: 1.0\n##\n\
             { 'command': 'cmd', 'data': { 'a': 'int' } }\n",
        )[0];
        assert_eq!(d.symbol.as_deref(), Some("cmd"));
        assert_eq!(d.body().text, "Does things.");
        assert_eq!(d.arg("a").unwrap().text, "the a\n    more");
        assert_eq!(d.tagged(super::SectionKind::Since).unwrap().text, "1.0");
    }

    #[test]
    fn freeform_doc() {
        let d = &docs("##\n# = Title\n#\n# Text.\n##\n")[0];
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
    }

    #[test]
    fn sentence_spacing_like_qemu() {
        use super::single_space_after_sentence as f;
        assert_eq!(f("One. Two."), Some(3));
        assert_eq!(f("One.  Two."), None);
        assert_eq!(f("Use e.g. Foo here"), None);
        assert_eq!(f("see.g. Foo"), Some(5));
        assert_eq!(f("1. First item"), None);
        assert_eq!(f("  2. Item. Next"), Some(9));
        assert_eq!(f("Really? Yes"), Some(6));
        assert_eq!(f("Call foo(). (Or not.)"), Some(10));
        assert_eq!(f("version 1.2. 3 more"), Some(11));
    }

    /// The regular expression's scan, position by position, as QEMU's
    /// `re.finditer` does it: the reference for the fast scan.
    fn sentence_reference(line: &str) -> Option<usize> {
        let b = line.as_bytes();
        let follows = |i: usize| {
            b.get(i) == Some(&b' ')
                && b.get(i + 1)
                    .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'(')
        };
        let word_before = |i: usize| {
            i > 0
                && line[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
        };
        let mut i = 0;
        while i < b.len() {
            if b[i..].starts_with(b"e.g.") && follows(i + 4) && !word_before(i) {
                i += 6;
                continue;
            }
            if i == 0 {
                let j = b.iter().take_while(|&&c| c == b' ').count();
                if b.get(j).is_some_and(u8::is_ascii_digit)
                    && b.get(j + 1) == Some(&b'.')
                    && follows(j + 2)
                {
                    i = j + 4;
                    continue;
                }
            }
            if matches!(b[i], b'.' | b'!' | b'?') && follows(i + 1) {
                return Some(line[..i].chars().count());
            }
            i += 1;
        }
        None
    }

    #[test]
    fn sentence_scan_matches_the_reference() {
        // Every string of up to 6 characters over an alphabet that makes
        // every alternative of the pattern match somewhere.
        let alphabet = ['e', '.', 'g', ' ', 'A', '1', '!', 'é', 'x'];
        let mut n = 0;
        let mut stack = vec![String::new()];
        while let Some(s) = stack.pop() {
            assert_eq!(
                super::single_space_after_sentence(&s),
                sentence_reference(&s),
                "{s:?}"
            );
            n += 1;
            if s.chars().count() < 6 {
                for c in alphabet {
                    let mut t = s.clone();
                    t.push(c);
                    stack.push(t);
                }
            }
        }
        assert!(n > 500_000);
    }

    #[test]
    fn literal_blocks_and_urls() {
        assert!(super::opens_literal_block("::"));
        assert!(super::opens_literal_block("  ::"));
        assert!(super::opens_literal_block(".. qmp-example::"));
        assert!(super::opens_literal_block(".. qmp-example ::"));
        assert!(!super::opens_literal_block("Examples::"));
        assert!(!super::opens_literal_block("..qmp-example::"));
        assert!(super::is_url_line("  https://example.org/a-very-long-path"));
        assert!(!super::is_url_line("see https://example.org"));
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
        let p = parse_str("t.json", &long, StyleRules::Warn, false).unwrap();
        assert_eq!(p.warnings.len(), 1);
        // e.g. is not the end of a sentence; literal blocks are exempt.
        docs("##\n# Some e.g. Thing.\n##\n");
        docs("##\n# ::\n#\n#   One. Two.\n##\n");
    }
}
