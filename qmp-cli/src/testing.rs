//! Helpers for the integration tests of `qmp` and `qmp-cli`: temporary
//! folders, real QEMU servers started on Unix sockets (each stopped by its
//! own PID), a raw line-based QMP connection, and the corpus location.
//! Not part of the API.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `../shared/corpus/qmp-transcripts` next to the project root.
pub fn transcripts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/qmp-transcripts")
}

/// True when tests must not skip for missing corpus or QEMU binaries.
pub fn required() -> bool {
    std::env::var("QAPI_REQUIRE_CORPUS").is_ok_and(|v| v == "1")
}

/// Skips (with a visible message) or fails when `what` is missing.
pub fn skip_or_fail(what: &str) -> bool {
    if required() {
        panic!("{what} is missing and QAPI_REQUIRE_CORPUS=1");
    }
    eprintln!("SKIPPED: {what} is not available");
    true
}

/// A fresh temporary directory, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let p = std::env::temp_dir().join(format!("qmp-test-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("temp dir");
        TempDir(p)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A child process stopped by its own PID on drop.
pub struct Proc {
    pub child: Child,
    pub socket: PathBuf,
    /// The folder holding the socket, removed with the process.
    pub dir: TempDir,
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until a server listens on `p` (or fails when it exits early).
pub fn wait_for_socket(p: &Path, child: &mut Child) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if UnixStream::connect(p).is_ok() {
            return;
        }
        if let Ok(Some(st)) = child.try_wait() {
            panic!("server exited early: {st}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("server socket {} never appeared", p.display());
}

pub fn have(bin: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {bin}"))
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Starts qemu-storage-daemon with a QMP monitor on a Unix socket.
pub fn qemu_storage_daemon() -> Option<Proc> {
    if !have("qemu-storage-daemon") {
        skip_or_fail("qemu-storage-daemon");
        return None;
    }
    let dir = TempDir::new("qsd");
    let socket = dir.path("qsd.sock");
    let mut child = Command::new("qemu-storage-daemon")
        .arg("--chardev")
        .arg(format!(
            "socket,id=m0,path={},server=on,wait=off",
            socket.display()
        ))
        .arg("--monitor")
        .arg("chardev=m0")
        .stdin(Stdio::null())
        .spawn()
        .expect("start qemu-storage-daemon");
    wait_for_socket(&socket, &mut child);
    Some(Proc { child, socket, dir })
}

/// Starts qemu-system-x86_64 -machine none with a QMP monitor.
pub fn qemu_system() -> Option<Proc> {
    if !have("qemu-system-x86_64") {
        skip_or_fail("qemu-system-x86_64 (install with ../shared/tools/install-qemu-system.sh)");
        return None;
    }
    let dir = TempDir::new("sys");
    let socket = dir.path("sys.sock");
    let mut child = Command::new("qemu-system-x86_64")
        .args([
            "-machine",
            "none",
            "-nodefaults",
            "-display",
            "none",
            "-accel",
            "tcg",
            "-qmp",
        ])
        .arg(format!("unix:{},server=on,wait=off", socket.display()))
        .stdin(Stdio::null())
        .spawn()
        .expect("start qemu-system-x86_64");
    wait_for_socket(&socket, &mut child);
    Some(Proc { child, socket, dir })
}

/// The qemu-ga binary: on `PATH`, or where Debian installs it.
pub fn qemu_ga_bin() -> Option<PathBuf> {
    if have("qemu-ga") {
        return Some(PathBuf::from("qemu-ga"));
    }
    ["/usr/sbin/qemu-ga", "/usr/bin/qemu-ga"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// Starts qemu-ga listening on a Unix socket in a temporary folder (its
/// state and pid file there too), in the foreground, so that it is
/// stopped by its own PID.
pub fn qemu_ga() -> Option<Proc> {
    let Some(bin) = qemu_ga_bin() else {
        skip_or_fail("qemu-ga (install with ../shared/tools/install-qemu-guest-agent.sh)");
        return None;
    };
    let dir = TempDir::new("qga");
    let socket = dir.path("qga.sock");
    let child = spawn_qemu_ga(&bin, &dir.0, &socket);
    let mut p = Proc { child, socket, dir };
    wait_for_socket(&p.socket, &mut p.child);
    Some(p)
}

/// Commands the test agents refuse (`--block-rpcs`): qemu-ga runs on the
/// host itself here, so a test that sends these (to see a
/// `success-response: false` command return at once) must not power the
/// machine off or freeze its file systems.
pub const QEMU_GA_BLOCKED: &str = "guest-shutdown,guest-suspend-disk,guest-suspend-ram,guest-suspend-hybrid,guest-fsfreeze-freeze,guest-fsfreeze-freeze-list";

fn spawn_qemu_ga(bin: &Path, dir: &Path, socket: &Path) -> Child {
    Command::new(bin)
        .args(["-b", QEMU_GA_BLOCKED])
        .args(["-m", "unix-listen", "-p"])
        .arg(socket)
        .arg("-t")
        .arg(dir)
        .arg("-f")
        .arg(dir.join("qga.pid"))
        .stdin(Stdio::null())
        .spawn()
        .expect("start qemu-ga")
}

/// Kills a qemu-ga started by [`qemu_ga`] and starts a new one on the same
/// socket.
pub fn restart_qemu_ga(p: &mut Proc) {
    let _ = p.child.kill();
    let _ = p.child.wait();
    let bin = qemu_ga_bin().expect("qemu-ga");
    p.child = spawn_qemu_ga(&bin, &p.dir.0, &p.socket);
    wait_for_socket(&p.socket, &mut p.child);
}

/// A raw byte-level connection.
pub struct Raw {
    pub s: UnixStream,
    buf: Vec<u8>,
}

impl Raw {
    pub fn connect(p: &Path) -> Raw {
        let s = UnixStream::connect(p).expect("connect");
        Raw { s, buf: Vec::new() }
    }

    pub fn send(&mut self, b: &[u8]) {
        self.s.write_all(b).expect("send");
    }

    /// Reads until `n` lines arrived, then until the socket has been quiet
    /// for `quiet`; gives up after `max`.
    pub fn lines(&mut self, n: usize, quiet: Duration, max: Duration) -> Vec<String> {
        let start = Instant::now();
        let mut out = Vec::new();
        let mut chunk = vec![0u8; 1 << 16];
        loop {
            while let Some(pos) = self.buf.iter().position(|&b| b == b'\n') {
                let line: Vec<u8> = self.buf.drain(..=pos).collect();
                out.push(String::from_utf8_lossy(&line).into_owned());
            }
            let wait = if out.len() >= n {
                quiet
            } else {
                max.saturating_sub(start.elapsed())
            };
            if wait.is_zero() {
                return out;
            }
            self.s.set_read_timeout(Some(wait)).ok();
            match self.s.read(&mut chunk) {
                Ok(0) => return out,
                Ok(k) => self.buf.extend_from_slice(&chunk[..k]),
                Err(_) => {
                    if out.len() >= n || start.elapsed() >= max {
                        return out;
                    }
                }
            }
        }
    }

    /// Reads the greeting and negotiates.
    pub fn negotiate(&mut self, enable_oob: bool) {
        self.lines(1, Duration::ZERO, Duration::from_secs(10));
        if enable_oob {
            self.send(
                b"{\"execute\": \"qmp_capabilities\", \"arguments\": {\"enable\": [\"oob\"]}}\n",
            );
        } else {
            self.send(b"{\"execute\": \"qmp_capabilities\"}\n");
        }
        let r = self.lines(1, Duration::ZERO, Duration::from_secs(10));
        assert_eq!(r, vec!["{\"return\": {}}\r\n".to_string()]);
    }
}

/// Replaces event timestamps with a fixed one, for comparisons.
pub fn mask_timestamp(line: &str) -> String {
    match (line.find("\"timestamp\": {"), line.find("}, \"event\"")) {
        (Some(a), Some(b)) if a < b => format!("{}\"timestamp\": {{TS{}", &line[..a], &line[b..]),
        _ => line.to_string(),
    }
}
