//! The reference in QEMU's document order: free-form doc comments (their
//! titles and prose) and definitions, each where its source puts it
//! (included files at their first include), and the chapters those titles
//! make, for the navigation and the table of contents.
//!
//! A schema without titles is divided by module instead: each module's
//! first definition gets a title of level 2 (its file name), as long as
//! no free-form title has been met.

use std::collections::HashSet;

use qapi_schema::doc::Doc;
use qapi_schema::{Entity, Schema};

use crate::rst::{self, Block};
use crate::view;

/// A title, with the anchor renderers give it.
#[derive(Debug, Clone, PartialEq)]
pub struct Title {
    pub level: u8,
    /// The title's words (inline markup).
    pub text: String,
    /// `doc-` and the words in lower case, or `module-` and the module's
    /// name; unique in the reference and never a definition's name.
    pub id: String,
}

/// One entry of the reference.
#[derive(Debug)]
pub enum Entry<'a> {
    Title(Title),
    /// The blocks of a free-form comment between its titles.
    Prose(Vec<Block>),
    Definition(&'a Entity),
}

/// A title with the definitions under it and the titles one level down
/// (deeper titles count as part of theirs).
#[derive(Debug)]
pub struct Chapter<'a> {
    pub title: &'a Title,
    pub definitions: Vec<&'a Entity>,
    pub sections: Vec<Chapter<'a>>,
}

/// The entries of a schema's reference, in document order.
pub fn entries(schema: &Schema) -> Vec<Entry<'_>> {
    let mut placed = placement(schema);
    placed.sort_by_key(|(k, _)| *k);
    let mut out = Vec::new();
    let mut ids = HashSet::new();
    let mut titled = false;
    let mut module = None;
    let mut next = placed.into_iter().peekable();
    for (k, e) in schema.entities.iter().enumerate() {
        while let Some((_, d)) = next.next_if(|(at, _)| *at <= k) {
            freeform(schema, d, &mut ids, &mut out, &mut titled);
        }
        if view::is_shown(e) {
            if !titled && module != Some(e.module) {
                let text = view::module_title(schema, e.module).to_owned();
                out.push(Entry::Title(Title {
                    level: 2,
                    id: format!("module-{text}"),
                    text,
                }));
            }
            module = Some(e.module);
            out.push(Entry::Definition(e));
        }
    }
    for (_, d) in next {
        freeform(schema, d, &mut ids, &mut out, &mut titled);
    }
    out
}

/// Each free-form comment with the entity it comes before: the first of
/// the definition documented next and the next entity of its own file
/// (an include directive or an undocumented definition); `usize::MAX`
/// when neither exists.
fn placement(schema: &Schema) -> Vec<(usize, &Doc)> {
    let mut out = Vec::new();
    let mut documented_next = usize::MAX;
    for d in schema.docs.iter().rev() {
        match &d.symbol {
            Some(s) => {
                if let Some(id) = schema.lookup_id(s) {
                    documented_next = id;
                }
            }
            None => {
                let file = &*d.info.file;
                let in_file = schema.entities.iter().position(|e| {
                    e.info
                        .as_ref()
                        .is_some_and(|i| &*i.file == file && i.line > d.info.line)
                });
                out.push((
                    in_file.map_or(documented_next, |k| k.min(documented_next)),
                    d,
                ));
            }
        }
    }
    out.reverse();
    out
}

fn freeform<'a>(
    schema: &Schema,
    d: &Doc,
    ids: &mut HashSet<String>,
    out: &mut Vec<Entry<'a>>,
    titled: &mut bool,
) {
    let mut prose = Vec::new();
    for b in rst::parse_freeform(&d.body().text).blocks {
        match b {
            Block::Title { level, text } => {
                if !prose.is_empty() {
                    out.push(Entry::Prose(std::mem::take(&mut prose)));
                }
                let id = anchor(schema, &text, ids);
                out.push(Entry::Title(Title { level, text, id }));
                *titled = true;
            }
            b => prose.push(b),
        }
    }
    if !prose.is_empty() {
        out.push(Entry::Prose(prose));
    }
}

/// `doc-` and the title's letters and digits in lower case, other runs of
/// characters as `-`; made unique with a number.
fn anchor(schema: &Schema, text: &str, ids: &mut HashSet<String>) -> String {
    let mut slug = String::from("doc-");
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_owned();
    let mut id = slug.clone();
    let mut n = 1;
    while schema.lookup(&id).is_some() || !ids.insert(id.clone()) {
        n += 1;
        id = format!("{slug}-{n}");
    }
    id
}

/// The chapters of the entries: the titles of the highest level, with the
/// definitions under each and, nested, the titles of the next level.
/// Definitions before the first title belong to no chapter.
pub fn chapters<'a>(entries: &'a [Entry<'a>]) -> Vec<Chapter<'a>> {
    let titles = entries.iter().filter_map(|e| match e {
        Entry::Title(t) => Some(t.level),
        _ => None,
    });
    let Some(top) = titles.min() else {
        return Vec::new();
    };
    let mut out: Vec<Chapter> = Vec::new();
    for e in entries {
        match e {
            Entry::Title(t) if t.level == top => out.push(Chapter {
                title: t,
                definitions: Vec::new(),
                sections: Vec::new(),
            }),
            Entry::Title(t) if t.level == top + 1 => {
                if let Some(c) = out.last_mut() {
                    c.sections.push(Chapter {
                        title: t,
                        definitions: Vec::new(),
                        sections: Vec::new(),
                    });
                }
            }
            Entry::Definition(d) => {
                if let Some(c) = out.last_mut() {
                    match c.sections.last_mut() {
                        Some(s) => s.definitions.push(d),
                        None => c.definitions.push(d),
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The level of the heading of a definition under the titles met so far.
pub fn definition_level(title_level: u8) -> u8 {
    (title_level + 1).min(6)
}
