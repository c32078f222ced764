//! `modelroute probe <ID>`: the staged probe, and for non-local ids with an
//! effort preference, the reference's effort cascade (SPEC §7). A thin
//! adapter: the probe is `probe::outcome`, its rendering `render::probe`.

use std::io::{IsTerminal, Write};

use modelroute_core::probe::ProbeTarget;
use modelroute_core::Route;

use crate::cli::{CheckArgs, ProbeArgs};
use crate::environment::Environment;
use crate::error::{CliError, CliResult};
use crate::exit::ExitStatus;
use crate::probe::outcome::{self, Output};
use crate::probe::{wait, Checks, Limits};
use crate::{net, render, session};

pub fn run(args: &ProbeArgs, env: &Environment, out: &mut impl Write) -> CliResult {
    let output = probe(&args.id, &args.resolution, &args.limits, &args.checks, env)?;
    if args.json {
        serde_json::to_writer(&mut *out, &output)?;
        writeln!(out)?;
        return Ok(outcome::status_of(&output));
    }
    write!(out, "{}", render::probe::human(&output))?;
    match output.probe.failure {
        Some(f) => Err(CliError::Probe(Box::new(f))),
        None => Ok(ExitStatus::Success),
    }
}

/// Resolves `id` and probes it.
pub fn probe(
    id: &str,
    resolution: &crate::cli::ResolutionArgs,
    limits: &crate::cli::LimitArgs,
    checks: &CheckArgs,
    env: &Environment,
) -> Result<Output, CliError> {
    let mut options = session::options(env, id, resolution)?;
    // The probe resolves with no effort (SPEC §6); a preference only drives
    // the cascade of non-local ids.
    let preference = options.effort.take().filter(|e| !e.is_empty());
    Ok(match session::target(id, env, &options) {
        Err(session::Target::Resolution(e)) => return Err(CliError::Resolution(e)),
        Err(session::Target::Unsupported(route)) => outcome::unsupported(id, route),
        Ok((route, target)) => probe_target(id, route, target, preference, limits, checks),
    })
}

/// Probes a resolved target with the checks asked for, and with `--wait`,
/// again while it is not ready (progress on stderr): shared with `doctor`.
pub fn probe_target(
    id: &str,
    route: Route,
    target: ProbeTarget,
    preference: Option<String>,
    limits: &crate::cli::LimitArgs,
    checks: &CheckArgs,
) -> Output {
    let limits = Limits::from(limits);
    let each = Checks::from(checks);
    let attempt =
        |limits| outcome::probe_any(id, route, target.clone(), preference.clone(), limits, each);
    net::runtime().block_on(async {
        match checks.wait {
            None => attempt(limits).await,
            Some(wait) => {
                let stderr = std::io::stderr();
                let terminal = stderr.is_terminal();
                let mut progress = wait::Progress::new(stderr.lock(), terminal);
                wait::until_ready(id, wait, limits, attempt, &mut progress).await
            }
        }
    })
}
