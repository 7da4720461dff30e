//! `qmp shell`: an interactive prompt. Input is `COMMAND [JSON-ARGS]`;
//! command names complete from the server's `query-commands` (with
//! `--guest-agent`, from the agent's `guest-info`); history is
//! kept in `~/.qmp_history`. Events that arrived are printed before each
//! prompt. A return value is printed as pretty JSON, an error as
//! `Class: desc`. When standard input is not a terminal, lines are read
//! from it without editing (for scripts).

use super::{agent, Target};
use qmp::client::blocking::Client;
use qmp::client::ClientError;
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{Context, Editor, Helper};

/// Completes the command name before the cursor (`pos`, a byte offset in
/// `line`) from `names` (sorted); returns where the completed word starts
/// and the candidates. Arguments are not completed.
pub fn complete(names: &[String], line: &str, pos: usize) -> (usize, Vec<String>) {
    let head = line.get(..pos).unwrap_or(line);
    let start = head.len() - head.trim_start().len();
    let word = &head[start..];
    if word.contains(char::is_whitespace) {
        return (pos, vec![]);
    }
    let v = names
        .iter()
        .filter(|c| c.starts_with(word))
        .cloned()
        .collect();
    (start, v)
}

/// The server's command names (`query-commands`), sorted.
pub fn command_names(c: &mut Client) -> Result<Vec<String>, ClientError> {
    let v = c.execute_raw("query-commands", None)?;
    let mut names: Vec<String> = v
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.get("name").and_then(|n| n.as_str()).map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    Ok(names)
}

struct Commands(Vec<String>);

impl Completer for Commands {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let (start, names) = complete(&self.0, line, pos);
        let v = names
            .into_iter()
            .map(|c| Pair {
                display: c.clone(),
                replacement: c,
            })
            .collect();
        Ok((start, v))
    }
}

impl Hinter for Commands {
    type Hint = String;
}
impl Highlighter for Commands {}
impl Validator for Commands {}
impl Helper for Commands {}

/// Splits `name {json}` into name and arguments.
pub fn parse_line(line: &str) -> Result<(String, Option<serde_json::Value>), String> {
    let line = line.trim();
    let (name, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let rest = rest.trim();
    let args = if rest.is_empty() {
        None
    } else {
        Some(serde_json::from_str(rest).map_err(|e| format!("arguments are not valid JSON: {e}"))?)
    };
    Ok((name.to_string(), args))
}

/// The shell's connection: to QMP or to the guest agent.
enum Conn {
    Qmp(Client),
    Agent(agent::Client, agent::Commands),
}

impl Conn {
    fn open(target: &Target) -> Result<Conn, ClientError> {
        if target.guest_agent {
            let mut c = target.connect_agent()?;
            let cmds = agent::Commands::of(&mut c);
            return Ok(Conn::Agent(c, cmds));
        }
        target.connect().map(Conn::Qmp)
    }

    /// The command names to complete. Without the list (a server that
    /// lacks the command) nothing completes.
    fn names(&mut self) -> Vec<String> {
        match self {
            Conn::Qmp(c) => command_names(c).unwrap_or_default(),
            Conn::Agent(_, cmds) => cmds.names(),
        }
    }

    fn prompt(&self) -> &'static str {
        match self {
            Conn::Qmp(_) => "(QMP) ",
            Conn::Agent(..) => "(QGA) ",
        }
    }

    fn execute(
        &mut self,
        name: &str,
        args: Option<serde_json::Value>,
    ) -> Result<serde_json::Value, ClientError> {
        match self {
            Conn::Qmp(c) => c.execute_raw(name, args),
            Conn::Agent(c, cmds) => cmds.run(c, name, args),
        }
    }

    fn take_events(&mut self) -> Vec<qmp::EventMessage> {
        match self {
            Conn::Qmp(c) => c.take_events(),
            Conn::Agent(..) => Vec::new(),
        }
    }
}

pub(crate) fn run(target: &Target) -> i32 {
    let mut c = match Conn::open(target) {
        Ok(c) => c,
        Err(e) => return super::report(&e),
    };
    let names = c.names();
    let mut ed: Editor<Commands, rustyline::history::DefaultHistory> = match Editor::new() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("qmp shell: {e}");
            return 1;
        }
    };
    ed.set_helper(Some(Commands(names)));
    let hist = std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".qmp_history"));
    if let Some(h) = &hist {
        let _ = ed.load_history(h);
    }
    let mut status = 0;
    loop {
        for ev in c.take_events() {
            println!("{}", serde_json::to_string(&ev).unwrap_or_default());
        }
        let line = match ed.readline(c.prompt()) {
            Ok(l) => l,
            Err(ReadlineError::Interrupted) => continue,
            Err(_) => break,
        };
        if line.trim().is_empty() {
            continue;
        }
        let _ = ed.add_history_entry(line.as_str());
        match parse_line(&line) {
            Err(e) => eprintln!("{e}"),
            Ok((name, args)) => match c.execute(&name, args) {
                Ok(v) => println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default()),
                Err(ClientError::Qmp(e)) => println!("{}: {}", e.class, e.desc),
                Err(e) => {
                    // the connection is gone (or the server stopped answering)
                    eprintln!("qmp: {e}");
                    status = 1;
                    break;
                }
            },
        }
    }
    if let Some(h) = &hist {
        let _ = ed.save_history(h);
    }
    status
}
