//! The `args_type` mini-language of QEMU's monitor dispatch tables.
//!
//! An `args_type` string is a comma-separated list of `NAME:TYPE` items, for
//! example `"force:-f,device:B,target:F,arg:s?"`.  TYPE is one letter,
//! optionally followed by `?` (the argument may be omitted) or, for `i` and
//! `l` only, `.` (an HMP-only spelling of optional).  `-x` is a boolean flag
//! written `-x` on the HMP command line; it is always optional.
//!
//! The meaning of each letter follows the monitor of QEMU 0.14 … 1.5:
//!
//! | letter | meaning                                   | JSON accepted by QMP | QAPI type |
//! |--------|-------------------------------------------|----------------------|-----------|
//! | `s`    | string                                    | string               | `str`     |
//! | `S`    | rest of the HMP line as one string        | string               | `str`     |
//! | `F`    | file name                                 | string               | `str`     |
//! | `B`    | block device name                         | string               | `str`     |
//! | `i`    | 32 bit integer                            | integer              | `int`     |
//! | `l`    | target long                               | integer              | `int`     |
//! | `M`    | non-negative target long, MiB in HMP      | integer              | `int`     |
//! | `o`    | size in bytes (HMP accepts k/M/G suffix)  | integer              | `size`    |
//! | `T`    | double (HMP accepts ms/us/ns suffix)      | integer or float     | `number`  |
//! | `b`    | boolean (HMP: on/off)                     | boolean              | `bool`    |
//! | `-x`   | optional flag                             | boolean              | `bool`    |
//! | `q`    | any JSON value                            | anything             | `any`     |
//! | `O`    | `NAME=VALUE,...` option list              | any extra members    | none      |
//! | `/`    | gdb-like print format (HMP only)          | not accepted         | none      |
//!
//! `O` does not describe one member: it makes the command accept arbitrary
//! extra arguments (QEMU's `QMP_ACCEPT_UNKNOWNS`).

use std::fmt;

/// A parsed `args_type` string.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArgsType {
    /// The arguments, in order.
    pub args: Vec<Argument>,
}

impl ArgsType {
    /// True when an `O` argument makes the command accept arbitrary
    /// extra arguments.
    pub fn accepts_unknown_args(&self) -> bool {
        self.args.iter().any(|a| a.kind == ArgKind::Options)
    }

    /// The argument called `name`.
    pub fn get(&self, name: &str) -> Option<&Argument> {
        self.args.iter().find(|a| a.name == name)
    }
}

/// One `NAME:TYPE` item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Argument {
    /// The argument name (the JSON member name in QMP).
    pub name: String,
    /// What the type letter means.
    pub kind: ArgKind,
    /// Whether the argument may be omitted (`?`, `.`, or a `-x` flag).
    pub optional: bool,
    /// Byte offset of the item within the `args_type` string.
    pub offset: usize,
}

impl Argument {
    /// The QAPI type of the argument, or `None` for `O` and `/`.
    pub fn qapi_type(&self) -> Option<QapiType> {
        self.kind.qapi_type()
    }
}

/// The meaning of a type letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArgKind {
    /// `s`
    String,
    /// `S`
    RestOfLine,
    /// `F`
    Filename,
    /// `B`
    BlockDevice,
    /// `O`
    Options,
    /// `i`
    Int32,
    /// `l`
    TargetLong,
    /// `M`
    Megabytes,
    /// `o`
    Size,
    /// `T`
    Double,
    /// `b`
    Bool,
    /// `-x`, with the flag letter.
    Flag(char),
    /// `q`
    Any,
    /// `/`
    Format,
}

impl ArgKind {
    /// The QAPI type name QMP clients see, or `None` where the argument is
    /// not a single member (`O`) or not available in QMP (`/`).
    pub fn qapi_type(self) -> Option<QapiType> {
        use ArgKind::*;
        Some(match self {
            String | RestOfLine | Filename | BlockDevice => QapiType::Str,
            Int32 | TargetLong | Megabytes => QapiType::Int,
            Size => QapiType::Size,
            Double => QapiType::Number,
            Bool | Flag(_) => QapiType::Bool,
            Any => QapiType::Any,
            Options | Format => return None,
        })
    }

    fn from_letter(c: char) -> Option<Self> {
        use ArgKind::*;
        Some(match c {
            's' => String,
            'S' => RestOfLine,
            'F' => Filename,
            'B' => BlockDevice,
            'O' => Options,
            'i' => Int32,
            'l' => TargetLong,
            'M' => Megabytes,
            'o' => Size,
            'T' => Double,
            'b' => Bool,
            'q' => Any,
            '/' => Format,
            _ => return None,
        })
    }
}

/// The QAPI built-in types `args_type` letters map to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QapiType {
    /// `str`
    Str,
    /// `int`
    Int,
    /// `number`
    Number,
    /// `bool`
    Bool,
    /// `size`
    Size,
    /// `any`
    Any,
}

