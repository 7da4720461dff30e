//! The QMP server: Unix and TCP listeners. A synchronous command table
//! ([`Dispatch`]) is served with a thread per client doing blocking socket
//! calls (the lowest latency: a round trip costs one `recv` and one `send`),
//! an asynchronous one ([`AsyncDispatch`]) with a tokio task per client.
//!
//! Resource bounds per client: one incomplete message of at most
//! `limits.max_message_size` bytes (larger ones are rejected with QEMU's
//! `JSON token size limit exceeded`), and at most `max_queued_output` bytes of
//! events waiting to be written (see [`events`] for the overflow policy).
//! Replies are never queued without bound: while a reply cannot be written,
//! the session stops reading that client's input (backpressure), which is what
//! QEMU does by suspending the monitor.

mod session;
mod thread;

/// The event broadcast, at [`crate::events`]; here too, where the server's
/// users have always found it.
pub use crate::events;
pub use crate::handle::ServerHandle;

use crate::dispatch::{AsyncDispatch, Dispatch, Table};
use crate::handle::Controls;
use crate::json::Limits;
use crate::protocol::VersionInfo;
use events::{EventEmitter, EventHub, ThrottleRule};
use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64};
use std::sync::Arc;
use tokio::sync::Notify;

/// Server settings.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Reported in the greeting.
    pub version: VersionInfo,
    /// Offer the `oob` capability.
    pub offer_oob: bool,
    /// Input limits (QEMU's by default: 64 MiB per message, nesting 1024).
    pub limits: Limits,
    /// Bytes of undelivered events a session may hold before it is disconnected.
    pub max_queued_output: usize,
    /// Mode of a created Unix socket.
    pub unix_mode: u32,
    /// Event rate limits (QEMU's by default).
    pub throttle: HashMap<String, ThrottleRule>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            version: VersionInfo {
                major: 10,
                minor: 0,
                micro: 2,
                package: "qapi-forge".into(),
            },
            offer_oob: true,
            limits: Limits::default(),
            max_queued_output: 16 << 20,
            unix_mode: 0o600,
            throttle: events::qemu_throttle_rules(),
        }
    }
}

pub(crate) struct Inner {
    pub config: ServerConfig,
    pub dispatch: Table,
    pub next_session: AtomicU64,
    /// What a [`ServerHandle`] reaches.
    pub controls: Arc<Controls>,
}

impl Inner {
    fn handle(&self) -> ServerHandle {
        ServerHandle {
            controls: self.controls.clone(),
        }
    }

    /// Serves an accepted connection: on threads for a synchronous table,
    /// as a tokio task for an asynchronous one.
    fn serve_unix(self: &Arc<Self>, stream: tokio::net::UnixStream) {
        if let Table::Sync(_) = self.dispatch {
            if let Ok(s) = stream.into_std() {
                thread::spawn(self.clone(), crate::sock::Sock::Unix(s));
            }
            return;
        }
        let (rd, wr) = stream.into_split();
        tokio::spawn(session::run(self.clone(), rd, wr));
    }

    fn serve_tcp(self: &Arc<Self>, stream: tokio::net::TcpStream) {
        let _ = stream.set_nodelay(true);
        if let Table::Sync(_) = self.dispatch {
            if let Ok(s) = stream.into_std() {
                thread::spawn(self.clone(), crate::sock::Sock::Tcp(s));
            }
            return;
        }
        let (rd, wr) = stream.into_split();
        tokio::spawn(session::run(self.clone(), rd, wr));
    }
}

/// A QMP server over a command table.
#[derive(Clone)]
pub struct Server {
    inner: Arc<Inner>,
}

impl Server {
    /// A server over a command table.
    pub fn new(config: ServerConfig, dispatch: Arc<dyn Dispatch>) -> Server {
        Self::with_table(config, Table::Sync(dispatch))
    }

    /// A server over a table of asynchronous commands.
    pub fn new_async(config: ServerConfig, dispatch: Arc<dyn AsyncDispatch>) -> Server {
        Self::with_table(config, Table::Async(dispatch))
    }

    fn with_table(config: ServerConfig, dispatch: Table) -> Server {
        let hub = EventHub::new(config.throttle.clone(), config.max_queued_output);
        Server {
            inner: Arc::new(Inner {
                config,
                dispatch,
                next_session: AtomicU64::new(1),
                controls: Arc::new(Controls {
                    hub,
                    shutting_down: AtomicBool::new(false),
                    shutdown: Notify::new(),
                    unix_paths: Default::default(),
                    threads: Default::default(),
                }),
            }),
        }
    }

    pub fn handle(&self) -> ServerHandle {
        self.inner.handle()
    }

    pub fn events(&self) -> EventEmitter {
        self.handle().events()
    }

    /// Binds a Unix socket (mode `unix_mode`; a stale socket file is
    /// replaced) and serves it in the background. Must be called within a
    /// tokio runtime.
    pub fn listen_unix(&self, path: impl AsRef<Path>) -> io::Result<tokio::task::JoinHandle<()>> {
        use std::os::unix::fs::{FileTypeExt, PermissionsExt};
        let path = path.as_ref().to_path_buf();
        if let Ok(md) = std::fs::symlink_metadata(&path) {
            if md.file_type().is_socket() {
                std::fs::remove_file(&path)?;
            }
        }
        let listener = tokio::net::UnixListener::bind(&path)?;
        std::fs::set_permissions(
            &path,
            std::fs::Permissions::from_mode(self.inner.config.unix_mode),
        )?;
        self.inner
            .controls
            .unix_paths
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(path);
        let inner = self.inner.clone();
        Ok(tokio::spawn(async move {
            let handle = inner.handle();
            loop {
                tokio::select! {
                    _ = handle.wait() => break,
                    r = listener.accept() => match r {
                        Ok((stream, _)) => inner.serve_unix(stream),
                        Err(_) => tokio::time::sleep(std::time::Duration::from_millis(10)).await,
                    }
                }
            }
        }))
    }

    /// Binds a TCP listener and serves it in the background; returns the
    /// bound address (useful with port 0).
    pub async fn listen_tcp(
        &self,
        addr: &str,
    ) -> io::Result<(std::net::SocketAddr, tokio::task::JoinHandle<()>)> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let local = listener.local_addr()?;
        let inner = self.inner.clone();
        Ok((
            local,
            tokio::spawn(async move {
                let handle = inner.handle();
                loop {
                    tokio::select! {
                        _ = handle.wait() => break,
                        r = listener.accept() => match r {
                            Ok((stream, _)) => inner.serve_tcp(stream),
                            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(10)).await,
                        }
                    }
                }
            }),
        ))
    }
}
