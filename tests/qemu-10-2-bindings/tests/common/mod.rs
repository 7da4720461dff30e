//! Shared helpers of the tests: the `qmp-example` blocks of the schema
//! documentation, and JSON text with `...` elisions.

#![allow(dead_code)]

use std::path::PathBuf;

pub fn shared() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"))
}

/// One message of an example: `->` (request) or `<-` (reply, event).
#[derive(Debug)]
pub struct Message {
    /// `file:line` of the arrow.
    pub at: String,
    pub to_server: bool,
    /// The JSON text after the arrow, lines joined.
    pub text: String,
}

/// The messages of every `.. qmp-example::` block in `qapi/*.json`, in
/// file order; also returns the number of blocks.
pub fn examples(qapi_dir: &std::path::Path) -> (usize, Vec<Message>) {
    let mut files: Vec<_> = std::fs::read_dir(qapi_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let (mut blocks, mut out) = (0, Vec::new());
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&f).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let body = comment_body(lines[i]);
            if body.map(str::trim) != Some(".. qmp-example::") {
                i += 1;
                continue;
            }
            blocks += 1;
            i += 1;
            // The block: comment lines that are blank or indented.
            let start = i;
            while i < lines.len() {
                match comment_body(lines[i]) {
                    Some(b) if b.trim().is_empty() || b.starts_with("  ") => i += 1,
                    _ => break,
                }
            }
            let block: Vec<(usize, &str)> = (start..i)
                .map(|n| (n + 1, comment_body(lines[n]).unwrap()))
                .collect();
            let mut k = 0;
            while k < block.len() {
                let (line_no, b) = block[k];
                let t = b.trim_start();
                let to_server = t.starts_with("->");
                if !(to_server || t.starts_with("<-")) {
                    k += 1;
                    continue;
                }
                let mut msg = t[2..].to_string();
                k += 1;
                while depth(&msg) > 0 && k < block.len() {
                    msg.push('\n');
                    msg.push_str(block[k].1);
                    k += 1;
                }
                out.push(Message {
                    at: format!("{name}:{line_no}"),
                    to_server,
                    text: msg.trim().to_string(),
                });
            }
        }
    }
    (blocks, out)
}

/// The text of a `#` comment line (not `##`), without the `#`.
fn comment_body(line: &str) -> Option<&str> {
    let b = line.strip_prefix('#')?;
    if b.starts_with('#') {
        None
    } else {
        Some(b)
    }
}

/// Nesting depth of brackets at the end of `s`, outside strings.
fn depth(s: &str) -> i32 {
    let (mut d, mut in_str, mut esc) = (0, false, false);
    let mut seen = false;
    for c in s.chars() {
        if in_str {
            match c {
                _ if esc => esc = false,
                '\\' => esc = true,
                '"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '{' | '[' => {
                d += 1;
                seen = true;
            }
            '}' | ']' => d -= 1,
            _ => {}
        }
    }
    if seen {
        d
    } else {
        1
    }
}

/// Removes `...` elisions outside strings, and the commas they leave
/// dangling; returns the text and whether anything was elided.
pub fn unelide(s: &str) -> (String, bool) {
    let mut out = String::new();
    let (mut in_str, mut esc, mut elided) = (false, false, false);
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if in_str {
            match c {
                _ if esc => esc = false,
                '\\' => esc = true,
                '"' => in_str = false,
                _ => {}
            }
            out.push(c);
            i += 1;
            continue;
        }
        if c == '.' && chars.get(i + 1) == Some(&'.') && chars.get(i + 2) == Some(&'.') {
            elided = true;
            i += 3;
            continue;
        }
        if c == '"' {
            in_str = true;
        }
        out.push(c);
        i += 1;
    }
    if !elided {
        return (out, false);
    }
    // Drop commas next to a bracket or another comma, outside strings.
    let toks: Vec<char> = out.chars().collect();
    let mut res = String::new();
    let (mut in_str, mut esc) = (false, false);
    let next_sig = |j: usize| toks[j..].iter().copied().find(|c| !c.is_whitespace());
    for (j, &c) in toks.iter().enumerate() {
        if in_str {
            match c {
                _ if esc => esc = false,
                '\\' => esc = true,
                '"' => in_str = false,
                _ => {}
            }
            res.push(c);
            continue;
        }
        if c == '"' {
            in_str = true;
        }
        if c == ',' {
            let prev = res.chars().rev().find(|c| !c.is_whitespace());
            let next = next_sig(j + 1);
            if matches!(prev, Some('{' | '[' | ',') | None)
                || matches!(next, Some('}' | ']' | ',') | None)
            {
                continue;
            }
        }
        res.push(c);
    }
    (res, true)
}
