//! `{ 'pragma': { NAME: VALUE, ... } }` directives, read into the
//! schema's [`Pragma`].

use super::tree::{Node, Value};
use crate::error::{Error, Result};
use crate::pragma::Pragma;
use crate::source::Info;

/// Applies one `NAME: VALUE` entry of a pragma directive.  `historical`
/// also accepts the names QEMU used before 6.0 (`returns-whitelist`,
/// `name-case-whitelist`).
pub(crate) fn apply(
    pragma: &mut Pragma,
    name: &str,
    value: &Node,
    info: &Info,
    historical: bool,
) -> Result<()> {
    // The old names, read (and reported) as today's.
    let name = match name {
        "returns-whitelist" if historical => "command-returns-exceptions",
        "name-case-whitelist" if historical => {
            // Today's member-name-exceptions, which then covered command
            // names too.
            apply(pragma, "member-name-exceptions", value, info, false)?;
            let names = pragma.member_name_exceptions.clone();
            pragma.command_name_exceptions.extend(names);
            return Ok(());
        }
        _ => name,
    };
    let list = || -> Result<Vec<String>> {
        let err = || Error::semantic(info, format!("pragma {name} must be a list of strings"));
        let items = value.value.as_list().ok_or_else(err)?;
        items
            .iter()
            .map(|n| n.value.as_str().map(str::to_owned).ok_or_else(err))
            .collect()
    };
    match name {
        "doc-required" => match value.value {
            Value::Bool(b) => pragma.doc_required = b,
            _ => {
                return Err(Error::semantic(
                    info,
                    "pragma 'doc-required' must be boolean",
                ))
            }
        },
        "command-name-exceptions" => pragma.command_name_exceptions = list()?,
        "command-returns-exceptions" => pragma.command_returns_exceptions = list()?,
        "member-name-exceptions" => pragma.member_name_exceptions = list()?,
        "documentation-exceptions" => pragma.documentation_exceptions = list()?,
        _ => return Err(Error::semantic(info, format!("unknown pragma '{name}'"))),
    }
    Ok(())
}
