//! `modelroute probe <ID>`: the staged probe, and for non-local ids with an
//! effort preference, the reference's effort cascade (SPEC §7). A thin
//! adapter: the probe is `probe::outcome`, its rendering `render::probe`.

use std::io::Write;

use crate::cli::ProbeArgs;
use crate::environment::Environment;
use crate::error::{CliError, CliResult};
use crate::exit::ExitStatus;
use crate::probe::outcome::{self, Output};
use crate::probe::Limits;
use crate::{net, render, session};

pub fn run(args: &ProbeArgs, env: &Environment, out: &mut impl Write) -> CliResult {
    let output = probe(&args.id, &args.resolution, &args.limits, env)?;
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

/// Resolves `id` and probes it: shared with `doctor`.
pub fn probe(
    id: &str,
    resolution: &crate::cli::ResolutionArgs,
    limits: &crate::cli::LimitArgs,
    env: &Environment,
) -> Result<Output, CliError> {
    let mut options = session::options(env, id, resolution)?;
    // The probe resolves with no effort (SPEC §6); a preference only drives
    // the cascade of non-local ids.
    let preference = options.effort.take().filter(|e| !e.is_empty());
    Ok(match session::target(id, env, &options) {
        Err(session::Target::Resolution(e)) => return Err(CliError::Resolution(e)),
        Err(session::Target::Unsupported(route)) => outcome::unsupported(id, route),
        Ok((route, target)) => net::runtime().block_on(outcome::probe_any(
            id,
            route,
            target,
            preference,
            Limits::from(limits),
        )),
    })
}
