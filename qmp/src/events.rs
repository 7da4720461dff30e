//! Event broadcast with QEMU's per-event rate limiting.
//!
//! Every event is formatted once and queued to each negotiated session in the
//! same global order. Throttled events follow QEMU's
//! `monitor_qapi_event_queue`: the first one in a quiet period goes out at
//! once and opens a window of `rate`; events arriving inside the window are
//! held, a later one replacing an earlier one, and the last held one goes out
//! when the window ends (opening a new window). Held events keep the
//! timestamp of when they were emitted.
//!
//! Queue policy for a client that stops reading: each session's event queue
//! is bounded by bytes (`ServerConfig::max_queued_output`). Emitting never
//! blocks; a session whose queue would overflow is disconnected (it would
//! otherwise silently lose events), and other sessions are unaffected.

use crate::json::Value;
use crate::protocol;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{mpsc, Notify};

/// A rate limit for one event.
#[derive(Clone, Debug)]
pub struct ThrottleRule {
    pub rate: Duration,
    /// Events with different values of this data member are throttled
    /// separately (QEMU does so for e.g. `VSERPORT_CHANGE` by `id`).
    pub key_member: Option<String>,
}

/// QEMU's table: guest-triggerable events at most once per second.
pub fn qemu_throttle_rules() -> HashMap<String, ThrottleRule> {
    let sec = Duration::from_secs(1);
    let mut m = HashMap::new();
    for (name, key) in [
        ("RTC_CHANGE", None),
        ("WATCHDOG", None),
        ("BALLOON_CHANGE", None),
        ("QUORUM_REPORT_BAD", Some("node-name")),
        ("QUORUM_FAILURE", None),
        ("VSERPORT_CHANGE", Some("id")),
        ("MEMORY_DEVICE_SIZE_CHANGE", Some("qom-path")),
        ("HV_BALLOON_STATUS_REPORT", None),
    ] {
        m.insert(
            name.to_string(),
            ThrottleRule {
                rate: sec,
                key_member: key.map(str::to_string),
            },
        );
    }
    m
}

pub(crate) struct SubShared {
    pub queued: AtomicUsize,
    pub overflowed: AtomicBool,
    pub notify: Notify,
}

/// How a session served on its own thread learns about its queue (a tokio
/// session waits on the channel and on [`SubShared::notify`] instead).
pub(crate) trait SessionWaker: Send + Sync {
    /// An event was queued.
    fn event(&self);
    /// The session must close: its queue overflowed, or the server
    /// shuts down.
    fn close(&self);
}

struct Sub {
    id: u64,
    tx: mpsc::UnboundedSender<Arc<str>>,
    shared: Arc<SubShared>,
    waker: Option<Arc<dyn SessionWaker>>,
}

#[derive(Default)]
struct Pending {
    line: Option<Arc<str>>,
}

struct HubState {
    subs: Vec<Sub>,
    throttled: HashMap<(String, String), Pending>,
}

pub(crate) struct EventHub {
    state: Mutex<HubState>,
    rules: HashMap<String, ThrottleRule>,
    max_queued: usize,
    pump: Arc<Pump>,
}

/// Hands the wakeups of sessions served on threads to a thread of its own,
/// so that emitting does not wait on them: waking a thread can hand it the
/// CPU, and an emitter waking dozens of sessions one by one would be
/// descheduled at each.
#[derive(Default)]
struct Pump {
    state: Mutex<PumpState>,
    cv: std::sync::Condvar,
}

#[derive(Default)]
struct PumpState {
    todo: Vec<Arc<dyn SessionWaker>>,
    waiting: bool,
    running: bool,
}

impl Pump {
    fn lock(&self) -> std::sync::MutexGuard<'_, PumpState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn push(self: &Arc<Self>, wakers: impl Iterator<Item = Arc<dyn SessionWaker>>) {
        let mut st = self.lock();
        let was_empty = st.todo.is_empty();
        st.todo.extend(wakers);
        if st.todo.is_empty() {
            return;
        }
        if !st.running {
            st.running = true;
            let weak = Arc::downgrade(self);
            let spawned = std::thread::Builder::new()
                .name("qmp-event-pump".into())
                .spawn(move || Pump::run(weak));
            if spawned.is_err() {
                // wake inline rather than not at all
                st.running = false;
                let todo = std::mem::take(&mut st.todo);
                drop(st);
                todo.iter().for_each(|w| w.event());
            }
        } else if was_empty && st.waiting {
            self.cv.notify_one();
        }
    }

    /// Wakes what is queued; ends a while after the hub is gone.
    fn run(weak: std::sync::Weak<Pump>) {
        let mut todo = Vec::new();
        loop {
            let Some(pump) = weak.upgrade() else { return };
            {
                let mut st = pump.lock();
                if st.todo.is_empty() {
                    st.waiting = true;
                    st = pump
                        .cv
                        .wait_timeout(st, Duration::from_secs(1))
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                    st.waiting = false;
                }
                std::mem::swap(&mut todo, &mut st.todo);
            }
            drop(pump);
            for w in todo.drain(..) {
                w.event();
            }
        }
    }
}

