//! A blocking client on std sockets. Single-threaded: a call writes its
//! request and reads until its reply arrives; events read meanwhile are
//! queued (never dropped) for [`Client::next_event`], and replies to other
//! pipelined requests are kept for [`Client::wait_reply`].

use super::{classify, request_line, to_value, ClientError, ConnectOptions, Greeting, Msg};
use crate::codec::{read_reply, Ty, Wire};
use crate::command::{command_arguments, Command, EventMessage};
use crate::error::QmpError;
use crate::json::tape::{Tape, Val};
use crate::sock::{cores, Sock};
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::io::{self, BufRead, BufReader, Write};
use std::net::TcpStream;
use std::os::fd::RawFd;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Default for [`ConnectOptions::reply_poll`]: long enough to catch a reply
/// from a server that answers in tens of µs on another core, far shorter
/// than a reply from QEMU (hundreds of µs), which the back-off then stops
/// polling for.
pub const DEFAULT_REPLY_POLL: Duration = Duration::from_micros(50);

/// The longest poll window [`Client::set_reply_poll`] accepts; longer ones
/// are cut to it.
pub const MAX_REPLY_POLL: Duration = Duration::from_millis(1);

/// After this many polls in a row that found nothing, the next
/// `2^MAX_MISSES - 1` reads block at once (then one poll tries again).
const MAX_MISSES: u32 = 6;

/// Clients of this process inside a read that waits for a reply (polling
/// or blocked).
static WAITING: AtomicUsize = AtomicUsize::new(0);

/// Counts a client in [`WAITING`] while the guard lives.
struct Waiting;

impl Waiting {
    /// Enters; returns the guard and how many clients wait, this one included.
    fn enter() -> (Waiting, usize) {
        (Waiting, WAITING.fetch_add(1, Ordering::Relaxed) + 1)
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        WAITING.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The reading side: the stream, and the state of reply polling (see
/// [`ConnectOptions::reply_poll`]).
struct Reader {
    stream: Sock,
    /// The poll window (zero: never poll).
    window: Duration,
    /// This read waits for a reply; poll until this instant at the latest
    /// (the call's deadline).
    armed: Option<Option<Instant>>,
    /// Polls in a row that found nothing.
    misses: u32,
    /// Reads left that block without polling (back-off after misses).
    skip: u32,
    /// Tests: told when a poll window ends without data.
    #[cfg(test)]
    on_miss: Option<std::sync::mpsc::Sender<()>>,
    /// Tests: poll however many clients wait (tests run side by side).
    #[cfg(test)]
    ungated: bool,
}

impl Reader {
    /// Tries `recv(MSG_DONTWAIT)` until data (or EOF, or an error) comes or
    /// the window ends; yields the CPU between tries, so a server thread
    /// sharing this CPU still runs. `Ok(None)`: nothing came.
    fn poll(&mut self, buf: &mut [u8], until: Option<Instant>) -> io::Result<Option<usize>> {
        let start = Instant::now();
        let end = match until {
            Some(d) => d.min(start + self.window),
            None => start + self.window,
        };
        loop {
            match self.stream.recv_nonblocking(buf) {
                Ok(n) => {
                    self.misses = 0;
                    return Ok(Some(n));
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
                    ) => {}
                Err(e) => return Err(e),
            }
            if Instant::now() >= end {
                self.misses = (self.misses + 1).min(MAX_MISSES);
                self.skip = (1 << self.misses) - 1;
                #[cfg(test)]
                if let Some(t) = &self.on_miss {
                    let _ = t.send(());
                }
                return Ok(None);
            }
            std::thread::yield_now();
        }
    }

    #[cfg(test)]
    fn ungated(&self) -> bool {
        self.ungated
    }

    #[cfg(not(test))]
    fn ungated(&self) -> bool {
        false
    }
}

impl io::Read for Reader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let Some(until) = self.armed else {
            return self.stream.read(buf);
        };
        if self.window.is_zero() {
            return self.stream.read(buf);
        }
        let (_waiting, n) = Waiting::enter();
        if self.skip > 0 {
            self.skip -= 1;
        } else if n < cores() || self.ungated() {
            if let Some(n) = self.poll(buf, until)? {
                return Ok(n);
            }
        }
        self.stream.read(buf)
    }
}

/// A write-only handle on the same connection, for a writer thread that
/// pipelines requests while the client reads replies.
pub struct Sender {
    stream: Sock,
}

impl Sender {
    /// Sends raw bytes.
    pub fn send_bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes)
    }
}

