//! The guest agent's protocol without I/O, shared by the blocking and the
//! tokio client: framing of what the agent sends (QEMU's JSON streamer,
//! reset by the `0xFF` sentinel), resynchronization with
//! `guest-sync-delimited`, and matching a reply to its request.
//!
//! The clients feed the bytes they read to [`Session::feed`] and ask a
//! step function ([`Session::sync_step`], [`Session::reply_step`]) after
//! each read whether what they wait for has come.

use super::super::{request_line, ClientError};
use crate::error::{ErrorClass, QmpError};
use crate::json::{self, Limits, Streamer};
use std::collections::VecDeque;

/// The byte the agent puts before its reply to `guest-sync-delimited`,
/// and the client before that request: it ends any JSON text in progress
/// with a lexical error (QEMU's JSON lexer never produces it, and the
/// agent's JSON output is ASCII).
pub const SENTINEL: u8 = 0xFF;

/// One thing the agent sent.
#[derive(Debug)]
enum Msg {
    /// A sentinel byte: the parser was reset; the reply to a
    /// `guest-sync-delimited` follows.
    Sentinel,
    Value(json::Value),
    /// The streamer's error (invalid JSON, a message over the size limit).
    Bad(String),
}

/// Splits the agent's output into messages.
struct Framer {
    streamer: Streamer,
    limits: Limits,
    msgs: VecDeque<Msg>,
    /// Drop bytes unparsed until the next sentinel.
    skipping: bool,
    items: Vec<json::streamer::Item>,
}

impl Framer {
    fn new(max_reply_size: usize) -> Framer {
        let limits = Limits {
            max_message_size: max_reply_size,
            ..Limits::default()
        };
        Framer {
            streamer: Streamer::new(limits),
            limits,
            msgs: VecDeque::new(),
            skipping: false,
            items: Vec::new(),
        }
    }

    fn feed(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let at = bytes.iter().position(|&b| b == SENTINEL);
            if self.skipping {
                let Some(i) = at else { return };
                self.skipping = false;
                self.sentinel();
                bytes = &bytes[i + 1..];
                continue;
            }
            let (text, rest) = match at {
                Some(i) => (&bytes[..i], Some(&bytes[i + 1..])),
                None => (bytes, None),
            };
            self.streamer.feed(text, &mut self.items);
            for item in self.items.drain(..) {
                self.msgs.push_back(match item {
                    Ok(v) => Msg::Value(v),
                    Err(desc) => Msg::Bad(desc),
                });
            }
            match rest {
                Some(rest) => {
                    self.sentinel();
                    bytes = rest;
                }
                None => return,
            }
        }
    }

    /// A sentinel: whatever the parser holds is dropped.
    fn sentinel(&mut self) {
        self.streamer = Streamer::new(self.limits);
        self.msgs.push_back(Msg::Sentinel);
    }

    /// Drops what was received up to the next sentinel (queued or still
    /// to come).
    fn skip_to_sentinel(&mut self) {
        while let Some(m) = self.msgs.front() {
            if matches!(m, Msg::Sentinel) {
                return;
            }
            self.msgs.pop_front();
        }
        self.skipping = true;
        self.streamer = Streamer::new(self.limits);
    }
}

/// A message of the agent, classified.
enum Incoming {
    /// `return` or `error`, with the `id` echoed (when numeric).
    Reply {
        id: Option<u64>,
        has_id: bool,
        result: Result<serde_json::Value, QmpError>,
    },
    /// Something else (an event: the agent sends none today).
    Other,
    /// Not a message of the protocol.
    Unexpected(String),
}

/// Classifies one message of the agent. Every reply the clients return
/// is decoded here.
fn classify(v: json::Value) -> Incoming {
    let json::Value::Dict(d) = v else {
        return Incoming::Unexpected(format!(
            "the guest agent sent {} instead of an object",
            json::to_qemu_string(&v)
        ));
    };
    let mut id = None;
    let mut has_id = false;
    let mut ret = None;
    let mut err = None;
    let mut event = false;
    for (k, v) in d.into_entries() {
        match k.as_str() {
            "id" => {
                has_id = true;
                id = match v {
                    json::Value::Int(i) => u64::try_from(i).ok(),
                    json::Value::UInt(u) => Some(u),
                    _ => None,
                };
            }
            "return" => ret = Some(v),
            "error" => err = Some(v),
            "event" => event = true,
            _ => {}
        }
    }
    let result = match (ret, err) {
        (Some(r), _) => Ok(r.into_json()),
        (None, Some(json::Value::Dict(e))) => {
            let class = e.get("class").and_then(json::Value::as_str);
            let desc = e.get("desc").and_then(json::Value::as_str).unwrap_or("");
            Err(QmpError::new(
                ErrorClass::parse(class.unwrap_or("GenericError")),
                desc,
            ))
        }
        (None, Some(other)) => {
            return Incoming::Unexpected(format!(
                "the guest agent sent an error that is not an object: {}",
                json::to_qemu_string(&other)
            ))
        }
        (None, None) if event => return Incoming::Other,
        (None, None) => {
            return Incoming::Unexpected(
                "the guest agent sent an object with neither 'return' nor 'error'".into(),
            )
        }
    };
    Incoming::Reply { id, has_id, result }
}

