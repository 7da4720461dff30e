//! Naming rules of the schema language (qapi-code-gen.rst, "Naming rules
//! and reserved names"), as checked by QEMU's front end.

/// The stem of a valid QAPI name (without `__RFQDN_` and `x-` prefixes),
/// or `None` when the name is invalid.
pub fn valid_name_stem(name: &str) -> Option<&str> {
    let mut rest = name;
    if let Some(after) = rest.strip_prefix("__") {
        // __RFQDN_: letters, digits, '.' and '-', then '_'.
        let end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'));
        match end {
            Some(n) if n > 0 && after[n..].starts_with('_') => rest = &after[n + 1..],
            _ => return None,
        }
    }
    let is_stem = |s: &str| {
        let mut chars = s.chars();
        matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    if rest.len() >= 2 && rest[..2].eq_ignore_ascii_case("x-") && is_stem(&rest[2..]) {
        return Some(&rest[2..]);
    }
    is_stem(rest).then_some(rest)
}

/// How `c_name` maps a character: letters, digits and `_` stay, every
/// other character becomes `_`.
fn c_char(c: char) -> char {
    if c.is_ascii_alphanumeric() || c == '_' {
        c
    } else {
        '_'
    }
}

/// QEMU's `c_name(name, protect=False)`: every character other than a
/// letter, digit or `_` becomes `_`.
pub fn c_name(name: &str) -> String {
    name.chars().map(c_char).collect()
}

/// `c_name(a) == c_name(b)`, without building them.
pub fn c_name_eq(a: &str, b: &str) -> bool {
    for (&x, &y) in a.as_bytes().iter().zip(b.as_bytes()) {
        if x >= 0x80 || y >= 0x80 {
            // A character of several bytes maps to one `_`: by characters.
            return a.chars().map(c_char).eq(b.chars().map(c_char));
        }
        if c_char(char::from(x)) != c_char(char::from(y)) {
            return false;
        }
    }
    // ASCII and alike as far as the shorter goes: the longer has more
    // characters.
    a.len() == b.len()
}

/// A hash of `c_name(name)`, without building it: names with equal C
/// names have equal keys (compare with [`c_name_eq`] when keys are equal).
///
/// The C name's bytes are hashed 8 at a time; an ASCII name (nearly all)
/// is mapped through a table, 8 bytes at a time too.
pub fn c_name_key(name: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::hash::FxHasher::default();
    let bytes = name.as_bytes();
    if bytes.is_ascii() {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            h.write_u64(c_word(c));
        }
        if !chunks.remainder().is_empty() {
            h.write_u64(c_word(chunks.remainder()));
        }
    } else {
        // A character of several bytes maps to one `_`.
        let (mut word, mut n) = ([0u8; 8], 0);
        for c in name.chars() {
            word[n] = c_char(c) as u8;
            n += 1;
            if n == 8 {
                h.write_u64(u64::from_le_bytes(word));
                (word, n) = ([0u8; 8], 0);
            }
        }
        if n > 0 {
            h.write_u64(u64::from_le_bytes(word));
        }
    }
    h.finish()
}

/// Up to 8 ASCII bytes mapped by `c_name`, as a little-endian word padded
/// with zeros (which no mapped byte is).
#[inline]
fn c_word(bytes: &[u8]) -> u64 {
    const C_BYTE: [u8; 128] = {
        let mut t = [b'_'; 128];
        let mut b = 0;
        while b < 128 {
            if (b as u8).is_ascii_alphanumeric() || b == b'_' as usize {
                t[b] = b as u8;
            }
            b += 1;
        }
        t
    };
    let mut word = [0u8; 8];
    for (w, &b) in word.iter_mut().zip(bytes) {
        *w = C_BYTE[usize::from(b & 0x7f)];
    }
    u64::from_le_bytes(word)
}

/// Whether `c_name(name)` starts with `prefix`, without building it.
pub fn c_name_starts_with(name: &str, prefix: &str) -> bool {
    let mut chars = name.chars().map(c_char);
    prefix.chars().all(|p| chars.next() == Some(p))
}

/// Whether `c_name(name)` starts with `q_` (the reserved prefix), without
/// building it.
pub fn c_name_has_q_prefix(name: &str) -> bool {
    c_name_starts_with(name, "q_")
}

/// CamelCase stem: `[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*`.
pub fn is_camel(stem: &str) -> bool {
    let mut chars = stem.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase())
        && stem.chars().all(|c| c.is_ascii_alphanumeric())
        && stem[1..].chars().any(|c| c.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems() {
        assert!(c_name_eq("a-b", "a_b"));
        assert!(c_name_eq("a.b", "a+b"));
        assert!(!c_name_eq("a-b", "a-bc"));
        assert!(c_name_eq("é-x", "_.x"));
        assert!(!c_name_eq("é", "__"));
        assert!(c_name_eq("xé", "x_"));
        assert!(!c_name_eq("ab", "a"));
        assert!(c_name_starts_with("has-x", "has_"));
        assert!(c_name_starts_with("has_x", "has_"));
        assert!(!c_name_starts_with("ha", "has_"));
        assert!(!c_name_starts_with("hasx", "has_"));
        for (x, y) in [("a-b", "a_b"), ("a.b", "a+b"), ("é-x", "_.x"), ("xé", "x_")] {
            assert_eq!(c_name_key(x), c_name_key(y), "{x} {y}");
        }
        assert_ne!(c_name_key("a-b"), c_name_key("a-bc"));
        // Names of any length, ASCII or not: the key is that of the C name.
        for name in [
            "",
            "x",
            "exactly8",
            "nine-char",
            "block-dirty-bitmap-add",
            "é",
            "é-long-name-ünd-more",
            "𝒳 and x",
            "\u{7f}\u{80}tail-of-16-bytes",
        ] {
            assert_eq!(c_name_key(name), c_name_key(&c_name(name)), "{name}");
        }
        assert_ne!(c_name_key("exactly8"), c_name_key("exactly8_"));
        assert_ne!(c_name_key("é-long-name"), c_name_key("é-long-nam"));
        assert_eq!(valid_name_stem("foo-bar"), Some("foo-bar"));
        assert_eq!(valid_name_stem("x-foo"), Some("foo"));
        assert_eq!(valid_name_stem("X-foo"), Some("foo"));
        assert_eq!(valid_name_stem("x-"), Some("x-"));
        assert_eq!(valid_name_stem("__com.redhat_x-foo"), Some("foo"));
        assert_eq!(valid_name_stem("__com.redhat_"), None);
        assert_eq!(valid_name_stem("_foo"), None);
        assert_eq!(valid_name_stem("1foo"), None);
        assert_eq!(valid_name_stem("a.b"), None);
        assert_eq!(valid_name_stem(""), None);
    }

    #[test]
    fn camel() {
        assert!(is_camel("FooBar"));
        assert!(is_camel("Fo"));
        assert!(!is_camel("FOO"));
        assert!(!is_camel("fooBar"));
        assert!(!is_camel("Foo_Bar"));
    }

    #[test]
    fn c_names() {
        assert_eq!(c_name("a-b.c_d"), "a_b_c_d");
        for n in ["q_x", "q-x", "q.x", "qx", "q", "Q_x", "xq_", ""] {
            assert_eq!(c_name_has_q_prefix(n), c_name(n).starts_with("q_"), "{n}");
        }
    }
}
