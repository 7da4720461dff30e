//! Protocol-level message shapes shared by the server and the clients:
//! greeting, request validation (QEMU's `qmp_dispatch_check_obj`), replies
//! and events, formatted byte-for-byte like QEMU (lines end with CRLF).

use crate::command::Timestamp;
use crate::error::QmpError;
use crate::json::{writer, Dict, Value};

/// `{"qemu": {"major", "minor", "micro"}, "package"}` as in the greeting and
/// `query-version`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionInfo {
    pub major: i64,
    pub minor: i64,
    pub micro: i64,
    pub package: String,
}

impl VersionInfo {
    pub fn to_value(&self) -> Value {
        let mut qemu = Dict::new();
        qemu.insert("major", Value::Int(self.major));
        qemu.insert("minor", Value::Int(self.minor));
        qemu.insert("micro", Value::Int(self.micro));
        let mut d = Dict::new();
        d.insert("qemu", Value::Dict(qemu));
        d.insert("package", Value::String(self.package.clone()));
        Value::Dict(d)
    }
}

/// The greeting line.
pub fn greeting_line(version: &VersionInfo, capabilities: &[String]) -> String {
    let mut qmp = Dict::new();
    qmp.insert("version", version.to_value());
    qmp.insert(
        "capabilities",
        Value::List(
            capabilities
                .iter()
                .map(|c| Value::String(c.clone()))
                .collect(),
        ),
    );
    let mut d = Dict::new();
    d.insert("QMP", Value::Dict(qmp));
    line(&Value::Dict(d))
}

/// A validated request.
#[derive(Debug, Clone)]
pub struct Request {
    pub name: String,
    pub oob: bool,
    pub args: Dict,
    pub id: Option<Value>,
}

/// QEMU's `qmp_is_oob()`: `exec-oob` present and `execute` absent.
pub fn is_oob(v: &Value) -> bool {
    matches!(v, Value::Dict(d) if d.contains_key("exec-oob") && !d.contains_key("execute"))
}

/// Validates a parsed message as QEMU's qmp_dispatch() does, checking
/// members in QEMU's iteration order. On error, returns the error and the
/// `id` to echo.
pub fn check_request(v: Value, allow_oob: bool) -> Result<Request, (QmpError, Option<Value>)> {
    let Value::Dict(mut dict) = v else {
        return Err((QmpError::generic("QMP input must be a JSON object"), None));
    };
    if let Some(exec_key) = valid_request(&dict, allow_oob) {
        // the usual case: nothing to report, so no need for QEMU's order
        let id = dict.remove("id");
        let name = match dict.remove(exec_key) {
            Some(Value::String(s)) => s,
            _ => String::new(),
        };
        let args = match dict.remove("arguments") {
            Some(Value::Dict(a)) => a,
            _ => Dict::new(),
        };
        return Ok(Request {
            name,
            oob: exec_key == "exec-oob",
            args,
            id,
        });
    }
    let id = dict.get("id").cloned();
    let mut exec_key: Option<&str> = None;
    for (key, value) in dict.qemu_order() {
        if key == "execute" || (key == "exec-oob" && allow_oob) {
            if !matches!(value, Value::String(_)) {
                return Err((
                    QmpError::generic(format!("QMP input member '{key}' must be a string")),
                    id,
                ));
            }
            if let Some(first) = exec_key {
                return Err((
                    QmpError::generic(format!("QMP input member '{key}' clashes with '{first}'")),
                    id,
                ));
            }
            exec_key = Some(key);
        } else if key == "arguments" {
            if !matches!(value, Value::Dict(_)) {
                return Err((
                    QmpError::generic("QMP input member 'arguments' must be an object"),
                    id,
                ));
            }
        } else if key == "id" {
            continue;
        } else {
            return Err((
                QmpError::generic(format!("QMP input member '{key}' is unexpected")),
                id,
            ));
        }
    }
    let Some(exec_key) = exec_key else {
        return Err((QmpError::generic("QMP input lacks member 'execute'"), id));
    };
    let oob = exec_key == "exec-oob";
    let name = dict
        .get(exec_key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let args = match dict.remove("arguments") {
        Some(Value::Dict(a)) => a,
        _ => Dict::new(),
    };
    Ok(Request {
        name,
        oob,
        args,
        id,
    })
}

/// The member naming the command when `dict` is a valid request (the
/// checks of [`check_request`], in any order); `None` when it is not.
fn valid_request(dict: &Dict, allow_oob: bool) -> Option<&'static str> {
    let mut exec = None;
    for (key, value) in dict.iter() {
        match key {
            "execute" | "exec-oob" => {
                if exec.is_some() || !matches!(value, Value::String(_)) {
                    return None;
                }
                exec = Some(if key == "execute" {
                    "execute"
                } else if allow_oob {
                    "exec-oob"
                } else {
                    return None;
                });
            }
            "arguments" if matches!(value, Value::Dict(_)) => {}
            "id" => {}
            _ => return None,
        }
    }
    exec
}

