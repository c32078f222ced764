//! `modelroute`: a thin shell around modelroute-core. It reads the real
//! environment (process, `.env`, token file), hands it to core, and prints.

mod cli;
mod commands;
mod environment;
mod exit;
mod probe;
mod render;

use std::io::{BufReader, ErrorKind, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use crate::cli::{Cli, ColorWhen, Command};
use crate::environment::Environment;
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
        Err(e) if e.kind() == ErrorKind::BrokenPipe => ExitStatus::Success.into(),
        Err(e) => {
            render::print_error(None, &format!("cannot write output: {e}"), &[]);
            ExitStatus::Io.into()
        }
    }
}

fn run(cli: &Cli) -> std::io::Result<ExitStatus> {
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
        return commands::validate::run(args, &mut out);
    }
    let env = match Environment::gather(&cli.global) {
        Ok(env) => env,
        Err(e) => {
            render::print_env_error(&e);
            return Ok(ExitStatus::Environment);
        }
    };
    let status = match &cli.command {
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
            Some(id) => commands::resolve::run(id, args, &env, &mut out)?,
            None => ExitStatus::Usage,
        },
        Command::Explain(args) => commands::explain::run(args, &env, &mut out)?,
        Command::Export(args) => commands::export::run(args, &env, &mut out)?,
        Command::Providers(args) => commands::providers::run(args, &env, &mut out)?,
        Command::Probe(args) => commands::probe::run(args, &env, &mut out)?,
        Command::Doctor(args) => commands::doctor::run(args, &env, &mut out)?,
        Command::Discover(args) => commands::discover::run(args, &env, &mut out)?,
        Command::Validate(_) | Command::Completions { .. } => ExitStatus::Success,
    };
    out.flush()?;
    Ok(status)
}
