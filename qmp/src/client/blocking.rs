//! A blocking client on std sockets. Single-threaded: a call writes its
//! request and reads until its reply arrives; events read meanwhile are
//! queued (never dropped) for [`Client::next_event`], and replies to other
//! pipelined requests are kept for [`Client::wait_reply`].

use super::{parse_incoming, request_line, ClientError, ConnectOptions, Greeting, Incoming};
use crate::command::{command_arguments, Command, EventMessage};
use crate::error::QmpError;
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::io::{self, BufRead, BufReader, Write};
use std::net::TcpStream;
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::{Duration, Instant};

enum Stream {
    Unix(UnixStream),
    Tcp(TcpStream),
}

impl Stream {
    fn try_clone(&self) -> io::Result<Stream> {
        Ok(match self {
            Stream::Unix(s) => Stream::Unix(s.try_clone()?),
            Stream::Tcp(s) => Stream::Tcp(s.try_clone()?),
        })
    }

    fn set_read_timeout(&self, t: Option<Duration>) -> io::Result<()> {
        match self {
            Stream::Unix(s) => s.set_read_timeout(t),
            Stream::Tcp(s) => s.set_read_timeout(t),
        }
    }

    fn raw_fd(&self) -> RawFd {
        match self {
            Stream::Unix(s) => s.as_raw_fd(),
            Stream::Tcp(s) => s.as_raw_fd(),
        }
    }
}

impl io::Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Unix(s) => s.read(buf),
            Stream::Tcp(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Unix(s) => s.write(buf),
            Stream::Tcp(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A write-only handle on the same connection, for a writer thread that
/// pipelines requests while the client reads replies.
pub struct Sender {
    stream: Stream,
}

impl Sender {
    /// Sends raw bytes.
    pub fn send_bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes)
    }
}

/// A blocking QMP client.
pub struct Client {
    writer: Stream,
    reader: BufReader<Stream>,
    line: Vec<u8>,
    greeting: Greeting,
    oob: bool,
    next_id: u64,
    events: VecDeque<EventMessage>,
    replies: HashMap<u64, Result<Value, QmpError>>,
    timeout: Option<Duration>,
    /// The socket's current read timeout (set only when it changes).
    read_timeout: Option<Option<Duration>>,
    /// See [`ConnectOptions::omit_lone_ids`].
    omit_lone_ids: bool,
    /// Requests sent with an id whose reply has not arrived.
    in_flight: u64,
    /// Ids were handed out for another writer: never omit ids.
    ids_reserved: bool,
}

impl Client {
    /// Connects to a Unix socket and negotiates (enabling oob if offered).
    pub fn connect_unix(path: impl AsRef<Path>) -> Result<Client, ClientError> {
        Self::connect_unix_with(path, &ConnectOptions::default())
    }

    pub fn connect_unix_with(
        path: impl AsRef<Path>,
        opts: &ConnectOptions,
    ) -> Result<Client, ClientError> {
        Self::start(Stream::Unix(UnixStream::connect(path)?), opts)
    }

    /// Connects over TCP and negotiates.
    pub fn connect_tcp(addr: &str) -> Result<Client, ClientError> {
        Self::connect_tcp_with(addr, &ConnectOptions::default())
    }

    pub fn connect_tcp_with(addr: &str, opts: &ConnectOptions) -> Result<Client, ClientError> {
        let s = TcpStream::connect(addr)?;
        s.set_nodelay(true)?;
        Self::start(Stream::Tcp(s), opts)
    }

    fn start(stream: Stream, opts: &ConnectOptions) -> Result<Client, ClientError> {
        let writer = stream.try_clone()?;
        let mut c = Client {
            writer,
            reader: BufReader::with_capacity(64 * 1024, stream),
            line: Vec::new(),
            greeting: Greeting {
                version: Value::Null,
                capabilities: vec![],
            },
            oob: false,
            next_id: 1,
            events: VecDeque::new(),
            replies: HashMap::new(),
            timeout: opts.timeout,
            read_timeout: None,
            omit_lone_ids: opts.omit_lone_ids,
            in_flight: 0,
            ids_reserved: false,
        };
        let deadline = c.deadline();
        match c.read_message(deadline)? {
            Incoming::Greeting(g) => c.greeting = g,
            _ => return Err(ClientError::Protocol("expected the QMP greeting".into())),
        }
        if opts.negotiate {
            let enable = opts.enable_oob && c.greeting.offers("oob");
            let args = enable.then(|| serde_json::json!({"enable": ["oob"]}));
            c.execute_raw("qmp_capabilities", args)?;
            c.oob = enable;
        }
        Ok(c)
    }

