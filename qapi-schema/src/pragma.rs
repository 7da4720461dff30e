//! Schema pragmas.  As in QEMU, they are global: a pragma anywhere applies
//! to the whole schema.  The parser reads them (`syntax::pragma`); the
//! expression checks and the schema builder obey them.

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
