//! `modelroute discover`: which local servers answer, what they are, and
//! the models each serves as ready-to-paste ids. Every candidate is probed
//! at once, so the whole run takes about as long as one probe.

use std::io::Write;

use crate::cli::DiscoverArgs;
use crate::environment::Environment;
use crate::error::CliResult;
use crate::exit::ExitStatus;
use crate::net;
use crate::probe::discovery::{candidates, survey_all};
use crate::render;

pub fn run(args: &DiscoverArgs, env: &Environment, out: &mut impl Write) -> CliResult {
    let cands = candidates(env, false);
    let started = std::time::Instant::now();
    let found = net::runtime().block_on(survey_all(cands, args.connect_timeout, args.timeout));
    let total_ms = started.elapsed().as_secs_f64() * 1e3;
    if args.json {
        serde_json::to_writer(
            &mut *out,
            &serde_json::json!({"servers": found, "total_ms": total_ms}),
        )?;
        writeln!(out)?;
        return Ok(ExitStatus::Success);
    }
    render::discover::human(&found, total_ms, out)?;
    Ok(ExitStatus::Success)
}
