//! A section's text as numbered lines, split into runs: paragraphs,
//! directives with their bodies, indented blocks.

/// A line of a section's text: its number (0-based, within the text) and
/// its content.
pub(super) type Line<'t> = (usize, &'t str);

pub(super) fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

pub(super) fn numbered(text: &str) -> Vec<Line<'_>> {
    text.lines().enumerate().collect()
}

/// What a run of lines is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum RunKind {
    /// Lines up to a blank line, starting unindented.
    Para,
    /// `.. name::` and the lines indented deeper, blank lines included.
    Directive,
    /// Indented lines, blank lines included.
    Indented,
}

/// A run: `lines[start..end]` of the lines it was split from.
pub(super) struct Run {
    pub(super) kind: RunKind,
    /// The indentation of its first line.
    pub(super) indent: usize,
    pub(super) start: usize,
    pub(super) end: usize,
}

pub(super) fn is_directive(line: &str) -> bool {
    line.trim_start().starts_with(".. ")
}

/// Splits lines into runs, skipping blank lines between them.
pub(super) fn runs(lines: &[Line]) -> Vec<Run> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].1;
        if line.trim().is_empty() {
            i += 1;
            continue;
        }
        let base = indent(line);
        let start = i;
        let directive = is_directive(line);
        if directive || base > 0 {
            // The run goes on while lines are blank or indented deeper than
            // the directive (or as deep as the indented block).
            let limit = if directive { base + 1 } else { base };
            i += 1;
            while i < lines.len() && (lines[i].1.trim().is_empty() || indent(lines[i].1) >= limit) {
                i += 1;
            }
            let kind = if directive {
                RunKind::Directive
            } else {
                RunKind::Indented
            };
            out.push(Run {
                kind,
                indent: base,
                start,
                end: i,
            });
            continue;
        }
        while i < lines.len()
            && !lines[i].1.trim().is_empty()
            && !(i > start && is_directive(lines[i].1))
        {
            i += 1;
        }
        out.push(Run {
            kind: RunKind::Para,
            indent: 0,
            start,
            end: i,
        });
    }
    out
}

/// Lines without their common indentation and trailing blank lines.
pub(super) fn dedent<'t>(lines: &[Line<'t>]) -> Vec<Line<'t>> {
    let mut lines = lines.to_vec();
    while lines.last().is_some_and(|(_, l)| l.trim().is_empty()) {
        lines.pop();
    }
    let n = lines
        .iter()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(_, l)| indent(l))
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|&(k, l)| (k, if l.len() >= n { &l[n..] } else { "" }))
        .collect()
}

/// `n` columns of indentation off a line (less where it has less).
pub(super) fn unindent(line: &str, n: usize) -> &str {
    &line[indent(line).min(n)..]
}

pub(super) fn join(lines: &[Line]) -> String {
    let v: Vec<&str> = lines.iter().map(|(_, l)| *l).collect();
    v.join("\n")
}

pub(super) fn is_example(directive: &str) -> bool {
    directive.trim_start().starts_with(".. qmp-example::")
}
