//! One client connection: greeting, negotiation, reading the stream the way
//! QEMU does, dispatching, and writing replies and events.

use super::events::Subscription;
use super::{Inner, ServerHandle};
use crate::dispatch::CallContext;
use crate::error::{ErrorClass, QmpError};
use crate::json::{streamer::Item, value::dict_to_json, Streamer, Value};
use crate::protocol::{self, Request};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

struct Session {
    inner: Arc<Inner>,
    id: u64,
    negotiated: bool,
    oob: bool,
    sub: Option<Subscription>,
    ctx: CallContext,
}

pub(crate) async fn run<R, W>(inner: Arc<Inner>, mut rd: R, mut wr: W)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let id = inner.next_session.fetch_add(1, Ordering::Relaxed);
    let handle = ServerHandle {
        inner: inner.clone(),
    };
    let mut s = Session {
        id,
        negotiated: false,
        oob: false,
        sub: None,
        ctx: CallContext {
            session: id,
            oob: false,
            events: handle.events(),
            server: handle.clone(),
        },
        inner,
    };
    let offered: Vec<String> = if s.inner.config.offer_oob {
        vec!["oob".into()]
    } else {
        vec![]
    };
    let mut out = protocol::greeting_line(&s.inner.config.version, &offered);
    let mut streamer = Streamer::new(s.inner.config.limits);
    let mut buf = vec![0u8; 64 * 1024];
    let mut items: Vec<Item> = Vec::new();
    loop {
        if !out.is_empty() {
            let overflow = s.sub.as_ref().map(|x| x.shared.clone());
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
        if handle.is_shutting_down() || s.overflowed() {
            break;
        }
        let n = match &mut s.sub {
            Some(sub) => tokio::select! {
                biased;
                _ = handle.wait() => break,
                _ = sub.shared.notify.notified() => break,
                ev = sub.rx.recv() => {
                    match ev {
                        Some(line) => {
                            sub.shared.queued.fetch_sub(line.len(), Ordering::AcqRel);
                            out.push_str(&line);
                            s.drain_events(&mut out);
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
            s.handle_item(item, &mut out).await;
        }
    }
    if s.sub.is_some() {
        s.inner.hub.unsubscribe(s.id);
    }
    let _ = wr.shutdown().await;
}

impl Session {
    fn overflowed(&self) -> bool {
        self.sub
            .as_ref()
            .is_some_and(|s| s.shared.overflowed.load(Ordering::Acquire))
    }

    fn drain_events(&mut self, out: &mut String) {
        if let Some(sub) = &mut self.sub {
            while let Ok(line) = sub.rx.try_recv() {
                sub.shared.queued.fetch_sub(line.len(), Ordering::AcqRel);
                out.push_str(&line);
            }
        }
    }

    async fn handle_item(&mut self, item: Item, out: &mut String) {
        let v = match item {
            Ok(v) => v,
            Err(desc) => {
                out.push_str(&protocol::reply_error(&QmpError::generic(desc), None));
                return;
            }
        };
        match protocol::check_request(v, self.oob) {
            Err((e, id)) => out.push_str(&protocol::reply_error(&e, id)),
            Ok(req) => {
                let id = req.id.clone();
                match self.execute(req, out).await {
                    Ok(Some(ret)) => out.push_str(&protocol::reply_return_json(&ret, id)),
                    Ok(None) => {}
                    Err(mut e) => {
                        if !self.negotiated && e.class == ErrorClass::CommandNotFound {
                            e.desc =
                                "Expecting capabilities negotiation with 'qmp_capabilities'".into();
                        }
                        out.push_str(&protocol::reply_error(&e, id));
                    }
                }
            }
        }
    }

    /// Runs a validated request; `Ok(None)` means no reply.
    async fn execute(
        &mut self,
        req: Request,
        out: &mut String,
    ) -> Result<Option<serde_json::Value>, QmpError> {
        if req.name == "qmp_capabilities" {
            if req.oob {
                return Err(QmpError::generic(
                    "The command qmp_capabilities does not support OOB",
                ));
            }
            let oob = capabilities_args(&req.args)?;
            if self.negotiated {
                return Err(QmpError::command_not_found(
                    "Capabilities negotiation is already complete, command ignored",
                ));
            }
            if oob && !self.inner.config.offer_oob {
                return Err(QmpError::generic("Capability oob not available"));
            }
            self.negotiated = true;
            self.oob = oob;
            self.sub = Some(self.inner.hub.subscribe(self.id));
            return Ok(Some(serde_json::Value::Object(Default::default())));
        }
        if !self.negotiated {
            return Err(QmpError::command_not_found(format!(
                "The command {} has not been found",
                req.name
            )));
        }
        let Some(info) = self.inner.dispatch.lookup(&req.name) else {
            return Err(QmpError::command_not_found(format!(
                "The command {} has not been found",
                req.name
            )));
        };
        if req.oob && !info.allow_oob {
            return Err(QmpError::generic(format!(
                "The command {} does not support OOB",
                req.name
            )));
        }
        self.ctx.oob = req.oob;
        let args = dict_to_json(&req.args);
        let r = self
            .inner
            .dispatch
            .call(&req.name, args, &mut self.ctx)
            .await;
        // events a command emitted go out before its reply, as with QEMU
        self.drain_events(out);
        let ret = r?;
        Ok(info.success_response.then_some(ret))
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
