//! Modified UTF-8 helpers with the exact semantics of QEMU's util/unicode.c.

/// Whether `cp` may appear in a QEMU string (not a surrogate, not a
/// noncharacter, within the Unicode range).
pub fn is_valid_codepoint(cp: i64) -> bool {
    if !(0..=0x10FFFF).contains(&cp) {
        return false;
    }
    if (0xFDD0..=0xFDEF).contains(&cp) || (cp & 0xFFFE) == 0xFFFE {
        return false;
    }
    !(0xD800..=0xDFFF).contains(&cp)
}

/// Decodes one modified UTF-8 sequence at the start of `s` (reading at most
/// six bytes; bytes past the end read as NUL). Returns the code point (or
/// `None` when invalid) and the number of bytes consumed.
pub fn mod_utf8_codepoint(s: &[u8]) -> (Option<u32>, usize) {
    const MIN_CP: [u32; 5] = [0x80, 0x800, 0x10000, 0x200000, 0x4000000];
    let at = |i: usize| -> u8 { s.get(i).copied().unwrap_or(0) };
    let byte = at(0);
    if byte == 0 {
        return (None, 0);
    }
    if byte < 0x80 {
        return (Some(byte as u32), 1);
    }
    if byte >= 0xFE || byte & 0x40 == 0 {
        return (None, 1);
    }
    let mut len = 0usize;
    let mut mask = 0x80u32;
    while (byte as u32) & mask != 0 {
        len += 1;
        mask >>= 1;
    }
    let mut cp: u32 = (byte as u32) & (mask - 1);
    let mut p = 1usize;
    for i in 1..len {
        let b = if i < 6 { at(p) } else { 0 };
        if b & 0xC0 != 0x80 {
            return (None, p);
        }
        p += 1;
        cp = (cp << 6) | (b as u32 & 0x3F);
    }
    let ok = is_valid_codepoint(cp as i64) && !(cp < MIN_CP[len - 2] && !(cp == 0 && len == 2));
    (if ok { Some(cp) } else { None }, p)
}

/// Converts a C string (bytes up to the first NUL) to text the way QEMU's
/// JSON writer would print it: invalid sequences become U+FFFD.
pub fn lossy_c_string(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    let bytes = &bytes[..end];
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let (cp, n) = mod_utf8_codepoint(&bytes[i..]);
        match cp.and_then(char::from_u32) {
            Some(c) => out.push(c),
            None => out.push('\u{FFFD}'),
        }
        i += n.max(1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_modified_utf8() {
        assert_eq!(mod_utf8_codepoint(b"\xC0\x80"), (Some(0), 2));
        assert_eq!(mod_utf8_codepoint("é".as_bytes()), (Some(0xE9), 2));
        assert_eq!(mod_utf8_codepoint(b"\xFF"), (None, 1));
        assert_eq!(mod_utf8_codepoint(b"\xE2\x98"), (None, 2));
        assert_eq!(mod_utf8_codepoint(b"\xC1\x81"), (None, 2)); // overlong
        assert_eq!(lossy_c_string(b"\"query-\xff"), "\"query-\u{FFFD}");
        assert_eq!(lossy_c_string(b"ab\0cd"), "ab");
    }
}
