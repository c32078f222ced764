//! `modelroute discover`: which local servers answer, what they are, and
//! the models each serves as ready-to-paste ids. Every candidate is probed
//! at once, so the whole run takes about as long as one probe.

use std::io::Write;

use crate::cli::DiscoverArgs;
use crate::environment::Environment;
use crate::error::CliResult;
use crate::exit::ExitStatus;
use crate::net;
use crate::probe::discovery::{candidates, survey_all, Found};
use crate::render::{paint, BOLD, DIM, OK};

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
    let answering: Vec<&Found> = found.iter().filter(|f| f.survey.answering).collect();
    for f in &answering {
        let via: Vec<String> = f
            .candidate
            .providers
            .iter()
            .map(|(p, v)| format!("{p} ({v})"))
            .collect();
        writeln!(
            out,
            "{} {}  {}  {}",
            paint(OK, "●"),
            paint(BOLD, &f.survey.api_base),
            f.survey
                .server
                .as_deref()
                .unwrap_or("OpenAI-compatible server"),
            paint(DIM, format!("for {}", via.join(", ")))
        )?;
        if let Some(e) = &f.survey.error {
            writeln!(
                out,
                "    {}",
                paint(DIM, format!("{}: {}", e.code, e.message))
            )?;
        }
        if f.model_ids.is_empty() && f.survey.error.is_none() {
            writeln!(out, "    {}", paint(DIM, "no models loaded"))?;
        }
        for id in &f.model_ids {
            writeln!(out, "    {id}")?;
        }
        if let Some(s) = &f.suggestion {
            writeln!(out, "    {}", paint(DIM, s))?;
        }
    }
    let silent: Vec<&str> = found
        .iter()
        .filter(|f| !f.survey.answering)
        .map(|f| f.survey.api_base.as_str())
        .collect();
    if !silent.is_empty() {
        writeln!(
            out,
            "{}",
            paint(DIM, format!("no answer: {}", silent.join(", ")))
        )?;
    }
    writeln!(
        out,
        "{}",
        paint(
            DIM,
            format!(
                "{} of {} checked in {:.0} ms",
                answering.len(),
                found.len(),
                total_ms
            )
        )
    )?;
    Ok(ExitStatus::Success)
}
