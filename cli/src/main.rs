//! `modelroute`: a thin shell around modelroute-core. It reads the real
//! environment (process, `.env`, token file), hands it to core, and prints.
//!
//! Layers, each importing only the ones below it (checked by
//! `scripts/check-cycles.sh`):
//!
//! | layer | modules |
//! |---|---|
//! | entry | `main`: parse, run, render the error once, exit |
//! | commands | `commands/*`: one thin adapter per subcommand |
//! | rendering | `render/*`: every human form, and the one error renderer |
//! | clients | `chat` (run, shell), `probe` (staged probe, effort cascade, discovery) |
//! | network | `net`: the one HTTP client, connect stage, transport errors |
//! | session | `session`: resolve options, targets, the Hub-token gate |
//! | values | `error` (`CliError`), `failure` (how each probe failure reads), `environment`, `scrub` |
//! | surface and tables | `cli` (clap), `exit`, `shell_commands` |

mod agent_file;
mod chat;
mod cli;
mod commands;
mod environment;
mod error;
mod exit;
mod failure;
mod net;
mod probe;
mod render;
mod scrub;
mod session;
mod shell_commands;

use std::io::{BufReader, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use crate::cli::{Cli, ColorWhen, Command};
use crate::environment::{DotenvChoice, Environment};
use crate::error::CliResult;
use crate::exit::ExitStatus;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitStatus::Usage.into()
            } else {
                ExitStatus::Success.into()
            };
        }
    };
    if let Command::Resolve(args) = &cli.command {
        // clap's `requires` does not fire for a flag next to a positional
        // here, so the rule is checked by hand, with clap's own rendering.
        if args.redact && !args.batch {
            let err = Cli::command().error(
                clap::error::ErrorKind::MissingRequiredArgument,
                "`--redact` only applies to `--batch`; `resolve` redacts by default (see --show-secrets)",
            );
            let _ = err.print();
            return ExitStatus::Usage.into();
        }
    }
    match cli.global.color {
        ColorWhen::Auto => {}
        ColorWhen::Always => anstream::ColorChoice::Always.write_global(),
        ColorWhen::Never => anstream::ColorChoice::Never.write_global(),
    }
    match run(&cli) {
        Ok(status) => status.into(),
        // A closed pipe (`modelroute ... | head`) is a quiet success.
        Err(e) if e.is_broken_pipe() => ExitStatus::Success.into(),
        Err(e) => {
            render::error(&e);
            e.exit_status().into()
        }
    }
}

/// The session token the command line carries, if any.
fn session_token(command: &Command) -> Option<&str> {
    match command {
        Command::Resolve(a) => a.resolution.session_token.as_deref(),
        Command::Explain(a) => a.resolution.session_token.as_deref(),
        Command::Probe(a) => a.resolution.session_token.as_deref(),
        Command::Doctor(a) => a.resolution.session_token.as_deref(),
        _ => None,
    }
}

fn run(cli: &Cli) -> CliResult {
    let stdout = anstream::stdout();
    let mut out = stdout.lock();
    if let Command::Completions { shell } = &cli.command {
        // Generated into memory: clap_complete panics on a write error, and
        // a closed pipe must stay a quiet success.
        let mut script = Vec::new();
        clap_complete::generate(*shell, &mut Cli::command(), "modelroute", &mut script);
        out.write_all(&script)?;
        return Ok(ExitStatus::Success);
    }
    if let Command::Validate(args) = &cli.command {
        return Ok(commands::validate::run(args, &mut out)?);
    }
    let dotenv = match (&cli.global.env_file, cli.global.no_dotenv) {
        (_, true) => DotenvChoice::None,
        (Some(path), false) => DotenvChoice::File(path.clone()),
        (None, false) => DotenvChoice::Default,
    };
    let env = Environment::gather(&dotenv)?;
    // Everything printed for people passes the scrubber, unless the user
    // asked to see secrets; batch output is machine input and has its own
    // `--redact`.
    let show_secrets = match &cli.command {
        Command::Resolve(args) => args.show_secrets || args.batch,
        Command::Explain(args) => args.show_secrets,
        Command::Export(args) => args.show_secrets,
        _ => false,
    };
    if !show_secrets {
        scrub::learn(
            &env,
            std::env::vars_os().filter_map(|(k, _)| k.into_string().ok()),
        );
        if let Some((_, names)) = &env.dotenv {
            scrub::learn(&env, names.iter().cloned());
        }
        for arg in [session_token(&cli.command)].into_iter().flatten() {
            scrub::add_key(arg);
        }
    }
    let mut buffer: Vec<u8> = Vec::new();
    let result: CliResult = match &cli.command {
        Command::Resolve(args) if args.batch => {
            // Batch output is machine input: no colour codes, big buffers.
            drop(out);
            let raw = std::io::stdout();
            let mut w = std::io::BufWriter::with_capacity(64 * 1024, raw.lock());
            let mut input = BufReader::with_capacity(64 * 1024, std::io::stdin().lock());
            let status = commands::batch::run(&env, args.redact, &mut input, &mut w)?;
            w.flush()?;
            return Ok(status);
        }
        Command::Resolve(args) => match &args.id {
            Some(id) => commands::resolve::run(id, args, &env, &mut buffer),
            None => Ok(ExitStatus::Usage),
        },
        Command::Explain(args) => commands::explain::run(args, &env, &mut buffer),
        Command::Export(args) => commands::export::run(args, &env, &mut buffer),
        Command::Providers(args) => Ok(commands::providers::run(args, &env, &mut buffer)?),
        Command::Probe(args) => commands::probe::run(args, &env, &mut buffer),
        Command::Doctor(args) => commands::doctor::run(args, &env, &mut buffer),
        Command::Discover(args) => commands::discover::run(args, &env, &mut buffer),
        // Answers stream straight to stdout as they arrive.
        Command::Run(args) => commands::run::run(args, &env, &mut out),
        Command::Shell(args) => commands::shell::run(args, &env, &mut out),
        Command::Validate(_) | Command::Completions { .. } => Ok(ExitStatus::Success),
    };
    let text = String::from_utf8_lossy(&buffer);
    if show_secrets {
        out.write_all(text.as_bytes())?;
    } else {
        out.write_all(scrub::scrub(&text).as_bytes())?;
    }
    out.flush()?;
    result
}