/// A blocking QMP client.
pub struct Client {
    writer: Sock,
    input: Input,
    greeting: Greeting,
    oob: bool,
    next_id: u64,
    kept: Kept,
    timeout: Option<Duration>,
    /// See [`ConnectOptions::omit_lone_ids`].
    omit_lone_ids: bool,
    /// Ids were handed out for another writer: never omit ids.
    ids_reserved: bool,
}

/// The reading side and the message last read, split into tokens (in
/// buffers kept from message to message).
struct Input {
    reader: BufReader<Reader>,
    line: Vec<u8>,
    tape: Tape,
    /// The socket's current read timeout (set only when it changes).
    read_timeout: Option<Option<Duration>>,
}

/// What was read while waiting for something else.
#[derive(Default)]
struct Kept {
    events: VecDeque<EventMessage>,
    replies: HashMap<u64, Result<Value, QmpError>>,
    /// Requests sent with an id whose reply has not arrived.
    in_flight: u64,
}

impl Kept {
    /// Keeps a message that is not the reply awaited: events are queued,
    /// replies with an id stored (their values built).
    fn keep(&mut self, msg: Msg<'_>) -> Result<(), ClientError> {
        match msg {
            Msg::Event(e) => self.events.push_back(e),
            Msg::Reply { id, result } => match id.as_ref().and_then(Value::as_u64) {
                Some(id) => self.store(id, result),
                None => {
                    return Err(match result {
                        Err(e) => ClientError::Qmp(e),
                        Ok(_) => ClientError::Protocol("reply without id".into()),
                    })
                }
            },
            Msg::Greeting(_) => return Err(ClientError::Protocol("unexpected greeting".into())),
        }
        Ok(())
    }

    fn store(&mut self, id: u64, result: Result<Val<'_>, QmpError>) {
        self.in_flight = self.in_flight.saturating_sub(1);
        self.replies.insert(id, result.map(Val::to_value));
    }
}

