//! QEMU 10.2's documentation style rules: lines of at most 70
//! characters (URLs aside), two spaces between sentences.  Literal blocks
//! (`::` and `.. qmp-example::`) are exempt; the reader tracks them.

use super::Line;
use crate::error::{Error, Kind};
use crate::source::column;
use std::sync::Arc;

/// The style problems of a doc line (`text`: the line without `# `), in
/// QEMU's order.
pub(super) fn problems(file: &Arc<str>, line: &Line, text: &str) -> Vec<Error> {
    let mut out = Vec::new();
    // Bytes bound characters from above: count only long lines.
    if text.len() + 2 > 70 && text.chars().count() + 2 > 70 && !is_url_line(text) {
        out.push(line.error(
            file,
            Kind::Style,
            "documentation line longer than 70 characters",
        ));
    }
    if let Some(chars_before) = single_space_after_sentence(text) {
        // The column of the space after the full stop.
        let byte = line
            .source
            .char_indices()
            .nth(2 + chars_before + 1)
            .map_or(line.source.len(), |(i, _)| i);
        let col = column(line.source, byte);
        out.push(Error::new(
            Kind::Style,
            line.info(file).with_col(col),
            "Use two spaces between sentences\n\
             If this not the end of a sentence, please report a bug.",
        ));
    }
    out
}

/// Where QEMU's sentence-spacing rule fires in a doc line: the char index
/// of the `.`, `!` or `?` followed by a single space and a capital, digit
/// or `(`.  Emulates `re.finditer(r'(\be\.g\.|^ *\d\.|([.!?])) [A-Z0-9(]')`
/// taking the first match of the third alternative: `e.g.` and list
/// numbers at the start of the line are matched, and skipped, first.
pub(super) fn single_space_after_sentence(line: &str) -> Option<usize> {
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
pub(super) fn opens_literal_block(line: &str) -> bool {
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

#[cfg(test)]
mod tests {
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
}
