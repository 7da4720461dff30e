//! Every naming rule of the Rust generator: Rust identifiers from QAPI
//! names, keywords, and collisions.
//!
//! - Types, enum values, union branches, commands and events become
//!   `UpperCamelCase` (`query-version` → `QueryVersion`, `BLOCK_JOB_READY`
//!   → `BlockJobReady`); names that already look like `CamelCase` keep
//!   their spelling (`VersionInfo`, `QType`).
//! - Members become `snake_case` (`node-name` → `node_name`); Rust keywords
//!   become raw identifiers (`r#type`), except `self`, `super`, `crate` and
//!   `Self`, which get a trailing `_`.
//! - A name starting with a digit gets a `_` (member) or `V` (variant)
//!   prefix; other characters that cannot be in an identifier become `_`.
//! - Client and server methods are the command's name in `snake_case`.
//! - Within one scope, a name already taken gets `_` appended until free.

use super::FxSet;

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];
const NOT_RAW: &[&str] = &["self", "super", "crate", "Self", "_"];

/// Calls `f` with each word of a QAPI name, split at `-`, `_`, `.`, `+`
/// (any character that is not ASCII alphanumeric) and lower→upper case
/// changes.
fn for_words(name: &str, mut f: impl FnMut(&str)) {
    let b = name.as_bytes();
    let mut start = None;
    let mut prev_lower = false;
    for (i, &c) in b.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if let Some(s) = start.take() {
                f(&name[s..i]);
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower {
            if let Some(s) = start.take() {
                f(&name[s..i]);
            }
        }
        if start.is_none() {
            start = Some(i);
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
    }
    if let Some(s) = start {
        f(&name[s..]);
    }
}

/// `UpperCamelCase` for a type, variant, command or event name.
pub fn camel(name: &str) -> String {
    let is_camel = name.bytes().all(|c| c.is_ascii_alphanumeric())
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.bytes().any(|c| c.is_ascii_lowercase());
    let mut s = String::with_capacity(name.len() + 1);
    if is_camel {
        s.push_str(name);
    } else {
        for_words(name, |w| {
            let mut cs = w.chars();
            if let Some(first) = cs.next() {
                s.push(first.to_ascii_uppercase());
                s.extend(cs.map(|c| c.to_ascii_lowercase()));
            }
        });
    }
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    s
}

/// `snake_case` for a member or method name.
pub fn snake(name: &str) -> String {
    let mut s = String::with_capacity(name.len() + 4);
    for_words(name, |w| {
        if !s.is_empty() {
            s.push('_');
        }
        s.extend(w.chars().map(|c| c.to_ascii_lowercase()));
    });
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    s
}

/// An identifier, raw when it is a keyword.
pub fn ident(name: &str) -> String {
    if !name.starts_with(|c: char| c.is_ascii_lowercase() || c == 'S' || c == '_') {
        name.to_string()
    } else if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

/// Names taken in one scope; [`Scope::take`] makes a name unique.
#[derive(Default)]
pub struct Scope(FxSet<String>);

impl Scope {
    pub fn new(reserved: &[&str]) -> Self {
        Scope(reserved.iter().map(|s| s.to_string()).collect())
    }

    /// Returns `name`, or `name` with `_` appended until it is free.
    pub fn take(&mut self, name: String) -> String {
        let mut n = name;
        while self.0.contains(&n) {
            n.push('_');
        }
        self.0.insert(n.clone());
        n
    }
}

/// Identifier of the Rust type for a QAPI type name.
pub fn type_ident(name: &str) -> String {
    ident(&camel(name))
}

/// Identifier of the descriptor static for a QAPI type name.
pub fn desc_ident(name: &str) -> String {
    let mut s = String::with_capacity(name.len() + 2);
    write_desc_ident(&mut s, "T_", name);
    s
}

/// Writes `prefix` and `name` with every character that cannot be in an
/// identifier as `_` (descriptor statics: `T_name`, `R_command`).
pub fn write_desc_ident(out: &mut String, prefix: &str, name: &str) {
    out.push_str(prefix);
    if name.bytes().all(|c| c.is_ascii_alphanumeric()) {
        out.push_str(name);
        return;
    }
    out.extend(
        name.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(camel("query-version"), "QueryVersion");
        assert_eq!(camel("BLOCK_JOB_READY"), "BlockJobReady");
        assert_eq!(camel("VersionInfo"), "VersionInfo");
        assert_eq!(camel("QType"), "QType");
        assert_eq!(camel("2.5"), "V25");
        assert_eq!(camel("tls1.2"), "Tls12");
        assert_eq!(snake("node-name"), "node_name");
        assert_eq!(snake("CPU"), "cpu");
        assert_eq!(snake("thread-id"), "thread_id");
        assert_eq!(snake("qemuVersion"), "qemu_version");
        assert_eq!(ident("type"), "r#type");
        assert_eq!(ident("self"), "self_");
        let mut s = Scope::new(&["Unknown"]);
        assert_eq!(s.take("Unknown".into()), "Unknown_");
    }
}