/// The protocol state of one connection to the agent.
pub(crate) struct Session {
    framer: Framer,
    next_id: u64,
    /// The stream is known to hold nothing stale: the last exchange ended
    /// with its reply. Cleared when an exchange starts, so that one that
    /// does not end (timeout, error, a cancelled future) leaves the
    /// session to be resynchronized before the next.
    pub(crate) synced: bool,
    /// Stale messages dropped so far (for tests and diagnostics).
    pub(crate) dropped: u64,
}

/// An exchange in progress: what [`Session::sync_step`] or
/// [`Session::reply_step`] waits for.
pub(crate) struct Pending {
    id: u64,
    /// A sync: the last message was a sentinel (the next value decides).
    after_sentinel: bool,
}

impl Session {
    pub(crate) fn new(max_reply_size: usize) -> Session {
        Session {
            framer: Framer::new(max_reply_size),
            next_id: 1,
            synced: false,
            dropped: 0,
        }
    }

    /// A fresh connection: nothing received yet, not synchronized.
    pub(crate) fn reset(&mut self) {
        let limits = self.framer.limits;
        self.framer = Framer::new(limits.max_message_size);
        self.synced = false;
    }

    /// Bytes read from the agent.
    pub(crate) fn feed(&mut self, bytes: &[u8]) {
        self.framer.feed(bytes);
    }

    /// Starts a resynchronization: returns the request to send (a
    /// sentinel, to flush whatever the agent's parser holds, then
    /// `guest-sync-delimited` with a random id). What was received so far
    /// is dropped, and so is everything up to the sentinel of the reply.
    pub(crate) fn start_sync(&mut self) -> (Pending, Vec<u8>) {
        self.synced = false;
        self.framer.msgs.clear();
        self.framer.skip_to_sentinel();
        let id = random_id();
        let mut line = vec![SENTINEL];
        line.extend_from_slice(
            format!("{{\"execute\":\"guest-sync-delimited\",\"arguments\":{{\"id\":{id}}}}}\n")
                .as_bytes(),
        );
        let p = Pending {
            id,
            after_sentinel: false,
        };
        (p, line)
    }

    /// `Some(Ok(()))` once the reply to the sync came: the value after a
    /// sentinel that is `{"return": id}`. Anything else is dropped, and
    /// after a value that is not it, everything up to the next sentinel.
    pub(crate) fn sync_step(&mut self, p: &mut Pending) -> Option<Result<(), ClientError>> {
        while let Some(m) = self.framer.msgs.pop_front() {
            match m {
                Msg::Sentinel => p.after_sentinel = true,
                Msg::Value(v) if p.after_sentinel && is_return_of(&v, p.id) => {
                    self.synced = true;
                    return Some(Ok(()));
                }
                _ => {
                    self.dropped += 1;
                    p.after_sentinel = false;
                    self.framer.skip_to_sentinel();
                }
            }
        }
        None
    }

    /// Starts a command: returns its request line (with a fresh `id`).
    pub(crate) fn start_call(
        &mut self,
        name: &str,
        args: Option<&serde_json::Value>,
    ) -> (Pending, String) {
        self.synced = false;
        let id = self.next_id;
        self.next_id += 1;
        let line = request_line(name, args, id, false);
        let p = Pending {
            id,
            after_sentinel: false,
        };
        (p, line)
    }

    /// Marks a request whose reply is not awaited as done (a
    /// `success-response: false` command that was sent): if it fails,
    /// its error reply carries its id and is dropped as stale.
    pub(crate) fn sent_without_reply(&mut self) {
        self.synced = true;
    }

    /// `Some(result)` once the reply to the call came. Replies with
    /// another id are stale (an earlier `success-response: false`
    /// command's error, a late sync reply) and dropped; an error without
    /// an id is the agent's answer to input it could not read, which on a
    /// synchronized stream can only be this call's request. Invalid JSON
    /// or a message that is not a reply fails the call (and leaves the
    /// session to be resynchronized).
    pub(crate) fn reply_step(
        &mut self,
        p: &Pending,
    ) -> Option<Result<serde_json::Value, ClientError>> {
        while let Some(m) = self.framer.msgs.pop_front() {
            let v = match m {
                Msg::Sentinel => continue,
                Msg::Bad(desc) => {
                    return Some(Err(ClientError::Protocol(format!(
                        "invalid JSON from the guest agent: {desc}"
                    ))))
                }
                Msg::Value(v) => v,
            };
            match classify(v) {
                Incoming::Reply {
                    id: Some(id),
                    result,
                    ..
                } if id == p.id => {
                    self.synced = true;
                    return Some(result.map_err(ClientError::Qmp));
                }
                Incoming::Reply {
                    has_id: false,
                    result: Err(e),
                    ..
                } => {
                    self.synced = true;
                    return Some(Err(ClientError::Qmp(e)));
                }
                Incoming::Reply { .. } | Incoming::Other => self.dropped += 1,
                Incoming::Unexpected(desc) => return Some(Err(ClientError::Protocol(desc))),
            }
        }
        None
    }
}

