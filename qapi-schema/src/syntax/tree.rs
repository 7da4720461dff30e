//! The syntax tree of a schema file: JSON-like values with positions, and
//! the top-level expressions with their location and documentation.

use crate::source::Info;

/// A value as written, with the line and column where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub line: u32,
    pub col: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Bool(bool),
    List(Vec<Node>),
    /// Members in source order; keys are unique.
    Object(Vec<(String, Node)>),
}

impl Value {
    /// Python's truthiness of the value, which QEMU relies on for flags
    /// such as `boxed` before checking they are booleans.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Str(s) => !s.is_empty(),
            Value::Bool(b) => *b,
            Value::List(l) => !l.is_empty(),
            Value::Object(o) => !o.is_empty(),
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(String, Node)]> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Node]> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    /// Looks a key up in an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_object()?
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }
}

/// A top-level expression: a definition, or an include directive (pragmas
/// are applied while parsing and leave no expression).
#[derive(Debug, Clone)]
pub struct TopExpr {
    /// The expression's members.
    pub members: Vec<(String, Node)>,
    /// Where it starts.
    pub info: Info,
    /// Index into the parsed docs of the comment documenting it.
    pub doc: Option<usize>,
    /// For an include: the file name joined to the including file's folder.
    pub include: Option<String>,
}

impl TopExpr {
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn has(&self, key: &str) -> bool {
        self.members.iter().any(|(k, _)| k == key)
    }
}
