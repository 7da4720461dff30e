//! Examples embedded in legacy docs, parsed as JSON.
//!
//! `SQMP` blocks show exchanges as `-> {...}` (client to server) and
//! `<- {...}` (server to client) lines, a value often spanning several
//! lines; `qmp-events.txt` shows bare JSON objects.  Each becomes an
//! [`Example`] holding the text and, when the text is valid JSON, the parsed
//! value, so that a later pass can check it against the schema.

use super::Span;

/// Who sends an example message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// `->`: the client sends it.
    ToServer,
    /// `<-`: the server sends it.
    FromServer,
    /// A bare JSON object (event examples in `qmp-events.txt`).
    Unmarked,
}

/// One example message.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Who sends it.
    pub direction: Direction,
    /// The JSON text, arrow removed, lines joined with `\n`.
    pub text: String,
    /// Where the example starts (the arrow or the opening brace).
    pub span: Span,
    /// Number of source lines the example occupies.
    pub line_count: usize,
    /// The parsed value, or serde_json's message when the text is not JSON.
    pub json: Result<serde_json::Value, String>,
}

impl Example {
    /// True when the text is valid JSON.
    pub fn is_valid_json(&self) -> bool {
        self.json.is_ok()
    }
}

fn arrow(line: &str) -> Option<(Direction, &str)> {
    let dir = if line.starts_with("->") {
        Direction::ToServer
    } else if line.starts_with("<-") {
        Direction::FromServer
    } else {
        return None;
    };
    let rest = &line[2..];
    if rest.is_empty() || rest.starts_with([' ', '\t']) {
        Some((dir, rest))
    } else {
        None
    }
}

/// Parse the first prefix of `lines` (1 line, 2 lines, …) that is valid JSON;
/// returns the value and the number of lines used, or the error for all lines.
fn parse_prefix(lines: &[&str]) -> (Result<serde_json::Value, String>, usize) {
    let mut text = String::new();
    let mut last_err = String::new();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(l);
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(v) => return (Ok(v), i + 1),
            Err(e) => last_err = e.to_string(),
        }
    }
    (Err(last_err), lines.len())
}

/// Collect the `->`/`<-` examples of a documentation block.  `lines` are the
/// block's lines with their spans.
pub fn arrow_examples(lines: &[(&str, Span)]) -> Vec<Example> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some((direction, first)) = arrow(lines[i].0) else {
            i += 1;
            continue;
        };
        let mut group = vec![first];
        let mut j = i + 1;
        while j < lines.len() && !lines[j].0.trim().is_empty() && arrow(lines[j].0).is_none() {
            group.push(lines[j].0);
            j += 1;
        }
        let (json, used) = parse_prefix(&group);
        let used = if json.is_ok() { used } else { group.len() };
        out.push(Example {
            direction,
            text: group[..used].join("\n"),
            span: lines[i].1.clone(),
            line_count: used,
            json,
        });
        i += used;
    }
    out
}

/// Build an unmarked example from the lines of a JSON block.
pub fn json_block(lines: &[&str], span: Span) -> Example {
    let text = lines.join("\n");
    let json = serde_json::from_str(&text).map_err(|e| e.to_string());
    Example {
        direction: Direction::Unmarked,
        text,
        span,
        line_count: lines.len(),
        json,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn multi_line_and_invalid() {
        let f: Arc<str> = "t".into();
        let src = [
            "Example:",
            "",
            "-> { \"execute\": \"x\",",
            "     \"arguments\": { \"a\": 1 } }",
            "<- { \"return\": {} }",
            "-> { \"execute\": \"y\", ... }",
            "",
        ];
        let lines: Vec<(&str, Span)> = src
            .iter()
            .enumerate()
            .map(|(i, l)| (*l, Span::new(&f, i + 1, 1)))
            .collect();
        let ex = arrow_examples(&lines);
        assert_eq!(ex.len(), 3);
        assert_eq!(ex[0].direction, Direction::ToServer);
        assert_eq!(ex[0].line_count, 2);
        assert_eq!(ex[0].json.as_ref().unwrap()["arguments"]["a"], 1);
        assert_eq!(ex[1].direction, Direction::FromServer);
        assert_eq!(ex[1].span.line, 5);
        assert!(!ex[2].is_valid_json());
    }
}
