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

use std::collections::HashSet;

use proc_macro2::{Ident, Span};

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];
const NOT_RAW: &[&str] = &["self", "super", "crate", "Self", "_"];

/// Splits a QAPI name into words at `-`, `_`, `.`, `+` and lower→upper
/// case changes.
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for ch in name.chars() {
        if !ch.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if ch.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = ch.is_ascii_lowercase() || ch.is_ascii_digit();
        cur.push(ch);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `UpperCamelCase` for a type, variant, command or event name.
pub fn camel(name: &str) -> String {
    let is_camel = name.chars().all(|c| c.is_ascii_alphanumeric())
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().any(|c| c.is_ascii_lowercase());
    let mut s = if is_camel {
        name.to_string()
    } else {
        let mut s = String::new();
        for w in words(name) {
            let mut cs = w.chars();
            if let Some(first) = cs.next() {
                s.push(first.to_ascii_uppercase());
                s.extend(cs.map(|c| c.to_ascii_lowercase()));
            }
        }
        s
    };
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    s
}

/// `snake_case` for a member or method name.
pub fn snake(name: &str) -> String {
    let mut s = words(name)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    s
}

/// An identifier, raw when it is a keyword.
pub fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// Names taken in one scope; [`Scope::take`] makes a name unique.
#[derive(Default)]
pub struct Scope(HashSet<String>);

impl Scope {
    pub fn new(reserved: &[&str]) -> Self {
        Scope(reserved.iter().map(|s| s.to_string()).collect())
    }

    /// Returns `name`, or `name` with `_` appended until it is free.
    pub fn take(&mut self, name: String) -> String {
        let mut n = name;
        while !self.0.insert(n.clone()) {
            n.push('_');
        }
        n
    }
}

/// Identifier of the Rust type for a QAPI type name.
pub fn type_ident(name: &str) -> Ident {
    ident(&camel(name))
}

/// Identifier of the descriptor static for a QAPI type name.
pub fn desc_ident(name: &str) -> Ident {
    let mut s = String::from("T_");
    s.extend(
        name.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }),
    );
    Ident::new(&s, Span::call_site())
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
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        let mut s = Scope::new(&["Unknown"]);
        assert_eq!(s.take("Unknown".into()), "Unknown_");
    }
}