/// A session's receiving end.
pub(crate) struct Subscription {
    pub rx: mpsc::UnboundedReceiver<Arc<str>>,
    pub shared: Arc<SubShared>,
}

impl Subscription {
    /// Whether the queue overflowed (the session must close).
    pub fn overflowed(&self) -> bool {
        self.shared.overflowed.load(Ordering::Acquire)
    }

    /// Appends every queued event to `out`.
    pub fn drain(&mut self, out: &mut String) {
        while let Ok(line) = self.rx.try_recv() {
            self.shared.queued.fetch_sub(line.len(), Ordering::AcqRel);
            out.push_str(&line);
        }
    }
}

impl EventHub {
    pub fn new(rules: HashMap<String, ThrottleRule>, max_queued: usize) -> Arc<Self> {
        Arc::new(EventHub {
            state: Mutex::new(HubState {
                subs: Vec::new(),
                throttled: HashMap::new(),
            }),
            rules,
            max_queued,
            pump: Default::default(),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HubState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn subscribe(&self, id: u64, waker: Option<Arc<dyn SessionWaker>>) -> Subscription {
        let (tx, rx) = mpsc::unbounded_channel();
        let shared = Arc::new(SubShared {
            queued: AtomicUsize::new(0),
            overflowed: AtomicBool::new(false),
            notify: Notify::new(),
        });
        self.lock().subs.push(Sub {
            id,
            tx,
            shared: shared.clone(),
            waker,
        });
        Subscription { rx, shared }
    }

    pub fn unsubscribe(&self, id: u64) {
        self.lock().subs.retain(|s| s.id != id);
    }

    pub fn subscribers(&self) -> usize {
        self.lock().subs.len()
    }

    fn broadcast(&self, st: &mut HubState, line: &Arc<str>) {
        let len = line.len();
        let mut wake = Vec::new();
        st.subs.retain(|s| {
            if s.shared.overflowed.load(Ordering::Relaxed) {
                return true;
            }
            let before = s.shared.queued.fetch_add(len, Ordering::AcqRel);
            if before + len > self.max_queued {
                s.shared.overflowed.store(true, Ordering::Release);
                s.shared.notify.notify_one();
                if let Some(w) = &s.waker {
                    w.close();
                }
                return true;
            }
            let sent = s.tx.send(line.clone()).is_ok();
            if let (true, Some(w)) = (sent, &s.waker) {
                wake.push(w.clone());
            }
            sent
        });
        if !wake.is_empty() {
            self.pump.push(wake.into_iter());
        }
    }

    fn emit(self: &Arc<Self>, name: &str, data: Option<Value>) {
        let key = self.rules.get(name).map(|rule| {
            let member = rule
                .key_member
                .as_ref()
                .and_then(|m| match &data {
                    Some(Value::Dict(d)) => d.get(m).map(crate::json::to_qemu_string),
                    _ => None,
                })
                .unwrap_or_default();
            (name.to_string(), member, rule.rate)
        });
        let line: Arc<str> = protocol::event_line(name, data, protocol::now_timestamp()).into();
        let mut st = self.lock();
        let Some((name, member, rate)) = key else {
            self.broadcast(&mut st, &line);
            return;
        };
        let k = (name, member);
        if let Some(p) = st.throttled.get_mut(&k) {
            p.line = Some(line);
            return;
        }
        self.broadcast(&mut st, &line);
        st.throttled.insert(k.clone(), Pending::default());
        drop(st);
        let hub = Arc::clone(self);
        std::thread::spawn(move || loop {
            std::thread::sleep(rate);
            let mut st = hub.lock();
            let held = st.throttled.get_mut(&k).and_then(|p| p.line.take());
            match held {
                Some(line) => hub.broadcast(&mut st, &line),
                None => {
                    st.throttled.remove(&k);
                    return;
                }
            }
        });
    }
}

/// A handle for emitting events; cheap to clone, usable from any thread.
#[derive(Clone)]
pub struct EventEmitter {
    pub(crate) hub: Arc<EventHub>,
}

impl EventEmitter {
    /// Emits an event; `data` is `None` for events without data.
    pub fn emit(&self, name: &str, data: Option<serde_json::Value>) {
        self.hub.emit(name, data.as_ref().map(Value::from_json));
    }

    /// Emits with data given as a QEMU value.
    pub fn emit_value(&self, name: &str, data: Option<Value>) {
        self.hub.emit(name, data);
    }

    /// Emits a typed event (its `Serialize` output is the data).
    pub fn emit_typed<E: crate::command::Event + serde::Serialize>(
        &self,
        ev: &E,
    ) -> Result<(), serde_json::Error> {
        let v = serde_json::to_value(ev)?;
        let data = match &v {
            serde_json::Value::Null => None,
            serde_json::Value::Object(m) if m.is_empty() => None,
            _ => Some(v),
        };
        self.emit(E::NAME, data);
        Ok(())
    }

    /// Number of sessions receiving events.
    pub fn subscribers(&self) -> usize {
        self.hub.subscribers()
    }
}
