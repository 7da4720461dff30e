//! Errors of the legacy readers.

use super::Span;
use crate::error::{Error, Kind};
use crate::source::Info;

/// A problem found in a legacy input file.  Its `Display` starts with
/// `file:line:` so it can be printed as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LegacyError {
    /// The file could not be read.
    #[error("{path}: cannot read file: {message}")]
    Io {
        /// The path as given.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// The text does not follow the file format at all.
    #[error("{span}: syntax error: {message}")]
    Syntax {
        /// Where the parser gave up.
        span: Span,
        /// What was expected.
        message: String,
    },
    /// A `SQMP` line without a matching `EQMP` before the end of the file.
    #[error("{span}: unterminated {open} block: no {close} line before the end of the file")]
    Unterminated {
        /// Where the block was opened.
        span: Span,
        /// `SQMP` or `STEXI`.
        open: &'static str,
        /// `EQMP` or `ETEXI`.
        close: &'static str,
    },
    /// A block opened while another one of the same kind is still open.
    #[error("{span}: {open} inside the {open} block opened at line {outer_line}; expected {close} first")]
    Nested {
        /// The second opening line.
        span: Span,
        /// `SQMP` or `STEXI`.
        open: &'static str,
        /// `EQMP` or `ETEXI`.
        close: &'static str,
        /// Line of the block still open.
        outer_line: usize,
    },
    /// An `EQMP`/`ETEXI` line outside any block.
    #[error("{span}: {close} without a preceding {open}")]
    StrayClose {
        /// The closing line.
        span: Span,
        /// `SQMP` or `STEXI`.
        open: &'static str,
        /// `EQMP` or `ETEXI`.
        close: &'static str,
    },
    /// A dispatch entry that lacks a field every entry needs.
    #[error("{span}: dispatch entry has no {field} field")]
    MissingField {
        /// The entry's opening brace.
        span: Span,
        /// `.name` or `.args_type`.
        field: &'static str,
    },
    /// A dispatch entry that is documented neither by an `SQMP` block nor
    /// elsewhere (e.g. `qapi-schema.json`).
    #[error("{span}: dispatch entry '{name}' has no SQMP documentation block")]
    UndocumentedEntry {
        /// The entry's opening brace.
        span: Span,
        /// The command name.
        name: String,
    },
    /// An `SQMP` block (other than the preamble) whose first line does not
    /// name a command.
    #[error("{span}: SQMP block names no command: its first line should be the command name, followed by a '----' underline")]
    UnnamedDocBlock {
        /// The `SQMP` line.
        span: Span,
    },
    /// A malformed `args_type` string.
    #[error("{span}: malformed args_type \"{args_type}\": {reason}")]
    BadArgsType {
        /// The `.args_type` field.
        span: Span,
        /// The whole string.
        args_type: String,
        /// What is wrong.
        reason: String,
    },
    /// A `Data:` item without a `(json-TYPE)` annotation.
    #[error("{span}: data item \"{name}\" has no type: expected an annotation such as (json-string) or (json-int, optional)")]
    MemberWithoutType {
        /// The item's line.
        span: Span,
        /// The member name.
        name: String,
    },
}

impl LegacyError {
    pub(crate) fn syntax(span: Span, message: impl Into<String>) -> Self {
        LegacyError::Syntax {
            span,
            message: message.into(),
        }
    }
}

/// Turn a pest error into a [`LegacyError::Syntax`].
pub(crate) fn from_pest<R: pest::RuleType>(
    file: &std::sync::Arc<str>,
    err: pest::error::Error<R>,
) -> LegacyError {
    let (line, col) = match err.line_col {
        pest::error::LineColLocation::Pos(p) => p,
        pest::error::LineColLocation::Span(p, _) => p,
    };
    let message = match &err.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            let names: Vec<String> = positives.iter().map(|r| format!("{r:?}")).collect();
            if names.is_empty() {
                "unexpected text".to_string()
            } else {
                format!("unexpected text, expected {}", names.join(" or "))
            }
        }
        pest::error::ErrorVariant::CustomError { message } => message.clone(),
    };
    LegacyError::syntax(Span::new(file, line, col), message)
}

pub(crate) fn io_error(message: String) -> Error {
    Error {
        kind: Kind::Io,
        info: None,
        message,
    }
}

pub(crate) fn span_info(span: &Span) -> Info {
    Info::new(span.file.clone(), span.line as u32, None)
}

/// A legacy reader's error as a schema error (`file:line: message`).
pub(crate) fn legacy_error(e: &LegacyError) -> Error {
    let span = match e {
        LegacyError::Io { path, message } => {
            return io_error(format!("can't read file '{path}': {message}"))
        }
        LegacyError::Syntax { span, .. }
        | LegacyError::Unterminated { span, .. }
        | LegacyError::Nested { span, .. }
        | LegacyError::StrayClose { span, .. }
        | LegacyError::MissingField { span, .. }
        | LegacyError::UndocumentedEntry { span, .. }
        | LegacyError::UnnamedDocBlock { span }
        | LegacyError::BadArgsType { span, .. }
        | LegacyError::MemberWithoutType { span, .. } => span,
    };
    let text = e.to_string();
    let prefix = format!("{span}: ");
    let message = text.strip_prefix(&prefix).unwrap_or(&text).to_owned();
    let kind = match e {
        LegacyError::UndocumentedEntry { .. } | LegacyError::UnnamedDocBlock { .. } => Kind::Doc,
        _ => Kind::Syntax,
    };
    Error::new(kind, span_info(span), message)
}
