//! The server-side seam: a command table that generated code (or the
//! hand-written simulator) implements. The runtime does everything
//! protocol-level (framing, `id`, negotiation, OOB rules, error replies);
//! the table decodes arguments (with QEMU's messages) and runs commands.

use crate::error::QmpError;
use crate::events::EventEmitter;
use crate::handle::ServerHandle;

/// Static properties of a command (QEMU's `QCO_*` options).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommandInfo {
    /// May be run with `exec-oob`.
    pub allow_oob: bool,
    /// May be run before machine initialization (`--preconfig`).
    pub allow_preconfig: bool,
    /// Sends `{"return": ...}` on success (false: no reply on success).
    pub success_response: bool,
}

impl Default for CommandInfo {
    fn default() -> Self {
        CommandInfo {
            allow_oob: false,
            allow_preconfig: false,
            success_response: true,
        }
    }
}

/// What a command can reach while it runs.
#[derive(Clone)]
pub struct CallContext {
    /// Identifies the client session.
    pub session: u64,
    /// True when run through `exec-oob`.
    pub oob: bool,
    /// Emits events to every negotiated session (with QEMU's rate limits).
    pub events: EventEmitter,
    /// Server-wide controls (e.g. shutting down for `quit`).
    pub server: ServerHandle,
}

/// A command table.
pub trait Dispatch: Send + Sync + 'static {
    /// The command's properties, or `None` when there is no such command.
    fn lookup(&self, name: &str) -> Option<CommandInfo>;

    /// Runs a command found by `lookup`. `args` is the `arguments` object,
    /// members in QEMU's iteration order (so the first unexpected member
    /// reported matches QEMU's). Commands without a return value return `{}`.
    fn call(
        &self,
        name: &str,
        args: serde_json::Map<String, serde_json::Value>,
        ctx: &mut CallContext,
    ) -> Result<serde_json::Value, QmpError>;
}

/// A boxed future, as [`AsyncDispatch::call`] returns it.
pub type BoxFuture<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'static>>;

/// A command table whose commands run asynchronously (e.g. the generated
/// `AsyncServer` behind its `dispatch_async`). The session awaits each call
/// before reading the client's next command, so in-band commands of one
/// client run in order, as with QEMU; other clients are served meanwhile.
/// Events the command emits reach its client before the reply.
pub trait AsyncDispatch: Send + Sync + 'static {
    /// The command's properties, or `None` when there is no such command.
    fn lookup(&self, name: &str) -> Option<CommandInfo>;

    /// Runs a command found by `lookup`; as [`Dispatch::call`], with the
    /// context passed by value so the future owns everything it uses.
    fn call(
        &self,
        name: &str,
        args: serde_json::Map<String, serde_json::Value>,
        ctx: CallContext,
    ) -> BoxFuture<Result<serde_json::Value, QmpError>>;
}

/// Either kind of table, as a server holds it.
#[derive(Clone)]
pub enum Table {
    Sync(std::sync::Arc<dyn Dispatch>),
    Async(std::sync::Arc<dyn AsyncDispatch>),
}

impl Table {
    pub fn lookup(&self, name: &str) -> Option<CommandInfo> {
        match self {
            Table::Sync(d) => d.lookup(name),
            Table::Async(d) => d.lookup(name),
        }
    }

    /// Runs a command: a synchronous table inline, an asynchronous one
    /// awaited.
    pub async fn call(
        &self,
        name: &str,
        args: serde_json::Map<String, serde_json::Value>,
        ctx: &mut CallContext,
    ) -> Result<serde_json::Value, QmpError> {
        match self {
            Table::Sync(d) => d.call(name, args, ctx),
            Table::Async(d) => d.call(name, args, ctx.clone()).await,
        }
    }
}