    pub fn greeting(&self) -> &Greeting {
        &self.greeting
    }

    /// Whether out-of-band execution was negotiated.
    pub fn oob_enabled(&self) -> bool {
        self.oob
    }

    /// Timeout for each call (None: wait forever).
    pub fn set_timeout(&mut self, t: Option<Duration>) {
        self.timeout = t;
    }

    fn deadline(&self) -> Option<Instant> {
        self.timeout.map(|t| Instant::now() + t)
    }

    /// Reads the next message from the socket. The socket's read timeout is
    /// only changed when it differs from the last one set (one system call
    /// fewer per message); the deadline is checked whenever a read times out.
    fn read_message(&mut self, deadline: Option<Instant>) -> Result<Incoming, ClientError> {
        loop {
            let want = match deadline {
                Some(d) => {
                    let now = Instant::now();
                    if now >= d {
                        return Err(ClientError::Timeout);
                    }
                    // whole seconds, so the value rarely changes between calls
                    let left = d - now;
                    Some(if left >= Duration::from_secs(1) {
                        Duration::from_secs(left.as_secs())
                    } else {
                        left.max(Duration::from_millis(1))
                    })
                }
                None => None,
            };
            if self.read_timeout != Some(want) {
                self.reader.get_ref().set_read_timeout(want)?;
                self.read_timeout = Some(want);
            }
            match self.reader.read_until(b'\n', &mut self.line) {
                Ok(0) => return Err(ClientError::Closed),
                Ok(_) if self.line.last() == Some(&b'\n') => {
                    let msg = parse_incoming(&self.line);
                    self.line.clear();
                    return msg;
                }
                Ok(_) => return Err(ClientError::Closed),
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    self.read_timeout = None;
                    continue;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Sends a request without waiting; returns its id (pipelining).
    pub fn send_raw(
        &mut self,
        name: &str,
        args: Option<Value>,
        oob: bool,
    ) -> Result<u64, ClientError> {
        let id = self.next_id;
        self.next_id += 1;
        self.writer
            .write_all(request_line(name, args.as_ref(), id, oob).as_bytes())?;
        self.in_flight += 1;
        Ok(id)
    }

    /// Sends raw bytes (for tests and tools).
    pub fn send_bytes(&mut self, bytes: &[u8]) -> Result<(), ClientError> {
        self.writer.write_all(bytes)?;
        Ok(())
    }

    /// A second handle for writing from another thread. Requests written
    /// through it must carry ids from [`Client::reserve_ids`].
    pub fn sender(&self) -> Result<Sender, ClientError> {
        Ok(Sender {
            stream: self.writer.try_clone()?,
        })
    }

    /// Reserves `n` consecutive ids; returns the first.
    pub fn reserve_ids(&mut self, n: u64) -> u64 {
        self.ids_reserved = true;
        let first = self.next_id;
        self.next_id += n;
        first
    }

    /// Waits for the reply to request `id`.
    pub fn wait_reply(&mut self, id: u64) -> Result<Value, ClientError> {
        let deadline = self.deadline();
        loop {
            if let Some(r) = self.replies.remove(&id) {
                return r.map_err(ClientError::Qmp);
            }
            self.pump(deadline)?;
        }
    }

    /// Waits for the next reply to any request; returns (id, result).
    pub fn next_reply(&mut self) -> Result<(u64, Result<Value, QmpError>), ClientError> {
        let deadline = self.deadline();
        loop {
            if let Some(&id) = self.replies.keys().next() {
                let r = self.replies.remove(&id).expect("present");
                return Ok((id, r));
            }
            self.pump(deadline)?;
        }
    }

    fn pump(&mut self, deadline: Option<Instant>) -> Result<(), ClientError> {
        match self.read_message(deadline)? {
            Incoming::Event(e) => self.events.push_back(e),
            Incoming::Reply { id, result } => match id.as_ref().and_then(Value::as_u64) {
                Some(id) => {
                    self.in_flight = self.in_flight.saturating_sub(1);
                    self.replies.insert(id, result);
                }
                None => {
                    return Err(match result {
                        Err(e) => ClientError::Qmp(e),
                        Ok(_) => ClientError::Protocol("reply without id".into()),
                    })
                }
            },
            Incoming::Greeting(_) => {
                return Err(ClientError::Protocol("unexpected greeting".into()))
            }
        }
        Ok(())
    }

    /// Runs a command by name; `args` is the arguments object or None.
    pub fn execute_raw(&mut self, name: &str, args: Option<Value>) -> Result<Value, ClientError> {
        if self.omit_lone_ids && self.in_flight == 0 && !self.ids_reserved {
            return self.execute_lone(name, args.as_ref());
        }
        let id = self.send_raw(name, args, false)?;
        self.wait_reply(id)
    }

    /// Runs an in-band command without `id` while nothing else is in
    /// flight: the next reply without id is its reply.
    fn execute_lone(&mut self, name: &str, args: Option<&Value>) -> Result<Value, ClientError> {
        self.writer
            .write_all(super::request_line_with(name, args, None, false).as_bytes())?;
        let deadline = self.deadline();
        loop {
            match self.read_message(deadline)? {
                Incoming::Event(e) => self.events.push_back(e),
                Incoming::Reply { id: None, result } => return result.map_err(ClientError::Qmp),
                Incoming::Reply {
                    id: Some(id),
                    result,
                } => match id.as_u64() {
                    Some(id) => {
                        self.in_flight = self.in_flight.saturating_sub(1);
                        self.replies.insert(id, result);
                    }
                    None => return Err(ClientError::Protocol("reply with a foreign id".into())),
                },
                Incoming::Greeting(_) => {
                    return Err(ClientError::Protocol("unexpected greeting".into()))
                }
            }
        }
    }

    /// Runs a command out-of-band (`exec-oob`).
    pub fn execute_oob_raw(
        &mut self,
        name: &str,
        args: Option<Value>,
    ) -> Result<Value, ClientError> {
        let id = self.send_raw(name, args, true)?;
        self.wait_reply(id)
    }

    /// Runs a typed command.
    pub fn execute<C: Command>(&mut self, cmd: &C) -> Result<C::Returns, ClientError> {
        let args = command_arguments(cmd)?;
        let v = if C::ALLOW_OOB && self.oob {
            let id = self.send_raw(C::NAME, args, true)?;
            self.wait_reply(id)?
        } else {
            self.execute_raw(C::NAME, args)?
        };
        Ok(serde_json::from_value(v)?)
    }

    /// Runs a command with a file descriptor attached (e.g. `getfd`). Unix
    /// sockets only.
    pub fn execute_with_fd(
        &mut self,
        name: &str,
        args: Option<Value>,
        fd: RawFd,
    ) -> Result<Value, ClientError> {
        if !matches!(self.writer, Stream::Unix(_)) {
            return Err(ClientError::Protocol(
                "file descriptors need a Unix socket".into(),
            ));
        }
        let id = self.next_id;
        self.next_id += 1;
        let line = request_line(name, args.as_ref(), id, false);
        let n = super::fdpass::send_with_fd(self.writer.raw_fd(), line.as_bytes(), fd)?;
        self.writer.write_all(&line.as_bytes()[n..])?;
        self.in_flight += 1;
        self.wait_reply(id)
    }

    /// The next event: a queued one, or one read within `timeout` (None:
    /// wait forever). Returns Ok(None) on timeout.
    pub fn next_event(
        &mut self,
        timeout: Option<Duration>,
    ) -> Result<Option<EventMessage>, ClientError> {
        let deadline = timeout.map(|t| Instant::now() + t);
        loop {
            if let Some(e) = self.events.pop_front() {
                return Ok(Some(e));
            }
            match self.pump(deadline) {
                Ok(()) => {}
                Err(ClientError::Timeout) => return Ok(None),
                Err(e) => return Err(e),
            }
        }
    }

    /// Events received so far and not yet taken.
    pub fn take_events(&mut self) -> Vec<EventMessage> {
        self.events.drain(..).collect()
    }
}
