//! The `qmp` command-line tool.

pub mod agent;
mod bench;
mod serve;
pub mod shell;

use clap::{Parser, Subcommand};
use qmp::client::blocking::Client;
use qmp::client::{ClientError, ConnectOptions};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "qmp", about = "QMP client and server tool")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(clap::Args, Clone)]
pub(crate) struct Target {
    /// Unix socket of the QMP server
    #[arg(long, conflicts_with = "tcp")]
    socket: Option<PathBuf>,
    /// TCP address (host:port) of the QMP server
    #[arg(long)]
    tcp: Option<String>,
    /// Seconds to wait for each reply
    #[arg(long, default_value_t = 30.0)]
    timeout: f64,
    /// The server is the QEMU guest agent (qemu-ga): no greeting, the
    /// stream is resynchronized with guest-sync-delimited (Unix socket)
    #[arg(long)]
    guest_agent: bool,
}

impl Target {
    pub(crate) fn connect(&self) -> Result<Client, ClientError> {
        self.connect_with(false)
    }

    fn timeout(&self) -> Option<std::time::Duration> {
        (self.timeout > 0.0).then(|| std::time::Duration::from_secs_f64(self.timeout))
    }

    /// Connects to a guest agent (`--guest-agent`) and resynchronizes.
    pub(crate) fn connect_agent(&self) -> Result<agent::Client, ClientError> {
        let opts = qmp::client::agent::AgentOptions {
            timeout: self.timeout(),
            ..Default::default()
        };
        match &self.socket {
            Some(p) => agent::Client::connect_unix_with(p, &opts),
            None => Err(ClientError::Protocol(
                "the guest agent is reached with --socket PATH".into(),
            )),
        }
    }

    /// Connects; `omit_lone_ids` as in [`ConnectOptions`].
    pub(crate) fn connect_with(&self, omit_lone_ids: bool) -> Result<Client, ClientError> {
        let opts = ConnectOptions {
            timeout: self.timeout(),
            omit_lone_ids,
            ..ConnectOptions::default()
        };
        match (&self.socket, &self.tcp) {
            (Some(p), _) => Client::connect_unix_with(p, &opts),
            (None, Some(a)) => Client::connect_tcp_with(a, &opts),
            (None, None) => Err(ClientError::Protocol(
                "give --socket PATH or --tcp HOST:PORT".into(),
            )),
        }
    }
}

#[derive(Subcommand)]
enum Cmd {
    /// Run one command; print its return value as JSON (with
    /// --guest-agent, a command that sends no reply on success prints {}
    /// once sent)
    Exec {
        #[command(flatten)]
        target: Target,
        /// Command name
        command: String,
        /// Arguments as a JSON object
        args: Option<String>,
    },
    /// Print events as JSON lines
    Events {
        #[command(flatten)]
        target: Target,
        /// Stop after N events
        #[arg(long)]
        count: Option<u64>,
    },
    /// Interactive shell with history and command completion
    Shell {
        #[command(flatten)]
        target: Target,
    },
    /// Serve the simulated example VM
    Serve(serve::ServeArgs),
    /// Measure round trips of query-version (guest-ping with
    /// --guest-agent)
    Bench {
        #[command(flatten)]
        target: Target,
        /// Number of commands
        #[arg(long, default_value_t = 20000)]
        count: u64,
        /// Requests in flight (1: sequential)
        #[arg(long, default_value_t = 1)]
        pipeline: u64,
        /// Microseconds to poll for each reply before blocking (0: never;
        /// see the client's `ConnectOptions::reply_poll`)
        #[arg(long, default_value_t = qmp::client::blocking::DEFAULT_REPLY_POLL.as_micros() as u64)]
        reply_poll: u64,
    },
}

/// Runs the tool; returns the exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    match cli.cmd {
        Cmd::Exec {
            target,
            command,
            args,
        } => exec(&target, &command, args.as_deref()),
        Cmd::Events { target, count } => events(&target, count),
        Cmd::Shell { target } => shell::run(&target),
        Cmd::Serve(a) => serve::run(a),
        Cmd::Bench {
            target,
            count,
            pipeline,
            reply_poll,
        } => bench::run(
            &target,
            count,
            pipeline,
            std::time::Duration::from_micros(reply_poll),
        ),
    }
}

fn report(e: &ClientError) -> i32 {
    match e {
        ClientError::Qmp(q) => println!("{}: {}", q.class, q.desc),
        other => eprintln!("qmp: {other}"),
    }
    1
}

fn exec(target: &Target, command: &str, args: Option<&str>) -> i32 {
    let args = match args
        .map(serde_json::from_str::<serde_json::Value>)
        .transpose()
    {
        Ok(a) => a,
        Err(e) => {
            eprintln!("qmp: arguments are not valid JSON: {e}");
            return 2;
        }
    };
    let r = if target.guest_agent {
        target.connect_agent().and_then(|mut c| {
            // guest-info says which commands send no reply
            let cmds = match command {
                "guest-info" => agent::Commands::default(),
                _ => agent::Commands::of(&mut c),
            };
            cmds.run(&mut c, command, args)
        })
    } else {
        target
            .connect()
            .and_then(|mut c| c.execute_raw(command, args))
    };
    match r {
        Ok(v) => {
            println!("{v}");
            0
        }
        Err(e) => report(&e),
    }
}

fn events(target: &Target, count: Option<u64>) -> i32 {
    if target.guest_agent {
        eprintln!("qmp: the guest agent sends no events");
        return 2;
    }
    let mut c = match target.connect() {
        Ok(c) => c,
        Err(e) => return report(&e),
    };
    let mut seen = 0u64;
    while count.is_none_or(|n| seen < n) {
        match c.next_event(None) {
            Ok(Some(ev)) => {
                println!("{}", serde_json::to_string(&ev).unwrap_or_default());
                seen += 1;
            }
            Ok(None) => {}
            Err(ClientError::Closed) => return 0,
            Err(e) => return report(&e),
        }
    }
    0
}
