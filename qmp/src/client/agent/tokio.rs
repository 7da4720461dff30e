//! An async guest agent client for tokio. Cloneable handles share one
//! connection; calls take turns on it (the agent runs one command at a
//! time). A call that times out or whose future is dropped leaves the
//! connection to be resynchronized by the next (see the
//! [module docs](super)).

use super::exec::{self, Exec, ExecOutput};
use super::wire::Session;
use super::{no_reply, AgentOptions};
use crate::client::ClientError;
use crate::command::{command_arguments, Command};
use serde_json::Value;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::UnixStream;
use tokio::sync::Mutex;

/// An async guest agent client.
#[derive(Clone)]
pub struct Client {
    conn: Arc<Mutex<Conn>>,
    timeout: Option<Duration>,
}

struct Conn {
    path: Option<PathBuf>,
    sock: Option<UnixStream>,
    session: Session,
    opts: AgentOptions,
    buf: Vec<u8>,
}

/// `fut` within `t` (None: no limit).
async fn within<T>(
    t: Option<Duration>,
    fut: impl Future<Output = Result<T, ClientError>>,
) -> Result<T, ClientError> {
    match t {
        Some(t) => tokio::time::timeout(t, fut)
            .await
            .unwrap_or(Err(ClientError::Timeout)),
        None => fut.await,
    }
}

impl Client {
    /// Connects to the agent's Unix socket and resynchronizes.
    pub async fn connect_unix(path: impl AsRef<Path>) -> Result<Client, ClientError> {
        Self::connect_unix_with(path, &AgentOptions::default()).await
    }

    pub async fn connect_unix_with(
        path: impl AsRef<Path>,
        opts: &AgentOptions,
    ) -> Result<Client, ClientError> {
        let path = path.as_ref().to_path_buf();
        let s = UnixStream::connect(&path).await?;
        Self::start(Some(path), s, opts).await
    }

    /// A client on a connected stream; it cannot reconnect.
    pub async fn from_stream(
        stream: UnixStream,
        opts: &AgentOptions,
    ) -> Result<Client, ClientError> {
        Self::start(None, stream, opts).await
    }

    async fn start(
        path: Option<PathBuf>,
        s: UnixStream,
        opts: &AgentOptions,
    ) -> Result<Client, ClientError> {
        let c = Client {
            conn: Arc::new(Mutex::new(Conn {
                path,
                sock: Some(s),
                session: Session::new(opts.max_reply_size),
                opts: opts.clone(),
                buf: vec![0; 64 * 1024],
            })),
            timeout: opts.timeout,
        };
        c.sync().await?;
        Ok(c)
    }

    /// Timeout of calls made through this handle (None: wait forever).
    pub fn set_timeout(&mut self, t: Option<Duration>) {
        self.timeout = t;
    }

    /// Stale messages dropped so far.
    pub async fn dropped(&self) -> u64 {
        self.conn.lock().await.session.dropped
    }

    /// Resynchronizes now (reconnecting first when the connection was
    /// closed); calls do it on their own when needed.
    pub async fn sync(&self) -> Result<(), ClientError> {
        self.conn.lock().await.sync().await
    }

    /// Runs a command by name.
    pub async fn execute_raw(&self, name: &str, args: Option<Value>) -> Result<Value, ClientError> {
        self.call(name, args, true, self.timeout).await
    }

    /// [`Client::execute_raw`] with a timeout of its own.
    pub async fn execute_raw_timeout(
        &self,
        name: &str,
        args: Option<Value>,
        timeout: Option<Duration>,
    ) -> Result<Value, ClientError> {
        self.call(name, args, true, timeout).await
    }

    /// Runs a command; `success_response: false` returns `{}` as soon as
    /// the request is sent.
    pub async fn call_raw(
        &self,
        name: &str,
        args: Option<Value>,
        success_response: bool,
    ) -> Result<Value, ClientError> {
        self.call(name, args, success_response, self.timeout).await
    }

