use std::fmt;
use std::sync::Arc;

/// A position in a source file: the file name as given, 1-based line and
/// 1-based column (in characters).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file name, as the caller named it.
    pub file: Arc<str>,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column number.
    pub col: usize,
}

impl Span {
    /// A span at `line`:`col` of `file`.
    pub fn new(file: &Arc<str>, line: usize, col: usize) -> Self {
        Span {
            file: Arc::clone(file),
            line,
            col,
        }
    }

    /// The span of a pest pair's start.
    pub(crate) fn of_pair<R: pest::RuleType>(
        file: &Arc<str>,
        pair: &pest::iterators::Pair<R>,
    ) -> Self {
        let (line, col) = pair.line_col();
        Span::new(file, line, col)
    }
}

impl fmt::Display for Span {
    /// `file:line`, the form used in diagnostics.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}