impl Input {
    /// Reads the next message from the socket. The socket's read timeout is
    /// only changed when it differs from the last one set (one system call
    /// fewer per message); the deadline is checked whenever a read times out.
    /// `reply`: a reply is awaited, so reads may poll first
    /// ([`ConnectOptions::reply_poll`]).
    fn read(&mut self, deadline: Option<Instant>, reply: bool) -> Result<Msg<'_>, ClientError> {
        self.reader.get_mut().armed = reply.then_some(deadline);
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
                self.reader.get_ref().stream.set_read_timeout(want)?;
                self.read_timeout = Some(want);
            }
            match self.reader.read_until(b'\n', &mut self.line) {
                Ok(0) => return Err(ClientError::Closed),
                Ok(_) if self.line.last() == Some(&b'\n') => {
                    let parsed = self.tape.parse_into(&self.line);
                    let msg = match parsed {
                        Ok(()) => classify(&self.tape, &self.line),
                        Err(e) => Err(e.into()),
                    };
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
        Self::start(Sock::Unix(UnixStream::connect(path)?), opts)
    }

    /// Connects over TCP and negotiates.
    pub fn connect_tcp(addr: &str) -> Result<Client, ClientError> {
        Self::connect_tcp_with(addr, &ConnectOptions::default())
    }

    pub fn connect_tcp_with(addr: &str, opts: &ConnectOptions) -> Result<Client, ClientError> {
        let s = TcpStream::connect(addr)?;
        s.set_nodelay(true)?;
        Self::start(Sock::Tcp(s), opts)
    }

    fn start(stream: Sock, opts: &ConnectOptions) -> Result<Client, ClientError> {
        let writer = stream.try_clone()?;
        let mut c = Client {
            writer,
            input: Input {
                reader: BufReader::with_capacity(
                    64 * 1024,
                    Reader {
                        stream,
                        window: opts.reply_poll.min(MAX_REPLY_POLL),
                        armed: None,
                        misses: 0,
                        skip: 0,
                        #[cfg(test)]
                        on_miss: None,
                        #[cfg(test)]
                        ungated: false,
                    },
                ),
                line: Vec::new(),
                tape: Tape::default(),
                read_timeout: None,
            },
            greeting: Greeting {
                version: Value::Null,
                capabilities: vec![],
            },
            oob: false,
            next_id: 1,
            kept: Kept::default(),
            timeout: opts.timeout,
            omit_lone_ids: opts.omit_lone_ids,
            ids_reserved: false,
        };
        let deadline = c.deadline();
        match c.input.read(deadline, false)? {
            Msg::Greeting(g) => c.greeting = g,
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

    /// The reply poll window (see [`ConnectOptions::reply_poll`]); zero
    /// turns polling off. Cut to [`MAX_REPLY_POLL`].
    pub fn set_reply_poll(&mut self, window: Duration) {
        let r = self.input.reader.get_mut();
        r.window = window.min(MAX_REPLY_POLL);
        r.misses = 0;
        r.skip = 0;
    }

    /// The reply poll window in use.
    pub fn reply_poll(&self) -> Duration {
        self.input.reader.get_ref().window
    }

    fn deadline(&self) -> Option<Instant> {
        self.timeout.map(|t| Instant::now() + t)
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
        self.kept.in_flight += 1;
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
        self.wait_for(id, to_value)
    }

    /// Waits for the reply to request `id` and makes the result of its
    /// return value with `take`: straight from the message's tape when the
    /// reply is read now, from the stored value when it came earlier.
    fn wait_for<T>(
        &mut self,
        id: u64,
        take: impl FnOnce(Val<'_>) -> Result<T, ClientError>,
    ) -> Result<T, ClientError> {
        let deadline = self.deadline();
        loop {
            if let Some(r) = self.kept.replies.remove(&id) {
                return take(Tape::from_value(&r?).root());
            }
            match self.input.read(deadline, true)? {
                Msg::Reply {
                    id: Some(got),
                    result,
                } if got.as_u64() == Some(id) => {
                    self.kept.in_flight = self.kept.in_flight.saturating_sub(1);
                    return take(result?);
                }
                msg => self.kept.keep(msg)?,
            }
        }
    }

    /// Waits for the next reply to any request; returns (id, result).
    pub fn next_reply(&mut self) -> Result<(u64, Result<Value, QmpError>), ClientError> {
        let deadline = self.deadline();
        loop {
            if let Some(&id) = self.kept.replies.keys().next() {
                let r = self.kept.replies.remove(&id).expect("present");
                return Ok((id, r));
            }
            self.pump(deadline, true)?;
        }
    }

    /// Reads one message: queues an event, stores a reply.
    fn pump(&mut self, deadline: Option<Instant>, reply: bool) -> Result<(), ClientError> {
        let msg = self.input.read(deadline, reply)?;
        self.kept.keep(msg)
    }

    /// Runs a command (out-of-band if `oob`) and makes the result of its
    /// return value with `take`.
    fn run<T>(
        &mut self,
        name: &str,
        args: Option<Value>,
        oob: bool,
        take: impl FnOnce(Val<'_>) -> Result<T, ClientError>,
    ) -> Result<T, ClientError> {
        if !oob && self.omit_lone_ids && self.kept.in_flight == 0 && !self.ids_reserved {
            return self.execute_lone(name, args.as_ref(), take);
        }
        let id = self.send_raw(name, args, oob)?;
        self.wait_for(id, take)
    }

    /// Runs a command by name; `args` is the arguments object or None.
    pub fn execute_raw(&mut self, name: &str, args: Option<Value>) -> Result<Value, ClientError> {
        self.run(name, args, false, to_value)
    }

    /// Runs a command by name for its effect: succeeds or fails like
    /// [`Client::execute_raw`], but drops the return value, which is only
    /// checked as JSON, not built (most of the client's work for a reply
    /// like `query-version`'s).
    pub fn execute_raw_discard(
        &mut self,
        name: &str,
        args: Option<Value>,
    ) -> Result<(), ClientError> {
        self.run(name, args, false, |_| Ok(()))
    }

    /// Runs a command and decodes its return value, described by `ret`,
    /// straight from the reply's tokens (no JSON value in between): the
    /// typed call of generated bindings. Out-of-band if `oob`. A reply
    /// that does not fit fails with an error naming type, member and path.
    pub fn call_typed<T: Wire>(
        &mut self,
        name: &str,
        args: Option<Value>,
        oob: bool,
        ret: &Ty,
    ) -> Result<T, ClientError> {
        self.run(name, args, oob, |v| Ok(read_reply(v, ret, name)?))
    }

    /// Runs an in-band command without `id` while nothing else is in
    /// flight: the next reply without id is its reply.
    fn execute_lone<T>(
        &mut self,
        name: &str,
        args: Option<&Value>,
        take: impl FnOnce(Val<'_>) -> Result<T, ClientError>,
    ) -> Result<T, ClientError> {
        self.writer
            .write_all(super::request_line_with(name, args, None, false).as_bytes())?;
        let deadline = self.deadline();
        loop {
            match self.input.read(deadline, true)? {
                Msg::Reply { id: None, result } => return take(result?),
                Msg::Reply {
                    id: Some(id),
                    result,
                } => match id.as_u64() {
                    Some(id) => self.kept.store(id, result),
                    None => return Err(ClientError::Protocol("reply with a foreign id".into())),
                },
                msg => self.kept.keep(msg)?,
            }
        }
    }

    /// Runs a command out-of-band (`exec-oob`).
    pub fn execute_oob_raw(
        &mut self,
        name: &str,
        args: Option<Value>,
    ) -> Result<Value, ClientError> {
        self.run(name, args, true, to_value)
    }

    /// Runs a typed command.
    pub fn execute<C: Command>(&mut self, cmd: &C) -> Result<C::Returns, ClientError> {
        let args = command_arguments(cmd)?;
        let v = self.run(C::NAME, args, C::ALLOW_OOB && self.oob, to_value)?;
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
        if !matches!(self.writer, Sock::Unix(_)) {
            return Err(ClientError::Protocol(
                "file descriptors need a Unix socket".into(),
            ));
        }
        let id = self.next_id;
        self.next_id += 1;
        let line = request_line(name, args.as_ref(), id, false);
        let n = super::fdpass::send_with_fd(self.writer.raw_fd(), line.as_bytes(), fd)?;
        self.writer.write_all(&line.as_bytes()[n..])?;
        self.kept.in_flight += 1;
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
            if let Some(e) = self.kept.events.pop_front() {
                return Ok(Some(e));
            }
            match self.pump(deadline, false) {
                Ok(()) => {}
                Err(ClientError::Timeout) => return Ok(None),
                Err(e) => return Err(e),
            }
        }
    }

    /// Events received so far and not yet taken.
    pub fn take_events(&mut self) -> Vec<EventMessage> {
        self.kept.events.drain(..).collect()
    }
}

#[cfg(test)]
mod tests {
    //! Reply polling and `execute_raw_discard` against scripted servers on
    //! socket pairs. Where a reply must come after the poll window, the
    //! server waits for the client's "poll missed" signal before writing it,
    //! so no assertion depends on timing.

    use super::*;
    use std::io::BufRead;
    use std::os::fd::AsRawFd;
    use std::sync::mpsc::{self, Receiver};

    const GREETING: &[u8] = b"{\"QMP\": {\"version\": {}, \"capabilities\": []}}\r\n";
    const EVENT: &[u8] =
        b"{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"STOP\"}\r\n";

    fn options(window: Duration, timeout: Option<Duration>) -> ConnectOptions {
        ConnectOptions {
            negotiate: false,
            timeout,
            omit_lone_ids: true,
            reply_poll: window,
            ..ConnectOptions::default()
        }
    }

    /// Starts a client on `stream` (greeting already sent), polling whatever
    /// other tests do; returns it and its "poll missed" signals.
    fn start(stream: Sock, opts: &ConnectOptions) -> (Client, Receiver<()>) {
        let mut c = Client::start(stream, opts).expect("start");
        let (tx, rx) = mpsc::channel();
        let r = c.input.reader.get_mut();
        r.on_miss = Some(tx);
        r.ungated = true;
        (c, rx)
    }

    /// A client on one end of a socket pair; the server end; the client's
    /// "poll missed" signals.
    fn client(window: Duration, timeout: Option<Duration>) -> (Client, UnixStream, Receiver<()>) {
        let (a, b) = UnixStream::pair().expect("pair");
        (&b).write_all(GREETING).expect("greeting");
        let (c, rx) = start(Sock::Unix(a), &options(window, timeout));
        (c, b, rx)
    }

    /// Reads one request line; None at EOF.
    fn request<R: io::Read>(r: &mut BufReader<R>) -> Option<Value> {
        let mut line = String::new();
        match r.read_line(&mut line).expect("request") {
            0 => None,
            _ => Some(serde_json::from_str(&line).expect("request json")),
        }
    }

    fn reader(s: &UnixStream) -> BufReader<UnixStream> {
        BufReader::new(s.try_clone().expect("clone"))
    }

    fn reply(n: u64) -> Vec<u8> {
        format!("{{\"return\": {{\"n\": {n}}}}}\r\n").into_bytes()
    }

    #[test]
    fn a_reply_after_the_poll_window_is_read() {
        let (mut c, s, missed) = client(DEFAULT_REPLY_POLL, None);
        let server = std::thread::spawn(move || {
            let mut r = reader(&s);
            // 1: only after the client's poll found nothing
            request(&mut r).expect("request 1");
            missed.recv().expect("poll missed");
            // one write: one read takes both (a second read would use up
            // the back-off checked below)
            (&s).write_all(&[EVENT, &reply(1)].concat())
                .expect("reply 1");
            // 2: the back-off makes this read block without polling
            request(&mut r).expect("request 2");
            (&s).write_all(&reply(2)).expect("reply 2");
            // 3: polls again, and misses
            request(&mut r).expect("request 3");
            missed.recv().expect("poll missed");
            (&s).write_all(&reply(3)).expect("reply 3");
            missed
        });
        assert_eq!(c.execute_raw("query-status", None).expect("1")["n"], 1);
        assert_eq!(c.input.reader.get_ref().misses, 1);
        assert_eq!(c.input.reader.get_ref().skip, 1);
        assert_eq!(c.execute_raw("query-status", None).expect("2")["n"], 2);
        assert_eq!(c.input.reader.get_ref().skip, 0);
        assert_eq!(c.execute_raw("query-status", None).expect("3")["n"], 3);
        assert_eq!(c.input.reader.get_ref().misses, 2);
        assert_eq!(c.input.reader.get_ref().skip, 3);
        let missed = server.join().expect("server");
        assert!(missed.try_recv().is_err(), "one miss per poll");
        let events = c.take_events();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].event, "STOP");
    }

    #[test]
    fn events_arriving_while_polling_are_kept() {
        let (mut c, s, missed) = client(MAX_REPLY_POLL, None);
        let server = std::thread::spawn(move || {
            let mut r = reader(&s);
            let req = request(&mut r).expect("request");
            let id = req["id"].clone();
            assert!(!id.is_null(), "pipelined requests carry ids");
            // most likely read by the poll; the reply after a miss
            (&s).write_all(EVENT).expect("event");
            missed.recv().expect("poll missed");
            let line = serde_json::json!({"return": {"ok": true}, "id": id});
            (&s).write_all(format!("{line}\r\n").as_bytes())
                .expect("reply");
        });
        let id = c.send_raw("query-status", None, false).expect("send");
        assert_eq!(c.wait_reply(id).expect("reply")["ok"], true);
        server.join().expect("server");
        let events = c.take_events();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].event, "STOP");
    }

    #[test]
    fn polling_honours_the_timeout() {
        // a window longer than the timeout is cut to the deadline
        let (mut c, s, _missed) = client(MAX_REPLY_POLL, Some(Duration::from_micros(500)));
        let r = c.execute_raw("query-status", None);
        assert!(matches!(r, Err(ClientError::Timeout)), "{r:?}");
        drop(s);
    }

    #[test]
    fn eof_while_polling_or_blocked_is_closed() {
        // closed before the client could poll (or while it polls)
        let (mut c, s, _missed) = client(DEFAULT_REPLY_POLL, None);
        let server = std::thread::spawn(move || {
            request(&mut reader(&s)).expect("request");
            drop(s);
        });
        let r = c.execute_raw("query-status", None);
        assert!(matches!(r, Err(ClientError::Closed)), "{r:?}");
        server.join().expect("server");
        // closed after the poll window, while the client blocks
        let (mut c, s, missed) = client(DEFAULT_REPLY_POLL, None);
        let server = std::thread::spawn(move || {
            request(&mut reader(&s)).expect("request");
            missed.recv().expect("poll missed");
            // half a line, then EOF
            (&s).write_all(b"{\"return\": ").expect("partial");
            drop(s);
        });
        let r = c.execute_raw("query-status", None);
        assert!(matches!(r, Err(ClientError::Closed)), "{r:?}");
        server.join().expect("server");
    }

    /// Receives one message and the descriptor that came with it.
    fn recv_with_fd(sock: &UnixStream) -> (Vec<u8>, Option<RawFd>) {
        let mut data = vec![0u8; 4096];
        let mut iov = libc::iovec {
            iov_base: data.as_mut_ptr().cast(),
            iov_len: data.len(),
        };
        let mut cbuf = [0u64; 8];
        // SAFETY: msghdr is plain data; the pointers set point into live buffers.
        let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
        msg.msg_iov = &mut iov;
        msg.msg_iovlen = 1;
        msg.msg_control = cbuf.as_mut_ptr().cast();
        msg.msg_controllen = std::mem::size_of_val(&cbuf) as _;
        // SAFETY: msg is initialized and its buffers outlive the call.
        let n = unsafe { libc::recvmsg(sock.as_raw_fd(), &mut msg, 0) };
        assert!(n > 0, "recvmsg: {}", io::Error::last_os_error());
        data.truncate(n as usize);
        // SAFETY: the control buffer was filled by recvmsg; CMSG_* walk it.
        let fd = unsafe {
            let cmsg = libc::CMSG_FIRSTHDR(&msg);
            (!cmsg.is_null()
                && (*cmsg).cmsg_level == libc::SOL_SOCKET
                && (*cmsg).cmsg_type == libc::SCM_RIGHTS)
                .then(|| std::ptr::read_unaligned(libc::CMSG_DATA(cmsg) as *const RawFd))
        };
        (data, fd)
    }

    #[test]
    fn fd_passing_with_polling() {
        use std::io::Read;
        use std::os::fd::FromRawFd;
        let (mut c, s, missed) = client(DEFAULT_REPLY_POLL, None);
        let mut fds = [0 as RawFd; 2];
        // SAFETY: fds has room for the two descriptors pipe() writes.
        assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
        // SAFETY: both descriptors were just created and are owned here.
        let (mut rx, tx) = unsafe {
            (
                std::fs::File::from_raw_fd(fds[0]),
                std::fs::File::from_raw_fd(fds[1]),
            )
        };
        let server = std::thread::spawn(move || {
            let (mut data, fd) = recv_with_fd(&s);
            let fd = fd.expect("a descriptor with the request");
            // SAFETY: the descriptor was received for this process; owned here.
            let mut passed = unsafe { std::fs::File::from_raw_fd(fd) };
            passed.write_all(b"via fd").expect("write to passed fd");
            while !data.ends_with(b"\n") {
                let mut more = [0u8; 256];
                let n = (&s).read(&mut more).expect("rest");
                assert!(n > 0);
                data.extend_from_slice(&more[..n]);
            }
            let req: Value = serde_json::from_slice(&data).expect("request json");
            assert_eq!(req["execute"], "getfd");
            assert_eq!(req["arguments"]["fdname"], "f");
            missed.recv().expect("poll missed");
            let line = serde_json::json!({"return": {}, "id": req["id"]});
            (&s).write_all(format!("{line}\r\n").as_bytes())
                .expect("reply");
        });
        let args = serde_json::json!({"fdname": "f"});
        let v = c
            .execute_with_fd("getfd", Some(args), tx.as_raw_fd())
            .expect("getfd");
        assert_eq!(v, serde_json::json!({}));
        drop(tx);
        server.join().expect("server");
        let mut got = String::new();
        rx.read_to_string(&mut got).expect("pipe");
        assert_eq!(got, "via fd");
    }

    #[test]
    fn polling_over_tcp() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        let conn = TcpStream::connect(addr).expect("connect");
        let (s, _) = listener.accept().expect("accept");
        (&s).write_all(GREETING).expect("greeting");
        let (mut c, missed) = start(Sock::Tcp(conn), &options(DEFAULT_REPLY_POLL, None));
        let server = std::thread::spawn(move || {
            let mut r = BufReader::new(s.try_clone().expect("clone"));
            request(&mut r).expect("request 1");
            (&s).write_all(&reply(1)).expect("reply 1");
            request(&mut r).expect("request 2");
            missed.recv().expect("poll missed");
            (&s).write_all(&reply(2)).expect("reply 2");
        });
        assert_eq!(c.execute_raw("query-status", None).expect("1")["n"], 1);
        // a fresh back-off: the next call polls, misses, then blocks
        c.set_reply_poll(DEFAULT_REPLY_POLL);
        assert_eq!(c.execute_raw("query-status", None).expect("2")["n"], 2);
        server.join().expect("server");
    }

    #[test]
    fn a_zero_window_never_polls_and_long_ones_are_cut() {
        let (mut c, s, missed) = client(Duration::ZERO, None);
        assert_eq!(c.reply_poll(), Duration::ZERO);
        let server = std::thread::spawn(move || {
            request(&mut reader(&s)).expect("request");
            (&s).write_all(&reply(1)).expect("reply");
            s
        });
        assert_eq!(c.execute_raw("query-status", None).expect("1")["n"], 1);
        drop(server.join().expect("server"));
        assert!(missed.try_recv().is_err(), "no poll");
        c.set_reply_poll(Duration::from_secs(1));
        assert_eq!(c.reply_poll(), MAX_REPLY_POLL);
        let (c, _s, _) = client(Duration::from_secs(1), None);
        assert_eq!(c.reply_poll(), MAX_REPLY_POLL);
    }

    #[test]
    fn next_event_does_not_poll() {
        let (mut c, s, missed) = client(DEFAULT_REPLY_POLL, None);
        (&s).write_all(EVENT).expect("event");
        let e = c.next_event(None).expect("event").expect("some");
        assert_eq!(e.event, "STOP");
        assert!(missed.try_recv().is_err(), "no poll");
    }

    #[test]
    fn discarded_returns_still_check_the_reply() {
        let (mut c, s, _missed) = client(DEFAULT_REPLY_POLL, None);
        let server = std::thread::spawn(move || {
            let mut r = reader(&s);
            let replies: [&[u8]; 4] = [
                // a reply to another request, then this one's
                b"{\"return\": {\"x\": [1, \"two\"]}, \"id\": 7}\r\n{\"return\": {\"big\": [1, 2, 3]}}\r\n",
                b"{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"no\"}}\r\n",
                b"{\"return\": {\"a\": }}\r\n",
                b"[1]\r\n",
            ];
            for line in replies {
                let req = request(&mut r).expect("request");
                assert!(req.get("id").is_none(), "lone requests go without id");
                (&s).write_all(line).expect("reply");
            }
        });
        c.execute_raw_discard("query-version", None).expect("ok");
        // the other reply kept its value
        assert_eq!(
            c.wait_reply(7).expect("7"),
            serde_json::json!({"x": [1, "two"]})
        );
        let e = c
            .execute_raw_discard("nope", None)
            .expect_err("error reply");
        assert_eq!(e.qmp().map(|q| q.desc.as_str()), Some("no"));
        let e = c.execute_raw_discard("bad", None).expect_err("bad json");
        assert!(matches!(e, ClientError::Decode(_)), "{e:?}");
        let e = c
            .execute_raw_discard("array", None)
            .expect_err("not an object");
        assert!(matches!(e, ClientError::Protocol(_)), "{e:?}");
        server.join().expect("server");
    }

    #[test]
    fn discard_with_ids_in_flight_keeps_other_values() {
        let (mut c, s, _missed) = client(DEFAULT_REPLY_POLL, None);
        let server = std::thread::spawn(move || {
            let mut r = reader(&s);
            let a = request(&mut r).expect("a");
            let b = request(&mut r).expect("b");
            // answered out of order (oob style)
            for (req, n) in [(b, 2), (a, 1)] {
                let line = serde_json::json!({"return": {"n": n}, "id": req["id"]});
                (&s).write_all(format!("{line}\r\n").as_bytes())
                    .expect("reply");
            }
        });
        let a = c.send_raw("query-status", None, false).expect("a");
        c.execute_raw_discard("query-status", None).expect("b");
        assert_eq!(c.wait_reply(a).expect("a")["n"], 1);
        server.join().expect("server");
    }

    #[test]
    fn typed_calls_decode_from_the_reply_and_keep_what_came_before() {
        static LIST: Ty = Ty::Array(&Ty::Str);
        let (mut c, s, _missed) = client(DEFAULT_REPLY_POLL, None);
        let server = std::thread::spawn(move || {
            let mut r = reader(&s);
            let replies: [&[u8]; 3] = [
                // an event and a reply to another request, then this one's
                &[
                    EVENT,
                    b"{\"return\": [\"other\"], \"id\": 9}\r\n",
                    b"{\"return\": [\"a\", \"b\\n\"]}\r\n",
                ]
                .concat(),
                b"{\"return\": [\"a\", 1]}\r\n",
                b"{\"error\": {\"class\": \"GenericError\", \"desc\": \"no\"}}\r\n",
            ];
            for line in replies {
                request(&mut r).expect("request");
                (&s).write_all(line).expect("reply");
            }
        });
        let v: Vec<String> = c.call_typed("q", None, false, &LIST).expect("typed");
        assert_eq!(v, ["a", "b\n"]);
        assert_eq!(c.wait_reply(9).expect("9"), serde_json::json!(["other"]));
        assert_eq!(c.take_events().len(), 1);
        let e = c
            .call_typed::<Vec<String>>("q", None, false, &LIST)
            .unwrap_err();
        assert!(
            matches!(&e, ClientError::Decode(d) if d.to_string() == "q: expected string (at '[1]')"),
            "{e}"
        );
        let e = c
            .call_typed::<Vec<String>>("q", None, false, &LIST)
            .unwrap_err();
        assert_eq!(e.qmp().map(|q| q.desc.as_str()), Some("no"));
        server.join().expect("server");
    }
}
