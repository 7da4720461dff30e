//! Reference docs from the checked QAPI model, the strict documentation
//! rules of `qapi-gen check --strict`, and the interface diff of
//! `qapi-gen diff`.
//!
//! * [`text`], [`markdown`], [`html`]: one module per output format.
//! * [`rst`]: the reStructuredText of doc comments, parsed once into
//!   runs (what the text layout prints) and a block tree (what Markdown
//!   and HTML render): titles, paragraphs, lists, literal blocks,
//!   examples, admonitions, inline markup.
//! * [`outline`]: the reference in QEMU's document order, and the
//!   chapters the free-form titles make.
//! * [`view`]: what every renderer needs from the model (members of a
//!   definition, type names as readers see them, badges).
//! * [`lint`]: the named strict rules.
//! * [`diff`]: wire-level changes between two interfaces.

pub mod diff;
pub mod html;
pub mod lint;
pub mod markdown;
pub mod outline;
pub mod rst;
pub mod text;
pub mod view;

use qapi_schema::Schema;

/// An output format of `qapi-gen docs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `qmp-commands.txt` and `qmp-events.txt`, in the 2012 layout.
    Txt,
    /// One Markdown file.
    Md,
    /// One self-contained HTML page.
    Html,
}

/// Renders `schema` in `format`: a list of (file name, contents).
pub fn render(schema: &Schema, format: Format) -> Vec<(String, String)> {
    match format {
        Format::Txt => vec![
            ("qmp-commands.txt".into(), text::commands(schema)),
            ("qmp-events.txt".into(), text::events(schema)),
        ],
        Format::Md => vec![("qapi-reference.md".into(), markdown::render(schema))],
        Format::Html => vec![("index.html".into(), html::render(schema))],
    }
}
