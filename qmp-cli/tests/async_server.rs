//! The generated `AsyncServer` plugged into the runtime through
//! `qmp::AsyncDispatch` (`Server::new_async` + the generated
//! `AsyncDispatcher`): replies, argument errors with QEMU's messages,
//! commands of one client in order, events before the reply, and other
//! clients served while one has a command pending.

mod common;

use common::TempDir;
use qapi_example::events::{EmitEvents, Stop};
use qapi_example::server::{AsyncDispatcher, AsyncServer};
use qapi_example::{commands, VersionInfo, VersionTriple};
use qmp::client::blocking::Client;
use qmp::server::{Server, ServerConfig};
use qmp::{CallContext, QmpError};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

struct Slow {
    target: AtomicI64,
}

impl AsyncServer for Slow {
    async fn query_version(&self, _ctx: CallContext) -> Result<VersionInfo, QmpError> {
        Ok(VersionInfo {
            qemu: VersionTriple {
                major: 1,
                minor: 2,
                micro: 3,
            },
            package: "async".into(),
        })
    }

    async fn stop(&self, ctx: CallContext) -> Result<(), QmpError> {
        let _ = ctx.events.emit_stop(&Stop {});
        Ok(())
    }

    async fn balloon(&self, _ctx: CallContext, args: commands::Balloon) -> Result<(), QmpError> {
        // a command that takes a while without blocking the runtime
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.target.store(args.value, Ordering::SeqCst);
        Ok(())
    }

    async fn query_balloon(
        &self,
        _ctx: CallContext,
    ) -> Result<qapi_example::BalloonInfo, QmpError> {
        Ok(qapi_example::BalloonInfo {
            actual: self.target.load(Ordering::SeqCst),
        })
    }
}

#[test]
fn async_server_behind_the_runtime() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("rt");
    let dir = TempDir::new("async");
    let socket = dir.path("qmp.sock");
    let server = Server::new_async(
        ServerConfig::default(),
        Arc::new(AsyncDispatcher(Arc::new(Slow {
            target: AtomicI64::new(0),
        }))),
    );
    {
        let _g = rt.enter();
        server.listen_unix(&socket).expect("listen");
    }
    let mut c = Client::connect_unix(&socket).expect("connect");
    let v = c.execute_raw("query-version", None).expect("query-version");
    assert_eq!(v["package"], "async");
    assert_eq!(v["qemu"]["micro"], 3);
    // argument errors come from the generated decoder, as QEMU words them
    let e = c
        .execute_raw("balloon", Some(serde_json::json!({"value": "x"})))
        .unwrap_err();
    assert_eq!(
        e.qmp().map(|q| q.desc.as_str()),
        Some("Invalid parameter type for 'value', expected: integer")
    );
    let e = c.execute_raw("cont", None).unwrap_err();
    assert_eq!(
        e.qmp().map(|q| q.desc.as_str()),
        Some("The command cont has not been found")
    );
    // events emitted by a command arrive before its reply
    c.execute_raw("stop", None).expect("stop");
    assert_eq!(
        c.take_events()
            .iter()
            .map(|e| e.event.as_str())
            .collect::<Vec<_>>(),
        ["STOP"]
    );
    // pipelined: the slow balloon finishes before the query after it runs,
    // while another client is served meanwhile
    let first = c
        .send_raw("balloon", Some(serde_json::json!({"value": 42})), false)
        .expect("send");
    let second = c.send_raw("query-balloon", None, false).expect("send");
    let mut other = Client::connect_unix(&socket).expect("connect");
    other
        .execute_raw("query-version", None)
        .expect("other client");
    assert_eq!(c.wait_reply(first).expect("balloon"), serde_json::json!({}));
    assert_eq!(
        c.wait_reply(second).expect("query-balloon"),
        serde_json::json!({"actual": 42})
    );
    drop(server);
}
