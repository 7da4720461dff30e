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
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::UInt(u) => {
            let _ = write!(out, "{u}");
        }
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

/// The value as QEMU prints it.
pub fn to_qemu_string(v: &Value) -> String {
    let mut s = String::new();
    write_value(&mut s, v);
    s
}

/// A string literal as QEMU's quoted_str() writes it.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
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
    fn strings_escape_like_qemu() {
        let mut s = String::new();
        write_str(&mut s, "h\u{e9}\u{2603} \u{1F600} \0x\u{7f}");
        assert_eq!(s, "\"h\\u00E9\\u2603 \\uD83D\\uDE00 \\u0000x\\u007F\"");
    }
}
