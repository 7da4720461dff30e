//! A small simulated VM behind the [`Dispatch`] trait, served by `qmp serve`:
//! run state (`stop`/`cont` emit `STOP`/`RESUME`), power-down, `quit`, and a
//! balloon whose actual size moves toward the target set by `balloon`,
//! emitting `BALLOON_CHANGE` (rate-limited by the runtime as in QEMU).
//! Command names, members and types follow QEMU's schema. Hand-written until
//! generated code for our schema replaces the table.

pub mod args;

use crate::dispatch::{CallContext, CommandInfo, Dispatch};
use crate::error::{ErrorClass, QmpError};
use crate::protocol::VersionInfo;
use crate::server::events::EventEmitter;
use args::Args;
use serde_json::{json, Map, Value};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

/// The commands the simulator serves (besides `qmp_capabilities`, which the
/// runtime handles).
pub const COMMANDS: &[&str] = &[
    "qmp_capabilities",
    "query-version",
    "query-commands",
    "query-status",
    "stop",
    "cont",
    "system_powerdown",
    "quit",
    "query-balloon",
    "balloon",
];

/// Balloon movement per tick.
const TICK: Duration = Duration::from_millis(100);
const STEP: i64 = 64 << 20;

struct VmState {
    running: bool,
    status: &'static str,
    actual: i64,
    target: i64,
}

/// The simulated VM.
pub struct Sim {
    version: VersionInfo,
    state: Mutex<VmState>,
    events: Mutex<Option<EventEmitter>>,
}

impl Sim {
    /// A running VM with `ram` bytes, the balloon fully deflated.
    pub fn new(version: VersionInfo, ram: i64) -> Arc<Sim> {
        Arc::new(Sim {
            version,
            state: Mutex::new(VmState {
                running: true,
                status: "running",
                actual: ram,
                target: ram,
            }),
            events: Mutex::new(None),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VmState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts the balloon driver, which emits through `events`. It stops
    /// when the simulator is dropped.
    pub fn start(self: &Arc<Self>, events: EventEmitter) {
        *self.events.lock().unwrap_or_else(|e| e.into_inner()) = Some(events.clone());
        let weak: Weak<Sim> = Arc::downgrade(self);
        std::thread::spawn(move || loop {
            std::thread::sleep(TICK);
            let Some(sim) = weak.upgrade() else { return };
            let changed = {
                let mut st = sim.lock();
                if st.actual == st.target {
                    None
                } else {
                    let diff = st.target - st.actual;
                    st.actual += diff.signum() * diff.abs().min(STEP);
                    Some(st.actual)
                }
            };
            if let Some(actual) = changed {
                events.emit("BALLOON_CHANGE", Some(json!({ "actual": actual })));
            }
        });
    }

    fn set_run_state(&self, ctx: &CallContext, running: bool) {
        let changed = {
            let mut st = self.lock();
            let changed = st.running != running;
            st.running = running;
            st.status = if running { "running" } else { "paused" };
            changed
        };
        if changed {
            ctx.events
                .emit(if running { "RESUME" } else { "STOP" }, None);
        }
    }
}

fn no_args(args: Map<String, Value>) -> Result<(), QmpError> {
    Args::new(args).finish()
}

impl Dispatch for Sim {
    fn lookup(&self, name: &str) -> Option<CommandInfo> {
        COMMANDS.contains(&name).then(|| CommandInfo {
            allow_preconfig: matches!(
                name,
                "qmp_capabilities" | "query-version" | "query-commands" | "query-status" | "quit"
            ),
            ..CommandInfo::default()
        })
    }

    fn call(
        &self,
        name: &str,
        args: Map<String, Value>,
        ctx: &mut CallContext,
    ) -> Result<Value, QmpError> {
        match name {
            "query-version" => {
                no_args(args)?;
                Ok(self.version.to_value().to_json())
            }
            "query-commands" => {
                no_args(args)?;
                Ok(Value::Array(
                    COMMANDS
                        .iter()
                        .rev()
                        .map(|c| json!({ "name": c }))
                        .collect(),
                ))
            }
            "query-status" => {
                no_args(args)?;
                let st = self.lock();
                Ok(json!({ "running": st.running, "status": st.status }))
            }
            "stop" => {
                no_args(args)?;
                self.set_run_state(ctx, false);
                Ok(json!({}))
            }
            "cont" => {
                no_args(args)?;
                if self.lock().status == "shutdown" {
                    return Err(QmpError::generic(
                        "Resetting the Virtual Machine is required",
                    ));
                }
                self.set_run_state(ctx, true);
                Ok(json!({}))
            }
            "system_powerdown" => {
                no_args(args)?;
                ctx.events.emit("POWERDOWN", None);
                // The simulated guest honours the ACPI request, like a guest
                // run with -no-shutdown: it stops, the server keeps running.
                {
                    let mut st = self.lock();
                    st.running = false;
                    st.status = "shutdown";
                }
                ctx.events.emit(
                    "SHUTDOWN",
                    Some(json!({ "guest": true, "reason": "guest-shutdown" })),
                );
                Ok(json!({}))
            }
            "quit" => {
                no_args(args)?;
                let events = ctx.events.clone();
                let server = ctx.server.clone();
                std::thread::spawn(move || {
                    // after the reply has gone out, as QEMU's main loop does
                    std::thread::sleep(Duration::from_millis(20));
                    events.emit(
                        "SHUTDOWN",
                        Some(json!({ "guest": false, "reason": "host-qmp-quit" })),
                    );
                    std::thread::sleep(Duration::from_millis(20));
                    server.shutdown();
                });
                Ok(json!({}))
            }
            "query-balloon" => {
                no_args(args)?;
                Ok(json!({ "actual": self.lock().actual }))
            }
            "balloon" => {
                let mut a = Args::new(args);
                let value = a.required_int("value")?;
                a.finish()?;
                if value <= 0 {
                    return Err(QmpError::generic("Parameter 'target' expects a size"));
                }
                if self
                    .events
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .is_none()
                {
                    return Err(QmpError::new(
                        ErrorClass::DeviceNotActive,
                        "No balloon device has been activated",
                    ));
                }
                self.lock().target = value;
                Ok(json!({}))
            }
            _ => Err(QmpError::command_not_found(format!(
                "The command {name} has not been found"
            ))),
        }
    }
}
