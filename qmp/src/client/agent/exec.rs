//! Running a program in the guest: `guest-exec`, then `guest-exec-status`
//! until it exited, its output base64-decoded; and the base64 helpers for
//! the other commands that carry bytes (`guest-file-read`/`-write`).
//!
//! Both clients have `exec` built on [`Exec`] and [`ExecOutput`]. They
//! speak the commands' wire form, not the generated types (the runtime
//! does not depend on generated code); with generated bindings, the same
//! works through the typed `guest_exec` and `guest_exec_status` with
//! [`decode_base64`] applied to `out_data` and `err_data`.

use super::super::ClientError;
use base64::Engine;
use serde_json::{json, Value};
use std::time::Duration;

/// Decodes base64 text as the agent sends it (standard alphabet, padded).
pub fn decode_base64(text: &str) -> Result<Vec<u8>, ClientError> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| ClientError::Protocol(format!("invalid base64 from the guest agent: {e}")))
}

/// Encodes bytes as base64 for the agent (`buf-b64`, `input-data`).
pub fn encode_base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A program to run in the guest.
#[derive(Clone, Debug, Default)]
pub struct Exec {
    pub path: String,
    pub args: Vec<String>,
    /// `NAME=VALUE` entries (the guest's environment is replaced).
    pub env: Vec<String>,
    /// Bytes for the program's standard input.
    pub input: Option<Vec<u8>>,
    /// How long to wait for the program to exit (None: the client's
    /// timeout). The program is not stopped when this passes.
    pub timeout: Option<Duration>,
}

impl Exec {
    pub fn new(path: impl Into<String>) -> Exec {
        Exec {
            path: path.into(),
            ..Exec::default()
        }
    }

    pub fn arg(mut self, a: impl Into<String>) -> Exec {
        self.args.push(a.into());
        self
    }

    pub fn args<I: IntoIterator<Item = S>, S: Into<String>>(mut self, args: I) -> Exec {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    pub fn env(mut self, entry: impl Into<String>) -> Exec {
        self.env.push(entry.into());
        self
    }

    pub fn input(mut self, bytes: impl Into<Vec<u8>>) -> Exec {
        self.input = Some(bytes.into());
        self
    }

    pub fn timeout(mut self, t: Duration) -> Exec {
        self.timeout = Some(t);
        self
    }

    /// The arguments of `guest-exec` (output captured, stdout and stderr
    /// apart).
    pub(crate) fn arguments(&self) -> Value {
        let mut a = json!({"path": self.path, "capture-output": true});
        if !self.args.is_empty() {
            a["arg"] = json!(self.args);
        }
        if !self.env.is_empty() {
            a["env"] = json!(self.env);
        }
        if let Some(i) = &self.input {
            a["input-data"] = Value::String(encode_base64(i));
        }
        a
    }
}

/// What a program run with `exec` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecOutput {
    /// Its exit code, when it exited normally.
    pub exit_code: Option<i64>,
    /// The signal that ended it, when one did.
    pub signal: Option<i64>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// The agent kept only the start of the output (it keeps 16 MiB).
    pub stdout_truncated: bool,
    pub stderr_truncated: bool,
}

impl ExecOutput {
    /// Exited normally with code 0.
    pub fn success(&self) -> bool {
        self.exit_code == Some(0)
    }

    /// Standard output as text (invalid UTF-8 replaced).
    pub fn stdout_lossy(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

/// The pid in `guest-exec`'s reply.
pub(crate) fn pid(reply: &Value) -> Result<i64, ClientError> {
    reply["pid"]
        .as_i64()
        .ok_or_else(|| ClientError::Protocol(format!("guest-exec returned no pid: {reply}")))
}

/// `guest-exec-status`'s reply: `None` while the program runs.
pub(crate) fn status(reply: &Value) -> Result<Option<ExecOutput>, ClientError> {
    let Some(exited) = reply["exited"].as_bool() else {
        return Err(ClientError::Protocol(format!(
            "guest-exec-status returned no 'exited': {reply}"
        )));
    };
    if !exited {
        return Ok(None);
    }
    let data = |key: &str| match reply[key].as_str() {
        Some(t) => decode_base64(t),
        None => Ok(Vec::new()),
    };
    Ok(Some(ExecOutput {
        exit_code: reply["exitcode"].as_i64(),
        signal: reply["signal"].as_i64(),
        stdout: data("out-data")?,
        stderr: data("err-data")?,
        stdout_truncated: reply["out-truncated"].as_bool().unwrap_or(false),
        stderr_truncated: reply["err-truncated"].as_bool().unwrap_or(false),
    }))
}

/// The pause before the next `guest-exec-status`: 1 ms, doubling to 100 ms.
pub(crate) fn next_poll(last: Duration) -> Duration {
    (last * 2).clamp(Duration::from_millis(1), Duration::from_millis(100))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip_and_errors() {
        let bytes = [0u8, 0xff, b'a', 0x80, 0];
        assert_eq!(encode_base64(&bytes), "AP9hgAA=");
        assert_eq!(decode_base64("AP9hgAA=").expect("decode"), bytes);
        let e = decode_base64("not base64!").expect_err("invalid");
        assert!(e.to_string().contains("invalid base64"), "{e}");
    }

    #[test]
    fn status_decodes_output() {
        assert_eq!(status(&json!({"exited": false})).expect("ok"), None);
        let out = status(&json!({"exited": true, "exitcode": 0, "out-data": "aGkK"}))
            .expect("ok")
            .expect("exited");
        assert!(out.success());
        assert_eq!(out.stdout, b"hi\n");
        assert!(out.stderr.is_empty());
        assert!(status(&json!({"pid": 1})).is_err());
        assert!(status(&json!({"exited": true, "out-data": "%%"})).is_err());
        let a = Exec::new("/bin/cat").arg("-").input(*b"x").arguments();
        assert_eq!(
            a,
            json!({"path": "/bin/cat", "capture-output": true, "arg": ["-"], "input-data": "eA=="})
        );
    }
}
