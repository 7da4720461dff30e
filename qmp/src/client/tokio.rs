//! An async client for tokio. Cloneable handles share one connection; a
//! background task reads the socket, completes calls by `id`, and queues
//! events without bound, so no event is lost while commands run.

use super::{
    classify, parse_incoming, request_line, to_value, ClientError, ConnectOptions, Greeting,
    Incoming, Msg,
};
use crate::codec::{read_reply, Ty, Wire};
use crate::command::{command_arguments, Command, EventMessage};
use crate::error::QmpError;
use crate::json::tape::{Tape, Val};
use serde_json::Value;
use std::collections::HashMap;
use std::os::fd::{AsRawFd, RawFd};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex as StdMutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::{mpsc, oneshot, Mutex};

type Pending = Arc<StdMutex<HashMap<u64, oneshot::Sender<Result<Returned, QmpError>>>>>;

/// A reply's return value, on the tape of its message: the caller decodes
/// it into what it wants.
struct Returned {
    tape: Tape,
    at: usize,
}

struct Shared {
    writer: Mutex<Box<dyn AsyncWrite + Send + Unpin>>,
    unix_fd: Option<RawFd>,
    pending: Pending,
    next_id: AtomicU64,
    events: Mutex<mpsc::UnboundedReceiver<EventMessage>>,
    closed: Arc<std::sync::atomic::AtomicBool>,
}

/// An async QMP client.
#[derive(Clone)]
pub struct Client {
    shared: Arc<Shared>,
    greeting: Greeting,
    oob: bool,
    timeout: Option<Duration>,
}

impl Client {
    /// Connects to a Unix socket and negotiates (enabling oob if offered).
    pub async fn connect_unix(path: impl AsRef<Path>) -> Result<Client, ClientError> {
        Self::connect_unix_with(path, &ConnectOptions::default()).await
    }

    pub async fn connect_unix_with(
        path: impl AsRef<Path>,
        opts: &ConnectOptions,
    ) -> Result<Client, ClientError> {
        let s = tokio::net::UnixStream::connect(path).await?;
        let fd = s.as_raw_fd();
        let (r, w) = s.into_split();
        Self::start(r, Box::new(w), Some(fd), opts).await
    }

    /// Connects over TCP and negotiates.
    pub async fn connect_tcp(addr: &str) -> Result<Client, ClientError> {
        Self::connect_tcp_with(addr, &ConnectOptions::default()).await
    }

    pub async fn connect_tcp_with(
        addr: &str,
        opts: &ConnectOptions,
    ) -> Result<Client, ClientError> {
        let s = tokio::net::TcpStream::connect(addr).await?;
        s.set_nodelay(true)?;
        let (r, w) = s.into_split();
        Self::start(r, Box::new(w), None, opts).await
    }

