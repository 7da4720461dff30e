//! Schema pragmas.  As in QEMU, they are global: a pragma anywhere applies
//! to the whole schema.

use crate::error::{Error, Result};
use crate::source::Info;
use crate::syntax::{Node, Value};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pragma {
    /// Every definition needs a documentation comment.
    pub doc_required: bool,
    /// Commands whose names may use `_`.
    pub command_name_exceptions: Vec<String>,
    /// Commands that may return a non-object type.
    pub command_returns_exceptions: Vec<String>,
    /// Types whose member names may use upper case and `_`.
    pub member_name_exceptions: Vec<String>,
    /// Definitions whose members need no documentation.
    pub documentation_exceptions: Vec<String>,
}

impl Pragma {
    /// Applies one `'pragma': { NAME: VALUE }` entry.
    /// Applies one `'pragma': { NAME: VALUE }` entry.  `historical` also
    /// accepts the names QEMU used before 6.0 (`returns-whitelist`,
    /// `name-case-whitelist`).
    pub fn apply_dialect(
        &mut self,
        name: &str,
        value: &Node,
        info: &Info,
        historical: bool,
    ) -> Result<()> {
        if historical {
            match name {
                "returns-whitelist" => {
                    return self.apply("command-returns-exceptions", value, info)
                }
                "name-case-whitelist" => {
                    self.apply("member-name-exceptions", value, info)?;
                    let names = self.member_name_exceptions.clone();
                    self.command_name_exceptions.extend(names);
                    return Ok(());
                }
                _ => {}
            }
        }
        self.apply(name, value, info)
    }

    pub fn apply(&mut self, name: &str, value: &Node, info: &Info) -> Result<()> {
        let list = |v: &Node| -> Result<Vec<String>> {
            let err = || Error::semantic(info, format!("pragma {name} must be a list of strings"));
            let items = v.value.as_list().ok_or_else(err)?;
            items
                .iter()
                .map(|n| n.value.as_str().map(str::to_owned).ok_or_else(err))
                .collect()
        };
        match name {
            "doc-required" => match value.value {
                Value::Bool(b) => self.doc_required = b,
                _ => {
                    return Err(Error::semantic(
                        info,
                        "pragma 'doc-required' must be boolean",
                    ))
                }
            },
            "command-name-exceptions" => self.command_name_exceptions = list(value)?,
            "command-returns-exceptions" => self.command_returns_exceptions = list(value)?,
            "member-name-exceptions" => self.member_name_exceptions = list(value)?,
            "documentation-exceptions" => self.documentation_exceptions = list(value)?,
            _ => return Err(Error::semantic(info, format!("unknown pragma '{name}'"))),
        }
        Ok(())
    }
}
