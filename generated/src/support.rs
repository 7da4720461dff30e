use ::qmp as __rt;
use serde::de::{DeserializeOwned, Error as _};
use serde_json::{Map, Value};
/// How a value of a schema type must look on the wire.
#[derive(Clone, Copy, Debug)]
pub enum Ty {
    /// `any`: every JSON value.
    Any,
    /// `null`.
    Null,
    Str,
    Bool,
    /// `number`: any JSON number.
    Number,
    /// An integer type (`int`, `uint8`, `size`, …) and its range.
    Int { name: &'static str, min: i128, max: i128 },
    Enum(&'static EnumDesc),
    Array(&'static Ty),
    Object(&'static ObjDesc),
    Alternate(&'static AltDesc),
}
/// An enum type: its values.
#[derive(Debug)]
pub struct EnumDesc {
    pub name: &'static str,
    pub values: &'static [&'static str],
}
/// A member of an object type.
#[derive(Debug)]
pub struct MemberDesc {
    pub name: &'static str,
    pub ty: Ty,
    pub optional: bool,
}
/// A struct or union (with its discriminator and branches).
#[derive(Debug)]
pub struct ObjDesc {
    pub name: &'static str,
    pub members: &'static [MemberDesc],
    pub tag: Option<&'static str>,
    pub branches: &'static [(&'static str, &'static ObjDesc)],
    /// Members beyond these are accepted: the arguments of a command QEMU
    /// does not generate (`'gen': false`), such as `device_add`'s device
    /// properties.
    pub open: bool,
}
/// The object without members (arguments of commands that take none).
pub static EMPTY: ObjDesc = ObjDesc {
    name: "q_empty",
    members: &[],
    tag: None,
    branches: &[],
    open: false,
};
/// An alternate: one branch per JSON type.
#[derive(Debug)]
pub struct AltDesc {
    pub name: &'static str,
    pub branches: &'static [Ty],
}
/// Whether values come from a client (strict, QEMU's rules) or from a
/// server (lenient: unknown members, enum values and branches are fine),
/// or are a fragment (strict, but members may be left out: a shortened
/// example).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Args,
    Reply,
    Fragment,
}
#[derive(Clone, Debug)]
enum Seg {
    Key(String),
    Index(usize),
}
/// What is wrong with a value, and where.
#[derive(Clone, Debug)]
pub struct Problem {
    path: Vec<Seg>,
    /// The innermost object or alternate type.
    pub type_name: &'static str,
    kind: ProblemKind,
}
#[derive(Clone, Debug)]
enum ProblemKind {
    Missing,
    Unexpected,
    Type(&'static str),
    AltType,
    EnumValue(String),
    Range(&'static str),
}
impl Problem {
    /// QEMU's dotted name: `a.b`, `a[0]`.
    pub fn full_name(&self) -> String {
        let mut s = String::new();
        for seg in &self.path {
            match seg {
                Seg::Key(k) if s.is_empty() => s.push_str(k),
                Seg::Key(k) => {
                    s.push('.');
                    s.push_str(k);
                }
                Seg::Index(i) => s.push_str(&format!("[{i}]")),
            }
        }
        s
    }
    /// The innermost name, `null` for a list element (as QEMU says it).
    fn bare_name(&self) -> &str {
        match self.path.last() {
            Some(Seg::Key(k)) => k,
            _ => "null",
        }
    }
    /// The innermost member name.
    pub fn member(&self) -> &str {
        self.path
            .iter()
            .rev()
            .find_map(|s| match s {
                Seg::Key(k) => Some(k.as_str()),
                Seg::Index(_) => None,
            })
            .unwrap_or("")
    }
    /// The message QEMU gives for this problem in command arguments.
    pub fn qemu_message(&self) -> String {
        let full = self.full_name();
        match &self.kind {
            ProblemKind::Missing => format!("Parameter '{full}' is missing"),
            ProblemKind::Unexpected => format!("Parameter '{full}' is unexpected"),
            ProblemKind::Type(t) => {
                format!("Invalid parameter type for '{full}', expected: {t}")
            }
            ProblemKind::AltType => {
                format!(
                    "Invalid parameter type for '{}', expected: {}", self.bare_name(),
                    self.type_name
                )
            }
            ProblemKind::EnumValue(v) => {
                format!("Parameter '{}' does not accept value '{v}'", self.bare_name())
            }
            ProblemKind::Range(t) => {
                format!("Parameter '{}' expects {t}", self.bare_name())
            }
        }
    }
}
impl std::fmt::Display for Problem {
    /// Names the type and member: `QemuVersion member 'micro' is missing
    /// (at qemu.micro)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match &self.kind {
            ProblemKind::Missing => "is missing".to_string(),
            ProblemKind::Unexpected => "is unexpected".to_string(),
            ProblemKind::Type(t) => format!("expected {t}"),
            ProblemKind::AltType => "has a JSON type no branch accepts".to_string(),
            ProblemKind::EnumValue(v) => format!("does not accept '{v}'"),
            ProblemKind::Range(t) => format!("out of range for {t}"),
        };
        write!(
            f, "{} member '{}' {what} (at '{}')", self.type_name, self.member(), self
            .full_name()
        )
    }
}
struct Checker {
    mode: Mode,
    path: Vec<Seg>,
    type_name: &'static str,
}
impl Checker {
    fn fail(&self, kind: ProblemKind) -> Result<(), Problem> {
        Err(Problem {
            path: self.path.clone(),
            type_name: self.type_name,
            kind,
        })
    }
    fn check(&mut self, v: &Value, ty: &Ty) -> Result<(), Problem> {
        match (ty, v) {
            (Ty::Any, _)
            | (Ty::Null, Value::Null)
            | (Ty::Str, Value::String(_))
            | (Ty::Bool, Value::Bool(_))
            | (Ty::Number, Value::Number(_)) => Ok(()),
            (Ty::Null, _) => self.fail(ProblemKind::Type("null")),
            (Ty::Str, _) => self.fail(ProblemKind::Type("string")),
            (Ty::Bool, _) => self.fail(ProblemKind::Type("boolean")),
            (Ty::Number, _) => self.fail(ProblemKind::Type("number")),
            (Ty::Int { name, min, max }, v) => {
                let n = match v {
                    Value::Number(n) => {
                        n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from))
                    }
                    _ => None,
                };
                match n {
                    None if *name == "size" => self.fail(ProblemKind::Type("size")),
                    None => self.fail(ProblemKind::Type("integer")),
                    Some(n) if n < *min || n > *max => {
                        self.fail(ProblemKind::Range(name))
                    }
                    Some(_) => Ok(()),
                }
            }
            (Ty::Enum(e), Value::String(s)) => {
                if self.mode != Mode::Reply && !e.values.contains(&s.as_str()) {
                    return self.fail(ProblemKind::EnumValue(s.clone()));
                }
                Ok(())
            }
            (Ty::Enum(_), _) => self.fail(ProblemKind::Type("string")),
            (Ty::Array(t), Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    self.path.push(Seg::Index(i));
                    self.check(item, t)?;
                    self.path.pop();
                }
                Ok(())
            }
            (Ty::Array(_), _) => self.fail(ProblemKind::Type("array")),
            (Ty::Object(o), Value::Object(map)) => {
                let outer = std::mem::replace(&mut self.type_name, o.name);
                let mut seen = Vec::new();
                self.members(o, map, &mut seen)?;
                if self.mode != Mode::Reply && !o.open {
                    let keys: Vec<&str> = map.keys().map(String::as_str).collect();
                    if let Some(k) = __rt::json::ghash_order::first_unexpected(
                        &keys,
                        &seen,
                    ) {
                        self.path.push(Seg::Key(k.to_string()));
                        return self.fail(ProblemKind::Unexpected);
                    }
                }
                self.type_name = outer;
                Ok(())
            }
            (Ty::Object(_), _) => self.fail(ProblemKind::Type("object")),
            (Ty::Alternate(a), v) => {
                let branch = a
                    .branches
                    .iter()
                    .find(|b| {
                        matches!(
                            (b, v), (Ty::Null, Value::Null) | (Ty::Str | Ty::Enum(_),
                            Value::String(_)) | (Ty::Bool, Value::Bool(_)) | (Ty::Number
                            | Ty::Int { .. }, Value::Number(_)) | (Ty::Object(_),
                            Value::Object(_)) | (Ty::Array(_), Value::Array(_))
                        )
                    });
                let outer = std::mem::replace(&mut self.type_name, a.name);
                match branch {
                    Some(b) => self.check(v, b)?,
                    None => return self.fail(ProblemKind::AltType),
                }
                self.type_name = outer;
                Ok(())
            }
        }
    }
    fn members(
        &mut self,
        o: &'static ObjDesc,
        map: &Map<String, Value>,
        seen: &mut Vec<&'static str>,
    ) -> Result<(), Problem> {
        for m in o.members {
            seen.push(m.name);
            self.path.push(Seg::Key(m.name.to_string()));
            match map.get(m.name) {
                None if m.optional || self.mode == Mode::Fragment => {}
                None => return self.fail(ProblemKind::Missing),
                Some(v) => self.check(v, &m.ty)?,
            }
            self.path.pop();
        }
        if let Some(tag) = o.tag {
            if let Some(Value::String(t)) = map.get(tag) {
                if let Some((_, b)) = o.branches.iter().find(|(n, _)| n == t) {
                    let outer = std::mem::replace(&mut self.type_name, b.name);
                    self.members(b, map, seen)?;
                    self.type_name = outer;
                }
            }
        }
        Ok(())
    }
}
/// Checks `v` against `ty`.
pub fn check(v: &Value, ty: &Ty, mode: Mode) -> Result<(), Problem> {
    let mut c = Checker {
        mode,
        path: Vec::new(),
        type_name: "",
    };
    c.check(v, ty)
}
/// Decodes command arguments on the server: QEMU's message on error.
pub fn decode_args<T: DeserializeOwned>(
    args: Map<String, Value>,
    desc: &'static ObjDesc,
) -> Result<T, __rt::QmpError> {
    let v = Value::Object(args);
    check(&v, &Ty::Object(desc), Mode::Args)
        .map_err(|p| __rt::QmpError::generic(p.qemu_message()))?;
    T::deserialize(&v).map_err(|e| __rt::QmpError::generic(e.to_string()))
}
/// Decodes command arguments as a client sends them, checked by QEMU's
/// rules (unknown members and values are errors); on error, names the
/// type and member at fault.
pub fn decode_request<T: DeserializeOwned>(
    v: &Value,
    desc: &'static ObjDesc,
    what: &str,
) -> Result<T, serde_json::Error> {
    check(v, &Ty::Object(desc), Mode::Args)
        .map_err(|p| serde_json::Error::custom(format!("{what}: {p}")))?;
    T::deserialize(v).map_err(|e| serde_json::Error::custom(format!("{what}: {e}")))
}
/// Decodes a reply or event from a server; on error, names the type and
/// member at fault.
pub fn decode_reply<T: DeserializeOwned>(
    v: &Value,
    ty: &Ty,
    what: &str,
) -> Result<T, serde_json::Error> {
    T::deserialize(v)
        .map_err(|e| match check(v, ty, Mode::Reply) {
            Err(p) => serde_json::Error::custom(format!("{what}: {p}")),
            Ok(()) => serde_json::Error::custom(format!("{what}: {e}")),
        })
}
/// Encodes a command's return value on the server (`()` as `{}`).
pub fn encode<T: serde::Serialize>(v: &T) -> Result<Value, __rt::QmpError> {
    match serde_json::to_value(v) {
        Ok(Value::Null) => Ok(Value::Object(Map::new())),
        Ok(v) => Ok(v),
        Err(e) => Err(__rt::QmpError::generic(e.to_string())),
    }
}
/// A command's reply without a value: `{}`.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize
)]
pub struct Empty {}
/// `deserialize_with` for optional members whose type accepts `null`:
/// a present `null` is `Some(null)`, not `None`.
pub fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}
/// Decodes one part (base or branch) of a union, or a branch of an
/// alternate, naming the type on error.
pub fn part<T: DeserializeOwned, E: serde::de::Error>(
    v: &Value,
    ty: &str,
    branch: &str,
) -> Result<T, E> {
    T::deserialize(v).map_err(|e| E::custom(format!("{ty} (branch '{branch}'): {e}")))
}
/// Takes a union's discriminator out of its members.
pub fn take_tag<E: serde::de::Error>(
    m: &mut Map<String, Value>,
    ty: &str,
    tag: &str,
) -> Result<String, E> {
    match m.remove(tag) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => {
            Err(E::custom(format!("{ty} member '{tag}' expected string (at '{tag}')")))
        }
        None => Err(E::custom(format!("{ty} member '{tag}' is missing (at '{tag}')"))),
    }
}
/// Serializes a union: discriminator, then base and branch members.
pub fn ser_union<S: serde::Serializer>(
    s: S,
    tag: &str,
    value: &str,
    parts: &[Result<Value, serde_json::Error>],
) -> Result<S::Ok, S::Error> {
    use serde::ser::Error as _;
    use serde::Serialize as _;
    let mut m = Map::new();
    m.insert(tag.to_string(), Value::String(value.to_string()));
    for p in parts {
        match p {
            Ok(Value::Object(o)) => {
                m.extend(o.iter().map(|(k, v)| (k.clone(), v.clone())))
            }
            Ok(_) => {}
            Err(e) => return Err(S::Error::custom(e)),
        }
    }
    m.serialize(s)
}
/// The error for an alternate given a JSON type none of its branches takes.
pub fn alt_error<E: serde::de::Error>(ty: &str, expected: &str, v: &Value) -> E {
    let found = match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    E::custom(format!("{ty}: expected {expected}, found {found}"))
}
#[allow(non_upper_case_globals)]
pub static T_q_empty: ObjDesc = ObjDesc {
    name: "q_empty",
    members: &[],
    tag: None,
    branches: &[],
    open: false,
};
#[allow(non_upper_case_globals)]
pub static T_QType: EnumDesc = EnumDesc {
    name: "QType",
    values: &["none", "qnull", "qnum", "qstring", "qdict", "qlist", "qbool"],
};
#[allow(non_upper_case_globals)]
pub static T_QMPCapability: EnumDesc = EnumDesc {
    name: "QMPCapability",
    values: &["oob"],
};
#[allow(non_upper_case_globals)]
pub static T_q_obj_qmp_capabilities_arg: ObjDesc = ObjDesc {
    name: "q_obj_qmp_capabilities-arg",
    members: &[
        MemberDesc {
            name: "enable",
            ty: Ty::Array(&Ty::Enum(&T_QMPCapability)),
            optional: true,
        },
    ],
    tag: None,
    branches: &[],
    open: false,
};
#[allow(non_upper_case_globals)]
pub static T_VersionTriple: ObjDesc = ObjDesc {
    name: "VersionTriple",
    members: &[
        MemberDesc {
            name: "major",
            ty: Ty::Int {
                name: "int",
                min: -9223372036854775808,
                max: 9223372036854775807,
            },
            optional: false,
        },
        MemberDesc {
            name: "minor",
            ty: Ty::Int {
                name: "int",
                min: -9223372036854775808,
                max: 9223372036854775807,
            },
            optional: false,
        },
        MemberDesc {
            name: "micro",
            ty: Ty::Int {
                name: "int",
                min: -9223372036854775808,
                max: 9223372036854775807,
            },
            optional: false,
        },
    ],
    tag: None,
    branches: &[],
    open: false,
};
#[allow(non_upper_case_globals)]
pub static T_VersionInfo: ObjDesc = ObjDesc {
    name: "VersionInfo",
    members: &[
        MemberDesc {
            name: "qemu",
            ty: Ty::Object(&T_VersionTriple),
            optional: false,
        },
        MemberDesc {
            name: "package",
            ty: Ty::Str,
            optional: false,
        },
    ],
    tag: None,
    branches: &[],
    open: false,
};
#[allow(non_upper_case_globals)]
pub static T_CommandInfo: ObjDesc = ObjDesc {
    name: "CommandInfo",
    members: &[
        MemberDesc {
            name: "name",
            ty: Ty::Str,
            optional: false,
        },
    ],
    tag: None,
    branches: &[],
    open: false,
};
#[allow(non_upper_case_globals)]
pub static T_RunState: EnumDesc = EnumDesc {
    name: "RunState",
    values: &[
        "debug",
        "inmigrate",
        "internal-error",
        "io-error",
        "paused",
        "postmigrate",
        "prelaunch",
        "finish-migrate",
        "restore-vm",
        "running",
        "save-vm",
        "shutdown",
        "suspended",
        "watchdog",
        "guest-panicked",
        "colo",
    ],
};
#[allow(non_upper_case_globals)]
pub static T_ShutdownCause: EnumDesc = EnumDesc {
    name: "ShutdownCause",
    values: &[
        "none",
        "host-error",
        "host-qmp-quit",
        "host-qmp-system-reset",
        "host-signal",
        "host-ui",
        "guest-shutdown",
        "guest-reset",
        "guest-panic",
        "subsystem-reset",
        "snapshot-load",
    ],
};
#[allow(non_upper_case_globals)]
pub static T_StatusInfo: ObjDesc = ObjDesc {
    name: "StatusInfo",
    members: &[
        MemberDesc {
            name: "running",
            ty: Ty::Bool,
            optional: false,
        },
        MemberDesc {
            name: "status",
            ty: Ty::Enum(&T_RunState),
            optional: false,
        },
    ],
    tag: None,
    branches: &[],
    open: false,
};
#[allow(non_upper_case_globals)]
pub static T_q_obj_SHUTDOWN_arg: ObjDesc = ObjDesc {
    name: "q_obj_SHUTDOWN-arg",
    members: &[
        MemberDesc {
            name: "guest",
            ty: Ty::Bool,
            optional: false,
        },
        MemberDesc {
            name: "reason",
            ty: Ty::Enum(&T_ShutdownCause),
            optional: false,
        },
    ],
    tag: None,
    branches: &[],
    open: false,
};
#[allow(non_upper_case_globals)]
pub static T_BalloonInfo: ObjDesc = ObjDesc {
    name: "BalloonInfo",
    members: &[
        MemberDesc {
            name: "actual",
            ty: Ty::Int {
                name: "int",
                min: -9223372036854775808,
                max: 9223372036854775807,
            },
            optional: false,
        },
    ],
    tag: None,
    branches: &[],
    open: false,
};
#[allow(non_upper_case_globals)]
pub static T_q_obj_balloon_arg: ObjDesc = ObjDesc {
    name: "q_obj_balloon-arg",
    members: &[
        MemberDesc {
            name: "value",
            ty: Ty::Int {
                name: "int",
                min: -9223372036854775808,
                max: 9223372036854775807,
            },
            optional: false,
        },
    ],
    tag: None,
    branches: &[],
    open: false,
};
#[allow(non_upper_case_globals)]
pub static T_q_obj_BALLOON_CHANGE_arg: ObjDesc = ObjDesc {
    name: "q_obj_BALLOON_CHANGE-arg",
    members: &[
        MemberDesc {
            name: "actual",
            ty: Ty::Int {
                name: "int",
                min: -9223372036854775808,
                max: 9223372036854775807,
            },
            optional: false,
        },
    ],
    tag: None,
    branches: &[],
    open: false,
};
#[allow(non_upper_case_globals)]
pub static R_qmp_capabilities: Ty = Ty::Object(&EMPTY);
#[allow(non_upper_case_globals)]
pub static R_query_version: Ty = Ty::Object(&T_VersionInfo);
#[allow(non_upper_case_globals)]
pub static R_query_commands: Ty = Ty::Array(&Ty::Object(&T_CommandInfo));
#[allow(non_upper_case_globals)]
pub static R_quit: Ty = Ty::Object(&EMPTY);
#[allow(non_upper_case_globals)]
pub static R_query_status: Ty = Ty::Object(&T_StatusInfo);
#[allow(non_upper_case_globals)]
pub static R_stop: Ty = Ty::Object(&EMPTY);
#[allow(non_upper_case_globals)]
pub static R_cont: Ty = Ty::Object(&EMPTY);
#[allow(non_upper_case_globals)]
pub static R_system_powerdown: Ty = Ty::Object(&EMPTY);
#[allow(non_upper_case_globals)]
pub static R_query_balloon: Ty = Ty::Object(&T_BalloonInfo);
#[allow(non_upper_case_globals)]
pub static R_balloon: Ty = Ty::Object(&EMPTY);
/// The descriptors of command `name`'s arguments and return value.
pub fn command_desc(name: &str) -> ::std::option::Option<(Ty, Ty)> {
    Some(
        match name {
            "qmp_capabilities" => {
                (Ty::Object(&T_q_obj_qmp_capabilities_arg), R_qmp_capabilities)
            }
            "query-version" => (Ty::Object(&EMPTY), R_query_version),
            "query-commands" => (Ty::Object(&EMPTY), R_query_commands),
            "quit" => (Ty::Object(&EMPTY), R_quit),
            "query-status" => (Ty::Object(&EMPTY), R_query_status),
            "stop" => (Ty::Object(&EMPTY), R_stop),
            "cont" => (Ty::Object(&EMPTY), R_cont),
            "system_powerdown" => (Ty::Object(&EMPTY), R_system_powerdown),
            "query-balloon" => (Ty::Object(&EMPTY), R_query_balloon),
            "balloon" => (Ty::Object(&T_q_obj_balloon_arg), R_balloon),
            _ => return None,
        },
    )
}
/// The descriptor of event `name`'s data.
pub fn event_desc(name: &str) -> ::std::option::Option<Ty> {
    Some(
        match name {
            "SHUTDOWN" => Ty::Object(&T_q_obj_SHUTDOWN_arg),
            "POWERDOWN" => Ty::Object(&EMPTY),
            "STOP" => Ty::Object(&EMPTY),
            "RESUME" => Ty::Object(&EMPTY),
            "BALLOON_CHANGE" => Ty::Object(&T_q_obj_BALLOON_CHANGE_arg),
            _ => return None,
        },
    )
}
