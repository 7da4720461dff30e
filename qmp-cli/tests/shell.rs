//! `qmp shell` against `qmp serve`: the completion function on the server's
//! `query-commands`, the shell reading a script from a pipe, and the shell
//! in a terminal (a pseudo-terminal driven like a user: Tab completion,
//! history recalled with the Up arrow and saved on exit, errors as
//! `Class: desc`); and `qmp shell --guest-agent` against a real qemu-ga
//! (completion from `guest-info`).

mod common;

use common::*;
use qmp::client::blocking::Client;
use qmp_cli::cli::shell::{command_names, complete, parse_line};
use qmp_cli::sim::{EXTRA_COMMANDS, SCHEMA_COMMANDS};
use std::fs::File;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[test]
fn completion_candidates_come_from_query_commands() {
    let server = qmp_serve(&[]);
    let mut c = Client::connect_unix(&server.socket).expect("connect");
    let names = command_names(&mut c).expect("query-commands");
    let mut expected: Vec<String> = SCHEMA_COMMANDS
        .iter()
        .chain(EXTRA_COMMANDS)
        .map(|s| s.to_string())
        .collect();
    expected.sort();
    assert_eq!(names, expected);
    // a unique prefix, a shared one, leading blanks, and nothing after the name
    assert_eq!(
        complete(&names, "query-ver", 9),
        (0, vec!["query-version".into()])
    );
    assert_eq!(
        complete(&names, "query-qmp", 9),
        (0, vec!["query-qmp-schema".into()]),
        "commands beyond the schema's come from the server"
    );
    let (start, all) = complete(&names, "query-", 6);
    assert_eq!(start, 0);
    let queries: Vec<String> = names
        .iter()
        .filter(|n| n.starts_with("query-"))
        .cloned()
        .collect();
    assert_eq!(all, queries);
    assert!(all.len() >= 5, "{all:?}");
    assert_eq!(complete(&names, "  sto", 5), (2, vec!["stop".into()]));
    assert_eq!(complete(&names, "", 0).1, names);
    assert!(complete(&names, "balloon {\"va", 12).1.is_empty());
    assert!(complete(&names, "nosuch", 6).1.is_empty());
    // the cursor, not the line's end, delimits the word
    assert_eq!(complete(&names, "stopx", 3), (0, vec!["stop".into()]));
}

#[test]
fn lines_split_into_command_and_arguments() {
    assert_eq!(parse_line("  stop  ").unwrap(), ("stop".to_string(), None));
    assert_eq!(
        parse_line("balloon {\"value\": 1}").unwrap(),
        ("balloon".to_string(), Some(serde_json::json!({"value": 1})))
    );
    assert!(parse_line("balloon {value").is_err());
}

fn shell(socket: &std::path::Path, home: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qmp"));
    cmd.arg("shell")
        .arg("--socket")
        .arg(socket)
        .env("HOME", home)
        .env("TERM", "xterm");
    cmd
}

