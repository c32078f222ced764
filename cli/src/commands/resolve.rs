//! `modelroute resolve <ID>`: the resolution, for people or as JSON.

use std::io::Write;

use modelroute_core::{report, Report};

use crate::cli::ResolveArgs;
use crate::environment::Environment;
use crate::error::{CliError, CliResult};
use crate::exit::ExitStatus;
use crate::render::resolve::human;
use crate::session;

pub fn run(id: &str, args: &ResolveArgs, env: &Environment, out: &mut impl Write) -> CliResult {
    let options = session::options(env, id, &args.resolution)?;
    let mut report = report(id, env, &options);
    let status = match report {
        Report::Resolved(_) => ExitStatus::Success,
        Report::Failed(_) => ExitStatus::Resolution,
    };
    if !args.show_secrets {
        report.redact_secrets();
    }
    if args.json {
        serde_json::to_writer(&mut *out, &report)?;
        writeln!(out)?;
        return Ok(status);
    }
    match report {
        Report::Resolved(r) => write!(out, "{}", human(&r))?,
        Report::Failed(f) => return Err(CliError::Resolution(Box::new(f.error))),
    }
    Ok(status)
}