    /// A typed command's reply as JSON (`{}` for a `success-response:
    /// false` command).
    pub async fn execute_json<C: Command>(&self, cmd: &C) -> Result<Value, ClientError> {
        let args = command_arguments(cmd)?;
        self.call_raw(C::NAME, args, C::SUCCESS_RESPONSE).await
    }

    /// Runs a typed command.
    pub async fn execute<C: Command>(&self, cmd: &C) -> Result<C::Returns, ClientError> {
        Ok(serde_json::from_value(self.execute_json(cmd).await?)?)
    }

    /// Runs a program in the guest and waits until it exits.
    pub async fn exec(&self, e: &Exec) -> Result<ExecOutput, ClientError> {
        let wait = async {
            let pid = exec::pid(&self.execute_raw("guest-exec", Some(e.arguments())).await?)?;
            let mut pause = Duration::ZERO;
            loop {
                let args = serde_json::json!({"pid": pid});
                let st = self.execute_raw("guest-exec-status", Some(args)).await?;
                if let Some(out) = exec::status(&st)? {
                    return Ok(out);
                }
                pause = exec::next_poll(pause);
                tokio::time::sleep(pause).await;
            }
        };
        within(e.timeout.or(self.timeout), wait).await
    }

    async fn call(
        &self,
        name: &str,
        args: Option<Value>,
        reply: bool,
        timeout: Option<Duration>,
    ) -> Result<Value, ClientError> {
        within(timeout, async {
            let mut c = self.conn.lock().await;
            c.call(name, args.as_ref(), reply).await
        })
        .await
    }
}

impl Conn {
    async fn sync(&mut self) -> Result<(), ClientError> {
        self.connection().await?;
        let (mut p, line) = self.session.start_sync();
        let t = Some(self.opts.sync_timeout);
        within(t, async {
            self.write(&line).await?;
            self.drive(|s| s.sync_step(&mut p)).await
        })
        .await
    }

    async fn call(
        &mut self,
        name: &str,
        args: Option<&Value>,
        reply: bool,
    ) -> Result<Value, ClientError> {
        if self.sock.is_none() || !self.session.synced {
            self.sync().await?;
        }
        let (p, line) = self.session.start_call(name, args);
        let p = match self.write(line.as_bytes()).await {
            Ok(()) => p,
            // not delivered to an agent that had closed the connection
            Err(_) if self.opts.reconnect && self.path.is_some() => {
                self.sync().await?;
                let (p, line) = self.session.start_call(name, args);
                self.write(line.as_bytes()).await?;
                p
            }
            Err(e) => return Err(e),
        };
        if !reply {
            self.session.sent_without_reply();
            return Ok(no_reply());
        }
        self.drive(|s| s.reply_step(&p)).await
    }

    async fn connection(&mut self) -> Result<(), ClientError> {
        if self.sock.is_some() {
            return Ok(());
        }
        let path = match (&self.path, self.opts.reconnect) {
            (Some(p), true) => p,
            _ => return Err(ClientError::Closed),
        };
        self.sock = Some(UnixStream::connect(path).await?);
        self.session.reset();
        Ok(())
    }

    fn closed(&mut self) {
        self.sock = None;
        self.session.synced = false;
    }

    async fn write(&mut self, bytes: &[u8]) -> Result<(), ClientError> {
        let sock = self.sock.as_mut().ok_or(ClientError::Closed)?;
        if let Err(e) = sock.write_all(bytes).await {
            self.closed();
            return Err(e.into());
        }
        Ok(())
    }

    async fn drive<T>(
        &mut self,
        mut step: impl FnMut(&mut Session) -> Option<Result<T, ClientError>>,
    ) -> Result<T, ClientError> {
        loop {
            if let Some(r) = step(&mut self.session) {
                return r;
            }
            let sock = self.sock.as_mut().ok_or(ClientError::Closed)?;
            match sock.read(&mut self.buf).await {
                Ok(0) => {
                    self.closed();
                    return Err(ClientError::Closed);
                }
                Ok(n) => self.session.feed(&self.buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.closed();
                    return Err(e.into());
                }
            }
        }
    }
}
