//! Helpers shared by the integration tests (see `qmp_cli::testing`).
#![allow(unused_imports, dead_code)]

pub use qmp_cli::testing::*;

use qmp::protocol::VersionInfo;
use qmp::server::{Server, ServerConfig};
use qmp_cli::sim::Sim;

/// `qmp serve`'s simulated VM listening on a Unix socket in a temporary
/// folder, its listener on a runtime of `workers` threads.
pub struct Running {
    pub rt: tokio::runtime::Runtime,
    pub server: Server,
    pub socket: std::path::PathBuf,
    _dir: TempDir,
}

/// Starts a [`Running`] server; `name` names the folder and the version's
/// package.
pub fn start(name: &str, workers: usize, config: ServerConfig) -> Running {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .expect("rt");
    let dir = TempDir::new(name);
    let socket = dir.path("qmp.sock");
    let version = VersionInfo {
        major: 10,
        minor: 0,
        micro: 2,
        package: name.into(),
    };
    let sim = Sim::new(version, 1 << 30);
    let server = Server::new(config, sim.dispatch());
    sim.start(server.events());
    {
        let _g = rt.enter();
        server.listen_unix(&socket).expect("listen");
    }
    Running {
        rt,
        server,
        socket,
        _dir: dir,
    }
}