    async fn start<R: AsyncRead + Send + Unpin + 'static>(
        rd: R,
        writer: Box<dyn AsyncWrite + Send + Unpin>,
        unix_fd: Option<RawFd>,
        opts: &ConnectOptions,
    ) -> Result<Client, ClientError> {
        let mut reader = BufReader::with_capacity(64 * 1024, rd);
        let mut line = Vec::new();
        let read_greeting = reader.read_until(b'\n', &mut line);
        let n = match opts.timeout {
            Some(t) => tokio::time::timeout(t, read_greeting)
                .await
                .map_err(|_| ClientError::Timeout)??,
            None => read_greeting.await?,
        };
        if n == 0 {
            return Err(ClientError::Closed);
        }
        let Incoming::Greeting(greeting) = parse_incoming(&line)? else {
            return Err(ClientError::Protocol("expected the QMP greeting".into()));
        };
        let pending: Pending = Default::default();
        let (etx, erx) = mpsc::unbounded_channel();
        let closed = Arc::new(std::sync::atomic::AtomicBool::new(false));
        tokio::spawn(read_loop(reader, pending.clone(), etx, closed.clone()));
        let mut c = Client {
            shared: Arc::new(Shared {
                writer: Mutex::new(writer),
                unix_fd,
                pending,
                next_id: AtomicU64::new(1),
                events: Mutex::new(erx),
                closed,
            }),
            greeting,
            oob: false,
            timeout: opts.timeout,
        };
        if opts.negotiate {
            let enable = opts.enable_oob && c.greeting.offers("oob");
            let args = enable.then(|| serde_json::json!({"enable": ["oob"]}));
            c.execute_raw("qmp_capabilities", args).await?;
            c.oob = enable;
        }
        Ok(c)
    }

    pub fn greeting(&self) -> &Greeting {
        &self.greeting
    }

    pub fn oob_enabled(&self) -> bool {
        self.oob
    }

    /// Timeout for calls made through this handle (None: wait forever).
    pub fn set_timeout(&mut self, t: Option<Duration>) {
        self.timeout = t;
    }

    /// Runs a command and makes the result of its return value with
    /// `take`.
    async fn call<T>(
        &self,
        name: &str,
        args: Option<Value>,
        oob: bool,
        fd: Option<RawFd>,
        take: impl FnOnce(Val<'_>) -> Result<T, ClientError>,
    ) -> Result<T, ClientError> {
        if self.shared.closed.load(Ordering::Acquire) {
            return Err(ClientError::Closed);
        }
        let id = self.shared.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        self.shared
            .pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id, tx);
        let line = request_line(name, args.as_ref(), id, oob);
        let sent = async {
            let mut w = self.shared.writer.lock().await;
            let mut bytes = line.as_bytes();
            if let Some(fd) = fd {
                let sock = self.shared.unix_fd.ok_or_else(|| {
                    ClientError::Protocol("file descriptors need a Unix socket".into())
                })?;
                let n = send_fd_async(sock, bytes, fd).await?;
                bytes = &bytes[n..];
            }
            w.write_all(bytes).await?;
            Ok::<(), ClientError>(())
        };
        let wait = async {
            sent.await?;
            match rx.await {
                Ok(r) => r.map_err(ClientError::Qmp),
                Err(_) => Err(ClientError::Closed),
            }
        };
        let r = match self.timeout {
            Some(t) => tokio::time::timeout(t, wait)
                .await
                .unwrap_or(Err(ClientError::Timeout)),
            None => wait.await,
        };
        match r {
            Ok(ret) => take(ret.tape.at(ret.at)),
            Err(e) => {
                self.shared
                    .pending
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .remove(&id);
                Err(e)
            }
        }
    }

    /// Runs a command by name.
    pub async fn execute_raw(&self, name: &str, args: Option<Value>) -> Result<Value, ClientError> {
        self.call(name, args, false, None, to_value).await
    }

    /// Runs a command and decodes its return value, described by `ret`,
    /// straight from the reply's tokens (no JSON value in between): the
    /// typed call of generated bindings. Out-of-band if `oob`. A reply
    /// that does not fit fails with an error naming type, member and path.
    pub async fn call_typed<T: Wire>(
        &self,
        name: &str,
        args: Option<Value>,
        oob: bool,
        ret: &Ty,
    ) -> Result<T, ClientError> {
        let take = |v: Val<'_>| Ok(read_reply(v, ret, name)?);
        self.call(name, args, oob, None, take).await
    }

    /// Runs a command out-of-band.
    pub async fn execute_oob_raw(
        &self,
        name: &str,
        args: Option<Value>,
    ) -> Result<Value, ClientError> {
        self.call(name, args, true, None, to_value).await
    }

    /// Runs a typed command (out-of-band if the command allows it and oob
    /// was negotiated).
    pub async fn execute<C: Command>(&self, cmd: &C) -> Result<C::Returns, ClientError> {
        let args = command_arguments(cmd)?;
        let v = self
            .call(C::NAME, args, C::ALLOW_OOB && self.oob, None, to_value)
            .await?;
        Ok(serde_json::from_value(v)?)
    }

    /// Runs a command with a file descriptor attached (SCM_RIGHTS).
    pub async fn execute_with_fd(
        &self,
        name: &str,
        args: Option<Value>,
        fd: RawFd,
    ) -> Result<Value, ClientError> {
        self.call(name, args, false, Some(fd), to_value).await
    }

    /// The next event, waiting at most `timeout` (None: forever). Ok(None)
    /// on timeout; Err(Closed) once the connection is gone and all events
    /// were taken.
    pub async fn next_event(
        &self,
        timeout: Option<Duration>,
    ) -> Result<Option<EventMessage>, ClientError> {
        let mut rx = self.shared.events.lock().await;
        let r = match timeout {
            Some(t) => match tokio::time::timeout(t, rx.recv()).await {
                Ok(r) => r,
                Err(_) => return Ok(None),
            },
            None => rx.recv().await,
        };
        r.map(Some).ok_or(ClientError::Closed)
    }
}

async fn send_fd_async(sock: RawFd, bytes: &[u8], fd: RawFd) -> Result<usize, ClientError> {
    loop {
        match super::fdpass::send_with_fd(sock, bytes, fd) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                tokio::time::sleep(Duration::from_millis(1)).await
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
}

async fn read_loop<R: AsyncRead + Unpin>(
    mut reader: BufReader<R>,
    pending: Pending,
    events: mpsc::UnboundedSender<EventMessage>,
    closed: Arc<std::sync::atomic::AtomicBool>,
) {
    let mut line = Vec::new();
    let mut tape = Tape::default();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        if tape.parse_into(&line).is_err() {
            continue;
        }
        let (id, result) = match classify(&tape, &line) {
            Ok(Msg::Event(e)) => {
                let _ = events.send(e);
                continue;
            }
            Ok(Msg::Reply {
                id: Some(id),
                result,
            }) => (id, result.map(Val::index)),
            _ => continue,
        };
        let Some(id) = id.as_u64() else {
            continue;
        };
        let tx = pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&id);
        if let Some(tx) = tx {
            // the tape goes with the reply; the next message gets a new one
            let tape = std::mem::take(&mut tape);
            let _ = tx.send(result.map(|at| Returned { tape, at }));
        }
    }
    closed.store(true, Ordering::Release);
    // fail outstanding calls
    pending.lock().unwrap_or_else(|e| e.into_inner()).clear();
}
