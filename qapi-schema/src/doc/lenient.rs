//! The reader of documentation comments in the historical dialect
//! (QEMU 2011 to 10.0): whatever their layout, sections are recognized by
//! their first line, and nothing is an error.

use super::{match_at_name_colon, match_section_tag, Block, Doc, Section, SectionKind};
use crate::error::Result;
use crate::source::Info;

/// Reads a block; it may end without `##`, where the definition follows.
/// Only the lexical error of the token after it is reported.
pub(crate) fn read_lenient(block: &Block) -> Result<Doc> {
    if let Some(e) = &block.next_error {
        return Err(e.clone());
    }
    let info = block.lines[0].info(block.file);
    let body = if block.closed {
        &block.lines[1..block.lines.len() - 1]
    } else {
        &block.lines[1..]
    };
    let lines: Vec<(Info, String)> = body
        .iter()
        .map(|l| {
            let val = l.text();
            let text = val
                .strip_prefix("# ")
                .or_else(|| val.strip_prefix('#'))
                .unwrap_or(val)
                .trim_end()
                .to_owned();
            (l.info(block.file), text)
        })
        .collect();
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
        } else if let (Some((tag, end)), true) = (match_section_tag(&line), doc.symbol.is_some()) {
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
