//! A legacy bundle (`qmp-commands.hx`, the 2012 `qapi-schema.json`,
//! `qmp-events.txt`, whichever exist) read into the common schema model:
//! the JSON file through the historical dialect's front end, the others
//! turned into definitions and docs (`legacy::definitions`), all run
//! through the same builder.  The model gets the dispatch-table order
//! ([`Schema::dispatch_order`]), and the examples of the docs that don't
//! fit its types as warnings (`legacy::fit`).  [`render_txt`] writes the
//! text docs of the files back, byte for byte.

use std::path::Path;
use std::sync::Arc;

use super::error::{io_error, legacy_error};
use super::events_txt::{parse_events_txt, EventsDoc};
use super::hx::{parse_hx, CommandTable, HxFile};
use super::render::{render_qmp_commands_txt, render_qmp_events_txt};
use crate::doc::StyleRules;
use crate::error::Result;
use crate::model::{self, Schema};
use crate::syntax::{self, Parsed};

/// True when `path` is a folder, an `.hx` file or a `.txt` file: inputs
/// read as a legacy bundle.
pub fn is_legacy_input(path: &str) -> bool {
    let p = Path::new(path);
    p.is_dir() || path.ends_with(".hx") || path.ends_with(".txt")
}

/// The files of a bundle, by kind.
#[derive(Default)]
pub(crate) struct Inputs {
    hx: Option<String>,
    json: Option<String>,
    events: Option<String>,
}

impl Inputs {
    /// Sorts the files of `paths` (bundle folders, or the files named one
    /// by one) by kind.
    pub(crate) fn classify(paths: &[&str]) -> Result<Inputs> {
        let mut inputs = Inputs::default();
        let set = |slot: &mut Option<String>, p: String| -> Result<()> {
            if let Some(old) = slot {
                return Err(io_error(format!(
                    "'{p}' and '{old}' are both given as the same legacy input"
                )));
            }
            *slot = Some(p);
            Ok(())
        };
        for &path in paths {
            let p = Path::new(path);
            if p.is_dir() {
                let mut found = false;
                for (name, slot) in [
                    ("qmp-commands.hx", &mut inputs.hx),
                    ("qapi-schema.json", &mut inputs.json),
                    ("qmp-events.txt", &mut inputs.events),
                ] {
                    let f = p.join(name);
                    if f.is_file() {
                        set(slot, f.display().to_string())?;
                        found = true;
                    }
                }
                if !found {
                    return Err(io_error(format!(
                        "'{path}' holds none of qmp-commands.hx, qapi-schema.json, qmp-events.txt"
                    )));
                }
            } else if path.ends_with(".hx") {
                set(&mut inputs.hx, path.to_owned())?;
            } else if path.ends_with(".txt") {
                set(&mut inputs.events, path.to_owned())?;
            } else {
                set(&mut inputs.json, path.to_owned())?;
            }
        }
        Ok(inputs)
    }

    /// The schema file, when it is the only input: no legacy bundle.
    pub(crate) fn only_schema(&self) -> Option<&str> {
        match self {
            Inputs {
                hx: None,
                events: None,
                json: Some(json),
            } => Some(json),
            _ => None,
        }
    }
}

/// The `.hx` and `.txt` files of a bundle, parsed.
struct Bundle {
    /// `qmp-commands.hx` and its dispatch table.
    hx: Option<(HxFile, CommandTable)>,
    /// `qmp-events.txt`.
    events: Option<EventsDoc>,
    /// The files read, with their text.
    sources: Vec<(Arc<str>, Arc<str>)>,
}

impl Bundle {
    fn read(inputs: &Inputs) -> Result<Bundle> {
        let mut sources = Vec::new();
        let mut read = |path: &str| -> Result<(Arc<str>, Arc<str>)> {
            let text = std::fs::read_to_string(path)
                .map_err(|e| io_error(format!("can't read file '{path}': {e}")))?;
            let file: (Arc<str>, Arc<str>) = (path.into(), text.into());
            sources.push(file.clone());
            Ok(file)
        };
        let hx = match &inputs.hx {
            Some(path) => {
                let (file, text) = read(path)?;
                let hx = parse_hx(&file, &text).map_err(|e| legacy_error(&e))?;
                let table = hx.command_table().map_err(|errs| legacy_error(&errs[0]))?;
                Some((hx, table))
            }
            None => None,
        };
        let events = match &inputs.events {
            Some(path) => {
                let (file, text) = read(path)?;
                Some(parse_events_txt(&file, &text).map_err(|e| legacy_error(&e))?)
            }
            None => None,
        };
        Ok(Bundle {
            hx,
            events,
            sources,
        })
    }
}

/// Reads a bundle into one schema.  Its `qapi-schema.json` is read in
/// the historical dialect; `style` says whether an undocumented dispatch
/// entry is an error ([`StyleRules::Error`]) or a warning.
pub(crate) fn load(inputs: &Inputs, style: StyleRules) -> Result<Schema> {
    let mut parsed = match &inputs.json {
        Some(j) => syntax::parse_schema(
            j,
            syntax::Reading {
                style: StyleRules::Off,
                lenient: true,
                read_ahead: false,
            },
        )?,
        None => Parsed::default(),
    };
    let bundle = Bundle::read(inputs)?;
    let checked = crate::historical::check_exprs(&mut parsed.exprs, &parsed.docs, &parsed.pragma)?;
    let hx = bundle.hx.as_ref().map(|(hx, table)| (hx, table));
    let defs =
        super::definitions::definitions(checked, &mut parsed, style, hx, bundle.events.as_ref())?;
    let root = [&inputs.json, &inputs.hx, &inputs.events]
        .into_iter()
        .find_map(|f| f.clone())
        .unwrap_or_default();
    parsed.sources.extend(bundle.sources);
    let input = model::Input {
        root,
        docs: parsed.docs,
        pragma: parsed.pragma,
        sources: parsed.sources,
        warnings: parsed.warnings,
        historical: true,
        extra_modules: [&inputs.hx, &inputs.events]
            .into_iter()
            .flatten()
            .cloned()
            .collect(),
    };
    let mut schema = model::build(input, defs)?;
    if let Some((_, table)) = &bundle.hx {
        schema.dispatch_order = table.commands.iter().map(|c| c.name.clone()).collect();
    }
    let table = bundle.hx.as_ref().map(|(_, table)| table);
    let warnings = super::fit::check_examples(&schema, table, bundle.events.as_ref());
    schema.warnings.extend(warnings);
    Ok(schema)
}

/// The text docs of a legacy bundle (folders, or its files named one by
/// one), byte for byte as QEMU's build made them from its files:
/// `qmp-commands.txt` from `qmp-commands.hx`, `qmp-events.txt` from
/// itself.  Empty when the inputs hold neither.
pub fn render_txt(paths: &[&str]) -> Result<Vec<(String, String)>> {
    let bundle = Bundle::read(&Inputs::classify(paths)?)?;
    let mut out = Vec::new();
    if let Some((hx, _)) = &bundle.hx {
        out.push(("qmp-commands.txt".into(), render_qmp_commands_txt(hx)));
    }
    if let Some(ev) = &bundle.events {
        out.push(("qmp-events.txt".into(), render_qmp_events_txt(ev)));
    }
    Ok(out)
}
