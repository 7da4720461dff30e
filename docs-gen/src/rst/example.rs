//! `.. qmp-example::` blocks: their `->` / `<-` messages, and the JSON of
//! a message with the parts an example elides (`...`) dropped.

use super::lines::{dedent, indent, Line};

/// Which way a message of an example goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    /// `->`: client to server.
    Send,
    /// `<-`: server to client.
    Receive,
}

/// One `->` or `<-` message of an example.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub dir: Dir,
    /// The JSON text after the arrow, continuation lines included.
    pub json: String,
    /// Line of the arrow, 0-based, within the section text.
    pub line: usize,
}

/// A `.. qmp-example::` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub title: Option<String>,
    /// The block's content lines, dedented (for display).
    pub lines: Vec<String>,
    pub messages: Vec<Message>,
}

/// Parses a `.. qmp-example::` directive and its body (numbered lines;
/// the first is the directive's).
pub(super) fn parse(body: &[Line]) -> Example {
    let mut title = None;
    let mut content: Vec<Line> = Vec::new();
    let mut options = true;
    for &(n, l) in &body[1..] {
        let t = l.trim();
        if options && t.starts_with(':') {
            if let Some(v) = t.strip_prefix(":title:") {
                title = Some(v.trim().to_owned());
            }
            continue;
        }
        options = false;
        content.push((n, l));
    }
    while content.first().is_some_and(|(_, l)| l.trim().is_empty()) {
        content.remove(0);
    }
    let lines = dedent(&content)
        .into_iter()
        .map(|(_, l)| l.to_owned())
        .collect();
    Example {
        title,
        lines,
        messages: messages(&content),
    }
}

/// The `->` / `<-` messages among numbered lines.
fn messages(content: &[Line]) -> Vec<Message> {
    let mut out: Vec<Message> = Vec::new();
    let mut open: Option<usize> = None; // indentation of the current arrow
    for &(n, l) in content {
        let t = l.trim_start();
        let dir = if t.starts_with("->") {
            Some(Dir::Send)
        } else if t.starts_with("<-") {
            Some(Dir::Receive)
        } else {
            None
        };
        match dir {
            Some(dir) => {
                out.push(Message {
                    dir,
                    json: t[2..].trim().to_owned(),
                    line: n,
                });
                open = Some(indent(l));
            }
            None if l.trim().is_empty() => open = None,
            None => match open {
                Some(ind) if indent(l) >= ind => {
                    let m = out.last_mut().expect("open message");
                    m.json.push('\n');
                    m.json.push_str(t);
                }
                _ => open = None,
            },
        }
    }
    out
}

/// Parses a message's JSON.  Examples elide parts with `...`: lines that
/// are only `...` and `...` values are dropped, trailing commas removed.
/// Returns the value and whether anything was elided.
pub fn parse_message(json: &str) -> Result<(serde_json::Value, bool), String> {
    if let Ok(v) = serde_json::from_str(json) {
        return Ok((v, false));
    }
    if !json.contains("...") {
        return Err(serde_json::from_str::<serde_json::Value>(json)
            .unwrap_err()
            .to_string());
    }
    let kept: Vec<&str> = json
        .lines()
        .filter(|l| l.trim().trim_end_matches(',') != "...")
        .collect();
    let mut s = kept.join("\n").replace("...", "");
    // Drop commas left before a closing bracket or another comma.
    loop {
        let t = trailing_commas(&s);
        if t == s {
            break;
        }
        s = t;
    }
    serde_json::from_str(&s)
        .map(|v| (v, true))
        .map_err(|e| e.to_string())
}

fn trailing_commas(s: &str) -> String {
    let b: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == ',' {
            let mut j = i + 1;
            while j < b.len() && b[j].is_whitespace() {
                j += 1;
            }
            if j < b.len() && matches!(b[j], ']' | '}' | ',') {
                i += 1;
                continue;
            }
        }
        if matches!(b[i], '[' | '{') {
            out.push(b[i]);
            let mut j = i + 1;
            while j < b.len() && b[j].is_whitespace() {
                j += 1;
            }
            if j < b.len() && b[j] == ',' {
                i = j + 1;
                continue;
            }
            i += 1;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    out
}
