//! A client served on threads of its own with blocking socket calls: how
//! the server runs a synchronous command table ([`crate::Dispatch`]). A
//! sequential round trip then costs one `recv` and one `send` on the
//! server, with no event-loop wakeup and no hop between threads.
//!
//! The session thread reads, runs commands and writes their replies. An
//! event thread, started when the client negotiates, writes the events that
//! arrive while the session thread waits for input. Both write under one
//! lock, and the session thread holds it from the moment it takes queued
//! events until they and its replies are written: events keep their global
//! order and the events a command emits precede its reply.
//!
//! Bounds are those of the tokio session: while a reply or an event cannot
//! be written the session stops reading (backpressure); a session whose
//! event queue overflows, and every session when the server shuts down, is
//! closed by shutting its socket down, which ends blocked reads and writes.

use super::session::{Begin, Session};
use super::Inner;
use crate::dispatch::{Dispatch, Table};
use crate::events::{SessionWaker, SubShared, Subscription};
use crate::json::{streamer::Item, Streamer};
use crate::sock::{cores, Sock};
use std::io::{self, Read, Write};
use std::net::Shutdown;
use std::sync::atomic::{fence, AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

/// How long a session polls for the next request before it blocks.
const POLL: std::time::Duration = std::time::Duration::from_micros(50);

/// Sessions served on threads right now, in this process.
static SESSIONS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Whether polling can pay: fewer sessions than cores, so that a polling
/// thread takes a core no other session needs.  With many clients
/// polling only takes CPU time from the others (the 64-client load test
/// ran at less than half the speed).
fn may_poll() -> bool {
    SESSIONS.load(Ordering::Relaxed) < cores()
}

/// Counts a session for [`may_poll`] while it lives.
struct Counted;

impl Counted {
    fn new() -> Counted {
        SESSIONS.fetch_add(1, Ordering::Relaxed);
        Counted
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        SESSIONS.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Sock {
    /// Reads, first polling without blocking for a short while: a client
    /// that sends its next command right after a reply then finds this
    /// thread awake, without a wakeup from another CPU (tens of µs on
    /// virtual machines).  An idle client costs one short poll.
    fn read_polling(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !may_poll() {
            return self.read(buf);
        }
        let start = std::time::Instant::now();
        loop {
            match self.recv_nonblocking(buf) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                r => return r,
            }
            if start.elapsed() >= POLL {
                return self.read(buf);
            }
            std::thread::yield_now();
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The writing side, under one lock.
struct Out {
    sock: Sock,
    /// Set at negotiation.
    sub: Option<Subscription>,
}

#[derive(Default)]
struct Pending {
    /// Events were queued since the event thread last looked.
    events: bool,
    /// The event thread is waiting for `events`.
    waiting: bool,
}

/// What a session's threads, the event hub and the server share.
pub(crate) struct Link {
    out: Mutex<Out>,
    closed: AtomicBool,
    /// The session thread is waiting for input: only then does a queued
    /// event need the event thread (otherwise the session thread writes it
    /// with its next replies).
    reading: AtomicBool,
    pending: Mutex<Pending>,
    cv: Condvar,
    /// For shutting the socket down from another thread.
    sock: Sock,
}

impl Link {
    /// Closes the session: its blocked reads and writes return and both
    /// threads end.
    pub(crate) fn kick(&self) {
        self.closed.store(true, Ordering::SeqCst);
        let _ = self.sock.shutdown(Shutdown::Both);
        self.wake();
    }

    fn closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }

    fn wake(&self) {
        let mut p = lock(&self.pending);
        // a burst of events costs the event thread one wakeup: it clears
        // `events` before it takes the queue
        if !p.events {
            p.events = true;
            if p.waiting {
                self.cv.notify_one();
            }
        }
    }
}

impl SessionWaker for Link {
    fn event(&self) {
        // pairs with the fence in `session_loop`: either the session thread
        // sees the event queued, or this sees it waiting for input
        fence(Ordering::SeqCst);
        if self.reading.load(Ordering::SeqCst) {
            self.wake();
        }
    }

    fn close(&self) {
        self.kick();
    }
}

/// Serves an accepted connection on a new thread (the socket may be in
/// non-blocking mode, as tokio hands it over).
pub(crate) fn spawn(inner: Arc<Inner>, sock: Sock) {
    let Table::Sync(table) = &inner.dispatch else {
        unreachable!("thread sessions serve synchronous tables");
    };
    let table = table.clone();
    let _ = std::thread::Builder::new()
        .name("qmp-session".into())
        .spawn(move || {
            if sock.set_nonblocking(false).is_ok() {
                serve(inner, table, sock);
            }
        });
}

fn serve(inner: Arc<Inner>, table: Arc<dyn Dispatch>, sock: Sock) {
    let (Ok(rd), Ok(kick)) = (sock.try_clone(), sock.try_clone()) else {
        return;
    };
    let mut s = Session::new(inner.clone());
    let link = Arc::new(Link {
        out: Mutex::new(Out { sock, sub: None }),
        closed: AtomicBool::new(false),
        reading: AtomicBool::new(false),
        pending: Mutex::new(Pending::default()),
        cv: Condvar::new(),
        sock: kick,
    });
    lock(&inner.controls.threads).insert(s.id, link.clone() as Arc<dyn SessionWaker>);
    // registered first: a shutdown from now on reaches this session
    if s.ctx.server.is_shutting_down() {
        link.kick();
    }
    let counted = Counted::new();
    let subscribed = session_loop(&mut s, &table, &link, rd);
    drop(counted);
    lock(&inner.controls.threads).remove(&s.id);
    if subscribed {
        inner.controls.hub.unsubscribe(s.id);
    }
    link.closed.store(true, Ordering::SeqCst);
    link.wake();
    let _ = link.sock.shutdown(Shutdown::Write);
}

/// Reads and answers until the client leaves or the session is closed;
/// returns whether the session subscribed to events.
fn session_loop(
    s: &mut Session,
    table: &Arc<dyn Dispatch>,
    link: &Arc<Link>,
    mut rd: Sock,
) -> bool {
    let mut subscribed = false;
    let mut out = s.greeting();
    if lock(&link.out).sock.write_all(out.as_bytes()).is_err() {
        return false;
    }
    out.clear();
    let mut streamer = Streamer::new(s.inner.config.limits);
    let mut buf = vec![0u8; 64 * 1024];
    let mut items: Vec<Item> = Vec::new();
    let mut queue: Option<Arc<SubShared>> = None;
    loop {
        link.reading.store(true, Ordering::SeqCst);
        fence(Ordering::SeqCst);
        if queue
            .as_ref()
            .is_some_and(|q| q.queued.load(Ordering::SeqCst) > 0)
        {
            link.wake();
        }
        let r = rd.read_polling(&mut buf);
        link.reading.store(false, Ordering::SeqCst);
        let n = match r {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        };
        if link.closed() {
            break;
        }
        streamer.feed(&buf[..n], &mut items);
        let mut o = lock(&link.out);
        for item in items.drain(..) {
            match s.begin(item, &mut out) {
                Begin::Done => {}
                Begin::Negotiated => {
                    let waker: Arc<dyn SessionWaker> = link.clone();
                    let sub = s.inner.controls.hub.subscribe(s.id, Some(waker));
                    queue = Some(sub.shared.clone());
                    o.sub = Some(sub);
                    subscribed = true;
                    let l = link.clone();
                    if std::thread::Builder::new()
                        .name("qmp-events".into())
                        .spawn(move || write_events(&l))
                        .is_err()
                    {
                        link.kick();
                    }
                }
                Begin::Call(mut call) => {
                    let args = std::mem::take(&mut call.args);
                    let r = table.call(&call.name, args, &mut s.ctx);
                    // events a command emitted go out before its reply, as with QEMU
                    if let Some(sub) = &mut o.sub {
                        sub.drain(&mut out);
                    }
                    s.finish(call, r, &mut out);
                }
            }
        }
        if let Some(sub) = &mut o.sub {
            if sub.overflowed() {
                break;
            }
            sub.drain(&mut out);
        }
        if !out.is_empty() {
            let ok = o.sock.write_all(out.as_bytes()).is_ok();
            out.clear();
            if !ok {
                break;
            }
        }
    }
    subscribed
}

/// The event thread: writes queued events while the session thread waits
/// for input.
fn write_events(link: &Link) {
    let mut buf = String::new();
    loop {
        {
            let mut p = lock(&link.pending);
            while !p.events && !link.closed() {
                p.waiting = true;
                p = link.cv.wait(p).unwrap_or_else(|e| e.into_inner());
                p.waiting = false;
            }
            if link.closed() {
                return;
            }
            p.events = false;
        }
        let mut o = lock(&link.out);
        let Out { sock, sub } = &mut *o;
        let Some(sub) = sub else { continue };
        if sub.overflowed() {
            drop(o);
            link.kick();
            return;
        }
        sub.drain(&mut buf);
        if !buf.is_empty() {
            let ok = sock.write_all(buf.as_bytes()).is_ok();
            buf.clear();
            if buf.capacity() > 1 << 20 {
                buf = String::new();
            }
            if !ok {
                drop(o);
                link.kick();
                return;
            }
        }
    }
}
