//! Rule `doc-markup`: the reStructuredText of every doc comment parses
//! as the reference renders it: titles adorned at least as long as their
//! text (overline and underline alike), and only directives the reference
//! knows.  Generators report the same findings as warnings.

use qapi_schema::doc::Section;
use qapi_schema::Schema;

use super::Finding;
use crate::rst;

/// Checks the text of every section of every doc comment.
pub fn check(schema: &Schema) -> Vec<Finding> {
    let mut out = Vec::new();
    for doc in &schema.docs {
        for s in &doc.sections {
            let parsed = if doc.symbol.is_none() {
                rst::parse_freeform(&s.text)
            } else {
                rst::parse(&s.text)
            };
            if parsed.problems.is_empty() {
                continue;
            }
            let start = text_start(schema, s);
            out.extend(parsed.problems.into_iter().map(|p| Finding {
                rule: "doc-markup",
                file: s.info.file.to_string(),
                line: start + p.line as u32,
                message: p.message,
            }));
        }
    }
    out
}

/// The source line a section's text starts on.  The model keeps where a
/// section starts (its tag, or its first line) but not the blank lines
/// dropped before its text: look for the text's first line from there.
fn text_start(schema: &Schema, s: &Section) -> u32 {
    let first = s.text.lines().next().unwrap_or("").trim_end();
    let Some(src) = schema.source(&s.info.file) else {
        return s.info.line;
    };
    src.lines()
        .skip(s.info.line.saturating_sub(1) as usize)
        .take(64)
        .position(|l| l.trim_end().ends_with(first))
        .map_or(s.info.line, |k| s.info.line + k as u32)
}
