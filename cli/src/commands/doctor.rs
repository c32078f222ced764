//! `modelroute doctor [ID]`: explanation, diagnostics and probe in one
//! report, ending with a one-line verdict and the next command to run.

use std::io::Write;

use modelroute_core::{explain_with, Report, Severity};
use serde::Serialize;

use crate::cli::DoctorArgs;
use crate::environment::Environment;
use crate::error::CliResult;
use crate::exit::{probe_exit_code, ExitStatus};
use crate::probe::discovery::{candidates, survey_all};
use crate::probe::outcome::{self, Output};
use crate::{net, render, session};

/// The doctor's report for one id.
#[derive(Debug, Serialize)]
struct IdReport<'a> {
    explanation: modelroute_core::Explanation<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    probe: Option<Output>,
    ok: bool,
    verdict: String,
    next: String,
}

pub fn run(args: &DoctorArgs, env: &Environment, out: &mut impl Write) -> CliResult {
    match &args.id {
        Some(id) => one(id, args, env, out),
        None => all(args, env, out),
    }
}

/// The first backticked command in a list of fixes, if any.
fn command_in(fixes: &[String]) -> Option<String> {
    fixes.iter().find_map(|f| {
        let start = f.find('`')? + 1;
        let len = f[start..].find('`')?;
        let cmd = &f[start..start + len];
        cmd.contains(' ').then(|| cmd.to_owned())
    })
}

fn one(id: &str, args: &DoctorArgs, env: &Environment, out: &mut impl Write) -> CliResult {
    let mut options = session::options(env, id, &args.resolution)?;
    let mut explanation = explain_with(id, env, &options, &session::platform_context());
    let preference = options.effort.take().filter(|e| !e.is_empty());
    // A resolution error or a route with no endpoint is told by the
    // explanation and the verdict, not probed.
    let probe = session::target(id, env, &options)
        .ok()
        .map(|(route, target)| {
            super::probe::probe_target(id, route, target, preference, &args.limits, &args.checks)
        });
    let blocking = explanation
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error);
    let (ok, verdict, next, status) = match (&explanation.report, &probe) {
        (Report::Failed(f), _) => (
            false,
            format!("`{id}` does not resolve: {}", f.error),
            f.error
                .hints()
                .first()
                .cloned()
                .unwrap_or_else(|| format!("modelroute explain {id}")),
            ExitStatus::Resolution,
        ),
        (Report::Resolved(_), Some(o)) if o.probe.ok => (
            true,
            o.verdict.clone(),
            format!("modelroute export {id} --to env   # hand the setup to your tools"),
            ExitStatus::Success,
        ),
        (Report::Resolved(_), Some(o)) => {
            let f = o.probe.failure.as_ref();
            (
                false,
                o.verdict.clone(),
                f.and_then(|f| command_in(&f.fixes))
                    .unwrap_or_else(|| "modelroute discover".to_owned()),
                outcome::status_of(o),
            )
        }
        (Report::Resolved(_), None) => (
            true,
            format!("`{id}` resolves; its route cannot be probed from here"),
            format!("modelroute resolve {id} --json"),
            ExitStatus::Success,
        ),
    };
    let next = match blocking {
        Some(d) if ok => d.fix.clone(),
        _ => next,
    };
    if args.json {
        if let Report::Resolved(_) = &explanation.report {
            explanation.report.redact_secrets();
        }
        let report = IdReport {
            explanation,
            probe,
            ok,
            verdict,
            next,
        };
        serde_json::to_writer(&mut *out, &report)?;
        writeln!(out)?;
        return Ok(status);
    }
    write!(
        out,
        "{}",
        render::explain::human(&explanation, env, &options, false)
    )?;
    render::doctor::probe_and_verdict(probe.as_ref(), ok, &verdict, &next, out)?;
    Ok(status)
}

fn all(args: &DoctorArgs, env: &Environment, out: &mut impl Write) -> CliResult {
    let cands = candidates(env, true);
    let found = net::runtime().block_on(survey_all(
        cands,
        args.limits.connect_timeout,
        args.limits.timeout,
    ));
    let answering = found.iter().filter(|f| f.survey.answering).count();
    let next = match found.iter().find(|f| f.survey.answering && !f.model_ids.is_empty()) {
        Some(f) => format!("modelroute doctor {}", f.model_ids[0]),
        None if answering > 0 => "load a model into the server, then `modelroute discover`".to_owned(),
        None => "start a local server (e.g. `ollama serve`), or run `modelroute discover` to look on default ports".to_owned(),
    };
    let verdict = format!("{answering} of {} local base URLs answer", found.len());
    if args.json {
        serde_json::to_writer(
            &mut *out,
            &serde_json::json!({"servers": found, "ok": answering > 0, "verdict": verdict, "next": next}),
        )?;
        writeln!(out)?;
    } else {
        render::doctor::servers(&found, answering, &verdict, &next, out)?;
    }
    Ok(if answering > 0 {
        ExitStatus::Success
    } else {
        ExitStatus::Probe(probe_exit_code(
            modelroute_core::probe::FailureClass::ConnectionRefused,
        ))
    })
}
