//! A small simulated VM, served by `qmp serve`: run state (`stop`/`cont`
//! emit `STOP`/`RESUME`), power-down, `quit`, and a balloon whose actual
//! size moves toward the target set by `balloon`, emitting `BALLOON_CHANGE`
//! (rate-limited by the runtime as in QEMU).
//!
//! The VM implements the generated [`Server`] trait of our example schema
//! (`schema/`, crate `qapi-example`); the generated [`Dispatcher`] decodes
//! arguments with QEMU's messages and encodes replies. [`Served`] adds
//! `query-qmp-schema`, answered with the schema's introspection computed at
//! build time.

use qapi_example::events::{BalloonChange, EmitEvents, Powerdown, Resume, Shutdown, Stop};
use qapi_example::server::{Dispatcher, Server};
use qapi_example::{commands, BalloonInfo, CommandInfo, RunState, ShutdownCause, StatusInfo};
use qapi_example::{VersionInfo, VersionTriple};
use qmp::server::events::EventEmitter;
use qmp::{CallContext, Dispatch, ErrorClass, QmpError};
use serde_json::{Map, Value};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::Duration;

/// The `query-qmp-schema` reply for `schema/qapi-schema.json` (QEMU's
/// masking, every condition false), computed by `build.rs`.
pub const QMP_SCHEMA_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/qmp-schema.json"));

/// The commands of the example schema, which the generated table serves.
pub const SCHEMA_COMMANDS: &[&str] = qapi_example::server::COMMANDS;

/// Commands `qmp serve` answers beyond the schema's.
pub const EXTRA_COMMANDS: &[&str] = &["query-qmp-schema"];

/// Balloon movement per tick.
const TICK: Duration = Duration::from_millis(100);
const STEP: i64 = 64 << 20;

struct VmState {
    status: RunState,
    actual: i64,
    target: i64,
}

/// The simulated VM.
pub struct Sim {
    version: qmp::protocol::VersionInfo,
    state: Mutex<VmState>,
    events: Mutex<Option<EventEmitter>>,
}

impl Sim {
    /// A running VM with `ram` bytes, the balloon fully deflated.
    pub fn new(version: qmp::protocol::VersionInfo, ram: i64) -> Arc<Sim> {
        Arc::new(Sim {
            version,
            state: Mutex::new(VmState {
                status: RunState::Running,
                actual: ram,
                target: ram,
            }),
            events: Mutex::new(None),
        })
    }

    /// The command table `qmp serve` runs: the generated dispatcher over
    /// this VM, plus `query-qmp-schema`.
    pub fn dispatch(self: &Arc<Self>) -> Arc<dyn Dispatch> {
        Arc::new(Served(Dispatcher(Vm(self.clone()))))
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
                let _ = events.emit_balloon_change(&BalloonChange { actual });
            }
        });
    }

    fn set_run_state(&self, ctx: &CallContext, running: bool) {
        let changed = {
            let mut st = self.lock();
            let was = st.status == RunState::Running;
            st.status = if running {
                RunState::Running
            } else {
                RunState::Paused
            };
            was != running
        };
        if changed {
            let _ = if running {
                ctx.events.emit_resume(&Resume {})
            } else {
                ctx.events.emit_stop(&Stop {})
            };
        }
    }
}

/// The VM as the generated [`Server`] sees it.
pub struct Vm(pub Arc<Sim>);

impl std::ops::Deref for Vm {
    type Target = Sim;
    fn deref(&self) -> &Sim {
        &self.0
    }
}

impl Server for Vm {
    fn query_version(&self, _ctx: &mut CallContext) -> Result<VersionInfo, QmpError> {
        Ok(VersionInfo {
            qemu: VersionTriple {
                major: self.version.major,
                minor: self.version.minor,
                micro: self.version.micro,
            },
            package: self.version.package.clone(),
        })
    }

    fn query_commands(&self, _ctx: &mut CallContext) -> Result<Vec<CommandInfo>, QmpError> {
        // QEMU lists the most recently registered command first.
        Ok(SCHEMA_COMMANDS
            .iter()
            .chain(EXTRA_COMMANDS)
            .rev()
            .map(|c| CommandInfo {
                name: c.to_string(),
            })
            .collect())
    }

    fn query_status(&self, _ctx: &mut CallContext) -> Result<StatusInfo, QmpError> {
        let st = self.lock();
        Ok(StatusInfo {
            running: st.status == RunState::Running,
            status: st.status.clone(),
        })
    }

    fn stop(&self, ctx: &mut CallContext) -> Result<(), QmpError> {
        self.set_run_state(ctx, false);
        Ok(())
    }

    fn cont(&self, ctx: &mut CallContext) -> Result<(), QmpError> {
        if self.lock().status == RunState::Shutdown {
            return Err(QmpError::generic(
                "Resetting the Virtual Machine is required",
            ));
        }
        self.set_run_state(ctx, true);
        Ok(())
    }

    fn system_powerdown(&self, ctx: &mut CallContext) -> Result<(), QmpError> {
        let _ = ctx.events.emit_powerdown(&Powerdown {});
        // The simulated guest honours the ACPI request, like a guest run
        // with -no-shutdown: it stops, the server keeps running.
        self.lock().status = RunState::Shutdown;
        let _ = ctx.events.emit_shutdown(&Shutdown {
            guest: true,
            reason: ShutdownCause::GuestShutdown,
        });
        Ok(())
    }

    fn quit(&self, ctx: &mut CallContext) -> Result<(), QmpError> {
        let events = ctx.events.clone();
        let server = ctx.server.clone();
        std::thread::spawn(move || {
            // after the reply has gone out, as QEMU's main loop does
            std::thread::sleep(Duration::from_millis(20));
            let _ = events.emit_shutdown(&Shutdown {
                guest: false,
                reason: ShutdownCause::HostQmpQuit,
            });
            std::thread::sleep(Duration::from_millis(20));
            server.shutdown();
        });
        Ok(())
    }

    fn query_balloon(&self, _ctx: &mut CallContext) -> Result<BalloonInfo, QmpError> {
        Ok(BalloonInfo {
            actual: self.lock().actual,
        })
    }

    fn balloon(&self, _ctx: &mut CallContext, args: commands::Balloon) -> Result<(), QmpError> {
        if args.value <= 0 {
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
        self.lock().target = args.value;
        Ok(())
    }
}

/// The parsed introspection, built once.
pub fn qmp_schema() -> &'static Value {
    static V: OnceLock<Value> = OnceLock::new();
    V.get_or_init(|| serde_json::from_str(QMP_SCHEMA_JSON).unwrap_or(Value::Null))
}

/// A generated table plus `query-qmp-schema` (which QEMU defines in its own
/// schema, `qapi/introspect.json`, and our example schema does not).
pub struct Served<D>(pub D);

impl<D: Dispatch> Dispatch for Served<D> {
    fn lookup(&self, name: &str) -> Option<qmp::CommandInfo> {
        match name {
            "query-qmp-schema" => Some(qmp::CommandInfo {
                allow_preconfig: true,
                ..qmp::CommandInfo::default()
            }),
            _ => self.0.lookup(name),
        }
    }

    fn call(
        &self,
        name: &str,
        args: Map<String, Value>,
        ctx: &mut CallContext,
    ) -> Result<Value, QmpError> {
        match name {
            "query-qmp-schema" => {
                qapi_example::support::decode_args::<Value>(args, &qapi_example::support::EMPTY)?;
                Ok(qmp_schema().clone())
            }
            _ => self.0.call(name, args, ctx),
        }
    }
}
