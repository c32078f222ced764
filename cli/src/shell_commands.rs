//! The shell's commands, as one table: parsing a line, `/help` and
//! `shell --help` all read [`COMMANDS`], so a command cannot be listed
//! without being dispatched, or dispatched without being listed. A leaf
//! module: `cli.rs` reads it for the help text, `commands::shell` for the
//! loop.

/// What a `/` line asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShellCommand {
    /// `/model [ID]`: list, or switch to ID.
    Model,
    /// `/models`: what the current local server serves.
    Models,
    /// `/env`: explain the current resolution.
    Env,
    /// `/clear`: forget the conversation.
    Clear,
    /// `/help`.
    Help,
    /// `/quit` (or `/exit`).
    Quit,
}

/// One row: the names that call it, the usage shown, what it does.
pub struct CommandRow {
    /// The command, and its aliases.
    pub names: &'static [&'static str],
    /// How `/help` shows it.
    pub usage: &'static str,
    /// What it does.
    pub what: &'static str,
    /// What it dispatches to.
    pub command: ShellCommand,
}

/// The shell's commands, in the order `/help` lists them.
pub const COMMANDS: &[CommandRow] = &[
    CommandRow {
        names: &["model"],
        usage: "/model [ID]",
        what: "show the current model and suggestions, or switch to ID",
        command: ShellCommand::Model,
    },
    CommandRow {
        names: &["models"],
        usage: "/models",
        what: "list what the current local server serves",
        command: ShellCommand::Models,
    },
    CommandRow {
        names: &["env"],
        usage: "/env",
        what: "explain how the current model resolves",
        command: ShellCommand::Env,
    },
    CommandRow {
        names: &["clear"],
        usage: "/clear",
        what: "forget the conversation",
        command: ShellCommand::Clear,
    },
    CommandRow {
        names: &["help"],
        usage: "/help",
        what: "list the commands",
        command: ShellCommand::Help,
    },
    CommandRow {
        names: &["quit", "exit"],
        usage: "/quit",
        what: "leave (so does Ctrl-D); Ctrl-C stops an answer",
        command: ShellCommand::Quit,
    },
];

/// Splits a line that starts with `/` into its command and argument.
/// `Err` carries the unknown name.
///
/// ```text
/// "/model  ollama/x " → Ok((Model, "ollama/x"))
/// "/nope"             → Err("nope")
/// ```
pub fn parse(command: &str) -> Result<(ShellCommand, &str), &str> {
    let (name, arg) = match command.split_once(char::is_whitespace) {
        Some((name, arg)) => (name, arg.trim()),
        None => (command, ""),
    };
    COMMANDS
        .iter()
        .find(|row| row.names.contains(&name))
        .map(|row| (row.command, arg))
        .ok_or(name)
}

/// `shell --help`'s closing text.
pub fn after_help() -> String {
    let mut s = String::from("Commands inside the shell:\n");
    for row in COMMANDS {
        s.push_str(&format!("  {:<12} {}\n", row.usage, row.what));
    }
    s.push_str(
        "\nA model that is not local needs a Hugging Face token; without one in the\n\
         environment or the token file, the shell asks for it. Details: docs/run.md",
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_parses_by_each_of_its_names() {
        for row in COMMANDS {
            for name in row.names {
                assert_eq!(parse(name), Ok((row.command, "")));
                assert_eq!(parse(&format!("{name}  arg ")), Ok((row.command, "arg")));
            }
            assert!(row.usage.starts_with(&format!("/{}", row.names[0])));
        }
        assert_eq!(parse("nope x"), Err("nope"));
    }
}
