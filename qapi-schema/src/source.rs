//! Source locations: files, lines, include chains and the definition an
//! error belongs to, rendered the way QEMU's `QAPISourceInfo` renders them.

use std::fmt;
use std::sync::Arc;

/// Where an `include` directive sits: the including file and line, and
/// where that file was itself included from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncludeSite {
    pub file: Arc<str>,
    pub line: u32,
    pub parent: Option<Arc<IncludeSite>>,
}

/// The definition a location belongs to, e.g. `command 'foo'`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Defn {
    pub meta: String,
    pub name: String,
}

/// A location in a schema source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Info {
    /// The file name as it was given (or joined from the including file).
    pub file: Arc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (tabs expanded to 8), where known precisely.
    pub col: Option<u32>,
    /// The include chain that led to this file.
    pub parent: Option<Arc<IncludeSite>>,
    /// The definition this location belongs to, once known.
    pub defn: Option<Arc<Defn>>,
}

impl Info {
    pub fn new(file: Arc<str>, line: u32, parent: Option<Arc<IncludeSite>>) -> Self {
        Info {
            file,
            line,
            col: None,
            parent,
            defn: None,
        }
    }

    pub fn with_col(mut self, col: u32) -> Self {
        self.col = Some(col);
        self
    }

    pub fn without_col(mut self) -> Self {
        self.col = None;
        self
    }

    pub fn with_defn(mut self, defn: &Option<Arc<Defn>>) -> Self {
        self.defn = defn.clone();
        self
    }

    /// `FILE:LINE`
    pub fn loc(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }

    /// The `In file included from F:L:` lines, outermost first.
    pub fn include_path(&self) -> String {
        let mut lines = Vec::new();
        let mut p = self.parent.as_deref();
        while let Some(site) = p {
            lines.push(format!(
                "In file included from {}:{}:\n",
                site.file, site.line
            ));
            p = site.parent.as_deref();
        }
        lines.reverse();
        lines.concat()
    }

    /// The `FILE: In META 'NAME':` line, if inside a definition.
    pub fn in_defn(&self) -> String {
        match &self.defn {
            Some(d) => format!("{}: In {} '{}':\n", self.file, d.meta, d.name),
            None => String::new(),
        }
    }
}

impl fmt::Display for Info {
    /// QEMU's rendering: include path, definition context, `FILE:LINE[:COL]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{}", self.include_path(), self.in_defn(), self.loc())?;
        if let Some(col) = self.col {
            write!(f, ":{col}")?;
        }
        Ok(())
    }
}

/// Column of byte offset `pos` in `line` (1-based, tabs to multiples of 8),
/// counted in characters as QEMU does.
pub fn column(line: &str, pos: usize) -> u32 {
    let before = &line.as_bytes()[..pos.min(line.len())];
    if before.iter().all(|&b| b != b'\t' && b < 0x80) {
        // ASCII without tabs: one column a byte.
        return before.len() as u32 + 1;
    }
    let mut col: u32 = 1;
    for ch in line[..pos.min(line.len())].chars() {
        if ch == '\t' {
            // QEMU's formula, reproduced as is so columns match its messages.
            col = (col + 7) % 8 + 1;
        } else {
            col += 1;
        }
    }
    col
}
