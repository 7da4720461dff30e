//! The reader of documentation comments in today's syntax:
//! `QAPISchemaParser.get_doc()` of QEMU 10.2, line by line, with its
//! messages.

use super::{match_at_name_colon, match_section_tag, style, Block, Doc, SectionKind, StyleRules};
use crate::error::{Error, Kind, Result};
use crate::source::Info;

/// Reads a block; returns its comment and the style problems found while
/// `style` is [`StyleRules::Warn`].
pub(crate) fn read(block: &Block, style: StyleRules) -> Result<(Doc, Vec<Error>)> {
    let mut r = Reader {
        block,
        at: 0,
        style,
        literal_mode: false,
        literal_indent: 0,
        warnings: Vec::new(),
    };
    let doc = r.doc()?;
    Ok((doc, r.warnings))
}

struct Reader<'b, 's> {
    block: &'b Block<'s>,
    /// The current line.
    at: usize,
    style: StyleRules,
    /// Inside a literal block, which the style rules leave alone.
    literal_mode: bool,
    literal_indent: usize,
    warnings: Vec<Error>,
}

impl<'s> Reader<'_, 's> {
    fn info(&self) -> Info {
        self.block.lines[self.at].info(self.block.file)
    }

    fn doc_error(&self, msg: impl Into<String>) -> Error {
        self.block.lines[self.at].error(self.block.file, Kind::Doc, msg)
    }

    /// The next line without `# `, or `None` at the closing `##`.
    fn next_doc_line(&mut self) -> Result<Option<&'s str>> {
        self.at += 1;
        let Some(line) = self.block.lines.get(self.at) else {
            // The block ends without `##`, at a token that is no comment.
            let b = self.block;
            return Err(b.next_error.clone().unwrap_or_else(|| {
                Error::new(
                    Kind::Doc,
                    b.end.clone(),
                    "documentation comment must end with '##'",
                )
            }));
        };
        let val = line.text();
        if val.starts_with("##") {
            if val != "##" {
                return Err(self.doc_error("junk after '##' at end of documentation comment"));
            }
            self.literal_mode = false;
            return Ok(None);
        }
        if val == "#" {
            return Ok(Some(""));
        }
        if !val[1..].starts_with(' ') {
            return Err(self.doc_error("missing space after #"));
        }
        let text = val[2..].trim_end();
        if style::opens_literal_block(text) {
            self.literal_mode = true;
            self.literal_indent = 0;
        } else if self.literal_mode && !text.is_empty() {
            let indent = indent_of(text);
            if self.literal_indent == 0 {
                self.literal_indent = indent;
            } else if indent < self.literal_indent {
                // reST directives end where the indentation decreases.
                self.literal_mode = false;
            }
        }
        if !self.literal_mode && self.style != StyleRules::Off {
            for e in style::problems(self.block.file, line, text) {
                match self.style {
                    StyleRules::Error => return Err(e),
                    _ => self.warnings.push(e),
                }
            }
        }
        Ok(Some(text))
    }

    /// Reads the indented continuation lines of a description.
    fn indented(&mut self, doc: &mut Doc) -> Result<Option<&'s str>> {
        let mut line = self.next_doc_line()?;
        while line == Some("") {
            doc.append_line("");
            line = self.next_doc_line()?;
        }
        let Some(first) = line else { return Ok(None) };
        let indent = indent_of(first);
        if indent == 0 {
            return Ok(Some(first));
        }
        doc.append_line(first);
        let mut prev_line_blank = false;
        loop {
            let Some(line) = self.next_doc_line()? else {
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
    fn paragraph(&mut self, doc: &mut Doc) -> Result<Option<&'s str>> {
        loop {
            let line = self.next_doc_line()?;
            match line {
                None | Some("") => return Ok(line),
                Some(l) => doc.append_line(l),
            }
        }
    }

    /// Reads descriptions `@NAME: text` while they continue.
    fn descriptions(
        &mut self,
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
            line = self.indented(doc)?;
        }
        Ok(line)
    }

    fn doc(&mut self) -> Result<Doc> {
        if self.block.lines[0].text() != "##" {
            return Err(self.doc_error("junk after '##' at start of documentation comment"));
        }
        let info = self.info();
        let mut line = self.next_doc_line()?;
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
            line = self.next_doc_line()?;
            let mut no_more_args = false;
            loop {
                while line == Some("") {
                    line = self.next_doc_line()?;
                }
                let Some(l) = line else { break };
                if l == "Features:" {
                    if doc.has_features() {
                        return Err(self.doc_error("duplicated 'Features:' line"));
                    }
                    line = self.next_doc_line()?;
                    while line == Some("") {
                        line = self.next_doc_line()?;
                    }
                    line = self.descriptions(&mut doc, line, SectionKind::Feature)?;
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
                    line = self.descriptions(&mut doc, line, SectionKind::Member)?;
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
                    line = self.indented(&mut doc)?;
                    no_more_args = true;
                } else {
                    // Plain paragraph(s).
                    doc.ensure_untagged_section(self.info());
                    doc.append_line(l);
                    line = self.paragraph(&mut doc)?;
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
                line = self.next_doc_line()?;
            }
        }
        if let Some(e) = &self.block.next_error {
            return Err(e.clone());
        }
        doc.end()?;
        Ok(doc)
    }
}

/// The indentation of a line: its leading white space.
fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}