/// `{"return": id}` (the reply to `guest-sync-delimited`).
fn is_return_of(v: &json::Value, id: u64) -> bool {
    let Some(d) = v.as_dict() else { return false };
    match d.get("return") {
        Some(json::Value::Int(i)) => u64::try_from(*i).is_ok_and(|i| i == id),
        Some(json::Value::UInt(u)) => *u == id,
        _ => false,
    }
}

/// A random id for `guest-sync-delimited`, in `0..2^53` (the schema's
/// `int`, and exact in any JSON reader). From the standard library's
/// randomly keyed hasher, over a counter and the time.
fn random_id() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    RandomState::new().hash_one((n, t)) >> 11
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sync(s: &mut Session, input: &[&[u8]]) -> (bool, u64) {
        let (mut p, line) = s.start_sync();
        assert_eq!(line[0], SENTINEL);
        let text = std::str::from_utf8(&line[1..]).expect("ascii");
        let v: serde_json::Value = serde_json::from_str(text).expect("json");
        assert_eq!(v["execute"], "guest-sync-delimited");
        let id = v["arguments"]["id"].as_u64().expect("id");
        assert_eq!(id, p.id);
        for chunk in input {
            let chunk = String::from_utf8_lossy(chunk).replace("ID", &id.to_string());
            let chunk = chunk.replace('\u{fffd}', "\u{1}");
            let bytes: Vec<u8> = chunk
                .bytes()
                .map(|b| if b == 1 { SENTINEL } else { b })
                .collect();
            s.feed(&bytes);
            if let Some(r) = s.sync_step(&mut p) {
                r.expect("sync");
                return (true, id);
            }
        }
        (false, id)
    }

    const FF: &[u8] = "\u{1}".as_bytes();

    #[test]
    fn sync_skips_stale_output_and_stale_sentinels() {
        let mut s = Session::new(1 << 20);
        let stale = [
            &b"{\"return\": {}, \"id\": 9}\n{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error, stray\"}}\n"[..],
            FF,
            b"{\"return\": 12345}\n{\"return\"",
            b": {}}\n",
            FF,
            b"{\"retu",
            b"rn\": ID}\n",
        ];
        let (done, _) = sync(&mut s, &stale);
        assert!(done);
        assert!(s.synced);
    }

    #[test]
    fn sync_ignores_its_id_when_not_after_a_sentinel() {
        let mut s = Session::new(1 << 20);
        // the id as some other reply's return value, not after a sentinel
        let (done, _) = sync(&mut s, &[b"{\"return\": ID}\n", b"garbage ]]"]);
        assert!(!done);
    }

    #[test]
    fn replies_are_matched_by_id() {
        let mut s = Session::new(1 << 20);
        s.synced = true;
        let (p, line) = s.start_call("guest-ping", None);
        assert!(!s.synced, "an exchange in progress is not synced");
        assert!(line.contains("\"id\":1"), "{line}");
        s.feed(b"{\"error\": {\"class\": \"GenericError\", \"desc\": \"x\"}, \"id\": 7}\n");
        s.feed(b"{\"return\": 4}\n");
        assert!(s.reply_step(&p).is_none());
        assert_eq!(s.dropped, 2);
        s.feed(b"{\"return\": {\"a\": [1]}, \"id\": 1}");
        let v = s.reply_step(&p).expect("reply").expect("ok");
        assert_eq!(v, serde_json::json!({"a": [1]}));
        assert!(s.synced);
    }

    #[test]
    fn an_error_without_id_answers_the_call() {
        let mut s = Session::new(1 << 20);
        let (p, _) = s.start_call("guest-ping", None);
        s.feed(b"{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON token size limit exceeded\"}}\n");
        let e = s.reply_step(&p).expect("reply").expect_err("error");
        assert_eq!(
            e.qmp().map(|q| q.desc.as_str()),
            Some("JSON token size limit exceeded")
        );
    }

    #[test]
    fn bad_input_is_an_error_and_needs_a_sync() {
        let mut s = Session::new(64);
        for (input, want) in [
            (
                &b"{\"return\": nope}\n"[..],
                "invalid JSON from the guest agent",
            ),
            (b"[1, 2]\n", "instead of an object"),
            (b"{\"x\": 1}\n", "neither 'return' nor 'error'"),
            (
                &[b"{\"return\": \"".as_slice(), &[b'a'; 100], b"\"}\n"].concat()[..],
                "JSON token size limit exceeded",
            ),
        ] {
            s.reset();
            let (p, _) = s.start_call("guest-ping", None);
            s.feed(input);
            let e = s.reply_step(&p).expect("reply").expect_err("error");
            assert!(e.to_string().contains(want), "{e}");
            assert!(!s.synced);
        }
    }

    #[test]
    fn ids_are_random() {
        let a = random_id();
        let b = random_id();
        assert_ne!(a, b);
        assert!(a < 1 << 53 && b < 1 << 53);
    }
}
