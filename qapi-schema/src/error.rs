//! The crate's error type: a located message, rendered exactly as QEMU's
//! `QAPISourceError` renders it (`FILE: In META 'NAME':` context, include
//! chain, `FILE:LINE[:COL]: message`).

use crate::source::Info;

/// What kind of problem a diagnostic reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A file could not be read.
    Io,
    /// The text is not valid schema syntax.
    Syntax,
    /// A documentation comment is malformed.
    Doc,
    /// A documentation style rule (line length, sentence spacing).
    Style,
    /// A definition breaks the schema language's rules.
    Semantic,
}

/// An error in a schema, with its location.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.render_short())]
pub struct Error {
    pub kind: Kind,
    /// Where; `None` only for an unreadable root file.
    pub info: Option<Info>,
    pub message: String,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: Kind, info: Info, message: impl Into<String>) -> Self {
        Error {
            kind,
            info: Some(info),
            message: message.into(),
        }
    }

    pub fn semantic(info: &Info, message: impl Into<String>) -> Self {
        Error::new(Kind::Semantic, info.clone().without_col(), message)
    }

    /// The human form: QEMU's text, then the offending source line with a
    /// marker under the column (or the whole line).  `source` gives a
    /// file's text by name.
    pub fn render_human(&self, source: &dyn Fn(&str) -> Option<String>) -> String {
        let mut out = self.render_short();
        let Some(info) = &self.info else { return out };
        let Some(text) = source(&info.file) else {
            return out;
        };
        let Some(line) = text.lines().nth(info.line as usize - 1) else {
            return out;
        };
        let gutter = info.line.to_string().len();
        out.push_str(&format!(
            "\n{:gutter$} |\n{} | {}\n{:gutter$} | ",
            "", info.line, line, ""
        ));
        match info.col {
            Some(col) => {
                out.push_str(&" ".repeat(col.saturating_sub(1) as usize));
                out.push('^');
            }
            None => out.push_str(&"^".repeat(line.trim_end().chars().count().max(1))),
        }
        out
    }

    /// One JSON object: kind, file, line, column, message, and the context
    /// lines QEMU prints before it.
    pub fn to_json(&self, severity: &str) -> serde_json::Value {
        let info = self.info.as_ref();
        serde_json::json!({
            "severity": severity,
            "kind": self.kind,
            "file": info.map(|i| i.file.to_string()),
            "line": info.map(|i| i.line),
            "column": info.and_then(|i| i.col),
            "definition": info.and_then(|i| i.defn.as_ref()).map(|d| format!("{} '{}'", d.meta, d.name)),
            "message": self.message,
            "rendered": self.render_short(),
        })
    }

    /// QEMU's text: context lines, then `LOCATION: message`.
    pub fn render_short(&self) -> String {
        match &self.info {
            Some(info) => format!("{info}: {}", self.message),
            None => self.message.clone(),
        }
    }
}
