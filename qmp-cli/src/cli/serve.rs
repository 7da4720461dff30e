//! `qmp serve`: the simulated VM on a Unix socket (and optionally TCP).

use crate::sim::Sim;
use qmp::protocol::VersionInfo;
use qmp::server::{Server, ServerConfig};
use std::path::PathBuf;

#[derive(clap::Args)]
pub(crate) struct ServeArgs {
    /// Unix socket to create (mode 0600)
    #[arg(long)]
    socket: Option<PathBuf>,
    /// Also listen on this TCP address (host:port)
    #[arg(long)]
    tcp: Option<String>,
    /// Version to report, MAJOR.MINOR.MICRO
    #[arg(long, default_value = "10.0.2")]
    qemu_version: String,
    /// Package string to report
    #[arg(long, default_value = "qapi-forge")]
    package: String,
    /// Do not offer the oob capability
    #[arg(long)]
    no_oob: bool,
    /// Largest accepted message in bytes
    #[arg(long, default_value_t = 64 << 20)]
    max_message_size: usize,
    /// Guest RAM in bytes (the balloon's initial actual size)
    #[arg(long, default_value_t = 1 << 30)]
    ram: i64,
    /// Worker threads of the runtime that accepts connections (each client
    /// is served on threads of its own)
    #[arg(long, default_value_t = 1)]
    threads: usize,
}

pub(crate) fn run(a: ServeArgs) -> i32 {
    let mut parts = a
        .qemu_version
        .split('.')
        .map(|p| p.parse::<i64>().unwrap_or(0));
    let version = VersionInfo {
        major: parts.next().unwrap_or(0),
        minor: parts.next().unwrap_or(0),
        micro: parts.next().unwrap_or(0),
        package: a.package.clone(),
    };
    if a.socket.is_none() && a.tcp.is_none() {
        eprintln!("qmp serve: give --socket PATH and/or --tcp HOST:PORT");
        return 2;
    }
    // The runtime accepts connections, waits for signals and serves async
    // tables; sessions of our synchronous table run on their own threads.
    // One thread: a current-thread runtime; more: a work-stealing one.
    let mut builder = if a.threads <= 1 {
        tokio::runtime::Builder::new_current_thread()
    } else {
        let mut b = tokio::runtime::Builder::new_multi_thread();
        b.worker_threads(a.threads);
        b
    };
    let rt = match builder.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("qmp serve: {e}");
            return 1;
        }
    };
    rt.block_on(async move {
        let mut config = ServerConfig {
            version: version.clone(),
            offer_oob: !a.no_oob,
            ..ServerConfig::default()
        };
        config.limits.max_message_size = a.max_message_size;
        let sim = Sim::new(version, a.ram);
        let server = Server::new(config, sim.dispatch());
        sim.start(server.events());
        if let Some(p) = &a.socket {
            if let Err(e) = server.listen_unix(p) {
                eprintln!("qmp serve: {}: {e}", p.display());
                return 1;
            }
        }
        if let Some(t) = &a.tcp {
            match server.listen_tcp(t).await {
                Ok((addr, _)) => eprintln!("qmp serve: listening on {addr}"),
                Err(e) => {
                    eprintln!("qmp serve: {t}: {e}");
                    return 1;
                }
            }
        }
        let handle = server.handle();
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
        let sigterm = async {
            match term.as_mut() {
                Some(t) => {
                    t.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            _ = handle.wait() => {}
            _ = tokio::signal::ctrl_c() => handle.shutdown(),
            _ = sigterm => handle.shutdown(),
        }
        // let sessions flush
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        0
    })
}