impl QapiType {
    /// The QAPI spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            QapiType::Str => "str",
            QapiType::Int => "int",
            QapiType::Number => "number",
            QapiType::Bool => "bool",
            QapiType::Size => "size",
            QapiType::Any => "any",
        }
    }
}

impl fmt::Display for QapiType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an `args_type` string is malformed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgsTypeError {
    /// Byte offset of the offending item.
    pub offset: usize,
    /// Human-readable reason.
    pub reason: String,
}

/// Parse an `args_type` string (already unescaped and concatenated).
pub fn parse_args_type(s: &str) -> Result<ArgsType, ArgsTypeError> {
    let mut args = ArgsType::default();
    if s.is_empty() {
        return Ok(args);
    }
    let mut offset = 0;
    for item in s.split(',') {
        let arg = parse_item(item, offset)?;
        if args.get(&arg.name).is_some() {
            return Err(ArgsTypeError {
                offset,
                reason: format!("argument '{}' is listed twice", arg.name),
            });
        }
        args.args.push(arg);
        offset += item.len() + 1;
    }
    Ok(args)
}

fn parse_item(item: &str, offset: usize) -> Result<Argument, ArgsTypeError> {
    let err = |reason: String| ArgsTypeError { offset, reason };
    if item.is_empty() {
        return Err(err("empty item (stray comma)".into()));
    }
    let Some((name, ty)) = item.split_once(':') else {
        return Err(err(format!("item '{item}' has no ':TYPE'")));
    };
    if name.is_empty() {
        return Err(err(format!("item '{item}' has no name before ':'")));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(err(format!(
            "invalid character '{bad}' in argument name '{name}'"
        )));
    }
    let mut chars = ty.chars();
    let Some(letter) = chars.next() else {
        return Err(err(format!("argument '{name}' has an empty type")));
    };
    let kind = if letter == '-' {
        match chars.next() {
            Some(f) if f.is_ascii_alphabetic() => ArgKind::Flag(f),
            Some(f) => {
                return Err(err(format!(
                    "argument '{name}': flag '-{f}' is not a letter"
                )))
            }
            None => {
                return Err(err(format!(
                    "argument '{name}': '-' must be followed by a flag letter"
                )))
            }
        }
    } else {
        ArgKind::from_letter(letter)
            .ok_or_else(|| err(format!("argument '{name}' has unknown type '{letter}'")))?
    };
    let mut optional = matches!(kind, ArgKind::Flag(_));
    let rest: String = chars.collect();
    match rest.as_str() {
        "" => {}
        "?" if matches!(kind, ArgKind::Flag(_) | ArgKind::Format) => {
            return Err(err(format!(
                "argument '{name}': type '{ty}' cannot be marked optional"
            )))
        }
        "?" => optional = true,
        "." if matches!(kind, ArgKind::Int32 | ArgKind::TargetLong) => optional = true,
        _ => {
            return Err(err(format!(
                "argument '{name}': unexpected '{rest}' after type '{}'",
                &ty[..ty.len() - rest.len()]
            )))
        }
    }
    Ok(Argument {
        name: name.to_string(),
        kind,
        optional,
        offset,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_forms() {
        let a = parse_args_type("force:-f,device:B,target:F,arg:s?,size:o,v:T,q:q,d:O").unwrap();
        let got: Vec<_> = a
            .args
            .iter()
            .map(|a| {
                (
                    a.name.as_str(),
                    a.qapi_type().map(QapiType::as_str),
                    a.optional,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("force", Some("bool"), true),
                ("device", Some("str"), false),
                ("target", Some("str"), false),
                ("arg", Some("str"), true),
                ("size", Some("size"), false),
                ("v", Some("number"), false),
                ("q", Some("any"), false),
                ("d", None, false),
            ]
        );
        assert!(a.accepts_unknown_args());
        assert_eq!(a.args[0].kind, ArgKind::Flag('f'));
    }

    #[test]
    fn empty_is_no_arguments() {
        assert!(parse_args_type("").unwrap().args.is_empty());
    }

    #[test]
    fn hmp_only_forms() {
        let a = parse_args_type("fmt:/,addr:i,index:i.").unwrap();
        assert_eq!(a.args[0].kind, ArgKind::Format);
        assert_eq!(a.args[0].qapi_type(), None);
        assert!(a.args[2].optional);
    }

    #[test]
    fn malformed() {
        for (s, needle) in [
            ("device", "no ':TYPE'"),
            ("device:", "empty type"),
            (":s", "no name"),
            ("a:s,,b:s", "stray comma"),
            ("a:s,", "stray comma"),
            ("a:z", "unknown type 'z'"),
            ("a:-", "flag letter"),
            ("a:s?x", "unexpected"),
            ("a:s.", "unexpected"),
            ("a:-f?", "cannot be marked optional"),
            ("a:s,a:i", "twice"),
            ("a b:s", "invalid character"),
        ] {
            let e = parse_args_type(s).unwrap_err();
            assert!(e.reason.contains(needle), "{s}: {}", e.reason);
        }
    }
}
