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
    let b = name.as_bytes();
    let is_camel = b.iter().all(u8::is_ascii_alphanumeric)
        && b.first().is_some_and(u8::is_ascii_uppercase)
        && b.iter().any(u8::is_ascii_lowercase);
    if is_camel {
        return name.to_string();
    }
    let mut s = Vec::with_capacity(name.len() + 1);
    // Words are ASCII alphanumerics.
    for_words(name, |w| {
        let start = s.len();
        s.extend_from_slice(w.as_bytes());
        s[start + 1..].make_ascii_lowercase();
        s[start].make_ascii_uppercase();
    });
    if matches!(s.first(), None | Some(b'0'..=b'9')) {
        s.insert(0, b'V');
    }
    String::from_utf8(s).expect("ASCII")
}

/// `snake_case` for a member or method name.
pub fn snake(name: &str) -> String {
    // Most names are lower-case words joined by single dashes.
    let b = name.as_bytes();
    let simple = b.first().is_some_and(u8::is_ascii_lowercase)
        && b.last() != Some(&b'-')
        && b.windows(2).all(|w| {
            (w[1].is_ascii_lowercase() || w[1].is_ascii_digit() || w[1] == b'-')
                && !(w[0] == b'-' && w[1] == b'-')
        });
    if simple {
        let mut s = b.to_vec();
        for c in &mut s {
            if *c == b'-' {
                *c = b'_';
            }
        }
        return String::from_utf8(s).expect("ASCII");
    }
    let mut s = Vec::with_capacity(name.len() + 4);
    for_words(name, |w| {
        if !s.is_empty() {
            s.push(b'_');
        }
        let start = s.len();
        s.extend_from_slice(w.as_bytes());
        s[start..].make_ascii_lowercase();
    });
    if matches!(s.first(), None | Some(b'0'..=b'9')) {
        s.insert(0, b'_');
    }
    String::from_utf8(s).expect("ASCII")
}

/// Whether a name is a Rust keyword (strict or reserved).
fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "as" | "async"
            | "await"
            | "break"
            | "const"
            | "continue"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "gen"
            | "macro"
            | "override"
            | "priv"
            | "try"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
    )
}

/// Whether a name cannot be a raw identifier.
fn is_not_raw(name: &str) -> bool {
    matches!(name, "self" | "super" | "crate" | "Self" | "_")
}

/// Whether [`ident`] leaves a name as it is.
fn plain_ident(name: &str) -> bool {
    !name.starts_with(|c: char| c.is_ascii_lowercase() || c == 'S' || c == '_')
        || !(is_not_raw(name) || is_keyword(name))
}

/// An identifier, raw when it is a keyword.
pub fn ident(name: &str) -> String {
    let mut s = String::with_capacity(name.len() + 2);
    push_ident(&mut s, name);
    s
}

/// [`ident`] of an owned name, without a copy when it is not a keyword.
pub fn into_ident(name: String) -> String {
    if plain_ident(&name) {
        name
    } else {
        ident(&name)
    }
}

/// Appends [`ident`] of a name.
pub fn push_ident(out: &mut String, name: &str) {
    if plain_ident(name) {
        out.push_str(name);
    } else if is_not_raw(name) {
        out.push_str(name);
        out.push('_');
    } else {
        out.push_str("r#");
        out.push_str(name);
    }
}

/// Names taken in one scope; [`Scope::take`] makes a name unique.
///
/// A few names (the members of one type) are kept in a list, more in a
/// hash set.
#[derive(Default)]
pub struct Scope {
    list: Vec<String>,
    set: FxSet<String>,
}

/// How many names a [`Scope`] keeps in its list.
const SCOPE_LIST: usize = 24;

impl Scope {
    pub fn new(reserved: &[&str]) -> Self {
        let mut s = Scope::default();
        for r in reserved {
            s.insert(r.to_string());
        }
        s
    }

    fn contains(&self, name: &str) -> bool {
        if self.set.is_empty() {
            self.list.iter().any(|n| n == name)
        } else {
            self.set.contains(name)
        }
    }

    fn insert(&mut self, name: String) {
        if self.set.is_empty() && self.list.len() < SCOPE_LIST {
            self.list.push(name);
        } else {
            self.set.extend(self.list.drain(..));
            self.set.insert(name);
        }
    }

    /// Returns `name`, or `name` with `_` appended until it is free.
    pub fn take(&mut self, name: String) -> String {
        let mut n = name;
        while self.contains(&n) {
            n.push('_');
        }
        self.insert(n.clone());
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
    if name.is_ascii() {
        let mut run = 0;
        for (i, c) in name.bytes().enumerate() {
            if !c.is_ascii_alphanumeric() {
                out.push_str(&name[run..i]);
                out.push('_');
                run = i + 1;
            }
        }
        out.push_str(&name[run..]);
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
        for n in [
            "a-b", "x2-y", "a--b", "-a", "a-", "2a", "a_b", "aB-c", "a.b", "",
        ] {
            let mut slow = String::new();
            for_words(n, |w| {
                if !slow.is_empty() {
                    slow.push('_');
                }
                slow.push_str(&w.to_ascii_lowercase());
            });
            if matches!(slow.as_bytes().first(), None | Some(b'0'..=b'9')) {
                slow.insert(0, '_');
            }
            assert_eq!(snake(n), slow, "{n}");
        }
        assert_eq!(ident("type"), "r#type");
        assert_eq!(ident("self"), "self_");
        assert_eq!(ident("Self"), "Self_");
        assert_eq!(ident("yield"), "r#yield");
        assert_eq!(ident("selfish"), "selfish");
        assert_eq!(into_ident("match".into()), "r#match");
        assert_eq!(into_ident("Match".into()), "Match");
        let mut s = Scope::new(&["Unknown"]);
        assert_eq!(s.take("Unknown".into()), "Unknown_");
        assert_eq!(desc_ident("x-a.b+c"), "T_x_a_b_c");
        assert_eq!(desc_ident("ü-x"), "T___x");
        // Past the list, into the set.
        for i in 0..100 {
            assert_eq!(s.take(format!("n{i}")), format!("n{i}"));
        }
        assert_eq!(s.take("n3".into()), "n3_");
        assert_eq!(s.take("Unknown".into()), "Unknown__");
    }
}
