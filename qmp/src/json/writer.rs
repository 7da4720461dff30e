//! Formats values exactly as QEMU's qobject/json-writer.c (compact mode):
//! `{"a": 1, "b": [1, 2]}`, members in QDict order, every character outside
//! printable ASCII escaped as `\uXXXX` (upper-case hex, surrogate pairs
//! beyond the BMP), doubles as C's `%.17g`.

use super::value::Value;
use std::fmt::Write as _;

pub fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Int(i) => write_i64(out, *i),
        Value::UInt(u) => write_u64(out, *u),
        Value::Double(d) => out.push_str(&format_g17(*d)),
        Value::String(s) => write_str(out, s),
        Value::List(l) => {
            out.push('[');
            for (i, e) in l.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, e);
            }
            out.push(']');
        }
        Value::Dict(d) if d.len() <= SMALL => {
            let mut all = [("", &Value::Null); SMALL];
            for (slot, kv) in all.iter_mut().zip(d.iter()) {
                *slot = kv;
            }
            out.push('{');
            with_small_order(d.iter().map(|(k, _)| k), |order| {
                for (i, &j) in order.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write_str(out, all[j].0);
                    out.push_str(": ");
                    write_value(out, all[j].1);
                }
            });
            out.push('}');
        }
        Value::Dict(d) => {
            out.push('{');
            for (i, (k, e)) in d.qemu_order().into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_str(out, k);
                out.push_str(": ");
                write_value(out, e);
            }
            out.push('}');
        }
    }
}

/// An integer in decimal (what `write!` gives, without the formatter).
pub(crate) fn write_u64(out: &mut String, mut u: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(d as char);
    }
}

fn write_i64(out: &mut String, i: i64) {
    if i < 0 {
        out.push('-');
    }
    write_u64(out, i.unsigned_abs());
}

/// Dicts up to this size are ordered without allocating.
const SMALL: usize = 16;

/// Calls `f` with the indices of `keys` (at most [`SMALL`], in insertion
/// order) in QEMU's QDict iteration order, without allocating.
fn with_small_order<'a>(keys: impl Iterator<Item = &'a str>, f: impl FnOnce(&[usize])) {
    let mut idx = [(0u32, 0usize); SMALL];
    let mut n = 0;
    for (i, k) in keys.enumerate().take(SMALL) {
        idx[i] = (super::qdict_order::bucket(k), i);
        n = i + 1;
    }
    let idx = &mut idx[..n];
    // buckets in index order, newest entry first within a bucket
    idx.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut order = [0usize; SMALL];
    for (o, (_, i)) in order.iter_mut().zip(idx.iter()) {
        *o = *i;
    }
    f(&order[..n]);
}

/// Writes a serde_json value as QEMU would print the same QObject (what
/// [`Value::from_json`] then [`write_value`] give, without the copy).
pub fn write_json(out: &mut String, v: &serde_json::Value) {
    use serde_json::Value as J;
    match v {
        J::Null => out.push_str("null"),
        J::Bool(true) => out.push_str("true"),
        J::Bool(false) => out.push_str("false"),
        J::Number(n) => {
            if let Some(i) = n.as_i64() {
                write_i64(out, i);
            } else if let Some(u) = n.as_u64() {
                write_u64(out, u);
            } else {
                out.push_str(&format_g17(n.as_f64().unwrap_or(f64::NAN)));
            }
        }
        J::String(s) => write_str(out, s),
        J::Array(l) => {
            out.push('[');
            for (i, e) in l.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_json(out, e);
            }
            out.push(']');
        }
        J::Object(m) if m.len() <= SMALL => {
            let mut all: [(&str, &serde_json::Value); SMALL] = [("", &J::Null); SMALL];
            for (slot, (k, e)) in all.iter_mut().zip(m.iter()) {
                *slot = (k.as_str(), e);
            }
            out.push('{');
            with_small_order(m.keys().map(String::as_str), |order| {
                for (i, &j) in order.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write_str(out, all[j].0);
                    out.push_str(": ");
                    write_json(out, all[j].1);
                }
            });
            out.push('}');
        }
        J::Object(m) => {
            let entries: Vec<(&String, &serde_json::Value)> = m.iter().collect();
            let order = super::qdict_order::order(m.keys().map(String::as_str));
            out.push('{');
            for (i, j) in order.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_str(out, entries[j].0);
                out.push_str(": ");
                write_json(out, entries[j].1);
            }
            out.push('}');
        }
    }
}

