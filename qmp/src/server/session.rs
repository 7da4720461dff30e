//! One client connection: greeting, negotiation, request validation and
//! replies ([`Session`], shared with the threads of [`super::thread`]), and
//! the tokio task that serves a client of an asynchronous table: reading the
//! stream the way QEMU does, dispatching, writing replies and events.

use super::Inner;
use crate::dispatch::CallContext;
use crate::error::{ErrorClass, QmpError};
use crate::events::Subscription;
use crate::json::{streamer::Item, value::dict_to_json, Streamer, Value};
use crate::protocol::{self, Request};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// Serves one client as a tokio task (the way for asynchronous command
/// tables).
pub(crate) async fn run<R, W>(inner: Arc<Inner>, mut rd: R, mut wr: W)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut s = Session::new(inner);
    let handle = s.ctx.server.clone();
    let mut sub: Option<Subscription> = None;
    let mut out = s.greeting();
    let mut streamer = Streamer::new(s.inner.config.limits);
    let mut buf = vec![0u8; 64 * 1024];
    let mut items: Vec<Item> = Vec::new();
    loop {
        if !out.is_empty() {
            let overflow = sub.as_ref().map(|x| x.shared.clone());
            let ok = match overflow {
                Some(sh) => tokio::select! {
                    r = wr.write_all(out.as_bytes()) => r.is_ok(),
                    _ = sh.notify.notified() => false,
                    _ = handle.wait() => false,
                },
                None => tokio::select! {
                    r = wr.write_all(out.as_bytes()) => r.is_ok(),
                    _ = handle.wait() => false,
                },
            };
            out.clear();
            if !ok {
                break;
            }
        }
        if handle.is_shutting_down() || sub.as_ref().is_some_and(Subscription::overflowed) {
            break;
        }
        let n = match &mut sub {
            Some(sub) => tokio::select! {
                biased;
                _ = handle.wait() => break,
                _ = sub.shared.notify.notified() => break,
                ev = sub.rx.recv() => {
                    match ev {
                        Some(line) => {
                            sub.shared.queued.fetch_sub(line.len(), Ordering::AcqRel);
                            out.push_str(&line);
                            sub.drain(&mut out);
                            continue;
                        }
                        None => break,
                    }
                }
                r = rd.read(&mut buf) => r,
            },
            None => tokio::select! {
                _ = handle.wait() => break,
                r = rd.read(&mut buf) => r,
            },
        };
        let n = match n {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        streamer.feed(&buf[..n], &mut items);
        for item in items.drain(..) {
            match s.begin(item, &mut out) {
                Begin::Done => {}
                Begin::Negotiated => sub = Some(s.inner.controls.hub.subscribe(s.id, None)),
                Begin::Call(mut call) => {
                    let args = std::mem::take(&mut call.args);
                    let r = s.inner.dispatch.call(&call.name, args, &mut s.ctx).await;
                    // events a command emitted go out before its reply, as with QEMU
                    if let Some(sub) = &mut sub {
                        sub.drain(&mut out);
                    }
                    s.finish(call, r, &mut out);
                }
            }
        }
    }
    if sub.is_some() {
        s.inner.controls.hub.unsubscribe(s.id);
    }
    let _ = wr.shutdown().await;
}

/// The protocol state of one client, shared by both ways of serving it
/// (a tokio task here, a thread in [`super::thread`]).
pub(crate) struct Session {
    pub inner: Arc<Inner>,
    pub id: u64,
    negotiated: bool,
    oob: bool,
    pub ctx: CallContext,
}

/// What [`Session::begin`] leaves to the caller.
pub(crate) enum Begin {
    /// Answered (or nothing to answer): the reply, if any, is in `out`.
    Done,
    /// Capabilities negotiated (reply in `out`): the caller subscribes the
    /// session to events.
    Negotiated,
    /// Run this command, then call [`Session::finish`].
    Call(Call),
}

enum Prepared {
    Negotiated(Option<Value>),
    Call(Call),
}

/// A validated command waiting to run.
pub(crate) struct Call {
    pub name: String,
    pub args: serde_json::Map<String, serde_json::Value>,
    id: Option<Value>,
    success_response: bool,
}

impl Session {
    pub fn new(inner: Arc<Inner>) -> Session {
        let id = inner.next_session.fetch_add(1, Ordering::Relaxed);
        let handle = inner.handle();
        Session {
            id,
            negotiated: false,
            oob: false,
            ctx: CallContext {
                session: id,
                oob: false,
                events: handle.events(),
                server: handle,
            },
            inner,
        }
    }

