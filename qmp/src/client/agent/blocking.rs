//! A blocking guest agent client: one command at a time, as the agent
//! runs them (see the [module docs](super) for the protocol).

use super::exec::{self, Exec, ExecOutput};
use super::wire::Session;
use super::{no_reply, AgentOptions};
use crate::client::ClientError;
use crate::command::{command_arguments, Command};
use crate::sock::Sock;
use serde_json::Value;
use std::io::{self, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A blocking guest agent client.
pub struct Client {
    /// Where to reconnect (None: a stream given by the caller).
    path: Option<PathBuf>,
    sock: Option<Sock>,
    session: Session,
    opts: AgentOptions,
    buf: Vec<u8>,
    /// The socket's read timeout (set only when it changes).
    read_timeout: Option<Option<Duration>>,
}

impl Client {
    /// Connects to the agent's Unix socket and resynchronizes.
    pub fn connect_unix(path: impl AsRef<Path>) -> Result<Client, ClientError> {
        Self::connect_unix_with(path, &AgentOptions::default())
    }

    pub fn connect_unix_with(
        path: impl AsRef<Path>,
        opts: &AgentOptions,
    ) -> Result<Client, ClientError> {
        let path = path.as_ref().to_path_buf();
        let s = UnixStream::connect(&path)?;
        Self::start(Some(path), s, opts)
    }

    /// A client on a connected stream (e.g. a descriptor handed over by
    /// another process); it cannot reconnect.
    pub fn from_stream(stream: UnixStream, opts: &AgentOptions) -> Result<Client, ClientError> {
        Self::start(None, stream, opts)
    }

    fn start(
        path: Option<PathBuf>,
        s: UnixStream,
        opts: &AgentOptions,
    ) -> Result<Client, ClientError> {
        let mut c = Client {
            path,
            sock: Some(Sock::Unix(s)),
            session: Session::new(opts.max_reply_size),
            opts: opts.clone(),
            buf: vec![0; 64 * 1024],
            read_timeout: None,
        };
        c.sync()?;
        Ok(c)
    }

    /// Default timeout of each call (None: wait forever).
    pub fn set_timeout(&mut self, t: Option<Duration>) {
        self.opts.timeout = t;
    }

    /// Stale messages dropped so far (replies to earlier clients or to
    /// timed-out requests, garbage before a sentinel).
    pub fn dropped(&self) -> u64 {
        self.session.dropped
    }

    /// Resynchronizes now (the clients do it on their own when needed).
    /// Reconnects first when the connection was closed.
    pub fn sync(&mut self) -> Result<(), ClientError> {
        self.connection()?;
        let (mut p, line) = self.session.start_sync();
        self.write(&line)?;
        let deadline = Some(Instant::now() + self.opts.sync_timeout);
        self.drive(deadline, |s| s.sync_step(&mut p))
    }

    /// Runs a command by name; `args` is the arguments object or None.
    pub fn execute_raw(&mut self, name: &str, args: Option<Value>) -> Result<Value, ClientError> {
        self.call(name, args.as_ref(), true, self.opts.timeout)
    }

    /// [`Client::execute_raw`] with a timeout of its own.
    pub fn execute_raw_timeout(
        &mut self,
        name: &str,
        args: Option<Value>,
        timeout: Option<Duration>,
    ) -> Result<Value, ClientError> {
        self.call(name, args.as_ref(), true, timeout)
    }

    /// Runs a command; `success_response: false` (a command declared so)
    /// returns `{}` as soon as the request is sent.
    pub fn call_raw(
        &mut self,
        name: &str,
        args: Option<Value>,
        success_response: bool,
    ) -> Result<Value, ClientError> {
        self.call(name, args.as_ref(), success_response, self.opts.timeout)
    }

    /// A typed command's reply as JSON (`{}` for a `success-response:
    /// false` command, which returns once sent). What the generated
    /// client traits call.
    pub fn execute_json<C: Command>(&mut self, cmd: &C) -> Result<Value, ClientError> {
        let args = command_arguments(cmd)?;
        self.call_raw(C::NAME, args, C::SUCCESS_RESPONSE)
    }

    /// Runs a typed command.
    pub fn execute<C: Command>(&mut self, cmd: &C) -> Result<C::Returns, ClientError> {
        Ok(serde_json::from_value(self.execute_json(cmd)?)?)
    }

    /// Runs a program in the guest and waits until it exits; returns its
    /// exit status and output (decoded).
    pub fn exec(&mut self, e: &Exec) -> Result<ExecOutput, ClientError> {
        let pid = exec::pid(&self.execute_raw("guest-exec", Some(e.arguments()))?)?;
        let deadline = e.timeout.or(self.opts.timeout).map(|t| Instant::now() + t);
        let mut pause = Duration::ZERO;
        loop {
            let st =
                self.execute_raw("guest-exec-status", Some(serde_json::json!({"pid": pid})))?;
            if let Some(out) = exec::status(&st)? {
                return Ok(out);
            }
            pause = exec::next_poll(pause);
            if deadline.is_some_and(|d| Instant::now() + pause >= d) {
                return Err(ClientError::Timeout);
            }
            std::thread::sleep(pause);
        }
    }

    /// One exchange: reconnect and resync when needed, send, wait for the
    /// reply (unless `reply` is false).
    fn call(
        &mut self,
        name: &str,
        args: Option<&Value>,
        reply: bool,
        timeout: Option<Duration>,
    ) -> Result<Value, ClientError> {
        if self.sock.is_none() || !self.session.synced {
            self.sync()?;
        }
        let deadline = timeout.map(|t| Instant::now() + t);
        let (p, line) = self.session.start_call(name, args);
        let p = match self.write(line.as_bytes()) {
            Ok(()) => p,
            // Nothing was delivered when the agent had already closed the
            // connection: reconnect and send it once more.
            Err(_) if self.can_reconnect() => {
                self.sync()?;
                let (p, line) = self.session.start_call(name, args);
                self.write(line.as_bytes())?;
                p
            }
            Err(e) => return Err(e),
        };
        if !reply {
            self.session.sent_without_reply();
            return Ok(no_reply());
        }
        self.drive(deadline, |s| s.reply_step(&p))
    }

    fn can_reconnect(&self) -> bool {
        self.sock.is_none() && self.opts.reconnect && self.path.is_some()
    }

    /// The connection, reconnected when it was closed.
    fn connection(&mut self) -> Result<(), ClientError> {
        if self.sock.is_some() {
            return Ok(());
        }
        let path = match (&self.path, self.opts.reconnect) {
            (Some(p), true) => p,
            _ => return Err(ClientError::Closed),
        };
        self.sock = Some(Sock::Unix(UnixStream::connect(path)?));
        self.session.reset();
        self.read_timeout = None;
        Ok(())
    }

    fn closed(&mut self) {
        self.sock = None;
        self.session.synced = false;
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), ClientError> {
        let sock = self.sock.as_mut().ok_or(ClientError::Closed)?;
        if let Err(e) = sock.write_all(bytes) {
            self.closed();
            return Err(e.into());
        }
        Ok(())
    }

    /// Reads until `step` has its answer or the deadline passes.
    fn drive<T>(
        &mut self,
        deadline: Option<Instant>,
        mut step: impl FnMut(&mut Session) -> Option<Result<T, ClientError>>,
    ) -> Result<T, ClientError> {
        loop {
            if let Some(r) = step(&mut self.session) {
                return r;
            }
            let want = match deadline {
                Some(d) => {
                    let left = d.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return Err(ClientError::Timeout);
                    }
                    // whole seconds, so the value rarely changes between calls
                    Some(if left >= Duration::from_secs(1) {
                        Duration::from_secs(left.as_secs())
                    } else {
                        left.max(Duration::from_millis(1))
                    })
                }
                None => None,
            };
            let sock = self.sock.as_mut().ok_or(ClientError::Closed)?;
            if self.read_timeout != Some(want) {
                sock.set_read_timeout(want)?;
                self.read_timeout = Some(want);
            }
            match sock.read(&mut self.buf) {
                Ok(0) => {
                    self.closed();
                    return Err(ClientError::Closed);
                }
                Ok(n) => self.session.feed(&self.buf[..n]),
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    self.read_timeout = None;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.closed();
                    return Err(e.into());
                }
            }
        }
    }
}
