//! `modelroute explain <ID>`: the whole story of a resolution.

use std::io::Write;

use modelroute_core::{explain_with, Report};

use crate::cli::ExplainArgs;
use crate::environment::Environment;
use crate::error::CliResult;
use crate::exit::ExitStatus;
use crate::render::explain::human;
use crate::session;

pub fn run(args: &ExplainArgs, env: &Environment, out: &mut impl Write) -> CliResult {
    let options = session::options(env, &args.id, &args.resolution)?;
    let mut e = explain_with(&args.id, env, &options, &session::platform_context());
    let status = match e.report {
        Report::Resolved(_) => ExitStatus::Success,
        Report::Failed(_) => ExitStatus::Resolution,
    };
    if args.json {
        if !args.show_secrets {
            e.report.redact_secrets();
        }
        serde_json::to_writer(&mut *out, &e)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", human(&e, env, &options, args.show_secrets))?;
    }
    Ok(status)
}
