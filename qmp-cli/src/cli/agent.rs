//! `--guest-agent`: the tool's commands against the QEMU guest agent.
//! What the agent says about its commands (`guest-info`) gives the shell's
//! completion and tells which commands send no reply on success
//! (`success-response: false`), so that `exec` and the shell return once
//! those are sent.

pub use qmp::client::agent::blocking::Client;
use qmp::client::ClientError;

/// The agent's commands, as `guest-info` lists them.
#[derive(Clone, Debug, Default)]
pub struct Commands {
    /// (name, success-response), sorted by name.
    list: Vec<(String, bool)>,
}

impl Commands {
    /// Asks the agent; an agent that refuses `guest-info` has an empty
    /// list (nothing completes, every command is awaited).
    pub fn of(c: &mut Client) -> Commands {
        let Ok(v) = c.execute_raw("guest-info", None) else {
            return Commands::default();
        };
        let mut list: Vec<(String, bool)> = v["supported_commands"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| {
                        let name = x["name"].as_str()?.to_string();
                        Some((name, x["success-response"].as_bool().unwrap_or(true)))
                    })
                    .collect()
            })
            .unwrap_or_default();
        list.sort();
        Commands { list }
    }

    /// The names, sorted.
    pub fn names(&self) -> Vec<String> {
        self.list.iter().map(|(n, _)| n.clone()).collect()
    }

    /// Whether `name` replies when it succeeds (unknown commands do: the
    /// agent answers them with an error).
    pub fn replies(&self, name: &str) -> bool {
        self.list
            .iter()
            .find(|(n, _)| n == name)
            .is_none_or(|(_, r)| *r)
    }

    /// Runs a command by name, not waiting for a reply from one that
    /// sends none.
    pub fn run(
        &self,
        c: &mut Client,
        name: &str,
        args: Option<serde_json::Value>,
    ) -> Result<serde_json::Value, ClientError> {
        c.call_raw(name, args, self.replies(name))
    }
}