    /// The greeting line.
    pub fn greeting(&self) -> String {
        let offered: Vec<String> = if self.inner.config.offer_oob {
            vec!["oob".into()]
        } else {
            vec![]
        };
        protocol::greeting_line(&self.inner.config.version, &offered)
    }

    /// Validates one parsed item; replies that need no command go to `out`.
    pub fn begin(&mut self, item: Item, out: &mut String) -> Begin {
        let v = match item {
            Ok(v) => v,
            Err(desc) => {
                out.push_str(&protocol::reply_error(&QmpError::generic(desc), None));
                return Begin::Done;
            }
        };
        let req = match protocol::check_request(v, self.oob) {
            Err((e, id)) => {
                out.push_str(&protocol::reply_error(&e, id));
                return Begin::Done;
            }
            Ok(req) => req,
        };
        match self.prepare(req) {
            Ok(Prepared::Negotiated(id)) => {
                let ret = serde_json::Value::Object(Default::default());
                out.push_str(&protocol::reply_return_json(&ret, id));
                Begin::Negotiated
            }
            Ok(Prepared::Call(call)) => Begin::Call(call),
            Err((mut e, id)) => {
                if !self.negotiated && e.class == ErrorClass::CommandNotFound {
                    e.desc = "Expecting capabilities negotiation with 'qmp_capabilities'".into();
                }
                out.push_str(&protocol::reply_error(&e, id));
                Begin::Done
            }
        }
    }

    /// Replies to a command run for [`Begin::Call`].
    pub fn finish(&mut self, call: Call, r: Result<serde_json::Value, QmpError>, out: &mut String) {
        match r {
            Ok(ret) if call.success_response => {
                protocol::push_reply_return_json(out, &ret, call.id.as_ref())
            }
            Ok(_) => {}
            Err(e) => out.push_str(&protocol::reply_error(&e, call.id)),
        }
    }

    fn prepare(&mut self, req: Request) -> Result<Prepared, (QmpError, Option<Value>)> {
        let Request {
            name,
            oob,
            args,
            id,
        } = req;
        if name == "qmp_capabilities" {
            if oob {
                return Err((
                    QmpError::generic("The command qmp_capabilities does not support OOB"),
                    id,
                ));
            }
            let enable_oob = match capabilities_args(&args) {
                Ok(o) => o,
                Err(e) => return Err((e, id)),
            };
            if self.negotiated {
                return Err((
                    QmpError::command_not_found(
                        "Capabilities negotiation is already complete, command ignored",
                    ),
                    id,
                ));
            }
            if enable_oob && !self.inner.config.offer_oob {
                return Err((QmpError::generic("Capability oob not available"), id));
            }
            self.negotiated = true;
            self.oob = enable_oob;
            return Ok(Prepared::Negotiated(id));
        }
        let not_found =
            || QmpError::command_not_found(format!("The command {name} has not been found"));
        if !self.negotiated {
            return Err((not_found(), id));
        }
        let Some(info) = self.inner.dispatch.lookup(&name) else {
            return Err((not_found(), id));
        };
        if oob && !info.allow_oob {
            return Err((
                QmpError::generic(format!("The command {name} does not support OOB")),
                id,
            ));
        }
        self.ctx.oob = oob;
        Ok(Prepared::Call(Call {
            args: dict_to_json(&args),
            name,
            id,
            success_response: info.success_response,
        }))
    }
}

/// Decodes `qmp_capabilities` arguments with QEMU's messages; returns whether
/// `oob` is enabled.
fn capabilities_args(args: &crate::json::Dict) -> Result<bool, QmpError> {
    let mut oob = false;
    if let Some(enable) = args.get("enable") {
        let Value::List(list) = enable else {
            return Err(QmpError::generic(
                "Invalid parameter type for 'enable', expected: array",
            ));
        };
        for (i, cap) in list.iter().enumerate() {
            match cap {
                Value::String(s) if s == "oob" => oob = true,
                Value::String(s) => {
                    return Err(QmpError::generic(format!(
                        "Parameter 'null' does not accept value '{s}'"
                    )));
                }
                _ => {
                    return Err(QmpError::generic(format!(
                        "Invalid parameter type for 'enable[{i}]', expected: string"
                    )))
                }
            }
        }
    }
    let keys: Vec<&str> = args.qemu_order().into_iter().map(|(k, _)| k).collect();
    if let Some(k) = crate::json::ghash_order::first_unexpected(&keys, &["enable"]) {
        return Err(QmpError::generic(format!("Parameter '{k}' is unexpected")));
    }
    Ok(oob)
}