#[test]
fn shell_runs_a_script_from_a_pipe() {
    let server = qmp_serve(&[]);
    let home = TempDir::new("shell-home");
    let mut child = shell(&server.socket, &home.0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start qmp shell");
    let script = concat!(
        "query-status\n",
        "balloon {\"value\": 536870912}\n",
        "balloon {\"value\": \"big\"}\n",
        "no-such-command\n",
        "query-version {\"x\": 1}\n",
        "\n",
        "stop {bad json\n",
        "stop\n",
        "query-status\n",
    );
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(script.as_bytes())
        .expect("write script");
    let out = child.wait_with_output().expect("shell output");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    // returns are printed as JSON, pretty
    let running = "{\n  \"status\": \"running\",\n  \"running\": true\n}";
    let paused = "{\n  \"status\": \"paused\",\n  \"running\": false\n}";
    let at = |needle: &str| {
        stdout
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} missing from:\n{stdout}"))
    };
    let order = [
        at(running),
        at("{}\n"),
        at("GenericError: Invalid parameter type for 'value', expected: integer\n"),
        at("CommandNotFound: The command no-such-command has not been found\n"),
        at("GenericError: Parameter 'x' is unexpected\n"),
        at(paused),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{stdout}");
    assert!(stderr.contains("arguments are not valid JSON"), "{stderr}");
    // the STOP event of `stop` is printed before the next prompt
    let stop_event = at("\"event\":\"STOP\"");
    assert!(stop_event < at(paused), "{stdout}");
    // every line entered is in the history file
    let hist = std::fs::read_to_string(home.path(".qmp_history")).expect("history saved");
    for l in ["query-status", "no-such-command", "stop {bad json"] {
        assert!(hist.lines().any(|h| h == l), "{l:?} not in {hist:?}");
    }
}

/// A pseudo-terminal: the master side for the test, the slave side for the
/// shell.
mod pty {
    use std::fs::{File, OpenOptions};
    use std::os::fd::FromRawFd;
    use std::os::raw::{c_char, c_int};
    use std::os::unix::fs::OpenOptionsExt;

    extern "C" {
        fn posix_openpt(flags: c_int) -> c_int;
        fn grantpt(fd: c_int) -> c_int;
        fn unlockpt(fd: c_int) -> c_int;
        fn ptsname_r(fd: c_int, buf: *mut c_char, len: usize) -> c_int;
    }

    const O_RDWR: c_int = 0o2;
    const O_NOCTTY: c_int = 0o400;

    /// (master, slave)
    pub fn open() -> (File, File) {
        // SAFETY: plain libc calls on a descriptor we own; the name buffer
        // is large enough and NUL-terminated by ptsname_r.
        unsafe {
            let fd = posix_openpt(O_RDWR | O_NOCTTY);
            assert!(fd >= 0, "posix_openpt failed");
            let master = File::from_raw_fd(fd);
            assert_eq!(grantpt(fd), 0, "grantpt");
            assert_eq!(unlockpt(fd), 0, "unlockpt");
            let mut name = [0 as c_char; 128];
            assert_eq!(ptsname_r(fd, name.as_mut_ptr(), name.len()), 0, "ptsname_r");
            let name = std::ffi::CStr::from_ptr(name.as_ptr())
                .to_string_lossy()
                .into_owned();
            let slave = OpenOptions::new()
                .read(true)
                .write(true)
                .custom_flags(O_NOCTTY)
                .open(&name)
                .expect("open the pty slave");
            (master, slave)
        }
    }
}

/// What the shell printed on the terminal, read by a thread that also
/// answers the shell's cursor-position queries as a terminal would.
struct Screen {
    out: Arc<Mutex<Vec<u8>>>,
    input: File,
}

const CURSOR_QUERY: &[u8] = b"\x1b[6n";

impl Screen {
    fn new(master: File) -> Screen {
        let out = Arc::new(Mutex::new(Vec::new()));
        let mut rd = master.try_clone().expect("clone master");
        let mut answer = master.try_clone().expect("clone master");
        let o = out.clone();
        std::thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            let mut answered = 0;
            // ends with EIO once the shell has exited
            while let Ok(n @ 1..) = rd.read(&mut chunk) {
                let mut all = o.lock().unwrap();
                all.extend_from_slice(&chunk[..n]);
                let queries = count(&all, CURSOR_QUERY);
                while answered < queries {
                    let _ = answer.write_all(b"\x1b[1;1R");
                    answered += 1;
                }
            }
        });
        Screen { out, input: master }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.out.lock().unwrap()).into_owned()
    }

    fn mark(&self) -> usize {
        self.out.lock().unwrap().len()
    }

    /// Waits until the output after `mark` contains `needle`; returns where
    /// it ends.
    fn wait_for(&self, mark: usize, needle: &str) -> usize {
        let start = Instant::now();
        loop {
            let all = self.out.lock().unwrap().clone();
            if let Some(end) = nth(&all[mark.min(all.len())..], needle.as_bytes(), 1) {
                return mark + end;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{needle:?} never appeared; the screen:\n{}",
                String::from_utf8_lossy(&all)
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until the output after `mark` contains `needle` and then a
    /// prompt; returns where the prompt ends.
    fn wait_then_prompt(&self, mark: usize, needle: &str) -> usize {
        let at = self.wait_for(mark, needle);
        self.wait_for(at, "(QMP) ")
    }

    /// [`Screen::wait_then_prompt`] for the guest agent's prompt.
    fn wait_then_qga_prompt(&self, mark: usize, needle: &str) -> usize {
        let at = self.wait_for(mark, needle);
        self.wait_for(at, "(QGA) ")
    }

    fn type_keys(&mut self, keys: &str) {
        self.input.write_all(keys.as_bytes()).expect("type");
    }

    /// Types Ctrl-D on an empty line; the shell must exit with success.
    fn exit_with_ctrl_d(&mut self, child: &mut std::process::Child) {
        self.type_keys("\x04");
        let start = Instant::now();
        let status = loop {
            if let Some(st) = child.try_wait().expect("wait") {
                break st;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the shell did not exit on Ctrl-D:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "{status}:\n{}", self.text());
    }
}

/// Starts the shell on a pseudo-terminal.
fn in_terminal(cmd: &mut Command) -> (std::process::Child, Screen) {
    let (master, slave) = pty::open();
    let child = cmd
        .stdin(Stdio::from(slave.try_clone().expect("slave")))
        .stdout(Stdio::from(slave.try_clone().expect("slave")))
        .stderr(Stdio::from(slave))
        .spawn()
        .expect("start qmp shell");
    (child, Screen::new(master))
}

fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

/// Where the `n`th (from 1) occurrence of `needle` ends.
fn nth(hay: &[u8], needle: &[u8], n: usize) -> Option<usize> {
    hay.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .nth(n - 1)
        .map(|(i, _)| i + needle.len())
}

#[test]
fn shell_in_a_terminal_completes_and_keeps_history() {
    let server = qmp_serve(&[]);
    let home = TempDir::new("shell-tty");
    // a previous session's history
    std::fs::write(home.path(".qmp_history"), "#V2\nquery-balloon\n").expect("seed history");
    let (mut child, mut screen) = in_terminal(&mut shell(&server.socket, &home.0));

    // Up recalls the previous session's command
    let m = screen.wait_for(0, "(QMP) ");
    screen.type_keys("\x1b[A");
    screen.wait_for(m, "query-balloon");
    screen.type_keys("\r");
    let m = screen.wait_then_prompt(m, "\"actual\": 1073741824");

    // Tab completes a unique prefix to the server's command
    screen.type_keys("query-ver\t");
    screen.wait_for(m, "sion");
    screen.type_keys("\r");
    let m = screen.wait_then_prompt(m, "\"package\": \"qapi-forge\"");

    // a name only the server's query-commands knows completes too; Ctrl-U
    // then discards the line
    screen.type_keys("query-qmp\t");
    screen.wait_for(m, "-schema");
    screen.type_keys("\x15");
    // a command with arguments, completed, and its error
    let m = screen.mark();
    screen.type_keys("sto\t");
    screen.wait_for(m, "p");
    screen.type_keys(" {\"x\": 1}\r");
    let m = screen.wait_then_prompt(m, "GenericError: Parameter 'x' is unexpected");

    // the previous line is one Up away; replaced, the line runs
    screen.type_keys("\x1b[A");
    screen.wait_for(m, "{\"x\": 1}");
    screen.type_keys("\x15query-status\r");
    screen.wait_then_prompt(m, "\"status\": \"running\"");

    // Ctrl-D on an empty line leaves, saving the history
    screen.exit_with_ctrl_d(&mut child);
    let hist = std::fs::read_to_string(home.path(".qmp_history")).expect("history saved");
    let lines: Vec<&str> = hist.lines().collect();
    for l in [
        "query-balloon",
        "query-version",
        "stop {\"x\": 1}",
        "query-status",
    ] {
        assert!(lines.contains(&l), "{l:?} not in {hist:?}");
    }
    assert!(
        !lines.contains(&"query-qmp-schema"),
        "a discarded line is not history: {hist:?}"
    );
}

#[test]
fn guest_agent_completion_comes_from_guest_info() {
    let Some(ga) = qemu_ga() else { return };
    let mut c = qmp::client::agent::blocking::Client::connect_unix(&ga.socket).expect("connect");
    let cmds = qmp_cli::cli::agent::Commands::of(&mut c);
    let names = cmds.names();
    for n in [
        "guest-ping",
        "guest-info",
        "guest-exec",
        "guest-file-open",
        "guest-shutdown",
    ] {
        assert!(names.iter().any(|x| x == n), "{n} not in {names:?}");
    }
    assert!(names.windows(2).all(|w| w[0] < w[1]), "sorted");
    assert!(!cmds.replies("guest-shutdown"));
    assert!(!cmds.replies("guest-suspend-ram"));
    assert!(cmds.replies("guest-ping"));
    assert!(cmds.replies("no-such-command"));
    assert_eq!(
        complete(&names, "guest-file-o", 12),
        (0, vec!["guest-file-open".into()])
    );
    let (_, execs) = complete(&names, "guest-exec", 10);
    assert_eq!(execs, vec!["guest-exec", "guest-exec-status"]);
}

#[test]
fn guest_agent_shell_in_a_terminal() {
    let Some(ga) = qemu_ga() else { return };
    let home = TempDir::new("shell-qga");
    let (mut child, mut screen) = in_terminal(shell(&ga.socket, &home.0).arg("--guest-agent"));
    let m = screen.wait_for(0, "(QGA) ");
    // Tab completes from guest-info's commands
    screen.type_keys("guest-in\t");
    screen.wait_for(m, "fo");
    screen.type_keys("\r");
    let m = screen.wait_then_qga_prompt(m, "\"version\": \"10.0.2\"");
    screen.type_keys("guest-pnig\r");
    let m = screen.wait_then_qga_prompt(
        m,
        "CommandNotFound: The command guest-pnig has not been found",
    );
    // a success-response: false command returns at once (this agent
    // refuses it, and the refusal is dropped); the session goes on
    screen.type_keys("guest-shutdown\r");
    let m = screen.wait_then_qga_prompt(m, "{}");
    screen.type_keys("guest-ping\r");
    screen.wait_then_qga_prompt(m, "{}");
    screen.exit_with_ctrl_d(&mut child);
}
