//! `if` conditions: a name, or `not`/`all`/`any` of conditions.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IfCond {
    /// A build configuration name, e.g. `CONFIG_SPICE`.  In the historical
    /// dialect, a C preprocessor expression such as `defined(CONFIG_X)`.
    Name(String),
    Not(Box<IfCond>),
    All(Vec<IfCond>),
    Any(Vec<IfCond>),
}

impl IfCond {
    /// Evaluates the condition with `is_true` deciding each name.
    pub fn eval(&self, is_true: &dyn Fn(&str) -> bool) -> bool {
        match self {
            IfCond::Name(n) => is_true(n),
            IfCond::Not(c) => !c.eval(is_true),
            IfCond::All(cs) => cs.iter().all(|c| c.eval(is_true)),
            IfCond::Any(cs) => cs.iter().any(|c| c.eval(is_true)),
        }
    }

    /// Every name the condition mentions.
    pub fn names(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            IfCond::Name(n) => out.push(n),
            IfCond::Not(c) => c.collect(out),
            IfCond::All(cs) | IfCond::Any(cs) => cs.iter().for_each(|c| c.collect(out)),
        }
    }

    /// Python's `repr()` of the condition as QEMU holds it (a string, or
    /// nested dicts and lists).
    pub fn python_repr(&self) -> String {
        match self {
            IfCond::Name(n) => py_str(n),
            IfCond::Not(c) => format!("{{'not': {}}}", c.python_repr()),
            IfCond::All(cs) => format!("{{'all': [{}]}}", join_repr(cs)),
            IfCond::Any(cs) => format!("{{'any': [{}]}}", join_repr(cs)),
        }
    }
}

fn join_repr(cs: &[IfCond]) -> String {
    cs.iter()
        .map(IfCond::python_repr)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Python's `repr()` of a string.
pub(crate) fn py_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

impl fmt::Display for IfCond {
    /// The form QEMU's test output prints: a bare name, or the repr.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IfCond::Name(n) => f.write_str(n),
            other => f.write_str(&other.python_repr()),
        }
    }
}
