//! The reStructuredText of QAPI doc comments, split once into runs of
//! lines (`lines`): paragraphs, directives with their bodies, indented
//! blocks.
//!
//! * [`chunks`]: the runs as the 2012 text layout prints them.
//! * [`parse`] / [`parse_freeform`] (`blocks`): the block tree the Markdown
//!   and HTML references walk (titles, paragraphs, lists, literal blocks,
//!   examples, admonitions, quotes), built from the same runs, with the
//!   problems found on the way (for `check --strict`).
//! * [`inline`](mod@inline): the markup inside a paragraph.
//! * `example`: the messages of `.. qmp-example::` blocks ([`examples`]).

mod blocks;
mod example;
pub mod inline;
mod lines;

pub use blocks::{parse, parse_freeform, Block, List, ListKind, Parsed, Problem};
pub use example::{parse_message, Dir, Example, Message};
pub use inline::{inline, Inline};

use lines::{dedent, is_example, join, numbered, runs, RunKind};

/// A run of a section's text as the 2012 text layout prints it.
#[derive(Debug, Clone, PartialEq)]
pub enum Chunk {
    /// Lines up to a blank line, joined with `\n`, verbatim.
    Para(String),
    /// A `.. qmp-example::` block.
    Example(Example),
    /// Any other directive or indented block, dedented, verbatim.
    Literal(String),
}

/// Splits a section's text into the runs the text layout prints.
pub fn chunks(text: &str) -> Vec<Chunk> {
    let lines = numbered(text);
    runs(&lines)
        .into_iter()
        .map(|r| {
            let body = &lines[r.start..r.end];
            match r.kind {
                RunKind::Para => Chunk::Para(join(body)),
                _ if is_example(body[0].1) => Chunk::Example(example::parse(body)),
                _ => Chunk::Literal(join(&dedent(body))),
            }
        })
        .collect()
}

/// Every example of a doc comment, with the section it sits in.
pub fn examples(doc: &qapi_schema::doc::Doc) -> Vec<(&qapi_schema::doc::Section, Example)> {
    let mut out = Vec::new();
    for s in &doc.sections {
        if !s.text.contains(".. qmp-example::") {
            continue;
        }
        for c in chunks(&s.text) {
            if let Chunk::Example(e) = c {
                out.push((s, e));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_messages() {
        let text = "Does it.\n\n.. qmp-example::\n   :title: Two\n\n    -> { \"execute\": \"x\",\n         \"arguments\": {} }\n    <- { \"return\": [ 1,\n         ...\n         ] }\n\nAfter.";
        let b = chunks(text);
        assert_eq!(b.len(), 3);
        let Chunk::Example(e) = &b[1] else { panic!() };
        assert_eq!(e.title.as_deref(), Some("Two"));
        assert_eq!(e.messages.len(), 2);
        assert_eq!(e.messages[0].dir, Dir::Send);
        let (v, elided) = parse_message(&e.messages[1].json).unwrap();
        assert!(elided);
        assert_eq!(v["return"][0], 1);
        assert_eq!(e.messages[1].line, 7);
        assert_eq!(b[2], Chunk::Para("After.".into()));
    }

    #[test]
    fn chunks_are_the_runs_verbatim() {
        let c = chunks("Title\n=====\n- a\n  b\n\n    indented\n\n.. note:: x");
        assert_eq!(
            c,
            [
                Chunk::Para("Title\n=====\n- a\n  b".into()),
                Chunk::Literal("indented".into()),
                Chunk::Literal(".. note:: x".into())
            ]
        );
    }
}