/// A value as one wire line (CRLF-terminated).
pub fn line(v: &Value) -> String {
    let mut s = String::with_capacity(128);
    writer::write_value(&mut s, v);
    s.push_str("\r\n");
    s
}

/// `{"return": ret, "id": id}`.
pub fn reply_return(ret: Value, id: Option<Value>) -> String {
    let mut d = Dict::with_capacity(2);
    d.insert("return", ret);
    if let Some(id) = id {
        d.insert("id", id);
    }
    line(&Value::Dict(d))
}

/// `{"return": ret, "id": id}` for a return value held as serde_json.
pub fn reply_return_json(ret: &serde_json::Value, id: Option<Value>) -> String {
    let mut s = String::with_capacity(128);
    push_reply_return_json(&mut s, ret, id.as_ref());
    s
}

/// Appends `{"return": ret, "id": id}` to `out`.
pub fn push_reply_return_json(out: &mut String, ret: &serde_json::Value, id: Option<&Value>) {
    // QEMU's QDict order: "return" before "id"
    out.push_str("{\"return\": ");
    writer::write_json(out, ret);
    if let Some(id) = id {
        out.push_str(", \"id\": ");
        writer::write_value(out, id);
    }
    out.push_str("}\r\n");
}

pub fn error_value(err: &QmpError) -> Value {
    let mut e = Dict::with_capacity(2);
    e.insert("class", Value::String(err.class.as_str().to_string()));
    e.insert("desc", Value::String(err.desc.clone()));
    Value::Dict(e)
}

/// `{"error": {"class", "desc"}, "id": id}`.
pub fn reply_error(err: &QmpError, id: Option<Value>) -> String {
    let mut d = Dict::with_capacity(2);
    d.insert("error", error_value(err));
    if let Some(id) = id {
        d.insert("id", id);
    }
    line(&Value::Dict(d))
}

/// The current time as an event timestamp.
pub fn now_timestamp() -> Timestamp {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Timestamp {
        seconds: now.as_secs() as i64,
        microseconds: now.subsec_micros() as i64,
    }
}

/// `{"event", "data"?, "timestamp"}` (events without data have no `data`).
pub fn event_line(name: &str, data: Option<Value>, ts: Timestamp) -> String {
    let mut t = Dict::with_capacity(2);
    t.insert("seconds", Value::Int(ts.seconds));
    t.insert("microseconds", Value::Int(ts.microseconds));
    let mut d = Dict::with_capacity(3);
    d.insert("event", Value::String(name.to_string()));
    if let Some(data) = data {
        d.insert("data", data);
    }
    d.insert("timestamp", Value::Dict(t));
    line(&Value::Dict(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greeting_is_byte_exact() {
        let v = VersionInfo {
            major: 10,
            minor: 0,
            micro: 2,
            package: "Debian 1:10.0.2+ds-2+deb13u1~bpo12+1".into(),
        };
        assert_eq!(
            greeting_line(&v, &["oob".to_string()]),
            "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 2, \"minor\": 0, \"major\": 10}, \"package\": \"Debian 1:10.0.2+ds-2+deb13u1~bpo12+1\"}, \"capabilities\": [\"oob\"]}}\r\n"
        );
    }

    #[test]
    fn json_replies_equal_value_replies() {
        let ret = serde_json::json!({"qemu": {"major": 10, "minor": 0, "micro": 2},
            "package": "p\u{e9}\"", "l": [1, -2, 1.5, 18446744073709551615u64, null, true],
            "many": {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7, "h": 8,
                "i": 9, "j": 10, "k": 11, "l": 12, "m": 13, "n": 14, "o": 15, "p": 16,
                "q": 17, "r": 18}});
        for id in [None, Some(Value::Int(7)), Some(Value::String("x".into()))] {
            assert_eq!(
                reply_return_json(&ret, id.clone()),
                reply_return(Value::from_json(&ret), id)
            );
        }
    }

    #[test]
    fn error_reply_puts_id_first() {
        let e = QmpError::generic("x");
        assert_eq!(
            reply_error(&e, Some(Value::Int(7))),
            "{\"id\": 7, \"error\": {\"class\": \"GenericError\", \"desc\": \"x\"}}\r\n"
        );
    }
}