/// The value as QEMU prints it.
pub fn to_qemu_string(v: &Value) -> String {
    let mut s = String::new();
    write_value(&mut s, v);
    s
}

/// A string literal as QEMU's quoted_str() writes it.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    // fast path: printable ASCII without quotes or backslashes as is
    let plain = s
        .bytes()
        .position(|b| !(0x20..=0x7e).contains(&b) || b == b'"' || b == b'\\')
        .unwrap_or(s.len());
    out.push_str(&s[..plain]);
    for c in s[plain..].chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='\u{7e}' => out.push(c),
            _ => {
                let mut cp = c as u32;
                // QEMU cannot hold noncharacters/surrogates; Rust strings never
                // hold surrogates, and noncharacters print as U+FFFD like QEMU.
                if (0xFDD0..=0xFDEF).contains(&cp) || cp & 0xFFFE == 0xFFFE {
                    cp = 0xFFFD;
                }
                if cp > 0xFFFF {
                    let v = cp - 0x10000;
                    let _ = write!(
                        out,
                        "\\u{:04X}\\u{:04X}",
                        0xD800 + (v >> 10),
                        0xDC00 + (v & 0x3FF)
                    );
                } else {
                    let _ = write!(out, "\\u{cp:04X}");
                }
            }
        }
    }
    out.push('"');
}

/// C's `printf("%.17g", x)` as glibc prints it.
pub fn format_g17(x: f64) -> String {
    if x.is_nan() {
        return if x.is_sign_negative() {
            "-nan".into()
        } else {
            "nan".into()
        };
    }
    if x.is_infinite() {
        return if x < 0.0 { "-inf".into() } else { "inf".into() };
    }
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    const P: i32 = 17;
    let sci = format!("{:.*e}", (P - 1) as usize, x);
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..P).contains(&exp) {
        let mant = strip_zeros(mant);
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mant}e{sign}{:02}", exp.abs())
    } else {
        let fixed = format!("{:.*}", (P - 1 - exp) as usize, x);
        strip_zeros(&fixed).to_string()
    }
}

fn strip_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g17_matches_glibc() {
        assert_eq!(format_g17(0.1), "0.10000000000000001");
        assert_eq!(format_g17(-1.5), "-1.5");
        assert_eq!(format_g17(1.2345678901234568e29), "1.2345678901234568e+29");
        assert_eq!(format_g17(1e-5), "1.0000000000000001e-05");
        assert_eq!(format_g17(100.0), "100");
        assert_eq!(format_g17(f64::INFINITY), "inf");
        assert_eq!(format_g17(-f64::INFINITY), "-inf");
        assert_eq!(format_g17(1e16), "10000000000000000");
        assert_eq!(format_g17(1e17), "1e+17");
    }

    #[test]
    fn integers_as_write_gives_them() {
        for i in [0, 1, -1, 9, 10, -10, 123456789, i64::MAX, i64::MIN] {
            let mut s = String::new();
            write_i64(&mut s, i);
            assert_eq!(s, i.to_string());
        }
        let mut s = String::new();
        write_u64(&mut s, u64::MAX);
        assert_eq!(s, u64::MAX.to_string());
    }

    #[test]
    fn strings_escape_like_qemu() {
        let mut s = String::new();
        write_str(&mut s, "h\u{e9}\u{2603} \u{1F600} \0x\u{7f}");
        assert_eq!(s, "\"h\\u00E9\\u2603 \\uD83D\\uDE00 \\u0000x\\u007F\"");
    }
}
